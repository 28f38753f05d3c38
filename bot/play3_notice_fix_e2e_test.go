package main

import (
	"strings"
	"testing"
)

// Played as the users play (third round): a head's notice with a typo.

// readUntil reads c's messages one at a time until one contains want
// (a notice's progress and its summary come in their own time).
func readUntil(t *testing.T, c *talker, want string) string {
	t.Helper()
	for i := 0; i < 6; i++ {
		if got := c.read(1)[0]; strings.Contains(got, want) {
			return got
		}
	}
	t.Fatalf("no message with %q", want)
	return ""
}

// TestPlay3HeadCorrectsHerNotice: "sua thong bao: mai 7h30 hop chi hoi"
// went to the knowledge base, "thong bao bi sai, 7h30 moi dung" drafted a
// notice reading "bi sai, 7h30 moi dung", "ai chua doc thong bao" too, and "thong bao
// cu" became a new notice reading "cu". The correction is a new notice
// that says so, previewed first; who has read is answered honestly with
// who has received; "thong bao cu" is the list.
func TestPlay3HeadCorrectsHerNotice(t *testing.T) {
	t.Parallel()
	r, _ := telegramRig(t)
	w := startCommuneWorld(t, r)

	w.head11.say("thong bao mai 8h hop chi hoi tai nha van hoa", 2)
	w.head11.press("Gửi", 1)
	contains(t, "the notice", w.lan.read(1)[0], "mai 8h hop chi hoi")
	readUntil(t, w.head11, "Cảm ơn chị")

	got := w.head11.say("sua thong bao: mai 7h30 hop chi hoi", 3)
	contains(t, "why a new notice", got[0], "không sửa được", "đính chính")
	contains(t, "the correction previewed", got[1], "Đính chính: mai 7h30 hop chi hoi")
	contains(t, "before sending", got[2], "«Gửi»")
	w.head11.press("Gửi", 1)
	contains(t, "the correction", w.lan.read(1)[0], "Đính chính: mai 7h30 hop chi hoi")
	readUntil(t, w.head11, "Cảm ơn chị")

	// "thông báo bị sai, …" is a correction too, never a notice reading "bị sai".
	got = w.head11.say("thong bao bi sai, 7h30 moi dung", 3)
	contains(t, "the typo said so", got[1], "Đính chính: 7h30 moi dung")
	if strings.Contains(got[1], "bi sai") {
		t.Fatalf("the complaint became the notice:\n%s", got[1])
	}
	contains(t, "dropped", w.head11.press("Huỷ", 1)[0], "không gửi gì")

	got1 := w.head11.say("ai chua doc thong bao", 1)[0]
	contains(t, "reads, honestly", got1, "chưa biết được ai đã đọc", "Đã nhận 1/1")
	got1 = w.head11.say("thong bao cu", 1)[0]
	contains(t, "the list", got1, "Các thông báo chị gửi gần đây", "Đính chính")
	if strings.Contains(got1, "📢 Thông báo từ") {
		t.Fatalf("a new notice drafted:\n%s", got1)
	}
}
