package handlers

import (
	"testing"

	"loa/chat"
)

// TestCalledByName: in a branch's group Loa takes as hers only the words
// that call her; the loudspeaker ("loa phường") and the members' talk are
// not for her.
func TestCalledByName(t *testing.T) {
	for text, want := range map[string]bool{
		"Loa ơi 5 không 3 sạch là gì":            true,
		"loa oi vay von bao nhieu":               true,
		"Loa, cho em hỏi vay vốn":                true,
		"xin chao Loa":                           true,
		"cho em hỏi cái này với Loa ơi":          true,
		"Chị Mai ơi mai mấy giờ họp vậy chị?":    false,
		"dạ em cảm ơn chị":                       false,
		"sáng nay loa phường thông báo cắt điện": false,
		"loa phường nói mai tiêm phòng":          false,
		"nhà em mới mua cái loa kẹo kéo":         false,
		"loa":                                    true,
	} {
		if got := calledByName(text); got != want {
			t.Errorf("calledByName(%q) = %v, want %v", text, got, want)
		}
	}
	if !calledInGroup(chat.Update{Text: "ok"}) {
		t.Error("a private message is always said to Loa")
	}
	if !calledInGroup(chat.Update{Group: true, Addressed: true, Text: "ok"}) {
		t.Error("an @mention or a reply to Loa is said to her")
	}
	if calledInGroup(chat.Update{Group: true, Text: "ok"}) {
		t.Error("\"ok\" in a group is the members' own")
	}
	for text, want := range map[string]string{
		"Loa ơi, mã của em là ABCD": "mã của em là ABCD",
		"loa oi thong ke":           "thong ke",
		"Loa, đăng ký ABCD":         "đăng ký ABCD",
		"loa phường nói":            "loa phường nói",
		"mã của em là ABCD":         "mã của em là ABCD",
	} {
		if got := withoutCall(text); got != want {
			t.Errorf("withoutCall(%q) = %q, want %q", text, got, want)
		}
	}
}
