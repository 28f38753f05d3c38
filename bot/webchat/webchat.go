// Package webchat is Loa's built-in web chat: a single page and a small JSON
// API served by the bot's HTTP server. It is the default transport when no
// platform token is configured, so anyone can try the bot in a browser.
//
// The page identifies the person by a random session id kept in the
// browser's localStorage. Every message of a conversation (the member's and
// the bot's) goes into that session's in-memory inbox with a sequence number;
// the page long-polls the inbox, so replies, notices pushed by the delivery
// engine and edits all reach it by one path, and a reloaded page gets the
// conversation back while the session lives.
//
// Sessions live in this process's memory: with several replicas behind a load
// balancer a session must stick to one replica.
//
// A public page must survive a hostile client. Every message passes two
// lanes of the shared flood limit in Redis (its session, its address) before
// anything is stored, and answers 429 past them. Sessions are bounded per
// address and in all; when full, the session given up is an anonymous one
// of the address holding the most, even one a page is polling (its poll
// ends), so held polls with invented session ids cannot lock new visitors
// out nor push registered members' sessions away.
package webchat

import (
	"context"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"loa/bot/inbound"
	"loa/chat"
)

// Handler turns one update into the replies the member should see. The
// handlers' router satisfies it; it deduplicates updates by Update.ID.
type Handler interface {
	Handle(ctx context.Context, u chat.Update) []chat.Reply
}

// Rescuer is a Handler that can let an update through after a flood limit
// refused it (handlers.Router.Rescue): a woman in panic who wrote too fast
// must still get the hotline. It keeps its own bounds, so a flood of
// emergency-like texts buys few answers.
type Rescuer interface {
	Rescue(ctx context.Context, u chat.Update) bool
}

// limits are the bounds that keep a public page from exhausting memory or
// holding connections forever. Tests shorten some of them.
type limits struct {
	maxBody       int64         // bytes of one POST /api/message body
	maxText       int           // characters of one question
	pollWait      time.Duration // longest a GET /api/poll is held
	sessionIdle   time.Duration // a session without any request for this long is gone
	maxSessions   int           // sessions kept at once; the least recently seen idle one is evicted
	inboxEvents   int           // events kept per session
	inboxBytes    int           // bytes of text kept per session
	fileTTL       time.Duration // how long a download link works
	maxFile       int           // bytes of one file
	maxFilesBytes int           // bytes of all files kept at once
	handleTimeout time.Duration // time the handler gets for one message
	sweepEvery    time.Duration // how often expired sessions and files are dropped
	addrSessions  int           // sessions one address (an IPv6 /64) may hold
	addrPolls     int           // long polls one address may hold at once
}

func defaultLimits() limits {
	return limits{
		maxBody:       16 << 10,
		maxText:       4000,
		pollWait:      25 * time.Second,
		sessionIdle:   30 * time.Minute,
		maxSessions:   5000,
		inboxEvents:   200,
		inboxBytes:    64 << 10,
		fileTTL:       time.Hour,
		maxFile:       20 << 20,
		maxFilesBytes: 64 << 20,
		handleTimeout: 30 * time.Second,
		sweepEvery:    time.Minute,
		addrSessions:  32,
		addrPolls:     32,
	}
}

// Server serves the page and the API. It is an http.Handler meant to be
// mounted at "/" of the bot's HTTP server, and the web chat's outbound side
// (Send). It is safe for concurrent use.
type Server struct {
	page http.Handler // Handler(h) of New's h; nil without one
	log  *slog.Logger
	lim  limits
	now  func() time.Time

	flood   Limiter
	members func(ctx context.Context, session string) (bool, error)
	// onRefused counts 429s; never nil.
	onRefused func()

	mu        sync.Mutex
	sessions  map[string]*session
	perAddr   map[string]int // live sessions per address
	pollsAddr map[string]int // long polls in progress per address
	files     map[string]*storedFile
	fileBytes int
	lastSweep time.Time

	closeOnce sync.Once
	closing   chan struct{}

	// in queues each message through the shared admission (bot/inbound)
	// and tracks the handler calls in flight so Drain can wait for them:
	// they run detached from their request and would otherwise outlive
	// the HTTP server's shutdown (and use Redis after main closed it).
	in *inbound.Dispatcher
}

