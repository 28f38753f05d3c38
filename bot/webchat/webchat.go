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
package webchat

import (
	"context"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"loa/handlers"
)

// Handler turns one update into the replies the member should see. The
// handlers' router satisfies it; it deduplicates updates by Update.ID.
type Handler interface {
	Handle(ctx context.Context, u handlers.Update) []handlers.Reply
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
	}
}

// Server serves the page and the API. It is an http.Handler meant to be
// mounted at "/" of the bot's HTTP server, and the web chat's outbound side
// (Send). It is safe for concurrent use.
type Server struct {
	h   Handler
	log *slog.Logger
	mux *http.ServeMux
	lim limits
	now func() time.Time

	mu        sync.Mutex
	sessions  map[string]*session
	files     map[string]*storedFile
	fileBytes int
	lastSweep time.Time

	closeOnce sync.Once
	closing   chan struct{}

	// work tracks handler calls in flight so Drain can wait for them:
	// they run detached from their request and would otherwise outlive
	// the HTTP server's shutdown (and use Redis after main closed it).
	workMu     sync.RWMutex
	work       sync.WaitGroup
	workDone   bool
	workCtx    context.Context
	workCancel context.CancelFunc
}

// New returns the web chat server. Messages from the page go to h; logger
// gets a fixed "platform" attribute.
func New(h Handler, logger *slog.Logger) *Server {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	s := &Server{
		h:        h,
		log:      logger.With("platform", handlers.Web),
		lim:      defaultLimits(),
		now:      time.Now,
		sessions: make(map[string]*session),
		files:    make(map[string]*storedFile),
		closing:  make(chan struct{}),
	}
	s.workCtx, s.workCancel = context.WithCancel(context.Background())
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", s.servePage)
	mux.HandleFunc("GET /static/{name}", s.serveStatic)
	mux.HandleFunc("GET /favicon.ico", func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusNoContent) })
	mux.HandleFunc("POST /api/message", s.serveMessage)
	mux.HandleFunc("GET /api/poll", s.servePoll)
	mux.HandleFunc("GET /api/file/{token}", s.serveFile)
	s.mux = mux
	return s
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Content-Security-Policy", pageCSP)
	s.mux.ServeHTTP(w, r)
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
	s.workMu.Lock()
	s.workDone = true
	s.workMu.Unlock()
	done := make(chan struct{})
	go func() { s.work.Wait(); close(done) }()
	select {
	case <-done:
	case <-ctx.Done():
		s.workCancel()
		<-done
	}
	s.workCancel()
}

// startWork counts one handler call in; false once Drain has begun.
func (s *Server) startWork() bool {
	s.workMu.RLock()
	defer s.workMu.RUnlock()
	if s.workDone {
		return false
	}
	s.work.Add(1)
	return true
}
