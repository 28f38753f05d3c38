package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"loa/bot/admin"
	"loa/store"
)

// Played as the users play (fourth round).

// TestPlay4TwoHeadsGrantedFromTheCommandLineGetEveryOpenCode: a head made
// with `bot admin grant` got the month's meeting code but not the code of
// her branch's open /sukien meeting, which an invited head gets; and a
// second head granted in the same minute got nothing until the job's next
// hourly slot (the scheduler dropped the second run-now request of the
// minute). Each gets both codes at once.
func TestPlay4TwoHeadsGrantedFromTheCommandLineGetEveryOpenCode(t *testing.T) {
	t.Parallel()
	r, _ := telegramRig(t)
	r.env["LOA_SCHEDULER"] = "on"    // its timed jobs are what is tested
	r.env["LOA_QUIET_HOURS"] = "off" // the codes are messages: quiet hours would hold them
	w := startCommuneWorld(t, r)
	ctx := context.Background()
	if _, err := w.jobs(t).CreateMonthlyMeetings(ctx, time.Now()); err != nil {
		t.Fatal(err)
	}
	sukien, err := w.st.CreateEvent(ctx, store.NewEvent{Unit: "B13", Title: "Tập huấn làm bánh",
		Start: time.Now().Add(2 * time.Hour).Truncate(time.Minute), Source: store.SourceHead})
	if err != nil {
		t.Fatal(err)
	}
	evs, err := w.st.UnitEvents(ctx, "B13", time.Now().AddDate(0, -1, 0), time.Now().AddDate(0, 1, 0))
	if err != nil || len(evs) != 2 {
		t.Fatalf("Ấp 3's meetings %+v, %v", evs, err)
	}
	var monthly store.Event
	for _, e := range evs {
		if e.Source == store.SourceRule {
			monthly = e
		}
	}
	grant := func(c *talker) {
		t.Helper()
		var out, errOut bytes.Buffer
		if code := admin.Run(ctx, w.st, []string{"grant", "--platform", w.platform, "--user", c.m.ID(), "--role", "head", "--unit", "B13"}, &out, &errOut); code != 0 {
			t.Fatalf("grant: %d\n%s%s", code, out.String(), errOut.String())
		}
		contains(t, "the operator is told", out.String(), "granted", "B13", "meeting codes")
	}
	hoa, huong := w.newTalker(71), w.newTalker(72)
	grant(hoa)
	got := strings.Join(hoa.read(2), "\n---\n") // two outbox jobs: either may come first
	contains(t, "both codes", got, "Mã điểm danh: "+monthly.Code, "Tập huấn làm bánh", "Mã điểm danh: "+sukien.Code)
	grant(huong) // within the minute of Hoa's
	got = strings.Join(huong.read(2), "\n---\n")
	contains(t, "the second head's codes", got, "Mã điểm danh: "+monthly.Code, "Mã điểm danh: "+sukien.Code)
}
