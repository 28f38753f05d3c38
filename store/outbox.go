package store

import (
	"context"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"
)

// The outbox is the durable queue under bulk delivery (notices, scheduled
// posts, queued replies). Its scripts keep, per job, a list of recipients not
// yet tried, the working state of claimed ones and atomic counts, so a
// delivery worker killed at any moment loses nothing and never causes a
// second copy (see bot/delivery for the policy on a send in doubt).

var (
	//go:embed outbox_lib.lua
	outboxLibLua string
	//go:embed outbox_create.lua
	outboxCreateLua string
	//go:embed outbox_add.lua
	outboxAddLua string
	//go:embed outbox_start.lua
	outboxStartLua string
	//go:embed outbox_claim.lua
	outboxClaimLua string
	//go:embed outbox_mark.lua
	outboxMarkLua string
	//go:embed outbox_record.lua
	outboxRecordLua string
	//go:embed outbox_release.lua
	outboxReleaseLua string
	//go:embed outbox_reap.lua
	outboxReapLua string
	//go:embed outbox_cancel.lua
	outboxCancelLua string
	//go:embed outbox_erase.lua
	outboxEraseLua string
)

func outboxScript(body string) *redis.Script { return redis.NewScript(outboxLibLua + "\n" + body) }

var (
	outboxCreateScript  = outboxScript(outboxCreateLua)
	outboxAddScript     = outboxScript(outboxAddLua)
	outboxStartScript   = outboxScript(outboxStartLua)
	outboxClaimScript   = outboxScript(outboxClaimLua)
	outboxMarkScript    = outboxScript(outboxMarkLua)
	outboxRecordScript  = outboxScript(outboxRecordLua)
	outboxReleaseScript = outboxScript(outboxReleaseLua)
	outboxReapScript    = outboxScript(outboxReapLua)
	outboxCancelScript  = outboxScript(outboxCancelLua)
	outboxEraseScript   = outboxScript(outboxEraseLua)
)

// ErrOutboxJobUnknown: no such job (never created, or expired after its
// retention of 90 days).
var ErrOutboxJobUnknown = errors.New("unknown outbox job")

// ErrOutboxJobSealed: recipients can no longer be added, the job has started.
var ErrOutboxJobSealed = errors.New("outbox job already started")

// OutboxJob describes a job when it is created. Payload is the encoded
// message, opaque to store; Parts is how many platform messages it makes
// per recipient.
type OutboxJob struct {
	Platform       string
	TokenID        string // short hash of the bot token that will send it
	Kind           int    // delivery order: lower goes first
	AuthorPlatform string // who asked for it (for "my recent notices")
	AuthorChat     string
	Label          string // short, safe to show in a list of jobs
	Parts          int
	Payload        []byte
	// IdempotencyKey: a second create with the same key returns the first
	// job (a double press of "Gửi", a retried webhook). Empty = no dedupe.
	IdempotencyKey string
}

// OutboxRecipient is one destination chat and the member it belongs to.
type OutboxRecipient struct {
	ChatID    string
	MemberKey string
}

// OutboxStatus is a job's progress as stored.
type OutboxStatus struct {
	ID, Platform, TokenID      string
	Kind                       int
	AuthorPlatform, AuthorChat string
	Label                      string
	Parts                      int
	State                      string // open, running, done, cancelled
	Total, Sent, InDoubt       int64
	Blocked, Failed, Cancelled int64
	InFlight                   int64
	Created, Started, Finished time.Time
}

// Pending is the number of recipients without a final outcome yet.
func (s OutboxStatus) Pending() int64 {
	return s.Total - s.Sent - s.InDoubt - s.Blocked - s.Failed - s.Cancelled
}

// Ended reports whether the job has nothing left to do.
func (s OutboxStatus) Ended() bool { return !s.Finished.IsZero() }

