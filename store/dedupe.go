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

// FirstSeen records an inbound update id and reports whether this is the
// first time it was seen. A retried webhook or a re-polled update returns false.
func (s *Store) FirstSeen(ctx context.Context, platform, id string) (bool, error) {
	ok, err := s.rdb.SetNX(ctx, s.keySeenUpdate(platform, id), "1", seenTTL).Result()
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
		seen = pipe.SetNX(ctx, s.keySeenUpdate(platform, id), "1", seenTTL)
	}
	step := pipe.Get(ctx, s.keyPending(platform, chatID, userID))
	var active *redis.StringCmd
	if checkIdentity(platform, userID) == nil {
		active = pipe.HGet(ctx, s.keyMember(idKey(platform, userID)), "active")
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
