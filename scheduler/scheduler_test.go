package scheduler_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"loa/internal/testkit"
	"loa/scheduler"
	"loa/store"
	"loa/store/redistest"
	"loa/vntime"
)

var vn = vntime.Zone

// at reads "2026-03-02 08:00" in Vietnam time.
func at(t testing.TB, s string) time.Time {
	t.Helper()
	v, err := time.ParseInLocation("2006-01-02 15:04:05", s, vn)
	if err != nil {
		v, err = time.ParseInLocation("2006-01-02 15:04", s, vn)
	}
	if err != nil {
		t.Fatalf("bad time %q: %v", s, err)
	}
	return v
}

type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *fakeClock) Set(t time.Time) { c.mu.Lock(); c.now = t; c.mu.Unlock() }

// runs records every slot a job ran, across replicas.
type runs struct {
	mu    sync.Mutex
	slots []time.Time
}

func (r *runs) job(id, spec string, quiet bool) scheduler.Job {
	return scheduler.Job{ID: id, Spec: spec, Quiet: quiet, Description: "test " + id,
		Run: func(ctx context.Context, slot time.Time) error {
			r.mu.Lock()
			defer r.mu.Unlock()
			r.slots = append(r.slots, slot)
			return nil
		}}
}

func (r *runs) got() []time.Time {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]time.Time(nil), r.slots...)
}

type rig struct {
	st    *store.Store
	logs  *testkit.LogBuffer
	clock *fakeClock
}

func newRig(t *testing.T) *rig {
	srv := redistest.Start(t)
	return &rig{st: store.New(srv.Client()), logs: &testkit.LogBuffer{}, clock: &fakeClock{}}
}

func (r *rig) scheduler(t *testing.T, o scheduler.Options, jobs ...scheduler.Job) *scheduler.Scheduler {
	t.Helper()
	if o.Logger == nil {
		o.Logger = slog.New(slog.NewTextHandler(r.logs, nil))
	}
	if o.Clock == nil {
		o.Clock = r.clock
	}
	s := scheduler.New(r.st, o)
	for _, j := range jobs {
		if err := s.Register(j); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

func tick(t *testing.T, s *scheduler.Scheduler, now time.Time) []scheduler.Firing {
	t.Helper()
	fs, err := s.Tick(context.Background(), now)
	if err != nil {
		t.Fatalf("tick at %s: %v", now, err)
	}
	return fs
}

func wantSlots(t *testing.T, got []time.Time, want ...time.Time) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("ran %d times %v, want %d %v", len(got), got, len(want), want)
	}
	for i := range want {
		if !got[i].Equal(want[i]) {
			t.Fatalf("run %d at slot %s, want %s", i, got[i].In(vn), want[i])
		}
	}
}

func TestCronJobFiresOncePerSlot(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	var rs runs
	s := r.scheduler(t, scheduler.Options{}, rs.job("daily", "0 8 * * *", false))

	tick(t, s, at(t, "2026-03-02 07:00")) // first sight: starts from now
	tick(t, s, at(t, "2026-03-02 07:59:59"))
	wantSlots(t, rs.got())

	fs := tick(t, s, at(t, "2026-03-02 08:00"))
	if len(fs) != 1 || fs[0].Outcome != "fired" || !fs[0].Slot.Equal(at(t, "2026-03-02 08:00")) {
		t.Fatalf("firings at 08:00 = %+v", fs)
	}
	tick(t, s, at(t, "2026-03-02 08:00:30"))
	tick(t, s, at(t, "2026-03-02 09:00"))
	tick(t, s, at(t, "2026-03-02 20:00"))
	wantSlots(t, rs.got(), at(t, "2026-03-02 08:00"))

	tick(t, s, at(t, "2026-03-03 08:00:01"))
	wantSlots(t, rs.got(), at(t, "2026-03-02 08:00"), at(t, "2026-03-03 08:00"))
}

