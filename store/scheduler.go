package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"
)

// The scheduler's shared state. Every replica runs the same cron schedules;
// these keys make them agree: which slot of a job was handled last, a lock
// per firing so N replicas fire a slot once, the paused flags, the job
// registry the admin CLI lists, and run-now requests from the CLI.

// ScheduledJob is a scheduler job as every replica and the admin CLI see it.
type ScheduledJob struct {
	ID          string   `json:"id"`
	Spec        string   `json:"spec"`
	Description string   `json:"description,omitempty"`
	Quiet       bool     `json:"quiet,omitempty"`
	Units       []string `json:"units,omitempty"`
}

// ErrBadJobID is returned for an id that could not name a job in a key.
var ErrBadJobID = errors.New("bad job id: want 1-80 of a-z 0-9 : _ . -")

var jobIDRe = regexp.MustCompile(`^[a-z0-9:_.-]{1,80}$`)

// CheckJobID reports whether id may name a scheduler job: it goes into a
// hash tag, so braces and spaces are refused.
func CheckJobID(id string) error {
	if !jobIDRe.MatchString(id) {
		return fmt.Errorf("%w: %q", ErrBadJobID, id)
	}
	return nil
}

// PublishScheduledJobs replaces the job registry with jobs, in one
// transaction, so `bot admin jobs list` shows what the running bot schedules.
func (s *Store) PublishScheduledJobs(ctx context.Context, jobs []ScheduledJob) error {
	fields := make([]any, 0, 2*len(jobs))
	for _, j := range jobs {
		if err := CheckJobID(j.ID); err != nil {
			return fmt.Errorf("publish jobs: %w", err)
		}
		b, err := json.Marshal(j)
		if err != nil {
			return fmt.Errorf("publish jobs: %w", err)
		}
		fields = append(fields, j.ID, b)
	}
	_, err := s.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		p.Del(ctx, s.keySchedJobs())
		if len(fields) > 0 {
			p.HSet(ctx, s.keySchedJobs(), fields...)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("publish jobs: %w", err)
	}
	return nil
}

// ScheduledJobs lists the published registry, sorted by id.
func (s *Store) ScheduledJobs(ctx context.Context) ([]ScheduledJob, error) {
	h, err := s.rdb.HGetAll(ctx, s.keySchedJobs()).Result()
	if err != nil {
		return nil, fmt.Errorf("scheduled jobs: %w", err)
	}
	out := make([]ScheduledJob, 0, len(h))
	for id, v := range h {
		var j ScheduledJob
		if err := json.Unmarshal([]byte(v), &j); err != nil {
			j = ScheduledJob{ID: id, Description: "(unreadable record)"}
		}
		out = append(out, j)
	}
	sort.Slice(out, func(i, k int) bool { return out[i].ID < out[k].ID })
	return out, nil
}

// SetJobPaused pauses or resumes a job for every replica.
func (s *Store) SetJobPaused(ctx context.Context, id string, paused bool) error {
	if err := CheckJobID(id); err != nil {
		return err
	}
	var err error
	if paused {
		err = s.rdb.SAdd(ctx, s.keySchedPaused(), id).Err()
	} else {
		err = s.rdb.SRem(ctx, s.keySchedPaused(), id).Err()
	}
	if err != nil {
		return fmt.Errorf("set job paused: %w", err)
	}
	return nil
}

// PausedJobs returns the ids of the paused jobs.
func (s *Store) PausedJobs(ctx context.Context) (map[string]bool, error) {
	ids, err := s.rdb.SMembers(ctx, s.keySchedPaused()).Result()
	if err != nil {
		return nil, fmt.Errorf("paused jobs: %w", err)
	}
	out := make(map[string]bool, len(ids))
	for _, id := range ids {
		out[id] = true
	}
	return out, nil
}

// RequestJobRun asks the running scheduler (any replica) to run a job now;
// asking twice before it is taken is one request.
func (s *Store) RequestJobRun(ctx context.Context, id string) error {
	if err := CheckJobID(id); err != nil {
		return err
	}
	if err := s.rdb.SAdd(ctx, s.keySchedRunRequests(), id).Err(); err != nil {
		return fmt.Errorf("request job run: %w", err)
	}
	return nil
}

// JobRunRequests lists the pending run-now requests without taking them.
func (s *Store) JobRunRequests(ctx context.Context) ([]string, error) {
	ids, err := s.rdb.SMembers(ctx, s.keySchedRunRequests()).Result()
	if err != nil {
		return nil, fmt.Errorf("job run requests: %w", err)
	}
	sort.Strings(ids)
	return ids, nil
}

// TakeJobRunRequest removes one request; it reports false when another
// replica took it first.
func (s *Store) TakeJobRunRequest(ctx context.Context, id string) (bool, error) {
	n, err := s.rdb.SRem(ctx, s.keySchedRunRequests(), id).Result()
	if err != nil {
		return false, fmt.Errorf("take job run request: %w", err)
	}
	return n == 1, nil
}

