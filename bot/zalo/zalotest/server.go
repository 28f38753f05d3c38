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
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf16"
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