// CreateOutboxJob creates a job, or returns the existing one for a repeated
// idempotency key (created=false).
func (s *Store) CreateOutboxJob(ctx context.Context, j OutboxJob) (id string, created bool, err error) {
	if j.Platform == "" || j.TokenID == "" || j.Parts < 1 {
		return "", false, errors.New("create outbox job: platform, token id and at least one part are required")
	}
	res, err := outboxCreateScript.Run(ctx, s.rdb, []string{keyOutboxSeq},
		hashIdempotencyKey(j.IdempotencyKey), j.Platform, j.TokenID, j.Kind, j.AuthorPlatform, j.AuthorChat,
		j.Label, j.Parts, j.Payload).StringSlice()
	if err != nil {
		return "", false, fmt.Errorf("create outbox job: %w", err)
	}
	return res[0], res[1] == "1", nil
}

// AddOutboxRecipients appends recipients to a job that has not started. A
// chat already in the job is skipped; it returns how many were new.
func (s *Store) AddOutboxRecipients(ctx context.Context, id string, rs []OutboxRecipient) (int, error) {
	if len(rs) == 0 {
		return 0, nil
	}
	args := make([]any, 0, 1+2*len(rs))
	args = append(args, id)
	for _, r := range rs {
		if r.ChatID == "" {
			return 0, fmt.Errorf("add outbox recipients: empty chat id (member %q)", r.MemberKey)
		}
		args = append(args, r.ChatID, r.MemberKey)
	}
	n, err := outboxAddScript.Run(ctx, s.rdb, []string{keyOutboxJob(id)}, args...).Int()
	switch {
	case err != nil:
		return 0, fmt.Errorf("add outbox recipients: %w", err)
	case n == -1:
		return 0, fmt.Errorf("add outbox recipients to %s: %w", id, ErrOutboxJobUnknown)
	case n == -2:
		return 0, fmt.Errorf("add outbox recipients to %s: %w", id, ErrOutboxJobSealed)
	}
	return n, nil
}

// StartOutboxJob seals a job and queues it for its token. Starting twice is
// harmless (started=false). ended is true when the job had no recipients.
func (s *Store) StartOutboxJob(ctx context.Context, id string) (started, ended bool, err error) {
	res, err := outboxStartScript.Run(ctx, s.rdb, []string{keyOutboxJob(id)}, id).Int64Slice()
	if err != nil {
		return false, false, fmt.Errorf("start outbox job: %w", err)
	}
	if res[0] == -1 {
		return false, false, fmt.Errorf("start outbox job %s: %w", id, ErrOutboxJobUnknown)
	}
	return res[0] == 1, res[1] == 1, nil
}

// OutboxPayload returns a job's encoded message.
func (s *Store) OutboxPayload(ctx context.Context, id string) ([]byte, error) {
	b, err := s.rdb.Get(ctx, keyOutboxPayload(id)).Bytes()
	if errors.Is(err, redis.Nil) {
		return nil, fmt.Errorf("read outbox payload %s: %w", id, ErrOutboxJobUnknown)
	}
	if err != nil {
		return nil, fmt.Errorf("read outbox payload: %w", err)
	}
	return b, nil
}

// OutboxQueue names one bot token's ready queue.
type OutboxQueue struct{ Platform, TokenID string }

// OutboxClaimRequest asks for work from the given queues.
type OutboxClaimRequest struct {
	Queues []OutboxQueue
	Owner  string        // unique per worker; only the owner may send
	Max    int           // recipients per claim
	Lease  time.Duration // how long the claim holds without progress
	Scan   int           // jobs looked at per queue (default 16)
}

// OutboxItem is one claimed recipient.
type OutboxItem struct {
	Index     string // the recipient's number within the job
	ChatID    string
	MemberKey string
	PartsDone int  // parts already delivered (a resumed long notice)
	Attempts  int  // failed transient attempts of the next part
	InDoubt   bool // an earlier part's delivery is unconfirmed
}

// OutboxClaim is the work one claim got: recipients of one job, or none and
// how long until a retry falls due (RetryIn < 0: nothing is waiting).
type OutboxClaim struct {
	JobID   string
	Parts   int
	Items   []OutboxItem
	RetryIn time.Duration
}

