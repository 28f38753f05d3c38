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
