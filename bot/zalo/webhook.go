package zalo

import (
	"io"
	"net/http"

	"loa/bot/inbound"
)

// secretHeader carries the webhook secret on every Zalo push.
const secretHeader = "X-Bot-Api-Secret-Token"

// WebhookHandler receives Zalo's pushes and feeds h, behind the shared door
// (inbound.Webhook: POST only; X-Bot-Api-Secret-Token compared in constant
// time, missing → 401, wrong → 403, nothing read or processed; at most
// MaxWebhookBody read, → 413). It accepts the wrapped {ok,result} and the
// flat body shape (malformed → 400), answers 200 at once and handles the
// update asynchronously, in order per chat. Unknown events and updates
// without a message are acknowledged and ignored. After Close, or when the
// queues are full, it answers 503.
func (a *Adapter) WebhookHandler(h Handler) http.Handler {
	return inbound.Webhook{
		Log:          a.log,
		MaxBody:      MaxWebhookBody,
		SecretHeader: secretHeader,
		Secret:       a.cfg.WebhookSecret,
		Serve: func(w http.ResponseWriter, r *http.Request, raw []byte) {
			u, ok, err := decodeWebhook(raw)
			if err != nil {
				a.log.Warn("zalo webhook body malformed", "error", err)
				http.Error(w, "malformed update", http.StatusBadRequest)
				return
			}
			if ok && a.offer(r.Context(), h, u) == inbound.Busy {
				a.log.Warn("zalo webhook busy or closing; update refused", "event", u.EventName)
				http.Error(w, "busy", http.StatusServiceUnavailable)
				return
			}
			w.Header().Set("Content-Type", "application/json")
			_, _ = io.WriteString(w, `{"ok":true}`)
		},
	}.Handler()
}
