package zalo

import (
	"context"
	"errors"
	"time"

	"loa/bot/inbound"
	"loa/chat"
)

// processTimeout bounds one update: handler plus replies.
const processTimeout = 2 * time.Minute

// dispatcher hands updates to the shared fair dispatcher (bot/inbound):
// one chat's updates in order, chats in parallel, one chat's backlog
// bounded so a flooding chat never holds up the others.
type dispatcher struct {
	a    *Adapter
	h    Handler
	disp *inbound.Dispatcher
}

func (a *Adapter) newDispatcher(h Handler) *dispatcher {
	return &dispatcher{a: a, h: h, disp: inbound.New(inbound.Bounds{}, a.log)}
}

func chatKey(w wireUpdate) string {
	if w.Message != nil {
		return string(w.Message.Chat.ID)
	}
	return ""
}

// offer queues w without waiting; false when closed or full (the webhook
// then answers 503 and Zalo may retry). The per-member flood limit is
// applied here, as the update arrives; an update it refuses, or one of a
// chat whose own backlog is full, is taken and dropped: that chat is
// flooding.
func (d *dispatcher) offer(ctx context.Context, w wireUpdate) bool {
	if !d.disp.HasRoom() {
		return false
	}
	u, act := classify(w)
	admitted := false
	if act == actHandle {
		proceed, notice := inbound.Admit(ctx, d.h, &u)
		if !proceed {
			if len(notice) > 0 {
				d.disp.Submit(u.ChatID, func(ctx context.Context) { d.sendNotice(ctx, u.ChatID, notice) })
			}
			return true
		}
		admitted = u.Admitted
	}
	return d.disp.Submit(chatKey(w), func(ctx context.Context) { d.process(ctx, w, admitted) }) != inbound.Busy
}

// submit queues w, waiting for room (the poll loop slows down instead of
// dropping updates it already took from Zalo).
func (d *dispatcher) submit(ctx context.Context, w wireUpdate) bool {
	for d.disp.WaitRoom(ctx) {
		if d.offer(ctx, w) {
			return true
		}
	}
	return false
}

// sendNotice sends the flood limit's "slow down" in the chat's order.
func (d *dispatcher) sendNotice(ctx context.Context, chatID string, notice []chat.Reply) {
	ctx, cancel := context.WithTimeout(ctx, processTimeout)
	defer cancel()
	for _, r := range notice {
		if err := d.a.replyPart(ctx, chatID, r.Text); err != nil {
			d.a.log.Warn("zalo flood notice not sent", "error", err)
			return
		}
	}
}

// stop refuses new updates and waits for the queued ones, at most until
// ctx ends; then the ones still running are cancelled and waited for.
func (d *dispatcher) stop(ctx context.Context) error {
	return d.disp.Stop(ctx)
}

// process handles one update. Its context ends only when a shutdown gives
// up waiting: an update Loa has taken from Zalo is answered even while the
// bot shuts down.
func (d *dispatcher) process(ctx context.Context, w wireUpdate, admitted bool) {
	a := d.a
	ctx, cancel := context.WithTimeout(ctx, processTimeout)
	defer cancel()
	defer func() {
		if p := recover(); p != nil {
			a.log.Error("zalo update handling panicked", "event", w.EventName, "error", p)
		}
	}()
	u, act := classify(w)
	switch act {
	case actIgnore:
		a.log.Debug("zalo update ignored", "event", w.EventName)
		return
	case actApologize:
		if !a.apologies.Due(u.ChatID, time.Now()) {
			return
		}
		if err := a.replyPart(ctx, u.ChatID, ApologyText); err != nil {
			a.log.Warn("zalo apology not sent", "event", w.EventName, "error", err)
		}
		return
	}
	a.pressButton(ctx, &u)
	u.Admitted = admitted
	replies := d.h.Handle(ctx, u)
	if len(replies) == 0 {
		return // a duplicate dropped by the router, say: the menu stays as it was
	}
	var menu []chat.Button
	for _, r := range replies {
		parts, err := a.render(ctx, r)
		if err == nil {
			for _, p := range parts {
				if err = a.replyPart(ctx, u.ChatID, p); err != nil {
					break
				}
			}
		}
		if err != nil {
			// Later replies would most likely fail the same way (blocked, 400).
			var se *chat.SendError
			if errors.As(err, &se) && (se.Kind == chat.ErrBlocked || se.Kind == chat.ErrPermanent) {
				a.log.Warn("zalo reply not delivered", "chat_id", u.ChatID, "kind", se.Kind.String(), "error", err)
				return
			}
			a.log.Warn("zalo reply lost", "chat_id", u.ChatID, "error", err)
			if a.cfg.OnReplyLost != nil {
				a.cfg.OnReplyLost(u.ChatID)
			}
			return
		}
		if len(r.Buttons) > 0 {
			menu = Flatten(r.Buttons)
		}
	}
	a.rememberMenu(ctx, u.ChatID, menu)
}
