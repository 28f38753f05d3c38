package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"
)

// seenTTL outlives Telegram's 24 h retention of undelivered updates.
const seenTTL = 48 * time.Hour

// webSeenTTL is enough for the web chat: its page retries a message for
// seconds, not days, and a short lifetime keeps what a busy (or hostile)
// web client leaves in Redis small: at the address flood limit's 2/s about
// 7,200 marks of ~100 bytes, under 1 MB, instead of 48 h worth.
const webSeenTTL = time.Hour

func seenTTLFor(platform string) time.Duration {
	if platform == "web" {
		return webSeenTTL
	}
	return seenTTL
}

// FirstSeen records an inbound update id and reports whether this is the
// first time it was seen. A retried webhook or a re-polled update returns false.
func (s *Store) FirstSeen(ctx context.Context, platform, id string) (bool, error) {
	ok, err := s.rdb.SetNX(ctx, keySeenUpdate(platform, id), "1", seenTTLFor(platform)).Result()
	if err != nil {
		return false, fmt.Errorf("dedupe %s update: %w", platform, err)
	}
	return ok, nil
}

// UpdateStart is what the router learns before it looks at an update.
type UpdateStart struct {
	// First is false for a re-delivered update (an empty id is always first).
	First bool
	// Pending is the step the sender's conversation waits for (not taken).
	Pending string
	// Inactive: the sender is a registered member marked unreachable
	// (delivery found she had blocked the bot). She just wrote, so she is
	// reachable again: the router reactivates her.
	Inactive bool
}

// BeginUpdate does, in one round trip, what the router needs before it
// looks at an update: record its id, peek at whether the sender waits for
// the next step of a command in this chat, and read whether she is a member
// marked inactive.
func (s *Store) BeginUpdate(ctx context.Context, platform, id, chatID, userID string) (UpdateStart, error) {
	pipe := s.rdb.Pipeline()
	var seen *redis.BoolCmd
	if id != "" {
		seen = pipe.SetNX(ctx, keySeenUpdate(platform, id), "1", seenTTLFor(platform))
	}
	step := pipe.Get(ctx, keyPending(platform, chatID, userID))
	var active *redis.StringCmd
	if checkIdentity(platform, userID) == nil {
		active = pipe.HGet(ctx, keyMember(idKey(platform, userID)), "active")
	}
	if _, err := pipe.Exec(ctx); err != nil && !errors.Is(err, redis.Nil) {
		return UpdateStart{}, fmt.Errorf("begin %s update: %w", platform, err)
	}
	return UpdateStart{
		First:    seen == nil || seen.Val(),
		Pending:  step.Val(),
		Inactive: active != nil && active.Val() == "0",
	}, nil
}
