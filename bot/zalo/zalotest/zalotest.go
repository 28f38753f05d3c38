// Package zalotest is a strict fake of the Zalo Bot Platform HTTP API for
// tests, following part C of platforms.md: routes /bot<token>/<method>, the
// {ok,result} / {ok:false,error_code,description} envelope, getUpdates that
// holds up to `timeout` seconds and hands out ONE update (408 when nothing
// came), webhook push with X-Bot-Api-Secret-Token in the wrapped or the flat
// body shape, 2,000-character texts, string ids, millisecond dates, and
// scriptable 429 / 5xx answers.
//
// Where the platform is undocumented the fake picks a plausible answer and
// says so ([?] in comments): error descriptions other than 401 and 408, the
// 409 for getUpdates while a webhook is set, and 403 for a blocked chat.
package zalotest

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf16"
	"unicode/utf8"
)

// Event names the platform sends.
const (
	EventText        = "message.text.received"
	EventImage       = "message.image.received"
	EventSticker     = "message.sticker.received"
	EventVoice       = "message.voice.received"
	EventUnsupported = "message.unsupported.received"
)

// MaxText is the sendMessage text and sendPhoto caption limit. The fake
// counts UTF-16 code units, the stricter of the two ways the real server may
// count (platforms.md C: runes or UTF-16 is not documented): an emoji counts
// two, so a bot that counts runes is caught here, not in production.
const MaxText = 2000

// utf16Len is the length of s in UTF-16 code units.
func utf16Len(s string) int { return len(utf16.Encode([]rune(s))) }

// Update is one injected event, kept in a neutral form; the fake encodes it
// the way the platform does when it is polled or pushed.
type Update struct {
	EventName string
	Message   *InMessage // nil for message.unsupported.received without a message
}

// InMessage is the "message" object of an update.
type InMessage struct {
	MessageID  string
	Date       int64 // milliseconds since the epoch
	Text       string
	PhotoURL   string // image events
	Caption    string // image events
	Sticker    string // sticker events
	StickerURL string // sticker events
	VoiceURL   string // voice events
	ChatID     string
	ChatType   string // PRIVATE or GROUP
	FromID     string
	FromName   string
}

// Message is one message the bot sent, as the fake recorded it.
type Message struct {
	ChatID    string
	Kind      string // "text", "photo" or "sticker"
	Text      string // sendMessage text
	Photo     string // sendPhoto URL
	Caption   string
	Sticker   string
	MessageID string
	Date      time.Time
}

// Call is one request the bot made, for assertions.
type Call struct {
	Method      string // API method, e.g. "sendMessage"
	HTTPMethod  string
	ContentType string
	Params      map[string]any // JSON values keep their types; form values are strings
	Status      int            // the HTTP status the fake answered
}

// Delivery is one webhook push and how the bot answered it.
type Delivery struct {
	EventName string
	MessageID string
	Flat      bool   // sent as a flat body rather than wrapped in {ok,result}
	Status    int    // the bot's HTTP status; 0 when the request failed
	Err       string // transport error, if any
}

// Stats counts what happened, for assertions and benchmarks.
type Stats struct {
	Calls      map[string]int // per API method, including refused calls
	Statuses   map[int]int    // per HTTP status answered
	Timeouts   int            // getUpdates that ended with 408
	Sent       int            // messages accepted (text, photo, sticker)
	Pushed     int            // webhook pushes attempted
	Unanswered int            // updates injected and not yet handed out
}

// Server is a running fake. All methods are safe for concurrent use.
type Server struct {
	tb    testing.TB
	srv   *httptest.Server
	token string
	botID string
	push  *http.Client

	mu         sync.Mutex
	changed    chan struct{} // closed and replaced on every state change
	queue      []Update
	hookURL    string
	hookSecret string
	hookAt     int64
	arrays     bool
	flat       bool
	allowHTTP  bool
	maxHold    time.Duration
	holding    int // getUpdates calls currently waiting
	fail       map[string][]int
	blocked    map[string]bool
	perChat    int
	overall    int
	window     time.Duration
	sends      []sendStamp
	messages   []Message
	calls      []Call
	deliveries []Delivery
	stats      Stats
	pushQ      chan pending
	done       chan struct{}
	pushWG     sync.WaitGroup
}

// pending is an update waiting for its webhook push, with the body shape
// chosen when it was injected.
type pending struct {
	u    Update
	flat bool
}

type sendStamp struct {
	at     time.Time
	chatID string
}

