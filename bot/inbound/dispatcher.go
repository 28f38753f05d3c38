// Package inbound dispatches platform updates fairly: in order within one
// chat, concurrently across chats, each chat's backlog bounded so that one
// person sending a thousand messages neither holds up anyone else nor fills
// the shared bound. Every adapter hands its updates to it through Offer
// (admission.go), and a webhook's door is Webhook (webhook.go).
package inbound

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
)

// Bounds of a Dispatcher. Zero fields take the defaults.
type Bounds struct {
	// Total bounds updates accepted and not yet handled, all chats
	// together (1000 when zero): past it the poll loop waits and a webhook
	// answers 503, so the platform keeps the rest.
	Total int
	// PerChat bounds one chat's backlog (32 when zero): past it that chat's
	// updates are dropped, never waited for. It is above the per-member
	// flood limit's burst, so what is dropped is what the flood limit would
	// have refused anyway.
	PerChat int
}

const (
	defaultTotal   = 1000
	defaultPerChat = 32
)

// Result is what Submit did with a job.
type Result int

const (
	// Accepted: the job is queued behind its chat's earlier jobs.
	Accepted Result = iota
	// ChatFull: the chat's backlog is at its bound; the job was dropped.
	// Take the update from the platform anyway: it was a flood.
	ChatFull
	// Busy: the total bound is reached or the dispatcher is stopping;
	// leave the update with the platform (wait, or answer 503).
	Busy
)

// Dispatcher runs jobs concurrently across keys (chats) and in order within
// one key: one goroutine per key with work, gone when its queue is empty.
// It is safe for concurrent use.
type Dispatcher struct {
	log     *slog.Logger
	ctx     context.Context
	cancel  context.CancelFunc
	bounds  Bounds
	mu      sync.Mutex
	queues  map[string][]func(context.Context)
	dropped map[string]int // per key with a queue: jobs dropped since it was last empty
	pending int
	closed  bool
	room    chan struct{} // a token when pending dropped
	wg      sync.WaitGroup
}

// New returns a dispatcher; log gets panics and dropped floods.
func New(b Bounds, log *slog.Logger) *Dispatcher {
	if b.Total <= 0 {
		b.Total = defaultTotal
	}
	if b.PerChat <= 0 {
		b.PerChat = defaultPerChat
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	ctx, cancel := context.WithCancel(context.Background())
	return &Dispatcher{log: log, ctx: ctx, cancel: cancel, bounds: b,
		queues: map[string][]func(context.Context){}, dropped: map[string]int{}, room: make(chan struct{}, 1)}
}

// HasRoom reports whether a job of a chat with room would be accepted now.
func (d *Dispatcher) HasRoom() bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	return !d.closed && d.pending < d.bounds.Total
}

// WaitRoom blocks until the total bound has room; false when ctx ended.
func (d *Dispatcher) WaitRoom(ctx context.Context) bool {
	for {
		if ctx.Err() != nil {
			return false
		}
		if d.HasRoom() {
			return true
		}
		select {
		case <-d.room:
		case <-ctx.Done():
			return false
		}
	}
}

// Submit queues job behind the earlier jobs of key. The job's context ends
// when Stop gives up waiting.
func (d *Dispatcher) Submit(key string, job func(context.Context)) Result {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.closed || d.pending >= d.bounds.Total {
		return Busy
	}
	q, running := d.queues[key]
	if len(q) >= d.bounds.PerChat {
		d.dropped[key]++
		if d.dropped[key] == 1 {
			// Once per overflow, not per dropped update: a flood would
			// flood the log too. The key is a chat id, not a message.
			d.log.Warn("a chat's backlog is full: its further updates are dropped until it drains", "backlog", len(q))
		}
		return ChatFull
	}
	d.pending++
	d.queues[key] = append(q, job)
	if !running {
		d.wg.Add(1)
		go d.run(key)
	}
	return Accepted
}

// Busy reports whether key has a job running or waiting: a job submitted
// now would wait for them.
func (d *Dispatcher) Busy(key string) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	_, running := d.queues[key]
	return running
}

// Go runs job now, outside any chat queue, but waited for by Stop.
func (d *Dispatcher) Go(job func(context.Context)) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.closed {
		return
	}
	d.wg.Add(1)
	go func() {
		defer d.wg.Done()
		job(d.ctx)
	}()
}

func (d *Dispatcher) run(key string) {
	defer d.wg.Done()
	for {
		d.mu.Lock()
		q := d.queues[key]
		if len(q) == 0 {
			delete(d.queues, key)
			delete(d.dropped, key)
			d.mu.Unlock()
			return
		}
		job := q[0]
		q[0] = nil
		d.queues[key] = q[1:]
		d.mu.Unlock()

		d.runJob(job)

		d.mu.Lock()
		d.pending--
		d.mu.Unlock()
		select {
		case d.room <- struct{}{}:
		default:
		}
	}
}

// runJob keeps one chat's panic from stopping that chat's queue; the router
// recovers panics itself, this is the last line.
func (d *Dispatcher) runJob(job func(context.Context)) {
	defer func() {
		if p := recover(); p != nil {
			d.log.Error("update handling panicked", "panic", fmt.Sprint(p))
		}
	}()
	job(d.ctx)
}

// Stop refuses new jobs and waits for the queued ones until ctx ends; then
// it cancels the jobs' context, waits for them to return, and reports
// ctx's error.
func (d *Dispatcher) Stop(ctx context.Context) error {
	d.mu.Lock()
	d.closed = true
	d.mu.Unlock()
	done := make(chan struct{})
	go func() {
		d.wg.Wait()
		close(done)
	}()
	var err error
	select {
	case <-done:
	case <-ctx.Done():
		err = ctx.Err()
		d.cancel()
		<-done
	}
	d.cancel()
	return err
}
