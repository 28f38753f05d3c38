package scheduler

// The calendar: upcoming slots for /lich and the dashboard.

import (
	"context"
	"sort"
	"time"
)

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
