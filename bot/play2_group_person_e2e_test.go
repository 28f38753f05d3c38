package main

import (
	"context"
	"testing"
	"time"

	"loa/chat"
	"loa/internal/testkit"
	"loa/store"
)

// Played as the users play (second round): typed on a phone, without diacritics.

// TestPlay2AskForPersonInGroup: "cho e gap can bo" in the branch's group got
// "Loa chưa có câu trả lời… đã ghi lại" and went nowhere. The group gets the
// link to the private chat, and there her question goes to the branch.
func TestPlay2AskForPersonInGroup(t *testing.T) {
	t.Parallel()
	srv, p := telegramGroupBot(t)
	ctx := context.Background()
	const group, lan, head = int64(-4001234570), int64(7_000_000_401), int64(7_000_000_402)
	srv.AddChat(group, "Nhóm Chi hội Ấp 1")
	srv.AddChat(lan, "Chị Lan")
	srv.AddChat(head, "Chị Hoa")
	if _, err := p.st.Register(ctx, store.Member{Platform: chat.Telegram, UserID: "7000000401", Name: "Chị Lan", Unit: "B11", Consent: time.Now(), Active: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := p.st.Grant(ctx, chat.Telegram, "7000000402", store.RoleHead, "B11"); err != nil {
		t.Fatal(err)
	}
	srv.UserSaysInGroup(group, lan, "Chị Lan", "cho e gap can bo")
	msgs, err := srv.WaitForMessages(testkit.WaitCtx(t), group, 1)
	if err != nil {
		t.Fatal(err)
	}
	contains(t, "link in the group", msgs[0].Text, "tin nhắn riêng", "https://t.me/hoi_phu_nu_dn_bot?start=c_hoicanbo")

	srv.UserSays(lan, "Chị Lan", "/start c_hoicanbo")
	private, err := srv.WaitForMessages(testkit.WaitCtx(t), lan, 1)
	if err != nil {
		t.Fatal(err)
	}
	contains(t, "asked in private", private[0].Text, "muốn hỏi cán bộ Hội điều gì")
	srv.UserSays(lan, "Chị Lan", "nha em bi ngap muon xin ho tro")
	private, err = srv.WaitForMessages(testkit.WaitCtx(t), lan, 2)
	if err != nil {
		t.Fatal(err)
	}
	contains(t, "passed on", private[1].Text, "đã chuyển câu hỏi của chị", "Chi hội Ấp 1")
	srv.UserSays(head, "Chị Hoa", "/cauhoi")
	list, err := srv.WaitForMessages(testkit.WaitCtx(t), head, 2)
	if err != nil {
		t.Fatal(err)
	}
	contains(t, "the head sees it", list[1].Text, "nha em bi ngap muon xin ho tro")
}
