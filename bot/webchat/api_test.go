package webchat_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"loa/bot/webchat"
	"loa/chat"
	"loa/internal/testkit"
)

// fakeRouter stands in for the handlers' router: it records every update,
// drops an update id it has already seen (as the real router does) and
// answers a few scripted inputs.
type fakeRouter struct {
	mu      sync.Mutex
	seen    map[string]bool
	updates []chat.Update
}

func newFakeRouter() *fakeRouter { return &fakeRouter{seen: map[string]bool{}} }

var vneidButton = chat.Button{Text: "Hỏi về VNeID", Data: "faq:vneid"}

func (f *fakeRouter) Handle(ctx context.Context, u chat.Update) []chat.Reply {
	f.mu.Lock()
	f.updates = append(f.updates, u)
	dup := f.seen[u.ID]
	f.seen[u.ID] = true
	f.mu.Unlock()
	if dup {
		return nil
	}
	switch {
	case u.Data == vneidButton.Data:
		return []chat.Reply{{Text: "Câu trả lời thử về VNeID.\nDòng thứ hai của câu trả lời."}}
	case u.Data != "":
		return []chat.Reply{{Text: "Bạn đã chọn " + u.Data}}
	case u.Text == "/start":
		return []chat.Reply{{
			Text:    "Chào bạn! Loa là trợ lý thử nghiệm.\nMời bạn đặt câu hỏi.",
			Buttons: [][]chat.Button{{vneidButton}, {{Text: "Chủ đề khác", Data: "menu"}}},
		}}
	case u.Text == "panic":
		panic("handler bug")
	case u.Text == "xss":
		return []chat.Reply{{Text: `<script>window.pwned=1</script><img src=x onerror="window.pwned=2"> <b>đậm</b>`}}
	case strings.Contains(u.Text, "tệp"):
		return []chat.Reply{{Text: "Tệp của bạn đây.", File: &chat.File{Name: "bao-cao.xlsx", MIME: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Data: []byte("PK fake xlsx")}}}
	case u.Text == "hai tin":
		return []chat.Reply{{Text: "Phần một."}, {Text: "Phần hai."}}
	default:
		return []chat.Reply{{
			Text:    "Loa đã nhận câu hỏi:\n" + u.Text,
			Buttons: [][]chat.Button{{vneidButton}},
		}}
	}
}

func (f *fakeRouter) all() []chat.Update {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]chat.Update(nil), f.updates...)
}

// Wire forms, decoded as a browser would see them.
type wireEvent struct {
	Seq     int64  `json:"seq"`
	ID      string `json:"id"`
	From    string `json:"from"`
	Text    string `json:"text"`
	Buttons [][]struct {
		Text string `json:"text"`
		Data string `json:"data"`
	} `json:"buttons"`
	File *struct {
		Name  string `json:"name"`
		URL   string `json:"url"`
		Image bool   `json:"image"`
	} `json:"file"`
	Edit bool `json:"edit"`
}

type messageResp struct {
	Epoch   string      `json:"epoch"`
	Replies []wireEvent `json:"replies"`
	Error   string      `json:"error"`
}

type pollResp struct {
	Epoch    string      `json:"epoch"`
	Last     int64       `json:"last"`
	Messages []wireEvent `json:"messages"`
	Error    string      `json:"error"`
}

type fixture struct {
	t      *testing.T
	router *fakeRouter
	chat   *webchat.Server
	srv    *httptest.Server
	clock  *fakeClock
}

type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

func newFixture(t *testing.T) (*fixture, *testkit.LogBuffer) {
	t.Helper()
	logs := &testkit.LogBuffer{}
	logger := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	f := &fixture{t: t, router: newFakeRouter(), clock: &fakeClock{now: time.Date(2025, 7, 1, 8, 0, 0, 0, time.UTC)}}
	f.chat = webchat.New(f.router, logger)
	webchat.SetClock(f.chat, f.clock.Now)
	f.srv = httptest.NewServer(f.chat)
	t.Cleanup(func() {
		f.chat.Close()
		f.srv.Close()
	})
	return f, logs
}

func newSessionID(t testing.TB) string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(b[:])
}

