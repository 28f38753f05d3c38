package main

import (
	"context"
	"fmt"
	"testing"
	"time"

	"loa/bot/webchat"
	"loa/chat"
	"loa/store"
)

// TestReachabilityE2E: "blocked" is not for ever, and a closed web chat
// page is not "blocked". A Telegram member who blocked the bot is left out
// of notices until she writes again (which she can only do after
// unblocking it); a web member whose session is gone (here: the bot never
// saw her page since it started) misses that notice but stays active.
func TestReachabilityE2E(t *testing.T) {
	t.Parallel()
	w := startNoticeWorld(t, 1, map[string]string{"LOA_WEBCHAT": "on"})
	ctx := context.Background()
	tgMember := &telegramMember{t: t, srv: w.tg, chat: w.tgChats[0], name: "Chị 0"}
	web := newWebChat(t, w.p.addr)
	webID := webchat.ChatID(web.session) // the id Loa knows her page by
	if _, err := w.st.Register(ctx, store.Member{Platform: chat.Web, UserID: webID, Name: "Chị Web", Unit: "B1", Consent: time.Now(), Active: true}); err != nil {
		t.Fatal(err)
	}
	active := func(platform, id string) bool {
		t.Helper()
		m, err := w.st.Member(ctx, platform, id)
		if err != nil {
			t.Fatalf("member %s:%s: %v", platform, id, err)
		}
		return m.Active
	}
	activeCount := func() int64 {
		t.Helper()
		c, err := w.st.CountMembers(ctx, "B1", false)
		if err != nil {
			t.Fatal(err)
		}
		return c.Active
	}
	send := func(text string, recipients int, summary string) {
		t.Helper()
		w.tgHead.Say("/thongbao " + text)
		w.waitHeadTelegram(fmt.Sprintf("%d thành viên của Chi hội Ấp 1", recipients), 10*time.Second)
		w.tgHead.Press("Gửi")
		w.waitHeadTelegram(summary, 30*time.Second)
	}

	w.tg.UserBlocksBot(tgMember.chat)
	waitUntil(t, 10*time.Second, "the member who blocked the bot marked inactive", func() bool {
		return !active(chat.Telegram, tgMember.ID())
	})
	if n := activeCount(); n != 2 {
		t.Fatalf("active members of B1 after the block: %d, want 2 (zalo, web)", n)
	}

	// The web member's page is not open: the notice cannot reach her, which
	// is counted as not sent, not as "blocked", and she stays active.
	send("Chiều nay 14 giờ họp chi hội.", 2, "Đã gửi xong thông báo tới Chi hội Ấp 1.\n• Đã nhận: 1/2")
	summary := w.waitHeadTelegram("Đã gửi xong thông báo tới Chi hội Ấp 1.\n• Đã nhận: 1/2", time.Second)
	contains(t, "summary", summary.Text, "Không gửi được: 1")
	if !active(chat.Web, webID) || activeCount() != 2 {
		t.Fatalf("a gone web session marked the member inactive (active count %d)", activeCount())
	}

	// She unblocks the bot and writes: she is active again, and the next
	// notice reaches her.
	tgMember.Say("Chào Loa")
	waitUntil(t, 10*time.Second, "the member who wrote again marked active", func() bool {
		return active(chat.Telegram, tgMember.ID())
	})
	if n := activeCount(); n != 3 {
		t.Fatalf("active members of B1 after she wrote: %d, want 3", n)
	}
	send("Nhắc lại: chiều nay 14 giờ họp chi hội.", 3, "Đã gửi xong thông báo tới Chi hội Ấp 1.\n• Đã nhận: 2/3")
	if got := countContaining(w.tgTexts(tgMember.chat), "Nhắc lại: chiều nay 14 giờ họp chi hội."); got != 1 {
		t.Fatalf("the reactivated member got the next notice %d times, want 1", got)
	}

	// The web member comes back to the page and writes: she is answered
	// and was never blocked.
	web.ask("Chào Loa")
	if !active(chat.Web, webID) {
		t.Fatal("the web member is not active after writing")
	}
}
