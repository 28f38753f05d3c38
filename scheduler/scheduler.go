// Package scheduler runs Loa's timed work — outreach posts, attendance
// reminders, monthly meetings — on cron schedules read in Asia/Ho_Chi_Minh,
// with every replica of the bot running the same schedules and Redis making
// them agree.
//
// # One firing per slot
//
// A slot is a time a job's schedule names (08:00 on Monday). Every replica
// computes the same slots; whichever reaches a slot first takes its lock in
// Redis (store.ClaimSlot: SET NX keyed by job and slot, in the same script
// that moves the job's "last slot" record), fires, and the others find it
// taken. So N replicas fire every slot exactly once, and a slot is never
// fired twice even after its lock expires, because its last-slot record has
// moved past it. The claim comes before the run: a replica that dies in the
// middle of a job leaves that slot unfinished (at most once); jobs make their
// own work idempotent (a post's delivery job has an idempotency key per slot).
//
// # Missed slots
//
// When every replica was down over a slot, the next tick finds it in the
// past. Policy: only the newest missed slot of a job is considered (older
// ones are superseded: nobody wants three copies of a daily post at once);
// it fires if it became due less than MaxCatchUp ago (default 6 h) and is
// skipped with a log line otherwise. A job seen for the first time starts
// from now and does not fire for the past. A paused job's slots are skipped
// as they come due, so resuming does not send a burst.
//
// # Quiet hours
//
// A job marked Quiet (posts) never goes out in quiet hours (default
// 21:00–07:00): a slot inside them becomes due at their end. The slot keeps
// its own time, so its idempotency key stays the same.
//
// # Time
//
// Tick(ctx, now) does all the work for one moment, so tests drive the
// scheduler with any clock they like; Run calls Tick at each due time on the
// real clock. robfig/cron is used for what it does best, parsing specs and
// computing Next; the loop, the locks and the policy are ours.
package scheduler

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"slices"
	"sort"
	"strconv"
	"sync"
	"time"

	"loa/store"
	"loa/vntime"
)

// Job is one piece of timed work.
type Job struct {
	ID          string // stable name: "post:vneid-lua-dao", "attendance:close"; a-z 0-9 : _ . -
	Spec        string // cron spec(s), see ParseSpec
	Description string // one line for `bot admin jobs list` and /lich
	Quiet       bool   // respect quiet hours (anything that messages members)
	// Units the job concerns, for /lich scopes ("*" = everyone); empty
	// for internal work.
	Units []string
	// AtStart: the job also runs once when the bot starts (RunAtStart),
	// for work that must be there from the first minute rather than from
	// the first slot (a job seen for the first time does not fire for the
	// past). A quiet job skips it in quiet hours; its next slot comes due
	// when they end.
	AtStart bool
	// Run does the work of one slot. slot is the scheduled time (or the
	// minute of a run-now), stable across replicas: use it in idempotency
	// keys.
	Run func(ctx context.Context, slot time.Time) error
}

// Clock tells the time; tests pass a fake one.
type Clock interface {
	Now() time.Time
}

type realClock struct{}

func (realClock) Now() time.Time { return time.Now() }

// Options tune a Scheduler; the zero value gives the defaults.
type Options struct {
	Location   *time.Location // default Asia/Ho_Chi_Minh
	Clock      Clock          // default the real clock (RunNow, Run)
	MaxCatchUp time.Duration  // default 6h
	Quiet      *QuietHours    // nil: DefaultQuietHours; &QuietHours{} for none
	LockTTL    time.Duration  // lifetime of a firing's lock; default 72h
	Poll       time.Duration  // how often Run looks for run-now requests; default 2s
	JobGrace   time.Duration  // how long running jobs may go on after Run's ctx ends; default 30s
	Owner      string         // written into locks; default host:pid
	Logger     *slog.Logger
}

// Errors callers act on.
var (
	ErrUnknownJob = errors.New("unknown job")
	ErrQuietHours = errors.New("quiet hours: the job waits until they end")
	ErrDuplicate  = errors.New("job id already registered")
)

