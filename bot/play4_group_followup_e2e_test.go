package main

import (
	"strings"
	"testing"

	"loa/internal/testkit"
)

// Played as the users play (fourth round): a member asking on in the
// branch's group, as she would ask a person.

// TestPlay4FollowUpInTheGroupIsAskedToNameIt: after an answer about loans,
// "con cai kia thi sao" got "Loa chưa có câu trả lời chắc chắn… Loa đã ghi
// lại để cán bộ Hội bổ sung" in the group, as if staff had a question to
// answer. Loa asks her to name what she means; the next question with a
// subject is answered as before.
func TestPlay4FollowUpInTheGroupIsAskedToNameIt(t *testing.T) {
	t.Parallel()
	srv, _ := telegramGroupBot(t)
	const group, lan = int64(-4001234592), int64(7_000_000_921)
	srv.AddChat(group, "Nhóm Chi hội Ấp 1")
	// She asks Loa by name, then goes on by replying to Loa's answer, as
	// the app lets her: both are said to Loa (a group's other talk is not).
	var last int64
	say := func(n int, text string) string {
		t.Helper()
		if last == 0 {
			srv.UserSaysInGroup(group, lan, "Chị Lan", text)
		} else {
			srv.UserRepliesInGroup(group, lan, "Chị Lan", last, text)
		}
		msgs, err := srv.WaitForMessages(testkit.WaitCtx(t), group, n)
		if err != nil {
			t.Fatal(err)
		}
		last = msgs[n-1].MessageID
		return msgs[n-1].Text
	}
	contains(t, "answer", say(1, "loa oi vay von hoi phu nu duoc bao nhieu"), "Nguồn")
	got := say(2, "con cai kia thi sao")
	contains(t, "asked to name it", got, "nói rõ", "việc gì")
	if strings.Contains(got, "ghi lại") {
		t.Fatalf("the follow-up was recorded for staff:\n%s", got)
	}
	contains(t, "next answer", say(3, "dieu kien vay von ho ngheo"), "Nguồn")
}