// DefaultToken is the token Start uses when given "": <bot_id>:<secret>.
const DefaultToken = "1459232241454765289:kXwQnYdVxLmzRtPqKjHgFsDaZcVbNm"

// Start runs a fake on a loopback port and stops it when the test ends.
func Start(tb testing.TB, token string) *Server {
	tb.Helper()
	if token == "" {
		token = DefaultToken
	}
	botID, _, _ := strings.Cut(token, ":")
	s := &Server{
		tb:      tb,
		token:   token,
		botID:   botID,
		changed: make(chan struct{}),
		fail:    map[string][]int{},
		blocked: map[string]bool{},
		stats:   Stats{Calls: map[string]int{}, Statuses: map[int]int{}},
		pushQ:   make(chan pending, 4096),
		done:    make(chan struct{}),
		push: &http.Client{
			Timeout: 10 * time.Second,
			// Zalo does not follow redirects [obs].
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		},
	}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	s.pushWG.Add(1)
	go s.pusher()
	tb.Cleanup(s.Close)
	return s
}

// Close stops the fake (also done at the end of the test).
func (s *Server) Close() {
	select {
	case <-s.done:
		return
	default:
	}
	close(s.done)
	s.srv.CloseClientConnections()
	s.srv.Close()
	s.pushWG.Wait()
}

// URL is the API base to give the bot (its ZALO_API_BASE).
func (s *Server) URL() string { return s.srv.URL }

// Token is the only token the fake accepts.
func (s *Server) Token() string { return s.token }

// BotID is the bot's id as getMe reports it.
func (s *Server) BotID() string { return s.botID }

// ---- switches ----

// ReturnArrays makes getUpdates answer with an array of every queued update
// (as some hobby code expects) instead of the documented single object.
func (s *Server) ReturnArrays(on bool) { s.mu.Lock(); s.arrays = on; s.mu.Unlock() }

// FlatWebhookBodies makes webhook pushes flat {event_name,message} instead of
// the wrapped {ok:true,result:{…}} of the docs sample.
func (s *Server) FlatWebhookBodies(on bool) { s.mu.Lock(); s.flat = on; s.mu.Unlock() }

// AllowLocalHTTPWebhook lets setWebhook accept http://127.0.0.1 and
// http://localhost URLs, so tests can use httptest servers.
func (s *Server) AllowLocalHTTPWebhook(on bool) { s.mu.Lock(); s.allowHTTP = on; s.mu.Unlock() }

// MaxHold caps how long getUpdates holds an empty poll (0 = the full timeout),
// so 408 paths run quickly in tests.
func (s *Server) MaxHold(d time.Duration) { s.mu.Lock(); s.maxHold = d; s.mu.Unlock() }

// SetRateLimit makes send methods answer 429 when more than perChat messages
// to one chat, or more than overall messages in all, were accepted within
// window. Zero turns a limit off.
func (s *Server) SetRateLimit(perChat, overall int, window time.Duration) {
	s.mu.Lock()
	s.perChat, s.overall, s.window = perChat, overall, window
	s.mu.Unlock()
}

// FailNext makes the next n calls of method answer with code (429, 500,
// 502, 503, 403, 400 …) before any other check.
func (s *Server) FailNext(method string, n, code int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for range n {
		s.fail[method] = append(s.fail[method], code)
	}
}

// Block makes every send to chatID answer 403, as for a person who blocked
// the bot [?: the real description is undocumented].
func (s *Server) Block(chatID string) { s.mu.Lock(); s.blocked[chatID] = true; s.mu.Unlock() }

// ---- injecting updates ----

