package scheduler

// The clock side: Tick fires what is due, Run calls it at each due time.

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

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
