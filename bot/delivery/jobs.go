package delivery

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"loa/chat"
	"loa/store"
)

// Kind orders jobs: a lower kind goes out first.
type Kind int

const (
	// KindUrgent is a queued reply to an emergency (chat.Reply.Urgent): it
	// goes before every other job of its bot token, and takes its chat's
	// next slot ahead of the replies and bulk messages already waiting for
	// the chat (Limiter.WaitUrgent). It is below the first kind ever stored
	// (0), so jobs stored before it keep their order.
	KindUrgent Kind = -1
	KindReply  Kind = 0 // a queued reply to a member's own message
	KindNotice Kind = 1 // a notice from a branch head or staff
	KindPost   Kind = 2 // a scheduled outreach post
)

// answersHer reports whether a job of kind k answers a member's own
// message (a reply, urgent or not) rather than being bulk work: it books
// its rate slot ahead of bulk, and her reach and menu are not a notice's.
func (k Kind) answersHer() bool { return k <= KindReply }

// Author is the chat that asked for a job (the notice's sender), for
// listing a sender's recent jobs.
type Author struct {
	Platform string
	ChatID   string
}

// Job describes a job to create.
type Job struct {
	Platform string // where it goes: chat.Telegram or chat.Zalo
	Kind     Kind
	Author   Author
	// Label is a short title shown in ListJobs (e.g. the first words of a
	// notice); it is stored, never logged.
	Label   string
	Message chat.Reply // split into parts under the platform's limit
	// IdempotencyKey makes CreateJob return the first job on a repeat: a
	// double press of "Gửi", a retried webhook. Empty = no dedupe.
	IdempotencyKey string
}

// Recipient is one destination chat and the member it belongs to (reported
// to OnBlocked and kept in the outcomes).
type Recipient struct {
	ChatID    string
	MemberKey string
}

// JobStatus is a job's progress.
type JobStatus struct {
	ID       string
	Platform string
	Kind     Kind
	Author   Author
	Label    string
	Parts    int    // platform messages per recipient
	State    string // "open" (adding recipients), "running", "done", "cancelled"
	Total    int64
	Sent     int64
	// InDoubt: the sending worker died during the request; counted as
	// delivered, never resent (see the package doc).
	InDoubt   int64
	Blocked   int64
	Failed    int64
	Cancelled int64
	Pending   int64 // no outcome yet
	// Unreachable counts, per chat.Unreachable* code, the Failed recipients
	// a platform's reach rules kept out (not attempted, or refused).
	Unreachable map[string]int64
	Created     time.Time
	Started     time.Time
	Finished    time.Time // zero while the job runs
	Done        bool      // nothing left to do
}

// ErrUnknownJob: no such job (or it expired, 90 days after it ended).
var ErrUnknownJob = store.ErrOutboxJobUnknown

// ErrJobStarted: recipients were added after Start.
var ErrJobStarted = store.ErrOutboxJobSealed

// CreateJob stores a job for the platform's bot token. On a repeated
// idempotency key it returns the existing job and created=false; the caller
// then skips adding recipients if the job is no longer "open".
func (e *Engine) CreateJob(ctx context.Context, j Job) (id string, created bool, err error) {
	ch, ok := e.channels[j.Platform]
	if !ok {
		return "", false, fmt.Errorf("create job: no sender for platform %q", j.Platform)
	}
	parts := splitMessage(j.Message, ch.maxText, ch.countText)
	if len(parts) == 0 {
		return "", false, errors.New("create job: empty message")
	}
	payload, err := json.Marshal(parts)
	if err != nil {
		return "", false, fmt.Errorf("create job: encode message: %w", err)
	}
	return e.st.CreateOutboxJob(ctx, store.OutboxJob{
		Platform: j.Platform, TokenID: ch.TokenID, Kind: int(j.Kind),
		AuthorPlatform: j.Author.Platform, AuthorChat: j.Author.ChatID, Label: j.Label,
		Parts: len(parts), Payload: payload, IdempotencyKey: j.IdempotencyKey,
	})
}

// AddRecipients appends a batch (a few hundred to a few thousand) to a job
// before Start. A chat already in the job is skipped, so re-adding a batch
// after a crash is safe. It returns how many were new.
func (e *Engine) AddRecipients(ctx context.Context, jobID string, rs []Recipient) (int, error) {
	out := make([]store.OutboxRecipient, len(rs))
	for i, r := range rs {
		out[i] = store.OutboxRecipient{ChatID: r.ChatID, MemberKey: r.MemberKey}
	}
	return e.st.AddOutboxRecipients(ctx, jobID, out)
}

