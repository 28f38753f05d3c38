// Package zalooatest is a strict fake of the Zalo Official Account Open API
// (platforms.md part D) for tests. One server plays both hosts: the OAuth
// endpoint /v4/oa/access_token and the OA API /v3.0/oa/message/cs. It
// enforces what makes the OA hard:
//
//   - OAuth: the secret_key header (the App Secret), PKCE on codes, single-use
//     codes and refresh tokens (each refresh rotates the pair; the old
//     refresh token is refused afterwards), expires_in as the string "90000",
//     and a clock the test moves to expire access tokens;
//   - sending: the access_token header (-216 unknown, -220 expired or
//     replaced), the follower rule (-213), the 7-day interaction window
//     (-230), 8 free replies within 48 h of the user's last interaction, then
//     the package quota, then -211; texts of 1–2,000 characters, at most 5
//     buttons; every refusal is HTTP 200 with error ≠ 0;
//   - webhook pushes signed X-ZEvent-Signature: mac=sha256(app_id + body +
//     timestamp + OA secret key), timestamps as millisecond strings, with
//     the bot's status and response time recorded (2 s budget).
//
// Error texts and the OAuth error shape are not published [?]: the fake uses
// plausible English descriptions and says so; tests should assert codes.
package zalooatest

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"
)

// Platform limits and lifetimes (platforms.md D1, D3).
const (
	MaxText            = 2000
	MaxButtons         = 5
	AccessTokenTTL     = 90000 * time.Second // 25 h
	RefreshTokenTTL    = 90 * 24 * time.Hour
	InteractionWindow  = 7 * 24 * time.Hour
	FreeReplyWindow    = 48 * time.Hour
	FreeReplies        = 8
	WebhookBudget      = 2 * time.Second
	SignatureHeader    = "X-ZEvent-Signature"
	codeTTL            = 10 * time.Minute
	ErrInvalidParam    = -201
	ErrOutOfQuota      = -211
	ErrNotFollower     = -213
	ErrInvalidToken    = -216
	ErrExpiredToken    = -220
	ErrNoInteraction   = -230
	oauthInvalidGrant  = -14014 // [?] the OAuth endpoint's codes are not published
	oauthInvalidSecret = -14003 // [?]
)

// errorText is the description the fake sends with each code [?].
var errorText = map[int]string{
	ErrInvalidParam:  "Parameters are invalid",
	ErrOutOfQuota:    "Out of quota",
	ErrNotFollower:   "User has not followed OA",
	ErrInvalidToken:  "Access token is invalid",
	ErrExpiredToken:  "Access token has expired or has been removed",
	ErrNoInteraction: "User has not interacted with the OA in the past 7 days",
}

// Button is one button of a sent message.
type Button struct {
	Title, Type, Payload string
}

// Message is one message the OA sent, as the fake accepted it.
type Message struct {
	UserID    string
	Text      string
	Buttons   []Button
	MessageID string
	QuotaType string // "reply" (free) or "sub_quota" (package)
	At        time.Time
}

// Attempt is one send request and the error code it got (0 = sent).
type Attempt struct {
	UserID string
	Error  int
}

// Push is one webhook delivery and how the bot answered it.
type Push struct {
	EventName string
	Status    int // 0 when the request failed
	Took      time.Duration
	Err       string
}

type follower struct {
	following  bool
	lastSeen   time.Time // last interaction (message or follow)
	freeUsed   int       // free replies used since lastSeen
	interacted bool
}

type accessToken struct {
	expires time.Time
	revoked bool // replaced by a refresh: -220
}

type refreshToken struct {
	expires time.Time
	used    bool
}

type authCode struct {
	challenge string
	expires   time.Time
	used      bool
}

// Server is a running fake. All methods are safe for concurrent use.
type Server struct {
	tb  testing.TB
	srv *httptest.Server

	AppID, AppSecret, OAID, SecretKey string

	mu           sync.Mutex
	changed      chan struct{}
	offset       time.Duration // the fake clock: real time plus offset
	access       map[string]*accessToken
	refresh      map[string]*refreshToken
	codes        map[string]*authCode
	followers    map[string]*follower
	packageQuota int
	messages     []Message
	attempts     []Attempt
	pushes       []Push
	refreshes    int // successful refresh grants
	reused       int // refresh tokens presented a second time
	webhook      string
	push         *http.Client
	slowOAuth    time.Duration
}

