package handlers

// Attendance: the timed parts the scheduler runs (close due events, remind
// heads, create the monthly meetings).

import (
	"context"
	"errors"
	"fmt"
	"time"

	"loa/chat"
	"loa/store"
)

// remindHeads queues msg (with the report button) to every head of unit.
// It returns how many heads it reached.
func (r *attendance) remindHeads(ctx context.Context, unit string, msg chat.Reply, key string) (int, error) {
	grants, err := r.store.GrantsOnUnit(ctx, unit)
	if err != nil {
		return 0, err
	}
	if r.outbox == nil {
		return 0, errors.New("no outbox configured")
	}
	n := 0
	for _, g := range grants {
		if g.Role != store.RoleHead {
			continue
		}
		err := r.outbox.QueueBulk(ctx, chat.BulkMessage{
			Platform: g.Platform, Label: "Nhắc báo cáo", Message: msg,
			Chats: []chat.BulkChat{{ChatID: g.UserID, MemberKey: g.Identity.String()}},
			Key:   key + ":" + g.Identity.String(),
		})
		if err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

func reminderMessage(e store.Event, unitName string) chat.Reply {
	return chat.Reply{
		Text:    fmt.Sprintf(msgReminder, e.Title, eventDay(e.Start), unitName),
		Buttons: [][]chat.Button{{{Text: labelReport, Data: buttonReport + ":" + e.ID}}},
	}
}

// CloseDueEvents closes every event whose close time is at or before now:
// check-ins stop and its counts are added to the aggregates of its unit and
// every unit above it, by month, quarter and year. Safe on several replicas
// at once (each event is closed and counted once). Returns how many closed.
// CloseDueEvents, RemindUnreported and CreateMonthlyMeetings run the
// attendance jobs' work at a chosen time; the scheduler runs them through
// Jobs, tests call them directly.
func (r *Router) CloseDueEvents(ctx context.Context, now time.Time) (int, error) {
	return r.events.CloseDueEvents(ctx, now)
}

func (r *Router) RemindUnreported(ctx context.Context, now time.Time) (int, error) {
	return r.events.RemindUnreported(ctx, now)
}

func (r *Router) CreateMonthlyMeetings(ctx context.Context, month time.Time) (int, error) {
	return r.events.CreateMonthlyMeetings(ctx, month)
}

func (r *attendance) CloseDueEvents(ctx context.Context, now time.Time) (int, error) {
	n, err := r.store.CloseDueEvents(ctx, now)
	if err != nil {
		return n, fmt.Errorf("close due events: %w", err)
	}
	if n > 0 {
		r.log.Info("events closed", "count", n)
	}
	return n, nil
}

// RemindUnreported sends the one automatic reminder, through the outbox, to
// the heads of every branch with an event closed at least
// store.ReminderDelay (24 h) before now and no headcount yet. Each event is
// reminded once, even across replicas and retries (the outbox key is the
// event's). Returns how many events were reminded.
func (r *attendance) RemindUnreported(ctx context.Context, now time.Time) (int, error) {
	done := 0
	for {
		evs, err := r.store.DueReminders(ctx, now, 200)
		if err != nil {
			return done, fmt.Errorf("remind unreported: %w", err)
		}
		if len(evs) == 0 {
			return done, nil
		}
		for _, e := range evs {
			heads, err := r.remindHeads(ctx, e.Unit, reminderMessage(e, r.unitName(ctx, e.Unit)), "remind:"+e.ID)
			if err != nil {
				return done, fmt.Errorf("remind unreported: event %s: %w", e.ID, err)
			}
			if heads == 0 {
				r.log.Warn("unreported event has no head to remind", "event", e.ID, "unit", e.Unit)
			}
			marked, err := r.store.MarkReminded(ctx, e.ID, now)
			if err != nil {
				return done, fmt.Errorf("remind unreported: %w", err)
			}
			if marked {
				done++
			}
		}
	}
}

// monthlyMeeting is the month's meeting of a branch, for the month
// containing month: from 07:00 on its first day to 21:00 on its last, so the
// branch meets whenever it chooses.
func monthlyMeeting(unit string, month time.Time) store.NewEvent {
	p := store.MonthOf(month)
	return store.NewEvent{Unit: unit, Title: fmt.Sprintf(monthlyTitle, int(p.Start.Month()), p.Start.Year()),
		Start: p.Start.Add(7 * time.Hour), Close: p.End().Add(-3 * time.Hour)}
}

// CreateMonthlyMeetings creates, for every unit of kind "branch", the
// monthly meeting of the month containing month (from 07:00 on its first
// day to 21:00 on its last, so the branch meets whenever it chooses), and
// sends each branch head its check-in code. It is idempotent per branch and
// month: running it again creates and sends nothing new. Returns how many
// meetings it created.
func (r *attendance) CreateMonthlyMeetings(ctx context.Context, month time.Time) (int, error) {
	p := store.MonthOf(month)
	roots, err := r.store.Roots(ctx)
	if err != nil {
		return 0, fmt.Errorf("monthly meetings: %w", err)
	}
	created := 0
	for _, root := range roots {
		for un, err := range r.store.Subtree(ctx, root.Code) {
			if err != nil {
				return created, fmt.Errorf("monthly meetings: %w", err)
			}
			if un.Kind != "branch" {
				continue
			}
			e, isNew, err := r.store.CreateMonthlyMeeting(ctx, monthlyMeeting(un.Code, month))
			if err != nil {
				return created, fmt.Errorf("monthly meetings: %s: %w", un.Code, err)
			}
			if isNew {
				created++
			}
			// Sent on every run, deduped by key: a run that died after
			// creating still tells the head. Not for a meeting she said
			// will not take place (made early for that, monthlyMeetingOf).
			if !e.Cancelled.IsZero() {
				continue
			}
			msg := chat.Reply{Text: fmt.Sprintf(msgMonthlyToHead, e.Title, un.Name, eventDay(e.Start), eventDay(e.Close), e.Code, e.Code)}
			if _, err := r.remindHeads(ctx, un.Code, msg, monthlyKey(e.ID)); err != nil {
				r.log.Warn("tell head of monthly meeting", "unit", un.Code, "error", err)
			}
		}
	}
	if created > 0 {
		r.log.Info("monthly meetings created", "month", p.Key(), "count", created)
	}
	return created, nil
}
