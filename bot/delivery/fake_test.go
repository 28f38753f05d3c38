package delivery_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"loa/bot/delivery"
	"loa/chat"
	"loa/store"
	"loa/store/redistest"
)

// strictSender is a small stand-in for a platform: it keeps every message it
// accepted, and answers like Telegram (platforms.md A2/A5) when a limit is
// crossed: 429 "Too Many Requests: retry after N" above perSecond in any
// one-second window or above one message a second in one chat, 403 for a
// chat that blocked the bot, 5xx for scripted failures.
type strictSender struct {
	perSecond  int
	retryAfter time.Duration // in 429 answers
	slack      time.Duration // clock jitter forgiven between two processes' clocks
	latency    time.Duration

	mu          sync.Mutex
	accepted    []time.Time
	lastByChat  map[string]time.Time
	got         map[string][]string
	tooMany     int
	violations  int // sends that arrived while a 429's retry_after was running
	pausedUntil time.Time
	storm       int // answer the next storm sends with 429 regardless of rate
	blocked     map[string]bool
	permanent   map[string]bool
	failFirst   map[string]int // chat → 5xx answers before it works
	calls       map[string]int
}

func newStrictSender(perSecond int) *strictSender {
	return &strictSender{
		perSecond: perSecond, retryAfter: time.Second, slack: 20 * time.Millisecond,
		lastByChat: map[string]time.Time{}, got: map[string][]string{},
		blocked: map[string]bool{}, permanent: map[string]bool{}, failFirst: map[string]int{},
		calls: map[string]int{},
	}
}

// fence writes the engine's send fence the way an adapter does, just
// before its request leaves (chat.Reply.Fence); an error: send nothing.
func fence(r chat.Reply) error {
	if r.Fence == nil {
		return nil
	}
	return r.Fence()
}

func (f *strictSender) Send(ctx context.Context, chatID string, r chat.Reply) (string, error) {
	if err := fence(r); err != nil {
		return "", err
	}
	if f.latency > 0 {
		time.Sleep(f.latency)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	now := time.Now()
	f.calls[chatID]++
	if now.Before(f.pausedUntil.Add(-f.slack)) {
		f.violations++
	}
	if f.storm > 0 {
		f.storm--
		return "", f.too(now)
	}
	// Sliding one-second window over accepted sends.
	from := now.Add(-time.Second + f.slack)
	n := 0
	for i := len(f.accepted) - 1; i >= 0 && f.accepted[i].After(from); i-- {
		n++
	}
	if n >= f.perSecond {
		return "", f.too(now)
	}
	if last, ok := f.lastByChat[chatID]; ok && now.Sub(last) < time.Second-f.slack {
		return "", f.too(now)
	}
	if f.blocked[chatID] {
		return "", &chat.SendError{Kind: chat.ErrBlocked, Reason: "Forbidden: bot was blocked by the user"}
	}
	if f.permanent[chatID] {
		return "", &chat.SendError{Kind: chat.ErrPermanent, Reason: "Bad Request: chat not found"}
	}
	if f.failFirst[chatID] > 0 {
		f.failFirst[chatID]--
		return "", &chat.SendError{Kind: chat.ErrTemporary, Reason: "Internal Server Error"}
	}
	f.accepted = append(f.accepted, now)
	f.lastByChat[chatID] = now
	f.got[chatID] = append(f.got[chatID], r.Text)
	return fmt.Sprint(len(f.accepted)), nil
}

func (f *strictSender) too(now time.Time) error {
	f.tooMany++
	f.pausedUntil = now.Add(f.retryAfter)
	return &chat.SendError{Kind: chat.ErrRetryAfter, RetryAfter: f.retryAfter,
		Reason: fmt.Sprintf("Too Many Requests: retry after %d", int(f.retryAfter.Seconds()))}
}

func (f *strictSender) copies(chatID string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.got[chatID])
}

// maxInWindow is the most messages accepted in any window of length w.
func (f *strictSender) maxInWindow(w time.Duration) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	best, j := 0, 0
	for i := range f.accepted {
		for f.accepted[i].Sub(f.accepted[j]) >= w {
			j++
		}
		best = max(best, i-j+1)
	}
	return best
}

// env is one real Redis with engines on it.
type env struct {
	t   *testing.T
	srv *redistest.Server
	st  *store.Store
}

func newEnv(t *testing.T) *env {
	srv := redistest.Start(t)
	return &env{t: t, srv: srv, st: store.New(srv.Client())}
}

// engine starts an engine on the env's Redis; it stops at the end of the test.
func (v *env) engine(ch delivery.Channel, opts delivery.Options) *delivery.Engine {
	eng := delivery.New(v.st, map[string]delivery.Channel{chat.Telegram: ch}, opts)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { _ = eng.Run(ctx); close(done) }()
	v.t.Cleanup(func() { cancel(); <-done })
	return eng
}

func recipients(n int) []delivery.Recipient {
	rs := make([]delivery.Recipient, n)
	for i := range rs {
		rs[i] = delivery.Recipient{ChatID: fmt.Sprint(100000 + i), MemberKey: fmt.Sprint("m", i)}
	}
	return rs
}

// notice creates, fills (in batches of 500) and starts one notice.
func notice(t testing.TB, eng *delivery.Engine, text string, rs []delivery.Recipient) string {
	t.Helper()
	ctx := context.Background()
	id, _, err := eng.CreateJob(ctx, delivery.Job{
		Platform: chat.Telegram, Kind: delivery.KindNotice, Message: chat.Reply{Text: text},
		Author: delivery.Author{Platform: chat.Telegram, ChatID: "42"}, Label: "Thông báo họp",
	})
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < len(rs); i += 500 {
		if _, err := eng.AddRecipients(ctx, id, rs[i:min(i+500, len(rs))]); err != nil {
			t.Fatal(err)
		}
	}
	if err := eng.Start(ctx, id); err != nil {
		t.Fatal(err)
	}
	return id
}

func waitDone(t testing.TB, eng *delivery.Engine, id string, within time.Duration) delivery.JobStatus {
	t.Helper()
	deadline := time.Now().Add(within)
	for {
		s, err := eng.Status(context.Background(), id)
		if err == nil && s.Done {
			return s
		}
		if time.Now().After(deadline) {
			t.Fatalf("job %s not done after %s: %+v (err %v)", id, within, s, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// fastOptions shrink the engine's timers for tests.
func fastOptions() delivery.Options {
	return delivery.Options{
		Lease: 5 * time.Second, SendTimeout: 2 * time.Second, BackoffBase: 100 * time.Millisecond,
		BackoffMax: 400 * time.Millisecond, PollEvery: 100 * time.Millisecond, ReapEvery: 200 * time.Millisecond,
		ProgressEvery: 300 * time.Millisecond,
	}
}
