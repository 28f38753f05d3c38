package delivery

// A worker: claim a recipient, pace, send (the sender writes the fence once
// its request has a connection), record the outcome.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	"loa/chat"
	"loa/internal/backoff"
	"loa/store"
)

// worker claims and delivers until ctx ends; urgentOnly: only KindUrgent
// jobs (the worker kept for them).
func (e *Engine) worker(ctx context.Context, owner string, queues []store.OutboxQueue, urgentOnly bool) {
	bo := backoff.Backoff{Min: 100 * time.Millisecond, Max: 5 * time.Second}
	for ctx.Err() == nil {
		c, err := e.st.ClaimOutbox(ctx, store.OutboxClaimRequest{
			Queues: queues, Owner: owner, Max: e.opts.Batch, Lease: e.opts.Lease, AheadOnly: urgentOnly,
		})
		if err != nil {
			if ctx.Err() == nil {
				e.redisTrouble("claim", err)
				_ = sleep(ctx, bo.Next())
			}
			continue
		}
		bo.Reset()
		if len(c.Items) == 0 {
			idle := e.opts.PollEvery
			if c.RetryIn >= 0 && c.RetryIn < idle {
				idle = c.RetryIn + time.Millisecond
			}
			t := time.NewTimer(idle)
			select {
			case <-ctx.Done():
			case <-e.wake:
			case <-t.C:
			}
			t.Stop()
			continue
		}
		if pause := e.process(ctx, owner, c); pause > 0 {
			// The token is paused (429) for longer than a claim should be
			// held: the claims went back; look again in a while (other
			// platforms' jobs wait at most this long).
			_ = sleep(ctx, min(pause, 5*time.Second))
		}
	}
}

// process delivers one claim; whatever it cannot deliver now goes back. It
// returns how long the token is paused when that is why it stopped.
func (e *Engine) process(ctx context.Context, owner string, c store.OutboxClaim) time.Duration {
	release := func(items []store.OutboxItem) {
		idx := make([]string, len(items))
		for i, it := range items {
			idx[i] = it.Index
		}
		rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		if _, ended, err := e.st.ReleaseOutbox(rctx, c.JobID, owner, idx); err != nil {
			// The leases expire and another worker takes them: nothing lost.
			e.redisTrouble("release", err)
		} else if ended {
			e.reportEnd(rctx, c.JobID)
		}
	}
	parts, ch, kind, err := e.jobMessage(ctx, c.JobID)
	if errors.Is(err, errUnreadableJob) {
		// Retrying cannot help: every recipient fails, and the job ends
		// and is reported like any other (a notice's sender gets its
		// summary with the failures).
		e.failUnreadable(ctx, owner, c, err)
		return 0
	}
	if err != nil {
		e.redisTrouble("job message", err)
		release(c.Items)
		return time.Second
	}
	for i, it := range c.Items {
		if ctx.Err() != nil {
			release(c.Items[i:])
			return 0
		}
		if ok, pause := e.deliver(ctx, owner, c.JobID, ch, kind, parts, it); !ok {
			release(c.Items[i:])
			return pause
		}
	}
	return 0
}