// NewID returns a fresh opaque hex-like id, the shape of Zalo's ids.
func NewID() string {
	var b [10]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

func (s *Server) newMessage(chatID, chatType, fromID, name string) *InMessage {
	return &InMessage{
		MessageID: NewID(), Date: time.Now().UnixMilli(),
		ChatID: chatID, ChatType: chatType, FromID: fromID, FromName: name,
	}
}

// UserSays injects a text message in a private chat (chat id = user id).
func (s *Server) UserSays(chatID, name, text string) Update {
	m := s.newMessage(chatID, "PRIVATE", chatID, name)
	m.Text = text
	return s.Inject(Update{EventName: EventText, Message: m})
}

// GroupSays injects a text message from userID in a GROUP chat.
func (s *Server) GroupSays(groupID, userID, name, text string) Update {
	m := s.newMessage(groupID, "GROUP", userID, name)
	m.Text = text
	return s.Inject(Update{EventName: EventText, Message: m})
}

// UserSendsImage injects a picture with an optional caption.
func (s *Server) UserSendsImage(chatID, name, photoURL, caption string) Update {
	m := s.newMessage(chatID, "PRIVATE", chatID, name)
	m.PhotoURL, m.Caption = photoURL, caption
	return s.Inject(Update{EventName: EventImage, Message: m})
}

// UserSendsSticker injects a sticker.
func (s *Server) UserSendsSticker(chatID, name, sticker string) Update {
	m := s.newMessage(chatID, "PRIVATE", chatID, name)
	m.Sticker, m.StickerURL = sticker, "https://zalo-api.zadn.vn/api/emoticon/sticker/webpc?eid="+sticker
	return s.Inject(Update{EventName: EventSticker, Message: m})
}

// UserSendsVoice injects a voice message.
func (s *Server) UserSendsVoice(chatID, name, voiceURL string) Update {
	m := s.newMessage(chatID, "PRIVATE", chatID, name)
	m.VoiceURL = voiceURL
	return s.Inject(Update{EventName: EventVoice, Message: m})
}

// Unsupported injects message.unsupported.received (a document, a contact
// card, a protected account), with or without its message object.
func (s *Server) Unsupported(chatID, name string, withMessage bool) Update {
	u := Update{EventName: EventUnsupported}
	if withMessage {
		u.Message = s.newMessage(chatID, "PRIVATE", chatID, name)
	}
	return s.Inject(u)
}

// Inject queues any update (any event name) for getUpdates, or pushes it to
// the webhook when one is set.
func (s *Server) Inject(u Update) Update {
	s.mu.Lock()
	hooked, flat := s.hookURL != "", s.flat
	if !hooked {
		s.queue = append(s.queue, u)
	}
	s.changedLocked()
	s.mu.Unlock()
	if hooked {
		s.pushQ <- pending{u: u, flat: flat}
	}
	return u
}

// payload renders an update as the platform does. nameField is "first_name"
// for getUpdates (the docs sample) and "display_name" for webhooks (captures).
func (u Update) payload(nameField string) map[string]any {
	out := map[string]any{"event_name": u.EventName}
	m := u.Message
	if m == nil {
		return out
	}
	msg := map[string]any{
		"message_id": m.MessageID,
		"date":       m.Date,
		"chat":       map[string]any{"id": m.ChatID, "chat_type": m.ChatType},
		"from":       map[string]any{"id": m.FromID, nameField: m.FromName, "is_bot": false},
	}
	for k, v := range map[string]string{"text": m.Text, "photo_url": m.PhotoURL, "caption": m.Caption,
		"sticker": m.Sticker, "url": m.StickerURL, "voice_url": m.VoiceURL} {
		if v != "" {
			msg[k] = v
		}
	}
	out["message"] = msg
	return out
}

// ---- reading what happened ----

// Messages returns what the bot sent to chatID, in order.
func (s *Server) Messages(chatID string) []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.messagesLocked(chatID)
}

func (s *Server) messagesLocked(chatID string) []Message {
	var out []Message
	for _, m := range s.messages {
		if m.ChatID == chatID {
			out = append(out, m)
		}
	}
	return out
}

// WaitForMessages waits until the bot has sent at least n messages to chatID
// and returns them, or fails with ctx's error and what arrived so far.
func (s *Server) WaitForMessages(ctx context.Context, chatID string, n int) ([]Message, error) {
	return waitFor(s, ctx, func() ([]Message, bool) {
		got := s.messagesLocked(chatID)
		return got, len(got) >= n
	})
}

// Calls returns every request the bot made, in order.
func (s *Server) Calls() []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Call(nil), s.calls...)
}

// Deliveries returns the webhook pushes made so far.
func (s *Server) Deliveries() []Delivery {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Delivery(nil), s.deliveries...)
}

// WaitForDeliveries waits until at least n webhook pushes have completed.
func (s *Server) WaitForDeliveries(ctx context.Context, n int) ([]Delivery, error) {
	return waitFor(s, ctx, func() ([]Delivery, bool) {
		return append([]Delivery(nil), s.deliveries...), len(s.deliveries) >= n
	})
}

// WaitForCalls waits until the bot has called method at least n times.
func (s *Server) WaitForCalls(ctx context.Context, method string, n int) error {
	_, err := waitFor(s, ctx, func() (int, bool) {
		return s.stats.Calls[method], s.stats.Calls[method] >= n
	})
	return err
}

