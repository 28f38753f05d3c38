package telegram_test

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/png"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"loa/bot/telegram"
	"loa/bot/telegram/telegramtest"
	"loa/chat"
	"loa/internal/testkit"
)

// recorder is a Handler that records updates and answers with reply(u).
type recorder struct {
	mu      sync.Mutex
	updates []chat.Update
	reply   func(chat.Update) []chat.Reply
	got     chan chat.Update
}

func newRecorder(reply func(chat.Update) []chat.Reply) *recorder {
	return &recorder{reply: reply, got: make(chan chat.Update, 100)}
}

func (r *recorder) Handle(ctx context.Context, u chat.Update) []chat.Reply {
	r.mu.Lock()
	r.updates = append(r.updates, u)
	r.mu.Unlock()
	r.got <- u
	if r.reply == nil {
		return nil
	}
	return r.reply(u)
}

func (r *recorder) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.updates)
}

func (r *recorder) next(t *testing.T) chat.Update {
	t.Helper()
	select {
	case u := <-r.got:
		return u
	case <-time.After(10 * time.Second):
		t.Fatal("handler not called")
		return chat.Update{}
	}
}

func echo(u chat.Update) []chat.Reply {
	if u.IsButton() {
		return []chat.Reply{{Text: "Bạn chọn " + u.Data}}
	}
	return []chat.Reply{{Text: "Loa nghe: " + u.Text}}
}

func newAdapter(t *testing.T, srv *telegramtest.Server, mod func(*telegram.Config)) (*telegram.Adapter, *testkit.LogBuffer) {
	t.Helper()
	logs := &testkit.LogBuffer{}
	cfg := telegram.Config{
		Token:       srv.Token(),
		APIBase:     srv.URL(),
		Logger:      slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		PollTimeout: 2 * time.Second,
	}
	if mod != nil {
		mod(&cfg)
	}
	a, err := telegram.New(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if strings.Contains(logs.String(), srv.Token()) || strings.Contains(logs.String(), strings.SplitN(srv.Token(), ":", 2)[1]) {
			t.Errorf("token in logs:\n%s", logs.String())
		}
	})
	return a, logs
}

// run starts a.Run and returns a stop function that waits for it.
func run(t *testing.T, a *telegram.Adapter, h telegram.Handler) (stop func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.Run(ctx, h) }()
	var once sync.Once
	var err error
	stop = func() error {
		once.Do(func() {
			cancel()
			select {
			case err = <-done:
			case <-time.After(20 * time.Second):
				t.Error("Run did not return after cancel")
			}
		})
		return err
	}
	t.Cleanup(func() { _ = stop() })
	return stop
}

func TestPollingReceivesAndReplies(t *testing.T) {
	srv := telegramtest.New(t)
	a, _ := newAdapter(t, srv, nil)
	h := newRecorder(echo)
	stop := run(t, a, h)

	id := srv.UserSays(42, "An", "5k3s la gi")
	u := h.next(t)
	if u.Platform != chat.Telegram || u.ID != strconv.FormatInt(id, 10) || u.ChatID != "42" || u.UserID != "42" ||
		u.UserName != "An" || u.Text != "5k3s la gi" || u.Data != "" || u.MessageID == "" || u.Group || u.Time.IsZero() {
		t.Fatalf("update = %+v", u)
	}
	msgs, err := srv.WaitForMessages(testkit.WaitCtx(t), 42, 1)
	if err != nil {
		t.Fatal(err)
	}
	if msgs[0].Text != "Loa nghe: 5k3s la gi" || msgs[0].ParseMode != "HTML" {
		t.Fatalf("reply = %+v", msgs[0])
	}
	srv.UserSaysInGroup(-1001, 7, "Bình", "chào cả nhà")
	if u := h.next(t); !u.Group || u.ChatID != "-1001" || u.UserID != "7" {
		t.Fatalf("group update = %+v", u)
	}
	if err := stop(); err != nil {
		t.Fatalf("Run: %v", err)
	}
	// The offset was confirmed on the way out: nothing would come again.
	if n := srv.PendingUpdates(); n != 0 {
		t.Fatalf("%d updates left unconfirmed", n)
	}
}

