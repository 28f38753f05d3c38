package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"loa/bot/admin"
	"loa/bot/delivery"
	"loa/chat"
	"loa/handlers"
	"loa/internal/testkit"
	"loa/store"
)

// Played as the users play (third round).

// TestPlay3HeadGrantedFromTheCommandLineGetsTheCode: a head made with `bot
// admin grant` (not with an invite code) never got the check-in code of
// her branch's meeting of the month, while an invited head does. The
// grant asks the running bot to send it; she gets it once.
func TestPlay3HeadGrantedFromTheCommandLineGetsTheCode(t *testing.T) {
	t.Parallel()
	r, _ := telegramRig(t)
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
	hoa := w.newTalker(62)
	contains(t, "consent", hoa.say("dang ky "+strings.ToLower(inv.Code), 1)[0], "Loa chỉ lưu")
	both := strings.Join(hoa.press("Đồng ý", 2), "\n") // the code comes by the outbox: either may be first
	contains(t, "head and code", both, "chi hội trưởng của Chi hội Ấp 3", "Mã điểm danh: "+evs[0].Code, "/baocao")

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
