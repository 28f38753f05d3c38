package content_test

import (
	"runtime"
	"slices"
	"testing"
	"time"

	"golang.org/x/sys/unix"

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
	// CPU time of the calling thread, next to wall time: on a busy machine
	// wall time measures the scheduler as much as the matcher.
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	cpu := make([]int64, 0, 1<<16)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		start, c0 := time.Now(), threadCPU()
		kb.Ask(qs[i%len(qs)])
		if len(lat) < cap(lat) {
			lat = append(lat, time.Since(start))
			cpu = append(cpu, threadCPU()-c0)
		}
	}
	slices.Sort(lat)
	slices.Sort(cpu)
	if n := len(lat); n > 0 {
		b.ReportMetric(float64(lat[n/2].Nanoseconds()), "p50-ns")
		b.ReportMetric(float64(lat[n*99/100].Nanoseconds()), "p99-ns")
		b.ReportMetric(float64(lat[n-1].Nanoseconds()), "max-ns")
		b.ReportMetric(float64(cpu[n/2]), "cpu-p50-ns")
		b.ReportMetric(float64(cpu[n*99/100]), "cpu-p99-ns")
	}
}

// threadCPU is the CPU time the current thread has used, in nanoseconds.
func threadCPU() int64 {
	var ts unix.Timespec
	if err := unix.ClockGettime(unix.CLOCK_THREAD_CPUTIME_ID, &ts); err != nil {
		return 0
	}
	return ts.Nano()
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
