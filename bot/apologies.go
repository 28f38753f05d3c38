package main

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"

	"loa/bot/delivery"
	"loa/chat"
	"loa/store"
)

// msgReplyLost is sent, once Redis and the platform work again, to a member
// whose reply was lost to an outage.
const msgReplyLost = "Xin lỗi chị, lúc nãy Loa gặp trục trặc nên chưa trả lời được tin nhắn của chị. Chị vui lòng gửi lại câu hỏi giúp Loa nhé."

// maxOwed bounds the apologies kept in memory during a long Redis outage;
// past it, later losses are still logged but not apologised for.
const maxOwed = 10_000

// apologyBatch is how many owed apologies one round claims per platform.
const apologyBatch = 50

// apologyStore keeps owed apologies in Redis (store.Store), so a restart or
// another replica sends them: exactly once, since a claim is atomic.
type apologyStore interface {
	Ping(ctx context.Context) error
	OweApology(ctx context.Context, platform, chatID string, lostAt time.Time) error
	ClaimApologies(ctx context.Context, platform string, now time.Time, max int) ([]store.OwedApology, error)
	ApologyNoLongerOwed(ctx context.Context, platform, chatID string) error
}

// apologies remembers members whose reply was lost (the adapters report
// them; each loss is logged there) and sends each one apology. An owed
// apology is written to Redis at once (platform, chat id and time, never
// the message), so a shutdown, a crash or a deploy does not forget it:
// whichever replica runs next claims it and sends it. While Redis is away
// the loss waits in memory and is written once Redis answers.
type apologies struct {
	log     *slog.Logger
	store   apologyStore
	senders map[string]sender
	every   time.Duration

	mu        sync.Mutex
	owed      map[chatKey]time.Time // losses not yet written to Redis
	platforms map[string]bool       // those whose adapter reports losses
}

type chatKey struct{ platform, chatID string }

func newApologies(log *slog.Logger, st apologyStore, senders map[string]sender) *apologies {
	return &apologies{log: log, store: st, senders: senders, every: time.Second,
		owed: map[chatKey]time.Time{}, platforms: map[string]bool{}}
}

// lost records that platform's chat is owed an apology: in Redis when it
// answers within a moment, in memory until it does otherwise.
func (a *apologies) lost(platform string) func(chatID string) {
	a.mu.Lock()
	a.platforms[platform] = true
	a.mu.Unlock()
	return func(chatID string) {
		now := time.Now()
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		err := a.store.OweApology(ctx, platform, chatID, now)
		cancel()
		if err == nil {
			return
		}
		a.mu.Lock()
		defer a.mu.Unlock()
		if len(a.owed) >= maxOwed {
			a.log.Warn("too many lost replies: no apology for this one", "platform", platform)
			return
		}
		a.owed[chatKey{platform, chatID}] = now
	}
}

// answered forgets an apology owed to platform's chat: she wrote again
// and her answer went out.
func (a *apologies) answered(platform string) func(ctx context.Context, chatID string) {
	return func(ctx context.Context, chatID string) {
		a.forget(chatKey{platform, chatID})
		if err := a.store.ApologyNoLongerOwed(ctx, platform, chatID); err != nil {
			a.log.Warn("owed apology not forgotten", "platform", platform, "chat_id", chatID, "error", err)
		}
	}
}

// Run writes the losses kept in memory to Redis whenever it answers and
// sends the apologies owed (claimed from Redis), until ctx ends; then it
// writes what is left in memory one last time, for the next start.
func (a *apologies) Run(ctx context.Context) error {
	t := time.NewTicker(a.every)
	defer t.Stop()
	for {
		a.round(ctx)
		select {
		case <-ctx.Done():
			final, cancel := context.WithTimeout(context.WithoutCancel(ctx), 2*time.Second)
			defer cancel()
			if n := a.persist(final); n > 0 {
				a.log.Warn("apologies owed but not saved at shutdown", "count", n)
			}
			return nil
		case <-t.C:
		}
	}
}

