package zalooa_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"loa/bot/zalo"
	"loa/bot/zalooa"
	"loa/bot/zalooa/zalooatest"
	"loa/chat"
	"loa/store"
	"loa/store/redistest"
)

// echo answers every text with replies chosen by the text, and records
// what it was given.
type echo struct {
	mu  sync.Mutex
	got []chat.Update
}

func (e *echo) Handle(_ context.Context, u chat.Update) []chat.Reply {
	e.mu.Lock()
	e.got = append(e.got, u)
	e.mu.Unlock()
	switch {
	case u.Data != "":
		return []chat.Reply{{Text: "Chị đã chọn " + u.Data}}
	case u.Text == "ba":
		return []chat.Reply{{Text: "Chị chọn nhé:", Buttons: [][]chat.Button{
			{{Text: "Đồng ý", Data: "c:yes"}}, {{Text: "Không đồng ý", Data: "c:no"}}, {{Text: "Để sau", Data: "c:later"}}}}}
	case u.Text == "sau":
		var rows [][]chat.Button
		for _, l := range []string{"Một", "Hai", "Ba", "Bốn", "Năm", "Sáu"} {
			rows = append(rows, []chat.Button{{Text: l, Data: "n:" + l}})
		}
		return []chat.Reply{{Text: "Chủ đề:", Buttons: rows}}
	case u.Text == "dai":
		return []chat.Reply{{Text: strings.Repeat("Chị em phụ nữ. ", 300)}}
	case u.Text == "cuu":
		return []chat.Reply{{Text: strings.Repeat("Chị gọi ngay 113. ", 150), Urgent: true}, {Text: "Chị không một mình."}}
	}
	return []chat.Reply{{Text: "Loa nghe: " + u.Text}}
}

func (e *echo) updates() []chat.Update {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]chat.Update(nil), e.got...)
}

type rig struct {
	t    *testing.T
	fake *zalooatest.Server
	rdb  *redis.Client
	h    *echo
	a    *zalooa.Adapter
	hook *httptest.Server
}

func newAdapter(t *testing.T, fake *zalooatest.Server, rdb *redis.Client, refresh string, client *http.Client, now func() time.Time) *zalooa.Adapter {
	t.Helper()
	st := store.New(rdb)
	a, err := zalooa.New(context.Background(), zalooa.Config{
		OAID: fake.OAID, AppID: fake.AppID, AppSecret: fake.AppSecret, SecretKey: fake.SecretKey,
		RefreshToken: refresh, APIBase: fake.URL(), OAuthBase: fake.URL(), Redis: rdb,
		Menus: st, Files: zalo.StoreFiles(st), PublicBaseURL: "http://127.0.0.1:1", HTTPClient: client, Now: now,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = a.Close(context.Background()) })
	return a
}

func newBenchAdapter(b *testing.B, fake *zalooatest.Server, rdb *redis.Client) *zalooa.Adapter {
	b.Helper()
	st := store.New(rdb)
	a, err := zalooa.New(context.Background(), zalooa.Config{
		OAID: fake.OAID, AppID: fake.AppID, AppSecret: fake.AppSecret, SecretKey: fake.SecretKey,
		RefreshToken: fake.IssueRefreshToken(), APIBase: fake.URL(), OAuthBase: fake.URL(), Redis: rdb,
		Menus: st, Files: zalo.StoreFiles(st), PublicBaseURL: "http://127.0.0.1:1",
	})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = a.Close(context.Background()) })
	return a
}

func start(t *testing.T) *rig {
	t.Helper()
	fake := zalooatest.Start(t)
	rdb := redistest.Start(t).Client()
	r := &rig{t: t, fake: fake, rdb: rdb, h: &echo{}}
	r.a = newAdapter(t, fake, rdb, fake.IssueRefreshToken(), nil, nil)
	r.hook = httptest.NewServer(r.a.WebhookHandler(r.h))
	t.Cleanup(r.hook.Close)
	fake.SetWebhook(r.hook.URL)
	return r
}

func (r *rig) wait(user string, n int) []zalooatest.Message {
	r.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	ms, err := r.fake.WaitForMessages(ctx, user, n)
	if err != nil {
		r.t.Fatalf("waiting for %d messages to %s: have %d", n, user, len(ms))
	}
	return ms
}