// deliver sends the remaining parts of one recipient. It returns false when
// the worker should stop and give back its claims (shutdown, Redis trouble,
// or a long pause, whose length it returns).
func (e *Engine) deliver(ctx context.Context, owner, jobID string, ch *channel, kind Kind, parts []chat.Reply, it store.OutboxItem) (bool, time.Duration) {
	sendLease := e.opts.SendTimeout + e.opts.Lease
	// A recipient with no chat erased her data after the job was prepared
	// (store.Erase): she is recorded as failed, nothing is sent.
	erased := it.ChatID == ""
	for part := it.PartsDone; part < len(parts); {
		var err error
		var pause time.Duration
		// A bulk message to someone the platform will refuse is recorded as
		// that refusal without a request (see Prechecker).
		var skip error
		if pc, ok := ch.Sender.(Prechecker); ok && !erased && !kind.answersHer() {
			skip = pc.Precheck(ctx, it.ChatID)
		}
		switch {
		case erased || skip != nil: // no platform call, so no rate limit slot
		case kind.answersHer():
			// The reply lane, ahead of bulk; an emergency's also ahead of
			// what waits for her chat.
			err = ch.limiter.wait(ctx, it.ChatID, kind == KindUrgent)
		default:
			pause, err = ch.limiter.take(ctx, it.ChatID, e.opts.Lease/4)
		}
		if errors.Is(err, errHoldTooLong) {
			return false, pause
		}
		if err != nil {
			if ctx.Err() == nil {
				e.redisTrouble("rate limit", err)
				return false, 500 * time.Millisecond
			}
			return false, 0
		}
		if ctx.Err() != nil {
			return false, 0
		}
		// From here the request must finish and be recorded, even if ctx is
		// cancelled: a graceful stop leaves no recipient in doubt.
		var sendErr error
		mark, ended, unsent := store.MarkOK, false, false
		if erased || skip != nil {
			// No request: fence at once, so a cancelled job still
			// cancels her rather than failing her.
			if mark, ended, err = e.mark(ctx, jobID, it.Index, owner, part, sendLease); err != nil {
				return false, time.Second
			}
			sendErr = skip
			if erased {
				sendErr = &chat.SendError{Kind: chat.ErrPermanent, Reason: "recipient erased her data"}
			}
		} else {
			// The sender writes the fence itself, once the request has its
			// connection and before its first byte (chat.Reply.Fence): a
			// worker killed while connecting leaves her claimed, and another
			// sends her copy.
			f := &sendFence{e: e, ctx: ctx, jobID: jobID, index: it.Index, owner: owner, part: part, lease: sendLease}
			sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), e.opts.SendTimeout)
			msg := parts[part]
			// The slot was taken above: the adapter must not wait for a
			// second one. A queued reply is an answer to her; everything
			// else is bulk (Zalo keeps her menu then).
			msg.Paced, msg.Bulk, msg.Urgent, msg.Fence = true, !kind.answersHer(), kind == KindUrgent, f.write
			_, sendErr = ch.Sender.Send(sctx, it.ChatID, msg)
			cancel()
			if sendErr == nil && !f.wasWritten() {
				// A sender that ignores Fence sent her the message: fence it
				// now, so the record counts it (a crash during such a send
				// sends her a second copy).
				e.fenceIgnored.Do(func() { e.log.Warn("sender did not call the send fence", "platform", ch.platform) })
				_ = f.write()
			}
			var ferr error
			var written bool
			written, mark, ended, ferr = f.result()
			switch {
			case !written:
				unsent = true // the send failed before its fence: nothing of it left
			case ferr != nil:
				// Redis refused the fence, so the request did not leave; she
				// is still claimed and goes back with the claim.
				return false, time.Second
			}
		}
		switch mark {
		case store.MarkCancelled:
			if ended {
				e.reportEnd(ctx, jobID)
			}
			return true, 0
		case store.MarkStale:
			return true, 0
		}
		rec := store.OutboxRecord{
			JobID: jobID, Index: it.Index, Owner: owner, Part: part, Unsent: unsent,
			MaxAttempts: e.opts.MaxAttempts, Lease: e.opts.Lease, ProgressEvery: e.opts.ProgressEvery,
		}
		e.classify(ctx, ch, sendErr, it, &rec)
		res, ok := e.record(ctx, rec, time.Now().Add(sendLease))
		if !ok {
			return false, time.Second
		}
		if rec.Outcome == store.OutcomeBlocked && res.Result == store.RecordFinal && e.opts.OnBlocked != nil {
			e.opts.OnBlocked(context.WithoutCancel(ctx), ch.platform, it.ChatID, it.MemberKey)
		}
		if res.Result == store.RecordFinal && e.opts.OnOutcome != nil {
			if o := finalOutcome(rec, it); o != "" {
				e.opts.OnOutcome(context.WithoutCancel(ctx), ch.platform, o)
			}
		}
		if res.Result == store.RecordFinal && rec.Outcome == store.OutcomeFailed && rec.Unreachable != "" && e.opts.OnUnreachable != nil {
			e.opts.OnUnreachable(context.WithoutCancel(ctx), ch.platform, rec.Unreachable)
		}
		if res.Ended {
			e.reportEnd(ctx, jobID)
		} else if res.Progress {
			e.reportProgress(ctx, jobID)
		}
		if res.Result != store.RecordNext {
			return true, 0
		}
		part++
		it.Attempts = 0
	}
	return true, 0
}

// errNotYours: the fence found the recipient cancelled or taken by another
// worker (this one's claim ran out while it connected); nothing is sent.
var errNotYours = errors.New("delivery: the recipient is no longer this worker's to send")

