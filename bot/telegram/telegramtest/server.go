// Package telegramtest is a fake Telegram Bot API server for tests. It is
// strict on purpose: it answers like the real API (exact error texts, HTTP
// status equal to error_code, 429 with retry_after, 403 for a blocked user,
// 409 for a second poller) so that a bug in a client shows up in a test
// rather than in production. See ../shared/reference/platforms.md, part A.
//
// Typical use:
//
//	srv := telegramtest.New(t)                 // closed by t.Cleanup
//	bot, _ := tgbotapi.NewBotAPIWithAPIEndpoint(srv.Token(), srv.Endpoint())
//	srv.UserSays(42, "An", "/start")           // an inbound update
//	msgs, _ := srv.WaitForMessages(ctx, 42, 1) // what the bot sent
//
// Chats are known once a user has written (UserSays, PressButton) or after
// AddChat; sending to any other chat id gives "chat not found" unless
// Options.AnyChat is set. Rate limits (Telegram's values) are enforced by
// default; see Limits.
package telegramtest

import (
	"crypto/rand"
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
)

// Options configures a Server. The zero value is a strict server with
// Telegram's default limits.
type Options struct {
	// Token is the bot token the server accepts; a random one of the real
	// shape (<bot id>:<35 chars>) when empty.
	Token string
	// BotUserName is the bot's username in getMe; "loa_test_bot" when empty.
	BotUserName string
	// AnyChat accepts any chat id (positive: private, negative: group) as an
	// existing chat, for bulk-send tests that never simulate users writing.
	AnyChat bool
	// AllowHTTPWebhook lets setWebhook accept http:// and https:// URLs on
	// localhost / 127.0.0.1 / ::1 with any port (the real API wants https on
	// port 443, 80, 88 or 8443).
	AllowHTTPWebhook bool
	// WebhookClient makes the webhook POSTs (use an httptest TLS server's
	// Client() for https); a client with a 10 s timeout when nil.
	WebhookClient *http.Client
	// WebhookRetryDelay is the first pause after a failed delivery, doubled
	// on each further failure up to 2 s; 50 ms when zero.
	WebhookRetryDelay time.Duration
	// WebhookMaxAttempts is how many times one update is tried before it is
	// dropped ("gives up after a reasonable amount of attempts"); 10 when zero.
	WebhookMaxAttempts int
	// CallbackTTL is how long a callback query can be answered; 15 s when zero.
	CallbackTTL time.Duration
	// Limits are the rate limits; zero fields take Telegram's values.
	Limits Limits
}

// Server is a running fake Bot API. All methods are safe for concurrent use.
type Server struct {
	tb    testing.TB
	opts  Options
	token string
	botID int64
	http  *httptest.Server

	mu      sync.Mutex
	changed chan struct{} // closed and replaced on every state change
	closing chan struct{}
	closed  bool

	limits    Limits
	rate      rateState
	stats     Stats
	chats     map[int64]*chat
	sent      []*Message // successful sends, in order
	calls     []Call
	failNext  map[string][]int // lower-case method ("*" any) → queued status codes
	floodAll  time.Time        // token-wide flood control until
	outage    outage           // every call fails with a code until a time
	callbacks map[string]*callbackQuery
	commands  []Command
	files     map[string]*File // file_id → file
	nextFile  int

	updates        []pendingUpdate
	nextUpdateID   int64
	allowedUpdates map[string]bool // nil: default set
	pollCancel     chan struct{}   // closed to terminate the active getUpdates
	nextCallbackID int64

	webhook    webhookState
	deliveries []Delivery
	wg         sync.WaitGroup
}

// Call is one API request the server answered, in arrival order.
type Call struct {
	Method      string // as routed, lower case (e.g. "sendmessage")
	ChatID      int64  // 0 when the method has no chat
	Status      int    // HTTP status = error_code, 200 on success
	Description string // error description, empty on success
	Time        time.Time
}

// Command is one entry of setMyCommands.
type Command struct {
	Command     string `json:"command"`
	Description string `json:"description"`
}

// New starts a fake server with default options; it is closed by tb.Cleanup.
func New(tb testing.TB) *Server { return NewWithOptions(tb, Options{}) }