// postRaw posts a body as JSON and decodes the answer.
func (f *fixture) postRaw(body string) (int, messageResp) {
	f.t.Helper()
	res, err := http.Post(f.srv.URL+"/api/message", "application/json", strings.NewReader(body))
	if err != nil {
		f.t.Fatal(err)
	}
	defer res.Body.Close()
	var out messageResp
	if err := json.NewDecoder(res.Body).Decode(&out); err != nil {
		f.t.Fatalf("decode /api/message answer (status %d): %v", res.StatusCode, err)
	}
	return res.StatusCode, out
}

func (f *fixture) post(msg map[string]string) messageResp {
	f.t.Helper()
	body, _ := json.Marshal(msg)
	status, out := f.postRaw(string(body))
	if status != http.StatusOK {
		f.t.Fatalf("POST /api/message %v: status %d, error %q", msg, status, out.Error)
	}
	return out
}

func (f *fixture) ask(session, id, text string) messageResp {
	f.t.Helper()
	return f.post(map[string]string{"session": session, "id": id, "text": text})
}

func (f *fixture) poll(session string, after int64, epoch string, wait string) pollResp {
	f.t.Helper()
	q := url.Values{"after": {fmt.Sprint(after)}, "epoch": {epoch}}
	if wait != "" {
		q.Set("wait", wait)
	}
	res, err := getPoll(f.srv.URL+"/api/poll?"+q.Encode(), session)
	if err != nil {
		f.t.Fatal(err)
	}
	defer res.Body.Close()
	var out pollResp
	if err := json.NewDecoder(res.Body).Decode(&out); err != nil {
		f.t.Fatalf("decode /api/poll answer: %v", err)
	}
	if res.StatusCode != http.StatusOK {
		f.t.Fatalf("GET /api/poll: status %d, error %q", res.StatusCode, out.Error)
	}
	return out
}

func TestPageIsVietnameseSelfContainedAndLockedDown(t *testing.T) {
	t.Parallel()
	f, _ := newFixture(t)
	res, err := http.Get(f.srv.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
		t.Fatalf("GET /: status %d, type %q", res.StatusCode, res.Header.Get("Content-Type"))
	}
	if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'self'") {
		t.Errorf("CSP = %q, want default-src 'self'", csp)
	}
	if got := res.Header.Get("X-Content-Type-Options"); got != "nosniff" {
		t.Errorf("X-Content-Type-Options = %q", got)
	}
	page := string(body)
	for _, want := range []string{
		`lang="vi"`, "Loa – trợ lý Hội Phụ nữ", `placeholder="Nhập câu hỏi…"`, ">Gửi</button>",
		`name="viewport"`, `aria-live="polite"`, `<label for="q"`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	for _, asset := range []string{"/static/app.js", "/static/app.css"} {
		res, err := http.Get(f.srv.URL + asset)
		if err != nil {
			t.Fatal(err)
		}
		data, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusOK || len(data) == 0 {
			t.Fatalf("GET %s: status %d", asset, res.StatusCode)
		}
		page += string(data)
	}
	// No CDN and no markup built from strings: everything is served here and
	// message text only ever goes in as text.
	for _, banned := range []string{"http://", "https://", "innerHTML", "outerHTML", "insertAdjacentHTML", "document.write"} {
		if strings.Contains(page, banned) {
			t.Errorf("page, script or style contains %q", banned)
		}
	}
	if res, _ := http.Get(f.srv.URL + "/static/secret.go"); res.StatusCode != http.StatusNotFound {
		t.Errorf("unknown static file: status %d, want 404", res.StatusCode)
	}
}