// Start runs a fake on a loopback port until the test ends.
func Start(tb testing.TB) *Server {
	tb.Helper()
	s := &Server{
		tb:        tb,
		AppID:     "3058712493817325741",
		AppSecret: "Xq9TzVbN2mKcLpRwYs8H",
		OAID:      "579745863508352884",
		SecretKey: "oaSk7FhJ3dWqZ1xYvB5n",
		changed:   make(chan struct{}),
		access:    map[string]*accessToken{},
		refresh:   map[string]*refreshToken{},
		codes:     map[string]*authCode{},
		followers: map[string]*follower{},
		push:      &http.Client{Timeout: 10 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }},
	}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	tb.Cleanup(s.srv.Close)
	return s
}

// URL is the base of both the API and the OAuth host.
func (s *Server) URL() string { return s.srv.URL }

// SetWebhook is the URL the fake pushes events to (set in the developer
// console on the real platform, not through the API).
func (s *Server) SetWebhook(url string) { s.mu.Lock(); s.webhook = url; s.mu.Unlock() }

// Now is the fake clock.
func (s *Server) Now() time.Time { s.mu.Lock(); defer s.mu.Unlock(); return s.nowLocked() }

func (s *Server) nowLocked() time.Time { return time.Now().Add(s.offset) }

// Advance moves the fake clock: access tokens and windows expire with it.
func (s *Server) Advance(d time.Duration) {
	s.mu.Lock()
	s.offset += d
	s.changedLocked()
	s.mu.Unlock()
}

// SetPackageQuota is how many paid consultation messages the OA has left
// once a follower's free replies are used (0 by default: -211).
func (s *Server) SetPackageQuota(n int) { s.mu.Lock(); s.packageQuota = n; s.mu.Unlock() }

// SlowOAuth delays every token grant, so tests can make two replicas
// refresh at the same time.
func (s *Server) SlowOAuth(d time.Duration) { s.mu.Lock(); s.slowOAuth = d; s.mu.Unlock() }

// IssueRefreshToken is what an operator gets from a first login: a fresh
// refresh token (and no usable access token).
func (s *Server) IssueRefreshToken() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	rt := newID("rt")
	s.refresh[rt] = &refreshToken{expires: s.nowLocked().Add(RefreshTokenTTL)}
	return rt
}

// IssueCode is the code the consent page hands back for a PKCE challenge.
func (s *Server) IssueCode(challenge string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := newID("code")
	s.codes[c] = &authCode{challenge: challenge, expires: s.nowLocked().Add(codeTTL)}
	return c
}

// Refreshes counts successful refresh_token grants; Reused counts refresh
// tokens presented after they had been used (the bug the OA punishes).
func (s *Server) Refreshes() (ok, reused int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.refreshes, s.reused
}

// AddFollower makes userID a follower who interacted at `at`, without a
// webhook event (she followed before the test began).
func (s *Server) AddFollower(userID string, at time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.followers[userID] = &follower{following: true, lastSeen: at, interacted: true}
}

// Messages are the messages the OA sent to userID, oldest first.
func (s *Server) Messages(userID string) []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Message
	for _, m := range s.messages {
		if m.UserID == userID {
			out = append(out, m)
		}
	}
	return out
}

// Attempts are every send request, refused ones included.
func (s *Server) Attempts() []Attempt {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Attempt(nil), s.attempts...)
}

// Pushes are every webhook delivery so far.
func (s *Server) Pushes() []Push {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Push(nil), s.pushes...)
}

// WaitForMessages waits until userID has at least n messages.
func (s *Server) WaitForMessages(ctx context.Context, userID string, n int) ([]Message, error) {
	for {
		s.mu.Lock()
		ch := s.changed
		s.mu.Unlock()
		if ms := s.Messages(userID); len(ms) >= n {
			return ms, nil
		}
		select {
		case <-ctx.Done():
			return s.Messages(userID), ctx.Err()
		case <-ch:
		}
	}
}

