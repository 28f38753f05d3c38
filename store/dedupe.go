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

// BeginUpdate does, in one round trip, what the router needs before it
// looks at an update: record its id (first is false for a re-delivered
// update; an empty id is always first) and peek at whether the chat waits
// for the next step of a command (pending is the stored step, not taken).
func (s *Store) BeginUpdate(ctx context.Context, platform, id, chatID string) (first bool, pending string, err error) {
	pipe := s.rdb.Pipeline()
	var seen *redis.BoolCmd
	if id != "" {
		seen = pipe.SetNX(ctx, keySeenUpdate(platform, id), "1", seenTTLFor(platform))
	}
	step := pipe.Get(ctx, keyPending(platform, chatID))
	if _, err := pipe.Exec(ctx); err != nil && !errors.Is(err, redis.Nil) {
		return false, "", fmt.Errorf("begin %s update: %w", platform, err)
	}
	first = seen == nil || seen.Val()
	return first, step.Val(), nil
}