// Start seals the job and lets the workers of every engine take it. Starting
// twice is harmless.
func (e *Engine) Start(ctx context.Context, jobID string) error {
	_, ended, err := e.st.StartOutboxJob(ctx, jobID)
	if err != nil {
		return err
	}
	if ended {
		e.reportEnd(ctx, jobID)
	}
	e.wakeWorkers()
	return nil
}

// Enqueue queues one reply to one chat ahead of all bulk work; use it when a
// reply cannot go out at once. An urgent reply (r.Urgent) is a KindUrgent
// job, ahead of the other replies too. It returns the job id.
func (e *Engine) Enqueue(ctx context.Context, platform, chatID string, r chat.Reply, idempotencyKey string) (string, error) {
	kind := KindReply
	if r.Urgent {
		kind = KindUrgent
	}
	id, _, err := e.CreateJob(ctx, Job{Platform: platform, Kind: kind, Message: r, IdempotencyKey: idempotencyKey})
	if err != nil {
		return "", fmt.Errorf("enqueue reply: %w", err)
	}
	// A repeat after a crash between create and start finds the job open:
	// adding the chat again is harmless (one copy per chat).
	if _, err := e.AddRecipients(ctx, id, []Recipient{{ChatID: chatID}}); err != nil && !errors.Is(err, ErrJobStarted) {
		return "", fmt.Errorf("enqueue reply: %w", err)
	}
	if err := e.Start(ctx, id); err != nil {
		return "", fmt.Errorf("enqueue reply: %w", err)
	}
	return id, nil
}

// Cancel stops a job still going out: recipients not reached yet become
// cancelled; sends already in flight finish. It reports false when the job
// had already ended.
func (e *Engine) Cancel(ctx context.Context, jobID string) (bool, error) {
	cancelled, ended, err := e.st.CancelOutboxJob(ctx, jobID)
	if err != nil {
		return false, err
	}
	if ended {
		e.reportEnd(ctx, jobID)
	}
	return cancelled, nil
}

// Status reads a job's progress.
func (e *Engine) Status(ctx context.Context, jobID string) (JobStatus, error) {
	return ReadStatus(ctx, e.st, jobID)
}

// ReadStatus reads a job's progress from the store alone, for a reader
// that needs no engine (the notices' progress reports, which the engine
// itself calls).
func ReadStatus(ctx context.Context, st *store.Store, jobID string) (JobStatus, error) {
	s, err := st.OutboxJobStatus(ctx, jobID)
	if err != nil {
		return JobStatus{}, err
	}
	return jobStatus(s), nil
}

// ListJobs lists up to n of an author's most recent jobs, newest first
// (the last 50 are kept), for /thongbaocu.
func (e *Engine) ListJobs(ctx context.Context, author Author, n int) ([]JobStatus, error) {
	list, err := e.st.OutboxJobsByAuthor(ctx, author.Platform, author.ChatID, n)
	if err != nil {
		return nil, err
	}
	out := make([]JobStatus, len(list))
	for i, s := range list {
		out[i] = jobStatus(s)
	}
	return out, nil
}

// Outcomes lists the members of a job not simply delivered: member key →
// "blocked", "failed: <reason>" or "in doubt".
func (e *Engine) Outcomes(ctx context.Context, jobID string) (map[string]string, error) {
	return e.st.OutboxOutcomes(ctx, jobID)
}

func jobStatus(s store.OutboxStatus) JobStatus {
	return JobStatus{
		ID: s.ID, Platform: s.Platform, Kind: Kind(s.Kind),
		Author: Author{Platform: s.AuthorPlatform, ChatID: s.AuthorChat},
		Label:  s.Label, Parts: s.Parts, State: s.State,
		Total: s.Total, Sent: s.Sent, InDoubt: s.InDoubt, Blocked: s.Blocked,
		Failed: s.Failed, Cancelled: s.Cancelled, Pending: s.Pending(), Unreachable: s.Unreachable,
		Created: s.Created, Started: s.Started, Finished: s.Finished, Done: s.Ended(),
	}
}

// splitMessage cuts a reply's text into parts of at most limit units; the
// buttons and the file ride on the last part. limit 0 = no split.
func splitMessage(r chat.Reply, limit int, count func(string) int) []chat.Reply {
	r.EditMessageID = ""
	texts := chat.SplitText(r.Text, limit, count)
	if len(texts) <= 1 {
		if len(texts) == 1 {
			r.Text = texts[0]
		}
		if r.Text == "" && r.File == nil {
			return nil
		}
		return []chat.Reply{r}
	}
	parts := make([]chat.Reply, len(texts))
	for i, t := range texts {
		parts[i] = chat.Reply{Text: t}
	}
	parts[len(parts)-1].Buttons = r.Buttons
	parts[len(parts)-1].File = r.File
	return parts
}
