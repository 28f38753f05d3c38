package main

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"loa/bot/delivery"
	"loa/chat"
)

// msgReplyLost is sent, once Redis and the platform work again, to a member
// whose reply was lost to an outage.
const msgReplyLost = "Xin lỗi chị, lúc nãy Loa gặp trục trặc nên chưa trả lời được tin nhắn của chị. Chị vui lòng gửi lại câu hỏi giúp Loa nhé."

// maxOwed bounds the apologies kept in memory during a long outage; past
// it, later losses are still logged but not apologised for.
const maxOwed = 10_000

// apologies remembers members whose reply was lost (the adapters report
// them; each loss is logged there) and, once Redis answers again, sends
// each one apology. The list is in memory on purpose: it is needed exactly
// when Redis is not there to hold it. A restart forgets it.
type apologies struct {
	log     *slog.Logger
	ping    func(ctx context.Context) error
	senders map[string]sender
	every   time.Duration

	mu   sync.Mutex
	owed map[chatKey]bool
}

type chatKey struct{ platform, chatID string }

func newApologies(log *slog.Logger, ping func(context.Context) error, senders map[string]sender) *apologies {
	return &apologies{log: log, ping: ping, senders: senders, every: time.Second, owed: map[chatKey]bool{}}
}

// lost records that platform's chat is owed an apology.
func (a *apologies) lost(platform string) func(chatID string) {
	return func(chatID string) {
		a.mu.Lock()
		defer a.mu.Unlock()
		if len(a.owed) >= maxOwed {
			a.log.Warn("too many lost replies: no apology for this one", "platform", platform)
			return
		}
		a.owed[chatKey{platform, chatID}] = true
	}
}

// Run sends the owed apologies whenever Redis answers, until ctx ends.
func (a *apologies) Run(ctx context.Context) error {
	t := time.NewTicker(a.every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
		a.mu.Lock()
		n := len(a.owed)
		a.mu.Unlock()
		if n == 0 {
			continue
		}
		pctx, cancel := context.WithTimeout(ctx, 2*time.Second)
		err := a.ping(pctx)
		cancel()
		if err != nil {
			continue
		}
		a.sendOwed(ctx)
	}
}

func (a *apologies) sendOwed(ctx context.Context) {
	a.mu.Lock()
	keys := make([]chatKey, 0, len(a.owed))
	for k := range a.owed {
		keys = append(keys, k)
	}
	a.mu.Unlock()
	for _, k := range keys {
		s, ok := a.senders[k.platform]
		if !ok {
			a.forget(k)
			continue
		}
		sctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		_, err := s.Send(sctx, k.chatID, chat.Reply{Text: msgReplyLost})
		cancel()
		if err != nil {
			if se, ok := err.(*chat.SendError); ok && (se.Kind == chat.ErrBlocked || se.Kind == chat.ErrPermanent) {
				a.forget(k)
			}
			// Otherwise kept: the next round tries again.
			if ctx.Err() != nil {
				return
			}
			continue
		}
		a.forget(k)
		a.log.Info("apology sent for a lost reply", "platform", k.platform, "chat_id", k.chatID)
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
	deadline := time.Now().Add(p.patience)
	pause := 100 * time.Millisecond
	for {
		err := p.l.Wait(ctx, chatID)
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
