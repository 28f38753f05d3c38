package delivery

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"loa/chat"
	"loa/store"
)

// Limits are one bot token's sending limits. Zero fields take the platform's
// default (DefaultLimits).
type Limits struct {
	PerSecond      float64 // the whole token
	ChatPerSecond  float64 // one private chat
	GroupPerMinute float64 // one group chat
	IsGroup        func(chatID string) bool
}

// DefaultLimits returns the platform's published limits (platforms.md A5):
// Telegram 30 messages/s overall, 1/s per chat, 20/min per group. Zalo
// publishes none (C5): 10/s overall, 1/s per chat, 20/min per group is a
// conservative guess. Groups are chats whose id starts with "-" (Telegram's
// group and channel ids).
func DefaultLimits(platform string) Limits {
	l := Limits{PerSecond: 30, ChatPerSecond: 1, GroupPerMinute: 20, IsGroup: negativeChatID}
	if platform == chat.Zalo {
		l.PerSecond = 10
	}
	return l
}

func negativeChatID(chatID string) bool { return strings.HasPrefix(chatID, "-") }

func (l Limits) withDefaults(platform string) Limits {
	d := DefaultLimits(platform)
	if l.PerSecond <= 0 {
		l.PerSecond = d.PerSecond
	}
	if l.ChatPerSecond <= 0 {
		l.ChatPerSecond = d.ChatPerSecond
	}
	if l.GroupPerMinute <= 0 {
		l.GroupPerMinute = d.GroupPerMinute
	}
	if l.IsGroup == nil {
		l.IsGroup = d.IsGroup
	}
	return l
}

// Limiter is one bot token's share of the Redis limiter. Every engine and
// adapter of the same token, in any process, draws from the same budget.
type Limiter struct {
	st       *store.Store
	platform string
	tokenID  string
	overall  time.Duration
	chat     time.Duration
	group    time.Duration
	isGroup  func(string) bool
}

// NewLimiter returns the limiter of one bot token (tokenID from TokenID).
func NewLimiter(st *store.Store, platform, tokenID string, limits Limits) *Limiter {
	l := limits.withDefaults(platform)
	return &Limiter{
		st: st, platform: platform, tokenID: tokenID,
		overall: overallInterval(l.PerSecond),
		chat:    interval(l.ChatPerSecond, time.Second),
		group:   interval(l.GroupPerMinute, time.Minute),
		isGroup: l.IsGroup,
	}
}

// interval is the emission interval of n events per period, rounded up to
// the microsecond so that n events never fit in less than the period.
func interval(n float64, per time.Duration) time.Duration {
	us := float64(per.Microseconds()) / n
	d := time.Duration(us) * time.Microsecond
	if float64(d.Microseconds()) < us {
		d += time.Microsecond
	}
	return d
}

// bulkGrace is how late a bulk grant may come and still keep its slot on the
// grid, so that polling and scheduling jitter do not cost rate: a late
// worker catches up instead of pushing every later slot back.
const bulkGrace = 10 * time.Millisecond

// overallInterval spaces a token's slots so that no window of one second can
// hold more than n grants even though bulk grants may come up to bulkGrace
// late: slots are (1s + bulkGrace)/n apart, which costs 1% of the rate
// (29.7/s for Telegram's 30).
func overallInterval(n float64) time.Duration {
	return interval(n, time.Second+bulkGrace)
}

func (l *Limiter) slot(chatID string, book bool) store.RateSlot {
	chat := l.chat
	if l.isGroup(chatID) {
		chat = l.group
	}
	return store.RateSlot{
		Platform: l.platform, TokenID: l.tokenID, ChatID: chatID,
		Overall: l.overall, Chat: chat, Grace: bulkGrace, Book: book,
	}
}

// Wait blocks until one message may go to chatID, ahead of bulk work: a
// reply books the token's next free slot instead of polling for it. It
// matches the adapters' Limiter interface; call it right before each
// direct reply or edit.
func (l *Limiter) Wait(ctx context.Context, chatID string) error {
	return l.wait(ctx, chatID, false)
}

// WaitUrgent is Wait for an emergency's reply (chat.Reply.Urgent): the
// chat's next slot is its own, ahead of every reply and bulk message that
// was already waiting for the chat (in a busy group, up to twenty a
// minute), while the chat's and the token's limits hold as for any other
// message.
func (l *Limiter) WaitUrgent(ctx context.Context, chatID string) error {
	return l.wait(ctx, chatID, true)
}

func (l *Limiter) wait(ctx context.Context, chatID string, urgent bool) error {
	slot := l.slot(chatID, true)
	slot.Urgent = urgent
	for {
		granted, wait, err := l.st.TakeRateSlot(ctx, slot)
		if err != nil {
			return fmt.Errorf("wait for rate limit: %w", err)
		}
		if err := sleep(ctx, wait); err != nil {
			return err
		}
		if !granted {
			continue
		}
		if wait > 0 {
			// A 429 may have paused the token while we waited for our slot.
			if p, err := l.st.TokenPause(ctx, l.platform, l.tokenID); err == nil && p > 0 {
				continue
			}
		}
		return nil
	}
}

// errHoldTooLong: the token is paused (or the chat busy) for longer than a
// bulk worker should keep its claims.
var errHoldTooLong = errors.New("rate limit wait longer than a claim should be held")

// take blocks until a bulk message may go to chatID now. It never queues
// ahead of replies: it only takes a slot that is free at this instant.
// It gives up with errHoldTooLong, and the wait, when the next slot is
// beyond maxHold (a long 429 pause).
func (l *Limiter) take(ctx context.Context, chatID string, maxHold time.Duration) (time.Duration, error) {
	for {
		granted, wait, err := l.st.TakeRateSlot(ctx, l.slot(chatID, false))
		if err != nil {
			return 0, fmt.Errorf("take rate slot: %w", err)
		}
		if granted {
			return 0, nil
		}
		if wait > maxHold {
			return wait, errHoldTooLong
		}
		if err := sleep(ctx, wait); err != nil {
			return 0, err
		}
	}
}

// Pause stops the whole token for d on every replica (a 429's retry_after).
func (l *Limiter) Pause(ctx context.Context, d time.Duration) error {
	_, err := l.st.PauseToken(ctx, l.platform, l.tokenID, d)
	return err
}

// Paused reports how much of a 429 pause is left.
func (l *Limiter) Paused(ctx context.Context) (time.Duration, error) {
	return l.st.TokenPause(ctx, l.platform, l.tokenID)
}

func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
