package delivery

import (
	"context"
	crand "crypto/rand"
	"encoding/hex"
	"errors"
	"log/slog"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"loa/chat"
	"loa/store"
)

// Sender sends one message to one chat on one platform; the adapters
// (bot/telegram, bot/zalo) implement it. Errors should be
// *chat.SendError; any other error counts as temporary.
//
// The engine sets chat.Reply.Fence on every message it sends, and the
// Sender must call it before anything of the message can reach the
// platform, as late as it can (see chat.Reply.Fence): the engine takes a
// send that returned without calling it for one that sent nothing, and
// tries her again.
type Sender interface {
	Send(ctx context.Context, chatID string, r chat.Reply) (messageID string, err error)
}

// Prechecker is a Sender that knows, before any request, that a chat
// cannot get a message now (the Zalo OA's 7-day window and reply quota).
// Precheck returns nil to send, or the *chat.SendError to record instead:
// the recipient is finished with it without a request or a rate slot, and
// never retried.
type Prechecker interface {
	Precheck(ctx context.Context, chatID string) error
}

// Channel is one platform's bot: its sender, the short id of its token and
// its limits.
type Channel struct {
	// Sender must not wait on this engine's Limiter itself (the engine takes
	// the rate slot before each send): the engine marks every reply it
	// sends chat.Reply.Paced, and adapters skip their own wait then.
	Sender  Sender
	TokenID string // TokenID(botToken); never the token itself
	Limits  Limits // zero fields: DefaultLimits(platform)
	// MaxText and CountText: the platform's text limit and its unit; zero:
	// Telegram 4096 UTF-16 units, Zalo 2000 UTF-16 units, others unlimited.
	MaxText   int
	CountText func(string) int
}

// Options tune an Engine; zero values take the defaults shown.
type Options struct {
	Logger *slog.Logger
	// Workers: concurrent sends per engine and bot token: 8, and one more
	// kept for replies to an emergency (KindUrgent).
	Workers int
	Batch   int // recipients per claim: 1 (more holds replies back longer)
	// Lease is how long a claim holds without progress before another engine
	// takes it back: 2m. A sending recipient's lease is SendTimeout + Lease.
	// Keep it above SendTimeout: the claim must last while the request waits
	// for its connection (the fence comes after); a claim that runs out
	// there is abandoned, not sent, and another worker sends her.
	Lease       time.Duration
	SendTimeout time.Duration // one request: 30s
	MaxAttempts int           // transient failures before a part fails: 5
	BackoffBase time.Duration // first retry delay: 2s (doubling, with jitter)
	BackoffMax  time.Duration // 5m
	PollEvery   time.Duration // idle workers look for work: 1s
	ReapEvery   time.Duration // expired leases are recovered: 1s
	// ProgressEvery: OnProgress is called at most this often per job across
	// all engines: 5s.
	ProgressEvery time.Duration
	// OnProgress reports a running job's counts, at most every ProgressEvery,
	// and exactly once more when it ends (Done true), e.g. to edit a progress
	// message in place. Reports come from several workers and replicas: a
	// progress report read just before another worker ended the job may
	// still arrive after the end's. It runs on a worker: keep it short.
	OnProgress func(ctx context.Context, s JobStatus)
	// OnBlocked reports a recipient who blocked the bot or left, so the
	// member can be marked inactive and left out next time.
	OnBlocked func(ctx context.Context, platform, chatID, memberKey string)
	// OnOutcome reports each recipient this engine finishes, exactly once
	// across all engines, with one of OutcomeSent, OutcomeBlocked,
	// OutcomeFailed or OutcomeInDoubt, e.g. for metrics; one whose last part
	// was being sent by a lost worker is reported "in doubt" by the engine
	// whose reaper finished her. Recipients left by a cancelled job are not
	// reported (the job's status counts them). It is called after her
	// outcome is stored, so the job's status may show her (and the job
	// done) a moment before. It runs on a worker: keep it short.
	OnOutcome func(ctx context.Context, platform, outcome string)
	// OnUnreachable reports each failed recipient this engine finishes whose
	// failure a platform's reach rules caused, with its chat.Unreachable*
	// code (she is also reported to OnOutcome as failed).
	OnUnreachable func(ctx context.Context, platform, code string)
}

// Final outcomes of a recipient, for Options.OnOutcome.
const (
	OutcomeSent    = "sent"
	OutcomeBlocked = "blocked"
	OutcomeFailed  = "failed"
	// OutcomeInDoubt: every part went out, but an earlier one was being
	// sent by a worker that was lost, so its delivery is unconfirmed.
	OutcomeInDoubt = "in_doubt"
)

func (o Options) withDefaults() Options {
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.Workers <= 0 {
		o.Workers = 8
	}
	if o.Batch <= 0 {
		o.Batch = 1
	}
	if o.MaxAttempts <= 0 {
		o.MaxAttempts = 5
	}
	def(&o.Lease, 2*time.Minute)
	def(&o.SendTimeout, 30*time.Second)
	def(&o.BackoffBase, 2*time.Second)
	def(&o.BackoffMax, 5*time.Minute)
	def(&o.PollEvery, time.Second)
	def(&o.ReapEvery, time.Second)
	def(&o.ProgressEvery, 5*time.Second)
	return o
}