// LastSlots returns, for each job id, the last slot handled (fired or
// skipped); a job never seen is absent.
func (s *Store) LastSlots(ctx context.Context, ids []string) (map[string]time.Time, error) {
	if len(ids) == 0 {
		return map[string]time.Time{}, nil
	}
	pipe := s.rdb.Pipeline()
	cmds := make([]*redis.StringCmd, len(ids))
	for i, id := range ids {
		cmds[i] = pipe.Get(ctx, s.keySchedLast(id))
	}
	if _, err := pipe.Exec(ctx); err != nil && !errors.Is(err, redis.Nil) {
		return nil, fmt.Errorf("last slots: %w", err)
	}
	out := make(map[string]time.Time, len(ids))
	for i, c := range cmds {
		v, err := c.Result()
		if errors.Is(err, redis.Nil) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("last slots: %w", err)
		}
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("last slot of %s: %q is not a unix time", ids[i], v)
		}
		out[ids[i]] = time.Unix(n, 0)
	}
	return out, nil
}

// InitLastSlot records t as a new job's last slot unless one is recorded,
// and returns the recorded one: a job first seen now does not fire for the
// past.
func (s *Store) InitLastSlot(ctx context.Context, id string, t time.Time) (time.Time, error) {
	if err := CheckJobID(id); err != nil {
		return time.Time{}, err
	}
	v, err := s.rdb.SetArgs(ctx, s.keySchedLast(id), t.Unix(), redis.SetArgs{Mode: "NX", Get: true}).Result()
	if errors.Is(err, redis.Nil) {
		return time.Unix(t.Unix(), 0), nil
	}
	if err != nil {
		return time.Time{}, fmt.Errorf("init last slot: %w", err)
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return time.Time{}, fmt.Errorf("last slot of %s: %q is not a unix time", id, v)
	}
	return time.Unix(n, 0), nil
}

// scriptSchedSlot settles one slot of a job for every replica at once.
//
// KEYS[1] the job's last-slot key, KEYS[2] the slot's lock key.
// ARGV[1] slot (unix s), ARGV[2] mode: "fire" takes the lock and moves the
// last slot, "skip" only moves the last slot, "run" (run-now) only takes the
// lock; ARGV[3] owner written into the lock, ARGV[4] lock TTL (ms).
// Returns 1 when this caller fired / skipped / ran the slot, 0 when the slot
// was already handled (last slot >= slot, or the lock is held).
var scriptSchedSlot = redis.NewScript(`
local slot = tonumber(ARGV[1])
local mode = ARGV[2]
if mode ~= "run" then
  local last = tonumber(redis.call("GET", KEYS[1]) or "-1")
  if last >= slot then return 0 end
end
if mode == "skip" then
  redis.call("SET", KEYS[1], ARGV[1])
  return 1
end
if not redis.call("SET", KEYS[2], ARGV[3], "NX", "PX", ARGV[4]) then return 0 end
if mode == "fire" then redis.call("SET", KEYS[1], ARGV[1]) end
return 1
`)

// ClaimSlot takes the firing of a job's slot: true for exactly one caller
// among all replicas, and never for a slot at or before the last one
// handled. The lock lives for ttl (keep it longer than any replica could
// still consider the slot due).
func (s *Store) ClaimSlot(ctx context.Context, id string, slot time.Time, owner string, ttl time.Duration) (bool, error) {
	return s.settleSlot(ctx, id, slot, "fire", owner, ttl)
}

// SkipSlot records a slot as handled without firing it (missed too long
// ago, or the job is paused). It reports false when it was handled already.
func (s *Store) SkipSlot(ctx context.Context, id string, slot time.Time) (bool, error) {
	return s.settleSlot(ctx, id, slot, "skip", "", time.Second)
}

// ClaimRunNow takes a run-now of a job for the minute slot: two run-now
// requests for the same slot run once. It leaves the last slot alone.
func (s *Store) ClaimRunNow(ctx context.Context, id string, slot time.Time, owner string, ttl time.Duration) (bool, error) {
	return s.settleSlot(ctx, id, slot, "run", owner, ttl)
}

func (s *Store) settleSlot(ctx context.Context, id string, slot time.Time, mode, owner string, ttl time.Duration) (bool, error) {
	if err := CheckJobID(id); err != nil {
		return false, err
	}
	if ttl < time.Millisecond {
		ttl = time.Millisecond
	}
	unix := strconv.FormatInt(slot.Unix(), 10)
	lock := s.keySchedLock(id, unix)
	if mode == "run" {
		lock = s.keySchedRunLock(id, unix)
	}
	n, err := scriptSchedSlot.Run(ctx, s.rdb, []string{s.keySchedLast(id), lock},
		slot.Unix(), mode, owner, ttl.Milliseconds()).Int()
	if err != nil {
		return false, fmt.Errorf("%s slot of %s: %w", mode, id, err)
	}
	return n == 1, nil
}
