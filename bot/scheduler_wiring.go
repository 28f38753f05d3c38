package main

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"time"

	"loa/bot/posts"
	"loa/content"
	"loa/handlers"
	"loa/scheduler"
)

// schedulerParts are the scheduler and what feeds it: the post library
// (LOA_CONTENT_DIR/posts overrides the embedded posts) and the poster that
// sends a post's slot through the delivery engine.
type schedulerParts struct {
	sched  *scheduler.Scheduler
	posts  *content.PostLibrary
	poster *posts.Poster
}

// setupScheduler loads the posts, registers one job per post, and adds the
// scheduler to the runners unless LOA_SCHEDULER is off (then the jobs are
// still registered, so /lich shows what other replicas will send). Posts go out through the delivery engine, so it
// comes after setupDelivery; the features' jobs are added once the
// conversation is built (scheduleFeatureJobs).
func (a *App) setupScheduler() error {
	lib, err := content.LoadPosts(a.cfg.ContentDir)
	if err != nil {
		return fmt.Errorf("load posts: %w", err)
	}
	quiet := a.cfg.QuietHours
	s := scheduler.New(a.store, scheduler.Options{Quiet: &quiet, Logger: a.log})
	platforms := slices.Sorted(maps.Keys(a.senders))
	poster := posts.New(a.store, a.delivery, lib, platforms, posts.Options{Logger: a.log})
	if err := poster.Sync(s); err != nil {
		return fmt.Errorf("schedule posts: %w", err)
	}
	a.sched = &schedulerParts{sched: s, posts: lib, poster: poster}
	if a.cfg.Scheduler {
		a.runners = append(a.runners, runner{name: "scheduler", run: a.runScheduler})
	}
	return nil
}

// scheduleFeatureJobs registers the jobs the conversation's features asked
// for (attendance: closing events, reminders, monthly meetings) and the
// question alerts.
func (a *App) scheduleFeatureJobs() error {
	for _, j := range append(a.router.Jobs(), a.questionJobs()...) {
		if err := a.sched.sched.Register(j); err != nil {
			return fmt.Errorf("schedule: %w", err)
		}
	}
	return nil
}

// questionJobs tell heads and staff about new member questions, one
// message each per run and never in quiet hours (the questions wait for the
// morning run), and close questions nobody acted on within
// store.QuestionOpenLifetime.
func (a *App) questionJobs() []scheduler.Job {
	r, st := a.router, a.store
	return []scheduler.Job{
		{ID: "questions:alert", Spec: "*/15 * * * *", Quiet: true, Description: "Báo chi hội trưởng, cán bộ Hội có câu hỏi mới của hội viên",
			Run: func(ctx context.Context, slot time.Time) error {
				_, err := r.AlertNewQuestions(ctx, slot)
				return err
			}},
		{ID: "questions:expire", Spec: "30 3 * * *", Description: "Đóng câu hỏi quá hạn chờ",
			Run: func(ctx context.Context, _ time.Time) error {
				for {
					n, err := st.ExpireQuestions(ctx, time.Now(), 500)
					if err != nil || n < 500 {
						return err
					}
				}
			}},
	}
}

// runScheduler runs the scheduler until ctx ends.
func (a *App) runScheduler(ctx context.Context) error {
	return a.sched.sched.Run(ctx)
}

// reloadPosts reads the posts again and swaps the post jobs (App.reload, on
// SIGHUP, with the knowledge base).
func (a *App) reloadPosts() {
	if err := a.sched.posts.Reload(); err != nil {
		a.log.Error("posts reload failed; keeping the previous posts", "error", err)
		return
	}
	if err := a.sched.poster.Sync(a.sched.sched); err != nil {
		a.log.Error("posts reload: reschedule", "error", err)
		return
	}
	a.log.Info("posts reloaded", "posts", len(a.sched.posts.Posts()))
}

// calendar shows the scheduler's upcoming slots that reach members to
// /lich (internal work such as closing events is left out).
type calendar struct{ s *scheduler.Scheduler }

func (c calendar) Upcoming(ctx context.Context, from, to time.Time) ([]handlers.CalendarItem, error) {
	ups, err := c.s.Upcoming(ctx, from, to)
	if err != nil {
		return nil, err
	}
	out := make([]handlers.CalendarItem, 0, len(ups))
	for _, u := range ups {
		if len(u.Units) > 0 {
			out = append(out, handlers.CalendarItem{At: u.Due, Title: u.Description, Units: u.Units})
		}
	}
	return out, nil
}
