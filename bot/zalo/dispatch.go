package zalo

import (
	"context"
	"errors"
	"hash/fnv"
	"sync"
	"time"

	"loa/handlers"
)

// Workers and queue depth of a dispatcher. Updates of one chat always go to
// the same worker, so a member's messages are answered in order while
// different chats are served in parallel.
const (
	dispatchWorkers = 16
	dispatchQueue   = 64
	// processTimeout bounds one update: handler plus replies.
	processTimeout = 2 * time.Minute
)

// apologyText is the answer to a message Loa cannot read (a file, a voice
// message, a contact card, a picture without words).
const apologyText = "Xin lỗi, Loa chỉ đọc được tin nhắn chữ. Chị nhắn bằng chữ giúp Loa nhé."

// apologyCooldown keeps Loa from apologising for every one of ten pictures.
const apologyCooldown = 10 * time.Minute

// dispatcher hands updates to per-chat-ordered workers.
type dispatcher struct {
	a      *Adapter
	h      Handler
	mu     sync.RWMutex
	closed bool
	queues []chan wireUpdate
	wg     sync.WaitGroup
	// ctx is every update's parent: stop cancels it when the drain runs
	// out, so no worker outlives stop (and touches Redis after main has
	// closed it).
	ctx    context.Context
	cancel context.CancelFunc
}

func (a *Adapter) newDispatcher(h Handler) *dispatcher {
	d := &dispatcher{a: a, h: h, queues: make([]chan wireUpdate, dispatchWorkers)}
	d.ctx, d.cancel = context.WithCancel(context.Background())
	for i := range d.queues {
		q := make(chan wireUpdate, dispatchQueue)
		d.queues[i] = q
		d.wg.Add(1)
		go func() {
			defer d.wg.Done()
			for w := range q {
				d.process(w)
			}
		}()
	}
	return d
}

func (d *dispatcher) queueFor(w wireUpdate) chan wireUpdate {
	key := ""
	if w.Message != nil {
		key = string(w.Message.Chat.ID)
	}
	h := fnv.New32a()
	h.Write([]byte(key))
	return d.queues[h.Sum32()%uint32(len(d.queues))]
}

// offer queues w without waiting; false when closed or that worker is full
// (the webhook then answers 503 and Zalo may retry).
func (d *dispatcher) offer(w wireUpdate) bool {
	d.mu.RLock()
	defer d.mu.RUnlock()
	if d.closed {
		return false
	}
	select {
	case d.queueFor(w) <- w:
		return true
	default:
		return false
	}
}

// submit queues w, waiting for room (the poll loop slows down instead of
// dropping updates it already took from Zalo).
func (d *dispatcher) submit(ctx context.Context, w wireUpdate) bool {
	d.mu.RLock()
	defer d.mu.RUnlock()
	if d.closed {
		return false
	}
	select {
	case d.queueFor(w) <- w:
		return true
	case <-ctx.Done():
		return false
	}
}

// stop refuses new updates and waits for the queued ones until ctx ends;
// then it cancels the updates still in hand (queued ones are dropped: Zalo
// has them acknowledged, so each is logged) and waits for the workers to
// return. It returns ctx's error when updates were cut short.
func (d *dispatcher) stop(ctx context.Context) error {
	d.mu.Lock()
	if !d.closed {
		d.closed = true
		for _, q := range d.queues {
			close(q)
		}
	}
	d.mu.Unlock()
	done := make(chan struct{})
	go func() { d.wg.Wait(); close(done) }()
	select {
	case <-done:
		d.cancel()
		return nil
	case <-ctx.Done():
		d.cancel()
		<-done
		return ctx.Err()
	}
}

// process handles one update. It runs on the dispatcher's context, not the
// poll loop's: an update Loa has taken from Zalo is answered even while the
// bot shuts down, until stop's drain runs out.
func (d *dispatcher) process(w wireUpdate) {
	a := d.a
	if d.ctx.Err() != nil {
		a.log.Warn("zalo update dropped at shutdown", "event", w.EventName)
		return
	}
	ctx, cancel := context.WithTimeout(d.ctx, processTimeout)
	defer cancel()
	defer func() {
		if p := recover(); p != nil {
			a.log.Error("zalo update handling panicked", "event", w.EventName, "error", p)
		}
	}()
	u, act := classify(w)
	switch act {
	case actIgnore:
		a.log.Debug("zalo update ignored", "event", w.EventName)
		return
	case actApologize:
		if !a.apologies.due(u.ChatID, time.Now()) {
			return
		}
		if err := a.sendWithRetry(ctx, u.ChatID, apologyText); err != nil {
			a.log.Warn("zalo apology not sent", "event", w.EventName, "error", err)
		}
		return
	}
	a.pressButton(ctx, &u)
	replies := d.h.Handle(ctx, u)
	if len(replies) == 0 {
		return // a duplicate dropped by the router, say: the menu stays as it was
	}
	var menu []handlers.Button
	for _, r := range replies {
		parts, err := a.render(ctx, r)
		if err == nil {
			for _, p := range parts {
				if err = a.sendWithRetry(ctx, u.ChatID, p); err != nil {
					break
				}
			}
		}
		if err != nil {
			// Later replies would most likely fail the same way (blocked, 400).
			var se *handlers.SendError
			if errors.As(err, &se) && (se.Kind == handlers.ErrBlocked || se.Kind == handlers.ErrPermanent) {
				a.log.Warn("zalo reply not delivered", "chat_id", u.ChatID, "kind", se.Kind.String(), "error", err)
				return
			}
			a.log.Warn("zalo reply lost", "chat_id", u.ChatID, "error", err)
			if a.cfg.OnReplyLost != nil {
				a.cfg.OnReplyLost(u.ChatID)
			}
			return
		}
		if len(r.Buttons) > 0 {
			menu = flatten(r.Buttons)
		}
	}
	a.rememberMenu(ctx, u.ChatID, menu)
}

// apologyLog remembers when each chat was last told that Loa reads only text.
type apologyLog struct {
	mu   sync.Mutex
	last map[string]time.Time
}

// due reports whether chatID may get an apology now, and records it.
func (l *apologyLog) due(chatID string, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.last == nil {
		l.last = map[string]time.Time{}
	}
	if t, ok := l.last[chatID]; ok && now.Sub(t) < apologyCooldown {
		return false
	}
	if len(l.last) > 10_000 { // forget old entries so the map stays small
		for id, t := range l.last {
			if now.Sub(t) >= apologyCooldown {
				delete(l.last, id)
			}
		}
	}
	l.last[chatID] = now
	return true
}