// WaitFor waits until cond holds; cond runs after every change of state.
func (s *Server) WaitFor(ctx context.Context, cond func() bool) error {
	for {
		s.mu.Lock()
		ch := s.changed
		s.mu.Unlock()
		if cond() {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-ch:
		}
	}
}

func (s *Server) changedLocked() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// newID is an opaque id like the platform's (digits for users, hex for others).
func newID(prefix string) string {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	return prefix + hex.EncodeToString(b)
}

// NewUserID is a fresh numeric-looking user id, kept as a string as the
// platform's ids must be (they exceed float64 precision).
func NewUserID() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	n := uint64(0)
	for _, c := range b {
		n = n<<8 | uint64(c)
	}
	return strconv.FormatUint(1_000_000_000_000_000_000+n%8_000_000_000_000_000_000, 10)
}

// ---- webhook pushes ----

// Sign is the X-ZEvent-Signature value for a body with that timestamp.
func Sign(appID, body, timestamp, secretKey string) string {
	sum := sha256.Sum256([]byte(appID + body + timestamp + secretKey))
	return "mac=" + hex.EncodeToString(sum[:])
}

// Follow makes userID a follower and pushes the follow event.
func (s *Server) Follow(userID string) Push {
	s.mu.Lock()
	now := s.nowLocked()
	f := s.followers[userID]
	if f == nil {
		f = &follower{}
		s.followers[userID] = f
	}
	f.following, f.lastSeen, f.freeUsed, f.interacted = true, now, 0, true
	ts := strconv.FormatInt(now.UnixMilli(), 10)
	s.mu.Unlock()
	return s.PushEvent(map[string]any{
		"app_id": s.AppID, "oa_id": s.OAID, "event_name": "follow", "source": "oa_profile",
		"follower": map[string]any{"id": userID}, "user_id_by_app": "app" + userID, "timestamp": ts,
	}, "")
}

// UserSays records an interaction by userID (who must follow, or is made
// to) and pushes user_send_text.
func (s *Server) UserSays(userID, text string) Push {
	return s.userEvent(userID, "user_send_text", map[string]any{"msg_id": newID(""), "text": text})
}

// UserSendsImage pushes user_send_image with an attachment.
func (s *Server) UserSendsImage(userID string) Push {
	return s.userEvent(userID, "user_send_image", map[string]any{"msg_id": newID(""),
		"attachments": []any{map[string]any{"type": "image", "payload": map[string]any{"url": "https://photo.example/1.jpg"}}}})
}

func (s *Server) userEvent(userID, event string, message map[string]any) Push {
	s.mu.Lock()
	now := s.nowLocked()
	f := s.followers[userID]
	if f == nil {
		f = &follower{following: true}
		s.followers[userID] = f
	}
	f.lastSeen, f.freeUsed, f.interacted = now, 0, true
	ts := strconv.FormatInt(now.UnixMilli(), 10)
	s.mu.Unlock()
	return s.PushEvent(map[string]any{
		"app_id": s.AppID, "user_id_by_app": "app" + userID, "event_name": event,
		"sender": map[string]any{"id": userID}, "recipient": map[string]any{"id": s.OAID},
		"message": message, "timestamp": ts,
	}, "")
}

// PushEvent posts ev to the webhook, signed (or with signature when not
// ""), and records the bot's status and response time.
func (s *Server) PushEvent(ev map[string]any, signature string) Push {
	s.mu.Lock()
	url := s.webhook
	s.mu.Unlock()
	return s.PushEventTo(url, ev, signature)
}