// ClaimOutbox atomically takes up to Max recipients of the first job in
// delivery order (kind, then age) that has work now.
func (s *Store) ClaimOutbox(ctx context.Context, r OutboxClaimRequest) (OutboxClaim, error) {
	if r.Scan <= 0 {
		r.Scan = 16
	}
	keys := []string{keyOutboxLeases}
	for _, q := range r.Queues {
		keys = append(keys, keyOutboxReady(q.Platform, q.TokenID))
	}
	res, err := outboxClaimScript.Run(ctx, s.rdb, keys, r.Owner, r.Max, r.Lease.Milliseconds(), r.Scan).StringSlice()
	if err != nil {
		return OutboxClaim{}, fmt.Errorf("claim outbox work: %w", err)
	}
	if len(res) < 2 {
		return OutboxClaim{}, fmt.Errorf("claim outbox work: unexpected reply %q", res)
	}
	if res[0] == "" {
		ms, _ := strconv.ParseInt(res[1], 10, 64)
		wait := time.Duration(ms) * time.Millisecond
		if ms < 0 {
			wait = -1
		}
		return OutboxClaim{RetryIn: wait}, nil
	}
	c := OutboxClaim{JobID: res[0]}
	c.Parts, _ = strconv.Atoi(res[1])
	for i := 2; i+4 < len(res); i += 5 {
		chat, member, _ := strings.Cut(res[i+4], "\x1f")
		done, _ := strconv.Atoi(res[i+1])
		attempts, _ := strconv.Atoi(res[i+2])
		c.Items = append(c.Items, OutboxItem{
			Index: res[i], ChatID: chat, MemberKey: member,
			PartsDone: done, Attempts: attempts, InDoubt: res[i+3] == "1",
		})
	}
	return c, nil
}

// Results of MarkOutboxSending.
const (
	MarkOK        = "ok"        // send now
	MarkStale     = "stale"     // not yours any more: do not send
	MarkCancelled = "cancelled" // the job was cancelled: do not send
)

// MarkOutboxSending fences one send: it succeeds only while the caller owns
// the recipient and part. It must be the last step before the request
// leaves: from here a lost worker leaves the recipient in doubt, never resent.
func (s *Store) MarkOutboxSending(ctx context.Context, jobID, index, owner string, part int, lease time.Duration) (result string, ended bool, err error) {
	res, err := outboxMarkScript.Run(ctx, s.rdb, []string{keyOutboxLeases}, jobID, index, owner, part, lease.Milliseconds()).StringSlice()
	if err != nil {
		return "", false, fmt.Errorf("mark outbox send: %w", err)
	}
	return res[0], len(res) > 1 && res[1] == "1", nil
}

// Outcomes of one send, for RecordOutboxSend.
const (
	OutcomeOK      = "ok"
	OutcomeBlocked = "blocked"
	OutcomeFailed  = "failed" // permanent
	OutcomeRetry   = "retry"  // transient: counts an attempt
	OutcomeLater   = "later"  // flood control: no attempt counted
)

// OutboxRecord is the outcome of sending one part to one recipient.
type OutboxRecord struct {
	JobID, Index, Owner string
	Part                int
	Outcome             string
	Reason              string        // failure reason, safe to show
	Delay               time.Duration // retry/later: when it falls due again
	MaxAttempts         int           // retry: attempts before it fails
	Lease               time.Duration // ok with more parts: the claim is renewed
	ProgressEvery       time.Duration // progress is due at most this often per job
}

// Results of RecordOutboxSend.
const (
	RecordFinal   = "final"   // the recipient has its outcome
	RecordNext    = "next"    // send the next part now; still yours
	RecordWaiting = "waiting" // queued for a retry
	RecordStale   = "stale"   // not yours any more: nothing changed
)

