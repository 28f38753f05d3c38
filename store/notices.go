package store

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"
)

// Notices: the draft a sender previews, and the record of a notice that ties
// its per-platform outbox jobs together. Keys are in keys.go, section
// "notices".

const (
	// NoticeDraftTTL is how long a preview's "Gửi" button keeps working.
	NoticeDraftTTL = 24 * time.Hour
	// noticeRetention matches the outbox's retention of finished jobs.
	noticeRetention = 90 * 24 * time.Hour
	// maxNoticesByAuthor is how many notices a sender's list keeps.
	maxNoticesByAuthor = 20
	// maxRecentNotices is how many notices the recent list (the
	// dashboard's history) keeps, all units together.
	maxRecentNotices = 5000
	// NoticeIDLen symbols of inviteAlphabet carry 60 random bits.
	NoticeIDLen = 12
)

// Notice states.
const (
	NoticePreparing = "preparing" // recipients are being added to its jobs
	NoticeSending   = "sending"   // every job started; deliveries under way
	NoticeDone      = "done"      // every job ended
	NoticeCancelled = "cancelled" // stopped by its sender
)

var (
	// ErrNoticeDraftUnknown: no such draft (expired, discarded or never made).
	ErrNoticeDraftUnknown = errors.New("unknown notice draft")
	// ErrNoticeUnknown: no such notice.
	ErrNoticeUnknown = errors.New("unknown notice")
)

// NoticeDraft is a notice being written: who writes it, to which unit, and
// its text. Unit or Text may still be empty while the sender chooses.
type NoticeDraft struct {
	ID       string // NoticeIDLen symbols; becomes the notice's id
	Platform string // the author's platform, chat and user
	ChatID   string
	UserID   string
	Unit     string
	Text     string
	// Lead goes before the text she types for this draft: "Đính chính: "
	// for a correction, so one asked for its text in a second message
	// reads as the one typed in one message.
	Lead string
}

// NewNoticeID draws a fresh, unguessable draft (and notice) id.
func NewNoticeID() (string, error) {
	var b [NoticeIDLen]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("new notice id: %w", err)
	}
	for i := range b {
		b[i] = inviteAlphabet[b[i]&31]
	}
	return string(b[:]), nil
}

// ValidNoticeID reports whether s could be a notice id (button data is
// untrusted input).
func ValidNoticeID(s string) bool {
	if len(s) != NoticeIDLen {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !strings.ContainsRune(inviteAlphabet, rune(s[i])) {
			return false
		}
	}
	return true
}

// SaveNoticeDraft stores (or replaces) a draft for NoticeDraftTTL.
func (s *Store) SaveNoticeDraft(ctx context.Context, d NoticeDraft) error {
	if !ValidNoticeID(d.ID) {
		return fmt.Errorf("save notice draft: invalid id %q", d.ID)
	}
	k := s.keyNoticeDraft(d.ID)
	mine := s.keyNoticeDraftsByAuthor(d.Platform, d.UserID)
	_, err := s.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		p.Del(ctx, k)
		p.HSet(ctx, k, "platform", d.Platform, "chat", d.ChatID, "user", d.UserID, "unit", d.Unit, "text", d.Text, "lead", d.Lead)
		p.Expire(ctx, k, NoticeDraftTTL)
		p.SAdd(ctx, mine, d.ID)
		p.Expire(ctx, mine, NoticeDraftTTL)
		return nil
	})
	if err != nil {
		return fmt.Errorf("save notice draft: %w", err)
	}
	return nil
}

// NoticeDraft returns a draft, or ErrNoticeDraftUnknown.
func (s *Store) NoticeDraft(ctx context.Context, id string) (NoticeDraft, error) {
	if !ValidNoticeID(id) {
		return NoticeDraft{}, ErrNoticeDraftUnknown
	}
	h, err := s.rdb.HGetAll(ctx, s.keyNoticeDraft(id)).Result()
	if err != nil {
		return NoticeDraft{}, fmt.Errorf("notice draft: %w", err)
	}
	if len(h) == 0 {
		return NoticeDraft{}, ErrNoticeDraftUnknown
	}
	return NoticeDraft{ID: id, Platform: h["platform"], ChatID: h["chat"], UserID: h["user"], Unit: h["unit"], Text: h["text"], Lead: h["lead"]}, nil
}

