package handlers

// Attendance: members check in to an event (/diemdanh, its button).

import (
	"context"
	"fmt"
	"strings"
	"time"

	"loa/chat"
	"loa/store"
)

func checkInButtonFor(id, token string) chat.Button {
	return chat.Button{Text: labelCheckIn, Data: buttonCheckIn + ":" + id + ":" + token}
}

// ---- check-in ----

func (r *attendance) checkInCommand(ctx context.Context, u chat.Update, args string) []chat.Reply {
	if store.NormalizeEventCode(args) == "" {
		return r.askStep(ctx, u, stepCheckInCode+":", msgCheckInAskCode)
	}
	return r.checkIn(ctx, u, func(now time.Time) (store.CheckInResult, error) {
		return r.store.CheckInByCode(ctx, args, identity(u), now)
	})
}

func (r *attendance) checkInButton(ctx context.Context, u chat.Update, arg string) []chat.Reply {
	id, token, _ := strings.Cut(arg, ":")
	return r.checkIn(ctx, u, func(now time.Time) (store.CheckInResult, error) {
		return r.store.CheckInWithToken(ctx, id, token, identity(u), now)
	})
}

// checkIn is the hot path of a meeting's first minutes: one script call,
// no other Redis round trip.
func (r *attendance) checkIn(ctx context.Context, u chat.Update, do func(time.Time) (store.CheckInResult, error)) []chat.Reply {
	res, err := do(r.now())
	if err != nil {
		return r.failed(u, "check in", err)
	}
	switch res.Status {
	case store.CheckedIn:
		return []chat.Reply{{Text: fmt.Sprintf(msgCheckedIn, res.Title, eventDay(res.Start))}}
	case store.AlreadyCheckedIn:
		return []chat.Reply{{Text: fmt.Sprintf(msgCheckInAgain, res.Title)}}
	case store.CheckInNotMember:
		return []chat.Reply{{Text: msgCheckInNoMember}}
	case store.CheckInLimited:
		r.log.Warn("check-in refused: too many refused tries", "platform", u.Platform)
		return []chat.Reply{{Text: msgCheckInTooMany}}
	case store.CheckInOtherUnit:
		// Someone outside the event's units learns nothing about it, not
		// even that the code exists: the same answer as a wrong code.
		r.log.Info("check-in refused: event of another unit", "platform", u.Platform, "event", res.EventID)
		return []chat.Reply{{Text: msgCheckInUnknown}}
	case store.CheckInClosed:
		return []chat.Reply{{Text: fmt.Sprintf(msgCheckInClosed, res.Title)}}
	case store.CheckInTooEarly:
		// The reply offers the check-in again, as msgCheckInEarly says: on
		// Zalo a reply without choices forgets the invitation's numbered
		// list, so without it "1" would no longer check her in later.
		reply := chat.Reply{Text: fmt.Sprintf(msgCheckInEarly, res.Title, eventWhen(res.Start.Add(-store.CheckInEarly)))}
		if res.EventID != "" {
			reply.Buttons = [][]chat.Button{{checkInButtonFor(res.EventID, res.Token)}}
		}
		return []chat.Reply{reply}
	}
	r.log.Info("check-in with an unknown event", "platform", u.Platform)
	return []chat.Reply{{Text: msgCheckInUnknown}}
}

// ---- /baocao ----