// OutboxRecorded says what a record did. Ended: this record ended the job
// (exactly one caller sees it). Progress: a progress report is due (at most
// once per ProgressEvery per job, across all workers).
type OutboxRecorded struct {
	Result   string
	Ended    bool
	Progress bool
}

// RecordOutboxSend records a send's outcome, fenced by ownership.
func (s *Store) RecordOutboxSend(ctx context.Context, r OutboxRecord) (OutboxRecorded, error) {
	if r.MaxAttempts <= 0 {
		r.MaxAttempts = 1
	}
	reason := r.Reason
	if len(reason) > 300 {
		reason = reason[:300]
	}
	res, err := outboxRecordScript.Run(ctx, s.rdb, []string{keyOutboxLeases},
		r.JobID, r.Index, r.Owner, r.Part, r.Outcome, reason, r.Delay.Milliseconds(),
		r.MaxAttempts, r.Lease.Milliseconds(), r.ProgressEvery.Milliseconds()).StringSlice()
	if err != nil {
		return OutboxRecorded{}, fmt.Errorf("record outbox send: %w", err)
	}
	return OutboxRecorded{Result: res[0], Ended: res[1] == "1", Progress: res[2] == "1"}, nil
}

// ReleaseOutbox gives back claimed recipients the caller will not send to
// now; they are due again at once for any worker.
func (s *Store) ReleaseOutbox(ctx context.Context, jobID, owner string, indexes []string) (released int, ended bool, err error) {
	if len(indexes) == 0 {
		return 0, false, nil
	}
	args := []any{jobID, owner}
	for _, i := range indexes {
		args = append(args, i)
	}
	res, err := outboxReleaseScript.Run(ctx, s.rdb, []string{keyOutboxLeases}, args...).Int64Slice()
	if err != nil {
		return 0, false, fmt.Errorf("release outbox claims: %w", err)
	}
	return int(res[0]), res[1] == 1, nil
}

// OutboxReaped says what a reap did. Each job in Ended and each recipient
// in InDoubt is given to exactly one reaper, across all replicas.
type OutboxReaped struct {
	Reaped int      // expired leases recovered
	Ended  []string // jobs this reap ended
	// InDoubt holds the platform of each recipient this reap finished "in
	// doubt": her last part was being sent by a worker that was lost (or
	// outlived its sending lease), so no worker will record her.
	InDoubt []string
}

// ReapOutboxLeases recovers up to max expired leases of lost workers: a
// claimed recipient is due again; a sending one is in doubt and not resent.
func (s *Store) ReapOutboxLeases(ctx context.Context, max int) (OutboxReaped, error) {
	res, err := outboxReapScript.Run(ctx, s.rdb, []string{keyOutboxLeases}, max).StringSlice()
	if err != nil {
		return OutboxReaped{}, fmt.Errorf("reap outbox leases: %w", err)
	}
	var r OutboxReaped
	r.Reaped, _ = strconv.Atoi(res[0])
	n, _ := strconv.Atoi(res[1])
	if n < 0 || 2+n > len(res) {
		return OutboxReaped{}, fmt.Errorf("reap outbox leases: unexpected reply %q", res)
	}
	r.Ended = res[2 : 2+n]
	r.InDoubt = res[2+n:]
	return r, nil
}

// CancelOutboxJob stops a job: recipients not sent yet become cancelled;
// sends in flight finish. cancelled=false when it had already ended.
func (s *Store) CancelOutboxJob(ctx context.Context, id string) (cancelled, ended bool, err error) {
	res, err := outboxCancelScript.Run(ctx, s.rdb, []string{keyOutboxJob(id)}, id).Int64Slice()
	if err != nil {
		return false, false, fmt.Errorf("cancel outbox job: %w", err)
	}
	if res[0] == -1 {
		return false, false, fmt.Errorf("cancel outbox job %s: %w", id, ErrOutboxJobUnknown)
	}
	return res[0] == 1, res[1] == 1, nil
}

