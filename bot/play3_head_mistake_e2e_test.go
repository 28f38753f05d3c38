package main

import (
	"context"
	"testing"

	"loa/vntime"
)

// Played as the users play (third round): a head in a hurry.

// TestPlay3HeadSaysSheWasWrong: "nham, 17 nguoi thoi" right after "hop hom
// qua co 18 nguoi" got "Loa chưa đọc được số này", and after the figure
// was saved it went to the knowledge base. It is the corrected figure:
// read back for the same meeting, and after saving it changes the figure.
func TestPlay3HeadSaysSheWasWrong(t *testing.T) {
	t.Parallel()
	r, _ := telegramRig(t)
	w := startCommuneWorld(t, r)
	ctx := context.Background()
	e := w.meetingLastNight(t, "B11")

	contains(t, "read back", w.head11.say("hop hom qua co 18 nguoi", 1)[0], "18 người", "Họp chi hội", "Đúng không")
	got := w.head11.say("nham, 17 nguoi thoi", 1)[0]
	contains(t, "the corrected figure read back", got, "17 người", "Họp chi hội", e.Start.In(vntime.Zone).Format("02/01"), "Đúng không")
	contains(t, "saved", w.head11.press("✅ Đúng, 17 người", 1)[0], "Đã ghi nhận 17 người")

	contains(t, "after saving", w.head11.say("nham roi, 16 nguoi", 1)[0], "16 người", "Họp chi hội", "Đúng không")
	contains(t, "changed", w.head11.press("✅ Đúng, 16 người", 1)[0], "từ 17 thành 16")
	if got, _ := w.st.Event(ctx, e.ID); got.Headcount != 16 {
		t.Fatalf("stored %+v", got)
	}
}
