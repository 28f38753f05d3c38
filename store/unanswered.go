package store

import (
	"context"
	_ "embed"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/redis/go-redis/v9"
)

// Unanswered is one question the bot could not answer, counted by its
// normalised text.
type Unanswered struct {
	Normalized string
	Example    string
	Count      int64
}

// The unanswered log is for staff to see what members ask, not an archive:
// it keeps at most UnansweredCap questions, each for UnansweredLifetime after
// it was last asked, with phone and ID numbers masked.
const (
	UnansweredCap        = 2000
	UnansweredLifetime   = 90 * 24 * time.Hour
	maxUnansweredExample = 500
)

//go:embed unanswered.lua
var unansweredLua string

var unansweredScript = redis.NewScript(unansweredLua)

// RecordUnanswered counts a question the knowledge base had no confident
// answer for, so staff can see what members ask and add entries. The words
// are kept only when the asker is a registered member (registration needs
// her consent); anyone else — an anonymous web visitor, a Telegram user who
// never joined — is counted without her words. Phone and ID numbers are
// masked before anything is stored (MaskNumbers). Whose words they are is
// kept only as an index of her questions, so Erase can take them out.
func (s *Store) RecordUnanswered(ctx context.Context, who Identity, normalized, original string) error {
	if normalized == "" {
		return nil
	}
	mode := "count"
	if checkIdentity(who.Platform, who.UserID) == nil {
		consent, err := s.rdb.HGet(ctx, s.keyMember(idKey(who.Platform, who.UserID)), "consent").Result()
		if err != nil && !errors.Is(err, redis.Nil) {
			return fmt.Errorf("record unanswered question: %w", err)
		}
		if consent != "" && consent != "0" {
			mode = "text"
		}
	}
	var norm, example string
	if mode == "text" {
		norm = MaskNumbers(normalized)
		example = truncateUTF8(MaskNumbers(original), maxUnansweredExample)
	}
	keys := []string{s.keyUnanswered(), s.keyUnansweredSample(), s.keyUnansweredSeen(), s.keyUnansweredAnonymous()}
	err := unansweredScript.Run(ctx, s.rdb, keys, mode, norm, example,
		time.Now().UnixMilli(), UnansweredLifetime.Milliseconds(), UnansweredCap).Err()
	if err != nil {
		return fmt.Errorf("record unanswered question: %w", err)
	}
	if mode == "text" {
		mine := s.keyUnansweredBy(who.String())
		pipe := s.rdb.Pipeline()
		pipe.SAdd(ctx, mine, norm)
		pipe.PExpire(ctx, mine, UnansweredLifetime)
		if _, err := pipe.Exec(ctx); err != nil {
			return fmt.Errorf("record unanswered question: %w", err)
		}
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
	pipe.Del(ctx, mine)
	if _, err := pipe.Exec(ctx); err != nil {
		return fmt.Errorf("erase unanswered questions: %w", err)
	}
	gone, err := s.rdb.ZRangeByScore(ctx, s.keyUnanswered(), &redis.ZRangeBy{Min: "-inf", Max: "0"}).Result()
	if err != nil {
		return fmt.Errorf("erase unanswered questions: %w", err)
	}
	if len(gone) > 0 {
		members := make([]any, len(gone))
		for i, q := range gone {
			members[i] = q
		}
		pipe := s.rdb.Pipeline()
		pipe.ZRem(ctx, s.keyUnanswered(), members...)
		pipe.ZRem(ctx, s.keyUnansweredSeen(), members...)
		if _, err := pipe.Exec(ctx); err != nil {
			return fmt.Errorf("erase unanswered questions: %w", err)
		}
	}
	return nil
}

// UnansweredAnonymous is how many unanswered questions came from people
// whose words are not kept (not registered members), within the lifetime.
func (s *Store) UnansweredAnonymous(ctx context.Context) (int64, error) {
	n, err := s.rdb.Get(ctx, s.keyUnansweredAnonymous()).Int64()
	if errors.Is(err, redis.Nil) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("count anonymous unanswered questions: %w", err)
	}
	return n, nil
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

// numberMask replaces a phone or ID number in stored text.
const numberMask = "***"

// numberRun is a run of digits with single spaces, dots or dashes between
// them, maybe after a "+": how people write 0912 345 678, +84.912.345.678,
// a 12-digit CCCD or a 9-digit CMND.
var numberRun = regexp.MustCompile(`\+?\d(?:[ .\-]?\d)*`)

// moneyLike is an amount grouped in thousands ("100.000.000", "2,500,000"):
// what loan questions are full of, and not a phone number (those start with
// 0 or +84).
var moneyLike = regexp.MustCompile(`^[1-9]\d{0,2}(?:[.,]\d{3})+$`)

// MaskNumbers hides phone numbers (with or without +84, spaces or dots),
// CCCD (12 digits), CMND (9 digits) and any longer number (a bank account)
// in text. Shorter numbers — ages, years, "5 không 3 sạch", amounts — stay.
func MaskNumbers(text string) string {
	return numberRun.ReplaceAllStringFunc(text, func(run string) string {
		digits := 0
		for _, r := range run {
			if r >= '0' && r <= '9' {
				digits++
			}
		}
		if digits < 9 || moneyLike.MatchString(strings.TrimSpace(run)) {
			return run
		}
		return numberMask
	})
}

// truncateUTF8 cuts s to at most n bytes without splitting a character.
func truncateUTF8(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
