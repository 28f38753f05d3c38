package main

import (
	"context"
	"strings"
	"testing"
)

// Played as the users play (issue 11): typed on a phone, without diacritics.

// TestPlayMemberStopsAndResumesPostsInPlainWords: "dung gui", "gui lai",
// "ko mun nhan tb nua" are a member asking for fewer or more messages, not
// questions for the knowledge base; "đừng gửi tiền cho người lạ" still is.
func TestPlayMemberStopsAndResumesPostsInPlainWords(t *testing.T) {
	t.Parallel()
	r, _ := telegramRig(t)
	w := startCommuneWorld(t, r)
	for _, s := range []struct {
		text, want string
		muted      bool
	}{
		{"dung gui", "đã tắt tin tuyên truyền", true},
		{"gui lai", "đã bật lại tin tuyên truyền", false},
		{"ko mun nhan tb nua a", "đã tắt tin tuyên truyền", true},
		{"Bat thong bao lai cho e", "đã bật lại tin tuyên truyền", false},
		{"tắt thông báo giúp em nhé", "đã tắt tin tuyên truyền", true},
		{"nhan lai tin", "đã bật lại tin tuyên truyền", false},
	} {
		got := w.lan.say(s.text, 1)[0]
		contains(t, s.text, got, s.want)
		if w.muted(t, w.lan) != s.muted {
			t.Fatalf("after %q muted=%v, want %v", s.text, !s.muted, s.muted)
		}
	}
	got := w.lan.say("dung gui tien cho nguoi la qua dien thoai", 1)[0]
	if strings.Contains(got, "tin tuyên truyền") || w.muted(t, w.lan) {
		t.Fatalf("a question about sending money was taken as a setting:\n%s", got)
	}
}

// TestPlayMemberAsksToEraseInPlainWords: "xoa du lieu cua toi" must reach
// the erasure question, not an answer about VNeID.
func TestPlayMemberAsksToEraseInPlainWords(t *testing.T) {
	t.Parallel()
	r, _ := telegramRig(t)
	w := startCommuneWorld(t, r)
	for _, text := range []string{"xoa du lieu cua toi", "xoa thong tin cua em di", "Xoá hết dữ liệu của tôi"} {
		got := w.lan.say(text, 1)[0]
		contains(t, text, got, "xoá toàn bộ thông tin Loa lưu về chị")
		if ch := strings.Join(w.lan.m.Choices(), "|"); !strings.Contains(ch, "Xoá dữ liệu") || !strings.Contains(ch, "Giữ lại") {
			t.Fatalf("%q: choices %q", text, ch)
		}
	}
	contains(t, "erased", w.lan.press("Xoá dữ liệu", 1)[0], "đã xoá")
	if _, err := w.st.Member(context.Background(), r.name, w.lan.m.ID()); err == nil {
		t.Fatal("still a member after erasing")
	}
}
