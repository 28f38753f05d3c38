package zalo

import (
	"context"
	"errors"
	"io"
	"net/http"

	"loa/bot/secret"
)

// secretHeader carries the webhook secret on every Zalo push.
const secretHeader = "X-Bot-Api-Secret-Token"

// WebhookHandler receives Zalo's pushes and feeds h. It checks
// X-Bot-Api-Secret-Token in constant time (missing → 401, wrong → 403,
// nothing read or processed), reads at most MaxWebhookBody (→ 413), accepts
// the wrapped {ok,result} and the flat body shape (malformed → 400), answers
// 200 at once and handles the update asynchronously, in order per chat.
// Unknown events and updates without a message are acknowledged and ignored.
// After Close, or when the chat's queue is full, it answers 503.
func (a *Adapter) WebhookHandler(h Handler) http.Handler {
	d := a.newDispatcher(h)
	a.mu.Lock()
	if a.closed {
		a.mu.Unlock()
		_ = d.stop(context.Background())
	} else {
		a.dispatchers = append(a.dispatchers, d)
		a.mu.Unlock()
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			w.Header().Set("Allow", http.MethodPost)
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		got, present := r.Header[http.CanonicalHeaderKey(secretHeader)]
		if !present || len(got) == 0 || got[0] == "" {
			a.log.Warn("zalo webhook without secret rejected")
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		if !secret.Match(got[0], a.cfg.WebhookSecret) {
			a.log.Warn("zalo webhook with a wrong secret rejected")
			http.Error(w, "forbidden", http.StatusForbidden)
			return
		}
		raw, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxWebhookBody))
		if err != nil {
			var tooBig *http.MaxBytesError
			if errors.As(err, &tooBig) {
				a.log.Warn("zalo webhook body too large", "limit", MaxWebhookBody)
				http.Error(w, "body too large", http.StatusRequestEntityTooLarge)
				return
			}
			http.Error(w, "unreadable body", http.StatusBadRequest)
			return
		}
		u, ok, err := decodeWebhook(raw)
		if err != nil {
			a.log.Warn("zalo webhook body malformed", "error", err)
			http.Error(w, "malformed update", http.StatusBadRequest)
			return
		}
		if ok && !d.offer(r.Context(), u) {
			a.log.Warn("zalo webhook busy or closing; update refused", "event", u.EventName)
			http.Error(w, "busy", http.StatusServiceUnavailable)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"ok":true}`)
	})
}
