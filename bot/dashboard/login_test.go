package dashboard_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"loa/bot/dashboard"
	"loa/store"
)

// TestOneTimeLinkOpensASessionOnce: opening the link (a GET, as a chat
// app's preview does) uses nothing; the button opens a 12-hour session
// with a strict cookie; the same link then, and an expired one, get a
// polite 410 page.
func TestOneTimeLinkOpensASessionOnce(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	link, err := dashboard.NewLoginLink(ctx, w.st, w.srv.URL+"/", staffX1)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(link, w.srv.URL+"/dash/login/") {
		t.Fatalf("link %s", link)
	}
	path := strings.TrimPrefix(link, w.srv.URL)
	anon := &browser{w: w}
	for range 2 { // previews
		res := anon.get(path)
		if res.status != http.StatusOK || !strings.Contains(res.body, "Vào bảng điều khiển") {
			t.Fatalf("GET link: %d\n%s", res.status, res.body)
		}
		if res.header.Get("Referrer-Policy") != "no-referrer" || !strings.Contains(res.header.Get("Content-Security-Policy"), "default-src 'none'") {
			t.Fatalf("headers %v", res.header)
		}
	}
	res := anon.do("POST", path, url.Values{})
	if res.status != http.StatusSeeOther || res.location != "/dash/thamgia" {
		t.Fatalf("POST link: %d %s\n%s", res.status, res.location, res.body)
	}
	cookie := parseCookie(t, res.header)
	if !cookie.HttpOnly || cookie.SameSite != http.SameSiteStrictMode || cookie.Path != "/dash" || cookie.Secure ||
		cookie.MaxAge != int((12*time.Hour).Seconds()) {
		t.Fatalf("cookie %+v", cookie)
	}
	b := &browser{w: w, cookie: cookie.Value}
	if res := b.get("/dash/thamgia"); res.status != http.StatusOK || !strings.Contains(res.body, "Xã Một") {
		t.Fatalf("signed in: %d", res.status)
	}
	// Used: the page and the button both refuse, politely, 410.
	for _, method := range []string{"GET", "POST"} {
		res := anon.do(method, path, url.Values{})
		if res.status != http.StatusGone || !strings.Contains(res.body, "đã được dùng hoặc đã hết hạn") || res.header.Get("Set-Cookie") != "" {
			t.Fatalf("%s used link: %d %v\n%s", method, res.status, res.header, res.body)
		}
	}
	// Expired.
	token, err := w.st.CreateDashboardLogin(ctx, staffX1, 30*time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(80 * time.Millisecond)
	if res := anon.do("POST", "/dash/login/"+token, url.Values{}); res.status != http.StatusGone {
		t.Fatalf("expired link: %d", res.status)
	}
	// Made up.
	if res := anon.get("/dash/login/" + strings.Repeat("A", 43)); res.status != http.StatusGone {
		t.Fatalf("made-up link: %d", res.status)
	}
	// Sign-out ends the session.
	if res := b.post("/dash/logout", nil); res.status != http.StatusForbidden {
		t.Fatalf("sign-out without the CSRF token: %d", res.status)
	}
	sess, _ := w.st.DashboardSessionOf(ctx, cookie.Value)
	b.csrf = sess.CSRF
	if res := b.post("/dash/logout", nil); res.status != http.StatusOK || !strings.Contains(res.body, "đăng xuất") {
		t.Fatalf("sign-out: %d", res.status)
	}
	if res := b.get("/dash/thamgia"); res.status != http.StatusUnauthorized {
		t.Fatalf("after sign-out: %d", res.status)
	}
	// Neither token reached a log line.
	if logs := w.logs.String(); strings.Contains(logs, token) || strings.Contains(logs, cookie.Value) || strings.Contains(logs, strings.TrimPrefix(path, "/dash/login/")) {
		t.Fatalf("a token reached the logs:\n%s", logs)
	}
	recs, _ := w.st.AuditRecords(ctx, 0, 10)
	if len(recs) != 2 || recs[0].Action != "logout" || recs[1].Action != "login" || recs[1].Who != staffX1.String() {
		t.Fatalf("audit %+v", recs)
	}
}

func TestCookieIsSecureBehindHTTPS(t *testing.T) {
	t.Parallel()
	st := newWorld(t).st
	d := dashboard.New(dashboard.Options{Store: st, PublicURL: "https://loa.example.org"})
	mux := http.NewServeMux()
	d.Register(mux)
	token, err := st.CreateDashboardLogin(context.Background(), headB1, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	rec := newRecorder()
	mux.ServeHTTP(rec, mustRequest(t, "POST", "/dash/login/"+token))
	c := parseCookie(t, rec.Header())
	if !c.Secure || !c.HttpOnly || c.SameSite != http.SameSiteStrictMode {
		t.Fatalf("cookie %+v", c)
	}
}

// TestFormsNeedTheSessionsCSRFToken: a POST without the token, with
// another session's token or from another origin changes nothing.
func TestFormsNeedTheSessionsCSRFToken(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	b := w.session(admin)
	other := w.session(staffX1)
	if err := w.st.PublishScheduledJobs(context.Background(), []store.ScheduledJob{{ID: "post:a", Spec: "0 8 * * *", Units: []string{"*"}}}); err != nil {
		t.Fatal(err)
	}
	for _, form := range []url.Values{
		{"job": {"post:a"}},
		{"job": {"post:a"}, "csrf": {""}},
		{"job": {"post:a"}, "csrf": {other.csrf}},
		{"job": {"post:a"}, "csrf": {b.csrf + "x"}},
	} {
		if res := b.do("POST", "/dash/lich/tamdung", form); res.status != http.StatusForbidden {
			t.Errorf("form %v: %d", form, res.status)
		}
	}
	req := url.Values{"job": {"post:a"}, "csrf": {b.csrf}}
	r, _ := http.NewRequest("POST", w.srv.URL+"/dash/lich/tamdung", strings.NewReader(req.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	r.Header.Set("Origin", "https://evil.example")
	r.AddCookie(&http.Cookie{Name: "loa_dash", Value: b.cookie})
	res, err := (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).Do(r)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("cross-origin: %d", res.StatusCode)
	}
	paused, _ := w.st.PausedJobs(context.Background())
	if paused["post:a"] {
		t.Fatal("a refused form paused the job")
	}
	if res := b.post("/dash/lich/tamdung", url.Values{"job": {"post:a"}}); res.status != http.StatusSeeOther {
		t.Fatalf("with the token: %d", res.status)
	}
	paused, _ = w.st.PausedJobs(context.Background())
	recs, _ := w.st.AuditRecords(context.Background(), 0, 1)
	if !paused["post:a"] || len(recs) != 1 || recs[0].Action != "job_pause" || recs[0].Detail != "post:a" || recs[0].Who != admin.String() {
		t.Fatalf("paused %v, audit %+v", paused, recs)
	}
}
