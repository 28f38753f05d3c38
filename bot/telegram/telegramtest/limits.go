package telegramtest

import (
	"math"
	"time"
)

// Limits is the flood control the server enforces on sends (sendMessage,
// sendDocument, sendPhoto) and edits (editMessageText). Above a limit the
// call gets 429 "Too Many Requests: retry after N" with parameters.retry_after
// N, and nothing is sent. Zero fields take Telegram's values (A5).
type Limits struct {
	// Off disables rate enforcement entirely.
	Off bool
	// PerSecond is the most sends of the token within any Window: 30.
	PerSecond int
	// Window is the global window: 1 s.
	Window time.Duration
	// PrivateInterval is the steady rate for one private chat: one message
	// per 1 s, with PrivateBurst (3) allowed at once after a quiet period.
	PrivateInterval time.Duration
	PrivateBurst    int
	// PerGroup is the most messages into one group (negative chat id) within
	// GroupWindow: 20 per 1 min.
	PerGroup    int
	GroupWindow time.Duration
	// Tolerance absorbs network jitter between a client's pacing and the
	// server's clock: windows are shortened, and the private refill sped up,
	// by this much. 25 ms; a negative value means none.
	Tolerance time.Duration
}

// DefaultLimits are Telegram's limits as the server enforces them.
func DefaultLimits() Limits { return Limits{}.withDefaults() }

func (l Limits) withDefaults() Limits {
	if l.PerSecond <= 0 {
		l.PerSecond = 30
	}
	if l.Window <= 0 {
		l.Window = time.Second
	}
	if l.PrivateInterval <= 0 {
		l.PrivateInterval = time.Second
	}
	if l.PrivateBurst <= 0 {
		l.PrivateBurst = 3
	}
	if l.PerGroup <= 0 {
		l.PerGroup = 20
	}
	if l.GroupWindow <= 0 {
		l.GroupWindow = time.Minute
	}
	if l.Tolerance == 0 {
		l.Tolerance = 25 * time.Millisecond
	}
	if l.Tolerance < 0 {
		l.Tolerance = 0
	}
	return l
}

// SetLimits replaces the rate limits (zero fields take defaults). Counters
// already collected are kept.
func (s *Server) SetLimits(l Limits) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.limits = l.withDefaults()
}

// rateState holds the token-wide window of recent sends.
type rateState struct {
	recent []time.Time // send times within the global window, oldest first
}

// chatRate is one chat's flood state.
type chatRate struct {
	tokens float64 // private: token bucket
	last   time.Time
	recent []time.Time // group: sends within the group window
}

func prune(ts []time.Time, after time.Time) []time.Time {
	i := 0
	for i < len(ts) && !ts[i].After(after) {
		i++
	}
	return ts[i:]
}

func ceilSeconds(d time.Duration) int {
	n := int(math.Ceil(d.Seconds()))
	if n < 1 {
		n = 1
	}
	return n
}

// admitLocked decides whether a send into c may go out now; on success it
// counts the send. s.mu must be held.
func (s *Server) admitLocked(c *chat, now time.Time) *apiError {
	l := s.limits
	if l.Off {
		s.countSendLocked(c, now)
		return nil
	}
	win := l.Window - l.Tolerance
	s.rate.recent = prune(s.rate.recent, now.Add(-win))
	if len(s.rate.recent) >= l.PerSecond {
		return tooMany(ceilSeconds(s.rate.recent[0].Add(win).Sub(now)))
	}
	if c.isGroup() {
		gwin := l.GroupWindow - l.Tolerance
		c.rate.recent = prune(c.rate.recent, now.Add(-gwin))
		if len(c.rate.recent) >= l.PerGroup {
			return tooMany(ceilSeconds(c.rate.recent[0].Add(gwin).Sub(now)))
		}
	} else {
		tokens := float64(l.PrivateBurst)
		if !c.rate.last.IsZero() {
			elapsed := now.Sub(c.rate.last) + l.Tolerance
			tokens = math.Min(float64(l.PrivateBurst), c.rate.tokens+elapsed.Seconds()/l.PrivateInterval.Seconds())
		}
		if tokens < 1 {
			wait := time.Duration((1 - tokens) * float64(l.PrivateInterval))
			return tooMany(ceilSeconds(wait))
		}
		c.rate.tokens = tokens - 1
		c.rate.last = now
	}
	s.countSendLocked(c, now)
	return nil
}

func (s *Server) countSendLocked(c *chat, now time.Time) {
	if c.isGroup() {
		c.rate.recent = append(c.rate.recent, now)
	}
	l := s.limits
	s.rate.recent = append(prune(s.rate.recent, now.Add(-(l.Window-l.Tolerance))), now)
	if n := len(s.rate.recent); n > s.stats.PeakPerSecond {
		s.stats.PeakPerSecond = n
	}
}
