package zalo_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"loa/bot/download"
	"loa/bot/zalo"
	"loa/bot/zalo/zalotest"
	"loa/chat"
	"loa/internal/testkit"
	"loa/store"
	"loa/store/redistest"
)

// recorder is a Handler that records every update and answers with reply.
type recorder struct {
	mu      sync.Mutex
	updates []chat.Update
	changed chan struct{}
	reply   func(chat.Update) []chat.Reply
}

func newRecorder(reply func(chat.Update) []chat.Reply) *recorder {
	if reply == nil {
		reply = func(u chat.Update) []chat.Reply {
			return []chat.Reply{{Text: "Loa đã nhận: " + u.Text + u.Data}}
		}
	}
	return &recorder{changed: make(chan struct{}), reply: reply}
}

func (r *recorder) Handle(_ context.Context, u chat.Update) []chat.Reply {
	r.mu.Lock()
	r.updates = append(r.updates, u)
	close(r.changed)
	r.changed = make(chan struct{})
	r.mu.Unlock()
	return r.reply(u)
}

func (r *recorder) wait(t *testing.T, n int) []chat.Update {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for {
		r.mu.Lock()
		got := append([]chat.Update(nil), r.updates...)
		ch := r.changed
		r.mu.Unlock()
		if len(got) >= n {
			return got
		}
		select {
		case <-ch:
		case <-ctx.Done():
			t.Fatalf("handler got %d updates, want %d: %+v", len(got), n, got)
		}
	}
}

func (r *recorder) all() []chat.Update {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]chat.Update(nil), r.updates...)
}

// env is one adapter wired to a fake Zalo, a real Redis and a download server.
type env struct {
	fake  *zalotest.Server
	st    *store.Store
	a     *zalo.Adapter
	logs  *testkit.LogBuffer
	dlURL string
	cfg   zalo.Config
}

