package main

import (
	"testing"

	"loa/content"
)

// TestWebChatTypedNumberPicksTheOpenChoice plays a member on the web chat
// (helper playmember14 found it): Loa asks back "Chị muốn hỏi điều nào…"
// and she types the number instead of tapping. Before, "2" got "Lựa chọn
// này đã đóng rồi" with the choice still on her screen.
func TestWebChatTypedNumberPicksTheOpenChoice(t *testing.T) {
	t.Parallel()
	p := startBinary(t, map[string]string{"LOA_HTTP_ADDR": freeAddr(t), "LOA_DATA_DIR": t.TempDir()})
	lib, err := content.NewLibrary("")
	if err != nil {
		t.Fatal(err)
	}
	a := lib.KB().Ask(clarifyingQuestion)
	if len(a.Clarify) < 2 {
		t.Fatalf("%q no longer asks back between two entries; pick another example", clarifyingQuestion)
	}
	chat := newWebChat(t, p.addr)
	contains(t, "asks back", chat.ask(clarifyingQuestion), "điều nào")
	contains(t, "typed 2", chat.ask("2"), answerStart(a.Clarify[1]))
	contains(t, "typed cai dau tien", chat.ask("cai dau tien"), answerStart(a.Clarify[0]))

	// A number with nothing offered keeps today's answer.
	other := newWebChat(t, p.addr)
	contains(t, "nothing offered", other.ask("2"), "Lựa chọn này đã đóng rồi")
}
