package main

import (
	"testing"

	"loa/bot/telegram/telegramtest"
	"loa/internal/testkit"
)

// TestEmergencyRelayedInAGroupOrAfterAQuestion sends, through the whole
// program and the fake Telegram, two shapes of emergency members write
// (issue 9): one relayed by someone else in a group chat ("mọi người ơi,
// chị Nga … bị chồng đánh"), answered in the group, and one told after an
// ordinary question about the Union's work, whose question words must not
// drown the story. Each reply's first number is the fitting hotline.
// Written for this test, not from the blind sets or the training material.
func TestEmergencyRelayedInAGroupOrAfterAQuestion(t *testing.T) {
	t.Parallel()
	srv := telegramtest.NewWithOptions(t, telegramtest.Options{BotUserName: "hoi_phu_nu_dn_bot"})
	startProgram(t, map[string]string{"TELEGRAM_BOT_TOKEN": srv.Token(), "TELEGRAM_API_BASE": srv.URL(), "LOA_WEBCHAT": "off"}, srv.Token())

	t.Run("relayed in a group", func(t *testing.T) {
		const group = int64(-4007654321)
		srv.AddChat(group, "Nhóm Chi hội Ấp 3")
		for i, s := range []struct{ text, hotline string }{
			{"mọi người ơi, chị Nga ở tổ 5 vừa bị chồng cầm cây đánh chảy máu đầu, ổng còn đứng ngoài ngõ la hét, ai ở gần không", "113"},
			{"ca nha oi, thang cu con chi Van 4 tuoi te xuong ao sau nha, vua vot len, nguoi tim tai khong tho", "115"},
		} {
			srv.AddChat(int64(401+i), "Chị Thơ")
			srv.UserSaysInGroup(group, int64(401+i), "Chị Thơ", s.text)
			msgs, err := srv.WaitForMessages(testkit.WaitCtx(t), group, i+1)
			if err != nil {
				t.Fatalf("%q in the group: %v", s.text, err)
			}
			if got := firstHotline(msgs[i].Text); got != s.hotline {
				t.Errorf("%q in the group: first hotline %q, want %s:\n%s", s.text, got, s.hotline, msgs[i].Text)
			}
		}
	})

	t.Run("after an ordinary question", func(t *testing.T) {
		for i, s := range []struct{ text, hotline string }{
			{"chị ơi cho em hỏi vay vốn giải quyết việc làm cần giấy tờ gì, mà bé nhà em 3 tuổi đang sốt cao co giật, mắt trợn ngược", "115"},
			{"hội phí năm nay đóng bao nhiêu vậy chị, à mà nhà bên cạnh đang cháy, lửa lan qua mái nhà em rồi", "114"},
		} {
			chat := int64(7_000_000_501 + i)
			srv.AddChat(chat, "Chị Hằng")
			srv.UserSays(chat, "Chị Hằng", s.text)
			msgs, err := srv.WaitForMessages(testkit.WaitCtx(t), chat, 1)
			if err != nil {
				t.Fatalf("%q: %v", s.text, err)
			}
			if got := firstHotline(msgs[0].Text); got != s.hotline {
				t.Errorf("%q: first hotline %q, want %s:\n%s", s.text, got, s.hotline, msgs[0].Text)
			}
		}
	})
}
