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

// TestRolesInChat: what a head, a staff member and a plain member may do,
// the way they do it on Telegram, and names with HTML, control characters
// and 10,000 characters shown safely.
func TestRolesInChat(t *testing.T) {
	t.Parallel()
	srv := telegramtest.New(t)
	p := startProgram(t, map[string]string{"TELEGRAM_BOT_TOKEN": srv.Token(), "TELEGRAM_API_BASE": srv.URL(), "LOA_WEBCHAT": "off"}, srv.Token())
	st := store.New(p.redis.Client())
	ctx := context.Background()
	testkit.SeedUnits(t, st, noticeTreeCSV+"XB,Xã Xuân Bắc,DN,commune\nC1,Chi hội Ấp 5,XB,branch\n")
	newMember := func(chatID int64, name string) *telegramMember {
		srv.AddChat(chatID, name)
		return &telegramMember{t: t, srv: srv, chat: chatID, name: name}
	}
	head := newMember(101, "Chị Hoa")
	staff := newMember(102, "Chị Mai")
	member := newMember(103, "Chị Lan")
	if _, err := st.Grant(ctx, chat.Telegram, head.ID(), store.RoleHead, "B1"); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Grant(ctx, chat.Telegram, staff.ID(), store.RoleStaff, "XA"); err != nil {
		t.Fatal(err)
	}

	t.Run("help shows each person only her commands", func(t *testing.T) {
		member.Say("/help")
		m := member.Replies(1)[0]
		head.Say("/help")
		h := head.Replies(1)[0]
		staff.Say("/help")
		s := staff.Replies(1)[0]
		if strings.Contains(m, "/moi") || strings.Contains(m, "/thongbao") {
			t.Fatalf("a member sees privileged commands:\n%s", m)
		}
		contains(t, "head's help", h, "/moi", "/thongbao")
		contains(t, "staff's help", s, "/moi", "/thongbao", "/thongke")
	})

	t.Run("a head gets her branch's join code and a QR code", func(t *testing.T) {
		head.Say("/moi")
		msgs, err := srv.WaitForMessages(testkit.WaitCtx(t), head.chat, 3)
		if err != nil {
			t.Fatal(err)
		}
		contains(t, "invite", msgs[1].Text, "Chi hội Ấp 1", "/dangky", "https://t.me/loa_test_bot?start=")
		if f := msgs[2].File; f == nil || !f.Photo || f.Width < 100 {
			t.Fatalf("want a QR code picture, got %+v", msgs[2])
		}
		// The same code every time, so printed QR codes stay valid.
		head.Say("/moi")
		again, _ := srv.WaitForMessages(testkit.WaitCtx(t), head.chat, 5)
		code := func(s string) string { _, after, _ := strings.Cut(s, "/dangky "); return strings.Fields(after)[0] }
		if code(msgs[1].Text) != code(again[3].Text) {
			t.Fatalf("a second /moi gave another code")
		}
		// And it works: a member joins with it.
		newcomer := newMember(150, "Chị Tư")
		newcomer.Say("/start " + code(msgs[1].Text))
		newcomer.Replies(1)
		newcomer.Press("Đồng ý")
		contains(t, "joined", newcomer.Replies(2)[1], "Chi hội Ấp 1")
	})

	t.Run("staff invite a head inside their subtree only", func(t *testing.T) {
		staff.Say("/moi truongchihoi B2")
		r := staff.Replies(3) // help, invite text, QR
		contains(t, "head invite", r[1], "chi hội trưởng", "Chi hội Ấp 2", "dùng 1 lần")
		staff.Say("/moi truongchihoi C1")
		contains(t, "outside the subtree", staff.Replies(4)[3], "chưa có quyền")
		// Her own commune: a "head" of XA would see and notify all of XA,
		// her own scope; staff appoint only strictly below their unit.
		staff.Say("/moi truongchihoi XA")
		contains(t, "a peer of her own unit", staff.Replies(5)[4], "chưa có quyền")
		head.Say("/moi truongchihoi B1")
		contains(t, "a head cannot invite heads", last(head.Replies(6)), "chưa có quyền")
		member.Say("/moi")
		contains(t, "a member cannot invite", member.Replies(2)[1], "/moi")
	})

	t.Run("hostile names are cut, cleaned and shown as text", func(t *testing.T) {
		code, err := st.CreateInvite(ctx, store.NewInvite{Kind: store.InviteMember, Unit: "B1", TTL: time.Hour})
		if err != nil {
			t.Fatal(err)
		}
		name := "<b>Chị</b> & <script>x</script>\x07\x1b" + strings.Repeat("Hằng", 2500)
		m := newMember(160, name)
		m.Say("/dangky " + code.Code)
		m.Replies(1)
		m.Press("Đồng ý")
		m.Replies(2)
		m.Say("/toi")
		me := m.Replies(3)[2]
		contains(t, "name shown literally", me, "<b>Chị</b> & <script>")
		if strings.ContainsAny(me, "\x07\x1b") || len([]rune(me)) > 1000 {
			t.Fatalf("the name was not cleaned or cut: %d runes", len([]rune(me)))
		}
	})
}