// DeleteNoticeDraft discards a draft ("Huỷ", or "Sửa", which starts a new one).
func (s *Store) DeleteNoticeDraft(ctx context.Context, id string) error {
	if !ValidNoticeID(id) {
		return nil
	}
	if err := s.rdb.Del(ctx, s.keyNoticeDraft(id)).Err(); err != nil {
		return fmt.Errorf("delete notice draft: %w", err)
	}
	return nil
}

// Notice is the record of one notice.
type Notice struct {
	ID             string
	AuthorPlatform string
	AuthorChat     string
	AuthorUser     string
	Unit           string
	UnitName       string
	Label          string // the first words, for lists
	Expected       int64  // active members counted when it was sent
	State          string
	Created        time.Time
	// Jobs maps a platform to the outbox job that carries the notice there.
	Jobs            map[string]string
	ProgressMessage string // id of the sender's progress message, "" if none
	Summarized      bool
}

// Ended reports whether the notice will send nothing more.
func (n Notice) Ended() bool { return n.State == NoticeDone || n.State == NoticeCancelled }

var scriptCreateNotice = redis.NewScript(`
-- KEYS[1] notice, KEYS[2] author list, KEYS[3] recent notices. ARGV: id,
-- retention ms, max list, lease ms, then field, value pairs. Returns 1
-- created, 0 existed.
local maxRecent = ` + strconv.Itoa(maxRecentNotices) + `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
for i = 5, #ARGV, 2 do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
redis.call('HSET', KEYS[1], 'state', 'preparing', 'created', string.format('%.0f', now),
  'prep_until', string.format('%.0f', now + tonumber(ARGV[4])))
redis.call('PEXPIRE', KEYS[1], ARGV[2])
redis.call('LPUSH', KEYS[2], ARGV[1])
redis.call('LTRIM', KEYS[2], 0, tonumber(ARGV[3]) - 1)
redis.call('PEXPIRE', KEYS[2], ARGV[2])
redis.call('ZADD', KEYS[3], now, ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now - tonumber(ARGV[2]))
redis.call('ZREMRANGEBYRANK', KEYS[3], 0, -maxRecent - 1)
redis.call('PEXPIRE', KEYS[3], ARGV[2])
return 1
`)

// CreateNotice stores a new notice in state preparing, leased to its caller
// for lease (see ClaimNoticePreparation), and puts it first in its author's
// list. With an id that exists already it changes nothing and returns the
// stored notice with created=false: "Gửi" pressed twice makes one notice.
func (s *Store) CreateNotice(ctx context.Context, n Notice, lease time.Duration) (Notice, bool, error) {
	if !ValidNoticeID(n.ID) {
		return Notice{}, false, fmt.Errorf("create notice: invalid id %q", n.ID)
	}
	args := []any{n.ID, noticeRetention.Milliseconds(), maxNoticesByAuthor, lease.Milliseconds(),
		"author_platform", n.AuthorPlatform, "author_chat", n.AuthorChat, "author_user", n.AuthorUser,
		"unit", n.Unit, "unit_name", n.UnitName, "label", n.Label, "expected", n.Expected}
	created, err := scriptCreateNotice.Run(ctx, s.rdb,
		[]string{s.keyNotice(n.ID), s.keyNoticesByAuthor(n.AuthorPlatform, n.AuthorChat), s.keyNoticesRecent()}, args...).Int()
	if err != nil {
		return Notice{}, false, fmt.Errorf("create notice: %w", err)
	}
	stored, err := s.Notice(ctx, n.ID)
	if err != nil {
		return Notice{}, false, fmt.Errorf("create notice: %w", err)
	}
	return stored, created == 1, nil
}

