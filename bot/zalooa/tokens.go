package zalooa

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"loa/store"
)

const (
	// refreshMargin: the access token (25 h) is refreshed when less than
	// this is left, so a call never carries a token about to expire.
	refreshMargin = time.Hour
	// lockTTL outlives one OAuth request (grantTimeout) with room to store.
	lockTTL      = 30 * time.Second
	grantTimeout = 20 * time.Second
	// lockWait bounds how long a replica waits for another one's refresh.
	lockWait = 25 * time.Second
	lockPoll = 50 * time.Millisecond
)

// ErrLoginNeeded means the stored refresh token was refused (used, expired
// or revoked): only a new login (`bot admin zalo-oa login-url`) helps.
var ErrLoginNeeded = errors.New("zalo-oa: the refresh token was refused; log in again with `bot admin zalo-oa login-url`")

// tokenPair is what Redis holds.
type tokenPair struct {
	access, refresh string
	expires         time.Time
}

// usable reports whether the access token may be sent now.
func (p tokenPair) usable(now time.Time) bool {
	return p.access != "" && now.Before(p.expires.Add(-refreshMargin))
}

// tokenManager hands out the access token and refreshes it: one goroutine
// per process (mu) and one replica at a time (the Redis lock).
type tokenManager struct {
	st                          *store.Store
	oaID                        string
	oauthBase, appID, appSecret string
	client                      *http.Client
	now                         func() time.Time
	log                         *slog.Logger
	mu                          sync.Mutex
	cached                      tokenPair
	refreshes                   int // successful refreshes by this process
}

func newTokenManager(cfg Config, client *http.Client, log *slog.Logger) *tokenManager {
	return &tokenManager{
		st: store.New(cfg.Redis), oaID: cfg.OAID,
		oauthBase: cfg.OAuthBase, appID: cfg.AppID, appSecret: cfg.AppSecret,
		client: client, now: cfg.Now, log: log,
	}
}

// seed stores the operator's first refresh token unless Redis already
// holds one (a rotated token, newer than the environment's).
func (m *tokenManager) seed(ctx context.Context, refresh string) error {
	refresh = strings.TrimSpace(refresh)
	if refresh == "" {
		return nil
	}
	return m.st.SeedZaloOARefresh(ctx, m.oaID, refresh)
}

// replace stores a pair got from a new login (bot admin zalo-oa code),
// whatever Redis held: the old refresh token is of no use any more.
func (m *tokenManager) replace(ctx context.Context, p tokenPair) error {
	return m.st.ReplaceZaloOATokens(ctx, m.oaID, store.ZaloOAPair{Access: p.access, Refresh: p.refresh, Expires: p.expires})
}

func (m *tokenManager) load(ctx context.Context) (tokenPair, error) {
	p, err := m.st.ZaloOATokens(ctx, m.oaID)
	if err != nil {
		return tokenPair{}, fmt.Errorf("zalo-oa: %w", err)
	}
	return tokenPair{access: p.Access, refresh: p.Refresh, expires: p.Expires}, nil
}

// access returns an access token that is not about to expire, refreshing
// when needed.
func (m *tokenManager) access(ctx context.Context) (string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.cached.usable(m.now()) {
		return m.cached.access, nil
	}
	p, err := m.load(ctx)
	if err != nil {
		return "", err
	}
	if p.usable(m.now()) {
		m.cached = p
		return p.access, nil
	}
	return m.refreshLocked(ctx, p.access)
}

// renew is called after the API refused stale (-216/-220): it returns a
// newer token another replica stored, or refreshes.
func (m *tokenManager) renew(ctx context.Context, stale string) (string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	p, err := m.load(ctx)
	if err != nil {
		return "", err
	}
	if p.access != stale && p.usable(m.now()) {
		m.cached = p
		return p.access, nil
	}
	return m.refreshLocked(ctx, stale)
}

