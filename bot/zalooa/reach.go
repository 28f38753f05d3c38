package zalooa

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"loa/chat"
	"loa/store"
)

// Reach: the OA may message a follower only within 7 days of her last
// interaction, with 8 free replies in the first 48 h and the OA's paid
// quota after that (platforms.md D3). Loa records each follower's events
// and the free replies it sends her (store.ZaloOAReach), and a -211 for
// the OA as a whole, so a notice or a post leaves out, before any request,
// the followers the platform would refuse. Those are reported with their
// reason (chat.Unreachable*) and never retried: only her next message
// brings her back in reach.

// Reach rules (platforms.md D3).
const (
	InteractionWindow = 7 * 24 * time.Hour
	FreeReplyWindow   = 48 * time.Hour
	FreeReplies       = 8
)

// Precheck reports, without a request, why chatID cannot get a message
// now (a *chat.SendError with Unreachable set), or nil when she can, or
// when Loa does not know: then the platform decides. The delivery engine
// calls it before each bulk send (delivery.Prechecker).
func (a *Adapter) Precheck(ctx context.Context, chatID string) error {
	r, err := a.st.ZaloOAReachOf(ctx, chatID)
	if err != nil || !r.Known {
		return nil
	}
	now := a.cfg.Now()
	if r.Unfollowed {
		return &chat.SendError{Kind: chat.ErrPermanent, Unreachable: chat.UnreachableNotFollower,
			Reason: "not attempted: she unfollowed the OA"}
	}
	if r.Seen.IsZero() {
		return nil
	}
	since := now.Sub(r.Seen)
	if since > InteractionWindow {
		return &chat.SendError{Kind: chat.ErrPermanent, Unreachable: chat.UnreachableWindow,
			Reason: fmt.Sprintf("not attempted: last interaction %d days ago, outside the 7-day window", int(since/(24*time.Hour)))}
	}
	if since > FreeReplyWindow || r.Replies >= FreeReplies {
		if empty, err := a.st.ZaloOAPackageEmpty(ctx, a.cfg.OAID); err == nil && empty {
			return &chat.SendError{Kind: chat.ErrPermanent, Unreachable: chat.UnreachableQuota,
				Reason: "not attempted: her free replies are used and the OA's quota is empty (-211)"}
		}
	}
	return nil
}

// noteEvent records an event from a follower (a message, a follow, any
// user_* event) as her last interaction, at the event's time, or her
// unfollow. The OA's own echoes (oa_send_*) are not hers.
//
// Only a member's reach is kept: Loa stores nothing about someone who has
// not agreed to it (a follower who never joined, or refused), and only
// members get notices and posts. It reports whether she is a member (and
// so whether the event was recorded): the webhook calls it before handling
// the event, so replies count against the new window, and again after
// for a non-member, since the message by which she agrees to join counts.
func (a *Adapter) noteEvent(ctx context.Context, ev event) bool {
	user := string(ev.Sender.ID)
	if user == "" {
		user = string(ev.Follower.ID)
	}
	if user == "" {
		return false
	}
	if _, err := a.st.Member(ctx, chat.ZaloOA, user); err != nil {
		if !errors.Is(err, store.ErrMemberUnknown) && ctx.Err() == nil {
			a.log.Warn("zalo-oa interaction not recorded", "event", ev.EventName, "error", err)
		}
		return false
	}
	var err error
	switch {
	case ev.EventName == "follow" && ev.Follower.ID != "":
		err = a.st.ZaloOASeen(ctx, string(ev.Follower.ID), a.eventTime(ev), true)
	case ev.EventName == "unfollow" && ev.Follower.ID != "":
		err = a.st.ZaloOAUnfollowed(ctx, string(ev.Follower.ID))
	case strings.HasPrefix(ev.EventName, "user_") && ev.EventName != "user_received_message" && ev.Sender.ID != "":
		// Every act of hers counts (a message, a click, opening the
		// chat): Loa would rather try someone the OA then refuses (-230,
		// counted and reported the same) than leave out someone it could
		// reach. A delivery receipt is her phone's, not hers.
		err = a.st.ZaloOASeen(ctx, string(ev.Sender.ID), a.eventTime(ev), false)
	}
	if err != nil {
		a.log.Warn("zalo-oa interaction not recorded", "event", ev.EventName, "error", err)
	}
	return true
}

// eventTime is when the event happened, never later than now: a clock
// ahead of Loa's must not stretch her window.
func (a *Adapter) eventTime(ev event) time.Time {
	t, now := msTime(string(ev.Timestamp)), a.cfg.Now()
	if t.After(now) {
		return now
	}
	return t
}

// noteSent records what a send did to the reach rules: a free reply used,
// or the OA's paid quota known to be empty again (or not).
func (a *Adapter) noteSent(ctx context.Context, chatID, quotaType string, err error) {
	var rerr error
	switch se, _ := err.(*chat.SendError); {
	case se != nil && se.Unreachable == chat.UnreachableQuota:
		rerr = a.st.SetZaloOAPackageEmpty(ctx, a.cfg.OAID, true)
	case err != nil:
	case quotaType == "reply":
		rerr = a.st.ZaloOAReplied(ctx, chatID)
	case quotaType != "":
		rerr = a.st.SetZaloOAPackageEmpty(ctx, a.cfg.OAID, false)
	}
	if rerr != nil && ctx.Err() == nil {
		a.log.Warn("zalo-oa reach not recorded", "error", rerr)
	}
}