func setup(t *testing.T, mod func(*zalo.Config)) *env {
	t.Helper()
	fake := zalotest.Start(t, "")
	fake.MaxHold(50 * time.Millisecond)
	st := store.New(redistest.Start(t).Client())
	logs := &testkit.LogBuffer{}
	dl := httptest.NewServer(download.Handler(st, nil))
	t.Cleanup(dl.Close)
	cfg := zalo.Config{
		Token:         fake.Token(),
		APIBase:       fake.URL(),
		Logger:        slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		PollTimeout:   time.Second,
		Menus:         st,
		Files:         zalo.StoreFiles(st),
		PublicBaseURL: dl.URL,
	}
	if mod != nil {
		mod(&cfg)
	}
	a, err := zalo.New(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	zalo.SetBackoff(a, 5*time.Millisecond, 20*time.Millisecond)
	e := &env{fake: fake, st: st, a: a, logs: logs, dlURL: dl.URL, cfg: cfg}
	t.Cleanup(func() {
		if strings.Contains(logs.String(), fake.Token()) {
			t.Errorf("the bot token reached a log line:\n%s", logs.String())
		}
	})
	return e
}

// run starts Run and stops it at the end of the test.
func (e *env) run(t *testing.T, h zalo.Handler) <-chan error {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	finished := make(chan struct{})
	go func() { done <- e.a.Run(ctx, h); close(finished) }()
	t.Cleanup(func() {
		cancel()
		select {
		case <-finished:
		case <-time.After(20 * time.Second):
			t.Error("Run did not return after cancel")
		}
	})
	return done
}

func TestNewValidatesConfig(t *testing.T) {
	t.Parallel()
	fake := zalotest.Start(t, "")
	st := store.New(redistest.Start(t).Client())
	base := zalo.Config{Token: fake.Token(), APIBase: fake.URL(), Menus: st, Files: zalo.StoreFiles(st), PublicBaseURL: "https://loa.example.vn"}
	for _, tc := range []struct {
		label string
		mod   func(*zalo.Config)
	}{
		{"no token", func(c *zalo.Config) { c.Token = "" }},
		{"short secret", func(c *zalo.Config) { c.WebhookURL, c.WebhookSecret = "https://loa.example.vn/zalo", "1234567" }},
		{"long secret", func(c *zalo.Config) {
			c.WebhookURL, c.WebhookSecret = "https://loa.example.vn/zalo", strings.Repeat("x", 257)
		}},
		{"webhook without secret", func(c *zalo.Config) { c.WebhookURL = "https://loa.example.vn/zalo" }},
		{"plain http webhook", func(c *zalo.Config) { c.WebhookURL, c.WebhookSecret = "http://loa.example.vn/zalo", "12345678" }},
		{"no menus", func(c *zalo.Config) { c.Menus = nil }},
		{"no files", func(c *zalo.Config) { c.Files = nil }},
		{"no public URL", func(c *zalo.Config) { c.PublicBaseURL = "" }},
		{"wrong token", func(c *zalo.Config) { c.Token = "1459232241454765289:wrongsecret" }},
	} {
		cfg := base
		tc.mod(&cfg)
		_, err := zalo.New(context.Background(), cfg)
		if err == nil {
			t.Errorf("%s: accepted", tc.label)
			continue
		}
		if strings.Contains(err.Error(), "wrongsecret") || strings.Contains(err.Error(), fake.Token()) {
			t.Errorf("%s: error shows the token: %v", tc.label, err)
		}
	}
	a, err := zalo.New(context.Background(), base)
	if err != nil {
		t.Fatal(err)
	}
	if me := a.Me(); me.ID != fake.BotID() || me.AccountType != "BASIC" {
		t.Fatalf("Me = %+v", me)
	}
}

func TestPollingAfter408sOneUpdatePerCall(t *testing.T) {
	t.Parallel()
	e := setup(t, nil)
	// Any pause after a 408 would now last a minute and fail the test.
	zalo.SetBackoff(e.a, time.Minute, time.Minute)
	rec := newRecorder(nil)
	e.run(t, rec)
	// Several empty polls in a row: 408 means "poll again at once". With
	// the backoff the loop uses for failures this would take far longer.
	ctx := testkit.WaitCtx(t)
	for e.fake.Stats().Timeouts < 5 {
		if err := e.fake.WaitForPoll(ctx); err != nil {
			t.Fatalf("polls after 408: %v (stats %+v)", err, e.fake.Stats())
		}
		_ = e.fake.WaitForCalls(ctx, "getUpdates", e.fake.Stats().Calls["getUpdates"]+1)
	}
	chatID := zalotest.NewID()
	sent := []zalotest.Update{
		e.fake.UserSays(chatID, "Nguyễn Thị Hoa", "Chào Loa"),
		e.fake.UserSays(chatID, "Nguyễn Thị Hoa", "Hội phí bao nhiêu?"),
		e.fake.UserSays(chatID, "Nguyễn Thị Hoa", "/start"),
	}
	got := rec.wait(t, 3)
	for i, u := range got {
		m := sent[i].Message
		if u.Platform != chat.Zalo || u.ID != "message.text.received:"+m.MessageID || u.ChatID != chatID || u.UserID != chatID ||
			u.UserName != "Nguyễn Thị Hoa" || u.Text != m.Text || u.Data != "" || u.Group || u.MessageID != m.MessageID ||
			!u.Time.Equal(time.UnixMilli(m.Date)) {
			t.Errorf("update %d = %+v, want from %+v", i, u, m)
		}
	}
	msgs, err := e.fake.WaitForMessages(ctx, chatID, 3)
	if err != nil {
		t.Fatal(err)
	}
	if msgs[0].Text != "Loa đã nhận: Chào Loa" || msgs[2].Text != "Loa đã nhận: /start" {
		t.Fatalf("replies = %+v", msgs)
	}
	// Message bodies never reach a log line.
	if strings.Contains(e.logs.String(), "Hội phí") {
		t.Fatalf("a message body was logged:\n%s", e.logs.String())
	}
}

func TestPollingArraySwitchAndGroups(t *testing.T) {
	t.Parallel()
	e := setup(t, nil)
	e.fake.ReturnArrays(true)
	group, user := zalotest.NewID(), zalotest.NewID()
	e.fake.GroupSays(group, user, "Trần Thị Lan", "@Loa lịch họp chi hội?")
	e.fake.UserSays(user, "Trần Thị Lan", "một")
	e.fake.UserSays(user, "Trần Thị Lan", "hai")
	rec := newRecorder(nil)
	e.run(t, rec)
	got := rec.wait(t, 3)
	var g, p []chat.Update
	for _, u := range got {
		if u.Group {
			g = append(g, u)
		} else {
			p = append(p, u)
		}
	}
	if len(g) != 1 || g[0].ChatID != group || g[0].UserID != user || g[0].UserName != "Trần Thị Lan" {
		t.Fatalf("group update = %+v", g)
	}
	if len(p) != 2 || p[0].Text != "một" || p[1].Text != "hai" {
		t.Fatalf("private updates out of order: %+v", p)
	}
	if e.fake.Stats().Calls["getUpdates"] < 1 {
		t.Fatal("no poll")
	}
}

func TestPollingBacksOffOn5xxAnd429ThenDelivers(t *testing.T) {
	t.Parallel()
	e := setup(t, nil)
	e.fake.FailNext("getUpdates", 2, 502)
	e.fake.FailNext("getUpdates", 1, 429)
	e.fake.FailNext("getUpdates", 1, 503)
	chat := zalotest.NewID()
	e.fake.UserSays(chat, "Hoa", "vẫn tới nơi")
	rec := newRecorder(nil)
	e.run(t, rec)
	if got := rec.wait(t, 1); got[0].Text != "vẫn tới nơi" {
		t.Fatalf("update = %+v", got[0])
	}
	st := e.fake.Stats()
	if st.Statuses[502] != 2 || st.Statuses[429] != 1 || st.Statuses[503] != 1 {
		t.Fatalf("stats = %+v", st)
	}
	if !strings.Contains(e.logs.String(), "getUpdates failed") {
		t.Fatal("poll failures were not logged")
	}
}

func TestPolling401IsFatal(t *testing.T) {
	t.Parallel()
	e := setup(t, nil)
	e.fake.FailNext("getUpdates", 1, 401)
	done := e.run(t, newRecorder(nil))
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), "401") || strings.Contains(err.Error(), e.fake.Token()) {
			t.Fatalf("Run = %v, want a 401 error without the token", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Run kept polling with a rejected token")
	}
}