// NewWithOptions starts a fake server; it is closed by tb.Cleanup. tb may be
// nil (then call Close yourself); it is used to report misuse of test hooks.
func NewWithOptions(tb testing.TB, opts Options) *Server {
	if opts.Token == "" {
		opts.Token = randomToken()
	}
	if opts.BotUserName == "" {
		opts.BotUserName = "loa_test_bot"
	}
	if opts.WebhookClient == nil {
		opts.WebhookClient = &http.Client{Timeout: 10 * time.Second}
	}
	if opts.WebhookRetryDelay <= 0 {
		opts.WebhookRetryDelay = 50 * time.Millisecond
	}
	if opts.WebhookMaxAttempts <= 0 {
		opts.WebhookMaxAttempts = 10
	}
	if opts.CallbackTTL <= 0 {
		opts.CallbackTTL = 15 * time.Second
	}
	id, _ := strconv.ParseInt(opts.Token[:strings.IndexByte(opts.Token+":", ':')], 10, 64)
	s := &Server{
		tb:           tb,
		opts:         opts,
		token:        opts.Token,
		botID:        id,
		changed:      make(chan struct{}),
		closing:      make(chan struct{}),
		limits:       opts.Limits.withDefaults(),
		chats:        map[int64]*chat{},
		failNext:     map[string][]int{},
		callbacks:    map[string]*callbackQuery{},
		files:        map[string]*File{},
		nextUpdateID: 10001,
	}
	s.http = httptest.NewServer(http.HandlerFunc(s.serveHTTP))
	s.wg.Add(1)
	go s.deliverWebhooks()
	if tb != nil {
		tb.Cleanup(s.Close)
	}
	return s
}

// Close releases held long polls, stops webhook delivery and shuts the
// server down. It is safe to call more than once.
func (s *Server) Close() {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return
	}
	s.closed = true
	close(s.closing)
	s.notifyLocked()
	s.mu.Unlock()
	s.wg.Wait()
	s.http.Close()
}

// URL is the server's base URL (http://127.0.0.1:port), the value for
// TELEGRAM_API_BASE.
func (s *Server) URL() string { return s.http.URL }

// Token is the bot token the server accepts.
func (s *Server) Token() string { return s.token }

// Endpoint is the Sprintf format go-telegram-bot-api wants for
// NewBotAPIWithAPIEndpoint / NewBotAPIWithClient: URL + "/bot%s/%s".
func (s *Server) Endpoint() string { return s.http.URL + "/bot%s/%s" }

// notifyLocked wakes every waiter (long polls, WaitFor*, webhook delivery).
// s.mu must be held.
func (s *Server) notifyLocked() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// apiError is a failure answer: HTTP status = error_code.
type apiError struct {
	code       int
	desc       string
	retryAfter int
	migrateTo  int64
}

func badRequest(format string, args ...any) *apiError {
	return &apiError{code: 400, desc: "Bad Request: " + fmt.Sprintf(format, args...)}
}

func tooMany(seconds int) *apiError {
	if seconds < 1 {
		seconds = 1
	}
	return &apiError{code: 429, desc: fmt.Sprintf("Too Many Requests: retry after %d", seconds), retryAfter: seconds}
}

// statusError is the answer for a scripted failure with that status.
func statusError(code int) *apiError {
	switch code {
	case 429:
		return tooMany(1)
	case 400:
		return badRequest("scripted failure")
	case 401:
		return &apiError{code: 401, desc: "Unauthorized"}
	case 403:
		return &apiError{code: 403, desc: "Forbidden: bot was blocked by the user"}
	case 404:
		return &apiError{code: 404, desc: "Not Found"}
	case 409:
		return &apiError{code: 409, desc: "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"}
	case 500:
		return &apiError{code: 500, desc: "Internal Server Error"}
	case 502:
		return &apiError{code: 502, desc: "Bad Gateway"}
	case 503:
		return &apiError{code: 503, desc: "Service Unavailable"}
	case 504:
		return &apiError{code: 504, desc: "Gateway Timeout"}
	}
	return &apiError{code: code, desc: http.StatusText(code)}
}

func writeJSON(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}

func writeResult(w http.ResponseWriter, result any) {
	writeJSON(w, http.StatusOK, map[string]any{"ok": true, "result": result})
}

func writeError(w http.ResponseWriter, e *apiError) {
	body := map[string]any{"ok": false, "error_code": e.code, "description": e.desc}
	params := map[string]any{}
	if e.retryAfter > 0 {
		params["retry_after"] = e.retryAfter
	}
	if e.migrateTo != 0 {
		params["migrate_to_chat_id"] = e.migrateTo
	}
	if len(params) > 0 {
		body["parameters"] = params
	}
	writeJSON(w, e.code, body)
}