// WaitForPoll waits until a getUpdates call is holding (waiting for an
// update), so a test can inject while the bot is mid-poll.
func (s *Server) WaitForPoll(ctx context.Context) error {
	_, err := waitFor(s, ctx, func() (int, bool) { return s.holding, s.holding > 0 })
	return err
}

// Stats returns a copy of the counters.
func (s *Server) Stats() Stats {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.stats
	st.Calls = map[string]int{}
	st.Statuses = map[int]int{}
	for k, v := range s.stats.Calls {
		st.Calls[k] = v
	}
	for k, v := range s.stats.Statuses {
		st.Statuses[k] = v
	}
	st.Unanswered = len(s.queue)
	return st
}

// Webhook reports the registered webhook URL ("" when none) and updated_at (ms).
func (s *Server) Webhook() (url string, updatedAt int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hookURL, s.hookAt
}

// waitFor re-checks cond (under the lock) on every state change until it
// holds or ctx ends: no sleeping.
func waitFor[T any](s *Server, ctx context.Context, cond func() (T, bool)) (T, error) {
	for {
		s.mu.Lock()
		v, ok := cond()
		ch := s.changed
		s.mu.Unlock()
		if ok {
			return v, nil
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return v, fmt.Errorf("zalotest: waiting: %w", ctx.Err())
		}
	}
}

func (s *Server) changedLocked() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// ---- HTTP side ----

var descriptions = map[int]string{
	400: "Bad Request",
	401: "Unauthorized",
	403: "Forbidden",
	404: "Not Found",
	408: "Request timeout",
	409: "Conflict",
	429: "Too Many Requests",
	500: "Internal Server Error",
	502: "Bad Gateway",
	503: "Service Unavailable",
}

// apiError is a refusal the fake answers with.
type apiError struct {
	code int
	desc string
}

func fail(code int, detail string) *apiError {
	d := descriptions[code]
	if d == "" {
		d = http.StatusText(code)
	}
	if detail != "" {
		d += ": " + detail
	}
	return &apiError{code: code, desc: d}
}

// noResult marks an answer of just {"ok":true} (sendChatAction).
type noResult struct{}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	rest, ok := strings.CutPrefix(r.URL.Path, "/bot")
	token, method, ok2 := strings.Cut(rest, "/")
	call := Call{Method: method, HTTPMethod: r.Method, ContentType: r.Header.Get("Content-Type")}
	var result any
	var aerr *apiError
	switch {
	case !ok || !ok2 || method == "" || strings.Contains(method, "/"):
		aerr = fail(404, "")
	case token != s.token:
		aerr = fail(401, "")
	case r.Method != http.MethodPost && r.Method != http.MethodGet:
		aerr = fail(405, "")
	default:
		params, err := readParams(r)
		call.Params = params
		if err != nil {
			aerr = fail(400, err.Error())
			break
		}
		if code, scripted := s.takeFailure(method); scripted {
			aerr = fail(code, "")
			break
		}
		result, aerr = s.dispatch(r.Context(), method, params)
	}
	if aerr == nil && result == nil { // the poll's client went away
		return
	}
	status := http.StatusOK
	var body []byte
	switch {
	case aerr != nil:
		status = aerr.code
		body, _ = json.Marshal(map[string]any{"ok": false, "error_code": aerr.code, "description": aerr.desc})
	case result == (noResult{}):
		body = []byte(`{"ok":true}`)
	default:
		body, _ = json.Marshal(map[string]any{"ok": true, "result": result})
	}
	call.Status = status
	s.mu.Lock()
	s.calls = append(s.calls, call)
	s.stats.Calls[method]++
	s.stats.Statuses[status]++
	if status == 408 {
		s.stats.Timeouts++
	}
	s.changedLocked()
	s.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

func (s *Server) takeFailure(method string) (int, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	q := s.fail[method]
	if len(q) == 0 {
		return 0, false
	}
	s.fail[method] = q[1:]
	return q[0], true
}

