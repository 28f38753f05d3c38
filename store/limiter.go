package store

import (
	"context"
	_ "embed"
	"errors"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"
)

//go:embed limiter_take.lua
var limiterTakeLua string

//go:embed limiter_pause.lua
var limiterPauseLua string

//go:embed limiter_flood.lua
var limiterFloodLua string

var (
	limiterTakeScript  = redis.NewScript(limiterTakeLua)
	limiterPauseScript = redis.NewScript(limiterPauseLua)
	limiterFloodScript = redis.NewScript(limiterFloodLua)
)

// RateSlot asks the shared limiter of one bot token for the right to send one
// message to one chat. Intervals are 1/rate: 33.3ms for 30 messages a second.
type RateSlot struct {
	Platform string
	TokenID  string // a short hash of the bot token, never the token
	ChatID   string
	Overall  time.Duration // emission interval of the whole token
	Chat     time.Duration // emission interval of this chat; 0 = no chat limit
	// Grace lets a bulk grant that comes up to Grace late keep the slot grid,
	// so polling jitter does not cost rate. It never makes a grant early.
	Grace time.Duration
	// Book: a reply. It books the next free overall slot even if that lies in
	// the future, and the caller sends after the returned wait. Without Book
	// (bulk), a slot is granted only when one is free now.
	Book bool
	// Urgent: an emergency's reply (implies Book). While the chat's lane
	// keeps it waiting, it holds the lane for itself: the chat's next slot
	// is its own, ahead of every reply and bulk message that was waiting
	// for the chat before it. The chat's spacing is kept.
	Urgent bool
}

// TakeRateSlot runs one atomic GCRA decision over the token's overall lane,
// the chat's lane (and an emergency's hold on it) and the token's 429
// pause, on Redis time. granted=false
// means: nothing was taken, try again after wait. granted=true with a wait
// (Book only) means: the slot is yours, send after wait.
func (s *Store) TakeRateSlot(ctx context.Context, r RateSlot) (granted bool, wait time.Duration, err error) {
	if r.Overall <= 0 {
		return false, 0, fmt.Errorf("take rate slot: overall interval must be positive")
	}
	mode := "take"
	switch {
	case r.Urgent:
		mode = "urgent"
	case r.Book:
		mode = "book"
	}
	keys := []string{
		s.keyLimiterOverall(r.Platform, r.TokenID),
		s.keyLimiterChat(r.Platform, r.TokenID, r.ChatID),
		s.keyLimiterPause(r.Platform, r.TokenID),
		s.keyLimiterUrgent(r.Platform, r.TokenID, r.ChatID),
	}
	res, err := limiterTakeScript.Run(ctx, s.rdb, keys,
		r.Overall.Microseconds(), r.Chat.Microseconds(), mode, r.Grace.Microseconds()).Int64Slice()
	if err != nil {
		return false, 0, fmt.Errorf("take rate slot: %w", err)
	}
	if len(res) != 2 {
		return false, 0, fmt.Errorf("take rate slot: unexpected reply %v", res)
	}
	return res[0] == 1, time.Duration(res[1]) * time.Microsecond, nil
}

// PauseToken stops every sender of a bot token for d from now (a 429's
// retry_after), on every replica; a longer pause already in force is kept.
// It returns the pause now in force.
func (s *Store) PauseToken(ctx context.Context, platform, tokenID string, d time.Duration) (time.Duration, error) {
	if d <= 0 {
		return 0, nil
	}
	left, err := limiterPauseScript.Run(ctx, s.rdb, []string{s.keyLimiterPause(platform, tokenID)}, d.Microseconds()).Int64()
	if err != nil {
		return 0, fmt.Errorf("pause token: %w", err)
	}
	return time.Duration(left) * time.Microsecond, nil
}

// ChatLaneBusy reports how long one chat's lane of a token stays taken: 0
// once the chat's last granted or booked slot lies a whole chat interval in
// the past, so every send paced for the chat has had its turn. It tells a
// test (or an operator) that nothing more is queued for a chat, where a
// fixed sleep could only guess.
func (s *Store) ChatLaneBusy(ctx context.Context, platform, tokenID, chatID string) (time.Duration, error) {
	var tat *redis.StringCmd
	var now *redis.TimeCmd
	if _, err := s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		tat = p.Get(ctx, s.keyLimiterChat(platform, tokenID, chatID))
		now = p.Time(ctx)
		return nil
	}); err != nil && !errors.Is(err, redis.Nil) {
		return 0, fmt.Errorf("read chat lane: %w", err)
	}
	us, err := tat.Int64()
	if errors.Is(err, redis.Nil) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("read chat lane: %w", err)
	}
	left := time.Duration(us-now.Val().UnixMicro()) * time.Microsecond
	return max(left, 0), nil
}