// PushEventTo is PushEvent to another webhook URL (one replica of several).
func (s *Server) PushEventTo(url string, ev map[string]any, signature string) Push {
	body, err := json.Marshal(ev)
	if err != nil {
		s.tb.Fatalf("zalooatest: encode event: %v", err)
	}
	ts, _ := ev["timestamp"].(string)
	if signature == "" {
		signature = Sign(s.AppID, string(body), ts, s.SecretKey)
	}
	name, _ := ev["event_name"].(string)
	p := Push{EventName: name}
	if url == "" {
		s.tb.Fatalf("zalooatest: no webhook URL set")
	}
	req, _ := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(SignatureHeader, signature)
	start := time.Now()
	resp, err := s.push.Do(req)
	p.Took = time.Since(start)
	if err != nil {
		p.Err = err.Error()
	} else {
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		p.Status = resp.StatusCode
	}
	s.mu.Lock()
	s.pushes = append(s.pushes, p)
	s.changedLocked()
	s.mu.Unlock()
	return p
}

// ---- HTTP API ----

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	switch {
	case r.Method == http.MethodPost && r.URL.Path == "/v4/oa/access_token":
		s.token(w, r)
	case r.Method == http.MethodPost && r.URL.Path == "/v3.0/oa/message/cs":
		s.sendCS(w, r)
	case strings.HasPrefix(r.URL.Path, "/v2.0/oa/message"):
		writeJSON(w, map[string]any{"error": -240, "message": "The API v2 has been shut down"})
	default:
		http.NotFound(w, r)
	}
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}

func apiError(w http.ResponseWriter, code int) {
	writeJSON(w, map[string]any{"error": code, "message": errorText[code]})
}

// oauthError is the OAuth endpoint's refusal; its shape is [?].
func oauthError(w http.ResponseWriter, code int, name, desc string) {
	writeJSON(w, map[string]any{"error": code, "error_name": name, "error_reason": name, "error_description": desc})
}

func (s *Server) token(w http.ResponseWriter, r *http.Request) {
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/x-www-form-urlencoded") {
		oauthError(w, oauthInvalidGrant, "invalid_request", "body must be form-urlencoded")
		return
	}
	if err := r.ParseForm(); err != nil {
		oauthError(w, oauthInvalidGrant, "invalid_request", "unreadable form")
		return
	}
	s.mu.Lock()
	delay := s.slowOAuth
	s.mu.Unlock()
	if delay > 0 {
		time.Sleep(delay)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if r.Header.Get("secret_key") != s.AppSecret {
		oauthError(w, oauthInvalidSecret, "invalid_secret_key", "Invalid secret key")
		return
	}
	if r.PostForm.Get("app_id") != s.AppID {
		oauthError(w, oauthInvalidGrant, "invalid_app_id", "Invalid app id")
		return
	}
	now := s.nowLocked()
	switch r.PostForm.Get("grant_type") {
	case "refresh_token":
		rt := s.refresh[r.PostForm.Get("refresh_token")]
		switch {
		case rt == nil:
			oauthError(w, oauthInvalidGrant, "invalid_grant", "Invalid refresh token")
			return
		case rt.used:
			s.reused++
			s.changedLocked()
			oauthError(w, oauthInvalidGrant, "invalid_grant", "Refresh token has been used")
			return
		case now.After(rt.expires):
			oauthError(w, oauthInvalidGrant, "invalid_grant", "Refresh token has expired")
			return
		}
		rt.used = true
		s.refreshes++
	case "authorization_code":
		c := s.codes[r.PostForm.Get("code")]
		if c == nil || c.used || now.After(c.expires) {
			oauthError(w, oauthInvalidGrant, "invalid_grant", "Invalid authorization code")
			return
		}
		c.used = true
		sum := sha256.Sum256([]byte(r.PostForm.Get("code_verifier")))
		if base64.RawURLEncoding.EncodeToString(sum[:]) != c.challenge {
			oauthError(w, oauthInvalidGrant, "invalid_grant", "Invalid code verifier")
			return
		}
	default:
		oauthError(w, oauthInvalidGrant, "unsupported_grant_type", "Invalid grant type")
		return
	}
	// A new pair: older access tokens are removed (-220). Whether the real
	// platform keeps the old access token alive until it expires is [?];
	// removing it is the stricter choice.
	for _, at := range s.access {
		at.revoked = true
	}
	at, rt := newID("at"), newID("rt")
	s.access[at] = &accessToken{expires: now.Add(AccessTokenTTL)}
	s.refresh[rt] = &refreshToken{expires: now.Add(RefreshTokenTTL)}
	s.changedLocked()
	writeJSON(w, map[string]any{"access_token": at, "refresh_token": rt, "expires_in": strconv.Itoa(int(AccessTokenTTL / time.Second))})
}

