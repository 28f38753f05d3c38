package main

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"loa/chat"
	"loa/internal/testkit"
	"loa/store"
)

// Played as the users play (issue 11): typed on a phone, without diacritics.

// TestPlayJoinInGroupInPlainWords: "dang ky CODE" typed in the branch's
// group gets the link to the private chat, as /dangky does there, not
// "câu này nằm ngoài việc của Hội".
func TestPlayJoinInGroupInPlainWords(t *testing.T) {
	t.Parallel()
	srv, p := telegramGroupBot(t)
	inv, err := p.st.CreateInvite(context.Background(), store.NewInvite{Kind: store.InviteMember, Unit: "B11", TTL: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	const group, newcomer = int64(-4001234568), int64(7_000_000_301)
	srv.AddChat(group, "Nhóm Chi hội Ấp 1")
	srv.AddChat(newcomer, "Chị Hạnh")
	srv.UserSaysInGroup(group, newcomer, "Chị Hạnh", "dang ky "+strings.ToLower(inv.Code))
	msgs, err := srv.WaitForMessages(testkit.WaitCtx(t), group, 1)
	if err != nil {
		t.Fatal(err)
	}
	contains(t, "note in the group", msgs[0].Text, "tin nhắn riêng", "https://t.me/hoi_phu_nu_dn_bot?start="+inv.Code)
	// Following the link lands on the consent question.
	srv.UserSays(newcomer, "Chị Hạnh", "/start "+inv.Code)
	private, err := srv.WaitForMessages(testkit.WaitCtx(t), newcomer, 1)
	if err != nil {
		t.Fatal(err)
	}
	contains(t, "consent", private[0].Text, "Loa chỉ lưu", "Chi hội Ấp 1")
	if _, err := p.st.Member(context.Background(), chat.Telegram, strconv.FormatInt(newcomer, 10)); err == nil {
		t.Fatal("registered before agreeing")
	}
}