// OutboxJobStatus reads a job's counts and state.
func (s *Store) OutboxJobStatus(ctx context.Context, id string) (OutboxStatus, error) {
	m, err := s.rdb.HGetAll(ctx, keyOutboxJob(id)).Result()
	if err != nil {
		return OutboxStatus{}, fmt.Errorf("read outbox job: %w", err)
	}
	if len(m) == 0 {
		return OutboxStatus{}, fmt.Errorf("read outbox job %s: %w", id, ErrOutboxJobUnknown)
	}
	return outboxStatusFrom(id, m), nil
}

// OutboxJobsByAuthor lists up to n of a sender's most recent jobs, newest first.
func (s *Store) OutboxJobsByAuthor(ctx context.Context, platform, chatID string, n int) ([]OutboxStatus, error) {
	if n <= 0 {
		return nil, nil
	}
	ids, err := s.rdb.LRange(ctx, keyOutboxByAuthor(platform, chatID), 0, int64(n)-1).Result()
	if err != nil {
		return nil, fmt.Errorf("list outbox jobs: %w", err)
	}
	pipe := s.rdb.Pipeline()
	cmds := make([]*redis.MapStringStringCmd, len(ids))
	for i, id := range ids {
		cmds[i] = pipe.HGetAll(ctx, keyOutboxJob(id))
	}
	if _, err := pipe.Exec(ctx); err != nil {
		return nil, fmt.Errorf("list outbox jobs: %w", err)
	}
	out := make([]OutboxStatus, 0, len(ids))
	for i, c := range cmds {
		if m := c.Val(); len(m) > 0 {
			out = append(out, outboxStatusFrom(ids[i], m))
		}
	}
	return out, nil
}

// OutboxOutcomes lists the members of a job not simply delivered: member
// key → "blocked", "failed: <reason>" or "in doubt".
func (s *Store) OutboxOutcomes(ctx context.Context, id string) (map[string]string, error) {
	m, err := s.rdb.HGetAll(ctx, keyOutboxOutcomes(id)).Result()
	if err != nil {
		return nil, fmt.Errorf("read outbox outcomes: %w", err)
	}
	return m, nil
}

func outboxStatusFrom(id string, m map[string]string) OutboxStatus {
	i := func(k string) int64 { v, _ := strconv.ParseInt(m[k], 10, 64); return v }
	t := func(k string) time.Time {
		if ms := i(k); ms > 0 {
			return time.UnixMilli(ms)
		}
		return time.Time{}
	}
	return OutboxStatus{
		ID: id, Platform: m["platform"], TokenID: m["token"], Kind: int(i("kind")),
		AuthorPlatform: m["author_platform"], AuthorChat: m["author_chat"], Label: m["label"],
		Parts: int(i("parts")), State: m["state"],
		Total: i("total"), Sent: i("sent"), InDoubt: i("indoubt"), Blocked: i("blocked"),
		Failed: i("failed"), Cancelled: i("cancelled"), InFlight: i("inflight"),
		Created: t("created"), Started: t("started"), Finished: t("finished"),
	}
}

// hashIdempotencyKey is how an idempotency key is stored: callers build keys
// from what they have at hand ("remind:17:telegram:12345"), and a hash keeps
// a person's id out of key names and job fields, which live 90 days.
func hashIdempotencyKey(key string) string {
	if key == "" {
		return ""
	}
	sum := sha256.Sum256([]byte(key))
	return hex.EncodeToString(sum[:16])
}

// eraseFromOutbox removes a person from the outbox (see outbox_erase.lua):
// authorship of her jobs, her outcome records (moved to tombstone), and her
// chat in jobs not finished yet (recorded as failed, never sent).
func (s *Store) eraseFromOutbox(ctx context.Context, who Identity, chatID, tombstone string) error {
	if err := outboxEraseScript.Run(ctx, s.rdb, []string{keyOutboxLeases},
		who.String(), chatID, who.Platform, tombstone).Err(); err != nil {
		return fmt.Errorf("erase from outbox: %w", err)
	}
	return nil
}