func TestMessageValidation(t *testing.T) {
	t.Parallel()
	f, logs := newFixture(t)
	session := newSessionID(t)
	long := strings.Repeat("ệ", 4001) // 3 bytes each: fits the body limit, not the text limit
	cases := []struct {
		name        string
		contentType string
		body        string
		status      int
		says        string // part of the polite Vietnamese answer
	}{
		{"not JSON content type", "text/plain", `{"session":"` + session + `","id":"a1","text":"chào"}`, 415, "không đọc được"},
		{"body over 16 KiB", "", `{"session":"` + session + `","id":"a1","text":"` + strings.Repeat("a", 17<<10) + `"}`, 413, "4000 ký tự"},
		{"broken JSON", "", `{"session":`, 400, "không đọc được"},
		{"not UTF-8", "", "{\"session\":\"" + session + "\",\"id\":\"a1\",\"text\":\"ch\xe0o\"}", 400, "không đọc được"},
		{"lone surrogate", "", `{"session":"` + session + `","id":"a1","text":"\ud800"}`, 400, "không đọc được"},
		{"missing session", "", `{"id":"a1","text":"chào"}`, 400, "tải lại trang"},
		{"session too short", "", `{"session":"abc123","id":"a1","text":"chào"}`, 400, "tải lại trang"},
		{"session upper case", "", `{"session":"` + strings.ToUpper(session) + `","id":"a1","text":"chào"}`, 400, "tải lại trang"},
		{"missing id", "", `{"session":"` + session + `","text":"chào"}`, 400, "không đọc được"},
		{"id with space", "", `{"session":"` + session + `","id":"a 1","text":"chào"}`, 400, "không đọc được"},
		{"id too long", "", `{"session":"` + session + `","id":"` + strings.Repeat("x", 65) + `","text":"chào"}`, 400, "không đọc được"},
		{"empty text", "", `{"session":"` + session + `","id":"a1","text":""}`, 400, "chưa nhập câu hỏi"},
		{"blank text", "", `{"session":"` + session + `","id":"a1","text":"  \n "}`, 400, "chưa nhập câu hỏi"},
		{"text over 4000 characters", "", `{"session":"` + session + `","id":"a1","text":"` + long + `"}`, 400, "4000 ký tự"},
		{"text and data", "", `{"session":"` + session + `","id":"a1","text":"chào","data":"faq:vneid","message":"1"}`, 400, "không đọc được"},
		{"data over 64 bytes", "", `{"session":"` + session + `","id":"a1","data":"` + strings.Repeat("d", 65) + `","message":"1"}`, 400, "không đọc được"},
		{"data without its message", "", `{"session":"` + session + `","id":"a1","data":"faq:vneid"}`, 400, "không đọc được"},
		{"wrong JSON types", "", `{"session":"` + session + `","id":1,"text":"chào"}`, 400, "không đọc được"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ct := c.contentType
			if ct == "" {
				ct = "application/json"
			}
			res, err := http.Post(f.srv.URL+"/api/message", ct, strings.NewReader(c.body))
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			var out messageResp
			if err := json.NewDecoder(res.Body).Decode(&out); err != nil {
				t.Fatalf("answer is not JSON: %v", err)
			}
			if res.StatusCode != c.status || !strings.Contains(out.Error, c.says) {
				t.Errorf("status %d, error %q; want %d and %q", res.StatusCode, out.Error, c.status, c.says)
			}
		})
	}
	if n := len(f.router.all()); n != 0 {
		t.Errorf("the handler got %d updates from bad requests, want 0", n)
	}
	// A question of exactly 4000 characters is fine.
	f.ask(session, "ok4000", strings.Repeat("ệ", 4000))
	if n := len(f.router.all()); n != 1 {
		t.Errorf("the handler got %d updates, want 1", n)
	}
	if !strings.Contains(logs.String(), "request refused") {
		t.Error("refused requests are not logged")
	}
	if res, _ := http.Get(f.srv.URL + "/api/message"); res.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("GET /api/message: status %d, want 405", res.StatusCode)
	}
}