// Scheduler fires registered jobs at their slots, once across replicas.
type Scheduler struct {
	st         *store.Store
	loc        *time.Location
	clock      Clock
	maxCatchUp time.Duration
	quiet      QuietHours
	lockTTL    time.Duration
	poll       time.Duration
	grace      time.Duration
	owner      string
	log        *slog.Logger

	mu        sync.Mutex
	jobs      map[string]*entry
	lastKnown map[string]time.Time // last slot seen in Redis at the latest tick
	changed   chan struct{}        // registry changed: Run republishes and recomputes
}

type entry struct {
	job   Job
	sched Schedule
}

// New makes a scheduler over st. With no jobs registered it is also the
// admin's view: List, Pause, Resume and RequestRun work on what the running
// bot published.
func New(st *store.Store, o Options) *Scheduler {
	if o.Location == nil {
		o.Location = vntime.Zone
	}
	if o.Clock == nil {
		o.Clock = realClock{}
	}
	if o.MaxCatchUp <= 0 {
		o.MaxCatchUp = 6 * time.Hour
	}
	q := DefaultQuietHours
	if o.Quiet != nil {
		q = *o.Quiet
	}
	if o.LockTTL <= 0 {
		o.LockTTL = 72 * time.Hour
	}
	if min := o.MaxCatchUp + 24*time.Hour; o.LockTTL < min {
		o.LockTTL = min // a slot may be due up to a quiet night plus MaxCatchUp late
	}
	if o.Poll <= 0 {
		o.Poll = 2 * time.Second
	}
	if o.JobGrace <= 0 {
		o.JobGrace = 30 * time.Second
	}
	if o.Owner == "" {
		host, _ := os.Hostname()
		o.Owner = host + ":" + strconv.Itoa(os.Getpid())
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	return &Scheduler{
		st: st, loc: o.Location, clock: o.Clock, maxCatchUp: o.MaxCatchUp, quiet: q,
		lockTTL: o.LockTTL, poll: o.Poll, grace: o.JobGrace, owner: o.Owner,
		log:       o.Logger.With("component", "scheduler"),
		jobs:      map[string]*entry{},
		lastKnown: map[string]time.Time{},
		changed:   make(chan struct{}, 1),
	}
}

// Location is the zone schedules are read in.
func (s *Scheduler) Location() *time.Location { return s.loc }

// QuietHours are the hours quiet jobs wait out.
func (s *Scheduler) QuietHours() QuietHours { return s.quiet }

// Register adds a job. Its spec must parse and its id be new.
func (s *Scheduler) Register(j Job) error {
	if err := store.CheckJobID(j.ID); err != nil {
		return fmt.Errorf("register job: %w", err)
	}
	if j.Run == nil {
		return fmt.Errorf("register job %s: no Run func", j.ID)
	}
	sched, err := ParseSpec(j.Spec, s.loc)
	if err != nil {
		return fmt.Errorf("register job %s: %w", j.ID, err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, dup := s.jobs[j.ID]; dup {
		return fmt.Errorf("register job %s: %w", j.ID, ErrDuplicate)
	}
	s.jobs[j.ID] = &entry{job: j, sched: sched}
	s.notifyChanged()
	return nil
}

// Replace swaps every job whose id starts with prefix for jobs (all of
// which must start with it): how the post library's reload reaches the
// scheduler. Nothing changes when one of them is invalid.
func (s *Scheduler) Replace(prefix string, jobs []Job) error {
	next := make(map[string]*entry, len(jobs))
	for _, j := range jobs {
		if len(j.ID) < len(prefix) || j.ID[:len(prefix)] != prefix {
			return fmt.Errorf("replace jobs: %s does not start with %q", j.ID, prefix)
		}
		if err := store.CheckJobID(j.ID); err != nil {
			return fmt.Errorf("replace jobs: %w", err)
		}
		if j.Run == nil {
			return fmt.Errorf("replace jobs: %s has no Run func", j.ID)
		}
		sched, err := ParseSpec(j.Spec, s.loc)
		if err != nil {
			return fmt.Errorf("replace jobs: %s: %w", j.ID, err)
		}
		if _, dup := next[j.ID]; dup {
			return fmt.Errorf("replace jobs: %s: %w", j.ID, ErrDuplicate)
		}
		next[j.ID] = &entry{job: j, sched: sched}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for id := range s.jobs {
		if len(id) >= len(prefix) && id[:len(prefix)] == prefix {
			delete(s.jobs, id)
		}
	}
	for id, e := range next {
		s.jobs[id] = e
	}
	s.notifyChanged()
	return nil
}

func (s *Scheduler) notifyChanged() {
	select {
	case s.changed <- struct{}{}:
	default:
	}
}

// Jobs returns the registered jobs, sorted by id.
func (s *Scheduler) Jobs() []Job {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Job, 0, len(s.jobs))
	for _, e := range s.jobs {
		out = append(out, e.job)
	}
	sort.Slice(out, func(i, k int) bool { return out[i].ID < out[k].ID })
	return out
}

func (s *Scheduler) entries() []*entry {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]*entry, 0, len(s.jobs))
	for _, e := range s.jobs {
		out = append(out, e)
	}
	sort.Slice(out, func(i, k int) bool { return out[i].job.ID < out[k].job.ID })
	return out
}

func (s *Scheduler) entry(id string) (*entry, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e, ok := s.jobs[id]
	return e, ok
}

// due is when a slot of e may fire: quiet jobs wait out quiet hours.
func (s *Scheduler) due(e *entry, slot time.Time) time.Time {
	if e.job.Quiet {
		return s.quiet.Release(slot, s.loc)
	}
	return slot
}

// Firing is one slot a tick handled.
type Firing struct {
	JobID string
	Slot  time.Time // the scheduled time
	Due   time.Time // when it could go out (after quiet hours)
	// Outcome: "fired", "taken" (another replica or an earlier tick had
	// it), "skipped-missed" (older than MaxCatchUp), "skipped-paused".
	Outcome string
	Err     error // what Run returned
}

// maxSlotsPerTick bounds the walk over missed slots of one job (a
// minutely job after a month down is 43,200 slots).
const maxSlotsPerTick = 200000

// Tick handles everything due at now: for each job, the newest slot whose
// due time is at or before now and after the job's last handled slot fires
// (or is skipped, see the package doc). Claimed jobs run concurrently and
// Tick returns when they have finished. It is safe to call from several
// replicas and goroutines at once.
func (s *Scheduler) Tick(ctx context.Context, now time.Time) ([]Firing, error) {
	entries := s.entries()
	if len(entries) == 0 {
		return nil, nil
	}
	ids := make([]string, len(entries))
	for i, e := range entries {
		ids[i] = e.job.ID
	}
	paused, err := s.st.PausedJobs(ctx)
	if err != nil {
		return nil, fmt.Errorf("tick: %w", err)
	}
	lasts, err := s.st.LastSlots(ctx, ids)
	if err != nil {
		return nil, fmt.Errorf("tick: %w", err)
	}
	var (
		out  []Firing
		runs []int // indexes into out to run
		errs []error
	)
	for _, e := range entries {
		id := e.job.ID
		last, seen := lasts[id]
		if !seen {
			if last, err = s.st.InitLastSlot(ctx, id, now); err != nil {
				errs = append(errs, fmt.Errorf("tick %s: %w", id, err))
				continue
			}
		}
		last = last.In(s.loc)
		s.setLastKnown(id, last)
		var newest time.Time
		missed := 0
		for slot, n := e.sched.Next(last), 0; !slot.IsZero() && !s.due(e, slot).After(now) && n < maxSlotsPerTick; slot, n = e.sched.Next(slot), n+1 {
			if !newest.IsZero() {
				missed++
			}
			newest = slot
		}
		if newest.IsZero() {
			continue
		}
		f := Firing{JobID: id, Slot: newest, Due: s.due(e, newest)}
		log := s.log.With("job", id, "slot", newest.In(s.loc).Format(time.RFC3339))
		switch {
		case paused[id]:
			f.Outcome = "skipped-paused"
			if _, err := s.st.SkipSlot(ctx, id, newest); err != nil {
				errs = append(errs, fmt.Errorf("tick %s: %w", id, err))
				continue
			}
			log.Info("job paused: slot skipped", "superseded", missed)
		case now.Sub(f.Due) > s.maxCatchUp:
			f.Outcome = "skipped-missed"
			ok, err := s.st.SkipSlot(ctx, id, newest)
			if err != nil {
				errs = append(errs, fmt.Errorf("tick %s: %w", id, err))
				continue
			}
			if ok {
				log.Warn("missed slot skipped: older than the catch-up limit",
					"late", now.Sub(f.Due).Round(time.Second).String(), "max_catch_up", s.maxCatchUp.String(), "superseded", missed)
			} else {
				f.Outcome = "taken"
			}
		default:
			ok, err := s.st.ClaimSlot(ctx, id, newest, s.owner, s.lockTTL)
			if err != nil {
				errs = append(errs, fmt.Errorf("tick %s: %w", id, err))
				continue
			}
			if !ok {
				f.Outcome = "taken"
				break
			}
			f.Outcome = "fired"
			if late := now.Sub(f.Due); late > time.Minute {
				log.Info("catching up a missed slot", "late", late.Round(time.Second).String(), "superseded", missed)
			} else if missed > 0 {
				log.Info("older slots superseded by this one", "superseded", missed)
			}
			runs = append(runs, len(out))
		}
		s.setLastKnown(id, newest)
		out = append(out, f)
	}
	if len(runs) > 0 {
		jobCtx, release := s.jobContext(ctx)
		var wg sync.WaitGroup
		for _, i := range runs {
			e, ok := s.entry(out[i].JobID)
			if !ok {
				continue
			}
			wg.Add(1)
			go func(f *Firing) {
				defer wg.Done()
				f.Err = s.run(jobCtx, e, f.Slot, "slot")
			}(&out[i])
		}
		wg.Wait()
		release()
	}
	return out, errors.Join(errs...)
}

// jobContext lets running jobs finish for JobGrace after ctx ends, so a
// shutdown does not cut a post in the middle of adding its recipients.
func (s *Scheduler) jobContext(ctx context.Context) (context.Context, func()) {
	jobCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	done := make(chan struct{})
	go func() {
		select {
		case <-done:
		case <-ctx.Done():
			t := time.NewTimer(s.grace)
			defer t.Stop()
			select {
			case <-done:
			case <-t.C:
			}
		}
		cancel()
	}()
	return jobCtx, func() { close(done) }
}

// run calls the job's Run and logs the outcome; a panic is an error.
func (s *Scheduler) run(ctx context.Context, e *entry, slot time.Time, why string) (err error) {
	log := s.log.With("job", e.job.ID, "slot", slot.In(s.loc).Format(time.RFC3339), "trigger", why)
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("job %s panicked: %v", e.job.ID, p)
		}
		if err != nil {
			log.Error("job failed", "error", err)
		} else {
			log.Info("job ran")
		}
	}()
	return e.job.Run(ctx, slot)
}