type csRequest struct {
	Recipient struct {
		UserID string `json:"user_id"`
	} `json:"recipient"`
	Message struct {
		Text       string `json:"text"`
		Attachment *struct {
			Type    string `json:"type"`
			Payload struct {
				Buttons []struct {
					Title   string `json:"title"`
					Type    string `json:"type"`
					Payload any    `json:"payload"`
				} `json:"buttons"`
			} `json:"payload"`
		} `json:"attachment"`
	} `json:"message"`
}

var buttonTypes = map[string]bool{"oa.query.show": true, "oa.query.hide": true, "oa.open.url": true, "oa.open.phone": true, "oa.open.sms": true}

func (s *Server) sendCS(w http.ResponseWriter, r *http.Request) {
	raw, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	var req csRequest
	if err == nil {
		err = json.Unmarshal(raw, &req)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	defer s.changedLocked()
	refuse := func(code int) {
		s.attempts = append(s.attempts, Attempt{UserID: req.Recipient.UserID, Error: code})
		apiError(w, code)
	}
	now := s.nowLocked()
	tok := s.access[r.Header.Get("access_token")]
	switch {
	case tok == nil:
		refuse(ErrInvalidToken)
		return
	case tok.revoked || now.After(tok.expires):
		refuse(ErrExpiredToken)
		return
	case err != nil || req.Recipient.UserID == "":
		refuse(ErrInvalidParam)
		return
	}
	n := utf8.RuneCountInString(req.Message.Text)
	if n == 0 || n > MaxText {
		refuse(ErrInvalidParam)
		return
	}
	var buttons []Button
	if a := req.Message.Attachment; a != nil {
		if a.Type != "template" || len(a.Payload.Buttons) == 0 || len(a.Payload.Buttons) > MaxButtons {
			refuse(ErrInvalidParam)
			return
		}
		for _, b := range a.Payload.Buttons {
			p, ok := b.Payload.(string)
			if !buttonTypes[b.Type] || strings.TrimSpace(b.Title) == "" || !ok || p == "" {
				refuse(ErrInvalidParam)
				return
			}
			buttons = append(buttons, Button{Title: b.Title, Type: b.Type, Payload: p})
		}
	}
	f := s.followers[req.Recipient.UserID]
	switch {
	case f == nil || !f.following:
		refuse(ErrNotFollower)
		return
	case !f.interacted || now.Sub(f.lastSeen) > InteractionWindow:
		refuse(ErrNoInteraction)
		return
	}
	quota := "reply"
	if now.Sub(f.lastSeen) > FreeReplyWindow || f.freeUsed >= FreeReplies {
		if s.packageQuota <= 0 {
			refuse(ErrOutOfQuota)
			return
		}
		s.packageQuota--
		quota = "sub_quota"
	} else {
		f.freeUsed++
	}
	id := newID("")
	s.attempts = append(s.attempts, Attempt{UserID: req.Recipient.UserID})
	s.messages = append(s.messages, Message{UserID: req.Recipient.UserID, Text: req.Message.Text, Buttons: buttons,
		MessageID: id, QuotaType: quota, At: now})
	remain := FreeReplies - f.freeUsed
	if quota != "reply" {
		remain = s.packageQuota
	}
	writeJSON(w, map[string]any{"error": 0, "message": "Success", "data": map[string]any{
		"message_id": id, "user_id": req.Recipient.UserID,
		"quota": map[string]any{"quota_type": quota, "remain": strconv.Itoa(remain), "total": fmt.Sprint(FreeReplies),
			"owner_type": "OA", "owner_id": s.OAID},
	}})
}

// RefreshTokenUsable reports whether rt would be accepted now (issued,
// unused, unexpired), without spending it.
func (s *Server) RefreshTokenUsable(rt string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.refresh[rt]
	return t != nil && !t.used && s.nowLocked().Before(t.expires)
}
