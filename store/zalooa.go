package store

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"
)

// The Zalo Official Account's state (bot/zalooa): its one-shot token pair,
// the lock that lets one replica refresh at a time, a pending login, and
// each follower's reach (the 7-day window and the free replies).

// ZaloOAPair is the OA's token pair as stored.
type ZaloOAPair struct {
	Access, Refresh string
	Expires         time.Time // the access token's end
}

// ZaloOATokens reads the stored pair (all fields empty when none).
func (s *Store) ZaloOATokens(ctx context.Context, oaID string) (ZaloOAPair, error) {
	v, err := s.rdb.HGetAll(ctx, s.keyZaloOATokens(oaID)).Result()
	if err != nil {
		return ZaloOAPair{}, fmt.Errorf("read zalo-oa tokens: %w", err)
	}
	ms, _ := strconv.ParseInt(v["expires"], 10, 64)
	return ZaloOAPair{Access: v["access"], Refresh: v["refresh"], Expires: time.UnixMilli(ms)}, nil
}

// SeedZaloOARefresh stores the operator's first refresh token unless one is
// stored already (a rotated token, newer than the environment's).
func (s *Store) SeedZaloOARefresh(ctx context.Context, oaID, refresh string) error {
	if err := s.rdb.HSetNX(ctx, s.keyZaloOATokens(oaID), "refresh", refresh).Err(); err != nil {
		return fmt.Errorf("store the first zalo-oa refresh token: %w", err)
	}
	return nil
}

// ReplaceZaloOATokens stores a pair from a new login, whatever was stored.
func (s *Store) ReplaceZaloOATokens(ctx context.Context, oaID string, p ZaloOAPair) error {
	if err := s.rdb.HSet(ctx, s.keyZaloOATokens(oaID), "access", p.Access, "refresh", p.Refresh,
		"expires", strconv.FormatInt(p.Expires.UnixMilli(), 10)).Err(); err != nil {
		return fmt.Errorf("store zalo-oa tokens: %w", err)
	}
	return nil
}

// zaloOASaveRotated stores a new pair only if the stored refresh token is
// still the one spent to get it (compare-and-set), all fields at once.
// KEYS[1] tokens; ARGV old refresh, access, refresh, expires ms.
var zaloOASaveRotated = redis.NewScript(`
local cur = redis.call('HGET', KEYS[1], 'refresh')
if cur and cur ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'access', ARGV[2], 'refresh', ARGV[3], 'expires', ARGV[4])
return 1`)

// SaveRotatedZaloOATokens stores the pair a refresh returned, unless the
// stored refresh token is no longer old (a login replaced it meanwhile):
// stored reports which.
func (s *Store) SaveRotatedZaloOATokens(ctx context.Context, oaID, old string, p ZaloOAPair) (stored bool, err error) {
	n, err := zaloOASaveRotated.Run(ctx, s.rdb, []string{s.keyZaloOATokens(oaID)}, old, p.Access, p.Refresh,
		strconv.FormatInt(p.Expires.UnixMilli(), 10)).Int64()
	if err != nil {
		return false, fmt.Errorf("store rotated zalo-oa tokens: %w", err)
	}
	return n == 1, nil
}

// LockZaloOARefresh takes the replicas' refresh lock for owner.
func (s *Store) LockZaloOARefresh(ctx context.Context, oaID, owner string, ttl time.Duration) (bool, error) {
	ok, err := s.rdb.SetNX(ctx, s.keyZaloOARefreshLock(oaID), owner, ttl).Result()
	if err != nil {
		return false, fmt.Errorf("take the zalo-oa refresh lock: %w", err)
	}
	return ok, nil
}

var zaloOAUnlock = redis.NewScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`)

// UnlockZaloOARefresh frees the lock if owner still holds it.
func (s *Store) UnlockZaloOARefresh(ctx context.Context, oaID, owner string) error {
	if err := zaloOAUnlock.Run(ctx, s.rdb, []string{s.keyZaloOARefreshLock(oaID)}, owner).Err(); err != nil {
		return fmt.Errorf("free the zalo-oa refresh lock: %w", err)
	}
	return nil
}

// ErrNoZaloOALogin: no login was started (or it expired).
var ErrNoZaloOALogin = errors.New("no zalo-oa login in progress")

// SetZaloOALoginVerifier keeps a login's PKCE code verifier for ttl.
func (s *Store) SetZaloOALoginVerifier(ctx context.Context, oaID, verifier string, ttl time.Duration) error {
	if err := s.rdb.Set(ctx, s.keyZaloOALoginVerifier(oaID), verifier, ttl).Err(); err != nil {
		return fmt.Errorf("keep the zalo-oa code verifier: %w", err)
	}
	return nil
}

// ZaloOALoginVerifier returns the kept verifier, or ErrNoZaloOALogin.
func (s *Store) ZaloOALoginVerifier(ctx context.Context, oaID string) (string, error) {
	v, err := s.rdb.Get(ctx, s.keyZaloOALoginVerifier(oaID)).Result()
	if errors.Is(err, redis.Nil) {
		return "", ErrNoZaloOALogin
	}
	if err != nil {
		return "", fmt.Errorf("read the zalo-oa code verifier: %w", err)
	}
	return v, nil
}

// ForgetZaloOALogin deletes the kept verifier (the code was exchanged).
func (s *Store) ForgetZaloOALogin(ctx context.Context, oaID string) error {
	return s.rdb.Del(ctx, s.keyZaloOALoginVerifier(oaID)).Err()
}

// ZaloOAReachTTL is how long a follower's reach record outlives her last
// event. Past the 7-day window it still says she is out of reach; after
// this she is unknown again and the platform decides.
const ZaloOAReachTTL = 90 * 24 * time.Hour

// ZaloOAPackageEmptyFor is how long a -211 (the OA's paid quota is used
// up) keeps followers without free replies from being attempted.
const ZaloOAPackageEmptyFor = 6 * time.Hour

// ZaloOAReach is what Loa knows of a follower's reach.
type ZaloOAReach struct {
	Known      bool      // Loa has seen an event of hers (within ZaloOAReachTTL)
	Seen       time.Time // her last message or follow
	Replies    int       // free replies sent to her since Seen
	Unfollowed bool      // she unfollowed the OA since
}

// zaloOASeen moves a follower's last interaction forward (an older event,
// e.g. a redelivery, changes nothing) and resets her free replies.
// KEYS[1] reach; ARGV at ms, ttl ms, follow ("1" clears unfollowed).
var zaloOASeen = redis.NewScript(`
local cur = tonumber(redis.call('HGET', KEYS[1], 'seen') or '0')
local at = tonumber(ARGV[1])
if at > cur then
  redis.call('HSET', KEYS[1], 'seen', ARGV[1], 'replies', 0)
