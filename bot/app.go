package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"sync"
	"syscall"
	"time"

	"github.com/redis/go-redis/v9"

	"loa/bot/dashboard"
	"loa/bot/delivery"
	"loa/bot/notices"
	"loa/content"
	"loa/handlers"
	"loa/internal/connlimit"
	"loa/store"
)

// App is the whole program: Redis, content, the conversation, the adapters
// and the HTTP server. NewApp starts the parts that can fail fast (Redis,
// content, platform tokens); Run serves until the context ends, then stops
// everything in reverse order.
type App struct {
	cfg      Config
	log      *slog.Logger
	redis    *privateRedis
	rdb      redis.UniversalClient
	store    *store.Store
	library  *content.Library
	router   *handlers.Router
	listener net.Listener
	mux      *http.ServeMux
	runners  []runner
	senders  map[string]sender
	// platforms are the adapters, built outbound first (setupPlatforms)
	// and connected to the router last (setupInbound).
	platforms adapters
	delivery  *delivery.Engine
	notices   *notices.Service
	sched     *schedulerParts
	closers   []func() // run before the HTTP server shuts down (end long polls)
	// unannounce removes the note that tells `bot admin` where this bot's
	// private Redis is (runfile.go).
	unannounce func()
	// drains run after the HTTP server has shut down, before the runners
	// are cancelled: work an HTTP handler started and still runs (the web
	// chat's handler calls) finishes or is cancelled, never outlives Redis.
	drains   []func(ctx context.Context)
	stopping chan struct{} // closed when Run starts shutting down
	hup      chan os.Signal
	metrics  *metrics
	// apologies owes an apology to members whose reply an outage lost.
	apologies *apologies

	// botUsernames per platform, filled as adapters start (getMe), for
	// deep links; shared with the router.
	botUsernames map[string]string
}

// runner is a component that works until its context ends (a poll loop, the
// delivery workers, the scheduler).
type runner struct {
	name string
	run  func(ctx context.Context) error
}

// NewApp connects to Redis (starting a private one if needed), loads the
// content and prepares every adapter. It listens on the HTTP address so a
// port conflict is reported at start, not later.
func NewApp(ctx context.Context, cfg Config, log *slog.Logger) (*App, error) {
	a := &App{cfg: cfg, log: log, mux: http.NewServeMux(), botUsernames: map[string]string{}, metrics: newMetrics(), stopping: make(chan struct{})}
	// Take SIGHUP first: its default action ends the process, so one sent
	// while the bot starts (an editor saving content) would kill it. A
	// signal that arrives now reloads once Run starts.
	a.hup = make(chan os.Signal, 1)
	signal.Notify(a.hup, syscall.SIGHUP)
	if err := a.start(ctx); err != nil {
		a.close()
		return nil, err
	}
	return a, nil
}

