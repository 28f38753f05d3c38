package store

import (
	"context"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
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
	// Unreachable counts the failed recipients per chat.Unreachable* code.
	Unreachable map[string]int64
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
	idem := hashIdempotencyKey(j.IdempotencyKey)
	// The id is taken before the script runs, so the script is given the
	// job's key names. An id taken by a call that then finds its
	// idempotency key used (or dies) is skipped: ids only need to grow.
	seq, err := s.rdb.Incr(ctx, s.keyOutboxSeq()).Result()
	if err != nil {
		return "", false, fmt.Errorf("create outbox job: %w", err)
	}
	id = strconv.FormatInt(seq, 10)
	keys := []string{s.keyOutboxLive(), s.keyOutboxJob(id), s.keyOutboxPayload(id)}
	if idem != "" {
		keys = append(keys, s.keyOutboxIdem(idem))
	}
	if j.AuthorChat != "" {
		keys = append(keys, s.keyOutboxByAuthor(j.AuthorPlatform, j.AuthorChat))
	}
	res, err := outboxCreateScript.Run(ctx, s.rdb, keys,
		idem, j.Platform, j.TokenID, j.Kind, j.AuthorPlatform, j.AuthorChat,
		j.Label, j.Parts, j.Payload, id).StringSlice()
	if err != nil {
		return "", false, fmt.Errorf("create outbox job: %w", err)
	}
	return res[0], res[1] == "1", nil
}

// outboxEndKeys are the keys of a job that finish_if_done (outbox_lib.lua)
// may touch when the job ends, for scripts that declare every key. Its
// ready queue and idempotency key come from the job's own fields, which
// never change once it is created.
func (s *Store) outboxEndKeys(id, platform, tokenID, idem string) []string {
	keys := []string{s.keyOutboxJob(id), s.keyOutboxPayload(id), s.keyOutboxPending(id), s.keyOutboxChats(id),
		s.keyOutboxState(id), s.keyOutboxData(id), s.keyOutboxRetry(id), s.keyOutboxOutcomes(id),
		s.keyOutboxReady(platform, tokenID), s.keyOutboxLive()}
	if idem != "" {
		keys = append(keys, s.keyOutboxIdem(idem))
	}
	return keys
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
	keys := []string{s.keyOutboxJob(id), s.keyOutboxChats(id), s.keyOutboxPending(id)}
	n, err := outboxAddScript.Run(ctx, s.rdb, keys, args...).Int()
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
	res, err := s.runOutboxJobScript(ctx, outboxStartScript, id, nil, id)
	if err != nil {
		return false, false, fmt.Errorf("start outbox job: %w", err)
	}
	if res[0] == -1 {
		return false, false, fmt.Errorf("start outbox job %s: %w", id, ErrOutboxJobUnknown)
	}
	return res[0] == 1, res[1] == 1, nil
}

// runOutboxJobScript runs a strict outbox script that may end job id
// (finish_if_done), declaring the job's keys (outboxEndKeys) and then
// extra. Two of them come from the job's fields (outboxJobNames); the
// script answers {-2, …} without writing if they do not match.
func (s *Store) runOutboxJobScript(ctx context.Context, script *redis.Script, id string, extra []string, args ...any) ([]int64, error) {
	var res []int64
	err := s.withOutboxJobKeys(ctx, id, func(keys []string) (bool, error) {
		var err error
		res, err = script.Run(ctx, s.rdb, append(keys, extra...), args...).Int64Slice()
		return err == nil && res[0] == -2, err
	})
	return res, err
}

// withOutboxJobKeys calls run with the keys of job id (outboxEndKeys) until
// it reports no retry: the first time with the names this process knows,
// then read afresh. The names never change once a job exists, so a retry
// means the job did not exist yet when they were read.
func (s *Store) withOutboxJobKeys(ctx context.Context, id string, run func(keys []string) (retry bool, err error)) error {
	for attempt := range 5 {
		n, err := s.jobNames.get(ctx, s, id, attempt > 0)
		if err != nil {
			return err
		}
		retry, err := run(s.outboxEndKeys(id, n.platform, n.token, n.idem))
		if err != nil || !retry {
			return err
		}
	}
	return fmt.Errorf("job %s: its fields kept changing", id)
}

// outboxJobName holds the fields of a job that name some of its keys.
type outboxJobName struct{ platform, token, idem string }