// sendFence is one send's fence (chat.Reply.Fence): the sender calls write
// when its request is about to leave; the first call marks the recipient
// sending (mark), later calls return its result.
type sendFence struct {
	e                   *Engine
	ctx                 context.Context
	jobID, index, owner string
	part                int
	lease               time.Duration

	mu      sync.Mutex
	written bool // the mark was attempted
	mark    string
	ended   bool
	err     error
}

func (f *sendFence) write() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if !f.written {
		f.written = true
		f.mark, f.ended, f.err = f.e.mark(f.ctx, f.jobID, f.index, f.owner, f.part, f.lease)
	}
	switch {
	case f.err != nil:
		return f.err
	case f.mark != store.MarkOK:
		return errNotYours
	}
	return nil
}

func (f *sendFence) wasWritten() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.written
}

// result: whether the sender wrote the fence, and the mark's answer.
func (f *sendFence) result() (written bool, mark string, ended bool, err error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.written, f.mark, f.ended, f.err
}

// mark fences a send. It ignores ctx cancellation (a mark that reached Redis
// while its caller gave up would leave a recipient in doubt that was never
// sent) and retries a failed mark for up to 10s: the mark is idempotent for
// its owner.
func (e *Engine) mark(ctx context.Context, jobID, index, owner string, part int, lease time.Duration) (string, bool, error) {
	mctx := context.WithoutCancel(ctx)
	until := time.Now().Add(10 * time.Second)
	bo := backoff.Backoff{Min: 100 * time.Millisecond, Max: 2 * time.Second}
	for {
		res, ended, err := e.st.MarkOutboxSending(mctx, jobID, index, owner, part, lease)
		if err == nil {
			return res, ended, nil
		}
		e.redisTrouble("mark", err)
		if time.Now().After(until) {
			return "", false, err
		}
		time.Sleep(bo.Next())
	}
}

// classify turns a send error into an outcome; a 429 pauses the token.
func (e *Engine) classify(ctx context.Context, ch *channel, err error, it store.OutboxItem, rec *store.OutboxRecord) {
	if err == nil {
		rec.Outcome = store.OutcomeOK
		return
	}
	var se *chat.SendError
	if !errors.As(err, &se) {
		se = &chat.SendError{Kind: chat.ErrTemporary, Reason: "send: " + errorClass(err)}
	}
	rec.Reason = se.Reason
	if se.Kind == chat.ErrPermanent {
		rec.Unreachable = se.Unreachable
	}
	switch se.Kind {
	case chat.ErrBlocked:
		rec.Outcome = store.OutcomeBlocked
	case chat.ErrPermanent, chat.ErrUnreachable:
		// Unreachable (a closed web chat page) fails this message but is
		// not "blocked": she stays active for the next one.
		rec.Outcome = store.OutcomeFailed
	case chat.ErrRetryAfter:
		d := se.RetryAfter
		if d <= 0 {
			d = time.Second
		}
		rec.Outcome, rec.Delay = store.OutcomeLater, d
		if perr := ch.limiter.Pause(context.WithoutCancel(ctx), d); perr != nil {
			e.redisTrouble("pause", perr)
		}
		e.log.Warn("flood control: token paused", "platform", ch.platform, "retry_after", d)
	default:
		rec.Outcome = store.OutcomeRetry
		rec.Delay = backoff.Delay(e.opts.BackoffBase, e.opts.BackoffMax, it.Attempts)
	}
}

// finalOutcome names what a record that finished its recipient
// (RecordFinal) made of her, as outbox_record.lua decides it; "" when the
// job was cancelled before she got anything.
func finalOutcome(rec store.OutboxRecord, it store.OutboxItem) string {
	switch rec.Outcome {
	case store.OutcomeOK:
		if it.InDoubt {
			return OutcomeInDoubt
		}
		return OutcomeSent
	case store.OutcomeBlocked:
		return OutcomeBlocked
	case store.OutcomeRetry:
		if it.Attempts+1 >= rec.MaxAttempts {
			return OutcomeFailed // attempts used up
		}
		return "" // cancelled
	case store.OutcomeLater:
		return "" // cancelled
	}
	return OutcomeFailed
}

// errorClass names an error without its text, which may hold a URL with the
// bot token.
func errorClass(err error) string {
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		return "timeout"
	case errors.Is(err, context.Canceled):
		return "cancelled"
	default:
		return fmt.Sprintf("%T", err)
	}
}

