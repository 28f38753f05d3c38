package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"loa/bot/delivery"
	"loa/chat"
	"loa/handlers"
	"loa/internal/testkit"
	"loa/store"
)

// Played as the users play (second round): typed on a phone, without diacritics.

// invitedAfterTheMeeting is a head of Ấp 3 invited after the month's meeting
// of her branch was created, once she has agreed: what
// TestPlay2HeadInvitedAfterTheMeeting checks, and what
// TestPlay3InvitedHeadGetsTheCodeOnce goes on from.
type invitedAfterTheMeeting struct {
	w       *communeWorld
	hoa     *talker
	meeting store.Event
	// jobs runs the scheduler's attendance jobs (the hourly run), queuing
	// into the program's outbox through engine.
	jobs   *handlers.Router
	engine *delivery.Engine
}

// inviteHeadAfterTheMeeting creates the month's meetings (Ấp 3 has no head
// yet), invites Ấp 3's head, and has her join with the code typed in lower
// case and agree: she is head, and gets the meeting's check-in code.
func inviteHeadAfterTheMeeting(t *testing.T, talkerID int) invitedAfterTheMeeting {
	t.Helper()
	r, srv := telegramRig(t)
	w := startCommuneWorld(t, r)
	ctx := context.Background()
	// The hourly run's work, queued into the program's outbox.
	engine := delivery.New(w.st, map[string]delivery.Channel{chat.Telegram: {TokenID: delivery.TokenID(srv.Token())}}, delivery.Options{})
	jobs := handlers.New(handlers.Deps{Store: w.st, Knowledge: testkit.EmbeddedLibrary(t), Outbox: engine})
	if _, err := jobs.CreateMonthlyMeetings(ctx, time.Now()); err != nil {
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
	hoa := w.newTalker(talkerID)
	contains(t, "consent", hoa.say("dang ky "+strings.ToLower(inv.Code), 1)[0], "Loa chỉ lưu")
	// The month's meeting's code comes through the outbox (so the hourly
	// run does not send it again): it may arrive before the welcome.
	got := strings.Join(hoa.press("Đồng ý", 2), "\n")
	contains(t, "head", got, "chi hội trưởng của Chi hội Ấp 3")
	contains(t, "the meeting's code", got, evs[0].Title, "Mã điểm danh: "+evs[0].Code, "/baocao")
	return invitedAfterTheMeeting{w: w, hoa: hoa, meeting: evs[0], jobs: jobs, engine: engine}
}

// TestPlay2HeadInvitedAfterTheMeeting: the month's meeting of Ấp 3 was
// created before it had a head; the head invited afterwards never got its
// check-in code. She gets it as she becomes head.
func TestPlay2HeadInvitedAfterTheMeeting(t *testing.T) {
	t.Parallel()
	inviteHeadAfterTheMeeting(t, 60)
}