// outboxJobNames remembers, per job, the fields that name its ready queue
// and idempotency key, so the scripts of the hot path (mark, record) can
// declare those keys without a read per recipient. The fields never change
// once a job exists. Bounded: past maxOutboxJobNames entries it starts
// over (a job then costs one more read).
type outboxJobNames struct {
	mu sync.Mutex
	m  map[string]outboxJobName
}

const maxOutboxJobNames = 10000

func (c *outboxJobNames) get(ctx context.Context, s *Store, id string, fresh bool) (outboxJobName, error) {
	c.mu.Lock()
	n, ok := c.m[id]
	c.mu.Unlock()
	if ok && !fresh {
		return n, nil
	}
	f, err := s.rdb.HMGet(ctx, s.keyOutboxJob(id), "platform", "token", "idem").Result()
	if err != nil {
		return outboxJobName{}, err
	}
	str := func(v any) string { x, _ := v.(string); return x }
	n = outboxJobName{str(f[0]), str(f[1]), str(f[2])}
	if n.platform == "" {
		return n, nil // no such job (yet): nothing to remember
	}
	c.mu.Lock()
	if len(c.m) >= maxOutboxJobNames {
		clear(c.m)
	}
	c.m[id] = n
	c.mu.Unlock()
	return n, nil
}

