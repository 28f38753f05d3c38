package handlers

import (
	"context"
	"strings"

	"loa/chat"
)

// Multi-step commands: a command that needs the next message (the text of a
// notice after /thongbao) stores "step:arg" with store.SetPending for the
// person who typed it in that chat; the router hands her next plain message
// in that chat to the step here, once (TakePending forgets it). Another
// person speaking in the same group never answers her step. A feature
// registers each of its steps by name (registry.step).

// continueStep runs the step the chat is waiting for, and names it; ok is
// false when there is none and the message is an ordinary question. A step
// that returns no reply leaves the message to the rest of the router: it
// only offered to take a message of one shape (a figure after the list of
// meetings) and this is not one.
func (r *Router) continueStep(ctx context.Context, u chat.Update) (replies []chat.Reply, step string, ok bool) {
	if r.store == nil {
		return nil, "", false
	}
	state, err := r.store.TakePending(ctx, u.Platform, u.ChatID, u.UserID)
	if err != nil {
		r.log.Warn("pending step unavailable", "platform", u.Platform, "error", err)
		return nil, "", false
	}
	step, arg, _ := strings.Cut(state, ":")
	if step == "" {
		return nil, "", false
	}
	f, ok := r.steps[step]
	if !ok {
		r.log.Warn("unknown pending step dropped", "platform", u.Platform, "step", step)
		return nil, "", false
	}
	replies = f(ctx, u, arg, r)
	return replies, step, replies != nil
}