func TestPollingDeletesALeftoverWebhook(t *testing.T) {
	t.Parallel()
	e := setup(t, nil)
	e.fake.AllowLocalHTTPWebhook(true)
	resp, err := http.Post(e.fake.URL()+"/bot"+e.fake.Token()+"/setWebhook", "application/json",
		strings.NewReader(`{"url":"https://old.example.vn/zalo","secret_token":"old-secret"}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	rec := newRecorder(nil)
	e.run(t, rec)
	if err := e.fake.WaitForPoll(testkit.WaitCtx(t)); err != nil {
		t.Fatal(err)
	}
	if url, _ := e.fake.Webhook(); url != "" {
		t.Fatalf("webhook %q still set while polling", url)
	}
	chat := zalotest.NewID()
	e.fake.UserSays(chat, "Hoa", "chào")
	rec.wait(t, 1)
}

// webhookEnv runs the adapter in webhook mode behind an httptest server.
func webhookEnv(t *testing.T, secret string) (*env, *recorder) {
	t.Helper()
	rec := newRecorder(nil)
	var h http.Handler
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { h.ServeHTTP(w, r) }))
	t.Cleanup(hook.Close)
	e := setup(t, func(c *zalo.Config) {
		c.WebhookURL = hook.URL + "/zalo/webhook"
		c.WebhookSecret = secret
	})
	e.fake.AllowLocalHTTPWebhook(true)
	h = e.a.WebhookHandler(rec)
	e.run(t, rec)
	ctx := testkit.WaitCtx(t)
	for {
		if url, _ := e.fake.Webhook(); url == hook.URL+"/zalo/webhook" {
			break
		}
		if err := e.fake.WaitForCalls(ctx, "setWebhook", 1); err != nil {
			t.Fatal(err)
		}
	}
	return e, rec
}

func TestWebhookBothBodyShapes(t *testing.T) {
	t.Parallel()
	e, rec := webhookEnv(t, "bí-mật-của-hội-phụ-nữ")
	chat := zalotest.NewID()
	e.fake.UserSays(chat, "Lê Thị Mai", "bọc trong result")
	e.fake.FlatWebhookBodies(true)
	e.fake.UserSays(chat, "Lê Thị Mai", "phẳng")
	got := rec.wait(t, 2)
	if got[0].Text != "bọc trong result" || got[1].Text != "phẳng" || got[0].UserName != "Lê Thị Mai" {
		t.Fatalf("updates = %+v", got)
	}
	ds, err := e.fake.WaitForDeliveries(testkit.WaitCtx(t), 2)
	if err != nil {
		t.Fatal(err)
	}
	if ds[0].Status != 200 || ds[1].Status != 200 || ds[0].Flat || !ds[1].Flat {
		t.Fatalf("deliveries = %+v", ds)
	}
	if _, err := e.fake.WaitForMessages(testkit.WaitCtx(t), chat, 2); err != nil {
		t.Fatal(err)
	}
}

func TestWebhookWrongOrMissingSecretProcessesNothing(t *testing.T) {
	t.Parallel()
	e, rec := webhookEnv(t, "the-right-secret")
	chat := zalotest.NewID()

	// Missing secret: straight to the bot's endpoint.
	url, _ := e.fake.Webhook()
	resp, err := http.Post(url, "application/json", strings.NewReader(
		`{"event_name":"message.text.received","message":{"message_id":"aa01","date":1750316131602,"text":"giả mạo","chat":{"id":"`+chat+`","chat_type":"PRIVATE"},"from":{"id":"`+chat+`"}}}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("missing secret: %d, want 401", resp.StatusCode)
	}

	// Wrong secret: Zalo pushes with another secret than the bot expects.
	setHook := func(secret string) {
		resp, err := http.Post(e.fake.URL()+"/bot"+e.fake.Token()+"/setWebhook", "application/json",
			strings.NewReader(`{"url":"`+url+`","secret_token":"`+secret+`"}`))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	setHook("an-attacker-guess")
	e.fake.UserSays(chat, "Kẻ giả", "giả mạo 2")
	setHook("the-right-secret")
	e.fake.UserSays(chat, "Hoa", "thật")
	ds, err := e.fake.WaitForDeliveries(testkit.WaitCtx(t), 2)
	if err != nil {
		t.Fatal(err)
	}
	if ds[0].Status != http.StatusForbidden || ds[1].Status != 200 {
		t.Fatalf("deliveries = %+v, want 403 then 200", ds)
	}
	// The genuine update is in the same chat's queue after any earlier one,
	// so once it is handled nothing else can still be on its way.
	rec.wait(t, 1)
	msgs, _ := e.fake.WaitForMessages(testkit.WaitCtx(t), chat, 1)
	if got := rec.all(); len(got) != 1 || got[0].Text != "thật" || len(msgs) != 1 {
		t.Fatalf("handled %+v, sent %+v; want only the genuine update", got, msgs)
	}
}

func post(h http.Handler, secret, body string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodPost, "/zalo/webhook", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if secret != "" {
		req.Header.Set("X-Bot-Api-Secret-Token", secret)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func textBody(event, msgID, chatID, text string) string {
	return fmt.Sprintf(`{"event_name":%q,"message":{"message_id":%q,"date":1750316131602,"text":%q,"chat":{"id":%q,"chat_type":"PRIVATE"},"from":{"id":%q,"display_name":"Hoa"}}}`,
		event, msgID, text, chatID, chatID)
}

func TestWebhookBadInput(t *testing.T) {
	t.Parallel()
	const secret = "đây-là-bí-mật"
	e := setup(t, func(c *zalo.Config) { c.WebhookSecret = secret })
	rec := newRecorder(nil)
	h := e.a.WebhookHandler(rec)
	chat := zalotest.NewID()

	for _, tc := range []struct {
		label, body string
		status      int
	}{
		{"malformed JSON", `{"event_name":`, 400},
		{"not an object", `[1,2]`, 400},
		{"object as chat id", `{"event_name":"message.text.received","message":{"message_id":"m1","text":"x","chat":{"id":{"x":1}},"from":{"id":"u"}}}`, 400},
		{"object as message id", `{"event_name":"message.text.received","message":{"message_id":["m"],"text":"x","chat":{"id":"c"},"from":{"id":"u"}}}`, 400},
		{"unknown event", `{"event_name":"message.reaction.received","message":{"message_id":"m2","chat":{"id":"` + chat + `"},"from":{"id":"` + chat + `"}}}`, 200},
		{"unsupported without message", `{"ok":true,"result":{"event_name":"message.unsupported.received"}}`, 200},
		{"empty update", `{}`, 200},
		{"oversized", `{"event_name":"message.text.received","pad":"` + strings.Repeat("a", zalo.MaxWebhookBody) + `"}`, 413},
	} {
		if got := post(h, secret, tc.body); got.Code != tc.status {
			t.Errorf("%s: %d, want %d", tc.label, got.Code, tc.status)
		}
	}
	if got := httptest.NewRecorder(); true {
		h.ServeHTTP(got, httptest.NewRequest(http.MethodGet, "/zalo/webhook", nil))
		if got.Code != 405 {
			t.Errorf("GET: %d, want 405", got.Code)
		}
	}

	// Numbers where strings are expected are converted, not refused.
	if got := post(h, secret, `{"event_name":"message.text.received","message":{"message_id":12345,"date":"1750316131602","text":"số","chat":{"id":987654321,"chat_type":"PRIVATE"},"from":{"id":987654321,"first_name":"Hoa"}}}`); got.Code != 200 {
		t.Fatalf("numeric ids: %d", got.Code)
	}
	u := rec.wait(t, 1)[0]
	if u.ChatID != "987654321" || u.UserID != "987654321" || u.ID != "message.text.received:12345" || u.Time.UnixMilli() != 1750316131602 {
		t.Fatalf("numeric ids became %+v", u)
	}

	// An unreadable message reaches the handlers with no text, as a sticker
	// does on Telegram: the router says what Loa says to it (and holds
	// back a repeat), not the adapter.
	unsupported := `{"event_name":"message.unsupported.received","message":{"message_id":"%s","date":1750316131602,"chat":{"id":"` + chat + `","chat_type":"PRIVATE"},"from":{"id":"` + chat + `"}}}`
	for _, id := range []string{"u1", "u2"} {
		if got := post(h, secret, fmt.Sprintf(unsupported, id)); got.Code != 200 {
			t.Fatalf("unsupported: %d", got.Code)
		}
	}
	// A text after them in the same chat is handled after them (same queue).
	post(h, secret, textBody("message.text.received", "t1", chat, "xin chào"))
	got := rec.wait(t, 4)
	if len(got) != 4 || got[1].Text != "" || got[1].ID != "message.unsupported.received:u1" ||
		got[2].Text != "" || got[2].ChatID != chat || got[3].Text != "xin chào" {
		t.Fatalf("handler saw %+v, want the numeric-id text, u1 and u2 without text, then t1 (ignored events must not reach it)", got)
	}
	msgs, err := e.fake.WaitForMessages(testkit.WaitCtx(t), chat, 3)
	if err != nil {
		t.Fatal(err)
	}
	if len(msgs) != 3 || msgs[2].Text != "Loa đã nhận: xin chào" {
		t.Fatalf("messages = %+v", msgs)
	}
}

func TestNumberedMenuRoundTrip(t *testing.T) {
	t.Parallel()
	e := setup(t, nil)
	rec := newRecorder(func(u chat.Update) []chat.Reply {
		switch {
		case u.Text == "menu":
			return []chat.Reply{
				{Text: "Chị muốn hỏi về chủ đề nào?"},
				{Text: "Chọn một chủ đề:", Buttons: [][]chat.Button{
					{{Text: "Pháp luật", Data: "topic:law"}, {Text: "Sức khỏe sinh sản", Data: "topic:health"}},
					{{Text: "📅 Đăng ký sự kiện", Data: "event:list"}},
				}},
			}
		case u.Data != "":
			return []chat.Reply{{Text: "Đã chọn " + u.Data}}
		case u.Text == "hỏi số":
			return []chat.Reply{{Text: "Chi hội có bao nhiêu hội viên?"}}
		}
		return []chat.Reply{{Text: "Văn bản: " + u.Text}}
	})
	e.run(t, rec)
	chatID := zalotest.NewID()
	ctx := testkit.WaitCtx(t)

	e.fake.UserSays(chatID, "Hoa", "menu")
	msgs, err := e.fake.WaitForMessages(ctx, chatID, 2)
	if err != nil {
		t.Fatal(err)
	}
	want := "Chọn một chủ đề:\n\n1. Pháp luật\n2. Sức khỏe sinh sản\n3. 📅 Đăng ký sự kiện\nChị trả lời bằng số thứ tự nhé."
	if msgs[1].Text != want {
		t.Fatalf("menu message = %q, want %q", msgs[1].Text, want)
	}

	step := func(text string, n int) chat.Update {
		t.Helper()
		e.fake.UserSays(chatID, "Hoa", text)
		if _, err := e.fake.WaitForMessages(ctx, chatID, n); err != nil {
			t.Fatal(err)
		}
		got := rec.all()
		return got[len(got)-1]
	}
	if u := step("2", 3); u.Data != "topic:health" || u.Text != "" || !u.IsButton() {
		t.Fatalf(`"2" became %+v`, u)
	}
	// The answer had no buttons, so the menu is gone.
	if u := step("1", 4); u.Data != "" || u.Text != "1" {
		t.Fatalf(`"1" after a plain reply became %+v`, u)
	}
	step("menu", 6)
	// A notice from the delivery engine (no choices) lands mid-choice: the
	// menu she is answering stays.
	if _, err := e.a.Send(ctx, chatID, chat.Reply{Text: "📢 Thông báo: họp chi hội sáng mai.", Paced: true, Bulk: true}); err != nil {
		t.Fatal(err)
	}
	if u := step("dang ky su kien", 8); u.Data != "event:list" {
		t.Fatalf("words without diacritics became %+v", u)
	}
	step("menu", 10)
	if u := step(" 3. ", 11); u.Data != "event:list" {
		t.Fatalf(`" 3. " became %+v`, u)
	}
	step("menu", 13)
	for i, tc := range []struct{ text, want string }{{"4", "4"}, {"0", "0"}, {"sức khỏe", "sức khỏe"}} {
		if u := step(tc.text, 14+i); u.Data != "" || u.Text != tc.want {
			t.Fatalf("%q became %+v, want plain text", tc.text, u)
		}
	}
	// A prompt without buttons: a number typed next is a number.
	step("menu", 18)
	step("hỏi số", 19)
	if u := step("2", 20); u.Data != "" || u.Text != "2" {
		t.Fatalf(`"2" answering a plain prompt became %+v`, u)
	}
}

func TestFileBecomesDownloadLink(t *testing.T) {
	t.Parallel()
	e := setup(t, nil)
	data := []byte("PK\x03\x04 báo cáo \x00\x01\xff")
	rec := newRecorder(func(u chat.Update) []chat.Reply {
		return []chat.Reply{{Text: "Báo cáo tháng 11 của chi hội:", File: &chat.File{
			Name: "bao-cao-11.xlsx", MIME: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Data: data}}}
	})
	e.run(t, rec)
	chatID := zalotest.NewID()
	e.fake.UserSays(chatID, "Hoa", "/baocao")
	msgs, err := e.fake.WaitForMessages(testkit.WaitCtx(t), chatID, 1)
	if err != nil {
		t.Fatal(err)
	}
	text := msgs[0].Text
	i := strings.Index(text, e.dlURL+"/dl/")
	if !strings.HasPrefix(text, "Báo cáo tháng 11 của chi hội:") || i < 0 || !strings.Contains(text, "24 giờ") {
		t.Fatalf("message = %q, want the text and a download link", text)
	}
	link := strings.Fields(text[i:])[0]
	resp, err := http.Get(link)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !bytes.Equal(got, data) || !strings.Contains(resp.Header.Get("Content-Disposition"), "bao-cao-11.xlsx") {
		t.Fatalf("download: %d %q %q", resp.StatusCode, got, resp.Header.Get("Content-Disposition"))
	}
}

func TestSendSplitsLongTextAndKeepsListLast(t *testing.T) {
	t.Parallel()
	e := setup(t, nil)
	chatID := zalotest.NewID()
	para := strings.Repeat("Hội Liên hiệp Phụ nữ Việt Nam chăm lo quyền lợi hội viên. ", 30) // ~1,700 characters
	text := para + "\n\n" + para + "\n\n" + para
	_, err := e.a.Send(context.Background(), chatID, chat.Reply{Text: text, EditMessageID: "old-message-id",
		Buttons: [][]chat.Button{{{Text: "Có", Data: "yes"}, {Text: "Không", Data: "no"}}}})
	if err != nil {
		t.Fatal(err)
	}
	msgs := e.fake.Messages(chatID)
	if len(msgs) < 3 {
		t.Fatalf("%d messages, want the text split in at least 3", len(msgs))
	}
	var joined []string
	for i, m := range msgs {
		if n := chat.UTF16Len(m.Text); n > zalo.MaxText {
			t.Fatalf("part %d has %d UTF-16 units", i, n)
		}
		if i < len(msgs)-1 && strings.Contains(m.Text, "1. Có") {
			t.Fatalf("the list is on part %d, not the last", i)
		}
		joined = append(joined, m.Text)
	}
	last := msgs[len(msgs)-1].Text
	if !strings.HasSuffix(last, "1. Có\n2. Không\nChị trả lời bằng số thứ tự nhé.") {
		t.Fatalf("last part = %q", last)
	}
	if got := strings.Join(strings.Fields(strings.Join(joined, " ")), " "); !strings.HasPrefix(got, strings.Join(strings.Fields(text), " ")) {
		t.Fatal("parts do not give back the text in order")
	}
	labels, data, err := e.st.Menu(context.Background(), chat.Zalo, chatID)
	if err != nil || strings.Join(labels, "|") != "Có|Không" || strings.Join(data, "|") != "yes|no" {
		t.Fatalf("saved menu = %q %q %v", labels, data, err)
	}
}

func TestSendErrorMapping(t *testing.T) {
	t.Parallel()
	e := setup(t, nil)
	ctx := context.Background()
	chatID := zalotest.NewID()
	for _, tc := range []struct {
		code  int
		kind  chat.SendErrorKind
		retry time.Duration
	}{
		{429, chat.ErrRetryAfter, zalo.DefaultRetryAfter},
		{500, chat.ErrTemporary, 0},
		{502, chat.ErrTemporary, 0},
		{503, chat.ErrTemporary, 0},
		{400, chat.ErrPermanent, 0},
		{403, chat.ErrBlocked, 0},
	} {
		e.fake.FailNext("sendMessage", 1, tc.code)
		_, err := e.a.Send(ctx, chatID, chat.Reply{Text: "Thông báo họp chi hội"})
		var se *chat.SendError
		if !errors.As(err, &se) || se.Kind != tc.kind || se.RetryAfter != tc.retry {
			t.Errorf("%d: err = %v, want %s", tc.code, err, tc.kind)
		}
	}
	e.fake.Block(chatID)
	_, err := e.a.Send(ctx, chatID, chat.Reply{Text: "Chào chị"})
	var se *chat.SendError
	if !errors.As(err, &se) || se.Kind != chat.ErrBlocked {
		t.Errorf("blocked chat: %v", err)
	}
	if _, err := e.a.Send(ctx, chatID, chat.Reply{}); !errors.As(err, &se) || se.Kind != chat.ErrPermanent {
		t.Errorf("empty reply: %v", err)
	}
	// Rate limit of the fake: the second message within the window is 429.
	other := zalotest.NewID()
	e.fake.SetRateLimit(1, 0, time.Minute)
	if _, err := e.a.Send(ctx, other, chat.Reply{Text: "một"}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.a.Send(ctx, other, chat.Reply{Text: "hai"}); !errors.As(err, &se) || se.Kind != chat.ErrRetryAfter {
		t.Errorf("rate limited: %v", err)
	}

	// Network failure: temporary, and the token is not in the error.
	e.fake.Close()
	_, err = e.a.Send(ctx, chatID, chat.Reply{Text: "Chào chị"})
	if !errors.As(err, &se) || se.Kind != chat.ErrTemporary || strings.Contains(err.Error(), e.fake.Token()) {
		t.Errorf("network: %v", err)
	}
}

func TestRetryAfterHintIsHonoured(t *testing.T) {
	t.Parallel()
	// Zalo documents no retry_after; if it ever sends Telegram's field or
	// a Retry-After header, the pause follows it.
	st := store.New(redistest.Start(t).Client())
	const token = "1459232241454765289:hintsecret"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case strings.HasSuffix(r.URL.Path, "/getMe"):
			io.WriteString(w, `{"ok":true,"result":{"id":"1","account_name":"bot.x","account_type":"BASIC","can_join_groups":false}}`)
		case r.URL.Query().Get("h") != "" || r.Header.Get("X-Test") == "header":
		default:
			w.Header().Set("Retry-After", "9")
			w.WriteHeader(429)
			io.WriteString(w, `{"ok":false,"error_code":429,"description":"Too Many Requests","parameters":{"retry_after":17}}`)
		}
	}))
	defer srv.Close()
	a, err := zalo.New(context.Background(), zalo.Config{Token: token, APIBase: srv.URL, Menus: st, Files: zalo.StoreFiles(st), PublicBaseURL: "https://loa.example.vn"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = a.Send(context.Background(), "c1", chat.Reply{Text: "x"})
	var se *chat.SendError
	if !errors.As(err, &se) || se.Kind != chat.ErrRetryAfter || se.RetryAfter != 17*time.Second {
		t.Fatalf("err = %v, want retry after 17s", err)
	}
}

// countingLimiter records the chats it was asked about, and which waits
// were urgent.
type countingLimiter struct {
	mu     sync.Mutex
	chats  []string
	urgent []bool
}

func (l *countingLimiter) Wait(_ context.Context, chatID string) error {
	return l.note(chatID, false)
}

func (l *countingLimiter) WaitUrgent(_ context.Context, chatID string) error {
	return l.note(chatID, true)
}

func (l *countingLimiter) note(chatID string, urgent bool) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.chats = append(l.chats, chatID)
	l.urgent = append(l.urgent, urgent)
	return nil
}

// A reply to an emergency (chat.Reply.Urgent) waits in the limiter's
// urgent lane, each of its parts, sent by the delivery engine or
// answering her update; the reply after it waits as usual.
func TestUrgentReplyTakesTheUrgentLane(t *testing.T) {
	t.Parallel()
	lim := &countingLimiter{}
	e := setup(t, func(c *zalo.Config) { c.Limiter = lim })
	long := strings.Repeat("Chị gọi ngay 113. ", 150) // two messages
	chatID := zalotest.NewID()
	if _, err := e.a.Send(context.Background(), chatID, chat.Reply{Text: long, Urgent: true}); err != nil {
		t.Fatal(err)
	}
	e.run(t, newRecorder(func(u chat.Update) []chat.Reply {
		return []chat.Reply{{Text: long, Urgent: true}, {Text: "Chị không một mình."}}
	}))
	e.fake.UserSays(chatID, "Hồng", "chồng em đang đánh em")
	if _, err := e.fake.WaitForMessages(testkit.WaitCtx(t), chatID, 5); err != nil {
		t.Fatal(err)
	}
	lim.mu.Lock()
	defer lim.mu.Unlock()
	if want := []bool{true, true, true, true, false}; !slices.Equal(lim.urgent, want) {
		t.Fatalf("urgent waits %v, want %v", lim.urgent, want)
	}
}

func TestLimiterIsAskedForEveryMessage(t *testing.T) {
	t.Parallel()
	lim := &countingLimiter{}
	e := setup(t, func(c *zalo.Config) { c.Limiter = lim })
	chatID := zalotest.NewID()
	if _, err := e.a.Send(context.Background(), chatID, chat.Reply{Text: strings.Repeat("Chào chị. ", 300)}); err != nil {
		t.Fatal(err)
	}
	sent := len(e.fake.Messages(chatID))
	lim.mu.Lock()
	defer lim.mu.Unlock()
	if sent < 2 || len(lim.chats) != sent || lim.chats[0] != chatID {
		t.Fatalf("limiter asked %d times for %d messages", len(lim.chats), sent)
	}
}

func BenchmarkWebhookToReply(b *testing.B) {
	fake := zalotest.Start(b, "")
	st := store.New(redistest.Start(b).Client())
	a, err := zalo.New(context.Background(), zalo.Config{Token: fake.Token(), APIBase: fake.URL(), WebhookSecret: "bench-secret",
		Menus: st, Files: zalo.StoreFiles(st), PublicBaseURL: "https://loa.example.vn"})
	if err != nil {
		b.Fatal(err)
	}
	rec := newRecorder(nil)
	h := a.WebhookHandler(rec)
	chats := make([]string, 32)
	for i := range chats {
		chats[i] = zalotest.NewID()
	}
	b.ResetTimer()
	for i := range b.N {
		chat := chats[i%len(chats)]
		for {
			if got := post(h, "bench-secret", textBody("message.text.received", fmt.Sprint(i), chat, "chào")); got.Code == 200 {
				break
			}
			time.Sleep(time.Millisecond) // queue full: Zalo would retry
		}
	}
	if err := a.Close(context.Background()); err != nil {
		b.Fatal(err)
	}
	b.StopTimer()
	if n := fake.Stats().Sent; n != b.N {
		b.Fatalf("sent %d replies for %d updates", n, b.N)
	}
}

func TestRepliesRetryEachPartAlone(t *testing.T) {
	t.Parallel()
	e := setup(t, nil)
	para := strings.Repeat("Chi hội họp vào sáng thứ Bảy tại nhà văn hóa thôn. ", 30)
	rec := newRecorder(func(u chat.Update) []chat.Reply {
		return []chat.Reply{{Text: "Phần một. " + para + "\n\nPhần hai. " + para}}
	})
	e.run(t, rec)
	chatID := zalotest.NewID()
	e.fake.FailNext("sendMessage", 2, 502)
	e.fake.UserSays(chatID, "Hoa", "lịch họp")
	if _, err := e.fake.WaitForMessages(testkit.WaitCtx(t), chatID, 2); err != nil {
		t.Fatal(err)
	}
	// Wait for a later update in the same chat: nothing more from the first.
	e.fake.UserSays(chatID, "Hoa", "cảm ơn")
	msgs, _ := e.fake.WaitForMessages(testkit.WaitCtx(t), chatID, 4)
	if len(msgs) != 4 || msgs[0].Text == msgs[1].Text || msgs[0].Text != msgs[2].Text || msgs[1].Text != msgs[3].Text {
		t.Fatalf("got %d messages; each part must arrive once, in order", len(msgs))
	}
	if st := e.fake.Stats(); st.Statuses[502] != 2 {
		t.Fatalf("stats = %+v", st)
	}
}

func TestPollingNetworkFailureLogsWithoutToken(t *testing.T) {
	t.Parallel()
	e := setup(t, nil)
	e.run(t, newRecorder(nil))
	if err := e.fake.WaitForPoll(testkit.WaitCtx(t)); err != nil {
		t.Fatal(err)
	}
	e.fake.Close() // connection refused from now on
	// The poll in flight when the server closes may first fail with the
	// closing server's 503 (no URL in that line); the retries then meet a
	// refused connection, whose error names the URL.
	ctx := testkit.WaitCtx(t)
	for !strings.Contains(e.logs.String(), "<token>") {
		select {
		case <-ctx.Done():
			t.Fatalf("want the URL in a getUpdates failure line with the token replaced:\n%s", e.logs.String())
		case <-time.After(10 * time.Millisecond):
		}
	}
	if !strings.Contains(e.logs.String(), "getUpdates failed") {
		t.Fatalf("no failure logged:\n%s", e.logs.String())
	}
	// setup's cleanup fails the test if the token itself was logged.
}

// TestRunStopsItsWorkersBeforeReturning: an update is in hand when the bot
// shuts down and its handler cannot finish (Redis paused, say). Run used to
// return after its drain while the worker went on, and main then closed the
// Redis client under it. Now the update is cancelled at the end of the
// drain and Run returns only when no worker runs.
func TestRunStopsItsWorkersBeforeReturning(t *testing.T) {
	t.Parallel()
	e := setup(t, nil)
	zalo.SetDrainTimeout(e.a, 300*time.Millisecond)
	var running atomic.Bool
	started := make(chan struct{}, 1)
	h := handlerFunc(func(ctx context.Context, u chat.Update) []chat.Reply {
		running.Store(true)
		defer running.Store(false)
		started <- struct{}{}
		<-ctx.Done()                       // a Redis call that only gives up with its context
		time.Sleep(100 * time.Millisecond) // and takes a moment to return
		return nil
	})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- e.a.Run(ctx, h) }()
	e.fake.UserSays(zalotest.NewID(), "Chị Mai", "5k3s la gi")
	select {
	case <-started:
	case <-time.After(10 * time.Second):
		t.Fatal("the update never reached the handler")
	}
	cancel()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return after its drain timeout")
	}
	if running.Load() {
		t.Fatal("a worker still handles an update after Run returned")
	}
}

