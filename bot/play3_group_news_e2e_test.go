package main

import (
	"context"
	"strings"
	"testing"

	"loa/bot/delivery"
	"loa/chat"
	"loa/internal/testkit"
	"loa/store"
)

// Played as the users play (third round): a head talking to her branch's group.

// TestPlay3HeadsNewsInTheGroupGetsNoAnswer: a head telling her group "hop
// thu 7 co 20 nguoi" got "Loa chưa có câu trả lời chắc chắn… Loa đã ghi lại
// để cán bộ Hội bổ sung" in the group, her news kept as an unanswered
// question. News a head gives the people there gets no answer; a member's
// message after it is answered as before.
func TestPlay3HeadsNewsInTheGroupGetsNoAnswer(t *testing.T) {
	t.Parallel()
	srv, p := telegramGroupBot(t)
	const group, head, lan = int64(-4001234572), int64(7_000_000_511), int64(7_000_000_512)
	srv.AddChat(group, "Nhóm Chi hội Ấp 1")
	srv.AddChat(head, "Chị Hoa")
	srv.AddChat(lan, "Chị Lan")
	if _, err := p.st.Grant(context.Background(), chat.Telegram, "7000000511", store.RoleHead, "B11"); err != nil {
		t.Fatal(err)
	}
	srv.UserSaysInGroup(group, head, "Chị Hoa", "hop thu 7 co 20 nguoi")
	srv.UserSaysInGroup(group, head, "Chị Hoa", "thong bao: mai 8h hop chi hoi tai nha van hoa")
	srv.UserSaysInGroup(group, lan, "Chị Lan", "xin chao Loa")
	// One chat's messages are handled in order: an answer to the head's
	// news would come before the answer to Lan.
	if _, err := srv.WaitForMessages(testkit.WaitCtx(t), group, 1); err != nil {
		t.Fatal(err)
	}
	waitChatQuiet(t, p.st, chat.Telegram, delivery.TokenID(srv.Token()), "-4001234572")
	msgs := srv.Messages(group)
	if len(msgs) != 1 {
		var all []string
		for _, m := range msgs {
			all = append(all, m.Text)
		}
		t.Fatalf("want only the answer to Lan, got %d messages:\n%s", len(msgs), strings.Join(all, "\n---\n"))
	}
	if strings.Contains(msgs[0].Text, "ghi lại") {
		t.Fatalf("the head's news was answered:\n%s", msgs[0].Text)
	}
}
