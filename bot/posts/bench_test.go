package posts_test

import (
	"context"
	"fmt"
	"log/slog"
	"testing"
	"time"

	"loa/bot/posts"
)

// BenchmarkQueuePost10k streams 10,000 members of a commune from Redis into
// the outbox (one Send of a post, without the platform sends).
func BenchmarkQueuePost10k(b *testing.B) {
	r := newRigWith(b, false)
	ctx := context.Background()
	poster := posts.New(r.st, r.engine, r.lib, []string{"telegram"}, posts.Options{Logger: slog.New(slog.DiscardHandler)})
	for i := range 10000 {
		r.member(b, "telegram", fmt.Sprint(100000+i), "T-A-1", true, i%10 == 0)
	}
	slot := time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC)
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		res, err := poster.Send(ctx, "chi-xa-a", slot.Add(time.Duration(i)*time.Minute))
		if err != nil || res.Added != 9000 {
			b.Fatalf("%+v %v", res, err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/9000, "ns/recipient")
}