func TestCallbackAnsweredAndHandled(t *testing.T) {
	srv := telegramtest.New(t)
	srv.AddChat(42, "An")
	a, _ := newAdapter(t, srv, nil)
	mid, err := a.Send(context.Background(), "42", chat.Reply{Text: "Chọn chủ đề", Buttons: [][]chat.Button{{{Text: "VNeID", Data: "topic:vneid"}}}})
	if err != nil {
		t.Fatal(err)
	}
	h := newRecorder(echo)
	run(t, a, h)
	msgID, _ := strconv.ParseInt(mid, 10, 64)
	q := srv.PressButton(42, msgID, "topic:vneid")
	u := h.next(t)
	if !u.IsButton() || u.Data != "topic:vneid" || u.MessageID != mid || u.ChatID != "42" || u.Text != "" {
		t.Fatalf("update = %+v", u)
	}
	if err := srv.WaitFor(testkit.WaitCtx(t), func() bool { _, ok := srv.CallbackAnswer(q); return ok }); err != nil {
		t.Fatal("callback query never answered")
	}
	if _, err := srv.WaitForMessages(testkit.WaitCtx(t), 42, 2); err != nil {
		t.Fatal(err)
	}
}

// blockingHandler holds chat 1's updates until released, and records order.
type blockingHandler struct {
	release chan struct{}
	mu      sync.Mutex
	order   []string
}

func (b *blockingHandler) Handle(ctx context.Context, u chat.Update) []chat.Reply {
	if u.ChatID == "1" {
		<-b.release
	}
	b.mu.Lock()
	b.order = append(b.order, u.ChatID+":"+u.Text)
	b.mu.Unlock()
	return []chat.Reply{{Text: "ok " + u.Text}}
}

func TestOneChatDoesNotBlockOthersAndOrderIsKept(t *testing.T) {
	srv := telegramtest.New(t)
	srv.SetLimits(telegramtest.Limits{Off: true})
	a, _ := newAdapter(t, srv, nil)
	h := &blockingHandler{release: make(chan struct{})}
	run(t, a, h)
	for i := 1; i <= 3; i++ {
		srv.UserSays(1, "Một", strconv.Itoa(i))
	}
	srv.UserSays(2, "Hai", "x")
	if _, err := srv.WaitForMessages(testkit.WaitCtx(t), 2, 1); err != nil {
		t.Fatalf("chat 2 blocked by chat 1: %v", err)
	}
	close(h.release)
	msgs, err := srv.WaitForMessages(testkit.WaitCtx(t), 1, 3)
	if err != nil {
		t.Fatal(err)
	}
	for i, m := range msgs {
		if m.Text != "ok "+strconv.Itoa(i+1) {
			t.Fatalf("chat 1 replies out of order: %+v", msgs)
		}
	}
}

func TestPoisonUpdateSkipped(t *testing.T) {
	srv := telegramtest.New(t)
	a, logs := newAdapter(t, srv, nil)
	h := newRecorder(echo)
	stop := run(t, a, h)
	srv.Inject("message", map[string]any{"message_id": "not a number", "chat": map[string]any{"id": 42, "type": "private"}})
	srv.UserSays(42, "An", "sau đó")
	if u := h.next(t); u.Text != "sau đó" {
		t.Fatalf("update = %+v", u)
	}
	_ = stop()
	if srv.PendingUpdates() != 0 || h.count() != 1 || !strings.Contains(logs.String(), "does not decode") {
		t.Fatalf("pending %d, handled %d, logs:\n%s", srv.PendingUpdates(), h.count(), logs.String())
	}
}

