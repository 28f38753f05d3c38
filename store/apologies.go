package store

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"
)

// ApologyLifetime is how long an owed apology stays worth sending: after
// two days she has asked again or moved on, and "sorry about earlier" is
// noise.
const ApologyLifetime = 48 * time.Hour

// OwedApology is one chat owed an apology: platform, chat and when the
// reply was lost. Nothing of the lost message is kept.
type OwedApology struct {
	Platform string
	ChatID   string
	LostAt   time.Time
}

// OweApology records that platform's chat lost a reply at lostAt, so
// whichever replica runs next apologises once. A later loss in the same
// chat keeps one entry.
func (s *Store) OweApology(ctx context.Context, platform, chatID string, lostAt time.Time) error {
	key := s.keyApologies(platform)
	pipe := s.rdb.TxPipeline()
	pipe.ZAdd(ctx, key, redis.Z{Score: float64(lostAt.Unix()), Member: chatID})
	pipe.Expire(ctx, key, ApologyLifetime)
	if _, err := pipe.Exec(ctx); err != nil {
		return fmt.Errorf("owe %s apology: %w", platform, err)
	}
	return nil
}

// ClaimApologies takes up to max apologies owed on platform out of Redis,
// oldest first, dropping those older than ApologyLifetime. Each is handed
// to exactly one caller (ZPOPMIN is atomic), so replicas never apologise
// twice; a caller that cannot send one gives it back with OweApology.
func (s *Store) ClaimApologies(ctx context.Context, platform string, now time.Time, max int) ([]OwedApology, error) {
	key := s.keyApologies(platform)
	stale := "(" + strconv.FormatInt(now.Add(-ApologyLifetime).Unix(), 10)
	if err := s.rdb.ZRemRangeByScore(ctx, key, "-inf", stale).Err(); err != nil {
		return nil, fmt.Errorf("claim %s apologies: %w", platform, err)
	}
	zs, err := s.rdb.ZPopMin(ctx, key, int64(max)).Result()
	if err != nil {
		return nil, fmt.Errorf("claim %s apologies: %w", platform, err)
	}
	out := make([]OwedApology, 0, len(zs))
	for _, z := range zs {
		id, _ := z.Member.(string)
		out = append(out, OwedApology{Platform: platform, ChatID: id, LostAt: time.Unix(int64(z.Score), 0)})
	}
	return out, nil
}

// ApologyNoLongerOwed forgets platform's chat: she wrote again and got an
// answer, which says more than an apology would.
func (s *Store) ApologyNoLongerOwed(ctx context.Context, platform, chatID string) error {
	if err := s.rdb.ZRem(ctx, s.keyApologies(platform), chatID).Err(); err != nil {
		return fmt.Errorf("forget %s apology: %w", platform, err)
	}
	return nil
}