// Notice returns a notice, or ErrNoticeUnknown.
func (s *Store) Notice(ctx context.Context, id string) (Notice, error) {
	if !ValidNoticeID(id) {
		return Notice{}, ErrNoticeUnknown
	}
	h, err := s.rdb.HGetAll(ctx, s.keyNotice(id)).Result()
	if err != nil {
		return Notice{}, fmt.Errorf("notice: %w", err)
	}
	if len(h) == 0 {
		return Notice{}, ErrNoticeUnknown
	}
	return noticeFromHash(id, h), nil
}

func noticeFromHash(id string, h map[string]string) Notice {
	n := Notice{
		ID: id, AuthorPlatform: h["author_platform"], AuthorChat: h["author_chat"], AuthorUser: h["author_user"],
		Unit: h["unit"], UnitName: h["unit_name"], Label: h["label"], Expected: atoi64(h["expected"]),
		State: h["state"], Created: time.UnixMilli(atoi64(h["created"])), Jobs: map[string]string{},
		ProgressMessage: h["progress_msg"], Summarized: h["summarized"] == "1",
	}
	for f, v := range h {
		if platform, ok := strings.CutPrefix(f, "job:"); ok {
			n.Jobs[platform] = v
		}
	}
	return n
}

var scriptClaimNoticePrep = redis.NewScript(`
-- KEYS[1] notice. ARGV[1] lease ms. Returns 1 when the caller now holds
-- the preparation lease, 0 when it is held or the notice is past preparing.
local f = redis.call('HMGET', KEYS[1], 'state', 'prep_until')
if f[1] ~= 'preparing' then return 0 end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
if (tonumber(f[2]) or 0) > now then return 0 end
redis.call('HSET', KEYS[1], 'prep_until', string.format('%.0f', now + tonumber(ARGV[1])))
return 1
`)

// ClaimNoticePreparation takes over adding a notice's recipients when its
// preparer's lease ran out (the process died halfway): it reports true when
// the caller should resume. A live preparer keeps its lease with
// ExtendNoticePreparation.
func (s *Store) ClaimNoticePreparation(ctx context.Context, id string, lease time.Duration) (bool, error) {
	n, err := scriptClaimNoticePrep.Run(ctx, s.rdb, []string{s.keyNotice(id)}, lease.Milliseconds()).Int()
	if err != nil {
		return false, fmt.Errorf("claim notice preparation: %w", err)
	}
	return n == 1, nil
}

var scriptExtendNoticePrep = redis.NewScript(`
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
if redis.call('HGET', KEYS[1], 'state') ~= 'preparing' then return 0 end
redis.call('HSET', KEYS[1], 'prep_until', string.format('%.0f', now + tonumber(ARGV[1])))
return 1
`)

// ExtendNoticePreparation renews the preparer's lease; it reports false when
// the notice left the preparing state (it was cancelled).
func (s *Store) ExtendNoticePreparation(ctx context.Context, id string, lease time.Duration) (bool, error) {
	n, err := scriptExtendNoticePrep.Run(ctx, s.rdb, []string{s.keyNotice(id)}, lease.Milliseconds()).Int()
	if err != nil {
		return false, fmt.Errorf("extend notice preparation: %w", err)
	}
	return n == 1, nil
}

// LinkNoticeJob records that jobID carries the notice on platform.
func (s *Store) LinkNoticeJob(ctx context.Context, id, platform, jobID string) error {
	_, err := s.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		p.HSet(ctx, s.keyNotice(id), "job:"+platform, jobID)
		p.Set(ctx, s.keyNoticeOfJob(jobID), id, noticeRetention)
		return nil
	})
	if err != nil {
		return fmt.Errorf("link notice job: %w", err)
	}
	return nil
}

// NoticeOfJob returns the notice an outbox job carries, "" when the job is
// not a notice's (a reply, a scheduled post).
func (s *Store) NoticeOfJob(ctx context.Context, jobID string) (string, error) {
	id, err := s.rdb.Get(ctx, s.keyNoticeOfJob(jobID)).Result()
	if errors.Is(err, redis.Nil) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("notice of job: %w", err)
	}
	return id, nil
}