// OutboxPayload returns a job's encoded message.
func (s *Store) OutboxPayload(ctx context.Context, id string) ([]byte, error) {
	b, err := s.rdb.Get(ctx, s.keyOutboxPayload(id)).Bytes()
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
	// AheadOnly takes work only from jobs of a kind below 0, those that go
	// ahead of every queued reply (the delivery engine's replies to an
	// emergency): a worker kept for them is never tied up by other work.
	AheadOnly bool
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
	queues := []string{s.keyOutboxLeases()}
	for _, q := range r.Queues {
		queues = append(queues, s.keyOutboxReady(q.Platform, q.TokenID))
	}
	var res []string
	for attempt := 0; ; attempt++ {
		// The jobs in the queues name the keys the script touches: read
		// them first; the script refuses if the queues changed meanwhile.
		keys, err := s.claimKeys(ctx, queues, r.Scan)
		if err != nil {
			return OutboxClaim{}, fmt.Errorf("claim outbox work: %w", err)
		}
		ahead := 0
		if r.AheadOnly {
			ahead = 1
		}
		res, err = outboxClaimScript.Run(ctx, s.rdb, keys, r.Owner, r.Max, r.Lease.Milliseconds(), r.Scan, len(r.Queues), ahead).StringSlice()
		if err != nil {
			return OutboxClaim{}, fmt.Errorf("claim outbox work: %w", err)
		}
		if len(res) < 2 {
			return OutboxClaim{}, fmt.Errorf("claim outbox work: unexpected reply %q", res)
		}
		if res[0] != "" || res[1] != "retry" {
			break
		}
		if attempt == 4 {
			return OutboxClaim{RetryIn: 0}, nil // busy queues: the caller simply asks again
		}
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

// claimKeys declares what the claim script may touch: queues (leases
// first, then the ready queues) and the keys of the first scan jobs of
// each queue.
func (s *Store) claimKeys(ctx context.Context, queues []string, scan int) ([]string, error) {
	pipe := s.rdb.Pipeline()
	cmds := make([]*redis.StringSliceCmd, 0, len(queues)-1)
	for _, q := range queues[1:] {
		cmds = append(cmds, pipe.ZRange(ctx, q, 0, int64(scan-1)))
	}
	if _, err := pipe.Exec(ctx); err != nil {
		return nil, err
	}
	keys := slices.Clone(queues)
	for _, c := range cmds {
		for _, id := range c.Val() {
			keys = append(keys, s.keyOutboxJob(id), s.keyOutboxRetry(id), s.keyOutboxState(id),
				s.keyOutboxData(id), s.keyOutboxPending(id))
		}
	}
	return keys, nil
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
//
// With WithFenceReplicas the fence also waits (WAIT) until a replica has
// it: a master that dies before replicating it would otherwise come back,
// through its promoted replica, without the fence, and the recipient would
// be claimed and sent again.
func (s *Store) MarkOutboxSending(ctx context.Context, jobID, index, owner string, part int, lease time.Duration) (result string, ended bool, err error) {
	args := []any{jobID, index, owner, part, lease.Milliseconds()}
	var res []string
	err = s.withOutboxJobKeys(ctx, jobID, func(keys []string) (bool, error) {
		keys = append(keys, s.keyOutboxLeases())
		var err error
		if s.fenceReplicas > 0 {
			res, err = s.markReplicated(ctx, keys, args)
		} else {
			res, err = outboxMarkScript.Run(ctx, s.rdb, keys, args...).StringSlice()
		}
		return err == nil && res[0] == "retry", err
	})
	if err != nil {
		return "", false, fmt.Errorf("mark outbox send: %w", err)
	}
	return res[0], len(res) > 1 && res[1] == "1", nil
}

// markReplicated runs the fence and WAIT in one pipeline, on one
// connection to the master of the outbox's slot: WAIT only covers the
// writes of its own connection. When no replica answers within the
// timeout the send goes ahead (a replica down must not stop delivery);
// the window is then the one every write has.
func (s *Store) markReplicated(ctx context.Context, keys []string, args []any) ([]string, error) {
	var node *redis.Client
	switch c := s.rdb.(type) {
	case *redis.ClusterClient:
		n, err := c.MasterForKey(ctx, keys[0])
		if err != nil {
			return nil, err
		}
		node = n
	case *redis.Client:
		node = c
	default:
		return outboxMarkScript.Run(ctx, s.rdb, keys, args...).StringSlice()
	}
	for attempt := 0; ; attempt++ {
		var mark *redis.Cmd
		_, err := node.Pipelined(ctx, func(p redis.Pipeliner) error {
			mark = outboxMarkScript.EvalSha(ctx, p, keys, args...)
			p.Do(ctx, "WAIT", s.fenceReplicas, s.fenceTimeout.Milliseconds())
			return nil
		})
		if attempt == 0 && err != nil && redis.HasErrorPrefix(mark.Err(), "NOSCRIPT") {
			if err := outboxMarkScript.Load(ctx, node).Err(); err != nil {
				return nil, err
			}
			continue
		}
		// Only the fence's own error counts: once it is written, a WAIT
		// that failed must not turn a send into an in-doubt one.
		return mark.StringSlice()
	}
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
	Reason              string // failure reason, safe to show
	// Unreachable is the chat.Unreachable* code of a failure that a
	// platform's reach rules caused; the job counts failures per code.
	Unreachable   string
	Delay         time.Duration // retry/later: when it falls due again
	MaxAttempts   int           // retry: attempts before it fails
	Lease         time.Duration // ok with more parts: the claim is renewed
	ProgressEvery time.Duration // progress is due at most this often per job
	// Unsent: nothing of this part left (the sender failed before the
	// fence, MarkOutboxSending, was written), so the record may find the
	// recipient still claimed rather than sending. An unsent part cannot
	// be "ok".
	Unsent bool
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
	extra := []string{s.keyOutboxLeases()}
	var res []string
	err := s.withOutboxJobKeys(ctx, r.JobID, func(keys []string) (bool, error) {
		for range 2 {
			var err error
			res, err = outboxRecordScript.Run(ctx, s.rdb, append(keys, extra...),
				r.JobID, r.Index, r.Owner, r.Part, r.Outcome, reason, r.Delay.Milliseconds(),
				r.MaxAttempts, r.Lease.Milliseconds(), r.ProgressEvery.Milliseconds(), unreachableCode(r.Unreachable), flag(r.Unsent)).StringSlice()
			if err != nil || res[0] != "member" {
				return err == nil && res[0] == "retry", err
			}
			// The outcome is indexed under the member: declare that too.
			extra = append(extra, s.keyOutboxOutcomesOf(res[1]))
		}
		return false, errors.New("the member's outcome index was refused twice")
	})
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
	res, err := s.runOutboxJobScript(ctx, outboxReleaseScript, jobID, []string{s.keyOutboxLeases()}, args...)
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
	// The leases name the jobs the script touches: read the first max
	// (ordered by deadline, so the expired ones come first) and declare
	// their jobs' keys; the script refuses a lease it was not given.
	var extra []string
	for attempt := range 5 {
		leases, err := s.rdb.ZRange(ctx, s.keyOutboxLeases(), 0, int64(max-1)).Result()
		if err != nil {
			return OutboxReaped{}, fmt.Errorf("reap outbox leases: %w", err)
		}
		keys := []string{s.keyOutboxLeases()}
		seen := map[string]bool{}
		for _, l := range leases {
			id, _, _ := strings.Cut(l, "|")
			if seen[id] {
				continue
			}
			seen[id] = true
			n, err := s.jobNames.get(ctx, s, id, attempt > 0)
			if err != nil {
				return OutboxReaped{}, fmt.Errorf("reap outbox leases: %w", err)
			}
			keys = append(keys, s.outboxEndKeys(id, n.platform, n.token, n.idem)...)
		}
		res, err := outboxReapScript.Run(ctx, s.rdb, append(keys, extra...), max).StringSlice()
		if err != nil {
			return OutboxReaped{}, fmt.Errorf("reap outbox leases: %w", err)
		}
		switch res[0] {
		case "retry":
			continue
		case "members":
			for _, m := range res[1:] {
				extra = append(extra, s.keyOutboxOutcomesOf(m))
			}
			continue
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
	return OutboxReaped{}, nil // the leases kept changing: the next round reaps them
}

// CancelOutboxJob stops a job: recipients not sent yet become cancelled;
// sends in flight finish. cancelled=false when it had already ended.
func (s *Store) CancelOutboxJob(ctx context.Context, id string) (cancelled, ended bool, err error) {
	res, err := s.runOutboxJobScript(ctx, outboxCancelScript, id, nil, id)
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
	m, err := s.rdb.HGetAll(ctx, s.keyOutboxJob(id)).Result()
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
	ids, err := s.rdb.LRange(ctx, s.keyOutboxByAuthor(platform, chatID), 0, int64(n)-1).Result()
	if err != nil {
		return nil, fmt.Errorf("list outbox jobs: %w", err)
	}
	pipe := s.rdb.Pipeline()
	cmds := make([]*redis.MapStringStringCmd, len(ids))
	for i, id := range ids {
		cmds[i] = pipe.HGetAll(ctx, s.keyOutboxJob(id))
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
	m, err := s.rdb.HGetAll(ctx, s.keyOutboxOutcomes(id)).Result()
	if err != nil {
		return nil, fmt.Errorf("read outbox outcomes: %w", err)
	}
	return m, nil
}

// flag is a script's boolean argument.
func flag(b bool) string {
	if b {
		return "1"
	}
	return "0"
}

// unreachableCode keeps a code to the short field-safe form the job hash
// stores ("" when it is anything else).
func unreachableCode(c string) string {
	if len(c) == 0 || len(c) > 32 {
		return ""
	}
	for _, r := range c {
		if (r < 'a' || r > 'z') && r != '_' {
			return ""
		}
	}
	return c
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
		Unreachable: unreachableCounts(m),
	}
}

// unreachableCounts reads the job's unreachable:<code> fields (nil when none).
func unreachableCounts(m map[string]string) map[string]int64 {
	var out map[string]int64
	for k, v := range m {
		code, ok := strings.CutPrefix(k, "unreachable:")
		if !ok {
			continue
		}
		if n, err := strconv.ParseInt(v, 10, 64); err == nil && n > 0 {
			if out == nil {
				out = map[string]int64{}
			}
			out[code] = n
		}
	}
	return out
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
	// Her lists and the live jobs name the keys the script touches: read
	// them first; the script refuses, without a write, a job it was not given.
	author, mine, live := s.keyOutboxByAuthor(who.Platform, chatID), s.keyOutboxOutcomesOf(who.String()), s.keyOutboxLive()
	for range 5 {
		pipe := s.rdb.Pipeline()
		authored := pipe.LRange(ctx, author, 0, -1)
		outcomes := pipe.SMembers(ctx, mine)
		running := pipe.SMembers(ctx, live)
		if _, err := pipe.Exec(ctx); err != nil {
			return fmt.Errorf("erase from outbox: %w", err)
		}
		keys := []string{author, mine, live}
		for _, id := range authored.Val() {
			keys = append(keys, s.keyOutboxJob(id))
		}
		for _, id := range outcomes.Val() {
			keys = append(keys, s.keyOutboxOutcomes(id))
		}
		for _, id := range running.Val() {
			keys = append(keys, s.keyOutboxJob(id), s.keyOutboxChats(id), s.keyOutboxPending(id), s.keyOutboxData(id))
		}
		n, err := outboxEraseScript.Run(ctx, s.rdb, keys, who.String(), chatID, who.Platform, tombstone).Int()
		if err != nil {
			return fmt.Errorf("erase from outbox: %w", err)
		}
		if n >= 0 {
			return nil
		}
	}
	return errors.New("erase from outbox: the outbox kept changing; try again")
}
