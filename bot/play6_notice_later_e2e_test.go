package main

import (
	"strings"
	"testing"
)

// Played as the users play (sixth round): a head wants her notice to go
// out tomorrow morning.

// TestPlay6HeadAsksForANoticeAtSevenTomorrow: "gui thong bao luc 7h sang
// mai: mai hop chi hoi" was previewed with «Gửi» as the notice "luc 7h
// sang mai: mai hop chi hoi", to go out at once (at night, and "mai" then
// the wrong day), and "hen gio gui thong bao 7h sang mai: …" was recorded
// as a question Loa could not answer. Loa cannot send later: it says so,
// drafts nothing, and nobody is messaged. A notice whose text has a time
// in it ("Họp chi hội lúc 7h sáng mai tại nhà văn hoá") is still a notice.
func TestPlay6HeadAsksForANoticeAtSevenTomorrow(t *testing.T) {
	t.Parallel()
	r, _ := telegramRig(t)
	w := startCommuneWorld(t, r)
	for _, text := range []string{
		"gui thong bao luc 7h sang mai: mai hop chi hoi tai nha van hoa",
		"hen gio gui thong bao 7h sang mai: hop chi hoi tai nha van hoa",
		"/thongbao hẹn 7h sáng mai gửi: họp chi hội tại nhà văn hoá",
		"len lich thong bao 7h sang mai",
	} {
		got := strings.Join(w.head11.say(text, 1), "\n")
		contains(t, text, got, "chưa hẹn giờ gửi được", "chưa gửi gì")
		if c := w.head11.m.Choices(); len(c) > 0 {
			t.Fatalf("%q: offered %q", text, c)
		}
	}
	got := strings.Join(w.head11.say("/thongbao Họp chi hội lúc 7h sáng mai tại nhà văn hoá", 2), "\n")
	contains(t, "a notice with a time in it", got, "Họp chi hội lúc 7h sáng mai tại nhà văn hoá", "Gửi")
}

// TestPlay6HeadTypesGuiDiAtThePreview: at the notice's preview the head
// typed "gửi đi" instead of pressing «Gửi»: Loa answered that it had no
// answer to the question (on Zalo with the topics' list, so "1" then meant
// a topic, not «Gửi»), and nothing was sent while she thought it was. Her
// words pick the preview's choice: "gửi đi" sends it, "thôi ko gửi" drops it.
func TestPlay6HeadTypesGuiDiAtThePreview(t *testing.T) {
	t.Parallel()
	for _, rig := range rigs(t)[:2] {
		t.Run("", func(t *testing.T) {
			t.Parallel()
			r := rig(t)
			t.Run(r.name, func(t *testing.T) {
				w := startCommuneWorld(t, r)
				w.head11.say("/thongbao Mai 7h họp chi hội tại nhà văn hoá", 2)
				got := strings.Join(w.head11.say("ok gửi đi em", 1), "\n")
				if strings.Contains(got, "chưa có câu trả lời") {
					t.Fatalf("the choice taken as a question:\n%s", got)
				}
				contains(t, "sent", w.lan.read(1)[0], "Mai 7h họp chi hội tại nhà văn hoá")

				w.head12.say("/thongbao Nháp thử", 2)
				contains(t, "dropped", w.head12.say("thoi ko gui", 1)[0], "huỷ bản nháp")
			})
		})
	}
}