var scriptNoticeState = redis.NewScript(`
-- KEYS[1] notice. ARGV[1] new state, ARGV[2..] states it may come from.
-- Returns 1 changed, 0 not (another state), -1 unknown notice.
local cur = redis.call('HGET', KEYS[1], 'state')
if not cur then return -1 end
for i = 2, #ARGV do
  if cur == ARGV[i] then
    redis.call('HSET', KEYS[1], 'state', ARGV[1])
    return 1
  end
end
return 0
`)

// SetNoticeState moves a notice to state `to` if it is in one of `from`; it
// reports whether it moved.
func (s *Store) SetNoticeState(ctx context.Context, id, to string, from ...string) (bool, error) {
	args := []any{to}
	for _, f := range from {
		args = append(args, f)
	}
	n, err := scriptNoticeState.Run(ctx, s.rdb, []string{s.keyNotice(id)}, args...).Int()
	if err != nil {
		return false, fmt.Errorf("set notice state: %w", err)
	}
	if n < 0 {
		return false, ErrNoticeUnknown
	}
	return n == 1, nil
}

// SetNoticeProgressMessage remembers the sender's progress message to edit.
func (s *Store) SetNoticeProgressMessage(ctx context.Context, id, messageID string) error {
	if err := s.rdb.HSet(ctx, s.keyNotice(id), "progress_msg", messageID).Err(); err != nil {
		return fmt.Errorf("save notice progress message: %w", err)
	}
	return nil
}

// MarkNoticeSummarized reports true exactly once per notice: to the one
// caller (of every replica) who sends the final summary.
func (s *Store) MarkNoticeSummarized(ctx context.Context, id string) (bool, error) {
	ok, err := s.rdb.HSetNX(ctx, s.keyNotice(id), "summarized", "1").Result()
	if err != nil {
		return false, fmt.Errorf("mark notice summarized: %w", err)
	}
	return ok, nil
}

// NoticeProgressDue reports true at most once per every for a notice, so
// the progress message is edited at most that often whatever the number of
// jobs and replicas.
func (s *Store) NoticeProgressDue(ctx context.Context, id string, every time.Duration) (bool, error) {
	ok, err := s.rdb.SetNX(ctx, s.keyNoticeTick(id), "1", every).Result()
	if err != nil {
		return false, fmt.Errorf("notice progress tick: %w", err)
	}
	return ok, nil
}

// NextNoticeProgressSeq numbers one update of a notice's progress message;
// later calls get larger numbers, across replicas.
func (s *Store) NextNoticeProgressSeq(ctx context.Context, id string) (int64, error) {
	n, err := s.rdb.HIncrBy(ctx, s.keyNotice(id), "progress_seq", 1).Result()
	if err != nil {
		return 0, fmt.Errorf("notice progress sequence: %w", err)
	}
	return n, nil
}

// NoticeProgressSeq is the number of the latest progress update issued.
func (s *Store) NoticeProgressSeq(ctx context.Context, id string) (int64, error) {
	n, err := s.rdb.HGet(ctx, s.keyNotice(id), "progress_seq").Int64()
	if errors.Is(err, redis.Nil) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("notice progress sequence: %w", err)
	}
	return n, nil
}

// NoticesByAuthor returns up to n of the notices a chat sent, newest first.
// Notices that expired are skipped.
func (s *Store) NoticesByAuthor(ctx context.Context, platform, chatID string, n int) ([]Notice, error) {
	if n <= 0 {
		return nil, nil
	}
	ids, err := s.rdb.LRange(ctx, s.keyNoticesByAuthor(platform, chatID), 0, int64(n-1)).Result()
	if err != nil {
		return nil, fmt.Errorf("notices by author: %w", err)
	}
	return s.noticesByID(ctx, ids)
}

// noticesByID loads notices in one round trip, skipping expired ones.
func (s *Store) noticesByID(ctx context.Context, ids []string) ([]Notice, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	pipe := s.rdb.Pipeline()
	cmds := make([]*redis.MapStringStringCmd, len(ids))
	for i, id := range ids {
		cmds[i] = pipe.HGetAll(ctx, s.keyNotice(id))
	}
	if _, err := pipe.Exec(ctx); err != nil {
		return nil, fmt.Errorf("load notices: %w", err)
	}
	out := make([]Notice, 0, len(ids))
	for i, cmd := range cmds {
		if h := cmd.Val(); len(h) > 0 {
			out = append(out, noticeFromHash(ids[i], h))
		}
	}
	return out, nil
}

