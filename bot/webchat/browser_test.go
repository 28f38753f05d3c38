package webchat_test

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"

	"loa/bot/webchat"
	"loa/bot/webchat/browsertest"
	"loa/chat"
)

// TestBrowserConversation holds a whole conversation in a real headless
// Chromium on a phone-sized screen: greeting, a question, a button, a
// message full of markup, a pushed notice and its edit, a file, a reload.
func TestBrowserConversation(t *testing.T) {
	t.Parallel()
	router := newFakeRouter()
	wc := webchat.New(router, nil)
	srv := httptest.NewServer(wc)
	t.Cleanup(srv.Close)
	t.Cleanup(wc.Close)

	b := browsertest.New(t)
	b.Open(srv.URL)

	// A new visitor is greeted with buttons.
	b.WaitForText("Chào bạn! Loa là trợ lý thử nghiệm.")

	// The page fits a 360 px phone and a 320 px one without sideways scrolling,
	// and its controls are big enough to touch.
	var layout struct {
		ScrollWidth int     `json:"scrollWidth"`
		SendHeight  float64 `json:"sendHeight"`
		InputBottom float64 `json:"inputBottom"`
		Label       bool    `json:"label"`
		Live        string  `json:"live"`
	}
	measure := `({
		scrollWidth: document.documentElement.scrollWidth,
		sendHeight: document.getElementById('send').getBoundingClientRect().height,
		inputBottom: document.getElementById('q').getBoundingClientRect().bottom,
		label: document.querySelector('label[for=q]') !== null,
		live: document.getElementById('log').getAttribute('aria-live'),
	})`
	b.Eval(measure, &layout)
	if layout.ScrollWidth > browsertest.PhoneWidth || layout.SendHeight < 44 || layout.InputBottom > browsertest.PhoneHeight || !layout.Label || layout.Live != "polite" {
		t.Errorf("layout at 360x640 = %+v", layout)
	}

	b.Ask("5k3s la gi")
	b.WaitForText("Loa đã nhận câu hỏi:\n5k3s la gi")
	// Line breaks are kept on screen.
	var keepsBreaks bool
	b.Eval(`[...document.querySelectorAll('#log .msg.bot .text')].some((p) => p.textContent.includes('\n') && getComputedStyle(p).whiteSpace === 'pre-wrap' && p.getClientRects()[0].height > 1.5 * parseFloat(getComputedStyle(p).lineHeight))`, &keepsBreaks)
	if !keepsBreaks {
		t.Error("a two-line answer is not shown on two lines")
	}

	b.ClickButton("Hỏi về VNeID")
	b.WaitForText("Câu trả lời thử về VNeID.")
	last := router.all()[len(router.all())-1]
	if last.Data != "faq:vneid" || last.Platform != chat.Web || last.ChatID == "" || last.MessageID == "" {
		t.Errorf("the click reached the handler as %+v", last)
	}
	session := last.ChatID // the chat id: the session id itself never leaves the web chat
	var secretSession string
	b.Eval(`localStorage.getItem('loa.session')`, &secretSession)
	if secretSession == "" || secretSession == session || webchat.ChatID(secretSession) != session {
		t.Errorf("the handler saw chat id %q for the page's session %q", session, secretSession)
	}

	// Markup in a message is shown as text and never runs.
	b.Ask("xss")
	b.WaitForText(`<script>window.pwned=1</script><img src=x onerror="window.pwned=2"> <b>đậm</b>`)
	var xss struct {
		Elements int  `json:"elements"`
		Pwned    bool `json:"pwned"`
	}
	b.Eval(`({elements: document.querySelectorAll('#log script, #log img, #log b').length, pwned: window.pwned !== undefined})`, &xss)
	if xss.Elements != 0 || xss.Pwned {
		t.Errorf("markup in a message became page content: %+v", xss)
	}

	// A notice pushed by the delivery engine appears, and its edit replaces it.
	id, err := wc.Send(context.Background(), session, chat.Reply{Text: "Đang gửi thông báo: 0/120"})
	if err != nil {
		t.Fatalf("Send to the open page: %v", err)
	}
	b.WaitForText("Đang gửi thông báo: 0/120")
	if _, err := wc.Send(context.Background(), session, chat.Reply{Text: "Đã gửi xong: 120/120", EditMessageID: id}); err != nil {
		t.Fatal(err)
	}
	b.WaitForText("Đã gửi xong: 120/120")
	for _, m := range b.BotMessages() {
		if strings.Contains(m, "0/120") && !strings.Contains(m, "120/120") {
			t.Errorf("the edited message is still on the page: %q", m)
		}
	}

	// A file comes as a download link.
	b.Ask("gửi tệp giúp tôi")
	b.WaitForText("Tệp của bạn đây.")
	var link struct {
		Href     string `json:"href"`
		Download string `json:"download"`
		Text     string `json:"text"`
	}
	b.Eval(`(() => { const a = [...document.querySelectorAll('#log a.file')].pop(); return a ? {href: a.getAttribute('href'), download: a.download, text: a.textContent} : {}; })()`, &link)
	if !strings.HasPrefix(link.Href, "/api/file/") || link.Download != "bao-cao.xlsx" || !strings.Contains(link.Text, "bao-cao.xlsx") {
		t.Errorf("file link = %+v", link)
	}

	// Reloading the page brings the conversation back, in the same session.
	b.Open(srv.URL)
	b.WaitForText("Câu trả lời thử về VNeID.")
	b.WaitForText("Đã gửi xong: 120/120")
	var sameSession string
	b.Eval(`localStorage.getItem('loa.session')`, &sameSession)
	if sameSession != secretSession {
		t.Errorf("session after reload = %q, want %q", sameSession, secretSession)
	}
	for _, u := range router.all() {
		if u.Text == "/start" && u.Time.After(last.Time) {
			t.Error("a returning visitor was greeted again")
		}
	}

	// The smallest phones still fit.
	b.Viewport(320, 568)
	b.Eval(measure, &layout)
	if layout.ScrollWidth > 320 || layout.InputBottom > 568 {
		t.Errorf("layout at 320x568 = %+v", layout)
	}
}