func TestThreeReplicasFireEachSlotOnce(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	var rs runs
	var replicas []*scheduler.Scheduler
	for i := range 3 {
		replicas = append(replicas, r.scheduler(t, scheduler.Options{Owner: fmt.Sprintf("replica-%d", i)},
			rs.job("every5", "*/5 * * * *", false)))
	}
	start := at(t, "2026-06-01 09:58")
	for _, s := range replicas {
		tick(t, s, start)
	}
	// Two hours of ticks every 20 s; each replica's clock is a little
	// off from the others', and they tick at the same moment.
	for now := start; now.Before(start.Add(2 * time.Hour)); now = now.Add(20 * time.Second) {
		var wg sync.WaitGroup
		for i, s := range replicas {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, err := s.Tick(context.Background(), now.Add(time.Duration(i)*7*time.Second)); err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
	}
	got := rs.got()
	seen := map[int64]int{}
	for _, slot := range got {
		seen[slot.Unix()]++
	}
	want := 0
	for slot := at(t, "2026-06-01 10:00"); slot.Before(start.Add(2 * time.Hour)); slot = slot.Add(5 * time.Minute) {
		want++
		if seen[slot.Unix()] != 1 {
			t.Errorf("slot %s fired %d times, want 1", slot.Format("15:04"), seen[slot.Unix()])
		}
	}
	if len(got) != want {
		t.Fatalf("%d firings for %d slots", len(got), want)
	}
}

func TestMissedSlotYoungerThanMaxCatchUpIsCaughtUpOnce(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	var rs runs
	before := r.scheduler(t, scheduler.Options{}, rs.job("daily", "0 8 * * *", false))
	tick(t, before, at(t, "2026-03-02 07:00")) // then every process is down over 08:00

	after := r.scheduler(t, scheduler.Options{MaxCatchUp: 6 * time.Hour}, rs.job("daily", "0 8 * * *", false))
	fs := tick(t, after, at(t, "2026-03-02 13:30"))
	if len(fs) != 1 || fs[0].Outcome != "fired" {
		t.Fatalf("firings = %+v", fs)
	}
	tick(t, after, at(t, "2026-03-02 13:31"))
	tick(t, before, at(t, "2026-03-02 13:32")) // the old process comes back too
	wantSlots(t, rs.got(), at(t, "2026-03-02 08:00"))
	if !strings.Contains(r.logs.String(), "catching up a missed slot") {
		t.Fatalf("no catch-up log line:\n%s", r.logs.String())
	}
}

func TestMissedSlotOlderThanMaxCatchUpIsSkippedAndLogged(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	var rs runs
	s := r.scheduler(t, scheduler.Options{MaxCatchUp: 6 * time.Hour}, rs.job("daily", "0 8 * * *", false))
	tick(t, s, at(t, "2026-03-02 07:00"))
	fs := tick(t, s, at(t, "2026-03-02 14:00:01"))
	if len(fs) != 1 || fs[0].Outcome != "skipped-missed" {
		t.Fatalf("firings = %+v", fs)
	}
	tick(t, s, at(t, "2026-03-02 14:05"))
	wantSlots(t, rs.got())
	if logs := r.logs.String(); !strings.Contains(logs, "missed slot skipped") || !strings.Contains(logs, "job=daily") {
		t.Fatalf("skip not logged with the job:\n%s", logs)
	}
	tick(t, s, at(t, "2026-03-03 08:00"))
	wantSlots(t, rs.got(), at(t, "2026-03-03 08:00"))
}

func TestSeveralMissedSlotsFireOnlyTheNewest(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	var rs runs
	s := r.scheduler(t, scheduler.Options{}, rs.job("hourly", "0 * * * *", false))
	tick(t, s, at(t, "2026-03-02 07:30"))
	tick(t, s, at(t, "2026-03-02 10:10")) // 08:00, 09:00, 10:00 missed
	wantSlots(t, rs.got(), at(t, "2026-03-02 10:00"))
}

func TestQuietHoursDeferA2200PostTo0700(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	var post, internal runs
	s := r.scheduler(t, scheduler.Options{},
		post.job("post:evening", "0 22 * * *", true),
		internal.job("close", "0 22 * * *", false))
	tick(t, s, at(t, "2026-03-02 21:00"))

	ups, err := s.Upcoming(context.Background(), at(t, "2026-03-02 21:00"), at(t, "2026-03-03 21:00"))
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range ups {
		if u.JobID == "post:evening" && !u.Due.Equal(at(t, "2026-03-03 07:00")) {
			t.Fatalf("upcoming post due %s, want 07:00", u.Due.In(vn))
		}
	}

	tick(t, s, at(t, "2026-03-02 22:00"))
	wantSlots(t, internal.got(), at(t, "2026-03-02 22:00")) // not quiet: on time
	tick(t, s, at(t, "2026-03-03 03:00"))
	tick(t, s, at(t, "2026-03-03 06:59:59"))
	wantSlots(t, post.got())
	fs := tick(t, s, at(t, "2026-03-03 07:00"))
	if len(fs) != 1 || !fs[0].Due.Equal(at(t, "2026-03-03 07:00")) {
		t.Fatalf("firings at 07:00 = %+v", fs)
	}
	// The slot keeps its own time (idempotency keys stay the same).
	wantSlots(t, post.got(), at(t, "2026-03-02 22:00"))
	tick(t, s, at(t, "2026-03-03 08:00"))
	wantSlots(t, post.got(), at(t, "2026-03-02 22:00"))
}

func TestQuietHoursConfigurable(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	var rs runs
	q, err := scheduler.ParseQuietHours("22-6")
	if err != nil {
		t.Fatal(err)
	}
	s := r.scheduler(t, scheduler.Options{Quiet: &q}, rs.job("post:a", "30 21 * * *", true))
	tick(t, s, at(t, "2026-03-02 21:00"))
	tick(t, s, at(t, "2026-03-02 21:30")) // 21:30 is outside 22–6
	wantSlots(t, rs.got(), at(t, "2026-03-02 21:30"))

	for _, bad := range []string{"21", "25-7", "a-b", "21-7-1"} {
		if _, err := scheduler.ParseQuietHours(bad); err == nil {
			t.Errorf("ParseQuietHours(%q) accepted", bad)
		}
	}
	if q, err := scheduler.ParseQuietHours("off"); err != nil || q.Contains(at(t, "2026-03-02 23:00"), vn) {
		t.Errorf("off: %v %v", q, err)
	}
}

func TestPauseAndResumeAcrossReplicas(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	var rs runs
	bot := r.scheduler(t, scheduler.Options{}, rs.job("daily", "0 8 * * *", false))
	if err := bot.Publish(context.Background()); err != nil {
		t.Fatal(err)
	}
	admin := r.scheduler(t, scheduler.Options{}) // the CLI: no jobs of its own
	ctx := context.Background()
	if err := admin.Pause(ctx, "nope"); !errors.Is(err, scheduler.ErrUnknownJob) {
		t.Fatalf("pause of an unknown job: %v", err)
	}
	tick(t, bot, at(t, "2026-03-02 07:00"))
	if err := admin.Pause(ctx, "daily"); err != nil {
		t.Fatal(err)
	}
	list, err := admin.List(ctx)
	if err != nil || len(list) != 1 || !list[0].Paused {
		t.Fatalf("list = %+v, %v", list, err)
	}
	fs := tick(t, bot, at(t, "2026-03-02 08:00"))
	if len(fs) != 1 || fs[0].Outcome != "skipped-paused" {
		t.Fatalf("firings while paused = %+v", fs)
	}
	if err := admin.Resume(ctx, "daily"); err != nil {
		t.Fatal(err)
	}
	tick(t, bot, at(t, "2026-03-02 09:00")) // resuming does not bring back 08:00
	wantSlots(t, rs.got())
	tick(t, bot, at(t, "2026-03-03 08:00"))
	wantSlots(t, rs.got(), at(t, "2026-03-03 08:00"))

	r.clock.Set(at(t, "2026-03-03 09:00"))
	list, err = admin.List(ctx)
	if err != nil || list[0].Paused || !list[0].Last.Equal(at(t, "2026-03-03 08:00")) || !list[0].NextDue.Equal(at(t, "2026-03-04 08:00")) {
		t.Fatalf("list after resume = %+v, %v", list, err)
	}
}

func TestRunNowTwiceRunsOnce(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	var rs runs
	a := r.scheduler(t, scheduler.Options{Owner: "a"}, rs.job("post:x", "0 8 * * 1", true))
	b := r.scheduler(t, scheduler.Options{Owner: "b"}, rs.job("post:x", "0 8 * * 1", true))
	ctx := context.Background()
	r.clock.Set(at(t, "2026-03-04 10:15:20"))
	var wg sync.WaitGroup
	ran := make([]bool, 4)
	for i := range ran {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := a
			if i%2 == 1 {
				s = b
			}
			var err error
			if ran[i], err = s.RunNow(ctx, "post:x"); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	n := 0
	for _, ok := range ran {
		if ok {
			n++
		}
	}
	if n != 1 {
		t.Fatalf("%d of 4 simultaneous run-now calls ran, want 1", n)
	}
	wantSlots(t, rs.got(), at(t, "2026-03-04 10:15"))

	r.clock.Set(at(t, "2026-03-04 10:16:01"))
	if ok, err := a.RunNow(ctx, "post:x"); !ok || err != nil {
		t.Fatalf("run-now a minute later: %v %v", ok, err)
	}
	r.clock.Set(at(t, "2026-03-04 22:30"))
	if _, err := a.RunNow(ctx, "post:x"); !errors.Is(err, scheduler.ErrQuietHours) {
		t.Fatalf("run-now of a post at 22:30: %v", err)
	}
	if _, err := a.RunNow(ctx, "post:nope"); !errors.Is(err, scheduler.ErrUnknownJob) {
		t.Fatalf("run-now of an unknown job: %v", err)
	}
	// Run-now does not touch the schedule: Monday 08:00 still fires.
	tick(t, a, at(t, "2026-03-08 12:00"))
	tick(t, a, at(t, "2026-03-09 08:00"))
	if got := rs.got(); len(got) != 3 || !got[2].Equal(at(t, "2026-03-09 08:00")) {
		t.Fatalf("runs = %v", got)
	}
}

// AtStart jobs run once when the bot starts, once across replicas starting
// in the same minute, not in quiet hours for a quiet job; other jobs wait
// for their slots.
func TestRunAtStartRunsTheStartJobsOnce(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	var rs, other runs
	catchUp := rs.job("meetings:catch-up", "0 * * * *", true)
	catchUp.AtStart = true
	jobs := []scheduler.Job{catchUp, other.job("post:x", "0 8 * * 1", true)}
	a := r.scheduler(t, scheduler.Options{Owner: "a"}, jobs...)
	b := r.scheduler(t, scheduler.Options{Owner: "b"}, jobs...)
	ctx := context.Background()
	r.clock.Set(at(t, "2026-03-04 10:15:20"))
	for _, s := range []*scheduler.Scheduler{a, b} {
		if err := s.RunAtStart(ctx); err != nil {
			t.Fatal(err)
		}
	}
	wantSlots(t, rs.got(), at(t, "2026-03-04 10:15"))
	if got := other.got(); len(got) != 0 {
		t.Fatalf("a job without AtStart ran at start: %v", got)
	}
	r.clock.Set(at(t, "2026-03-04 22:30"))
	if err := a.RunAtStart(ctx); err != nil {
		t.Fatalf("a quiet start job in quiet hours: %v, want skipped without error", err)
	}
	wantSlots(t, rs.got(), at(t, "2026-03-04 10:15"))
}

func TestRunServesRunNowRequests(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	ran := startInternalJob(t, r, nil)
	admin := scheduler.New(r.st, scheduler.Options{})
	requestRunAndWait(t, r, admin, ran, "the requested job")
	select {
	case slot := <-ran:
		t.Fatalf("ran twice (slot %s)", slot)
	case <-time.After(100 * time.Millisecond):
	}
}

func TestParseSpecListsDatesWithoutCrossProduct(t *testing.T) {
	t.Parallel()
	s, err := scheduler.ParseSpec("0 8 8 3 *; 0 8 20 10 *", vn)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for slot := s.Next(at(t, "2026-01-01 00:00")); len(got) < 4; slot = s.Next(slot) {
		got = append(got, slot.In(vn).Format("2006-01-02 15:04"))
	}
	want := "2026-03-08 08:00 2026-10-20 08:00 2027-03-08 08:00 2027-10-20 08:00"
	if strings.Join(got, " ") != want {
		t.Fatalf("slots %v, want %s", got, want)
	}
	// Schedules are read in Vietnam time whatever the input's zone.
	if n := s.Next(at(t, "2026-01-01 00:00").UTC()); !n.Equal(at(t, "2026-03-08 08:00")) {
		t.Fatalf("next from UTC input = %s", n)
	}
	for _, bad := range []string{"", "0 8 * *", "61 8 * * *", "0 8 * * 1; nonsense"} {
		if _, err := scheduler.ParseSpec(bad, vn); err == nil {
			t.Errorf("ParseSpec(%q) accepted", bad)
		}
	}
}

func TestRegisterRejectsBadJobs(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	s := r.scheduler(t, scheduler.Options{})
	run := func(context.Context, time.Time) error { return nil }
	for _, j := range []scheduler.Job{
		{ID: "Bad ID", Spec: "* * * * *", Run: run},
		{ID: "x{y}", Spec: "* * * * *", Run: run},
		{ID: "ok", Spec: "0 25 * * *", Run: run},
		{ID: "norun", Spec: "* * * * *"},
	} {
		if err := s.Register(j); err == nil {
			t.Errorf("Register(%q, %q) accepted", j.ID, j.Spec)
		}
	}
	if err := s.Register(scheduler.Job{ID: "ok", Spec: "@daily", Run: run}); err != nil {
		t.Fatal(err)
	}
	if err := s.Register(scheduler.Job{ID: "ok", Spec: "@daily", Run: run}); !errors.Is(err, scheduler.ErrDuplicate) {
		t.Fatalf("duplicate: %v", err)
	}
	if err := s.Replace("post:", []scheduler.Job{{ID: "post:a", Spec: "@daily", Run: run}, {ID: "post:b", Spec: "@weekly", Run: run}}); err != nil {
		t.Fatal(err)
	}
	if err := s.Replace("post:", []scheduler.Job{{ID: "post:b", Spec: "@monthly", Run: run}}); err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, j := range s.Jobs() {
		ids = append(ids, j.ID+"="+j.Spec)
	}
	if got := strings.Join(ids, ","); got != "ok=@daily,post:b=@monthly" {
		t.Fatalf("jobs after replace: %s", got)
	}
}

func TestAJobErrorIsLoggedAndTheSlotStaysFired(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	calls := 0
	s := r.scheduler(t, scheduler.Options{}, scheduler.Job{ID: "flaky", Spec: "0 8 * * *", Run: func(context.Context, time.Time) error {
		calls++
		return errors.New("boom")
	}})
	tick(t, s, at(t, "2026-03-02 07:00"))
	fs := tick(t, s, at(t, "2026-03-02 08:00"))
	if len(fs) != 1 || fs[0].Err == nil {
		t.Fatalf("firings = %+v", fs)
	}
	tick(t, s, at(t, "2026-03-02 08:01"))
	if calls != 1 || !strings.Contains(r.logs.String(), "job failed") {
		t.Fatalf("calls=%d logs:\n%s", calls, r.logs.String())
	}
}

// TestEveryRunNowRequestRuns: a request made after the minute's run-now
// already ran (a second head granted from the command line within the
// minute) was dropped, and waited for the job's next slot, an hour later.
// Each request taken runs the job once, whatever ran earlier that minute.
func TestEveryRunNowRequestRuns(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	r.clock.Set(at(t, "2026-03-04 10:15:20")) // every request below falls in this minute
	ran := startInternalJob(t, r, r.clock)
	admin := scheduler.New(r.st, scheduler.Options{Clock: r.clock})
	request := func(n int) {
		t.Helper()
		requestRunAndWait(t, r, admin, ran, fmt.Sprintf("request %d", n))
	}
	request(1)
	request(2) // same minute, after the first ran
	select {
	case slot := <-ran:
		t.Fatalf("ran a third time (slot %s)", slot)
	case <-time.After(100 * time.Millisecond):
	}
}

// startInternalJob runs a scheduler (clock nil: the real one) with the job
// "internal", whose every run sends its slot on the returned channel; it
// stops with the test.
func startInternalJob(t *testing.T, r *rig, clock scheduler.Clock) <-chan time.Time {
	t.Helper()
	ran := make(chan time.Time, 4)
	job := scheduler.Job{ID: "internal", Spec: "0 3 1 1 *", Run: func(ctx context.Context, slot time.Time) error {
		ran <- slot
		return nil
	}}
	quiet := scheduler.QuietHours{}
	bot := scheduler.New(r.st, scheduler.Options{Poll: 20 * time.Millisecond, Quiet: &quiet, Clock: clock,
		Logger: slog.New(slog.NewTextHandler(r.logs, nil))})
	if err := bot.Register(job); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- bot.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; !errors.Is(err, context.Canceled) {
			t.Errorf("Run returned %v", err)
		}
	})
	return ran
}

// requestRunAndWait asks for a run of the job "internal" from another
// scheduler (as the admin command does), retrying while the running one has
// not published its jobs yet, and waits until the job ran. Its deadlines
// only catch a scheduler that never publishes or never runs the job: the
// race-checked suite beside it on a loaded machine can delay a start by
// seconds.
func requestRunAndWait(t *testing.T, r *rig, admin *scheduler.Scheduler, ran <-chan time.Time, what string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		err := admin.RequestRun(context.Background(), "internal")
		if err == nil {
			break
		}
		if !errors.Is(err, scheduler.ErrUnknownJob) || time.Now().After(deadline) {
			t.Fatalf("request run: %v", err) // the bot publishes its jobs at start
		}
		time.Sleep(10 * time.Millisecond)
	}
	select {
	case <-ran:
	case <-time.After(30 * time.Second):
		t.Fatalf("%s did not run:\n%s", what, r.logs.String())
	}
}
