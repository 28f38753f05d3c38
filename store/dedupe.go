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
	ok, err := s.rdb.SetNX(ctx, keySeenUpdate(platform, id), "1", seenTTL).Result()
	if err != nil {
		return false, fmt.Errorf("dedupe %s update: %w", platform, err)
	}
	return ok, nil
}

// BeginUpdate does, in one round trip, what the router needs before it
// looks at an update: record its id (first is false for a re-delivered
// update; an empty id is always first) and peek at whether the chat waits
// for the next step of a command (pending is the stored step, not taken).
func (s *Store) BeginUpdate(ctx context.Context, platform, id, chatID string) (first bool, pending string, err error) {
	pipe := s.rdb.Pipeline()
	var seen *redis.BoolCmd
	if id != "" {
		seen = pipe.SetNX(ctx, keySeenUpdate(platform, id), "1", seenTTL)
	}
	step := pipe.Get(ctx, keyPending(platform, chatID))
	if _, err := pipe.Exec(ctx); err != nil && !errors.Is(err, redis.Nil) {
		return false, "", fmt.Errorf("begin %s update: %w", platform, err)
	}
	first = seen == nil || seen.Val()
	return first, step.Val(), nil
}
