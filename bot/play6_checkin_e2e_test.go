package main

import (
	"context"
	"testing"
	"time"

	"loa/bot/delivery"
	"loa/bot/telegram/telegramtest"
	"loa/chat"
	"loa/internal/testkit"
	"loa/store"
	"loa/vntime"
)

// Played as the users play (sixth round): members at the meeting say they
// are there in words.

// meetingsNowAndMonth gives unit the month's meeting (open all month) and
// a meeting that started ten minutes ago (the head's /sukien of tonight).
func meetingsNowAndMonth(t *testing.T, st *store.Store, unit string) (now, month store.Event) {
	t.Helper()
	ctx := context.Background()
	clock := time.Now().In(vntime.Zone)
	first := time.Date(clock.Year(), clock.Month(), 1, 7, 0, 0, 0, vntime.Zone)
	month, err := st.CreateEvent(ctx, store.NewEvent{Unit: unit, Title: "Sinh hoạt chi hội tháng " + first.Format("1/2006"),
		Start: first, Close: first.AddDate(0, 1, 0).Add(-10 * time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	now, err = st.CreateEvent(ctx, store.NewEvent{Unit: unit, Title: "Họp tổ phụ nữ", Start: clock.Add(-10 * time.Minute)})
	if err != nil {
		t.Fatal(err)
	}
	return now, month
}

// TestPlay6MembersCheckInSayingCoMat: at the head's meeting on the Zalo
// OA, "co mat" got an answer about VNeID ("không mất tiền"), "đã đến" was
// forwarded to the branch as a question, and "co mat a" typed after "diem
// danh" was read as a wrong code. Saying she is there checks her in to the
// meeting her branch holds now (not the month's meeting, open all month),
// once; a member of a branch with no meeting now is checked in nowhere.
func TestPlay6MembersCheckInSayingCoMat(t *testing.T) {
	t.Parallel()
	r, _ := oaRig(t)
	w := startCommuneWorld(t, r)
	ctx := context.Background()
	tonight, month := meetingsNowAndMonth(t, w.st, "B11")

	contains(t, "co mat", w.lan.say("co mat", 1)[0], "đã điểm danh", tonight.Title)
	contains(t, "twice", w.lan.say("đã đến", 1)[0], "rồi", tonight.Title)
	for _, e := range []struct {
		ev   store.Event
		want int64
	}{{tonight, 1}, {month, 0}} {
		got, err := w.st.Event(ctx, e.ev.ID)
		if err != nil || got.CheckIns != e.want {
			t.Fatalf("%s: %d check-ins (%v), want %d", e.ev.Title, got.CheckIns, err, e.want)
		}
	}

	// Asked for the code, she says she is there.
	w.lan.say("/diemdanh", 1)
	contains(t, "after diem danh", w.lan.say("co mat a", 1)[0], "rồi", tonight.Title)

	// Ấp 2 holds no meeting: Mai is told so, nothing is counted.
	got := w.mai.say("em co mat roi", 1)[0]
	contains(t, "no meeting", got, "chưa có buổi sinh hoạt nào đang mở")
	if n, err := w.st.CountOpenQuestions(ctx, "B12"); err != nil || n != 0 {
		t.Fatalf("Ấp 2 got %d questions (%v)", n, err)
	}
}

// TestPlay6MembersCheckInSayingCoMatInTheGroup: in the branch's Telegram
// group each member's "có mặt" checks her in, answered under her name; a
// visitor's is left to the people there.
func TestPlay6MembersCheckInSayingCoMatInTheGroup(t *testing.T) {
	t.Parallel()
	srv, p := telegramGroupBot(t)
	ctx := context.Background()
	tonight, _ := meetingsNowAndMonth(t, p.st, "B11")
	const group, lan, visitor = int64(-4001234601), int64(7_000_000_611), int64(7_000_000_612)
	srv.AddChat(group, "Nhóm Chi hội Ấp 1")
	srv.AddChat(lan, "Chị Lan")
	srv.AddChat(visitor, "Chị Hoa")
	if _, err := p.st.Register(ctx, store.Member{Platform: chat.Telegram, UserID: "7000000611", Name: "Chị Lan",
		Unit: "B11", Consent: time.Now(), Active: true}); err != nil {
		t.Fatal(err)
	}
	srv.UserSaysInGroup(group, visitor, "Chị Hoa", "có mặt")
	srv.UserSaysInGroup(group, lan, "Chị Lan", "Có mặt ạ")
	msgs, err := srv.WaitForMessages(testkit.WaitCtx(t), group, 1)
	if err != nil {
		t.Fatal(err)
	}
	contains(t, "in the group", msgs[0].Text, "Chị Lan", "đã điểm danh", tonight.Title)
	waitChatQuiet(t, p.st, chat.Telegram, deliveryTokenID(srv), "-4001234601")
	if n := len(srv.Messages(group)); n != 1 {
		t.Fatalf("%d messages in the group, want 1: %+v", n, srv.Messages(group))
	}
	if got, err := p.st.Event(ctx, tonight.ID); err != nil || got.CheckIns != 1 {
		t.Fatalf("%d check-ins (%v), want 1", got.CheckIns, err)
	}
}

func deliveryTokenID(srv *telegramtest.Server) string { return delivery.TokenID(srv.Token()) }