// refreshLocked takes the replicas' lock, and unless another replica has
// replaced stale meanwhile, spends the stored refresh token and stores the
// new pair before returning its access token. m.mu is held.
func (m *tokenManager) refreshLocked(ctx context.Context, stale string) (string, error) {
	owner := randomID()
	deadline := time.Now().Add(lockWait)
	for {
		ok, err := m.st.LockZaloOARefresh(ctx, m.oaID, owner, lockTTL)
		if err != nil {
			return "", fmt.Errorf("zalo-oa: %w", err)
		}
		if ok {
			break
		}
		// Another replica is refreshing: use its token once it is stored.
		if p, err := m.load(ctx); err == nil && p.access != stale && p.usable(m.now()) {
			m.cached = p
			return p.access, nil
		}
		if time.Now().After(deadline) {
			return "", errors.New("zalo-oa: another replica holds the refresh lock too long")
		}
		select {
		case <-ctx.Done():
			return "", ctx.Err()
		case <-time.After(lockPoll):
		}
	}
	defer func() {
		uctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		_ = m.st.UnlockZaloOARefresh(uctx, m.oaID, owner)
	}()
	p, err := m.load(ctx)
	if err != nil {
		return "", err
	}
	if p.access != stale && p.usable(m.now()) {
		m.cached = p // refreshed by another replica just before we took the lock
		return p.access, nil
	}
	if p.refresh == "" {
		return "", ErrLoginNeeded
	}
	// From the moment the request leaves, the old refresh token may be
	// spent: the caller's cancellation must not drop the answer.
	gctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), grantTimeout)
	defer cancel()
	start := time.Now()
	next, err := m.grant(gctx, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {p.refresh}})
	if err != nil {
		return "", err
	}
	if err := m.storeRotated(gctx, p.refresh, next); err != nil {
		return "", err
	}
	m.cached = next
	m.refreshes++
	m.log.Info("zalo-oa access token refreshed", "took", time.Since(start).Round(time.Millisecond))
	return next.access, nil
}

// storeRotated writes the new pair, trying again for a while: the old
// refresh token is spent, so this write is the only copy of the new one.
func (m *tokenManager) storeRotated(ctx context.Context, old string, next tokenPair) error {
	var err error
	for attempt := 0; attempt < 20; attempt++ {
		var stored bool
		stored, err = m.st.SaveRotatedZaloOATokens(ctx, m.oaID, old, store.ZaloOAPair{Access: next.access, Refresh: next.refresh, Expires: next.expires})
		if err == nil {
			if !stored {
				// Only a login (admin code) replaces the token meanwhile.
				m.log.Warn("zalo-oa refresh token changed in Redis while refreshing; keeping the stored one")
			}
			return nil
		}
		select {
		case <-ctx.Done():
			attempt = 20
		case <-time.After(250 * time.Millisecond):
		}
	}
	m.log.Error("zalo-oa NEW REFRESH TOKEN NOT STORED: log in again with `bot admin zalo-oa login-url`", "error", err)
	return fmt.Errorf("zalo-oa: store the rotated refresh token: %w", err)
}

// oauthAnswer is the token endpoint's answer: a pair, or an error whose
// exact shape is not published [?].
type oauthAnswer struct {
	AccessToken  string          `json:"access_token"`
	RefreshToken string          `json:"refresh_token"`
	ExpiresIn    json.RawMessage `json:"expires_in"` // a string ("90000") on the real platform
	Error        int             `json:"error"`
	ErrorName    string          `json:"error_name"`
	Description  string          `json:"error_description"`
}

// grant posts one token request (refresh or code exchange).
func (m *tokenManager) grant(ctx context.Context, form url.Values) (tokenPair, error) {
	form.Set("app_id", m.appID)
	return postGrant(ctx, m.client, m.oauthBase, m.appSecret, form, m.now)
}

// postGrant is the OAuth v4 token request; shared with the admin commands.
func postGrant(ctx context.Context, client *http.Client, base, appSecret string, form url.Values, now func() time.Time) (tokenPair, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+"/v4/oa/access_token", strings.NewReader(form.Encode()))
	if err != nil {
		return tokenPair{}, fmt.Errorf("zalo-oa: token request: %w", err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("secret_key", appSecret)
	resp, err := client.Do(req)
	if err != nil {
		return tokenPair{}, fmt.Errorf("zalo-oa: token request: %w", err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 1<<16))
	if err != nil {
		return tokenPair{}, fmt.Errorf("zalo-oa: read token answer: %w", err)
	}
	var a oauthAnswer
	if err := json.Unmarshal(raw, &a); err != nil {
		return tokenPair{}, fmt.Errorf("zalo-oa: token answer is not JSON (HTTP %d)", resp.StatusCode)
	}
	if a.Error != 0 || a.AccessToken == "" || a.RefreshToken == "" {
		if a.Error != 0 || resp.StatusCode < 500 {
			return tokenPair{}, fmt.Errorf("%w (%d %s)", ErrLoginNeeded, a.Error, firstNonEmpty(a.Description, a.ErrorName))
		}
		return tokenPair{}, fmt.Errorf("zalo-oa: token endpoint answered HTTP %d", resp.StatusCode)
	}
	secs, err := strconv.Atoi(strings.Trim(string(a.ExpiresIn), `" `))
	if err != nil || secs <= 0 {
		secs = 90000 // the documented lifetime; the pair is stored either way
	}
	return tokenPair{access: a.AccessToken, refresh: a.RefreshToken, expires: now().Add(time.Duration(secs) * time.Second)}, nil
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s = strings.TrimSpace(s); s != "" {
			return s
		}
	}
	return ""
}

func randomID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
