package backoff_test

import (
	"testing"
	"time"

	"loa/internal/backoff"
)

func TestDelayDoublesUpToMaxInTheUpperHalf(t *testing.T) {
	min, max := 100*time.Millisecond, time.Second
	for n, nominal := range []time.Duration{100, 200, 400, 800, 1000, 1000} {
		nominal *= time.Millisecond
		for range 50 {
			if d := backoff.Delay(min, max, n); d < nominal/2 || d > nominal {
				t.Fatalf("after %d failures: %s, want within [%s, %s]", n, d, nominal/2, nominal)
			}
		}
	}
}

func TestBackoffNextAndReset(t *testing.T) {
	b := backoff.Backoff{Min: time.Second, Max: 4 * time.Second}
	for i, nominal := range []time.Duration{1, 2, 4, 4} {
		nominal *= time.Second
		if d := b.Next(); d < nominal/2 || d > nominal {
			t.Fatalf("pause %d: %s, want within [%s, %s]", i+1, d, nominal/2, nominal)
		}
	}
	b.Reset()
	if d := b.Next(); d > time.Second {
		t.Fatalf("after Reset: %s, want at most the minimum", d)
	}
}
