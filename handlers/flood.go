package handlers

import (
	"context"

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
// dedupe that follows has the same policy, answering beats silence.
//
// Handle calls it for updates not yet Admitted. Adapters that queue updates
// call it as each arrives, before queueing, and mark admitted ones.
func (r *Router) Admit(ctx context.Context, u chat.Update) (ok bool, replies []chat.Reply) {
	if r.store == nil || u.Admitted {
		return true, nil
	}
	who := u.UserID
	if who == "" {
		who = u.ChatID
	}
	adm, err := r.store.Admit(ctx, store.FloodPerMember, u.Platform+":"+who)
	if err != nil {
		r.log.Warn("flood limit unavailable", "platform", u.Platform, "error", err)
		return true, nil
	}
	if adm.Allowed {
		return true, nil
	}
	if !adm.Notify {
		return false, nil
	}
	r.log.Info("member over the flood limit: told once, later messages dropped for a while",
		"platform", u.Platform, "retry_in", adm.RetryAfter)
	return false, []chat.Reply{{Text: msgSlowDown}}
}