// readParams merges query parameters with a JSON, urlencoded or multipart body.
func readParams(r *http.Request) (map[string]any, error) {
	params := map[string]any{}
	for k, v := range r.URL.Query() {
		params[k] = v[0]
	}
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch ct {
	case "application/json":
		raw, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
		if err != nil {
			return params, fmt.Errorf("read body: %w", err)
		}
		if len(bytes.TrimSpace(raw)) == 0 {
			return params, nil
		}
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.UseNumber()
		var body map[string]any
		if err := dec.Decode(&body); err != nil {
			return params, fmt.Errorf("invalid JSON body")
		}
		for k, v := range body {
			params[k] = v
		}
	case "application/x-www-form-urlencoded":
		if err := r.ParseForm(); err != nil {
			return params, fmt.Errorf("invalid form body")
		}
		for k, v := range r.PostForm {
			params[k] = v[0]
		}
	case "multipart/form-data":
		if err := r.ParseMultipartForm(1 << 20); err != nil {
			return params, fmt.Errorf("invalid multipart body")
		}
		for k, v := range r.MultipartForm.Value {
			params[k] = v[0]
		}
	}
	return params, nil
}

func (s *Server) dispatch(ctx context.Context, method string, p map[string]any) (any, *apiError) {
	switch method {
	case "getMe":
		return map[string]any{"id": s.botID, "account_name": "bot.VDKyGxQvc", "account_type": "BASIC",
			"can_join_groups": false}, nil
	case "getUpdates":
		return s.getUpdates(ctx, p)
	case "setWebhook":
		return s.setWebhook(p)
	case "deleteWebhook":
		s.mu.Lock()
		defer s.mu.Unlock()
		s.hookURL, s.hookSecret, s.hookAt = "", "", time.Now().UnixMilli()
		return map[string]any{"url": "", "updated_at": s.hookAt}, nil
	case "getWebhookInfo":
		s.mu.Lock()
		defer s.mu.Unlock()
		return map[string]any{"url": s.hookURL, "updated_at": s.hookAt}, nil
	case "sendMessage":
		chatID, err := chatParam(p)
		if err != nil {
			return nil, err
		}
		text, ok := p["text"].(string)
		if n := utf16Len(text); !ok || n < 1 || n > MaxText {
			return nil, fail(400, "text must be 1-2000 characters")
		}
		return s.accept(Message{ChatID: chatID, Kind: "text", Text: text})
	case "sendPhoto":
		chatID, err := chatParam(p)
		if err != nil {
			return nil, err
		}
		photo, _ := p["photo"].(string)
		if u, perr := url.Parse(photo); perr != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			return nil, fail(400, "photo must be an image URL")
		}
		caption, _ := p["caption"].(string)
		if utf16Len(caption) > MaxText {
			return nil, fail(400, "caption must be at most 2000 characters")
		}
		return s.accept(Message{ChatID: chatID, Kind: "photo", Photo: photo, Caption: caption})
	case "sendSticker":
		chatID, err := chatParam(p)
		if err != nil {
			return nil, err
		}
		sticker, _ := p["sticker"].(string)
		if sticker == "" {
			return nil, fail(400, "sticker is required")
		}
		return s.accept(Message{ChatID: chatID, Kind: "sticker", Sticker: sticker})
	case "sendChatAction":
		if _, err := chatParam(p); err != nil {
			return nil, err
		}
		if a, _ := p["action"].(string); a != "typing" && a != "upload_photo" {
			return nil, fail(400, "action must be typing")
		}
		return noResult{}, nil
	}
	return nil, fail(404, "method not found")
}

// chatParam insists on a string chat_id: ids are opaque strings on Zalo.
func chatParam(p map[string]any) (string, *apiError) {
	v, present := p["chat_id"]
	id, isString := v.(string)
	switch {
	case !present:
		return "", fail(400, "chat_id is required")
	case !isString:
		return "", fail(400, "chat_id must be a string")
	case id == "":
		return "", fail(400, "chat_id is empty")
	}
	return id, nil
}

// accept records a sent message after the blocked and rate-limit checks.
func (s *Server) accept(m Message) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.blocked[m.ChatID] {
		return nil, fail(403, "the user has blocked the bot")
	}
	now := time.Now()
	if s.window > 0 {
		keep := s.sends[:0]
		chat := 0
		for _, st := range s.sends {
			if now.Sub(st.at) < s.window {
				keep = append(keep, st)
				if st.chatID == m.ChatID {
					chat++
				}
			}
		}
		s.sends = keep
		if (s.perChat > 0 && chat >= s.perChat) || (s.overall > 0 && len(s.sends) >= s.overall) {
			return nil, fail(429, "")
		}
		s.sends = append(s.sends, sendStamp{at: now, chatID: m.ChatID})
	}
	m.MessageID = NewID()
	m.Date = time.UnixMilli(now.UnixMilli())
	s.messages = append(s.messages, m)
	s.stats.Sent++
	return map[string]any{"message_id": m.MessageID, "date": now.UnixMilli()}, nil
}

