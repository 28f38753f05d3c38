package main

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"loa/store"
	"loa/vntime"
)

// TestPlay13HeadAndStaffMidMonth: what the lead played on the web chat
// (attend13), through a running bot and a fake Telegram: a head's hurried
// reports without the command's words, a weekday that is no headcount, and
// staff chasing the branches whose month's meeting is open without a
// report.
func TestPlay13HeadAndStaffMidMonth(t *testing.T) {
	t.Parallel()
	r, _ := telegramRig(t)
	r.env["LOA_SCHEDULER"] = "off" // the month's meetings are made below, as the rule makes them
	w := startCommuneWorld(t, r)
	ctx := context.Background()
	now := time.Now().In(vntime.Zone)
	month := store.MonthOf(now)
	start := month.Start.Add(7 * time.Hour)
	if start.After(now) {
		start = now.Add(-time.Hour) // the 1st, before 07:00
	}
	closeAt := month.End().Add(-3 * time.Hour)
	title := fmt.Sprintf("Sinh hoạt chi hội tháng %d/%d", int(month.Start.Month()), month.Start.Year())
	for _, unit := range []string{"B11", "B12"} { // B13 has no meeting
		if _, _, err := w.st.CreateMonthlyMeeting(ctx, store.NewEvent{Unit: unit, Title: title, Start: start, Close: closeAt}); err != nil {
			t.Fatal(err)
		}
	}

	// Typed without marks, from a head: a report, read back, never a
	// question forwarded to the branch (to herself).
	got := w.head11.say("hom qua hop chi hoi co 18 nguoi", 1)[0]
	contains(t, "a hurried report", got, "18 người", "Đúng không")
	// The weekday is no figure; a typed yes saves the one read back.
	got = w.head11.say("hôm thứ 7 chi hội họp được 22 chị", 1)[0]
	contains(t, "the weekday is no figure", got, "22 người", "Đúng không")
	if strings.Contains(got, " 7 người") {
		t.Fatalf("the weekday read as the figure:\n%s", got)
	}
	contains(t, "said no", w.head11.say("không", 1)[0], "chưa ghi gì")
	w.head11.say("hom qua hop chi hoi co 18 nguoi", 1)
	saved := w.head11.say("dung roi", 1)[0]
	contains(t, "saved", saved, "Đã ghi nhận 18 người")

	// Staff: B12's meeting is open and not reported yet, B13 has none.
	if now.Day() > 1 { // "hôm qua" on the 1st is last month's meeting
		got = w.staff.say("chi hoi nao chua bao cao", 1)[0]
		contains(t, "who has not reported", got, "Chưa báo cáo, buổi họp còn mở (1 đơn vị): Chi hội Ấp 2 (hạn "+closeAt.Format("02/01")+")",
			"Chưa có sự kiện (1 chi hội): Chi hội Ấp 3")
		if strings.Contains(got, "tất cả chi hội có sự kiện đã báo cáo") {
			t.Fatalf("all said reported:\n%s", got)
		}
	}
}
