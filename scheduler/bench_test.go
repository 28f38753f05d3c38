package scheduler_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"testing"
	"time"

	"loa/scheduler"
	"loa/store"
	"loa/store/redistest"
	"loa/vntime"
)

// BenchmarkTickIdle is the cost of one tick of 50 jobs with nothing due:
// what every replica pays at each wake-up (one SMEMBERS and one pipeline).
func BenchmarkTickIdle(b *testing.B) {
	st := store.New(redistest.Start(b).Client())
	s := scheduler.New(st, scheduler.Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	for i := range 50 {
		if err := s.Register(scheduler.Job{ID: fmt.Sprintf("post:p%d", i), Spec: "0 8 1 1 *", Quiet: true,
			Run: func(context.Context, time.Time) error { return nil }}); err != nil {
			b.Fatal(err)
		}
	}
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, vntime.Zone)
	ctx := context.Background()
	if _, err := s.Tick(ctx, now); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		if _, err := s.Tick(ctx, now.Add(time.Duration(i)*time.Second)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFireSlot is one due slot claimed and run (three replicas
// competing would each pay this once per slot).
func BenchmarkFireSlot(b *testing.B) {
	st := store.New(redistest.Start(b).Client())
	s := scheduler.New(st, scheduler.Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err := s.Register(scheduler.Job{ID: "every-minute", Spec: "* * * * *",
		Run: func(context.Context, time.Time) error { return nil }}); err != nil {
		b.Fatal(err)
	}
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, vntime.Zone)
	ctx := context.Background()
	if _, err := s.Tick(ctx, now); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 1; b.Loop(); i++ {
		fs, err := s.Tick(ctx, now.Add(time.Duration(i)*time.Minute))
		if err != nil || len(fs) != 1 || fs[0].Outcome != "fired" {
			b.Fatalf("%+v %v", fs, err)
		}
	}
}