// request is one parsed API call.
type request struct {
	method string // lower case
	params map[string]string
	files  map[string]*upload
	http   *http.Request
}

type upload struct {
	field, name, mime string
	data              []byte
}

// methodFunc answers a call with a result or an error; chatID is recorded
// in the call log.
type methodFunc func(s *Server, r *request) (result any, chatID int64, err *apiError)

var methods = map[string]methodFunc{
	"getme":               (*Server).getMe,
	"getupdates":          nil, // answered by serveGetUpdates: it holds the request
	"setwebhook":          (*Server).setWebhook,
	"deletewebhook":       (*Server).deleteWebhook,
	"getwebhookinfo":      (*Server).getWebhookInfo,
	"sendmessage":         (*Server).sendMessage,
	"editmessagetext":     (*Server).editMessageText,
	"answercallbackquery": (*Server).answerCallbackQuery,
	"setmycommands":       (*Server).setMyCommands,
	"getmycommands":       (*Server).getMyCommands,
	"deletemycommands":    (*Server).deleteMyCommands,
	"senddocument":        (*Server).sendDocument,
	"sendphoto":           (*Server).sendPhoto,
	"sendchataction":      (*Server).sendChatAction,
	"deletemessage":       (*Server).deleteMessage,
	"getfile":             (*Server).getFile,
}

func (s *Server) serveHTTP(w http.ResponseWriter, hr *http.Request) {
	path := hr.URL.Path
	if rest, ok := strings.CutPrefix(path, "/file/bot"); ok {
		s.serveFile(w, rest)
		return
	}
	rest, ok := strings.CutPrefix(path, "/bot")
	if !ok {
		writeError(w, &apiError{code: 404, desc: "Not Found"})
		return
	}
	token, method, _ := strings.Cut(rest, "/")
	if token != s.token {
		writeError(w, &apiError{code: 401, desc: "Unauthorized"})
		return
	}
	method = strings.ToLower(method)
	fn, known := methods[method]
	if !known {
		s.record(method, 0, 404, "Not Found")
		writeError(w, &apiError{code: 404, desc: "Not Found"})
		return
	}
	if hr.Method != http.MethodGet && hr.Method != http.MethodPost {
		writeError(w, &apiError{code: 405, desc: "Method Not Allowed"})
		return
	}
	req, perr := parseRequest(hr)
	if perr != nil {
		s.record(method, 0, perr.code, perr.desc)
		writeError(w, perr)
		return
	}
	req.method = method
	if !s.waitStall(hr, chatParam(req)) {
		return // the client gave up or the server is closing
	}
	if e := s.takeScriptedFailure(method); e != nil {
		s.record(method, chatParam(req), e.code, e.desc)
		writeError(w, e)
		return
	}
	if method == "getupdates" {
		s.serveGetUpdates(w, req)
		return
	}
	result, chatID, e := fn(s, req)
	if e != nil {
		if e.code == 429 {
			s.mu.Lock()
			s.stats.TooManyRequests++
			s.mu.Unlock()
		}
		s.record(method, chatID, e.code, e.desc)
		writeError(w, e)
		return
	}
	s.record(method, chatID, 200, "")
	writeResult(w, result)
}

// waitStall holds a call into a chat StallChat slowed for its delay, as a
// Telegram data centre in trouble does: the call is then handled as usual
// (the message is sent, late). It reports false when the caller hung up or
// the server closed first; nothing was done then.
func (s *Server) waitStall(hr *http.Request, chatID int64) bool {
	if chatID == 0 {
		return true
	}
	s.mu.Lock()
	var d time.Duration
	if c := s.chats[chatID]; c != nil {
		d = c.stall
	}
	s.mu.Unlock()
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-hr.Context().Done():
		return false
	case <-s.closing:
		return false
	}
}

func chatParam(r *request) int64 {
	id, _ := strconv.ParseInt(r.params["chat_id"], 10, 64)
	return id
}

func (s *Server) record(method string, chatID int64, status int, desc string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls = append(s.calls, Call{Method: method, ChatID: chatID, Status: status, Description: desc, Time: time.Now()})
	s.stats.Calls++
	s.notifyLocked()
}