func TestPollRetriesConflictAndServerErrors(t *testing.T) {
	srv := telegramtest.New(t)
	a, logs := newAdapter(t, srv, nil)
	srv.FailNext("getUpdates", 1, 409)
	srv.FailNext("getUpdates", 1, 502)
	srv.UserSays(42, "An", "vẫn tới")
	h := newRecorder(echo)
	run(t, a, h)
	if u := h.next(t); u.Text != "vẫn tới" {
		t.Fatalf("update = %+v", u)
	}
	if !strings.Contains(logs.String(), "another instance is polling") {
		t.Fatalf("409 not logged:\n%s", logs.String())
	}
}

func TestPollStopsOn401AndOnWebhookConflict(t *testing.T) {
	srv := telegramtest.New(t)
	a, _ := newAdapter(t, srv, nil)
	srv.FailNext("getUpdates", 1, 401)
	err := a.Run(context.Background(), newRecorder(nil))
	if err == nil || !strings.Contains(err.Error(), "token rejected") || strings.Contains(err.Error(), srv.Token()) {
		t.Fatalf("Run = %v", err)
	}

	srv2 := telegramtest.New(t)
	a2, _ := newAdapter(t, srv2, nil)
	done := make(chan error, 1)
	go func() { done <- a2.Run(context.Background(), newRecorder(nil)) }()
	if err := srv2.WaitFor(testkit.WaitCtx(t), srv2.Polling); err != nil {
		t.Fatal(err)
	}
	resp, err := http.PostForm(srv2.URL()+"/bot"+srv2.Token()+"/setWebhook", url.Values{"url": {"https://example.org/hook"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), "webhook is active") {
			t.Fatalf("Run = %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Run kept polling against an active webhook")
	}
}

func TestWebhookMode(t *testing.T) {
	srv := telegramtest.NewWithOptions(t, telegramtest.Options{AllowHTTPWebhook: true})
	h := newRecorder(echo)
	var a *telegram.Adapter
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { a.WebhookHandler(h).ServeHTTP(w, r) }))
	defer hook.Close()
	a, _ = newAdapter(t, srv, func(c *telegram.Config) { c.WebhookURL, c.WebhookSecret = hook.URL+"/telegram", "s3cret_-Loa" })
	stop := run(t, a, h)
	if err := srv.WaitFor(testkit.WaitCtx(t), func() bool { u, _ := srv.Webhook(); return u != "" }); err != nil {
		t.Fatal(err)
	}
	if u, s := srv.Webhook(); u != hook.URL+"/telegram" || s != "s3cret_-Loa" {
		t.Fatalf("webhook = %q %q", u, s)
	}
	srv.UserSays(42, "An", "qua webhook")
	if u := h.next(t); u.Text != "qua webhook" {
		t.Fatalf("update = %+v", u)
	}
	if _, err := srv.WaitForMessages(testkit.WaitCtx(t), 42, 1); err != nil {
		t.Fatal(err)
	}
	_ = stop()
}

