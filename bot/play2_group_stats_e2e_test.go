package main

import (
	"context"
	"testing"

	"loa/bot/delivery"
	"loa/chat"
	"loa/internal/testkit"
	"loa/store"
)

// Played as the users play (second round): typed on a phone, without diacritics.

// TestPlay2HeadAsksFiguresInGroup: a head typing "thong ke" or "bao cao" in
// the group got an answer from the knowledge base. She gets the link to
// the private chat, where these work; a member's same words, and a head's
// news for the group, stay words.
func TestPlay2HeadAsksFiguresInGroup(t *testing.T) {
	t.Parallel()
	srv, p := telegramGroupBot(t)
	const group, head, lan = int64(-4001234571), int64(7_000_000_501), int64(7_000_000_502)
	srv.AddChat(group, "Nhóm Chi hội Ấp 1")
	srv.AddChat(head, "Chị Hoa")
	srv.AddChat(lan, "Chị Lan")
	if _, err := p.st.Grant(context.Background(), chat.Telegram, "7000000501", store.RoleHead, "B11"); err != nil {
		t.Fatal(err)
	}
	seen := 0
	inGroup := func(who int64, text string) string {
		t.Helper()
		srv.UserSaysInGroup(group, who, "Chị", text)
		msgs, err := srv.WaitForMessages(testkit.WaitCtx(t), group, seen+1)
		if err != nil {
			t.Fatalf("%s: %v", text, err)
		}
		seen = len(msgs)
		return msgs[len(msgs)-1].Text
	}
	contains(t, "thong ke", inGroup(head, "thong ke"), "tin nhắn riêng", "https://t.me/hoi_phu_nu_dn_bot?start=c_thongke")
	contains(t, "bao cao", inGroup(head, "bao cao"), "tin nhắn riêng", "https://t.me/hoi_phu_nu_dn_bot?start=c_baocao")
	contains(t, "bao cao thang nay", inGroup(head, "bao cao thang nay"), "tin nhắn riêng", "?start=c_thongke")
	// A member's same words are hers to the group: no private-chat note
	// (nor anything else: TestPlaygroup15MembersTalkingAmongThemselvesGetNoAnswer).
	// A head's news for the group gets no answer at all:
	// TestPlay3HeadsNewsInTheGroupGetsNoAnswer.
	srv.UserSaysInGroup(group, lan, "Chị Lan", "thong ke")
	waitChatQuiet(t, p.st, chat.Telegram, delivery.TokenID(srv.Token()), "-4001234571")
	if msgs := srv.Messages(group); len(msgs) != seen {
		t.Fatalf("a member's \"thong ke\" was answered:\n%s", msgs[len(msgs)-1].Text)
	}
}
