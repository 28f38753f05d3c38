// Package backoff is the one exponential back-off with jitter that the
// poll loops, direct-reply retries and delivery workers share: the pause
// doubles from a minimum up to a maximum and is drawn uniformly from its
// upper half, so replicas and chats that failed together do not retry in
// step, and no pause is shorter than half the nominal one.
package backoff

import (
	"math/rand/v2"
	"time"
)

// Delay is the pause before retry number n+1, after n failures (n from 0):
// min·2ⁿ capped at max, jittered into its upper half.
func Delay(min, max time.Duration, n int) time.Duration {
	d := min
	for range n {
		if d >= max/2 {
			d = max
			break
		}
		d *= 2
	}
	return jitter(d)
}

// Backoff counts failures in a row for a loop: Next is the pause after one
// more failure, Reset forgets them after a success. Set Min and Max; not
// safe for concurrent use.
type Backoff struct {
	Min, Max time.Duration
	cur      time.Duration
}

// Next is the pause after one more failure: Min the first time, then
// doubling up to Max, jittered into its upper half.
func (b *Backoff) Next() time.Duration {
	if b.cur == 0 {
		b.cur = b.Min
	} else {
		b.cur = min(b.cur*2, b.Max)
	}
	return jitter(b.cur)
}

// Reset starts again from Min.
func (b *Backoff) Reset() { b.cur = 0 }

func jitter(d time.Duration) time.Duration { return d/2 + rand.N(d/2+1) }