// record writes a send's outcome, retrying through a Redis outage until the
// sending lease would run out (after that the reaper has made the recipient
// "in doubt", and the record would be stale anyway).
func (e *Engine) record(ctx context.Context, rec store.OutboxRecord, until time.Time) (store.OutboxRecorded, bool) {
	rctx := context.WithoutCancel(ctx)
	bo := backoff.Backoff{Min: 100 * time.Millisecond, Max: 5 * time.Second}
	for {
		res, err := e.st.RecordOutboxSend(rctx, rec)
		if err == nil {
			return res, true
		}
		e.redisTrouble("record", err)
		if time.Now().After(until) {
			e.log.Error("send outcome not recorded; the recipient will be in doubt", "job", rec.JobID, "error", err)
			return res, false
		}
		time.Sleep(bo.Next())
	}
}

// errUnreadableJob: a job's stored message cannot be read (it does not
// decode, its part count is wrong, it is gone, or its platform has no
// sender). Nothing a retry changes.
var errUnreadableJob = errors.New("job message unreadable")

// failUnreadable finishes the claimed recipients of a job whose message
// cannot be read as failed, each fenced like a send (so a recipient another
// worker owns is left alone), and logs the job once per engine.
func (e *Engine) failUnreadable(ctx context.Context, owner string, c store.OutboxClaim, cause error) {
	if _, seen := e.unreadable.LoadOrStore(c.JobID, true); !seen {
		e.log.Error("job message cannot be read: its recipients fail", "job", c.JobID, "error", cause)
	}
	var platform string
	if st, err := e.st.OutboxJobStatus(ctx, c.JobID); err == nil {
		platform = st.Platform
	}
	lease := e.opts.SendTimeout + e.opts.Lease
	for _, it := range c.Items {
		part := it.PartsDone
		mark, ended, err := e.mark(ctx, c.JobID, it.Index, owner, part, lease)
		if err != nil {
			return // the leases run out and another worker tries again
		}
		if mark != store.MarkOK {
			if ended {
				e.reportEnd(ctx, c.JobID)
			}
			continue
		}
		rec := store.OutboxRecord{
			JobID: c.JobID, Index: it.Index, Owner: owner, Part: part, Outcome: store.OutcomeFailed,
			Reason: "message unreadable", Lease: e.opts.Lease, ProgressEvery: e.opts.ProgressEvery,
		}
		res, ok := e.record(ctx, rec, time.Now().Add(lease))
		if !ok {
			return
		}
		if res.Result == store.RecordFinal && e.opts.OnOutcome != nil {
			e.opts.OnOutcome(context.WithoutCancel(ctx), platform, OutcomeFailed)
		}
		if res.Ended {
			e.reportEnd(ctx, c.JobID)
		} else if res.Progress {
			e.reportProgress(ctx, c.JobID)
		}
	}
}

func (e *Engine) jobMessage(ctx context.Context, jobID string) ([]chat.Reply, *channel, Kind, error) {
	st, err := e.st.OutboxJobStatus(ctx, jobID)
	if err != nil {
		return nil, nil, 0, err
	}
	kind := Kind(st.Kind)
	ch, ok := e.channels[st.Platform]
	if !ok {
		return nil, nil, 0, fmt.Errorf("%w: no sender for platform %q", errUnreadableJob, st.Platform)
	}
	e.payloadMu.Lock()
	parts, ok := e.payloads[jobID]
	e.payloadMu.Unlock()
	if ok {
		return parts, ch, kind, nil
	}
	b, err := e.st.OutboxPayload(ctx, jobID)
	if errors.Is(err, store.ErrOutboxJobUnknown) {
		return nil, nil, 0, fmt.Errorf("%w: %w", errUnreadableJob, err)
	}
	if err != nil {
		return nil, nil, 0, err
	}
	if err := json.Unmarshal(b, &parts); err != nil {
		return nil, nil, 0, fmt.Errorf("%w: decode job %s message: %w", errUnreadableJob, jobID, err)
	}
	if len(parts) != st.Parts {
		return nil, nil, 0, fmt.Errorf("%w: job %s: %d parts stored, %d expected", errUnreadableJob, jobID, len(parts), st.Parts)
	}
	e.payloadMu.Lock()
	if len(e.payloads) >= 32 {
		clear(e.payloads) // a few jobs run at a time; dropping the cache is cheap
	}
	e.payloads[jobID] = parts
	e.payloadMu.Unlock()
	return parts, ch, kind, nil
}