// TokenPause reports how much of a token's 429 pause is left (0 = none).
func (s *Store) TokenPause(ctx context.Context, platform, tokenID string) (time.Duration, error) {
	d, err := s.rdb.PTTL(ctx, s.keyLimiterPause(platform, tokenID)).Result()
	if err != nil {
		return 0, fmt.Errorf("read token pause: %w", err)
	}
	if d < 0 {
		return 0, nil
	}
	return d, nil
}

// FloodLimit is one kind of inbound flood limit: Burst events at once on an
// idle lane, then one per Interval. It is the same GCRA as the delivery
// limiter's lanes, with a burst: the delivery lanes pace what Loa sends,
// these bound what one person or one address may make Loa do.
type FloodLimit struct {
	Kind     string        // names the lane in its key: member, webclient, webip
	Interval time.Duration // one event per Interval, sustained
	Burst    int           // events allowed at once on an idle lane
	// Notice is how long a person who was told to slow down is not told
	// again while she keeps being refused.
	Notice time.Duration
}

// The flood limits every inbound path applies; one table so they are seen
// together. A member typing a story in several messages, pressing a few
// buttons, is far below them; one script or one stuck key is not.
var (
	// FloodPerMember bounds one person on any platform (Telegram, Zalo,
	// web chat): 20 messages at once (a branch head pressing through a
	// notice and its history), then one every 2 s (30 a minute).
	FloodPerMember = FloodLimit{Kind: "member", Interval: 2 * time.Second, Burst: 20, Notice: time.Minute}
	// FloodPerWebClient bounds the requests of one web chat session (its
	// messages), refused with 429 before the session is even looked at.
	// It is the member limit (a web session is its member), checked at the
	// door so the page gets a 429 instead of an empty answer.
	FloodPerWebClient = FloodLimit{Kind: "webclient", Interval: FloodPerMember.Interval, Burst: FloodPerMember.Burst, Notice: time.Minute}
	// FloodPerWebAddress bounds one IP address (an IPv6 /64) across all the
	// sessions it makes up: a shared commune office Wi-Fi has room for a
	// few dozen members, a script inventing session ids has not.
	FloodPerWebAddress = FloodLimit{Kind: "webip", Interval: 500 * time.Millisecond, Burst: 40, Notice: time.Minute}
	// FloodTriage bounds how many of one person's refused messages are
	// still looked at for an emergency (handlers.Router.Rescue): 10 at
	// once, then one every 6 s. A woman in panic past FloodPerMember is
	// heard; a flood costs a match for only the first few refusals.
	FloodTriage = FloodLimit{Kind: "triage", Interval: 6 * time.Second, Burst: 10}
	// FloodRescue lets one refused emergency of one person through per
	// minute: the emergency's script again, seconds later, adds nothing.
	FloodRescue = FloodLimit{Kind: "rescue", Interval: time.Minute, Burst: 1}
)

// Admission is a flood limit's answer for one event.
type Admission struct {
	Allowed    bool
	RetryAfter time.Duration // when refused: until the lane admits again
	// Notify is set on the first refusal of a window: tell the person once
	// to slow down; later refusals in the window stay silent.
	Notify bool
}

// Admit takes one event from who's lane of limit l, atomically on Redis
// time, so every replica shares the budget. who is hashed into the key: the
// lane keeps no identifier, and it lasts only until the lane is full again.
func (s *Store) Admit(ctx context.Context, l FloodLimit, who string) (Admission, error) {
	if l.Interval <= 0 || l.Burst < 1 {
		return Admission{}, fmt.Errorf("admit %s: interval and burst must be positive", l.Kind)
	}
	res, err := limiterFloodScript.Run(ctx, s.rdb, []string{s.keyFlood(l.Kind, who)},
		l.Interval.Microseconds(), l.Burst, l.Notice.Microseconds()).Int64Slice()
	if err != nil {
		return Admission{}, fmt.Errorf("admit %s: %w", l.Kind, err)
	}
	if len(res) != 3 {
		return Admission{}, fmt.Errorf("admit %s: unexpected reply %v", l.Kind, res)
	}
	return Admission{Allowed: res[0] == 1, RetryAfter: time.Duration(res[1]) * time.Microsecond, Notify: res[2] == 1}, nil
}
