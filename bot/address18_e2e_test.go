package main

import (
	"strings"
	"testing"
)

// TestWebChatCallsHerAsSheCallsHerself plays, through the running program's
// web chat, the two messages that started task address18: an old woman who
// writes "bà hỏi … không cháu" was answered "nên chị hỏi lại chi hội
// trưởng", a man asking for his wife "Muốn vay, chị liên hệ". Now she is
// "bà" in that answer and in her next question, typed without saying so;
// he is "anh"; someone else on the web chat is still "chị".
func TestWebChatCallsHerAsSheCallsHerself(t *testing.T) {
	t.Parallel()
	p := startBinary(t, map[string]string{"LOA_HTTP_ADDR": freeAddr(t), "LOA_DATA_DIR": t.TempDir()})
	const next = "lam vneid muc 2 o dau" // a question with no tell

	old := newWebChat(t, p.addr)
	got := old.ask("Bà hỏi tí, bà 70 tuổi rồi có được vào hội không cháu")
	contains(t, "her question", got, "nên bà hỏi lại chi hội trưởng")
	if strings.Contains(got, "chị hỏi lại") {
		t.Fatalf("still chị:\n%s", got)
	}
	contains(t, "her next question", old.ask(next), "Bà đến Công an xã/phường")

	man := newWebChat(t, p.addr)
	contains(t, "a man", man.ask("tui hỏi cho bả vợ tui, bả muốn vay vốn nuôi heo thì làm sao"), "Muốn vay, anh liên hệ")

	other := newWebChat(t, p.addr)
	contains(t, "someone else", other.ask(next), "Chị đến Công an xã/phường")
}