func TestForgedOrUnsignedEventsAreRefused(t *testing.T) {
	t.Parallel()
	r := start(t)
	user := zalooatest.NewUserID()
	ev := map[string]any{"app_id": r.fake.AppID, "event_name": "user_send_text", "sender": map[string]any{"id": user},
		"recipient": map[string]any{"id": r.fake.OAID}, "message": map[string]any{"msg_id": "m1", "text": "xin chào"},
		"timestamp": "1777777777777"}
	// The right formula with another key, an HMAC-looking value, nothing.
	for _, sig := range []string{zalooatest.Sign(r.fake.AppID, "{}", "1", r.fake.SecretKey), zalooatest.Sign(r.fake.OAID, "x", "1", "wrong"), "mac=zz", "sha256=abc"} {
		if p := r.fake.PushEvent(ev, sig); p.Status != http.StatusUnauthorized {
			t.Fatalf("signature %q: status %d, want 401", sig, p.Status)
		}
	}
	req, _ := http.NewRequest(http.MethodPost, r.hook.URL, strings.NewReader(`{"event_name":"user_send_text"}`))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("no signature: status %d, want 401", resp.StatusCode)
	}
	// A signed event after them is handled: nothing before it was.
	r.fake.AddFollower(user, r.fake.Now())
	if p := r.fake.PushEvent(ev, ""); p.Status != http.StatusOK {
		t.Fatalf("a signed event: %+v", p)
	}
	r.wait(user, 1)
	if got := r.h.updates(); len(got) != 1 || got[0].Text != "xin chào" || got[0].Platform != chat.ZaloOA || got[0].UserID != user {
		t.Fatalf("handler got %+v, want only the signed event", got)
	}
}

func TestEventsAreAnsweredFastAndRedeliveriesKeepTheirID(t *testing.T) {
	t.Parallel()
	r := start(t)
	user := zalooatest.NewUserID()
	p := r.fake.Follow(user)
	if p.Status != http.StatusOK || p.Took > zalooatest.WebhookBudget {
		t.Fatalf("follow push: %+v (budget %s)", p, zalooatest.WebhookBudget)
	}
	ms := r.wait(user, 1)
	if got := r.h.updates()[0]; got.Text != "/start" || !strings.HasPrefix(got.ID, "follow:"+user) {
		t.Fatalf("a follow should greet like /start: %+v", got)
	}
	if ms[0].Text != "Loa nghe: /start" {
		t.Fatalf("reply %q", ms[0].Text)
	}
	// Zalo resends an event it thinks was not acknowledged: both copies
	// carry the same Update.ID, which the router drops the second time.
	ev := map[string]any{"app_id": r.fake.AppID, "event_name": "user_send_text", "sender": map[string]any{"id": user},
		"recipient": map[string]any{"id": r.fake.OAID}, "message": map[string]any{"msg_id": "dup1", "text": "lặp"},
		"timestamp": "1777777777777"}
	r.fake.PushEvent(ev, "")
	r.fake.PushEvent(ev, "")
	r.wait(user, 3)
	got := r.h.updates()
	if len(got) != 3 || got[1].ID != got[2].ID || got[1].ID == "" || got[1].MessageID != "dup1" {
		t.Fatalf("a redelivered event should keep its id: %+v", got)
	}
}

func TestLongTextButtonsAndNumberedLists(t *testing.T) {
	t.Parallel()
	r := start(t)
	user := zalooatest.NewUserID()
	r.fake.UserSays(user, "dai")
	ms := r.wait(user, 3)
	for _, m := range ms {
		if n := len([]rune(m.Text)); n > zalooatest.MaxText {
			t.Fatalf("a part of %d characters", n)
		}
	}
	r.fake.UserSays(user, "ba")
	ms = r.wait(user, 4)
	b := ms[3].Buttons
	if len(b) != 3 || b[0].Type != "oa.query.show" || b[0].Title != "Đồng ý" || b[0].Payload != "Đồng ý" {
		t.Fatalf("three choices should be oa.query.show buttons: %+v", b)
	}
	// Pressing oa.query.show sends the payload as her text.
	r.fake.UserSays(user, b[1].Payload)
	if ms = r.wait(user, 5); ms[4].Text != "Chị đã chọn c:no" {
		t.Fatalf("button press answered %q", ms[4].Text)
	}
	r.fake.UserSays(user, "sau")
	ms = r.wait(user, 6)
	if len(ms[5].Buttons) != 0 || !strings.Contains(ms[5].Text, "6. Sáu") {
		t.Fatalf("six choices should be a numbered list: %+v", ms[5])
	}
	r.fake.UserSays(user, "6")
	if ms = r.wait(user, 7); ms[6].Text != "Chị đã chọn n:Sáu" {
		t.Fatalf("number answered %q", ms[6].Text)
	}
}

