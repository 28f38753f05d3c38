package main

import (
	"strings"
	"testing"
	"time"
)

// Played as the users play (fifth round): pictures, stickers and voice
// notes, one rule on every platform.

// sendPhoto sends a picture without words from c, as her platform sends
// one: the sign-in sheet a head photographs after the meeting.
func sendPhoto(t *testing.T, c *talker) {
	t.Helper()
	switch m := c.m.(type) {
	case *telegramMember:
		tgMedia(m.srv, m.chat, m.chat, m.name, "photo")
	case *zaloMember:
		m.srv.UserSendsImage(m.chat, m.name, "https://example.com/so-diem-danh.jpg", "")
	case *oaMember:
		if p := m.srv.UserSendsImage(m.user); p.Status != 200 {
			t.Fatalf("zalo-oa webhook answered %+v", p)
		}
	default:
		t.Fatalf("no photo for %T", c.m)
	}
}

// TestPlay5HeadSendsThePhotoOfTheSignInSheetOnEveryPlatform: a head on Zalo
// who sent the photo of her sign-in sheet got the Zalo adapter's own "Xin
// lỗi, Loa chỉ đọc được tin nhắn chữ. Chị nhắn bằng chữ giúp Loa nhé.",
// while on Telegram she is told nothing was recorded and to type the
// count. One rule now: on Telegram, the Zalo Bot Platform and the Zalo OA
// she gets the same text; while Loa waits for her figure, the same
// "type the number" text; the same note is not repeated within 10 minutes
// (a second photo of the sheet gets no second note), and a member's
// sticker gets the plain "only words" note.
func TestPlay5HeadSendsThePhotoOfTheSignInSheetOnEveryPlatform(t *testing.T) {
	t.Parallel()
	for _, platform := range []string{"telegram", "zalo", "zalooa"} {
		t.Run(platform, func(t *testing.T) {
			t.Parallel()
			var r platformRig
			switch platform {
			case "telegram":
				r, _ = telegramRig(t)
			case "zalo":
				r, _ = zaloRig(t)
			default:
				r, _ = oaRig(t)
			}
			w := startCommuneWorld(t, r)
			w.meetingLastNight(t, "B11")

			sendPhoto(t, w.head11)
			got := w.head11.read(1)[0]
			contains(t, "photo of the sheet", got, "chỉ đọc được tin nhắn chữ", "chưa ghi gì", "danh sách điểm danh", "/baocao")

			// A second photo at once (the sheet's other page): no second note.
			// Her chat's messages are handled in order, so the greeting's
			// answer comes after whatever the photo brings.
			sendPhoto(t, w.head11)
			got = w.head11.say("/help", 1)[0]
			if strings.Contains(got, "chỉ đọc được") {
				t.Fatalf("the note repeated for the second photo:\n%s", got)
			}

			// While Loa waits for her figure, a photo is answered with what
			// the step needs (another text, so not held back).
			contains(t, "asked to pick", w.head11.say("/baocao", 1)[0], "chọn sự kiện")
			w.head11.press(eventChoice(t, w.head11, "Họp chi hội"), 1)
			sendPhoto(t, w.head11)
			contains(t, "photo while the figure is awaited", w.head11.read(1)[0], "chưa xem được ảnh", "số người dự")
			contains(t, "the figure still answers the step", w.head11.say("23", 1)[0], "23 người")

			// A member's sticker-like picture: the plain note.
			sendPhoto(t, w.lan)
			contains(t, "member's photo", w.lan.read(1)[0], "chỉ đọc được tin nhắn chữ", "gõ câu hỏi")
			time.Sleep(300 * time.Millisecond)
			if n := len(w.lan.m.Replies(w.lan.seen)); n != w.lan.seen {
				t.Fatalf("member got %d messages, want %d", n, w.lan.seen)
			}
		})
	}
}
