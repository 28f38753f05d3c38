package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"loa/bot/telegram/telegramtest"
	"loa/chat"
	"loa/internal/testkit"
	"loa/store"
)

// TestGroupChatKeepsPrivateThingsPrivate: in a Telegram group (chat type
// "group", several people), whatever is personal or privileged is answered
// only in private: the group sees a short note with a t.me deep link (the
// bot's username learned from getMe), and following it runs the command in
// the private chat. Questions said to Loa are still answered in the group.
func TestGroupChatKeepsPrivateThingsPrivate(t *testing.T) {
	t.Parallel()
	srv := telegramtest.NewWithOptions(t, telegramtest.Options{BotUserName: "hoi_phu_nu_dn_bot"})
	p := startProgram(t, map[string]string{"TELEGRAM_BOT_TOKEN": srv.Token(), "TELEGRAM_API_BASE": srv.URL(), "LOA_WEBCHAT": "off"}, srv.Token())
	st := store.New(p.redis.Client())
	ctx := context.Background()
	testkit.SeedUnits(t, st, noticeTreeCSV)
	const group = int64(-4001234567)
	srv.AddChat(group, "Nhóm Chi hội Ấp 1")
	type person struct {
		id   int64
		name string
	}
	lan, mai, hoa, tu := person{301, "Chị Lan"}, person{302, "Chị Mai"}, person{303, "Chị Hoa"}, person{304, "Chị Tư"}
	for _, who := range []person{lan, mai, hoa, tu} {
		srv.AddChat(who.id, who.name)
	}
	if _, err := st.Register(ctx, store.Member{Platform: chat.Telegram, UserID: "301", Name: lan.name, Unit: "B1", Consent: time.Now(), Active: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Grant(ctx, chat.Telegram, "302", store.RoleStaff, "XA"); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Grant(ctx, chat.Telegram, "303", store.RoleHead, "B1"); err != nil {
		t.Fatal(err)
	}
	invite, err := st.CreateInvite(ctx, store.NewInvite{Kind: store.InviteMember, Unit: "B1", TTL: time.Hour})
	if err != nil {
		t.Fatal(err)
	}

	seen := 0 // group messages checked so far
	// inGroup has who write text in the group and returns the bot's one
	// answer there, after checking that nothing went anywhere else.
	inGroup := func(who person, text string) telegramtest.Message {
		t.Helper()
		before := len(srv.AllSent())
		srv.UserSaysInGroup(group, who.id, who.name, text)
		msgs, err := srv.WaitForMessages(testkit.WaitCtx(t), group, seen+1)
		if err != nil {
			t.Fatalf("%s in the group: %v", text, err)
		}
		seen++
		if n := len(srv.AllSent()); n != before+1 {
			t.Fatalf("%s in the group: the bot sent %d messages, want 1 (the note)", text, n-before)
		}
		return msgs[len(msgs)-1]
	}
	wantNote := func(m telegramtest.Message, link string, secrets ...string) {
		t.Helper()
		contains(t, "note in the group", m.Text, "tin nhắn riêng", "https://t.me/hoi_phu_nu_dn_bot"+link)
		if m.File != nil || len(m.Buttons) > 0 {
			t.Fatalf("the note carries a file or buttons: %+v", m)
		}
		for _, s := range secrets {
			if strings.Contains(m.Text, s) {
				t.Fatalf("the group saw %q:\n%s", s, m.Text)
			}
		}
	}

	t.Run("what Loa keeps about her", func(t *testing.T) {
		wantNote(inGroup(lan, "/toi@hoi_phu_nu_dn_bot"), "?start=c_toi", "301", "Tài khoản", "Đồng ý lưu")
		// The link opens the private chat with /start c_toi: /toi runs there.
		srv.UserSays(lan.id, lan.name, "/start c_toi")
		msgs, err := srv.WaitForMessages(testkit.WaitCtx(t), lan.id, 1)
		if err != nil {
			t.Fatal(err)
		}
		contains(t, "/toi in private", msgs[0].Text, "Thông tin Loa đang lưu về chị", "Telegram 301", "Chi hội Ấp 1")
	})

	t.Run("a head invite, statistics and exports", func(t *testing.T) {
		wantNote(inGroup(mai, "/moi truongchihoi B2"), "?start=c_moi", "/dangky", "dùng 1 lần")
		if list, err := st.ListInvites(ctx, "B2"); err != nil || len(list) != 0 {
			t.Fatalf("a head invite was created from the group: %v, %v", list, err)
		}
		wantNote(inGroup(mai, "/thongke"), "?start=c_thongke", "Xã Xuân An")
		wantNote(inGroup(mai, "/xuat"), "?start=c_xuat")
		wantNote(inGroup(hoa, "/moi"), "?start=c_moi", invite.Code)
	})

	t.Run("a head's notice", func(t *testing.T) {
		wantNote(inGroup(hoa, "/thongbao Chiều nay 14 giờ họp chi hội."), "?start=c_thongbao", "thành viên của")
		keys, err := p.redis.Client().Keys(ctx, "{loa:nt}:*").Result()
		if err != nil || len(keys) != 0 {
			t.Fatalf("a notice draft was made from the group: %v, %v", keys, err)
		}
	})

	t.Run("erasing and joining", func(t *testing.T) {
		wantNote(inGroup(lan, "/xoadulieu"), "?start=c_xoadulieu")
		if _, err := st.Member(ctx, chat.Telegram, "301"); err != nil {
			t.Fatalf("she is no longer a member: %v", err)
		}
		// A join code typed in the group leads to the consent question in
		// private, never in the group.
		wantNote(inGroup(tu, "/dangky "+invite.Code), "?start="+invite.Code, "Đồng ý", "Loa chỉ lưu")
		srv.UserSays(tu.id, tu.name, "/start "+invite.Code)
		msgs, err := srv.WaitForMessages(testkit.WaitCtx(t), tu.id, 1)
		if err != nil {
			t.Fatal(err)
		}
		contains(t, "consent in private", msgs[0].Text, "Loa chỉ lưu", "Chi hội Ấp 1")
		srv.PressButtonText(tu.id, "Đồng ý")
		msgs, err = srv.WaitForMessages(testkit.WaitCtx(t), tu.id, 2)
		if err != nil {
			t.Fatal(err)
		}
		contains(t, "joined in private", msgs[1].Text, "Chào mừng chị")
	})

	t.Run("help in the group shows no one's roles", func(t *testing.T) {
		help := inGroup(hoa, "/help")
		if strings.Contains(help.Text, "/thongbao") || strings.Contains(help.Text, "/moi") {
			t.Fatalf("the group learned she is a head:\n%s", help.Text)
		}
	})

	t.Run("questions said to Loa are answered in the group", func(t *testing.T) {
		// Said to Loa: the members' own talk gets nothing
		// (TestPlaygroup15MembersTalkingAmongThemselvesGetNoAnswer).
		answer := inGroup(tu, "Loa ơi 5 không 3 sạch là gì")
		contains(t, "answer in the group", answer.Text, "5 không")
	})
}