func TestOutsideTheWindowOrQuotaIsReportedNotRetried(t *testing.T) {
	t.Parallel()
	r := start(t)
	old := zalooatest.NewUserID()
	r.fake.AddFollower(old, r.fake.Now().Add(-8*24*time.Hour))
	_, err := r.a.Send(context.Background(), old, chat.Reply{Text: "Thông báo họp chi hội"})
	var se *chat.SendError
	if !errors.As(err, &se) || se.Kind != chat.ErrPermanent || !strings.Contains(se.Reason, "-230") {
		t.Fatalf("8 days since her message: %v, want a permanent error naming -230", err)
	}
	busy := zalooatest.NewUserID()
	r.fake.AddFollower(busy, r.fake.Now())
	for i := 0; i < zalooatest.FreeReplies; i++ {
		if _, err := r.a.Send(context.Background(), busy, chat.Reply{Text: "tin"}); err != nil {
			t.Fatalf("free reply %d: %v", i+1, err)
		}
	}
	_, err = r.a.Send(context.Background(), busy, chat.Reply{Text: "tin thứ chín"})
	if !errors.As(err, &se) || se.Kind != chat.ErrPermanent || !strings.Contains(se.Reason, "-211") {
		t.Fatalf("9th reply without quota: %v, want a permanent error naming -211", err)
	}
	// A reply to her after the window closed is tried once (after the
	// expired access token is refreshed), never again.
	r.fake.UserSays(old, "chào")
	r.wait(old, 1)
	r.fake.Advance(8 * 24 * time.Hour)
	_, err = r.a.Send(context.Background(), old, chat.Reply{Text: "muộn"})
	if !errors.As(err, &se) || se.Kind != chat.ErrPermanent {
		t.Fatalf("after the window closed: %v", err)
	}
	refused := 0
	for _, at := range r.fake.Attempts() {
		if at.UserID == old && at.Error == zalooatest.ErrNoInteraction {
			refused++
		}
	}
	if refused != 2 { // the first Send above and this one
		t.Fatalf("%d attempts refused with -230, want 2 (one per Send)", refused)
	}
}

// tokenSpy checks, on every API call, that the access token sent is the
// one Redis holds: the rotated pair is stored before the token is used.
type tokenSpy struct {
	t       *testing.T
	rdb     *redis.Client
	key     string
	mu      sync.Mutex
	checked int
}

func (s *tokenSpy) RoundTrip(req *http.Request) (*http.Response, error) {
	if tok := req.Header.Get("access_token"); tok != "" {
		stored, err := s.rdb.HGet(req.Context(), s.key, "access").Result()
		if err != nil || stored != tok {
			s.t.Errorf("an access token was used before Redis held it (stored one: %t, err %v)", stored != "", err)
		}
		s.mu.Lock()
		s.checked++
		s.mu.Unlock()
	}
	return http.DefaultTransport.RoundTrip(req)
}

func TestRotatedRefreshTokenIsStoredBeforeUseAndRefreshedAfter220(t *testing.T) {
	t.Parallel()
	fake := zalooatest.Start(t)
	rdb := redistest.Start(t).Client()
	first := fake.IssueRefreshToken()
	spy := &tokenSpy{t: t, rdb: rdb, key: "loa:zalooa:{" + fake.OAID + "}:tokens"}
	a := newAdapter(t, fake, rdb, first, &http.Client{Transport: spy}, nil)
	user := zalooatest.NewUserID()
	fake.AddFollower(user, fake.Now())
	ctx := context.Background()
	if _, err := a.Send(ctx, user, chat.Reply{Text: "một"}); err != nil {
		t.Fatal(err)
	}
	stored := rdb.HGet(ctx, spy.key, "refresh").Val()
	if stored == first || !fake.RefreshTokenUsable(stored) || fake.RefreshTokenUsable(first) {
		t.Fatal("Redis should hold the rotated, unused refresh token")
	}
	// 25 h later the platform says -220: one refresh, then the call again.
	fake.Advance(zalooatest.AccessTokenTTL + time.Minute)
	fake.AddFollower(user, fake.Now())
	if _, err := a.Send(ctx, user, chat.Reply{Text: "hai"}); err != nil {
		t.Fatalf("after -220: %v", err)
	}
	if ok, reused := fake.Refreshes(); ok != 2 || reused != 0 {
		t.Fatalf("refreshes %d, reused %d; want 2 and 0", ok, reused)
	}
	if len(fake.Messages(user)) != 2 || spy.checked < 3 {
		t.Fatalf("%d messages, %d checked calls", len(fake.Messages(user)), spy.checked)
	}
	// A restart with the (spent) environment token keeps Redis's token.
	b := newAdapter(t, fake, rdb, first, nil, nil)
	if _, err := b.Send(ctx, user, chat.Reply{Text: "ba"}); err != nil {
		t.Fatalf("a second process with the spent env token: %v", err)
	}
	if _, reused := fake.Refreshes(); reused != 0 {
		t.Fatal("the spent environment refresh token was used again")
	}
}