func TestQuestionReachesHandlerAsWebUpdate(t *testing.T) {
	t.Parallel()
	f, _ := newFixture(t)
	session := newSessionID(t)
	out := f.ask(session, "m-1", "  5k3s la gi  ")

	got := f.router.all()
	if len(got) != 1 {
		t.Fatalf("handler got %d updates, want 1", len(got))
	}
	u := got[0]
	chatID := webchat.ChatID(session)
	want := chat.Update{Platform: chat.Web, ID: chatID + ":m-1", ChatID: chatID, UserID: chatID, Text: "5k3s la gi", MessageID: "m-1", Time: u.Time}
	if u != want {
		t.Errorf("update = %+v\nwant     %+v", u, want)
	}
	if u.Time.IsZero() {
		t.Error("update has no time")
	}
	if len(out.Replies) != 1 {
		t.Fatalf("replies = %+v, want 1", out.Replies)
	}
	r := out.Replies[0]
	if r.From != "bot" || r.Text != "Loa đã nhận câu hỏi:\n5k3s la gi" || r.ID == "" || r.Edit {
		t.Errorf("reply = %+v", r)
	}
	if len(r.Buttons) != 1 || len(r.Buttons[0]) != 1 || r.Buttons[0][0].Text != vneidButton.Text || r.Buttons[0][0].Data != vneidButton.Data {
		t.Errorf("buttons = %+v", r.Buttons)
	}
	if out.Epoch == "" {
		t.Error("no epoch in the answer")
	}

	// Two replies keep their order.
	out = f.ask(session, "m-2", "hai tin")
	if len(out.Replies) != 2 || out.Replies[0].Text != "Phần một." || out.Replies[1].Text != "Phần hai." || out.Replies[0].Seq >= out.Replies[1].Seq {
		t.Errorf("two replies = %+v", out.Replies)
	}
}

func TestRetriedPostKeepsItsIDSoTheRouterDropsIt(t *testing.T) {
	t.Parallel()
	f, _ := newFixture(t)
	session := newSessionID(t)
	first := f.ask(session, "retry-1", "chào Loa")
	again := f.ask(session, "retry-1", "chào Loa")

	ups := f.router.all()
	if len(ups) != 2 || ups[0].ID != ups[1].ID {
		t.Fatalf("update ids = %+v, want the same id twice", ups)
	}
	if len(first.Replies) != 1 || len(again.Replies) != 0 {
		t.Fatalf("replies: first %d, retry %d; want 1 and 0", len(first.Replies), len(again.Replies))
	}
	// The conversation holds the question and the answer once each.
	p := f.poll(session, 0, "", "0")
	var user, bot int
	for _, m := range p.Messages {
		switch m.From {
		case "user":
			user++
			if m.Text != "chào Loa" || m.ID != "retry-1" {
				t.Errorf("member's message = %+v", m)
			}
		case "bot":
			bot++
		}
	}
	if user != 1 || bot != 1 {
		t.Errorf("inbox has %d member and %d bot messages, want 1 and 1: %+v", user, bot, p.Messages)
	}

	// The same client id in another browser is another update.
	other := newSessionID(t)
	if out := f.ask(other, "retry-1", "chào Loa"); len(out.Replies) != 1 {
		t.Errorf("another session with the same client id got %d replies, want 1", len(out.Replies))
	}
}

func TestButtonPress(t *testing.T) {
	t.Parallel()
	f, _ := newFixture(t)
	session := newSessionID(t)
	greeting := f.ask(session, "s1", "/start")
	if len(greeting.Replies) != 1 || len(greeting.Replies[0].Buttons) != 2 {
		t.Fatalf("greeting = %+v", greeting.Replies)
	}
	msgID := greeting.Replies[0].ID
	out := f.post(map[string]string{"session": session, "id": "b1", "data": vneidButton.Data, "message": msgID})

	ups := f.router.all()
	u := ups[len(ups)-1]
	if u.Data != vneidButton.Data || u.Text != "" || u.MessageID != msgID || !u.IsButton() || u.ID != webchat.ChatID(session)+":b1" {
		t.Errorf("button update = %+v", u)
	}
	if len(out.Replies) != 1 || !strings.Contains(out.Replies[0].Text, "VNeID") {
		t.Errorf("answer to the button = %+v", out.Replies)
	}
	// The press shows in the conversation with the button's label.
	p := f.poll(session, 0, "", "0")
	found := false
	for _, m := range p.Messages {
		if m.From == "user" && m.ID == "b1" {
			found = m.Text == vneidButton.Text
		}
	}
	if !found {
		t.Errorf("the press is not in the conversation as %q: %+v", vneidButton.Text, p.Messages)
	}
}

// waitParked waits until a long poll of session is held by the server.
func waitParked(t *testing.T, chat *webchat.Server, session string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for webchat.Polling(chat, session) == 0 {
		if time.Now().After(deadline) {
			t.Fatal("the long poll never reached the server")
		}
		time.Sleep(time.Millisecond)
	}
}

