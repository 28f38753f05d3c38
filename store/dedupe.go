package store

import (
	"context"
	"crypto/rand"
	"encoding/hex"
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
// first time it was seen. A retried webhook or a re-polled update returns
// false; a retry of this very call by the client (a timeout while Redis was
// paused) does not: see claimSeen.
func (s *Store) FirstSeen(ctx context.Context, platform, id string) (bool, error) {
	pipe := s.rdb.Pipeline()
	first := s.claimSeen(ctx, pipe, platform, id)
	if _, err := pipe.Exec(ctx); err != nil && !errors.Is(err, redis.Nil) {
		return false, fmt.Errorf("dedupe %s update: %w", platform, err)
	}
	return first(), nil
}

// claimSeen queues the claim of an update id on pipe and returns how to
// read it after Exec. The key is set, if absent, to a token of this call
// and the old value read back in the same command (SET NX GET): when the
// client sends the command again after a timeout — Redis paused, the first
// one ran late — it finds its own token and still counts as first. A plain
// SETNX answered "seen" to the retry and the member got no reply at all.
func (s *Store) claimSeen(ctx context.Context, pipe redis.Pipeliner, platform, id string) func() bool {
	var b [12]byte
	_, _ = rand.Read(b[:])
	token := hex.EncodeToString(b[:])
	cmd := pipe.SetArgs(ctx, s.keySeenUpdate(platform, id), token, redis.SetArgs{Mode: "NX", Get: true, TTL: seenTTLFor(platform)})
	return func() bool {
		if errors.Is(cmd.Err(), redis.Nil) {
			return true // it was absent: set by this call
		}
		return cmd.Err() == nil && cmd.Val() == token
	}
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
	// Recall is what Loa keeps in mind of her conversation in this chat.
	Recall Recall
}

// Recall is what Loa keeps in mind of one person's conversation in a chat,
// read in BeginUpdate's round trip rather than one read per feature: a
// message is answered after one Redis round trip before its own writes.
type Recall struct {
	// Last is what she last asked within FollowUpMemory (LastQuestionOf).
	Last LastQuestion
	// Emergency is the emergency given to her within EmergencyMemory
	// (RecentEmergency), "" when none.
	Emergency string
	// Choice is her open choice within ChoiceMemory (OpenChoice).
	Choice []string
	// Address is the form she is called by within AddressMemory (a
	// handlers/address form id, RememberAddress), "" for the default
	// "chị"; reading it renews AddressMemory.
	Address string
	// Member: she is a registered member who consented, so her words may
	// be kept (numbers masked) to read a follow-up with; a visitor's or a
	// stranger's words are never kept, as in the unanswered log.
	Member bool
}

// BeginUpdate does, in one round trip, what the router needs before it
// looks at an update: record its id, peek at whether the sender waits for
// the next step of a command in this chat, read what Loa keeps in mind of
// her conversation there (Recall, renewing the form she is called by),
// and read whether she is a member marked inactive.
func (s *Store) BeginUpdate(ctx context.Context, platform, id, chatID, userID string) (UpdateStart, error) {
	pipe := s.rdb.Pipeline()
	seen := func() bool { return true }
	if id != "" {
		seen = s.claimSeen(ctx, pipe, platform, id)
	}
	step := pipe.Get(ctx, s.keyPending(platform, chatID, userID))
	last := s.readLastQuestion(ctx, pipe, platform, chatID, userID)
	emergency := pipe.Get(ctx, s.keyRecentEmergency(platform, chatID, userID))
	choice := pipe.LRange(ctx, s.keyChoice(platform, chatID, userID), 0, -1)
	address := s.readAddress(ctx, pipe, platform, chatID, userID)
	var member *redis.SliceCmd
	if checkIdentity(platform, userID) == nil {
		member = pipe.HMGet(ctx, s.keyMember(idKey(platform, userID)), "active", "consent")
	}
	if _, err := pipe.Exec(ctx); err != nil && !errors.Is(err, redis.Nil) {
		return UpdateStart{}, fmt.Errorf("begin %s update: %w", platform, err)
	}
	return UpdateStart{
		First:    seen(),
		Pending:  step.Val(),
		Inactive: member != nil && fieldOf(member, 0) == "0",
		Recall: Recall{
			Last:      last(),
			Emergency: emergency.Val(),
			Choice:    choice.Val(),
			Address:   address(),
			Member:    member != nil && fieldOf(member, 1) != "",
		},
	}, nil
}

// fieldOf is the i-th value of an HMGET, "" when the field is missing.
func fieldOf(cmd *redis.SliceCmd, i int) string {
	vals := cmd.Val()
	if i >= len(vals) {
		return ""
	}
	v, _ := vals[i].(string)
	return v
}
