package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"loa/store"
)

// Played as the users play (second round): typed on a phone, without diacritics.

// TestPlay2HeadInvitedAfterTheMeeting: the month's meeting of Ấp 3 was
// created before it had a head; the head invited afterwards never got its
// check-in code. She gets it as she becomes head.
func TestPlay2HeadInvitedAfterTheMeeting(t *testing.T) {
	t.Parallel()
	r, _ := telegramRig(t)
	w := startCommuneWorld(t, r)
	ctx := context.Background()
	if _, err := w.jobs(t).CreateMonthlyMeetings(ctx, time.Now()); err != nil {
		t.Fatal(err)
	}
	evs, err := w.st.UnitEvents(ctx, "B13", time.Now().AddDate(0, -1, 0), time.Now().AddDate(0, 1, 0))
	if err != nil || len(evs) != 1 {
		t.Fatalf("Ấp 3's meetings %+v, %v", evs, err)
	}
	inv, err := w.st.CreateInvite(ctx, store.NewInvite{Kind: store.InviteHead, Unit: "B13", TTL: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	hoa := w.newTalker(60)
	contains(t, "consent", hoa.say("dang ky "+strings.ToLower(inv.Code), 1)[0], "Loa chỉ lưu")
	// The month's meeting's code comes through the outbox (so the hourly
	// run does not send it again): it may arrive before the welcome.
	got := strings.Join(hoa.press("Đồng ý", 2), "\n")
	contains(t, "head", got, "chi hội trưởng của Chi hội Ấp 3")
	contains(t, "the meeting's code", got, evs[0].Title, "Mã điểm danh: "+evs[0].Code, "/baocao")
}