func (a *apologies) round(ctx context.Context) {
	if a.persist(ctx) > 0 {
		return // Redis is away: nothing to claim
	}
	a.mu.Lock()
	platforms := make([]string, 0, len(a.platforms))
	for p := range a.platforms {
		platforms = append(platforms, p)
	}
	a.mu.Unlock()
	for _, p := range platforms {
		if _, ok := a.senders[p]; !ok {
			continue // this replica does not serve p: another one will
		}
		owed, err := a.store.ClaimApologies(ctx, p, time.Now(), apologyBatch)
		if err != nil {
			if ctx.Err() == nil {
				a.log.Warn("owed apologies not read", "platform", p, "error", err)
			}
			return
		}
		for _, o := range owed {
			if ctx.Err() != nil {
				a.giveBack(ctx, o)
				continue
			}
			a.send(ctx, o)
		}
	}
}

// persist writes the losses kept in memory to Redis and reports how many
// are still only in memory.
func (a *apologies) persist(ctx context.Context) int {
	a.mu.Lock()
	pending := make(map[chatKey]time.Time, len(a.owed))
	for k, at := range a.owed {
		pending[k] = at
	}
	a.mu.Unlock()
	if len(pending) == 0 {
		return 0
	}
	pctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	if a.store.Ping(pctx) != nil {
		return len(pending)
	}
	left := 0
	for k, at := range pending {
		if err := a.store.OweApology(pctx, k.platform, k.chatID, at); err != nil {
			left++
			continue
		}
		a.mu.Lock()
		if a.owed[k] == at { // not answered (or lost again) meanwhile
			delete(a.owed, k)
		}
		a.mu.Unlock()
	}
	return left
}

func (a *apologies) send(ctx context.Context, o store.OwedApology) {
	sctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	_, err := a.senders[o.Platform].Send(sctx, o.ChatID, chat.Reply{Text: msgReplyLost})
	cancel()
	if err == nil {
		a.log.Info("apology sent for a lost reply", "platform", o.Platform, "chat_id", o.ChatID)
		return
	}
	var se *chat.SendError
	if errors.As(err, &se) && (se.Kind == chat.ErrBlocked || se.Kind == chat.ErrPermanent) {
		a.log.Info("apology for a lost reply not deliverable", "platform", o.Platform, "chat_id", o.ChatID, "kind", se.Kind.String())
		return
	}
	a.giveBack(ctx, o) // the next round (here or elsewhere) tries again
}

// giveBack returns a claimed apology not sent, so it is not lost with it.
func (a *apologies) giveBack(ctx context.Context, o store.OwedApology) {
	gctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 2*time.Second)
	defer cancel()
	if err := a.store.OweApology(gctx, o.Platform, o.ChatID, o.LostAt); err != nil {
		a.mu.Lock()
		if len(a.owed) < maxOwed {
			a.owed[chatKey{o.Platform, o.ChatID}] = o.LostAt
		}
		a.mu.Unlock()
	}
}

func (a *apologies) forget(k chatKey) {
	a.mu.Lock()
	delete(a.owed, k)
	a.mu.Unlock()
}

// replyPatience is how long one wait for the shared limiter rides out Redis
// not answering before a direct reply counts the attempt as failed; the
// adapters retry a few times, so a reply survives a pause of about 20 s.
const replyPatience = 5 * time.Second

// patientLimiter is the shared limiter as the adapters use it for direct
// replies: a short Redis outage delays the reply instead of losing it.
type patientLimiter struct {
	l        *delivery.Limiter
	patience time.Duration
}

func (p patientLimiter) Wait(ctx context.Context, chatID string) error {
	return p.patiently(ctx, chatID, p.l.Wait)
}

// WaitUrgent is Wait for a reply to an emergency: the chat's next slot is
// its own (delivery.Limiter.WaitUrgent).
func (p patientLimiter) WaitUrgent(ctx context.Context, chatID string) error {
	return p.patiently(ctx, chatID, p.l.WaitUrgent)
}

func (p patientLimiter) patiently(ctx context.Context, chatID string, wait func(context.Context, string) error) error {
	deadline := time.Now().Add(p.patience)
	pause := 100 * time.Millisecond
	for {
		err := wait(ctx, chatID)
		if err == nil || ctx.Err() != nil || time.Now().After(deadline) {
			return err
		}
		t := time.NewTimer(pause)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
		pause = min(2*pause, time.Second)
	}
}

// msgTooManyConnections answers a connection past its address's bound
// (LOA_HTTP_CONNS_PER_ADDR): a person behind a crowded shared network
// sees it in her browser.
const msgTooManyConnections = "Loa đang bận tiếp nhiều kết nối từ cùng một mạng. Chị vui lòng thử lại sau ít phút nhé."
