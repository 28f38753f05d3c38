package inbound

import (
	"context"

	"loa/chat"
)

// Every adapter admits what arrives in the same order, through Offer:
//
//  1. its own door (a webhook's method, body bound and secret or
//     signature: Webhook; the web chat's address and session lanes),
//  2. room in the shared bound (Busy: leave the update with the platform,
//     so it comes again),
//  3. the per-member flood limit, as the update arrives rather than as the
//     queue works it off (refused: taken, not handled; the window's one
//     "slow down" goes out in the chat's order; an emergency it would
//     refuse is let through within bounds of its own: Router.Admit asks
//     Router.Rescue),
//  4. the chat's queue, in order behind its earlier updates (ChatFull:
//     taken and dropped, that chat is flooding), unless it tells of an
//     emergency while the chat still has updates waiting: then it goes
//     into the chat's urgent lane, handled at once beside them.

// Admitter applies the per-member flood limit; the handlers' router
// satisfies it (handlers.Router.Admit).
type Admitter interface {
	Admit(ctx context.Context, u chat.Update) (ok bool, replies []chat.Reply)
}

// Triager tells, as an update arrives, whether it tells of an emergency
// (handlers.Router.Urgent). Such an update must not wait behind its chat's
// earlier updates, each of which is handled with its replies: in a busy
// group, at twenty messages a minute, ten answers hold the eleventh update
// back by half a minute.
type Triager interface {
	Urgent(ctx context.Context, u chat.Update) bool
}

// urgentLane is appended to a chat's key for the queue of its urgent
// updates (Triager): in order among themselves, beside the chat's other
// updates rather than behind them. No platform's chat id holds a NUL.
const urgentLane = "\x00urgent"

// Arrival is one update as it reaches an adapter.
type Arrival struct {
	// Key is the queue it joins: its chat.
	Key string
	// Update is what the conversation will handle; nil for what arrives
	// but is not handled (a membership change, an event Loa ignores or
	// apologises for): the flood limit does not count it. Offer marks it
	// Admitted when the flood limit let it through, before Work runs.
	Update *chat.Update
	// Work handles the arrival, in Key's order.
	Work func(ctx context.Context)
	// Notify sends the flood limit's one "slow down" of the window, in
	// Key's order; without it the notice is dropped.
	Notify func(ctx context.Context, notice []chat.Reply)
}

// Refused is what Offer reports for an update the flood limit refused and
// for which nothing was queued: taken from the platform, not handled.
const Refused Result = Busy + 1

// Offer admits one arrival without waiting (the order above): Accepted
// when its work (or, refused by the flood limit, its notice) is queued;
// Refused, ChatFull: taken and dropped; Busy: leave it with the platform
// (a webhook answers 503, a poll loop waits for room). h is the
// conversation; its flood limit applies when it is an Admitter.
func (d *Dispatcher) Offer(ctx context.Context, h any, a Arrival) Result {
	if !d.HasRoom() {
		return Busy // before the flood limit counts it: the platform keeps it
	}
	if a.Update != nil {
		proceed, notice := admit(ctx, h, a.Update)
		if !proceed {
			if len(notice) == 0 || a.Notify == nil {
				return Refused
			}
			if d.Submit(a.Key, func(ctx context.Context) { a.Notify(ctx, notice) }) != Accepted {
				return Refused
			}
			return Accepted
		}
		if d.Busy(a.Key) && urgent(ctx, h, *a.Update) {
			return d.Submit(a.Key+urgentLane, a.Work)
		}
	}
	return d.Submit(a.Key, a.Work)
}

// urgent asks h whether u tells of an emergency, when h can tell.
func urgent(ctx context.Context, h any, u chat.Update) bool {
	t, ok := h.(Triager)
	return ok && t.Urgent(ctx, u)
}

// Wait offers a until it is taken, waiting for room in between (a poll
// loop slows down rather than drop what it took from the platform); false
// when ctx ended or the dispatcher stopped first.
func (d *Dispatcher) Wait(ctx context.Context, h any, a Arrival) bool {
	for d.WaitRoom(ctx) {
		if d.Offer(ctx, h, a) != Busy {
			return true
		}
	}
	return false
}

// admit applies h's flood limit to u, when h has one. proceed=false: drop
// u, and send notice instead when it is not empty. When proceed is true u
// is marked Admitted, so the router does not count it twice.
func admit(ctx context.Context, h any, u *chat.Update) (proceed bool, notice []chat.Reply) {
	a, ok := h.(Admitter)
	if !ok {
		return true, nil
	}
	if ok, notice := a.Admit(ctx, *u); !ok {
		return false, notice
	}
	u.Admitted = true
	return true, nil
}
