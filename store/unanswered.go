package store

import (
	"context"
	"fmt"
)

// Unanswered is one question the bot could not answer, counted by its
// normalised text.
type Unanswered struct {
	Normalized string
	Example    string
	Count      int64
}

const maxUnansweredExample = 500

// RecordUnanswered counts a question the knowledge base had no confident
// answer for, so staff can see what members ask and add entries. who asked
// is kept only as an index of her questions, so Erase can take her words
// out of the log.
func (s *Store) RecordUnanswered(ctx context.Context, who Identity, normalized, original string) error {
	if normalized == "" {
		return nil
	}
	if len(original) > maxUnansweredExample {
		original = original[:maxUnansweredExample]
	}
	// Two independent writes, not a transaction: the keys have no common
	// hash tag, so on Cluster they live on different nodes, and a count
	// without its example (or the reverse) is harmless.
	pipe := s.rdb.Pipeline()
	pipe.ZIncrBy(ctx, s.keyUnanswered(), 1, normalized)
	pipe.HSet(ctx, s.keyUnansweredSample(), normalized, original)
	if checkIdentity(who.Platform, who.UserID) == nil {
		pipe.SAdd(ctx, s.keyUnansweredBy(who.String()), normalized)
	}
	if _, err := pipe.Exec(ctx); err != nil {
		return fmt.Errorf("record unanswered question: %w", err)
	}
	return nil
}

// eraseUnanswered takes a person's questions out of the unanswered log: her
// ask no longer counts, a question nobody else asked goes, and the sample
// wording (which may be hers) is dropped; the next asker gives a new one.
func (s *Store) eraseUnanswered(ctx context.Context, who Identity) error {
	mine := s.keyUnansweredBy(who.String())
	qs, err := s.rdb.SMembers(ctx, mine).Result()
	if err != nil {
		return fmt.Errorf("erase unanswered questions: %w", err)
	}
	pipe := s.rdb.Pipeline()
	for _, q := range qs {
		pipe.ZIncrBy(ctx, s.keyUnanswered(), -1, q)
		pipe.HDel(ctx, s.keyUnansweredSample(), q)
	}
	pipe.ZRemRangeByScore(ctx, s.keyUnanswered(), "-inf", "0")
	pipe.Del(ctx, mine)
	if _, err := pipe.Exec(ctx); err != nil {
		return fmt.Errorf("erase unanswered questions: %w", err)
	}
	return nil
}

// TopUnanswered lists the most asked unanswered questions, most asked first.
func (s *Store) TopUnanswered(ctx context.Context, n int64) ([]Unanswered, error) {
	zs, err := s.rdb.ZRevRangeWithScores(ctx, s.keyUnanswered(), 0, n-1).Result()
	if err != nil {
		return nil, fmt.Errorf("list unanswered questions: %w", err)
	}
	out := make([]Unanswered, 0, len(zs))
	for _, z := range zs {
		q, _ := z.Member.(string)
		ex, _ := s.rdb.HGet(ctx, s.keyUnansweredSample(), q).Result()
		out = append(out, Unanswered{Normalized: q, Example: ex, Count: int64(z.Score)})
	}
	return out, nil
}