func TestRefreshBeforeExpiry(t *testing.T) {
	t.Parallel()
	fake := zalooatest.Start(t)
	rdb := redistest.Start(t).Client()
	var mu sync.Mutex
	clock := time.Now()
	now := func() time.Time { mu.Lock(); defer mu.Unlock(); return clock }
	a := newAdapter(t, fake, rdb, fake.IssueRefreshToken(), nil, now)
	user := zalooatest.NewUserID()
	fake.AddFollower(user, fake.Now())
	if _, err := a.Send(context.Background(), user, chat.Reply{Text: "một"}); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	clock = clock.Add(zalooatest.AccessTokenTTL - 30*time.Minute) // 30 min left: inside the margin
	mu.Unlock()
	if _, err := a.Send(context.Background(), user, chat.Reply{Text: "hai"}); err != nil {
		t.Fatal(err)
	}
	if ok, _ := fake.Refreshes(); ok != 2 {
		t.Fatalf("%d refreshes; the token should be refreshed before it expires", ok)
	}
	for _, at := range fake.Attempts() {
		if at.Error != 0 {
			t.Fatalf("a call failed (%d): the refresh should come before the platform refuses", at.Error)
		}
	}
}

func TestTwoReplicasRefreshOnce(t *testing.T) {
	t.Parallel()
	fake := zalooatest.Start(t)
	rdb := redistest.Start(t).Client()
	rt := fake.IssueRefreshToken()
	fake.SlowOAuth(300 * time.Millisecond) // both replicas want a token at once
	replicas := []*zalooa.Adapter{newAdapter(t, fake, rdb, rt, nil, nil), newAdapter(t, fake, rdb, rt, nil, nil)}
	var wg sync.WaitGroup
	errs := make(chan error, 10)
	for i := 0; i < 10; i++ {
		user := zalooatest.NewUserID()
		fake.AddFollower(user, fake.Now())
		wg.Add(1)
		go func(a *zalooa.Adapter) {
			defer wg.Done()
			if _, err := a.Send(context.Background(), user, chat.Reply{Text: "chào chị"}); err != nil {
				errs <- err
			}
		}(replicas[i%2])
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if ok, reused := fake.Refreshes(); ok != 1 || reused != 0 {
		t.Fatalf("refreshes %d, reused %d; want exactly 1 and 0", ok, reused)
	}
}

// floodGate is a conversation with a flood limit (as handlers.Router):
// the first two updates pass, the third is told to slow down, the rest
// are dropped silently. Handling waits for release.
type floodGate struct {
	echo
	release chan struct{}
	mu      sync.Mutex
	counted int
}

func (f *floodGate) Admit(_ context.Context, u chat.Update) (bool, []chat.Reply) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.counted++
	switch {
	case f.counted <= 2:
		return true, nil
	case f.counted == 3:
		return false, []chat.Reply{{Text: "Chị nhắn chậm lại giúp Loa nhé."}}
	}
	return false, nil
}

func (f *floodGate) Handle(ctx context.Context, u chat.Update) []chat.Reply {
	<-f.release
	if !u.Admitted {
		return []chat.Reply{{Text: "not admitted on arrival"}}
	}
	return f.echo.Handle(ctx, u)
}