func (s *Server) takeScriptedFailure(method string) *apiError {
	s.mu.Lock()
	defer s.mu.Unlock()
	if time.Now().Before(s.outage.until) {
		return statusError(s.outage.code)
	}
	for _, key := range []string{method, "*"} {
		if q := s.failNext[key]; len(q) > 0 {
			s.failNext[key] = q[1:]
			if q[0] == 429 {
				s.stats.TooManyRequests++
			}
			return statusError(q[0])
		}
	}
	return nil
}

const (
	maxFormBytes   = 10 << 20
	maxUploadBytes = 50 << 20
)

// parseRequest merges query string and body parameters. Bodies may be
// form-urlencoded, JSON or multipart (streamed, so chunked uploads without
// Content-Length work). The literal value null means absent.
func parseRequest(hr *http.Request) (*request, *apiError) {
	r := &request{params: map[string]string{}, files: map[string]*upload{}, http: hr}
	for k, v := range hr.URL.Query() {
		if len(v) > 0 {
			r.params[k] = v[0]
		}
	}
	ct := hr.Header.Get("Content-Type")
	mt, mp, _ := mime.ParseMediaType(ct)
	switch {
	case mt == "application/x-www-form-urlencoded":
		body, err := io.ReadAll(io.LimitReader(hr.Body, maxFormBytes))
		if err != nil {
			return nil, badRequest("can't read request body")
		}
		vals, err := url.ParseQuery(string(body))
		if err != nil {
			return nil, badRequest("can't parse request body")
		}
		for k, v := range vals {
			if len(v) > 0 {
				r.params[k] = v[0]
			}
		}
	case mt == "application/json":
		var obj map[string]json.RawMessage
		dec := json.NewDecoder(io.LimitReader(hr.Body, maxFormBytes))
		if err := dec.Decode(&obj); err != nil && err != io.EOF {
			return nil, badRequest("can't parse JSON object")
		}
		for k, raw := range obj {
			v := strings.TrimSpace(string(raw))
			if strings.HasPrefix(v, `"`) {
				var str string
				if json.Unmarshal(raw, &str) != nil {
					return nil, badRequest("can't parse JSON object")
				}
				v = str
			}
			r.params[k] = v
		}
	case mt == "multipart/form-data":
		if mp["boundary"] == "" {
			return nil, badRequest("can't parse multipart body")
		}
		mr, err := hr.MultipartReader()
		if err != nil {
			return nil, badRequest("can't parse multipart body")
		}
		for {
			part, err := mr.NextPart()
			if err == io.EOF {
				break
			}
			if err != nil {
				return nil, badRequest("can't parse multipart body")
			}
			if name := rawFileName(part.Header.Get("Content-Disposition")); name != "" {
				data, err := io.ReadAll(io.LimitReader(part, maxUploadBytes+1))
				if err != nil {
					return nil, badRequest("can't read file")
				}
				if len(data) > maxUploadBytes {
					return nil, &apiError{code: 413, desc: "Request Entity Too Large"}
				}
				r.files[part.FormName()] = &upload{field: part.FormName(), name: name, mime: part.Header.Get("Content-Type"), data: data}
				continue
			}
			data, err := io.ReadAll(io.LimitReader(part, maxFormBytes))
			if err != nil {
				return nil, badRequest("can't parse multipart body")
			}
			r.params[part.FormName()] = string(data)
		}
	}
	for k, v := range r.params {
		if v == "null" {
			delete(r.params, k)
		}
	}
	return r, nil
}

// rawFileName is the filename of a multipart part as the client sent it
// (Part.FileName strips directories, which would hide a leaked local path).
func rawFileName(disposition string) string {
	_, params, err := mime.ParseMediaType(disposition)
	if err != nil {
		return ""
	}
	return params["filename"]
}

func (s *Server) serveFile(w http.ResponseWriter, rest string) {
	token, path, _ := strings.Cut(rest, "/")
	if token != s.token {
		writeError(w, &apiError{code: 401, desc: "Unauthorized"})
		return
	}
	s.mu.Lock()
	var data []byte
	for _, f := range s.files {
		if f.path == path {
			data = f.Data
		}
	}
	s.mu.Unlock()
	if data == nil {
		writeError(w, &apiError{code: 404, desc: "Not Found"})
		return
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	_, _ = w.Write(data)
}

const tokenAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-"

// randomToken makes a token of the real shape: <bot id>:<35 chars>.
func randomToken() string {
	b := make([]byte, 35)
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = tokenAlphabet[int(b[i])%len(tokenAlphabet)]
	}
	return "7123456789:" + string(b)
}
