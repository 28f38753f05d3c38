package main

import (
	"regexp"
	"strings"
	"testing"
)

// TestWebChatSmallTalkIsTalk plays a visitor of the web chat who talks
// rather than asks (helper smalltalk18): thanks with what she does next, a
// complaint, a request to sing and a goodbye. Each gets a short reply of
// its own — never a hotline, never "Loa chưa có câu trả lời", never a
// count of unanswered questions — and the complaint offers a person. A
// question after a greeting is still answered. Before, the thanks, the
// complaint and the request fell back as unanswered questions, and the
// goodbye got a hotline line.
func TestWebChatSmallTalkIsTalk(t *testing.T) {
	t.Parallel()
	data := t.TempDir()
	p := startBinary(t, map[string]string{"LOA_HTTP_ADDR": freeAddr(t), "LOA_DATA_DIR": data})
	chat := newWebChat(t, p.addr)
	hotline := regexp.MustCompile(`\b(111|112|113|114|115)\b|1900`)
	for _, c := range []struct{ text, want string }{
		{"dạ cảm ơn chị nhiều, chiều nay em lên xã nộp đơn", "không có gì"},
		{"noi gi ma kho hieu qua vay", "xin lỗi"},
		{"loa oi hat 1 bai cho e nghe di", "không biết hát"},
		{"thoi khuya roi e di ngu day, bye c", "chào chị nhé"},
	} {
		got := chat.ask(c.text)
		contains(t, c.text, got, c.want)
		if hotline.MatchString(got) || strings.Contains(got, "chưa có câu trả lời") {
			t.Errorf("%q: small talk answered as a question or an emergency:\n%s", c.text, got)
		}
		if c.want == "xin lỗi" {
			chat.buttonData("💬 Hỏi cán bộ Hội") // the hand-off to a person
		}
	}
	if n := unansweredCount(t, unixRedis(t, data)); n != 0 {
		t.Errorf("small talk counted as %d unanswered questions", n)
	}
	contains(t, "question after a greeting", chat.ask("chào chị, cho em hỏi làm vneid mức 2 ở đâu"), "Công an")
}
