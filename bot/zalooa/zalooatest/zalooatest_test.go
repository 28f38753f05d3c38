package zalooatest_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"loa/bot/zalooa/zalooatest"
)

type tokens struct {
	AccessToken  string `json:"access_token"`
	RefreshToken string `json:"refresh_token"`
	ExpiresIn    any    `json:"expires_in"`
	Error        int    `json:"error"`
}

func grant(t *testing.T, s *zalooatest.Server, secret string, form url.Values) tokens {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, s.URL()+"/v4/oa/access_token", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("secret_key", secret)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out tokens
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		t.Fatal(err)
	}
	return out
}

func refresh(t *testing.T, s *zalooatest.Server, rt string) tokens {
	return grant(t, s, s.AppSecret, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {rt}, "app_id": {s.AppID}})
}

type sendAnswer struct {
	Error   int    `json:"error"`
	Message string `json:"message"`
	Data    struct {
		Quota struct {
			QuotaType string `json:"quota_type"`
		} `json:"quota"`
	} `json:"data"`
}

func send(t *testing.T, s *zalooatest.Server, access, user, text string) sendAnswer {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"recipient": map[string]string{"user_id": user}, "message": map[string]string{"text": text}})
	req, _ := http.NewRequest(http.MethodPost, s.URL()+"/v3.0/oa/message/cs", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("access_token", access)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("HTTP %d: the OA API answers errors with 200", resp.StatusCode)
	}
	var a sendAnswer
	if err := json.NewDecoder(resp.Body).Decode(&a); err != nil {
		t.Fatal(err)
	}
	return a
}

func TestRefreshTokensRotateAndWorkOnce(t *testing.T) {
	s := zalooatest.Start(t)
	rt := s.IssueRefreshToken()
	if got := grant(t, s, "wrong", url.Values{"grant_type": {"refresh_token"}, "refresh_token": {rt}, "app_id": {s.AppID}}); got.Error == 0 {
		t.Fatal("a wrong secret_key was accepted")
	}
	first := refresh(t, s, rt)
	if first.Error != 0 || first.AccessToken == "" || first.RefreshToken == rt {
		t.Fatalf("refresh: %+v", first)
	}
	if _, ok := first.ExpiresIn.(string); !ok || first.ExpiresIn != "90000" {
		t.Fatalf("expires_in = %#v, want the string \"90000\"", first.ExpiresIn)
	}
	if again := refresh(t, s, rt); again.Error == 0 {
		t.Fatal("a used refresh token worked twice")
	}
	if ok, reused := s.Refreshes(); ok != 1 || reused != 1 {
		t.Fatalf("refreshes %d, reused %d; want 1 and 1", ok, reused)
	}
	second := refresh(t, s, first.RefreshToken)
	if second.Error != 0 {
		t.Fatalf("the rotated refresh token was refused: %+v", second)
	}
	user := zalooatest.NewUserID()
	s.AddFollower(user, s.Now())
	if a := send(t, s, first.AccessToken, user, "chào chị"); a.Error != zalooatest.ErrExpiredToken {
		t.Fatalf("an access token replaced by a refresh: error %d, want -220", a.Error)
	}
	if a := send(t, s, "nonsense", user, "chào chị"); a.Error != zalooatest.ErrInvalidToken {
		t.Fatalf("an unknown access token: error %d, want -216", a.Error)
	}
	if a := send(t, s, second.AccessToken, user, "chào chị"); a.Error != 0 {
		t.Fatalf("a fresh token: error %d", a.Error)
	}
	s.Advance(zalooatest.AccessTokenTTL + time.Second)
	s.AddFollower(user, s.Now())
	if a := send(t, s, second.AccessToken, user, "chào chị"); a.Error != zalooatest.ErrExpiredToken {
		t.Fatalf("after 25 h: error %d, want -220", a.Error)
	}
}