end
if ARGV[3] == '1' or at > cur then redis.call('HDEL', KEYS[1], 'unfollowed') end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1`)

// ZaloOASeen records an event from a follower at `at` (her message, or a
// follow): the 7-day window and her free replies start again.
func (s *Store) ZaloOASeen(ctx context.Context, userID string, at time.Time, follow bool) error {
	f := "0"
	if follow {
		f = "1"
	}
	if err := zaloOASeen.Run(ctx, s.rdb, []string{s.keyZaloOAReach(userID)}, at.UnixMilli(), ZaloOAReachTTL.Milliseconds(), f).Err(); err != nil {
		return fmt.Errorf("record zalo-oa interaction: %w", err)
	}
	return nil
}

// ZaloOAUnfollowed records that a follower left the OA (-213 until she
// follows again).
func (s *Store) ZaloOAUnfollowed(ctx context.Context, userID string) error {
	pipe := s.rdb.TxPipeline()
	pipe.HSet(ctx, s.keyZaloOAReach(userID), "unfollowed", "1")
	pipe.PExpire(ctx, s.keyZaloOAReach(userID), ZaloOAReachTTL)
	if _, err := pipe.Exec(ctx); err != nil {
		return fmt.Errorf("record zalo-oa unfollow: %w", err)
	}
	return nil
}

// ZaloOAReplied counts one free reply sent to a follower since her last
// event; it does nothing for a follower Loa has no record of.
func (s *Store) ZaloOAReplied(ctx context.Context, userID string) error {
	err := s.rdb.Eval(ctx, `if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('HINCRBY', KEYS[1], 'replies', 1) end return 1`,
		[]string{s.keyZaloOAReach(userID)}).Err()
	if err != nil {
		return fmt.Errorf("count a zalo-oa reply: %w", err)
	}
	return nil
}

// ZaloOAReachOf reads a follower's reach record.
func (s *Store) ZaloOAReachOf(ctx context.Context, userID string) (ZaloOAReach, error) {
	v, err := s.rdb.HGetAll(ctx, s.keyZaloOAReach(userID)).Result()
	if err != nil {
		return ZaloOAReach{}, fmt.Errorf("read zalo-oa reach: %w", err)
	}
	if len(v) == 0 {
		return ZaloOAReach{}, nil
	}
	ms, _ := strconv.ParseInt(v["seen"], 10, 64)
	n, _ := strconv.Atoi(v["replies"])
	r := ZaloOAReach{Known: ms > 0 || v["unfollowed"] == "1", Replies: n, Unfollowed: v["unfollowed"] == "1"}
	if ms > 0 {
		r.Seen = time.UnixMilli(ms)
	}
	return r, nil
}

// SetZaloOAPackageEmpty records a -211 (empty=true) or a paid send that
// went through (empty=false).
func (s *Store) SetZaloOAPackageEmpty(ctx context.Context, oaID string, empty bool) error {
	var err error
	if empty {
		err = s.rdb.Set(ctx, s.keyZaloOAPackageEmpty(oaID), "1", ZaloOAPackageEmptyFor).Err()
	} else {
		err = s.rdb.Del(ctx, s.keyZaloOAPackageEmpty(oaID)).Err()
	}
	if err != nil {
		return fmt.Errorf("record zalo-oa package quota: %w", err)
	}
	return nil
}

// ZaloOAPackageEmpty reports whether a recent -211 said the OA's paid
// quota is used up.
func (s *Store) ZaloOAPackageEmpty(ctx context.Context, oaID string) (bool, error) {
	n, err := s.rdb.Exists(ctx, s.keyZaloOAPackageEmpty(oaID)).Result()
	if err != nil {
		return false, fmt.Errorf("read zalo-oa package quota: %w", err)
	}
	return n == 1, nil
}
