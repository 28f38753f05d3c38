package store

import (
	"context"
	"fmt"
	"time"
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
