package main

import (
	"testing"

	"loa/bot/webchat/browsertest"
)

// TestWebChatInARealBrowser starts the whole program with no platform token
// (the web chat is the default transport) and talks to it from headless
// Chromium on a phone-sized screen: load the page, ask, press a button.
func TestWebChatInARealBrowser(t *testing.T) {
	p := startProgram(t, nil)
	b := browsertest.New(t)
	b.Open("http://" + p.addr + "/")
	b.WaitForText("Loa") // the greeting shows on the first visit

	b.Ask("lam vneid muc 2 o dau vay c")
	b.WaitForText("Công an xã")

	b.ClickButton("📚 Chủ đề khác")
	b.WaitForText("Chị chọn chủ đề")

	b.ClickButton("Gia đình 5 không 3 sạch")
	b.WaitForText("Các câu hỏi về")

	b.Ask("ck e dang danh e")
	b.WaitForText("113")
}
