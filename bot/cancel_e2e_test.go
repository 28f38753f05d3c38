package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"loa/bot/admin"
	"loa/store"
	"loa/vntime"
)

// TestHeadCancelsAMeetingAndIsNotReminded: Ấp 1's head says yesterday's
// meeting did not take place and confirms with the button; the reminder
// job, run through the scheduler's run-now path, reminds Ấp 2 (which did
// not report) and not her; the commune's staff see Ấp 1 as hoãn/hủy, not
// as unreported.
func TestHeadCancelsAMeetingAndIsNotReminded(t *testing.T) {
	t.Parallel()
	r, srv := telegramRig(t)
	r.env["LOA_SCHEDULER"] = "on"    // its timed jobs are what is tested
	r.env["LOA_QUIET_HOURS"] = "off" // the reminder job keeps quiet hours; the test may run at night in Vietnam
	w := startCommuneWorld(t, r)
	ctx := context.Background()
	now := time.Now().In(vntime.Zone)
	yesterday := time.Date(now.Year(), now.Month(), now.Day(), 19, 0, 0, 0, vntime.Zone).AddDate(0, 0, -1)
	var events []store.Event
	for _, unit := range []string{"B11", "B12"} {
		e, err := w.st.CreateEvent(ctx, store.NewEvent{Unit: unit, Title: "Họp chi hội", Start: yesterday, Close: yesterday.Add(2 * time.Hour)})
		if err != nil {
			t.Fatal(err)
		}
		// Closed over a day ago: its reminder is due now.
		if _, err := w.st.CloseEvent(ctx, e.ID, time.Now().Add(-store.ReminderDelay-time.Hour)); err != nil {
			t.Fatal(err)
		}
		events = append(events, e)
	}

	got := w.head11.say("hom qua khong hop duoc, huy roi", 1)[0]
	contains(t, "the question", got, "Họp chi hội", yesterday.Format("02/01"), "hoãn/huỷ", "Đúng không")
	if e, _ := w.st.Event(ctx, events[0].ID); !e.Cancelled.IsZero() {
		t.Fatal("cancelled before she confirmed")
	}
	contains(t, "confirmed", w.head11.press("✅ Đúng, hoãn/huỷ", 1)[0], "Loa đã ghi", "hoãn/huỷ", "không nhắc")
	if e, _ := w.st.Event(ctx, events[0].ID); e.Cancelled.IsZero() {
		t.Fatal("the meeting was not recorded as cancelled")
	}

	deadline := time.Now().Add(10 * time.Second)
	for { // the bot publishes its jobs when its scheduler starts
		var out, errOut bytes.Buffer
		if admin.Run(ctx, w.st, []string{"jobs", "run", "attendance:remind"}, &out, &errOut) == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("jobs run: %s", errOut.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	contains(t, "Ấp 2 reminded", w.head12.read(1)[0], "chưa nhận được số người tham dự")
	time.Sleep(500 * time.Millisecond) // time for a reminder to Ấp 1, were there one
	for _, m := range srv.Messages(atoi64(t, w.head11.m.ID())) {
		if strings.Contains(m.Text, "chưa nhận được số người tham dự") {
			t.Fatalf("the branch that cancelled was reminded:\n%s", m.Text)
		}
	}

	got = w.staff.say("chi hoi nao chua bao cao", 1)[0]
	contains(t, "staff figures", got, "Chi hội Ấp 2 (1)", "Hoãn/hủy họp (1 đơn vị): Chi hội Ấp 1")
	if strings.Contains(got, "Chi hội Ấp 1 (") {
		t.Fatalf("the cancelled branch listed as unreported:\n%s", got)
	}
	got = w.staff.say("/thongke", 1)[0]
	contains(t, "/thongke", got, "đã báo cáo 0 (0%), 1 hoãn/hủy", "Chưa báo cáo (1 đơn vị, số sự kiện thiếu): Chi hội Ấp 2 (1)",
		"Hoãn/hủy họp (1 đơn vị): Chi hội Ấp 1")

	// She was wrong: the meeting took place, and her figure is accepted.
	contains(t, "read back", w.head11.say("/baocao hop hom qua 15 nguoi", 1)[0], "15 người", "Đúng không")
	contains(t, "saved", w.head11.press("✅ Đúng, 15 người", 1)[0], "Đã ghi nhận 15 người")
	if e, _ := w.st.Event(ctx, events[0].ID); !e.Cancelled.IsZero() || e.Headcount != 15 {
		t.Fatalf("the figure did not undo the cancellation: %+v", e)
	}
	if got := w.staff.say("chi hoi nao chua bao cao", 1)[0]; strings.Contains(got, "Hoãn/hủy") {
		t.Fatalf("still listed as cancelled after her figure:\n%s", got)
	}
}
