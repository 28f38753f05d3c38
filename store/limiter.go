package store

import (
	"context"
	_ "embed"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"
)

//go:embed limiter_take.lua
var limiterTakeLua string

//go:embed limiter_pause.lua
var limiterPauseLua string

var (
	limiterTakeScript  = redis.NewScript(limiterTakeLua)
	limiterPauseScript = redis.NewScript(limiterPauseLua)
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
}

// TakeRateSlot runs one atomic GCRA decision over the token's overall lane,
// the chat's lane and the token's 429 pause, on Redis time. granted=false
// means: nothing was taken, try again after wait. granted=true with a wait
// (Book only) means: the slot is yours, send after wait.
func (s *Store) TakeRateSlot(ctx context.Context, r RateSlot) (granted bool, wait time.Duration, err error) {
	if r.Overall <= 0 {
		return false, 0, fmt.Errorf("take rate slot: overall interval must be positive")
	}
	mode := "take"
	if r.Book {
		mode = "book"
	}
	keys := []string{
		s.keyLimiterOverall(r.Platform, r.TokenID),
		s.keyLimiterChat(r.Platform, r.TokenID, r.ChatID),
		s.keyLimiterPause(r.Platform, r.TokenID),
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