// The OA applies the flood limit as an event arrives, like every adapter
// (bot/inbound), not as the queue works it off: all four events are
// counted while the first is still being handled; the two admitted ones
// are answered in order, then the one "slow down", and nothing for the
// fourth.
func TestFloodLimitAppliesAsEventsArrive(t *testing.T) {
	t.Parallel()
	fake := zalooatest.Start(t)
	rdb := redistest.Start(t).Client()
	h := &floodGate{release: make(chan struct{})}
	a := newAdapter(t, fake, rdb, fake.IssueRefreshToken(), nil, nil)
	hook := httptest.NewServer(a.WebhookHandler(h))
	t.Cleanup(hook.Close)
	fake.SetWebhook(hook.URL)
	r := &rig{t: t, fake: fake, rdb: rdb, a: a, hook: hook}

	user := zalooatest.NewUserID()
	for _, text := range []string{"một", "hai", "ba", "bốn"} {
		if p := fake.UserSays(user, text); p.Status != http.StatusOK {
			t.Fatalf("%q: status %d", text, p.Status)
		}
	}
	h.mu.Lock()
	counted := h.counted
	h.mu.Unlock()
	if counted != 4 {
		t.Fatalf("flood limit counted %d events on arrival, want 4", counted)
	}
	close(h.release)
	ms := r.wait(user, 3)
	var got []string
	for _, m := range ms {
		got = append(got, m.Text)
	}
	if strings.Join(got, "|") != "Loa nghe: một|Loa nghe: hai|Chị nhắn chậm lại giúp Loa nhé." {
		t.Fatalf("follower received %q", got)
	}
	if n := len(h.updates()); n != 2 {
		t.Fatalf("handled %d events, want the 2 admitted", n)
	}
}

// The delivery engine's fence (chat.Reply.Fence) runs before the OA has
// any of the message; a message whose fence fails is not sent.
func TestSendFence(t *testing.T) {
	t.Parallel()
	r := start(t)
	user := zalooatest.NewUserID()
	r.fake.AddFollower(user, time.Now())
	ctx := context.Background()
	calls, sentAtFence := 0, -1
	fence := func() error {
		calls++
		sentAtFence = len(r.fake.Messages(user))
		return nil
	}
	if _, err := r.a.Send(ctx, user, chat.Reply{Text: "Chi hội họp lúc 19 giờ.", Bulk: true, Paced: true, Fence: fence}); err != nil {
		t.Fatal(err)
	}
	if calls != 1 || sentAtFence != 0 || len(r.fake.Messages(user)) != 1 {
		t.Errorf("fence called %d times with %d messages at the OA (want once, 0); %d sent (want 1)", calls, sentAtFence, len(r.fake.Messages(user)))
	}
	refused := errors.New("redis unavailable")
	if _, err := r.a.Send(ctx, user, chat.Reply{Text: "Họp chi hội", Bulk: true, Paced: true, Fence: func() error { return refused }}); err == nil {
		t.Error("a send past a failed fence succeeded")
	}
	if n := len(r.fake.Messages(user)); n != 1 {
		t.Errorf("after a failed fence: %d messages, want 1", n)
	}
}

// lanes notes, for each wait on the limiter, whether it was urgent.
type lanes struct {
	mu     sync.Mutex
	urgent []bool
}

func (l *lanes) Wait(context.Context, string) error       { return l.note(false) }
func (l *lanes) WaitUrgent(context.Context, string) error { return l.note(true) }

func (l *lanes) note(urgent bool) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.urgent = append(l.urgent, urgent)
	return nil
}

// A reply to an emergency (chat.Reply.Urgent) waits in the limiter's
// urgent lane, each of its parts; the reply after it waits as usual.
func TestUrgentReplyTakesTheUrgentLane(t *testing.T) {
	t.Parallel()
	fake := zalooatest.Start(t)
	rdb := redistest.Start(t).Client()
	st := store.New(rdb)
	l := &lanes{}
	a, err := zalooa.New(context.Background(), zalooa.Config{
		OAID: fake.OAID, AppID: fake.AppID, AppSecret: fake.AppSecret, SecretKey: fake.SecretKey,
		RefreshToken: fake.IssueRefreshToken(), APIBase: fake.URL(), OAuthBase: fake.URL(), Redis: rdb,
		Menus: st, Files: zalo.StoreFiles(st), PublicBaseURL: "http://127.0.0.1:1", Limiter: l,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = a.Close(context.Background()) })
	hook := httptest.NewServer(a.WebhookHandler(&echo{}))
	t.Cleanup(hook.Close)
	fake.SetWebhook(hook.URL)
	r := &rig{t: t, fake: fake}
	user := zalooatest.NewUserID()
	fake.UserSays(user, "cuu")
	r.wait(user, 3)
	l.mu.Lock()
	defer l.mu.Unlock()
	if want := []bool{true, true, false}; !slices.Equal(l.urgent, want) {
		t.Fatalf("urgent waits %v, want %v", l.urgent, want)
	}
}