func (a *App) start(ctx context.Context) (err error) {
	cfg, log := a.cfg, a.log
	// Take the port first: a second bot started by mistake stops here,
	// before it touches the data folder.
	if a.listener, err = net.Listen("tcp", cfg.HTTPAddr); err != nil {
		return fmt.Errorf("LOA_HTTP_ADDR %s: %w", cfg.HTTPAddr, err)
	}
	// One address holds a bounded number of connections (slowloris).
	a.listener = connlimit.New(a.listener, cfg.ConnsPerAddr, msgTooManyConnections, a.metrics.connRefused.Inc)
	privateURL := ""
	if cfg.Redis.Form() == "private" {
		if a.redis, err = startPrivateRedis(ctx, cfg.DataDir, log); err != nil {
			return err
		}
		a.unannounce = announceRedis(cfg, a.redis.socket, log) // runfile.go
		privateURL = a.redis.URL()
	}
	if a.rdb, err = cfg.Redis.Client(privateURL); err != nil {
		return err
	}
	if a.store, err = cfg.Redis.Store(a.rdb); err != nil {
		return err
	}
	if err := a.store.Ping(ctx); err != nil {
		return err
	}
	// Data under an earlier release's key names; a failure here leaves it
	// where it was and the bot serves on (the next start tries again).
	if moved, err := a.store.MigrateKeys(ctx); err != nil {
		log.Error("moving keys of an earlier release", "error", err)
	} else if moved > 0 {
		log.Info("moved keys of an earlier release", "keys", moved)
	}
	if err := a.seedUnits(ctx); err != nil {
		return err
	}
	if a.library = cfg.knowledge; a.library == nil {
		if a.library, err = content.NewCachedLibrary(cfg.ContentDir, cfg.ModelCache); err != nil {
			return fmt.Errorf("load content: %w", err)
		}
		logModelCache(log, a.library.ModelCache())
	}
	admins, err := store.ParseAdmins(cfg.Admins) // checked by LoadConfig
	if err != nil {
		return err
	}
	// Built in dependency order, each part complete when the next needs it:
	// outbound adapters → the notices' progress reports → delivery (which
	// reports to them) → notices → scheduler → the conversation
	// (its features; the dashboard's sign-in links are made from the store
	// alone) → the features' jobs → the dashboard (it answers questions
	// through the router) → inbound. Nothing is bound later.
	if err := a.setupPlatforms(ctx); err != nil {
		return err
	}
	progress := a.noticeProgress()
	a.setupDelivery(progress)
	a.setupNotices(progress)
	if err := a.setupScheduler(); err != nil {
		return err
	}
	a.router = handlers.New(handlers.Deps{Store: a.store, Knowledge: a.library, Logger: log, Admins: admins, BotUsernames: a.botUsernames,
		Notices: a.notices, Outbox: a.delivery, Calendar: calendar{a.sched.sched}, LocalKnowledge: a.library, Observe: a.metrics.observe,
		Dashboard: dashboard.Links{Store: a.store, PublicURL: cfg.PublicURL}})
	if err := a.scheduleFeatureJobs(); err != nil {
		return err
	}
	dash := dashboard.New(dashboard.Options{Store: a.store, Admins: admins, PublicURL: cfg.PublicURL,
		Notices: a.notices, Calendar: calendar{a.sched.sched}, Answerer: a.router, Logger: log})
	// Work that must be there from the first minute (this month's
	// meetings) runs before anyone is served; a failure is tried again at
	// the job's next slot.
	if !cfg.Scheduler {
		log.Info("scheduler off (LOA_SCHEDULER): no timed job runs in this process")
	} else if err := a.sched.sched.RunAtStart(ctx); err != nil && ctx.Err() == nil {
		log.Warn("start-up jobs failed; their next slots try again", "error", err)
	}
	a.setupInbound(ctx)
	dash.Register(a.mux)
	a.mux.HandleFunc("GET /healthz", a.healthz)
	a.mux.Handle("GET /metrics", a.metrics.handler(log))
	return nil
}

// Addr is the address the HTTP server listens on (useful with port 0).
func (a *App) Addr() string { return a.listener.Addr().String() }

// Run serves until ctx ends, reloads content on SIGHUP, then shuts down
// gracefully: the HTTP server stops taking requests, runners finish, Redis
// closes last.
func (a *App) Run(ctx context.Context) error {
	defer a.close()
	srv := &http.Server{
		Handler:           a.mux,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		IdleTimeout:       2 * time.Minute,
		// Without it a client that pipelines requests and never reads the
		// answers held its connections for good.
		WriteTimeout: a.cfg.WriteTimeout,
		// A real request's headers are a few kB; Go's default of 1 MB let
		// slow requests hold ~460 kB each while they trickled in.
		MaxHeaderBytes: maxHeaderBytes,
		ErrorLog:       slog.NewLogLogger(a.log.Handler(), slog.LevelWarn),
	}
	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	errs := make(chan error, len(a.runners)+1)
	for _, r := range a.runners {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := r.run(runCtx); err != nil && !errors.Is(err, context.Canceled) {
				a.log.Error("component stopped", "component", r.name, "error", err)
				errs <- fmt.Errorf("%s: %w", r.name, err)
			}
		}()
	}
	go func() {
		if err := srv.Serve(a.listener); err != nil && !errors.Is(err, http.ErrServerClosed) {
			errs <- fmt.Errorf("http: %w", err)
		}
	}()
	a.log.Info("Loa is running", "config", a.cfg.String(), "http", "http://"+a.Addr())

	var runErr error
