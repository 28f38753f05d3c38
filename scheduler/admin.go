package scheduler

// What operators and the bot do to jobs outside their slots: run now (or at
// start), pause, resume, and the published list `bot admin jobs` reads.

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"loa/store"
)

// RunNow runs a registered job at once, outside its schedule, even when
// paused. The run takes a lock for the current minute, so two calls in
// that minute (replicas starting together, RunAtStart) run it once; ran
// reports whether this call ran it. A request made with RequestRun is not
// held to that lock: each request taken runs (see runNow). A quiet job
// refuses during quiet hours (ErrQuietHours).
func (s *Scheduler) RunNow(ctx context.Context, id string) (ran bool, err error) {
	return s.runNow(ctx, id, true)
}

// runNow runs a job now; with claim, only if this call takes the minute's
// run-now lock. A taken run-now request is a claim of its own (one replica
// takes it): it runs even when the minute already had a run, since it may
// have been made after that run began (a second head granted within the
// minute must get her code, not wait for the next slot).
func (s *Scheduler) runNow(ctx context.Context, id string, claim bool) (ran bool, err error) {
	e, ok := s.entry(id)
	if !ok {
		return false, fmt.Errorf("run %s: %w", id, ErrUnknownJob)
	}
	now := s.clock.Now()
	if e.job.Quiet && s.quiet.Contains(now, s.loc) {
		return false, fmt.Errorf("run %s: %w (%s)", id, ErrQuietHours, s.quiet)
	}
	slot := now.Truncate(time.Minute)
	if claim {
		ok, err = s.st.ClaimRunNow(ctx, id, slot, s.owner, s.lockTTL)
		if err != nil || !ok {
			return false, err
		}
	}
	jobCtx, release := s.jobContext(ctx)
	defer release()
	why := "run-now"
	if !claim {
		why = "run-now request"
	}
	return true, s.run(jobCtx, e, slot, why)
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
		if _, err := s.runNow(ctx, id, false); err != nil && !errors.Is(err, ErrQuietHours) {
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