type handlerFunc func(ctx context.Context, u chat.Update) []chat.Reply

func (f handlerFunc) Handle(ctx context.Context, u chat.Update) []chat.Reply {
	return f(ctx, u)
}

// The delivery engine's fence (chat.Reply.Fence) runs before Zalo has any
// of the message; a message whose fence fails is not sent.
func TestSendFence(t *testing.T) {
	t.Parallel()
	e := setup(t, nil)
	chatID := zalotest.NewID()
	ctx := context.Background()
	calls, sentAtFence := 0, -1
	fence := func() error {
		calls++
		sentAtFence = len(e.fake.Messages(chatID))
		return nil
	}
	if _, err := e.a.Send(ctx, chatID, chat.Reply{Text: "Chi hội họp lúc 19 giờ.", Bulk: true, Paced: true, Fence: fence}); err != nil {
		t.Fatal(err)
	}
	if calls != 1 || sentAtFence != 0 || len(e.fake.Messages(chatID)) != 1 {
		t.Errorf("fence called %d times with %d messages at the platform (want once, 0); %d sent (want 1)", calls, sentAtFence, len(e.fake.Messages(chatID)))
	}
	refused := errors.New("redis unavailable")
	if _, err := e.a.Send(ctx, chatID, chat.Reply{Text: "Họp chi hội", Bulk: true, Paced: true, Fence: func() error { return refused }}); err == nil {
		t.Error("a send past a failed fence succeeded")
	}
	if n := len(e.fake.Messages(chatID)); n != 1 {
		t.Errorf("after a failed fence: %d messages, want 1", n)
	}
}