func (s *Scheduler) setLastKnown(id string, t time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if t.After(s.lastKnown[id]) {
		s.lastKnown[id] = t
	}
}

// NextDue is the earliest time any registered job has a slot due after the
// slots seen so far; zero when no job has one.
func (s *Scheduler) NextDue(now time.Time) time.Time {
	var best time.Time
	for _, e := range s.entries() {
		s.mu.Lock()
		last, ok := s.lastKnown[e.job.ID]
		s.mu.Unlock()
		if !ok {
			return now // never ticked: tick now
		}
		slot := e.sched.Next(last)
		if slot.IsZero() {
			continue
		}
		d := s.due(e, slot)
		if best.IsZero() || d.Before(best) {
			best = d
		}
	}
	return best
}

// RunNow runs a registered job at once, outside its schedule, even when
// paused. The run takes a lock for the current minute, so two run-now
// presses (or two replicas serving one request) run it once; ran reports
// whether this call ran it. A quiet job refuses during quiet hours
// (ErrQuietHours).
func (s *Scheduler) RunNow(ctx context.Context, id string) (ran bool, err error) {
	e, ok := s.entry(id)
	if !ok {
		return false, fmt.Errorf("run %s: %w", id, ErrUnknownJob)
	}
	now := s.clock.Now()
	if e.job.Quiet && s.quiet.Contains(now, s.loc) {
		return false, fmt.Errorf("run %s: %w (%s)", id, ErrQuietHours, s.quiet)
	}
	slot := now.Truncate(time.Minute)
	ok, err = s.st.ClaimRunNow(ctx, id, slot, s.owner, s.lockTTL)
	if err != nil || !ok {
		return false, err
	}
	jobCtx, release := s.jobContext(ctx)
	defer release()
	return true, s.run(jobCtx, e, slot, "run-now")
}