func TestAuthorizationCodeNeedsTheVerifier(t *testing.T) {
	s := zalooatest.Start(t)
	verifier := strings.Repeat("v", 43)
	sum := sha256.Sum256([]byte(verifier))
	code := s.IssueCode(base64.RawURLEncoding.EncodeToString(sum[:]))
	form := url.Values{"grant_type": {"authorization_code"}, "code": {code}, "app_id": {s.AppID}, "code_verifier": {verifier}}
	if got := grant(t, s, s.AppSecret, form); got.Error != 0 || got.RefreshToken == "" {
		t.Fatalf("exchange: %+v", got)
	}
	if got := grant(t, s, s.AppSecret, form); got.Error == 0 {
		t.Fatal("a code worked twice")
	}
	code = s.IssueCode(base64.RawURLEncoding.EncodeToString(sum[:]))
	form.Set("code", code)
	form.Set("code_verifier", strings.Repeat("w", 43))
	if got := grant(t, s, s.AppSecret, form); got.Error == 0 {
		t.Fatal("a wrong verifier was accepted")
	}
}

func TestReplyWindowAndQuota(t *testing.T) {
	s := zalooatest.Start(t)
	at := refresh(t, s, s.IssueRefreshToken()).AccessToken
	if a := send(t, s, at, zalooatest.NewUserID(), "chào"); a.Error != zalooatest.ErrNotFollower {
		t.Fatalf("a stranger: error %d, want -213", a.Error)
	}
	old := zalooatest.NewUserID()
	s.AddFollower(old, s.Now().Add(-8*24*time.Hour))
	if a := send(t, s, at, old, "chào"); a.Error != zalooatest.ErrNoInteraction || a.Message == "" {
		t.Fatalf("8 days since her last message: %+v, want -230 with a text", a)
	}
	u := zalooatest.NewUserID()
	s.AddFollower(u, s.Now())
	for i := 0; i < zalooatest.FreeReplies; i++ {
		if a := send(t, s, at, u, "trả lời"); a.Error != 0 || a.Data.Quota.QuotaType != "reply" {
			t.Fatalf("free reply %d: %+v", i+1, a)
		}
	}
	if a := send(t, s, at, u, "thêm"); a.Error != zalooatest.ErrOutOfQuota {
		t.Fatalf("the 9th reply without package quota: error %d, want -211", a.Error)
	}
	s.SetPackageQuota(1)
	if a := send(t, s, at, u, "thêm"); a.Error != 0 || a.Data.Quota.QuotaType != "sub_quota" {
		t.Fatalf("with package quota: %+v", a)
	}
	if a := send(t, s, at, u, strings.Repeat("a", zalooatest.MaxText+1)); a.Error != zalooatest.ErrInvalidParam {
		t.Fatalf("2,001 characters: error %d, want -201", a.Error)
	}
	// Two days later her free replies are gone even though she is inside 7 days.
	fresh := zalooatest.NewUserID()
	s.AddFollower(fresh, s.Now().Add(-49*time.Hour))
	if a := send(t, s, at, fresh, "chào"); a.Error != zalooatest.ErrOutOfQuota {
		t.Fatalf("49 h after her message, no package: error %d, want -211", a.Error)
	}
}

func TestWebhookPushesAreSigned(t *testing.T) {
	s := zalooatest.Start(t)
	var mu sync.Mutex
	var got []map[string]string
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		var ev struct {
			AppID     string `json:"app_id"`
			Timestamp any    `json:"timestamp"`
		}
		_ = json.Unmarshal(body, &ev)
		ts, _ := ev.Timestamp.(string)
		mu.Lock()
		got = append(got, map[string]string{"sig": r.Header.Get(zalooatest.SignatureHeader),
			"want": zalooatest.Sign(s.AppID, string(body), ts, s.SecretKey), "ts": ts})
		mu.Unlock()
	}))
	defer hook.Close()
	s.SetWebhook(hook.URL)
	user := zalooatest.NewUserID()
	if p := s.Follow(user); p.Status != 200 {
		t.Fatalf("follow push: %+v", p)
	}
	s.UserSays(user, "xin chào")
	mu.Lock()
	defer mu.Unlock()
	if len(got) != 2 {
		t.Fatalf("%d pushes", len(got))
	}
	for _, g := range got {
		if g["sig"] != g["want"] || !strings.HasPrefix(g["sig"], "mac=") || len(g["ts"]) != 13 {
			t.Fatalf("push not signed as the platform signs: %v", g)
		}
	}
	if ps := s.Pushes(); len(ps) != 2 || ps[1].EventName != "user_send_text" {
		t.Fatalf("pushes recorded: %+v", ps)
	}
}