loop:
	for {
		select {
		case <-ctx.Done():
			break loop
		case <-a.hup:
			a.reload()
		case runErr = <-errs:
			break loop
		}
	}
	a.log.Info("shutting down")
	close(a.stopping)
	shutCtx, done := context.WithTimeout(context.Background(), shutdownGrace)
	defer done()
	for _, c := range a.closers {
		c()
	}
	_ = srv.Shutdown(shutCtx)
	for _, d := range a.drains {
		d(shutCtx)
	}
	cancel()
	wg.Wait()
	return runErr
}

// Stopping is closed when Run begins to shut down (a signal, or a
// component that failed); the shutdown watchdog starts then.
func (a *App) Stopping() <-chan struct{} { return a.stopping }

// Abandon is the shutdown watchdog's last resort when Run did not finish in
// time: it stops the private redis-server without waiting for it (its AOF
// has every write it acknowledged) so the process can exit at once.
func (a *App) Abandon() { a.redis.Kill() }

// reload reads the knowledge base and the outreach posts again (SIGHUP). An
// invalid change is logged with file and line; the previous version serves.
func (a *App) reload() {
	if err := a.library.Reload(); err != nil {
		a.log.Error("content reload failed; keeping the previous content", "error", err)
	} else {
		a.log.Info("content reloaded")
		logModelCache(a.log, a.library.ModelCache())
	}
	if a.sched != nil {
		a.reloadPosts()
	}
}

// logModelCache says whether the trained models came from the model cache
// (LOA_MODEL_CACHE): a start that trained them took about 3 CPU-seconds
// more. A cache that fails is a warning, never a stop: the models were
// trained.
func logModelCache(log *slog.Logger, r content.CacheReport) {
	switch {
	case r.Dir == "" && r.Err == nil:
	case r.Err != nil:
		log.Warn("model cache", "dir", r.Dir, "loaded", r.Loaded, "saved", r.Saved, "error", r.Err)
	default:
		log.Info("model cache", "dir", r.Dir, "loaded", r.Loaded, "saved", r.Saved)
	}
}

// seedUnits loads the shipped sample tree of Đồng Nai when Redis holds no
// unit tree yet, so a first start has real communes and branches to join;
// operators replace it with `bot admin units import FILE`.
func (a *App) seedUnits(ctx context.Context) error {
	roots, err := a.store.Roots(ctx)
	if err != nil {
		return fmt.Errorf("read unit tree: %w", err)
	}
	if len(roots) > 0 {
		return nil
	}
	data, name := content.SampleUnits()
	units, err := store.ParseUnitsCSV(bytes.NewReader(data), name)
	if err != nil {
		return fmt.Errorf("sample unit tree: %w", err)
	}
	if _, err := a.store.ImportUnits(ctx, units); err != nil {
		return fmt.Errorf("load sample unit tree: %w", err)
	}
	a.log.Info("no unit tree yet: loaded the sample tree", "file", name, "units", len(units))
	return nil
}

func (a *App) healthz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	if err := a.store.Ping(ctx); err != nil {
		http.Error(w, "redis unavailable", http.StatusServiceUnavailable)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = w.Write([]byte("ok\n"))
}

func (a *App) close() {
	signal.Stop(a.hup)
	if a.listener != nil {
		_ = a.listener.Close()
	}
	if a.rdb != nil {
		_ = a.rdb.Close()
	}
	a.redis.Stop()
	if a.unannounce != nil {
		a.unannounce()
	}
}