func TestWebhookRejectsBadRequests(t *testing.T) {
	srv := telegramtest.New(t)
	srv.AddChat(42, "An")
	a, _ := newAdapter(t, srv, func(c *telegram.Config) { c.WebhookURL, c.WebhookSecret = "https://example.org/hook", "right-secret" })
	h := newRecorder(echo)
	handler := a.WebhookHandler(h)
	valid := `{"update_id":10001,"message":{"message_id":5,"from":{"id":42,"is_bot":false,"first_name":"An"},"chat":{"id":42,"type":"private","first_name":"An"},"date":1764000000,"text":"xin chào"}}`
	post := func(secret, body string) int {
		req := httptest.NewRequest(http.MethodPost, "/telegram", strings.NewReader(body))
		if secret != "" {
			req.Header.Set("X-Telegram-Bot-Api-Secret-Token", secret)
		}
		rec := httptest.NewRecorder()
		handler.ServeHTTP(rec, req)
		return rec.Code
	}
	cases := []struct {
		name, secret, body string
		want               int
	}{
		{"missing secret", "", valid, 401},
		{"wrong secret", "wrong-secret", valid, 403},
		{"secret prefix", "right", valid, 403},
		{"oversized body", "right-secret", `{"update_id":1,"message":{"text":"` + strings.Repeat("a", 2<<20) + `"}}`, 413},
		{"malformed JSON", "right-secret", `{"update_id":`, 400},
		{"not an update", "right-secret", `{"hello":"world"}`, 400},
	}
	for _, c := range cases {
		if got := post(c.secret, c.body); got != c.want {
			t.Errorf("%s: status %d, want %d", c.name, got, c.want)
		}
	}
	if h.count() != 0 {
		t.Fatalf("handler called %d times for rejected requests", h.count())
	}
	rec := httptest.NewRecorder()
	handler.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/telegram", nil))
	if rec.Code != http.StatusMethodNotAllowed {
		t.Fatalf("GET: %d", rec.Code)
	}
	if got := post("right-secret", valid); got != 200 {
		t.Fatalf("valid: %d", got)
	}
	if u := h.next(t); u.Text != "xin chào" || u.ID != "10001" {
		t.Fatalf("update = %+v", u)
	}
	if _, err := srv.WaitForMessages(testkit.WaitCtx(t), 42, 1); err != nil {
		t.Fatal(err)
	}
}

func TestLongTextSplitInOrder(t *testing.T) {
	srv := telegramtest.New(t)
	srv.AddChat(42, "An")
	a, _ := newAdapter(t, srv, nil)
	var paras []string
	for i := 0; i < 30; i++ {
		paras = append(paras, "Đoạn "+strconv.Itoa(i)+": "+strings.TrimSpace(strings.Repeat("Hội viên tham gia sinh hoạt chi hội đều đặn. ", 8)))
	}
	text := strings.Join(paras, "\n\n")
	buttons := [][]chat.Button{{{Text: "Xem thêm", Data: "more"}}}
	id, err := a.Send(context.Background(), "42", chat.Reply{Text: text, Buttons: buttons})
	if err != nil {
		t.Fatal(err)
	}
	msgs := srv.Messages(42)
	if len(msgs) < 3 {
		t.Fatalf("%d parts", len(msgs))
	}
	var joined []string
	for i, m := range msgs {
		if chat.UTF16Len(m.Text) > 4096 {
			t.Fatalf("part %d too long", i)
		}
		if (i == len(msgs)-1) != (len(m.Buttons) == 1) {
			t.Fatalf("buttons on part %d of %d: %+v", i, len(msgs), m.Buttons)
		}
		joined = append(joined, m.Text)
	}
	if strings.Join(joined, "\n\n") != text {
		t.Fatal("parts do not give back the text in order")
	}
	if id != strconv.FormatInt(msgs[len(msgs)-1].MessageID, 10) {
		t.Fatalf("returned id %s, last message %d", id, msgs[len(msgs)-1].MessageID)
	}
}

func TestHTMLSpecialCharsEscaped(t *testing.T) {
	srv := telegramtest.New(t)
	srv.AddChat(42, "An")
	a, _ := newAdapter(t, srv, nil)
	text := `Giá <b>5k</b> & "3 > 2" <script>`
	if _, err := a.Send(context.Background(), "42", chat.Reply{Text: text}); err != nil {
		t.Fatal(err)
	}
	m := srv.Messages(42)[0]
	if m.Text != text || len(m.Entities) != 0 {
		t.Fatalf("user sees %q with %v", m.Text, m.Entities)
	}
}

func sendErr(t *testing.T, err error) *chat.SendError {
	t.Helper()
	var se *chat.SendError
	if !errors.As(err, &se) {
		t.Fatalf("error %v (%T) is not a SendError", err, err)
	}
	return se
}

