package main

import (
	"bytes"
	"context"
	"testing"
	"time"

	"loa/bot/admin"
	"loa/chat"
)

// Played as the users play (third round).

// TestPlay3HeadGrantedFromTheCommandLineGetsTheCode: a head made with `bot
// admin grant` (not with an invite code) never got the check-in code of
// her branch's meeting of the month, while an invited head does. The
// grant asks the running bot to send it; she gets it once.
func TestPlay3HeadGrantedFromTheCommandLineGetsTheCode(t *testing.T) {
	t.Parallel()
	r, _ := telegramRig(t)
	r.env["LOA_SCHEDULER"] = "on"    // its timed jobs are what is tested
	r.env["LOA_QUIET_HOURS"] = "off" // the code is a message: quiet hours would hold it
	w := startCommuneWorld(t, r)
	ctx := context.Background()
	if _, err := w.jobs(t).CreateMonthlyMeetings(ctx, time.Now()); err != nil {
		t.Fatal(err)
	}
	evs, err := w.st.UnitEvents(ctx, "B13", time.Now().AddDate(0, -1, 0), time.Now().AddDate(0, 1, 0))
	if err != nil || len(evs) != 1 {
		t.Fatalf("Ấp 3's meetings %+v, %v", evs, err)
	}
	hoa := w.newTalker(61)
	var out, errOut bytes.Buffer
	if code := admin.Run(ctx, w.st, []string{"grant", "--platform", w.platform, "--user", hoa.m.ID(), "--role", "head", "--unit", "B13"}, &out, &errOut); code != 0 {
		t.Fatalf("grant: %d\n%s%s", code, out.String(), errOut.String())
	}
	contains(t, "the operator is told", out.String(), "granted", "B13", "meeting code")
	got := hoa.read(1)[0]
	contains(t, "the meeting's code", got, evs[0].Title, "Chi hội Ấp 3", "Mã điểm danh: "+evs[0].Code, "/baocao")
}

// TestPlay3InvitedHeadGetsTheCodeOnce: a head invited in the chat got the
// month's meeting code as she joined, and again at the bot's next hourly
// run (the run did not know she had it). She gets it once.
func TestPlay3InvitedHeadGetsTheCodeOnce(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	h := inviteHeadAfterTheMeeting(t, 62)
	jobs, engine, hoa := h.jobs, h.engine, h.hoa

	// The next hourly run, then a marker queued after it: the outbox sends
	// in order of age, so a second code would come before the marker.
	if _, err := jobs.CreateMonthlyMeetings(ctx, time.Now()); err != nil {
		t.Fatal(err)
	}
	if err := engine.QueueBulk(ctx, chat.BulkMessage{Platform: chat.Telegram, Label: "test", Key: "marker",
		Message: chat.Reply{Text: "marker"}, Chats: []chat.BulkChat{{ChatID: hoa.m.ID()}}}); err != nil {
		t.Fatal(err)
	}
	if got := hoa.read(1)[0]; got != "marker" {
		t.Fatalf("the code came again:\n%s", got)
	}
}
