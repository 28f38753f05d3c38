package main

import (
	"context"
	"strings"
	"testing"
)

// Played as the users play (third round): a meeting that did not happen.

// TestPlay3HeadReportsACancelledMeeting: "hop thang nay bi huy" was
// declined as off-topic, and "hop hom qua khong hop duoc, huy roi" while
// Loa waited for a figure got "Loa chưa đọc được số này". Loa says it
// keeps no cancellation, records no figure, and says what to do.
func TestPlay3HeadReportsACancelledMeeting(t *testing.T) {
	t.Parallel()
	r, _ := telegramRig(t)
	w := startCommuneWorld(t, r)
	ctx := context.Background()
	e := w.meetingLastNight(t, "B11")

	// Loa now records a cancellation once she confirms (cancel_e2e_test.go):
	// here each time it asks, and she does not confirm.
	// Asked, or on the 1st told there is no meeting this month yet.
	contains(t, "alone", w.head11.say("hop thang nay bi huy", 1)[0], "hoãn/huỷ")
	w.head11.say("bao cao", 1) // the list: Loa waits for a press or a figure
	got := w.head11.say("hop hom qua khong hop duoc, huy roi", 1)[0]
	contains(t, "while a figure is awaited", got, "hoãn/huỷ", "Đúng không")
	if strings.Contains(got, "chưa đọc được số") {
		t.Fatalf("read as a bad figure:\n%s", got)
	}
	// Read back for the meeting, then she says it did not happen after all.
	contains(t, "read back", w.head11.say("hop hom qua co 18 nguoi", 1)[0], "18 người", "Đúng không")
	contains(t, "in the meeting's step", w.head11.say("a nham, buoi do huy roi, khong hop", 1)[0], "Họp chi hội", "hoãn/huỷ", "Đúng không")
	if got, _ := w.st.Event(ctx, e.ID); got.Reported || !got.Cancelled.IsZero() {
		t.Fatalf("a figure or a cancellation was recorded without her yes: %+v", got)
	}
}