var scriptEraseNotices = redis.NewScript(`
-- KEYS[1] her notices (author list), KEYS[2] her drafts, then the keys of
-- the notices in KEYS[1] (in its order) and of the drafts in KEYS[2]: every
-- key the script touches is declared, so it runs unchanged on Cluster.
-- ARGV: platform, chat, user, number of notices n, the n notice ids, then
-- the draft ids. Her notices stay (their counts and jobs) without her as
-- author; her drafts go. Returns 1, or 0 without a write when the list or
-- the set changed since the caller read them (read them again and retry).
local n = tonumber(ARGV[4])
local ids = redis.call('LRANGE', KEYS[1], 0, -1)
local drafts = redis.call('SMEMBERS', KEYS[2])
if #ids ~= n or #drafts ~= #ARGV - 4 - n then return 0 end
for i, id in ipairs(ids) do
  if id ~= ARGV[4 + i] then return 0 end
end
for i = 5 + n, #ARGV do
  if redis.call('SISMEMBER', KEYS[2], ARGV[i]) == 0 then return 0 end
end
for i = 1, n do
  local k = KEYS[2 + i]
  local f = redis.call('HMGET', k, 'author_platform', 'author_chat', 'author_user')
  if f[1] == ARGV[1] and (f[2] == ARGV[2] or f[3] == ARGV[3]) then
    redis.call('HSET', k, 'author_platform', '', 'author_chat', '', 'author_user', '', 'progress_msg', '')
  end
end
for i = 3 + n, #KEYS do
  redis.call('DEL', KEYS[i])
end
redis.call('DEL', KEYS[1], KEYS[2])
return 1
`)

// eraseFromNotices forgets a person as the author of her notices (they
// stay, for their recipients' counts) and deletes her drafts. Which keys
// that touches depends on her lists, so it reads them first and the script
// checks they did not change before it writes (a notice created meanwhile:
// read again).
func (s *Store) eraseFromNotices(ctx context.Context, who Identity, chatID string) error {
	byAuthor := s.keyNoticesByAuthor(who.Platform, chatID)
	drafts := s.keyNoticeDraftsByAuthor(who.Platform, who.UserID)
	for range 5 {
		// One key per command, read on the notices' slot.
		pipe := s.rdb.Pipeline()
		idsCmd := pipe.LRange(ctx, byAuthor, 0, -1)
		draftsCmd := pipe.SMembers(ctx, drafts)
		if _, err := pipe.Exec(ctx); err != nil {
			return fmt.Errorf("erase from notices: %w", err)
		}
		ids, draftIDs := idsCmd.Val(), draftsCmd.Val()
		keys := []string{byAuthor, drafts}
		args := []any{who.Platform, chatID, who.UserID, len(ids)}
		for _, id := range ids {
			keys = append(keys, s.keyNotice(id))
			args = append(args, id)
		}
		for _, id := range draftIDs {
			keys = append(keys, s.keyNoticeDraft(id))
			args = append(args, id)
		}
		done, err := scriptEraseNotices.Run(ctx, s.rdb, keys, args...).Int()
		if err != nil {
			return fmt.Errorf("erase from notices: %w", err)
		}
		if done == 1 {
			return nil
		}
	}
	return errors.New("erase from notices: her notices kept changing; try again")
}

// RecentNotices returns up to n notices of every unit, newest first, from
// offset; the dashboard keeps those in the viewer's scope. Notices that
// expired are skipped.
func (s *Store) RecentNotices(ctx context.Context, offset, n int64) ([]Notice, error) {
	if n <= 0 {
		return nil, nil
	}
	ids, err := s.rdb.ZRevRange(ctx, s.keyNoticesRecent(), offset, offset+n-1).Result()
	if err != nil {
		return nil, fmt.Errorf("recent notices: %w", err)
	}
	return s.noticesByID(ctx, ids)
}
