package main

import (
	"context"
	"strings"
	"testing"

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
	for _, s := range []struct {
		who  int64
		text string
	}{{lan, "thong ke"}} { // a head's news for the group gets no answer at all: TestPlay3HeadsNewsInTheGroupGetsNoAnswer
		if got := inGroup(s.who, s.text); strings.Contains(got, "tin nhắn riêng") {
			t.Fatalf("%q got the private-chat note:\n%s", s.text, got)
		}
	}
}