// Lane names one flood limit of the web chat.
type Lane int

const (
	// LaneClient is one session's messages, known by its ChatID.
	LaneClient Lane = iota
	// LaneAddress is everything one address does that costs: its messages
	// and the sessions it makes up.
	LaneAddress
)

// Limiter is the shared flood limit (main adapts the Redis one): Allow takes
// one request from who's lane, or says how long until it admits one again.
type Limiter interface {
	Allow(ctx context.Context, lane Lane, who string) (ok bool, retryAfter time.Duration, err error)
}

// Option configures a Server.
type Option func(*Server)

// WithLimiter puts every message (and every new session) through l.
func WithLimiter(l Limiter) Option { return func(s *Server) { s.flood = l } }

// WithMembers tells the server which sessions belong to registered members,
// so they are the last ever given up when sessions run short. isMember is
// asked about a session's ChatID, never the session id itself.
func WithMembers(isMember func(ctx context.Context, chatID string) (bool, error)) Option {
	return func(s *Server) { s.members = isMember }
}

// OnRefused is called for every request refused with 429 (a metric).
func OnRefused(f func()) Option { return func(s *Server) { s.onRefused = f } }

// New returns the web chat server. Messages from the page go to h; logger
// gets a fixed "platform" attribute. Its outbound side (Send) works
// without h: main builds it first, with a nil h, for the delivery engine,
// and serves the page with Handler(router) once the conversation exists.
func New(h Handler, logger *slog.Logger, opts ...Option) *Server {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	s := &Server{
		log:       logger.With("platform", chat.Web),
		lim:       defaultLimits(),
		now:       time.Now,
		sessions:  make(map[string]*session),
		perAddr:   make(map[string]int),
		pollsAddr: make(map[string]int),
		files:     make(map[string]*storedFile),
		closing:   make(chan struct{}),
		onRefused: func() {},
	}
	for _, o := range opts {
		o(s)
	}
	s.in = inbound.New(inbound.Bounds{}, s.log)
	if h != nil {
		s.page = s.Handler(h)
	}
	return s
}

// Handler serves the page and its API, handing each message to h.
func (s *Server) Handler(h Handler) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", s.servePage)
	mux.HandleFunc("GET /static/{name}", s.serveStatic)
	mux.HandleFunc("GET /favicon.ico", func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusNoContent) })
	mux.HandleFunc("POST /api/message", func(w http.ResponseWriter, r *http.Request) { s.serveMessage(w, r, h) })
	mux.HandleFunc("GET /api/poll", s.servePoll)
	mux.HandleFunc("GET /api/file/{token}", s.serveFile)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("Referrer-Policy", "no-referrer")
		hd.Set("X-Frame-Options", "DENY")
		hd.Set("Content-Security-Policy", pageCSP)
		mux.ServeHTTP(w, r)
	})
}

// ServeHTTP serves the page with the handler given to New (404 without).
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if s.page == nil {
		http.NotFound(w, r)
		return
	}
	s.page.ServeHTTP(w, r)
}

// Close ends every long poll at once and makes later polls answer without
// waiting, so http.Server.Shutdown is not held up to 25 s by open pages. Call
// it just before Shutdown. Messages and Send keep working.
func (s *Server) Close() {
	s.closeOnce.Do(func() { close(s.closing) })
}

// Drain refuses new messages (the page is told Loa is busy) and waits for
// the ones being handled until ctx ends; those still running then are
// cancelled. When Drain returns no handler call of the web chat runs. Call
// it after http.Server.Shutdown, before Redis is closed.
func (s *Server) Drain(ctx context.Context) {
	_ = s.in.Stop(ctx)
}

// Stats are the web chat's live bounds, for metrics.
type Stats struct {
	Sessions       int // sessions kept in memory
	MemberSessions int // of them, registered members'
	Polls          int // long polls held open
}

// Stats reports the sessions and long polls held now.
func (s *Server) Stats() Stats {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := Stats{Sessions: len(s.sessions)}
	for _, sess := range s.sessions {
		if sess.member {
			st.MemberSessions++
		}
	}
	for _, n := range s.pollsAddr {
		st.Polls += n
	}
	return st
}
