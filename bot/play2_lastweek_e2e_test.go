package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"loa/store"
	"loa/vntime"
)

// Played as the users play (second round): typed on a phone, without diacritics.

// TestPlay2HeadReportsLastWeek: "bao cao hop tuan truoc 15 nguoi" and "hop
// chu nhat tuan truoc co 18 nguoi" offered this month's meeting, so the
// figure could land on the wrong meeting. Last week's meeting is read back;
// a day without a meeting is said so and recorded as a past meeting; this
// month's meeting is never touched.
func TestPlay2HeadReportsLastWeek(t *testing.T) {
	t.Parallel()
	r, _ := telegramRig(t)
	w := startCommuneWorld(t, r)
	ctx := context.Background()
	now := time.Now().In(vntime.Zone)
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, vntime.Zone)
	monday := today.AddDate(0, 0, -((int(today.Weekday())+6)%7)-7) // weeks start on Monday
	wednesday, sunday := monday.AddDate(0, 0, 2), monday.AddDate(0, 0, 6)
	// Earlier today, so that it is in this week and this month whatever the
	// hour (two hours back fell in last week on Mondays before 02:00).
	thisMonth, err := w.st.CreateEvent(ctx, store.NewEvent{Unit: "B11", Title: "Sinh hoạt chi hội tháng này", Start: today.Add(now.Sub(today) / 2)})
	if err != nil {
		t.Fatal(err)
	}
	lastWeek, err := w.st.CreateEvent(ctx, store.NewEvent{Unit: "B11", Title: "Họp tổ phụ nữ", Start: wednesday.Add(19 * time.Hour)})
	if err != nil {
		t.Fatal(err)
	}

	got := w.head11.say("bao cao hop tuan truoc 15 nguoi", 1)[0]
	contains(t, "last week's meeting read back", got, "15 người", "Họp tổ phụ nữ", wednesday.Format("02/01"), "Đúng không")
	contains(t, "saved", w.head11.press("✅ Đúng, 15 người", 1)[0], "Đã ghi nhận 15 người", "Họp tổ phụ nữ")

	got = w.head11.say("hop chu nhat tuan truoc co 18 nguoi", 1)[0]
	contains(t, "no meeting that Sunday", got, "chưa có buổi họp nào ngày "+sunday.Format("02/01/2006"), "Loa sẽ ghi", "18 người", "Đúng không")
	done := w.head11.press("✅ Đúng, ghi lại", 2)
	contains(t, "recorded", done[0], "Đã ghi sự kiện", sunday.Format("02/01"))
	contains(t, "reported", done[1], "Đã ghi nhận 18 người")

	if e, _ := w.st.Event(ctx, lastWeek.ID); e.Headcount != 15 || !e.Reported {
		t.Fatalf("last week's meeting %+v", e)
	}
	if e, _ := w.st.Event(ctx, thisMonth.ID); e.Reported {
		t.Fatalf("this month's meeting got a figure of another day: %+v", e)
	}
	evs, err := w.st.UnitEvents(ctx, "B11", sunday, sunday.AddDate(0, 0, 1))
	if err != nil || len(evs) != 1 || evs[0].Headcount != 18 {
		t.Fatalf("Sunday's meeting %+v, %v", evs, err)
	}

	// A week without meetings is said so, with the way to give the day.
	got = w.head12.say("bao cao hop tuan truoc 15 nguoi", 1)[0]
	contains(t, "no meeting last week", got, "chưa có buổi họp nào trong tuần trước", monday.Format("02/01"), sunday.Format("02/01"), "/baocao họp")
	got = w.head12.say("bao cao hop thu 4 tuan truoc 15 nguoi", 1)[0]
	contains(t, "the day given", got, "Loa sẽ ghi", wednesday.Format("02/01/2006"), "15 người")
	w.head12.say("khong", 1)
	// A month without its meeting: the month's meeting is offered, made
	// once she confirms (attend13).
	got = w.head12.say("hop thang truoc co 20 nguoi", 1)[0]
	last := store.MonthOf(store.MonthOf(today).Start.Add(-time.Hour))
	contains(t, "no meeting last month", got, "chưa có buổi sinh hoạt "+last.Label(), "20 người", "Đúng không")
	w.head12.say("khong", 1)
	got = w.head12.say("hop hom kia co 12 nguoi", 1)[0]
	contains(t, "the day before yesterday", got, "Loa sẽ ghi", today.AddDate(0, 0, -2).Format("02/01/2006"), "12 người")
	if strings.Contains(got, "chọn sự kiện") {
		t.Fatalf("a list instead of the day:\n%s", got)
	}
}
