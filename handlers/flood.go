package handlers

import (
	"context"
	"strings"

	"loa/chat"
	"loa/store"
)

// msgSlowDown is said once per window to someone who writes faster than
// store.FloodPerMember allows; the messages refused meanwhile get nothing.
const msgSlowDown = "Chị nhắn nhanh quá, Loa chưa kịp đọc hết ạ. Chị đợi khoảng một phút rồi nhắn tiếp giúp Loa nhé."

// Admit applies the per-member flood limit, the same one on every platform
// (a web chat session is its member): ok is false when the update must not
// be handled, and then replies holds the one "slow down" message of the
// window, or nothing. Redis being unavailable lets the update through: the
// dedupe that follows has the same policy, answering beats silence. An
// update it refuses that tells of an emergency is let through all the same
// (Rescue); when that refusal was the one to be told, the emergency's
// script takes the notice's place: she is answered.
//
// Handle calls it for updates not yet Admitted. Adapters that queue updates
// call it as each arrives, before queueing, and mark admitted ones.
func (r *Router) Admit(ctx context.Context, u chat.Update) (ok bool, replies []chat.Reply) {
	if r.store == nil || u.Admitted {
		return true, nil
	}
	adm, err := r.store.Admit(ctx, store.FloodPerMember, floodMember(u))
	if err != nil {
		r.log.Warn("flood limit unavailable", "platform", u.Platform, "error", err)
		return true, nil
	}
	if adm.Allowed || r.Rescue(ctx, u) {
		return true, nil
	}
	if !adm.Notify {
		return false, nil
	}
	r.log.Info("member over the flood limit: told once, later messages dropped for a while",
		"platform", u.Platform, "retry_in", adm.RetryAfter)
	return false, []chat.Reply{{Text: msgSlowDown}}
}

// Rescue reports whether u, refused by a flood limit, must be handled all
// the same: it tells of an emergency (Urgent). A woman in panic writes fast
// ("cứu", "cứu em", retyping) and can be over the limit just when she
// writes that her husband is beating her; dropped with the rest, she would
// get no hotline. It is bounded per member, in Redis so every replica
// shares the bounds: only the first few refused updates are looked at
// (store.FloodTriage), so a flood costs a match for those only, and one
// rescue per window (store.FloodRescue), so a flood of emergency-like texts
// buys one script, which again would add nothing. Redis being unavailable
// rescues nothing: the limit that refused was read from it a moment ago.
//
// Router.Admit asks it of what the member limit refuses; the web chat asks
// it of what its session's lane refuses at the door (not of what an
// address's lane refuses: sessions cost nothing to invent).
func (r *Router) Rescue(ctx context.Context, u chat.Update) bool {
	if r.store == nil || u.Data != "" || strings.TrimSpace(u.Text) == "" {
		return false
	}
	who := floodMember(u)
	take := func(l store.FloodLimit) bool {
		adm, err := r.store.Admit(ctx, l, who)
		if err != nil {
			r.log.Warn("flood rescue unavailable", "platform", u.Platform, "error", err)
		}
		return err == nil && adm.Allowed
	}
	if !take(store.FloodTriage) || !r.Urgent(ctx, u) || !take(store.FloodRescue) {
		return false
	}
	r.log.Info("member over the flood limit wrote of an emergency: handled all the same", "platform", u.Platform)
	return true
}

// floodMember names u's sender in the flood limits: a person on a
// platform (a web chat session is its member).
func floodMember(u chat.Update) string {
	who := u.UserID
	if who == "" {
		who = u.ChatID
	}
	return u.Platform + ":" + who
}
