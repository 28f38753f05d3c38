package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"loa/store"
	"loa/vntime"
)

// Played as the users play (third round): typed on a phone, without
// diacritics, after the fact.

// weekdayWords is how a head types a weekday without diacritics, Sunday
// first like time.Weekday.
var weekdayWords = [...]string{"chu nhat", "thu 2", "thu 3", "thu 4", "thu 5", "thu 6", "thu 7"}

// TestPlay3HeadReportsByWeekday: "bao cao hop thu 7 co 20 nguoi", "hop chu
// nhat 18 nguoi" said days later listed meetings instead of taking that
// weekday. The most recent such day is taken: its meeting is read back, a
// day without one is said so and offered as a past meeting, and another
// day's meeting never gets the figure.
func TestPlay3HeadReportsByWeekday(t *testing.T) {
	t.Parallel()
	r, _ := telegramRig(t)
	w := startCommuneWorld(t, r)
	ctx := context.Background()
	now := time.Now().In(vntime.Zone)
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, vntime.Zone)
	threeAgo, twoAgo, yesterday := today.AddDate(0, 0, -3), today.AddDate(0, 0, -2), today.AddDate(0, 0, -1)
	held, err := w.st.CreateEvent(ctx, store.NewEvent{Unit: "B11", Title: "Họp tổ phụ nữ", Start: threeAgo.Add(19 * time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	other, err := w.st.CreateEvent(ctx, store.NewEvent{Unit: "B11", Title: "Tập văn nghệ", Start: twoAgo.Add(19 * time.Hour)})
	if err != nil {
		t.Fatal(err)
	}

	got := w.head11.say("bao cao hop "+weekdayWords[threeAgo.Weekday()]+" co 20 nguoi", 1)[0]
	contains(t, "that weekday's meeting read back", got, "20 người", "Họp tổ phụ nữ", threeAgo.Format("02/01"), "Đúng không")
	contains(t, "saved", w.head11.press("✅ Đúng, 20 người", 1)[0], "Đã ghi nhận 20 người", "Họp tổ phụ nữ")

	got = w.head11.say("hop "+weekdayWords[yesterday.Weekday()]+" 18 nguoi", 1)[0]
	contains(t, "no meeting that day", got, "chưa có buổi họp nào ngày "+yesterday.Format("02/01/2006"), "Loa sẽ ghi", "18 người", "Đúng không")
	if strings.Contains(got, "Tập văn nghệ") {
		t.Fatalf("another day's meeting offered:\n%s", got)
	}
	done := w.head11.press("✅ Đúng, ghi lại", 2)
	contains(t, "recorded", done[0], "Đã ghi sự kiện", yesterday.Format("02/01"))
	contains(t, "reported", done[1], "Đã ghi nhận 18 người")

	if e, _ := w.st.Event(ctx, held.ID); e.Headcount != 20 || !e.Reported {
		t.Fatalf("the weekday's meeting %+v", e)
	}
	if e, _ := w.st.Event(ctx, other.ID); e.Reported {
		t.Fatalf("another day's meeting got a figure: %+v", e)
	}
	evs, err := w.st.UnitEvents(ctx, "B11", yesterday, yesterday.AddDate(0, 0, 1))
	if err != nil || len(evs) != 1 || evs[0].Headcount != 18 {
		t.Fatalf("yesterday's meeting %+v, %v", evs, err)
	}
}
