package zalooa

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"

	"loa/store"
)

// loginTTL outlives the code (about 10 minutes) with room to paste it.
const loginTTL = 15 * time.Minute

// Login is what an operator's new login needs (OAuth v4 with PKCE,
// platforms.md D1): when the refresh token is lost, only this brings the OA
// back.
type Login struct {
	OAID, AppID, AppSecret string
	OAuthBase              string // default DefaultOAuthBase
	Redis                  redis.UniversalClient
	HTTPClient             *http.Client // default: 30 s timeout
}

// URL makes a fresh code verifier (43 characters), keeps it in Redis for
// loginTTL and returns the consent URL the OA's admin opens.
func (l Login) URL(ctx context.Context, redirectURI string) (string, error) {
	if l.OAID == "" || l.AppID == "" {
		return "", errors.New("zalo-oa: ZALO_OA_ID and ZALO_OA_APP_ID are required")
	}
	verifier := base64.RawURLEncoding.EncodeToString([]byte(randomID()[:32])) // 43 characters
	if err := store.New(l.Redis).SetZaloOALoginVerifier(ctx, l.OAID, verifier, loginTTL); err != nil {
		return "", fmt.Errorf("zalo-oa: %w", err)
	}
	sum := sha256.Sum256([]byte(verifier))
	q := url.Values{"app_id": {l.AppID}, "redirect_uri": {redirectURI},
		"code_challenge": {base64.RawURLEncoding.EncodeToString(sum[:])}, "state": {randomID()[:16]}}
	return l.base() + "/v4/oa/permission?" + q.Encode(), nil
}

// Exchange trades the code from the callback for a token pair, with the
// kept verifier, and stores the pair in place of whatever Redis held.
func (l Login) Exchange(ctx context.Context, code string) error {
	code = strings.TrimSpace(code)
	if code == "" {
		return errors.New("zalo-oa: the code is empty")
	}
	st := store.New(l.Redis)
	verifier, err := st.ZaloOALoginVerifier(ctx, l.OAID)
	if errors.Is(err, store.ErrNoZaloOALogin) {
		return errors.New("zalo-oa: no login in progress (or it is older than 15 minutes): run `bot admin zalo-oa login-url` first")
	}
	if err != nil {
		return fmt.Errorf("zalo-oa: %w", err)
	}
	client := l.HTTPClient
	if client == nil {
		client = &http.Client{Timeout: 30 * time.Second}
	}
	pair, err := postGrant(ctx, client, l.base(), l.AppSecret, url.Values{"grant_type": {"authorization_code"}, "code": {code},
		"app_id": {l.AppID}, "code_verifier": {verifier}}, time.Now)
	if err != nil {
		return err
	}
	m := &tokenManager{st: st, oaID: l.OAID}
	if err := m.replace(ctx, pair); err != nil {
		return fmt.Errorf("zalo-oa: store the new tokens: %w", err)
	}
	_ = st.ForgetZaloOALogin(ctx, l.OAID)
	return nil
}

func (l Login) base() string {
	if l.OAuthBase == "" {
		return DefaultOAuthBase
	}
	return strings.TrimRight(l.OAuthBase, "/")
}
