package main

import (
	"testing"

	"loa/bot/webchat/browsertest"
)

// TestWebChatInARealBrowser starts the whole program with no platform token
// (the web chat is the default transport) and talks to it from headless
// Chromium on a phone-sized screen: load the page, ask, press a button.
func TestWebChatInARealBrowser(t *testing.T) {
	t.Parallel()
	p := startProgram(t, nil)
	b := browsertest.New(t)
	b.Open("http://" + p.addr + "/")
	b.WaitForText("Loa") // the greeting shows on the first visit

	// The real greeting, its first five topics and "Xem thêm" fit a 360×640
	// screen; the other topics wait behind "Xem thêm".
	var first struct {
		GreetingInView bool   `json:"greetingInView"`
		FirstInView    bool   `json:"firstInView"`
		AllInView      bool   `json:"allInView"`
		Visible        int    `json:"visible"`
		More           string `json:"more"`
		Calls          int    `json:"calls"`
	}
	b.Eval(`(() => {
		const log = document.getElementById('log').getBoundingClientRect();
		const inView = (el) => { const r = el.getBoundingClientRect(); return r.top >= log.top && r.bottom <= Math.min(log.bottom, innerHeight); };
		const greeting = document.querySelector('#log .msg.bot');
		const visible = [...greeting.querySelectorAll('.choice')].filter((b) => b.getClientRects().length > 0);
		const more = greeting.querySelector('.more');
		return {greetingInView: inView(greeting.querySelector('.text')), firstInView: visible.length > 0 && inView(visible[0]),
			allInView: visible.every(inView) && !!more && inView(more),
			visible: visible.length, more: more ? more.textContent : '', calls: greeting.querySelectorAll('a[href^="tel:11"]').length};
	})()`, &first)
	if !first.GreetingInView || !first.FirstInView || !first.AllInView || first.Visible != 5 || first.More == "" || first.Calls == 0 {
		t.Errorf("first screen at 360x640 = %+v", first)
	}

	b.Ask("lam vneid muc 2 o dau vay c")
	b.WaitForText("Công an xã")
	// The answer is shown from its first line, and its source is a link.
	var answer struct {
		Top     float64 `json:"top"`
		LogTop  float64 `json:"logTop"`
		Sources int     `json:"sources"`
	}
	b.Eval(`(() => {
		const p = [...document.querySelectorAll('#log .msg.bot .text')].pop();
		return {top: p.getBoundingClientRect().top, logTop: document.getElementById('log').getBoundingClientRect().top,
			sources: p.querySelectorAll('a[href^="http"][target="_blank"][rel="noopener"]').length};
	})()`, &answer)
	if answer.Top < answer.LogTop || answer.Top > answer.LogTop+40 || answer.Sources == 0 {
		t.Errorf("answer on screen = %+v, want its first line at the top and its source as a link", answer)
	}

	b.ClickButton("📚 Chủ đề khác")
	b.WaitForText("Chị chọn chủ đề")

	b.ClickButton("Gia đình 5 không 3 sạch")
	b.WaitForText("Các câu hỏi về")

	b.Ask("ck e dang danh e")
	b.WaitForText("113")
	var calls int
	b.Eval(`document.querySelectorAll('#log .msg.bot a[href="tel:113"]').length`, &calls)
	if calls < 2 { // the greeting's and the emergency answer's
		t.Errorf("%d call links to 113 on the page, want the emergency answer's too", calls)
	}
}