func pngBytes(t *testing.T) []byte {
	var buf bytes.Buffer
	if err := png.Encode(&buf, image.NewGray(image.Rect(0, 0, 4, 4))); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestErrorMapping(t *testing.T) {
	srv := telegramtest.New(t)
	srv.SetLimits(telegramtest.Limits{Off: true})
	a, _ := newAdapter(t, srv, nil)
	ctx := context.Background()
	doc := &chat.File{Name: "bao-cao.xlsx", Data: []byte("xlsx")}

	srv.AddChat(1, "A")
	srv.UserBlocksBot(1)
	for _, r := range []chat.Reply{{Text: "x"}, {File: doc}} {
		_, err := a.Send(ctx, "1", r)
		if se := sendErr(t, err); se.Kind != chat.ErrBlocked || se.Reason != "Forbidden: bot was blocked by the user" {
			t.Fatalf("blocked: %+v", se)
		}
	}
	srv.DeactivateUser(2)
	if se := sendErr(t, func() error { _, err := a.Send(ctx, "2", chat.Reply{Text: "x"}); return err }()); se.Kind != chat.ErrBlocked {
		t.Fatalf("deactivated: %+v", se)
	}

	srv.AddChat(3, "C")
	srv.FloodChat(3, 7*time.Second)
	for _, r := range []chat.Reply{{Text: "x"}, {File: doc}} { // upload errors have Code 0
		_, err := a.Send(ctx, "3", r)
		if se := sendErr(t, err); se.Kind != chat.ErrRetryAfter || se.RetryAfter != 7*time.Second || se.Reason != "Too Many Requests: retry after 7" {
			t.Fatalf("flood: %+v", se)
		}
	}

	srv.AddChat(4, "D")
	srv.FailChat(4, 2, 502)
	for _, r := range []chat.Reply{{Text: "x"}, {File: doc}} {
		_, err := a.Send(ctx, "4", r)
		if se := sendErr(t, err); se.Kind != chat.ErrTemporary || se.Reason != "Bad Gateway" {
			t.Fatalf("5xx: %+v", se)
		}
	}
	_, err := a.Send(ctx, "999", chat.Reply{Text: "x"})
	if se := sendErr(t, err); se.Kind != chat.ErrPermanent || se.Reason != "Bad Request: chat not found" {
		t.Fatalf("chat not found: %+v", se)
	}

	// Invalid buttons are refused before any call.
	calls := len(srv.Calls())
	_, err = a.Send(ctx, "4", chat.Reply{Text: "x", Buttons: [][]chat.Button{{{Text: "Dài", Data: strings.Repeat("đ", 33)}}}})
	if se := sendErr(t, err); se.Kind != chat.ErrPermanent {
		t.Fatalf("long data: %+v", se)
	}
	if len(srv.Calls()) != calls {
		t.Fatal("a call was made for an invalid button")
	}
}

func TestRateLimit429HasRetryAfter(t *testing.T) {
	srv := telegramtest.New(t)
	srv.AddChat(42, "An")
	a, _ := newAdapter(t, srv, nil)
	var err error
	for i := 0; i < 4 && err == nil; i++ {
		_, err = a.Send(context.Background(), "42", chat.Reply{Text: "tin " + strconv.Itoa(i)})
	}
	if se := sendErr(t, err); se.Kind != chat.ErrRetryAfter || se.RetryAfter != time.Second {
		t.Fatalf("4th message: %+v", se)
	}
	if st := srv.Stats(); st.TooManyRequests != 1 || st.Sent != 3 {
		t.Fatalf("stats = %+v", st)
	}
}

func TestNonJSONAnswerIsTemporary(t *testing.T) {
	srv := telegramtest.New(t)
	srv.AddChat(42, "An")
	target, _ := url.Parse(srv.URL())
	proxy := httputil.NewSingleHostReverseProxy(target)
	front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(strings.ToLower(r.URL.Path), "/sendmessage") {
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(http.StatusBadGateway)
			_, _ = w.Write([]byte("<html><body>502 Bad Gateway</body></html>"))
			return
		}
		proxy.ServeHTTP(w, r)
	}))
	defer front.Close()
	a, _ := newAdapter(t, srv, func(c *telegram.Config) { c.APIBase = front.URL })
	_, err := a.Send(context.Background(), "42", chat.Reply{Text: "x"})
	if se := sendErr(t, err); se.Kind != chat.ErrTemporary {
		t.Fatalf("HTML 502: %+v", se)
	}
}

