package main

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"loa/chat"
	"loa/store"
	"loa/vntime"
)

// TestFirstStartHasThisMonthsMeetings: a fresh install in the middle of a
// month (no tree, no events) starts with the sample tree and every branch's
// meeting of the current month, so a head can report from her first day;
// a second start creates nothing more.
func TestFirstStartHasThisMonthsMeetings(t *testing.T) {
	t.Parallel()
	r, _ := telegramRig(t)
	r.env["LOA_SCHEDULER"] = "on" // its timed jobs are what is tested
	r.env["LOA_QUIET_HOURS"] = "off"
	p := startProgram(t, r.env, r.secrets...)
	st := store.New(p.redis.Client())
	ctx := context.Background()
	branch, other := twoBranches(t, st)
	now := time.Now().In(vntime.Zone)
	title := fmt.Sprintf("Sinh hoạt chi hội tháng %d/%d", int(now.Month()), now.Year())
	month := store.MonthOf(now)
	for _, b := range []string{branch, other} {
		evs, err := st.UnitEvents(ctx, b, month.Start, month.End())
		if err != nil {
			t.Fatal(err)
		}
		if len(evs) != 1 || evs[0].Title != title {
			t.Fatalf("branch %s after the first start: %+v; want this month's meeting %q", b, evs, title)
		}
	}
	head := r.newMember(t, 1)
	if _, err := st.Grant(ctx, chat.Telegram, head.ID(), store.RoleHead, branch); err != nil {
		t.Fatal(err)
	}
	head.Say("/baocao")
	head.Replies(1)
	found := false
	for _, c := range head.Choices() {
		found = found || strings.Contains(c, title)
	}
	if !found {
		t.Fatalf("/baocao on the first day offers %q; want this month's meeting %q", head.Choices(), title)
	}

	// A restart on the same Redis adds nothing.
	p.stop()
	env := r.env
	env["REDIS_URL"] = p.env["REDIS_URL"]
	startProgram(t, env, r.secrets...)
	evs, err := st.UnitEvents(ctx, branch, month.Start, month.End())
	if err != nil || len(evs) != 1 {
		t.Fatalf("after a restart: %d events, %v; want still 1", len(evs), err)
	}
}
