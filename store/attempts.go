package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"
)

// CountAttempt counts one attempt of kind by who within a fixed window and
// returns the count so far, so handlers can refuse, for example, someone
// trying invite codes one after another.
func (s *Store) CountAttempt(ctx context.Context, kind string, who Identity, window time.Duration) (int64, error) {
	key := s.keyAttempts(kind, who.String())
	pipe := s.rdb.TxPipeline()
	n := pipe.Incr(ctx, key)
	pipe.ExpireNX(ctx, key, window)
	if _, err := pipe.Exec(ctx); err != nil {
		return 0, fmt.Errorf("count %s attempt: %w", kind, err)
	}
	return n.Val(), nil
}

// Attempts returns who's attempts of kind in the current window.
func (s *Store) Attempts(ctx context.Context, kind string, who Identity) (int64, error) {
	n, err := s.rdb.Get(ctx, s.keyAttempts(kind, who.String())).Int64()
	if err != nil && !errors.Is(err, redis.Nil) {
		return 0, fmt.Errorf("read %s attempts: %w", kind, err)
	}
	return n, nil
}

// ForgetAttempts clears who's attempts of kind (after a success, or when she
// erases her data).
func (s *Store) ForgetAttempts(ctx context.Context, kind string, who Identity) error {
	if err := s.rdb.Del(ctx, s.keyAttempts(kind, who.String())).Err(); err != nil {
		return fmt.Errorf("forget %s attempts: %w", kind, err)
	}
	return nil
}