func TestEdit(t *testing.T) {
	srv := telegramtest.New(t)
	srv.SetLimits(telegramtest.Limits{Off: true})
	srv.AddChat(42, "An")
	a, _ := newAdapter(t, srv, nil)
	ctx := context.Background()
	id, err := a.Send(ctx, "42", chat.Reply{Text: "Đã gửi 0/5.000", Buttons: [][]chat.Button{{{Text: "Dừng", Data: "stop"}}}})
	if err != nil {
		t.Fatal(err)
	}
	progress := chat.Reply{Text: "Đã gửi 1.200/5.000 <tiếp tục>", EditMessageID: id, Buttons: [][]chat.Button{{{Text: "Dừng", Data: "stop"}}}}
	got, err := a.Send(ctx, "42", progress)
	if err != nil || got != id {
		t.Fatalf("edit: %q %v", got, err)
	}
	// The same content again is not an error.
	if _, err := a.Send(ctx, "42", progress); err != nil {
		t.Fatalf("unchanged edit: %v", err)
	}
	m := srv.Messages(42)[0]
	if len(srv.Messages(42)) != 1 || m.Text != "Đã gửi 1.200/5.000 <tiếp tục>" || m.Edits != 1 || len(m.Buttons) != 1 {
		t.Fatalf("message = %+v", m)
	}
	_, err = a.Send(ctx, "42", chat.Reply{Text: "x", EditMessageID: "999"})
	if se := sendErr(t, err); se.Kind != chat.ErrPermanent || se.Reason != "Bad Request: message to edit not found" {
		t.Fatalf("missing message: %+v", se)
	}
}

