package content_test

import (
	"slices"
	"testing"
	"time"

	"loa/content"
)

// BenchmarkAsk asks the labelled accuracy questions in turn (members' real
// mix: short, long, teencode, two questions, emergencies, out of scope) over
// the whole embedded knowledge base and reports the latency distribution.
func BenchmarkAsk(b *testing.B) {
	lib, err := content.NewLibrary("")
	if err != nil {
		b.Fatal(err)
	}
	kb := lib.KB()
	var qs []string
	for _, l := range readLabelled(b) {
		qs = append(qs, l.Q)
	}
	lat := make([]time.Duration, 0, 1<<16)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		start := time.Now()
		kb.Ask(qs[i%len(qs)])
		if len(lat) < cap(lat) {
			lat = append(lat, time.Since(start))
		}
	}
	slices.Sort(lat)
	if n := len(lat); n > 0 {
		b.ReportMetric(float64(lat[n/2].Nanoseconds()), "p50-ns")
		b.ReportMetric(float64(lat[n*99/100].Nanoseconds()), "p99-ns")
		b.ReportMetric(float64(lat[n-1].Nanoseconds()), "max-ns")
	}
}

// BenchmarkAskParallel shows how matching scales across cores (the KB is
// shared and read-only; each call takes its own scratch from a pool).
func BenchmarkAskParallel(b *testing.B) {
	lib, err := content.NewLibrary("")
	if err != nil {
		b.Fatal(err)
	}
	kb := lib.KB()
	var qs []string
	for _, l := range readLabelled(b) {
		qs = append(qs, l.Q)
	}
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			kb.Ask(qs[i%len(qs)])
			i++
		}
	})
}

func BenchmarkLoad(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := content.NewLibrary(""); err != nil {
			b.Fatal(err)
		}
	}
}
