package main

import (
	"context"
	"time"

	"loa/vntime"
)

// meetingsCatchUpEvery is how often the bot makes sure every branch has
// the current month's meeting.
const meetingsCatchUpEvery = time.Hour

// The scheduler's monthly job creates each branch's meeting on the 1st
// only, so a fresh install — or a unit tree imported mid-month — would have
// no meeting to check in to or report on until next month. The bot
// therefore creates the current month's missing meetings at start (before
// it serves anyone) and every hour after. CreateMonthlyMeetings is
// idempotent per branch and month, across replicas: each run creates, and
// tells heads of, only what is missing. Quiet hours are respected, since
// heads learn of a new meeting by message: a start inside them leaves the
// work to the first run after they end.

// ensureMonthlyMeetings creates the current month's missing meetings
// unless it is quiet hours; it logs, never fails the caller.
func (a *App) ensureMonthlyMeetings(ctx context.Context) {
	now := time.Now()
	if a.cfg.QuietHours.Contains(now, vntime.Zone) {
		return
	}
	// The router logs what it created; only a failure is said here.
	if _, err := a.router.CreateMonthlyMeetings(ctx, now); err != nil && ctx.Err() == nil {
		a.log.Warn("current month's meetings not created; trying again later", "error", err)
	}
}

// keepMonthlyMeetings runs ensureMonthlyMeetings every hour, and at the end
// of quiet hours, until ctx ends.
func (a *App) keepMonthlyMeetings(ctx context.Context) error {
	for {
		now := time.Now()
		next := now.Add(meetingsCatchUpEvery)
		if release := a.cfg.QuietHours.Release(now, vntime.Zone); release.After(now) && release.Before(next) {
			next = release
		}
		t := time.NewTimer(time.Until(next))
		select {
		case <-ctx.Done():
			t.Stop()
			return nil
		case <-t.C:
		}
		a.ensureMonthlyMeetings(ctx)
	}
}