// RunAtStart runs every registered AtStart job once, one after the other,
// as RunNow does (under its lock for the minute, so replicas starting
// together run each once); a quiet job is skipped in quiet hours. Failures
// are logged by the run and joined into the result; the caller decides
// whether they matter (main logs them and serves on: the job's slots try
// again).
func (s *Scheduler) RunAtStart(ctx context.Context) error {
	var errs []error
	for _, e := range s.entries() {
		if !e.job.AtStart {
			continue
		}
		if _, err := s.RunNow(ctx, e.job.ID); err != nil && !errors.Is(err, ErrQuietHours) {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// RequestRun asks whichever replica runs the scheduler to run a job now
// (the admin CLI has no delivery engine of its own). The job must be in the
// published registry.
func (s *Scheduler) RequestRun(ctx context.Context, id string) error {
	if err := s.known(ctx, id); err != nil {
		return err
	}
	return s.st.RequestJobRun(ctx, id)
}

// serveRunRequests runs the requested jobs this process knows. A quiet
// job's request waits for the end of quiet hours.
func (s *Scheduler) serveRunRequests(ctx context.Context) {
	ids, err := s.st.JobRunRequests(ctx)
	if err != nil {
		s.log.Warn("read run-now requests", "error", err)
		return
	}
	for _, id := range ids {
		e, ok := s.entry(id)
		if ok && e.job.Quiet && s.quiet.Contains(s.clock.Now(), s.loc) {
			continue
		}
		taken, err := s.st.TakeJobRunRequest(ctx, id)
		if err != nil || !taken {
			continue
		}
		if !ok {
			s.log.Warn("run-now request for a job this bot does not have", "job", id)
			continue
		}
		if _, err := s.RunNow(ctx, id); err != nil && !errors.Is(err, ErrQuietHours) {
			s.log.Warn("run-now request", "job", id, "error", err)
		}
	}
}

// Pause stops a job's slots on every replica until Resume; slots that come
// due meanwhile are skipped.
func (s *Scheduler) Pause(ctx context.Context, id string) error {
	if err := s.known(ctx, id); err != nil {
		return err
	}
	return s.st.SetJobPaused(ctx, id, true)
}

// Resume undoes Pause; the next slot fires as usual.
func (s *Scheduler) Resume(ctx context.Context, id string) error {
	if err := s.known(ctx, id); err != nil {
		return err
	}
	return s.st.SetJobPaused(ctx, id, false)
}

// known checks id against this process's jobs and the published registry.
func (s *Scheduler) known(ctx context.Context, id string) error {
	if _, ok := s.entry(id); ok {
		return nil
	}
	pub, err := s.st.ScheduledJobs(ctx)
	if err != nil {
		return err
	}
	if slices.ContainsFunc(pub, func(j store.ScheduledJob) bool { return j.ID == id }) {
		return nil
	}
	return fmt.Errorf("%s: %w", id, ErrUnknownJob)
}

// Publish writes this process's jobs to the registry the admin CLI reads.
func (s *Scheduler) Publish(ctx context.Context) error {
	jobs := s.Jobs()
	out := make([]store.ScheduledJob, len(jobs))
	for i, j := range jobs {
		out[i] = store.ScheduledJob{ID: j.ID, Spec: j.Spec, Description: j.Description, Quiet: j.Quiet, Units: j.Units}
	}
	return s.st.PublishScheduledJobs(ctx, out)
}

// JobInfo is a job as `bot admin jobs list` shows it.
type JobInfo struct {
	store.ScheduledJob
	Paused  bool
	Last    time.Time // last slot fired or skipped; zero if never
	NextDue time.Time // when the next slot goes out; zero if none
}

// List shows the published jobs (or, before the bot published, this
// process's), with paused flags, last slots and next due times.
func (s *Scheduler) List(ctx context.Context) ([]JobInfo, error) {
	pub, err := s.st.ScheduledJobs(ctx)
	if err != nil {
		return nil, err
	}
	if len(pub) == 0 {
		for _, j := range s.Jobs() {
			pub = append(pub, store.ScheduledJob{ID: j.ID, Spec: j.Spec, Description: j.Description, Quiet: j.Quiet, Units: j.Units})
		}
	}
	paused, err := s.st.PausedJobs(ctx)
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(pub))
	for i, j := range pub {
		ids[i] = j.ID
	}
	lasts, err := s.st.LastSlots(ctx, ids)
	if err != nil {
		return nil, err
	}
	now := s.clock.Now()
	out := make([]JobInfo, len(pub))
	for i, j := range pub {
		info := JobInfo{ScheduledJob: j, Paused: paused[j.ID], Last: lasts[j.ID]}
		if sched, err := ParseSpec(j.Spec, s.loc); err == nil {
			e := &entry{job: Job{Quiet: j.Quiet}, sched: sched}
			from := now
			if info.Last.After(from) {
				from = info.Last
			}
			if slot := sched.Next(from); !slot.IsZero() {
				info.NextDue = s.due(e, slot)
			}
		}
		out[i] = info
	}
	return out, nil
}

// Upcoming is one slot ahead, for /lich.
type Upcoming struct {
	JobID       string
	Description string
	Units       []string
	Slot        time.Time
	Due         time.Time
}

// maxUpcomingPerJob keeps a frequent job from filling /lich.
const maxUpcomingPerJob = 20

// Upcoming lists the slots of this process's jobs due in (from, to], by
// due time; paused jobs are left out.
func (s *Scheduler) Upcoming(ctx context.Context, from, to time.Time) ([]Upcoming, error) {
	paused, err := s.st.PausedJobs(ctx)
	if err != nil {
		return nil, err
	}
	var out []Upcoming
	for _, e := range s.entries() {
		if paused[e.job.ID] {
			continue
		}
		// Start a night earlier: a slot before from may be due after it.
		n := 0
		for slot := e.sched.Next(from.Add(-24 * time.Hour)); !slot.IsZero() && !slot.After(to) && n < maxUpcomingPerJob; slot = e.sched.Next(slot) {
			d := s.due(e, slot)
			if !d.After(from) || d.After(to) {
				continue
			}
			out = append(out, Upcoming{JobID: e.job.ID, Description: e.job.Description, Units: e.job.Units, Slot: slot, Due: d})
			n++
		}
	}
	sort.SliceStable(out, func(i, k int) bool {
		if !out[i].Due.Equal(out[k].Due) {
			return out[i].Due.Before(out[k].Due)
		}
		return out[i].JobID < out[k].JobID
	})
	return out, nil
}

// fullTickEvery bounds how long Run goes without a full tick, so changes
// made by other replicas (a resumed job, a lost clock race) are seen.
const fullTickEvery = time.Minute

// Run ticks on the real clock until ctx ends: at every due time, at least
// once a minute, and it serves run-now requests every Poll. It publishes the
// job registry at start and whenever the jobs change.
func (s *Scheduler) Run(ctx context.Context) error {
	if err := s.Publish(ctx); err != nil {
		s.log.Warn("publish jobs", "error", err)
	}
	s.log.Info("scheduler running", "jobs", len(s.Jobs()), "quiet_hours", s.quiet.String(), "max_catch_up", s.maxCatchUp.String())
	var lastTick time.Time
	for {
		now := s.clock.Now()
		if next := s.NextDue(now); lastTick.IsZero() || now.Sub(lastTick) >= fullTickEvery || (!next.IsZero() && !next.After(now)) {
			lastTick = now
			if _, err := s.Tick(ctx, now); err != nil {
				if ctx.Err() != nil {
					return ctx.Err()
				}
				s.log.Warn("tick", "error", err)
			}
		}
		s.serveRunRequests(ctx)
		wait := s.poll
		if next := s.NextDue(s.clock.Now()); !next.IsZero() {
			if d := time.Until(next); d < wait {
				wait = max(d, 10*time.Millisecond)
			}
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-s.changed:
			t.Stop()
			if err := s.Publish(ctx); err != nil {
				s.log.Warn("publish jobs", "error", err)
			}
			lastTick = time.Time{}
		case <-t.C:
		}
	}
}
