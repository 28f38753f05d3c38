package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"loa/store"
	"loa/store/redistest"
)

func TestSchedulerSlotKeysAndTTLs(t *testing.T) {
	t.Parallel()
	srv := redistest.Start(t)
	rdb := srv.Client()
	st := store.New(rdb)
	ctx := context.Background()
	base := time.Unix(1772413200, 0) // 2026-03-02 08:00 +07:00

	got, err := st.InitLastSlot(ctx, "post:a", base.Add(-time.Hour))
	if err != nil || !got.Equal(base.Add(-time.Hour)) {
		t.Fatalf("init: %v %v", got, err)
	}
	if got, _ := st.InitLastSlot(ctx, "post:a", base.Add(time.Hour)); !got.Equal(base.Add(-time.Hour)) {
		t.Fatalf("a second init must keep the first: %v", got)
	}
	if v := rdb.Get(ctx, "loa:{sched:post:a}:last").Val(); v != "1772409600" {
		t.Fatalf("last = %q", v)
	}

	ok, err := st.ClaimSlot(ctx, "post:a", base, "replica-1", 72*time.Hour)
	if err != nil || !ok {
		t.Fatalf("claim: %v %v", ok, err)
	}
	if ok, _ := st.ClaimSlot(ctx, "post:a", base, "replica-2", 72*time.Hour); ok {
		t.Fatal("a slot was claimed twice")
	}
	lock := "loa:{sched:post:a}:lock:1772413200"
	if v := rdb.Get(ctx, lock).Val(); v != "replica-1" {
		t.Fatalf("lock owner = %q", v)
	}
	if ttl := rdb.PTTL(ctx, lock).Val(); ttl < 71*time.Hour || ttl > 72*time.Hour {
		t.Fatalf("lock TTL = %s", ttl)
	}
	if rdb.TTL(ctx, "loa:{sched:post:a}:last").Val() != -1 {
		t.Fatal("the last-slot record must not expire")
	}
	// Even with its lock gone, a handled slot is not fired again.
	rdb.Del(ctx, lock)
	if ok, _ := st.ClaimSlot(ctx, "post:a", base, "replica-3", time.Hour); ok {
		t.Fatal("a slot at or before the last one fired again")
	}
	if ok, _ := st.SkipSlot(ctx, "post:a", base.Add(-time.Minute)); ok {
		t.Fatal("skipping an older slot must do nothing")
	}
	if ok, _ := st.SkipSlot(ctx, "post:a", base.Add(24*time.Hour)); !ok {
		t.Fatal("skip of a new slot")
	}
	if n := rdb.Exists(ctx, "loa:{sched:post:a}:lock:1772499600").Val(); n != 0 {
		t.Fatal("a skip must take no lock")
	}
	lasts, err := st.LastSlots(ctx, []string{"post:a", "post:never"})
	if err != nil || len(lasts) != 1 || !lasts["post:a"].Equal(base.Add(24*time.Hour)) {
		t.Fatalf("last slots = %v %v", lasts, err)
	}

	// Run-now: one per minute slot, leaving the last slot alone.
	if ok, _ := st.ClaimRunNow(ctx, "post:a", base.Add(time.Minute), "x", time.Hour); !ok {
		t.Fatal("run-now")
	}
	if ok, _ := st.ClaimRunNow(ctx, "post:a", base.Add(time.Minute), "y", time.Hour); ok {
		t.Fatal("run-now twice")
	}
	if lasts, _ := st.LastSlots(ctx, []string{"post:a"}); !lasts["post:a"].Equal(base.Add(24 * time.Hour)) {
		t.Fatal("run-now moved the last slot")
	}

	if _, err := st.ClaimSlot(ctx, "bad{id}", base, "x", time.Hour); !errors.Is(err, store.ErrBadJobID) {
		t.Fatalf("bad id: %v", err)
	}
}

func TestSchedulerRegistryPauseAndRequests(t *testing.T) {
	t.Parallel()
	srv := redistest.Start(t)
	st := store.New(srv.Client())
	ctx := context.Background()
	jobs := []store.ScheduledJob{{ID: "post:b", Spec: "0 8 * * 1", Quiet: true, Units: []string{"*"}}, {ID: "attendance:close", Spec: "*/5 * * * *"}}
	if err := st.PublishScheduledJobs(ctx, jobs); err != nil {
		t.Fatal(err)
	}
	if err := st.PublishScheduledJobs(ctx, jobs[1:]); err != nil { // replaced whole
		t.Fatal(err)
	}
	got, err := st.ScheduledJobs(ctx)
	if err != nil || len(got) != 1 || got[0].ID != "attendance:close" || got[0].Spec != "*/5 * * * *" {
		t.Fatalf("registry = %+v %v", got, err)
	}
	if err := st.SetJobPaused(ctx, "post:b", true); err != nil {
		t.Fatal(err)
	}
	if p, _ := st.PausedJobs(ctx); !p["post:b"] {
		t.Fatal("not paused")
	}
	_ = st.SetJobPaused(ctx, "post:b", false)
	if p, _ := st.PausedJobs(ctx); p["post:b"] {
		t.Fatal("still paused")
	}
	_ = st.RequestJobRun(ctx, "post:b")
	_ = st.RequestJobRun(ctx, "post:b")
	if reqs, _ := st.JobRunRequests(ctx); len(reqs) != 1 {
		t.Fatalf("requests = %v", reqs)
	}
	if ok, _ := st.TakeJobRunRequest(ctx, "post:b"); !ok {
		t.Fatal("take")
	}
	if ok, _ := st.TakeJobRunRequest(ctx, "post:b"); ok {
		t.Fatal("taken twice")
	}
}