type channel struct {
	Channel
	platform  string
	limiter   *Limiter
	maxText   int
	countText func(string) int
}

// Engine creates jobs and, in Run, delivers them. Several engines, in one
// process or many, may share one Redis: they share the work and the limits.
type Engine struct {
	st       *store.Store
	channels map[string]*channel
	queues   []store.OutboxQueue
	opts     Options
	log      *slog.Logger
	id       string
	wake     chan struct{}

	payloadMu sync.Mutex
	payloads  map[string][]chat.Reply // job id → parts, a few recent jobs

	lastErrLog   atomic.Int64 // unix ms of the last Redis error logged
	unreadable   sync.Map     // job id → true: jobs whose message cannot be read, logged once
	fenceIgnored sync.Once    // a sender that never calls chat.Reply.Fence is logged once
}

// New returns an engine sending through channels (platform → bot).
func New(st *store.Store, channels map[string]Channel, opts Options) *Engine {
	opts = opts.withDefaults()
	var b [6]byte
	_, _ = crand.Read(b[:])
	e := &Engine{
		st: st, channels: map[string]*channel{}, opts: opts,
		id:       hex.EncodeToString(b[:]),
		wake:     make(chan struct{}, (opts.Workers+1)*max(1, len(channels))),
		payloads: map[string][]chat.Reply{},
	}
	e.log = opts.Logger.With("component", "delivery", "engine", e.id)
	for platform, c := range channels {
		ch := &channel{Channel: c, platform: platform, maxText: c.MaxText, countText: c.CountText}
		if ch.maxText == 0 {
			switch platform {
			case chat.Telegram:
				ch.maxText, ch.countText = 4096, chat.UTF16Len
			case chat.Zalo:
				// UTF-16 units: the stricter count (see bot/zalo.MaxText).
				ch.maxText, ch.countText = 2000, chat.UTF16Len
			case chat.ZaloOA:
				ch.maxText, ch.countText = 2000, utf8.RuneCountInString
			}
		}
		ch.limiter = NewLimiter(st, platform, c.TokenID, c.Limits)
		e.channels[platform] = ch
		e.queues = append(e.queues, store.OutboxQueue{Platform: platform, TokenID: c.TokenID})
	}
	return e
}

// Limiter returns the shared limiter of a platform's bot token (nil if the
// engine has no such platform), for adapters to call before direct replies.
func (e *Engine) Limiter(platform string) *Limiter {
	if ch, ok := e.channels[platform]; ok {
		return ch.limiter
	}
	return nil
}

// Run delivers jobs until ctx is cancelled, then lets sends in flight finish
// and record their outcome, gives back claims it will not send, and returns.
// Redis errors are logged and retried with backoff; work resumes when Redis
// is back.
func (e *Engine) Run(ctx context.Context) error {
	if len(e.queues) == 0 {
		return errors.New("delivery: no channels")
	}
	// Each bot token has its own workers: its limit is its own, so a long
	// Zalo notice never holds workers that a Telegram notice could use.
	// One more per token takes only replies to an emergency (KindUrgent):
	// every other worker may be waiting for a busy chat's lane (a reply to
	// a group waits up to a minute there) or a 429, and an emergency's
	// reply must not wait for one of them to be free.
	var wg sync.WaitGroup
	for _, q := range e.queues {
		for i := range e.opts.Workers {
			owner := e.id + "." + q.Platform + "." + strconv.Itoa(i)
			wg.Go(func() { e.worker(ctx, owner, []store.OutboxQueue{q}, false) })
		}
		owner := e.id + "." + q.Platform + ".urgent"
		wg.Go(func() { e.worker(ctx, owner, []store.OutboxQueue{q}, true) })
	}
	wg.Go(func() { e.reaper(ctx) })
	wg.Wait()
	return nil
}

func (e *Engine) wakeWorkers() {
	for range cap(e.wake) {
		select {
		case e.wake <- struct{}{}:
		default:
			return
		}
	}
}

// redisTrouble logs a Redis error at most every 5 seconds per engine, so an
// outage gives a few lines, not thousands.
func (e *Engine) redisTrouble(op string, err error) {
	now := time.Now().UnixMilli()
	last := e.lastErrLog.Load()
	if now-last >= 5000 && e.lastErrLog.CompareAndSwap(last, now) {
		e.log.Warn("redis unavailable, backing off", "op", op, "error", err)
	}
}

func (e *Engine) reaper(ctx context.Context) {
	t := time.NewTicker(e.opts.ReapEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		for {
			r, err := e.st.ReapOutboxLeases(ctx, 500)
			if err != nil {
				if ctx.Err() == nil {
					e.redisTrouble("reap", err)
				}
				break
			}
			if r.Reaped > 0 {
				e.log.Info("recovered expired leases", "count", r.Reaped, "in_doubt", len(r.InDoubt))
				e.wakeWorkers()
			}
			// The worker that was sending these will never record them (its
			// record is stale now): this reap finished them, so it reports
			// them, once, as the script handed them to this engine alone.
			if e.opts.OnOutcome != nil {
				for _, platform := range r.InDoubt {
					e.opts.OnOutcome(context.WithoutCancel(ctx), platform, OutcomeInDoubt)
				}
			}
			for _, id := range r.Ended {
				e.reportEnd(ctx, id)
			}
			if r.Reaped < 500 {
				break
			}
		}
	}
}