func TestPushedNoticeWakesLongPoll(t *testing.T) {
	t.Parallel()
	f, _ := newFixture(t)
	session := newSessionID(t)
	first := f.poll(session, 0, "", "0") // opening the page creates the session
	if len(first.Messages) != 0 || first.Epoch == "" {
		t.Fatalf("first poll = %+v", first)
	}

	got := make(chan pollResp, 1)
	go func() {
		q := url.Values{"after": {fmt.Sprint(first.Last)}, "epoch": {first.Epoch}}
		res, err := getPoll(f.srv.URL+"/api/poll?"+q.Encode(), session)
		if err != nil {
			got <- pollResp{Error: err.Error()}
			return
		}
		defer res.Body.Close()
		var out pollResp
		_ = json.NewDecoder(res.Body).Decode(&out)
		got <- out
	}()
	waitParked(t, f.chat, session)
	select {
	case p := <-got:
		t.Fatalf("the poll answered before anything was sent: %+v", p)
	default:
	}

	id, err := f.chat.Send(context.Background(), webchat.ChatID(session), chat.Reply{Text: "Thông báo: họp chi hội tối nay.", Buttons: [][]chat.Button{{{Text: "Tôi sẽ đến", Data: "rsvp:yes"}}}})
	if err != nil {
		t.Fatal(err)
	}
	select {
	case p := <-got:
		if len(p.Messages) != 1 {
			t.Fatalf("poll = %+v, want the notice", p)
		}
		m := p.Messages[0]
		if m.ID != id || m.From != "bot" || m.Text != "Thông báo: họp chi hội tối nay." || len(m.Buttons) != 1 || p.Last != m.Seq || p.Epoch != first.Epoch {
			t.Errorf("notice = %+v (last %d, epoch %q), Send gave id %q", m, p.Last, p.Epoch, id)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the long poll did not wake up on Send")
	}
}

func TestPollAnswersEmptyWhenNothingCame(t *testing.T) {
	t.Parallel()
	f, _ := newFixture(t)
	webchat.SetPollWait(f.chat, 20*time.Millisecond)
	session := newSessionID(t)
	f.ask(session, "q1", "chào")
	p := f.poll(session, 0, "", "")
	if len(p.Messages) != 2 {
		t.Fatalf("messages = %+v, want the question and the answer", p.Messages)
	}
	empty := f.poll(session, p.Last, p.Epoch, "")
	if len(empty.Messages) != 0 || empty.Last != p.Last {
		t.Errorf("second poll = %+v, want nothing new and last %d", empty, p.Last)
	}
	for _, bad := range []struct{ session, query string }{{"xyz", ""}, {"", "session=" + session}, {session, "after=-1"}, {session, "after=x"}, {session, "wait=-3"}, {session, "epoch=zz"}} {
		res, err := getPoll(f.srv.URL+"/api/poll?"+bad.query, bad.session)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusBadRequest {
			t.Errorf("poll %+v: status %d, want 400", bad, res.StatusCode)
		}
	}
}

func TestCloseEndsLongPolls(t *testing.T) {
	t.Parallel()
	f, _ := newFixture(t)
	webchat.SetPollWait(f.chat, time.Hour)
	session := newSessionID(t)
	done := make(chan pollResp, 1)
	go func() {
		res, err := getPoll(f.srv.URL+"/api/poll", session)
		if err != nil {
			done <- pollResp{Error: err.Error()}
			return
		}
		defer res.Body.Close()
		var out pollResp
		_ = json.NewDecoder(res.Body).Decode(&out)
		done <- out
	}()
	waitParked(t, f.chat, session)
	f.chat.Close()
	select {
	case p := <-done:
		if p.Error != "" || p.Epoch == "" {
			t.Errorf("poll after Close = %+v", p)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Close did not end the long poll")
	}
	// Later polls do not wait either.
	if p := f.poll(session, 0, "", ""); p.Epoch == "" {
		t.Errorf("poll after Close = %+v", p)
	}
}

func TestSendToGoneSessionIsUnreachableNotBlocked(t *testing.T) {
	t.Parallel()
	f, _ := newFixture(t)
	ctx := context.Background()
	_, err := f.chat.Send(ctx, webchat.ChatID(newSessionID(t)), chat.Reply{Text: "Thông báo"})
	var se *chat.SendError
	if !errors.As(err, &se) || se.Kind != chat.ErrUnreachable || se.Reason != "web session gone" {
		t.Fatalf("Send to an unknown session: %v, want ErrUnreachable web session gone", err)
	}

	session := newSessionID(t)
	f.poll(session, 0, "", "0")
	if _, err := f.chat.Send(ctx, webchat.ChatID(session), chat.Reply{Text: "Thông báo 1"}); err != nil {
		t.Fatalf("Send to a live session: %v", err)
	}
	f.clock.Advance(webchat.SessionIdle(f.chat) + time.Second)
	_, err = f.chat.Send(ctx, webchat.ChatID(session), chat.Reply{Text: "Thông báo 2"})
	if !errors.As(err, &se) || se.Kind != chat.ErrUnreachable {
		t.Fatalf("Send to an expired session: %v, want ErrUnreachable", err)
	}

	// Replies that cannot be shown are permanent failures.
	f.poll(session, 0, "", "0")
	for _, r := range []chat.Reply{
		{Text: "  "},
		{Text: "x", Buttons: [][]chat.Button{{{Text: "quá dài", Data: strings.Repeat("d", 65)}}}},
		{Text: "x", EditMessageID: "999"},
		{Text: "x", EditMessageID: "abc"},
	} {
		_, err := f.chat.Send(ctx, webchat.ChatID(session), r)
		if !errors.As(err, &se) || se.Kind != chat.ErrPermanent {
			t.Errorf("Send(%+v): %v, want ErrPermanent", r, err)
		}
	}
}

func TestEditReplacesEarlierMessage(t *testing.T) {
	t.Parallel()
	f, _ := newFixture(t)
	ctx := context.Background()
	session := newSessionID(t)
	p := f.poll(session, 0, "", "0")
	id, err := f.chat.Send(ctx, webchat.ChatID(session), chat.Reply{Text: "Đang gửi thông báo: 0/120", Buttons: [][]chat.Button{{{Text: "Dừng", Data: "stop"}}}})
	if err != nil {
		t.Fatal(err)
	}
	edited, err := f.chat.Send(ctx, webchat.ChatID(session), chat.Reply{Text: "Đã gửi xong: 120/120", EditMessageID: id})
	if err != nil || edited != id {
		t.Fatalf("edit: id %q, err %v; want id %q", edited, err, id)
	}
	got := f.poll(session, p.Last, p.Epoch, "0").Messages
	if len(got) != 2 {
		t.Fatalf("messages = %+v, want the message and its edit", got)
	}
	e := got[1]
	if !e.Edit || e.ID != id || e.Text != "Đã gửi xong: 120/120" || len(e.Buttons) != 0 || e.Seq <= got[0].Seq {
		t.Errorf("edit event = %+v, want an edit of %q without buttons", e, id)
	}
	// A member's own message cannot be edited by the bot.
	var se *chat.SendError
	f.ask(session, "u1", "chào")
	edits := 0
	for _, m := range f.poll(session, 0, p.Epoch, "0").Messages {
		if m.From == "user" {
			edits++
			if _, err := f.chat.Send(ctx, webchat.ChatID(session), chat.Reply{Text: "x", EditMessageID: fmt.Sprint(m.Seq)}); !errors.As(err, &se) || se.Kind != chat.ErrPermanent {
				t.Errorf("editing the member's message: %v, want ErrPermanent", err)
			}
		}
	}
	if edits != 1 {
		t.Errorf("found %d member messages, want 1", edits)
	}
}

func TestFileIsServedBehindUnguessableLinkForALimitedTime(t *testing.T) {
	t.Parallel()
	f, _ := newFixture(t)
	session := newSessionID(t)
	f.poll(session, 0, "", "0")
	data := []byte("PK\x03\x04 a report")
	_, err := f.chat.Send(context.Background(), webchat.ChatID(session), chat.Reply{
		Text: "Báo cáo tháng 5",
		File: &chat.File{Name: "/tmp/loa/../Báo cáo \"tháng\" 5.xlsx", MIME: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Data: data},
	})
	if err != nil {
		t.Fatal(err)
	}
	msgs := f.poll(session, 0, "", "0").Messages
	file := msgs[len(msgs)-1].File
	if file == nil || file.Name != "Báo cáo tháng 5.xlsx" || !strings.HasPrefix(file.URL, "/api/file/") || len(strings.TrimPrefix(file.URL, "/api/file/")) < 22 {
		t.Fatalf("file link = %+v", file)
	}

	res, err := http.Get(f.srv.URL + file.URL)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || !bytes.Equal(body, data) {
		t.Fatalf("download: status %d, %d bytes", res.StatusCode, len(body))
	}
	if cd := res.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment") || !strings.Contains(cd, "5.xlsx") {
		t.Errorf("Content-Disposition = %q", cd)
	}
	if res.Header.Get("X-Content-Type-Options") != "nosniff" || !strings.Contains(res.Header.Get("Content-Security-Policy"), "sandbox") {
		t.Errorf("download headers = %v", res.Header)
	}

	// Another token is not a file.
	if res, _ := http.Get(f.srv.URL + "/api/file/AAAAAAAAAAAAAAAAAAAAAA"); res.StatusCode != http.StatusNotFound {
		t.Errorf("unknown token: status %d, want 404", res.StatusCode)
	}
	// A reply of the handler carries a link too.
	out := f.ask(session, "f1", "gửi tệp giúp tôi")
	if len(out.Replies) != 1 || out.Replies[0].File == nil || out.Replies[0].File.Name != "bao-cao.xlsx" {
		t.Errorf("reply with a file = %+v", out.Replies)
	}
	// The link expires.
	f.clock.Advance(webchat.FileTTL(f.chat) + time.Second)
	if res, _ := http.Get(f.srv.URL + file.URL); res.StatusCode != http.StatusNotFound {
		t.Errorf("expired link: status %d, want 404", res.StatusCode)
	}
}

func TestInboxIsBoundedAndSessionsExpire(t *testing.T) {
	t.Parallel()
	f, _ := newFixture(t)
	webchat.SetInboxEvents(f.chat, 5)
	ctx := context.Background()
	session := newSessionID(t)
	p := f.poll(session, 0, "", "0")
	for i := range 20 {
		if _, err := f.chat.Send(ctx, webchat.ChatID(session), chat.Reply{Text: fmt.Sprintf("Tin %d", i)}); err != nil {
			t.Fatal(err)
		}
	}
	got := f.poll(session, 0, p.Epoch, "0").Messages
	if len(got) != 5 || got[0].Text != "Tin 15" || got[4].Text != "Tin 19" {
		t.Errorf("inbox = %+v, want Tin 15..19", got)
	}

	// An idle session is forgotten: a new life with a new epoch, and the
	// page's old numbers do not hide the new messages.
	f.clock.Advance(webchat.SessionIdle(f.chat) + time.Minute)
	again := f.poll(session, 20, p.Epoch, "0")
	if again.Epoch == p.Epoch || len(again.Messages) != 0 {
		t.Fatalf("poll after expiry = %+v, want a new epoch and no messages", again)
	}
	out := f.ask(session, "n1", "chào lại")
	if out.Epoch != again.Epoch || len(out.Replies) != 1 {
		t.Fatalf("answer after expiry = %+v", out)
	}
	if got := f.poll(session, 20, p.Epoch, "0").Messages; len(got) != 2 {
		t.Errorf("poll with the old epoch = %+v, want the whole new conversation", got)
	}

	// When too many sessions are open, the least recently seen one goes.
	webchat.SetMaxSessions(f.chat, 2)
	a, b := newSessionID(t), newSessionID(t)
	f.clock.Advance(time.Second)
	f.poll(a, 0, "", "0")
	f.clock.Advance(time.Second)
	f.poll(b, 0, "", "0")
	f.clock.Advance(time.Second)
	if _, err := f.chat.Send(ctx, webchat.ChatID(session), chat.Reply{Text: "x"}); err == nil {
		t.Error("the oldest session was not evicted")
	}
	if _, err := f.chat.Send(ctx, webchat.ChatID(b), chat.Reply{Text: "x"}); err != nil {
		t.Errorf("a recent session was evicted: %v", err)
	}
}

func TestHandlerPanicGetsPoliteAnswer(t *testing.T) {
	t.Parallel()
	f, logs := newFixture(t)
	session := newSessionID(t)
	status, out := f.postRaw(`{"session":"` + session + `","id":"p1","text":"panic"}`)
	if status != http.StatusInternalServerError || !strings.Contains(out.Error, "Xin lỗi") {
		t.Errorf("status %d, error %q", status, out.Error)
	}
	if !strings.Contains(logs.String(), "handler bug") {
		t.Error("the panic is not logged")
	}
	// The server keeps working.
	if out := f.ask(session, "p2", "chào"); len(out.Replies) != 1 {
		t.Errorf("after a panic: %+v", out)
	}
}

func TestLogsHoldNoMessageBodiesOrSessions(t *testing.T) {
	t.Parallel()
	f, logs := newFixture(t)
	session := newSessionID(t)
	secret := "chồng tôi đánh tôi tối qua"
	f.ask(session, "s1", secret)
	f.postRaw(`{"session":"` + session + `","id":"bad id","text":"` + secret + `"}`)
	f.postRaw(`{"session":"` + session + `","id":"s2","text":"` + secret + `","data":"x","message":"1"}`)
	_, _ = f.chat.Send(context.Background(), webchat.ChatID(session), chat.Reply{Text: secret, EditMessageID: "77"})
	_, _ = f.chat.Send(context.Background(), webchat.ChatID(newSessionID(t)), chat.Reply{Text: secret})
	f.postRaw(`{"session":"` + session + `","id":"p1","text":"panic"}`)
	text := logs.String()
	if text == "" {
		t.Fatal("nothing was logged; the test would prove nothing")
	}
	for _, leak := range []string{secret, "chồng", session} {
		if strings.Contains(text, leak) {
			t.Errorf("log holds %q:\n%s", leak, text)
		}
	}
}

// getPoll polls as the page does: the session id in its header.
func getPoll(url, session string) (*http.Response, error) {
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	if session != "" {
		req.Header.Set(webchat.SessionHeader, session)
	}
	return http.DefaultClient.Do(req)
}

// recordingLimiter admits everything and remembers who each lane was asked about.
type recordingLimiter struct {
	mu  sync.Mutex
	who []string
}

func (l *recordingLimiter) Allow(_ context.Context, lane webchat.Lane, who string) (bool, time.Duration, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if lane == webchat.LaneClient {
		l.who = append(l.who, who)
	}
	return true, 0, nil
}

// TestFloodLaneAndMemberLookupSeeTheChatID: the session's flood lane and
// the member lookup are keyed in Redis, so they are given the chat id, the
// same id the router knows her by, and never the session id itself.
func TestFloodLaneAndMemberLookupSeeTheChatID(t *testing.T) {
	t.Parallel()
	lim := &recordingLimiter{}
	var mu sync.Mutex
	var asked []string
	wc := webchat.New(newFakeRouter(), nil, webchat.WithLimiter(lim),
		webchat.WithMembers(func(_ context.Context, chatID string) (bool, error) {
			mu.Lock()
			defer mu.Unlock()
			asked = append(asked, chatID)
			return false, nil
		}))
	srv := httptest.NewServer(wc)
	t.Cleanup(func() { wc.Close(); srv.Close() })
	f := &fixture{t: t, chat: wc, srv: srv}
	session := newSessionID(t)
	f.ask(session, "m1", "xin chào")
	want := webchat.ChatID(session)
	lim.mu.Lock()
	defer lim.mu.Unlock()
	mu.Lock()
	defer mu.Unlock()
	if len(lim.who) == 0 || len(asked) == 0 {
		t.Fatalf("lane asked about %v, member lookup about %v: want both asked", lim.who, asked)
	}
	for _, got := range append(append([]string{}, lim.who...), asked...) {
		if got != want {
			t.Fatalf("asked about %q, want the chat id %q (never the session id)", got, want)
		}
	}
}
