package telegramtest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"time"
)

const (
	conflictPoller  = "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"
	conflictWebhook = "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"
)

// serveGetUpdates answers getUpdates: confirm by offset, then hold the
// request until an update exists, the timeout ends, a newer getUpdates
// terminates it (409), or a webhook is set (409).
func (s *Server) serveGetUpdates(w http.ResponseWriter, r *request) {
	fail := func(e *apiError) {
		s.record(r.method, 0, e.code, e.desc)
		writeError(w, e)
	}
	offset, _ := strconv.ParseInt(r.params["offset"], 10, 64)
	limit := 100
	if v, ok := r.params["limit"]; ok {
		limit, _ = strconv.Atoi(v)
		limit = min(max(limit, 1), 100)
	}
	timeout := 0.0
	if v, ok := r.params["timeout"]; ok {
		timeout, _ = strconv.ParseFloat(v, 64)
		timeout = max(timeout, 0)
	}
	allowed, setAllowed, e := parseAllowed(r.params)
	if e != nil {
		fail(e)
		return
	}

	s.mu.Lock()
	if s.webhook.url != "" {
		s.mu.Unlock()
		fail(&apiError{code: 409, desc: conflictWebhook})
		return
	}
	if setAllowed {
		s.allowedUpdates = allowed
	}
	s.confirmLocked(offset)
	if s.pollCancel != nil {
		close(s.pollCancel)
	}
	mine := make(chan struct{})
	s.pollCancel = mine
	s.notifyLocked()
	release := func() {
		if s.pollCancel == mine {
			s.pollCancel = nil
		}
	}
	deadline := time.Now().Add(time.Duration(timeout * float64(time.Second)))
	for {
		if s.webhook.url != "" {
			release()
			s.mu.Unlock()
			fail(&apiError{code: 409, desc: conflictWebhook})
			return
		}
		n := min(limit, len(s.updates))
		if n > 0 || !time.Now().Before(deadline) || s.closed {
			batch := make([]json.RawMessage, n)
			for i, u := range s.updates[:n] {
				batch[i] = u.json()
			}
			release()
			s.mu.Unlock()
			s.record(r.method, 0, 200, "")
			writeResult(w, batch)
			return
		}
		ch := s.changed
		s.mu.Unlock()
		timer := time.NewTimer(time.Until(deadline))
		select {
		case <-ch:
		case <-timer.C:
		case <-mine:
			timer.Stop()
			fail(&apiError{code: 409, desc: conflictPoller})
			return
		case <-r.http.Context().Done():
			timer.Stop()
			s.mu.Lock()
			release()
			s.mu.Unlock()
			return
		}
		timer.Stop()
		s.mu.Lock()
	}
}

// confirmLocked drops updates confirmed by offset: every id below a
// positive offset; all but the last N for offset -N.
func (s *Server) confirmLocked(offset int64) {
	switch {
	case offset > 0:
		i := 0
		for i < len(s.updates) && s.updates[i].id < offset {
			i++
		}
		s.updates = s.updates[i:]
	case offset < 0:
		if keep := int(-offset); keep < len(s.updates) {
			s.updates = s.updates[len(s.updates)-keep:]
		}
	}
}

func parseAllowed(p map[string]string) (map[string]bool, bool, *apiError) {
	raw, ok := p["allowed_updates"]
	if !ok {
		return nil, false, nil // omitted: the previous setting stays
	}
	var kinds []string
	if err := json.Unmarshal([]byte(raw), &kinds); err != nil {
		return nil, false, badRequest("can't parse allowed updates")
	}
	if len(kinds) == 0 {
		return nil, true, nil
	}
	set := map[string]bool{}
	for _, k := range kinds {
		set[k] = true
	}
	return set, true, nil
}

// webhookState is the registered webhook and its delivery bookkeeping.
type webhookState struct {
	url, secret   string
	maxConns      int
	lastErrorDate int64
	lastErrorMsg  string
	attempts      int // failed attempts for the update at the head of the queue
	retryAt       time.Time
}

// Delivery is one webhook POST the server made.
type Delivery struct {
	UpdateID int64
	Status   int    // the bot's HTTP status; 0 when the request failed
	Error    string // transport error, if any
	Time     time.Time
}

var secretToken = regexp.MustCompile(`^[A-Za-z0-9_-]{1,256}$`)

func isLocalHost(h string) bool {
	if h == "localhost" {
		return true
	}
	ip := net.ParseIP(h)
	return ip != nil && ip.IsLoopback()
}

