package dashboard_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"loa/bot/dashboard"
	"loa/bot/delivery"
	"loa/bot/notices"
	"loa/bot/telegram"
	"loa/bot/telegram/telegramtest"
	"loa/chat"
	"loa/handlers"
	"loa/store"
	"loa/store/redistest"
	"loa/vntime"
)

// treeCSV: a province with two communes; B1 and B2 under X1, B3 under X2.
const treeCSV = `code,name,parent,kind
P,Tỉnh Thử,,province
X1,Xã Một,P,commune
X2,Xã Hai,P,commune
B1,Chi hội Ấp Một,X1,branch
B2,Chi hội Ấp Hai,X1,branch
B3,Chi hội Ấp Ba,X2,branch
`

// The people of the world: a plain member of B1, the head of B1, staff of
// X1 and an admin (LOA_ADMINS, no stored grant).
var (
	member  = store.Identity{Platform: chat.Telegram, UserID: "1001"}
	headB1  = store.Identity{Platform: chat.Telegram, UserID: "2001"}
	staffX1 = store.Identity{Platform: chat.Zalo, UserID: "staff-x1"}
	admin   = store.Identity{Platform: chat.Telegram, UserID: "9001"}
)

// world is the dashboard on a real Redis with the real notice service
// (its delivery workers not running, so jobs stay where the test reads
// them), served over HTTP.
type world struct {
	t      testing.TB
	st     *store.Store
	srv    *httptest.Server
	logs   *strings.Builder
	svc    *notices.Service
	engine *delivery.Engine
}

func newWorld(t testing.TB) *world {
	t.Helper()
	ctx := context.Background()
	st := store.New(redistest.Start(t).Client())
	units, err := store.ParseUnitsCSV(strings.NewReader(treeCSV), "tree.csv")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.ImportUnits(ctx, units); err != nil {
		t.Fatal(err)
	}
	reg := func(id store.Identity, unit, name string) {
		if _, err := st.Register(ctx, store.Member{Platform: id.Platform, UserID: id.UserID, Name: name, Unit: unit, Consent: time.Now(), Active: true}); err != nil {
			t.Fatal(err)
		}
	}
	reg(member, "B1", "Chị Mai")
	reg(headB1, "B1", "Chị Hoa")
	for i := range 5 {
		reg(store.Identity{Platform: chat.Telegram, UserID: strconv.Itoa(3000 + i)}, "B2", "Chị B2 "+strconv.Itoa(i))
		reg(store.Identity{Platform: chat.Telegram, UserID: strconv.Itoa(4000 + i)}, "B3", "Chị B3 "+strconv.Itoa(i))
	}
	if _, err := st.Grant(ctx, headB1.Platform, headB1.UserID, store.RoleHead, "B1"); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Grant(ctx, staffX1.Platform, staffX1.UserID, store.RoleStaff, "X1"); err != nil {
		t.Fatal(err)
	}
	tg := telegramtest.New(t)
	client, err := telegram.New(ctx, telegram.Config{Token: tg.Token(), APIBase: tg.URL()})
	if err != nil {
		t.Fatal(err)
	}
	discard := slog.New(slog.DiscardHandler)
	engine := delivery.New(st, map[string]delivery.Channel{
		chat.Telegram: {Sender: client, TokenID: "tg"},
		chat.Zalo:     {Sender: client, TokenID: "zl"},
	}, delivery.Options{Logger: discard})
	svc := notices.New(st, engine, map[string]delivery.Sender{}, notices.Options{Logger: discard})
	// The chat's router answers questions (its answers go to the outbox).
	router := handlers.New(handlers.Deps{Store: st, Logger: discard, Admins: []store.Identity{admin}, Notices: svc, Outbox: engine})

	w := &world{t: t, st: st, logs: &strings.Builder{}, svc: svc, engine: engine}
	var h http.Handler
	w.srv = httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) { h.ServeHTTP(rw, r) }))
	t.Cleanup(w.srv.Close)
	d := dashboard.New(dashboard.Options{
		Store: st, Admins: []store.Identity{admin}, PublicURL: w.srv.URL, Notices: svc, Answerer: router,
		Logger: slog.New(slog.NewTextHandler(&syncWriter{b: w.logs}, nil)),
		Now:    func() time.Time { return time.Date(2026, 12, 6, 10, 0, 0, 0, vntime.Zone) },
	})
	mux := http.NewServeMux()
	d.Register(mux)
	h = mux
	return w
}

// syncWriter keeps the dashboard's log lines for the "no secret in logs"
// checks (the handlers of one test run one at a time).
type syncWriter struct{ b *strings.Builder }

func (s *syncWriter) Write(p []byte) (int, error) { return s.b.Write(p) }

// session signs who in directly (the login flow has tests of its own) and
// returns a client that carries the cookie, and the CSRF token.
func (w *world) session(who store.Identity) *browser {
	w.t.Helper()
	token, sess, err := w.st.CreateDashboardSession(context.Background(), who, time.Hour)
	if err != nil {
		w.t.Fatal(err)
	}
	return &browser{w: w, cookie: token, csrf: sess.CSRF}
}

// browser is a client of the dashboard that does not follow redirects.
type browser struct {
	w      *world
	cookie string
	csrf   string
}

type response struct {
	status   int
	body     string
	location string
	header   http.Header
}

func (b *browser) do(method, path string, form url.Values) response {
	b.w.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, b.w.srv.URL+path, body)
	if err != nil {
		b.w.t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if b.cookie != "" {
		req.AddCookie(&http.Cookie{Name: "loa_dash", Value: b.cookie})
	}
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := c.Do(req)
	if err != nil {
		b.w.t.Fatal(err)
	}
	defer res.Body.Close()
	data, _ := io.ReadAll(res.Body)
	return response{status: res.StatusCode, body: string(data), location: res.Header.Get("Location"), header: res.Header}
}

func (b *browser) get(path string) response { return b.do(http.MethodGet, path, nil) }

// post sends a form with the session's CSRF token.
func (b *browser) post(path string, form url.Values) response {
	if form == nil {
		form = url.Values{}
	}
	if _, ok := form["csrf"]; !ok {
		form.Set("csrf", b.csrf)
	}
	return b.do(http.MethodPost, path, form)
}

// question opens a question of asker (a member) and returns its id.
func (w *world) question(asker store.Identity, text string) string {
	w.t.Helper()
	q, _, err := w.st.OpenQuestion(context.Background(), store.NewQuestion{Asker: asker, Text: text, Reason: store.QuestionFallback})
	if err != nil {
		w.t.Fatal(err)
	}
	return q.ID
}

func parseCookie(t testing.TB, h http.Header) *http.Cookie {
	t.Helper()
	cs := (&http.Response{Header: h}).Cookies()
	if len(cs) != 1 || cs[0].Name != "loa_dash" {
		t.Fatalf("cookies %v", h["Set-Cookie"])
	}
	return cs[0]
}

func newRecorder() *httptest.ResponseRecorder { return httptest.NewRecorder() }

func mustRequest(t testing.TB, method, path string) *http.Request {
	t.Helper()
	return httptest.NewRequest(method, path, nil)
}