func TestFilesAndLimiter(t *testing.T) {
	srv := telegramtest.New(t)
	srv.SetLimits(telegramtest.Limits{Off: true})
	srv.AddChat(42, "An")
	var waits atomic.Int32
	a, _ := newAdapter(t, srv, func(c *telegram.Config) { c.Limiter = limiterFunc(func(string) { waits.Add(1) }) })
	ctx := context.Background()
	if _, err := a.Send(ctx, "42", chat.Reply{Text: "Báo cáo <tháng 11>", File: &chat.File{Name: "../../tmp/bao-cao.xlsx", Data: []byte("PK..")},
		Buttons: [][]chat.Button{{{Text: "Tải lại", Data: "again"}}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Send(ctx, "42", chat.Reply{File: &chat.File{Name: "qr.png", Data: pngBytes(t), Image: true}}); err != nil {
		t.Fatal(err)
	}
	msgs := srv.Messages(42)
	if msgs[0].Method != "sendDocument" || msgs[0].File.Name != "bao-cao.xlsx" || msgs[0].Text != "Báo cáo <tháng 11>" || len(msgs[0].Buttons) != 1 {
		t.Fatalf("document = %+v %+v", msgs[0], msgs[0].File)
	}
	if msgs[1].Method != "sendPhoto" || msgs[1].File.Width != 4 {
		t.Fatalf("photo = %+v", msgs[1])
	}
	if waits.Load() != 2 {
		t.Fatalf("limiter waited %d times for 2 sends", waits.Load())
	}
}

type limiterFunc func(chatID string)

func (f limiterFunc) Wait(ctx context.Context, chatID string) error { f(chatID); return ctx.Err() }

func (f limiterFunc) WaitUrgent(ctx context.Context, chatID string) error {
	f(chatID)
	return ctx.Err()
}

// lanes notes, for each wait on the limiter, whether it was an urgent one.
type lanes struct {
	mu    sync.Mutex
	waits []string
}

func (l *lanes) Wait(ctx context.Context, chatID string) error       { return l.note(ctx, "wait") }
func (l *lanes) WaitUrgent(ctx context.Context, chatID string) error { return l.note(ctx, "urgent") }

func (l *lanes) note(ctx context.Context, kind string) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.waits = append(l.waits, kind)
	return ctx.Err()
}

func (l *lanes) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Join(l.waits, " ")
}

// A reply to an emergency (chat.Reply.Urgent) waits in the limiter's
// urgent lane, every part of it when it is long, whether it is sent
// directly or answers an update; the next reply waits as usual, and a
// reply the delivery engine already paced does not wait at all.
func TestUrgentReplyTakesTheUrgentLane(t *testing.T) {
	srv := telegramtest.New(t)
	srv.SetLimits(telegramtest.Limits{Off: true}) // the limiter is l's to keep
	srv.AddChat(42, "An")
	l := &lanes{}
	a, _ := newAdapter(t, srv, func(c *telegram.Config) { c.Limiter = l })
	ctx := context.Background()
	long := strings.Repeat("Chị gọi ngay 113. ", 300) // two messages
	if _, err := a.Send(ctx, "42", chat.Reply{Text: long, Urgent: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Send(ctx, "42", chat.Reply{Text: "Dạ, Loa đây ạ."}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Send(ctx, "42", chat.Reply{Text: "Đã gửi.", Urgent: true, Paced: true}); err != nil {
		t.Fatal(err)
	}
	if got := l.String(); got != "urgent urgent wait" {
		t.Fatalf("limiter waits %q, want the two parts urgent, then one plain wait", got)
	}

	l.waits = nil
	stop := run(t, a, newRecorder(func(u chat.Update) []chat.Reply {
		return []chat.Reply{{Text: long, Urgent: true}, {Text: "Chị không một mình."}}
	}))
	srv.UserSays(42, "An", "chồng em đang đánh em")
	if _, err := srv.WaitForMessages(testkit.WaitCtx(t), 42, 7); err != nil {
		t.Fatal(err)
	}
	_ = stop()
	if got := l.String(); got != "urgent urgent wait" {
		t.Fatalf("answering an update: limiter waits %q, want the two parts urgent, then one plain wait", got)
	}
}

func TestSetCommands(t *testing.T) {
	srv := telegramtest.New(t)
	a, _ := newAdapter(t, srv, nil)
	err := a.SetCommands(context.Background(), []telegram.Command{{Name: "start", Description: "Bắt đầu"}, {Name: "chude", Description: "Chủ đề"}})
	if err != nil {
		t.Fatal(err)
	}
	if got := srv.Commands(); len(got) != 2 || got[1].Command != "chude" {
		t.Fatalf("commands = %+v", got)
	}
	err = a.SetCommands(context.Background(), []telegram.Command{{Name: "ChuDe", Description: "x"}})
	if se := sendErr(t, err); se.Kind != chat.ErrPermanent || se.Reason != "Bad Request: BOT_COMMAND_INVALID" {
		t.Fatalf("invalid command: %v", err)
	}
}

func TestTokenNeverInErrorsOrLogs(t *testing.T) {
	srv := telegramtest.New(t)
	secret := strings.SplitN(srv.Token(), ":", 2)[1]

	// A closed port: the library's *url.Error holds the full URL.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := "http://" + ln.Addr().String()
	ln.Close()
	_, err = telegram.New(context.Background(), telegram.Config{Token: srv.Token(), APIBase: closed})
	if err == nil || strings.Contains(err.Error(), secret) || !strings.Contains(err.Error(), "bot<redacted>") {
		t.Fatalf("New error = %v", err)
	}

	// Through a front that disappears after New.
	target, _ := url.Parse(srv.URL())
	front := httptest.NewServer(httputil.NewSingleHostReverseProxy(target))
	a, logs := newAdapter(t, srv, func(c *telegram.Config) { c.APIBase = front.URL; c.PollTimeout = time.Second })
	front.Close()
	_, err = a.Send(context.Background(), "42", chat.Reply{Text: "x"})
	if se := sendErr(t, err); se.Kind != chat.ErrTemporary || strings.Contains(se.Error(), secret) {
		t.Fatalf("network error = %v", err)
	}
	stop := run(t, a, newRecorder(nil))
	if err := waitFor(func() bool { return strings.Contains(logs.String(), "getUpdates failed") }); err != nil {
		t.Fatalf("no poll failure logged:\n%s", logs.String())
	}
	_ = stop()
	if out := logs.String(); strings.Contains(out, secret) || !strings.Contains(out, "redacted") {
		t.Fatalf("logs:\n%s", out)
	}
}

// waitFor re-checks cond briefly (logs have no change signal).
func waitFor(cond func() bool) error {
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			return context.DeadlineExceeded
		}
		time.Sleep(20 * time.Millisecond)
	}
	return nil
}

func TestConfigErrors(t *testing.T) {
	srv := telegramtest.New(t)
	for name, cfg := range map[string]telegram.Config{
		"no token":         {APIBase: srv.URL()},
		"bad base":         {Token: srv.Token(), APIBase: "ftp://x"},
		"webhook, no key":  {Token: srv.Token(), APIBase: srv.URL(), WebhookURL: "https://example.org/hook"},
		"webhook, bad key": {Token: srv.Token(), APIBase: srv.URL(), WebhookURL: "https://example.org/hook", WebhookSecret: "có dấu"},
		"wrong token":      {Token: "1:wrong", APIBase: srv.URL()},
	} {
		if _, err := telegram.New(context.Background(), cfg); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func TestFullQueueLosesNothing(t *testing.T) {
	srv := telegramtest.New(t)
	srv.SetLimits(telegramtest.Limits{Off: true})
	a, _ := newAdapter(t, srv, func(c *telegram.Config) { c.MaxPending = 1 })
	h := &blockingHandler{release: make(chan struct{})}
	run(t, a, h)
	for i := 1; i <= 5; i++ {
		srv.UserSays(1, "Một", strconv.Itoa(i))
	}
	close(h.release)
	msgs, err := srv.WaitForMessages(testkit.WaitCtx(t), 1, 5)
	if err != nil {
		t.Fatal(err)
	}
	for i, m := range msgs {
		if m.Text != "ok "+strconv.Itoa(i+1) {
			t.Fatalf("replies = %+v", msgs)
		}
	}
}

// The delivery engine's fence (chat.Reply.Fence) runs before Telegram has
// any of the message; a message whose fence fails is not sent.
func TestSendFence(t *testing.T) {
	srv := telegramtest.New(t)
	srv.AddChat(42, "An")
	a, _ := newAdapter(t, srv, nil)
	ctx := context.Background()
	before := srv.Stats().Calls
	calls, callsAtFence := 0, -1
	fence := func() error {
		if calls++; calls == 1 {
			callsAtFence = srv.Stats().Calls
		}
		return nil
	}
	// A caption too long for the file: two requests, each after the fence
	// (the caller's fence answers again as it did the first time).
	long := strings.Repeat("Chi hội họp lúc 19 giờ. ", 60)
	if _, err := a.Send(ctx, "42", chat.Reply{Text: long, File: &chat.File{Name: "lich.png", Data: pngBytes(t), Image: true}, Fence: fence}); err != nil {
		t.Fatal(err)
	}
	if calls != 2 || callsAtFence != before || len(srv.Messages(42)) != 2 {
		t.Errorf("fence called %d times, first with %d API calls made (want 2, %d), %d messages (want 2)", calls, callsAtFence, before, len(srv.Messages(42)))
	}
	refused := errors.New("redis unavailable")
	if _, err := a.Send(ctx, "42", chat.Reply{Text: "Họp chi hội", Fence: func() error { return refused }}); err == nil {
		t.Error("a send past a failed fence succeeded")
	}
	if n, c := len(srv.Messages(42)), srv.Stats().Calls; n != 2 || c != before+2 {
		t.Errorf("after a failed fence: %d messages, %d calls; want 2 and %d", n, c, before+2)
	}
}