func (s *Server) setWebhook(r *request) (any, int64, *apiError) {
	raw := r.params["url"]
	if raw == "" {
		return s.deleteWebhook(r)
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return nil, 0, badRequest("bad webhook: invalid webhook URL specified")
	}
	local := s.opts.AllowHTTPWebhook && isLocalHost(u.Hostname())
	if !local {
		if u.Scheme != "https" {
			return nil, 0, badRequest("bad webhook: An HTTPS URL must be provided for webhook")
		}
		switch u.Port() {
		case "", "443", "80", "88", "8443":
		default:
			return nil, 0, badRequest("bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443")
		}
	} else if u.Scheme != "http" && u.Scheme != "https" {
		return nil, 0, badRequest("bad webhook: An HTTPS URL must be provided for webhook")
	}
	secret, hasSecret := r.params["secret_token"]
	if hasSecret && !secretToken.MatchString(secret) {
		if len(secret) > 256 {
			return nil, 0, badRequest("secret token is too long")
		}
		return nil, 0, badRequest("secret token contains unallowed characters")
	}
	maxConns := 40
	if v, ok := r.params["max_connections"]; ok {
		maxConns, err = strconv.Atoi(v)
		if err != nil || maxConns < 1 || maxConns > 100 {
			return nil, 0, badRequest("bad webhook: max_connections must be between 1 and 100")
		}
	}
	allowed, setAllowed, e := parseAllowed(r.params)
	if e != nil {
		return nil, 0, e
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if setAllowed {
		s.allowedUpdates = allowed
	}
	if r.params["drop_pending_updates"] == "true" {
		s.updates = nil
	}
	s.webhook = webhookState{url: raw, secret: secret, maxConns: maxConns}
	s.notifyLocked()
	return true, 0, nil
}

func (s *Server) deleteWebhook(r *request) (any, int64, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if r.params["drop_pending_updates"] == "true" {
		s.updates = nil
	}
	s.webhook = webhookState{}
	s.notifyLocked()
	return true, 0, nil
}

func (s *Server) getWebhookInfo(r *request) (any, int64, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	info := map[string]any{
		"url":                    s.webhook.url,
		"has_custom_certificate": false,
		"pending_update_count":   len(s.updates),
	}
	if s.webhook.url != "" {
		info["max_connections"] = s.webhook.maxConns
	}
	if s.webhook.lastErrorDate != 0 {
		info["last_error_date"] = s.webhook.lastErrorDate
		info["last_error_message"] = s.webhook.lastErrorMsg
	}
	if s.allowedUpdates != nil {
		kinds := []string{}
		for k := range s.allowedUpdates {
			kinds = append(kinds, k)
		}
		info["allowed_updates"] = kinds
	}
	return info, 0, nil
}

// deliverWebhooks posts queued updates, oldest first, one at a time, while a
// webhook is set. A non-2xx answer or a transport error is retried after a
// growing pause; after WebhookMaxAttempts the update is dropped.
func (s *Server) deliverWebhooks() {
	defer s.wg.Done()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		<-s.closing
		cancel()
	}()
	s.mu.Lock()
	for {
		var wait <-chan time.Time
		var timer *time.Timer
		for !s.closed {
			if s.webhook.url != "" && len(s.updates) > 0 {
				d := time.Until(s.webhook.retryAt)
				if d <= 0 {
					break
				}
				timer = time.NewTimer(d)
				wait = timer.C
			}
			ch := s.changed
			s.mu.Unlock()
			select {
			case <-ch:
			case <-wait:
			case <-s.closing:
			}
			if timer != nil {
				timer.Stop()
				timer, wait = nil, nil
			}
			s.mu.Lock()
		}
		if s.closed {
			s.mu.Unlock()
			return
		}
		u := s.updates[0]
		target, secret := s.webhook.url, s.webhook.secret
		s.mu.Unlock()

		status, errText := s.postUpdate(ctx, target, secret, u.json())

		s.mu.Lock()
		now := time.Now()
		s.deliveries = append(s.deliveries, Delivery{UpdateID: u.id, Status: status, Error: errText, Time: now})
		ok := errText == "" && status >= 200 && status < 300
		if ok {
			s.removeUpdateLocked(u.id)
			s.webhook.attempts, s.webhook.retryAt = 0, time.Time{}
		} else if s.webhook.url == target {
			s.webhook.lastErrorDate = now.Unix()
			if errText != "" {
				s.webhook.lastErrorMsg = errText
			} else {
				s.webhook.lastErrorMsg = fmt.Sprintf("Wrong response from the webhook: %d %s", status, http.StatusText(status))
			}
			s.webhook.attempts++
			if s.webhook.attempts >= s.opts.WebhookMaxAttempts {
				s.removeUpdateLocked(u.id)
				s.webhook.attempts, s.webhook.retryAt = 0, time.Time{}
			} else {
				delay := s.opts.WebhookRetryDelay << (s.webhook.attempts - 1)
				s.webhook.retryAt = now.Add(min(delay, 2*time.Second))
			}
		}
		s.notifyLocked()
	}
}

func (s *Server) removeUpdateLocked(id int64) {
	for i, u := range s.updates {
		if u.id == id {
			s.updates = append(s.updates[:i:i], s.updates[i+1:]...)
			return
		}
	}
}

func (s *Server) postUpdate(ctx context.Context, target, secret string, body []byte) (int, string) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, target, bytes.NewReader(body))
	if err != nil {
		return 0, "Bad webhook URL"
	}
	req.Header.Set("Content-Type", "application/json")
	if secret != "" {
		req.Header.Set("X-Telegram-Bot-Api-Secret-Token", secret)
	}
	resp, err := s.opts.WebhookClient.Do(req)
	if err != nil {
		return 0, "Connection failed: " + err.Error()
	}
	resp.Body.Close()
	return resp.StatusCode, ""
}
