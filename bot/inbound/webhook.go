package inbound

import (
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/url"

	"loa/internal/refusals"
)

// Webhook is the door every platform's webhook shares: POST only (405),
// the platform's shared secret in a header (missing: 401, wrong: 403,
// compared in constant time), the body read up to MaxBody (413), then the
// platform's own signature check over the body (Verify), and only then
// Serve. Nothing is read or processed for a request refused at the door.
type Webhook struct {
	// Log gets the refusals, never the secret or the body: the first of
	// each kind, then at most one line a minute with how many there were
	// (internal/refusals), so whoever sends them cannot fill the log.
	Log *slog.Logger
	// MaxBody bounds the body; real events are a few kB.
	MaxBody int64
	// SecretHeader names the header that carries Secret on every push;
	// empty when the platform signs its events instead (Verify).
	SecretHeader string
	Secret       string
	// Verify, when set, checks the platform's signature of the event after
	// the body is read: 0 when it holds, else the status to answer (401 for
	// a missing or wrong signature, 400 for a body it cannot read) and the
	// kind of refusal for the log, a constant (never from the request).
	Verify func(r *http.Request, body []byte) (status int, reason string)
	// Serve handles a verified body: decode, queue (Offer), answer.
	Serve func(w http.ResponseWriter, r *http.Request, body []byte)
}

// Handler serves the webhook.
func (g Webhook) Handler() http.Handler {
	refused := refusals.New(g.Log, slog.LevelWarn)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			w.Header().Set("Allow", http.MethodPost)
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		if g.SecretHeader != "" {
			got := r.Header.Get(g.SecretHeader)
			if got == "" {
				refused.Refused(r.Context(), "webhook request without secret rejected", "remote", r.RemoteAddr)
				http.Error(w, "missing secret", http.StatusUnauthorized)
				return
			}
			if !SecretMatch(got, g.Secret) {
				refused.Refused(r.Context(), "webhook request with a wrong secret rejected", "remote", r.RemoteAddr)
				http.Error(w, "wrong secret", http.StatusForbidden)
				return
			}
		}
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, g.MaxBody))
		if err != nil {
			var tooBig *http.MaxBytesError
			if errors.As(err, &tooBig) {
				refused.Refused(r.Context(), "webhook body too large", "limit", g.MaxBody)
				http.Error(w, "body too large", http.StatusRequestEntityTooLarge)
				return
			}
			http.Error(w, "unreadable body", http.StatusBadRequest)
			return
		}
		if g.Verify != nil {
			if status, reason := g.Verify(r, body); status != 0 {
				refused.Refused(r.Context(), reason, "remote", r.RemoteAddr, "status", status)
				http.Error(w, http.StatusText(status), status)
				return
			}
		}
		g.Serve(w, r, body)
	})
}

// SecretMatch reports whether got equals want. Both are hashed with SHA-256
// first, so the comparison takes the same time whatever their lengths and
// wherever they differ: subtle.ConstantTimeCompare alone returns at once on
// a length mismatch, which tells a prober the secret's length. An empty
// want never matches (a webhook without a configured secret accepts
// nothing).
func SecretMatch(got, want string) bool {
	if want == "" {
		return false
	}
	g, w := sha256.Sum256([]byte(got)), sha256.Sum256([]byte(want))
	return subtle.ConstantTimeCompare(g[:], w[:]) == 1
}

// WebhookPath is the path part of a public webhook URL: the platform POSTs
// there, so the bot serves the same path (behind a proxy that forwards it).
func WebhookPath(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Path == "" {
		return "/"
	}
	return u.Path
}
