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

func chatKey(w wireUpdate) string {
	if w.Message != nil {
		return string(w.Message.Chat.ID)
	}
	return ""
}

// offer hands w to the shared admission (bot/inbound, the one every
// adapter uses) without waiting: room, the per-member flood limit as the
// update arrives, then its chat's order. Busy: closed or full (the webhook
// answers 503 and Zalo may retry); an update the flood limit refuses, or
// one of a chat whose own backlog is full, is taken and dropped: that chat
// is flooding.
func (a *Adapter) offer(ctx context.Context, h Handler, w wireUpdate) inbound.Result {
	return a.disp.Offer(ctx, h, a.arrival(h, w))
}

// submit queues w, waiting for room (the poll loop slows down instead of
// dropping updates it already took from Zalo).
func (a *Adapter) submit(ctx context.Context, h Handler, w wireUpdate) bool {
	return a.disp.Wait(ctx, h, a.arrival(h, w))
}

func (a *Adapter) arrival(h Handler, w wireUpdate) inbound.Arrival {
	u, act := classify(w)
	arr := inbound.Arrival{
		Key:    chatKey(w),
		Work:   func(ctx context.Context) { a.process(ctx, h, w, u, act) },
		Notify: func(ctx context.Context, notice []chat.Reply) { a.sendNotice(ctx, u.ChatID, notice) },
	}
	if act == actHandle {
		arr.Update = &u // marked Admitted before Work runs
	}
	return arr
}

// sendNotice sends the flood limit's "slow down" in the chat's order.
func (a *Adapter) sendNotice(ctx context.Context, chatID string, notice []chat.Reply) {
	ctx, cancel := context.WithTimeout(ctx, processTimeout)
	defer cancel()
	for _, r := range notice {
		if err := a.replyPart(ctx, chatID, r.Text, r.Urgent); err != nil {
			a.log.Warn("zalo flood notice not sent", "error", err)
			return
		}
	}
}

// process handles one update. Its context ends only when a shutdown gives
// up waiting: an update Loa has taken from Zalo is answered even while the
// bot shuts down.
func (a *Adapter) process(ctx context.Context, h Handler, w wireUpdate, u chat.Update, act action) {
	ctx, cancel := context.WithTimeout(ctx, processTimeout)
	defer cancel()
	defer func() {
		if p := recover(); p != nil {
			a.log.Error("zalo update handling panicked", "event", w.EventName, "error", p)
		}
	}()
	switch act {
	case actIgnore:
		a.log.Debug("zalo update ignored", "event", w.EventName)
		return
	}
	a.pressButton(ctx, &u)
	replies := h.Handle(ctx, u)
	if len(replies) == 0 {
		return // a duplicate dropped by the router, say: the menu stays as it was
	}
	var menu []chat.Button
	for _, r := range replies {
		parts, err := a.render(ctx, r)
		if err == nil {
			for _, p := range parts {
				if err = a.replyPart(ctx, u.ChatID, p, r.Urgent); err != nil {
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
	if a.cfg.OnReplied != nil {
		a.cfg.OnReplied(ctx, u.ChatID)
	}
}