// getUpdates holds until an update is queued or the timeout passes (408).
// A poll whose client went away takes nothing, so no update is lost to it.
func (s *Server) getUpdates(ctx context.Context, p map[string]any) (any, *apiError) {
	timeout := 30 * time.Second
	if v, ok := p["timeout"]; ok {
		var raw string
		switch v := v.(type) {
		case string:
			raw = v
		case json.Number:
			raw = v.String()
		default:
			return nil, fail(400, "timeout must be a number of seconds")
		}
		secs, err := strconv.ParseFloat(raw, 64)
		if err != nil || secs < 0 {
			return nil, fail(400, "timeout must be a number of seconds")
		}
		timeout = time.Duration(secs * float64(time.Second))
	}
	s.mu.Lock()
	if s.maxHold > 0 && timeout > s.maxHold {
		timeout = s.maxHold
	}
	s.mu.Unlock()
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	s.mu.Lock()
	s.holding++
	s.changedLocked()
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		s.holding--
		s.changedLocked()
		s.mu.Unlock()
	}()
	for {
		s.mu.Lock()
		if s.hookURL != "" {
			s.mu.Unlock()
			// [?] The real error is undocumented; Telegram's wording.
			return nil, fail(409, "can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first")
		}
		if len(s.queue) > 0 {
			var result any
			if s.arrays {
				all := make([]any, len(s.queue))
				for i, u := range s.queue {
					all[i] = u.payload("first_name")
				}
				s.queue = nil
				result = all
			} else {
				result = s.queue[0].payload("first_name")
				s.queue = s.queue[1:]
			}
			s.mu.Unlock()
			return result, nil
		}
		ch := s.changed
		s.mu.Unlock()
		select {
		case <-ch:
		case <-timer.C:
			return nil, fail(408, "")
		case <-ctx.Done():
			return nil, nil
		case <-s.done:
			return nil, fail(503, "")
		}
	}
}

func (s *Server) setWebhook(p map[string]any) (any, *apiError) {
	raw, _ := p["url"].(string)
	secret, _ := p["secret_token"].(string)
	u, err := url.Parse(raw)
	if raw == "" || err != nil || u.Host == "" {
		return nil, fail(400, "url is required")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	local := u.Hostname() == "127.0.0.1" || u.Hostname() == "localhost"
	if u.Scheme != "https" && !(s.allowHTTP && u.Scheme == "http" && local) {
		return nil, fail(400, "url must be HTTPS")
	}
	if n := utf8.RuneCountInString(secret); n < 8 || n > 256 {
		return nil, fail(400, "secret_token must be 8-256 characters")
	}
	s.hookURL, s.hookSecret, s.hookAt = raw, secret, time.Now().UnixMilli()
	s.changedLocked()
	return map[string]any{"url": s.hookURL, "updated_at": s.hookAt}, nil
}

// pusher delivers injected updates to the webhook one at a time, in order.
func (s *Server) pusher() {
	defer s.pushWG.Done()
	for {
		select {
		case <-s.done:
			return
		case p := <-s.pushQ:
			s.pushOne(p.u, p.flat)
		}
	}
}

func (s *Server) pushOne(u Update, flat bool) {
	s.mu.Lock()
	hook, secret := s.hookURL, s.hookSecret
	s.mu.Unlock()
	d := Delivery{EventName: u.EventName, Flat: flat}
	if u.Message != nil {
		d.MessageID = u.Message.MessageID
	}
	var body any = u.payload("display_name")
	if !flat {
		body = map[string]any{"ok": true, "result": body}
	}
	raw, _ := json.Marshal(body)
	if hook == "" {
		d.Err = "no webhook set"
	} else if req, err := http.NewRequest(http.MethodPost, hook, bytes.NewReader(raw)); err != nil {
		d.Err = err.Error()
	} else {
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Bot-Api-Secret-Token", secret)
		resp, err := s.push.Do(req)
		if err != nil {
			d.Err = err.Error()
		} else {
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			d.Status = resp.StatusCode
		}
	}
	s.mu.Lock()
	s.deliveries = append(s.deliveries, d)
	s.stats.Pushed++
	s.changedLocked()
	s.mu.Unlock()
}
