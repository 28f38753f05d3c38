package store

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"strconv"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"

	"loa/vntime"
)

// A Question is one member's question waiting for a person: Loa had no
// confident answer (QuestionFallback) or she asked to talk to someone
// (QuestionAskedForPerson). It sits in her unit's queue, which the heads and
// staff above her see, until one of them answers it (the answer goes to her
// chat) or skips it. Only a registered member's words are kept, with phone
// and ID numbers masked, as in the unanswered log.
type Question struct {
	ID     string   // a number; higher is newer
	Asker  Identity // who asked
	Chat   string   // her chat on Asker.Platform, where the answer goes
	Name   string   // her display name when she asked
	Unit   string   // her unit when she asked
	Text   string   // her words, phone and ID numbers masked (MaskNumbers)
	Reason QuestionReason
	State  QuestionState
	Opened time.Time

	// ClaimedBy is whoever pressed "Trả lời" last, until ClaimedUntil; a
	// claim only tells others someone is writing (AnswerQuestion ignores it).
	ClaimedBy    Identity
	ClaimedUntil time.Time

	ClosedBy Identity  // who answered or skipped it (zero when it expired)
	Closed   time.Time // zero while open
	Answer   string    // the answer sent to her (QuestionAnswered only)

	KnowledgeBy Identity  // who added it to the knowledge base
	KnowledgeAt time.Time // zero until added
}

// QuestionReason says why a question went to a person.
type QuestionReason string

const (
	QuestionFallback       QuestionReason = "fallback" // the knowledge base had no confident answer
	QuestionAskedForPerson QuestionReason = "person"   // she asked to talk to a person
)

// QuestionState is where a question is in its life.
type QuestionState string

const (
	QuestionOpen     QuestionState = "open"
	QuestionAnswered QuestionState = "answered"
	QuestionSkipped  QuestionState = "skipped" // closed by staff without an answer
	QuestionExpired  QuestionState = "expired" // nobody acted within QuestionOpenLifetime
)

// ErasedIdentity stands where an erased person handled a question (claimed,
// answered, skipped or added it to the knowledge base).
var ErasedIdentity = Identity{Platform: "erased"}

// Limits of the question queue.
const (
	// QuestionOpenLifetime is how long a question waits before it is closed
	// as expired: an answer months later helps nobody.
	QuestionOpenLifetime = 90 * 24 * time.Hour
	// QuestionRetention is how long a closed question is kept (for the
	// knowledge base button, the dashboard and the export).
	QuestionRetention = 90 * 24 * time.Hour
	// MaxOpenQuestionsPerPerson bounds one member's open questions, so one
	// person cannot fill her branch's queue.
	MaxOpenQuestionsPerPerson = 10
	// MaxQuestionText is how many bytes of her words are kept.
	MaxQuestionText = 1000
	// MaxAnswerText is how many bytes of an answer are kept.
	MaxAnswerText = 4000
	// MaxQuestionPage is the most questions one ListOpenQuestions returns.
	MaxQuestionPage = 100

	// questionPersonTTL outlives every question that names a person: an open
	// question closes within QuestionOpenLifetime (plus the time until the
	// next expiry run), then lives QuestionRetention.
	questionPersonTTL  = QuestionOpenLifetime + QuestionRetention + 7*24*time.Hour
	questionPruneBatch = 100
)

var (
	// ErrQuestionUnknown: no such question (never was, expired or erased).
	ErrQuestionUnknown = errors.New("no such question")
	// ErrQuestionClosed: the question was already answered, skipped or
	// expired; the Question returned with it says by whom and when.
	ErrQuestionClosed = errors.New("question already closed")
	// ErrQuestionClaimed: someone else is answering it right now; the
	// Question returned with it says who and until when.
	ErrQuestionClaimed = errors.New("question being answered by someone else")
	// ErrQuestionNotAnswered: only an answered question can become knowledge.
	ErrQuestionNotAnswered = errors.New("question not answered")
	// ErrQuestionInKnowledge: it was already added to the knowledge base.
	ErrQuestionInKnowledge = errors.New("question already in the knowledge base")
	// ErrQuestionAnonymous: the asker is not a registered member who
	// consented, so her words are not kept; the question was only counted.
	ErrQuestionAnonymous = errors.New("asker is not a registered member: question counted, words not kept")
	// ErrTooManyQuestions: she already has MaxOpenQuestionsPerPerson open.
	ErrTooManyQuestions = errors.New("too many open questions")
)

// NewQuestion is what OpenQuestion needs. Her name and unit come from her
// member record.
type NewQuestion struct {
	Asker  Identity
	Chat   string // her chat on Asker.Platform; "" means her private chat (her user id)
	Text   string
	Reason QuestionReason
	Now    time.Time
}

// QuestionMonth is the month a question is counted in ("2026-12", Vietnam time).
func QuestionMonth(t time.Time) string { return t.In(vntime.Zone).Format("2006-01") }

// OpenQuestion puts a registered member's question into her unit's queue
// and into the next alert to her heads and staff. When she already has the
// same words open it returns that question with opened=false. Anyone who is
// not a registered, consenting member is counted for the month
// (AnonymousQuestions) and ErrQuestionAnonymous is returned: her words are
// not kept. Questions older than QuestionOpenLifetime are expired on the way.
func (s *Store) OpenQuestion(ctx context.Context, nq NewQuestion) (q Question, opened bool, err error) {
	if nq.Reason != QuestionFallback && nq.Reason != QuestionAskedForPerson {
		return Question{}, false, fmt.Errorf("open question: unknown reason %q", nq.Reason)
	}
	text := truncateUTF8(MaskNumbers(strings.TrimSpace(strings.ToValidUTF8(nq.Text, ""))), MaxQuestionText)
	if text == "" {
		return Question{}, false, errors.New("open question: empty text")
	}
	if nq.Now.IsZero() {
		nq.Now = time.Now()
	}
	var m Member
	if checkIdentity(nq.Asker.Platform, nq.Asker.UserID) == nil {
		m, err = s.Member(ctx, nq.Asker.Platform, nq.Asker.UserID)
		if err != nil && !errors.Is(err, ErrMemberUnknown) {
			return Question{}, false, fmt.Errorf("open question: %w", err)
		}
	}
	if m.UserID == "" || m.Consent.IsZero() || m.Unit == "" {
		if err := s.rdb.HIncrBy(ctx, s.keyQuestionsAnonymous(), QuestionMonth(nq.Now), 1).Err(); err != nil {
			return Question{}, false, fmt.Errorf("count anonymous question: %w", err)
		}
		return Question{}, false, ErrQuestionAnonymous
	}
	chat := nq.Chat
	if chat == "" {
		chat = nq.Asker.UserID
	}
	who := nq.Asker.String()
	if _, err := s.ExpireQuestions(ctx, nq.Now, questionPruneBatch); err != nil {
		return Question{}, false, fmt.Errorf("open question: %w", err)
	}
	res, err := s.runDeclared(ctx, scriptOpenQuestion, func() ([]string, error) { return s.questionOpenKeys(ctx, who, m.Unit) },
		s.questionPrefix, nq.Asker.Platform, nq.Asker.UserID, chat, m.Name, m.Unit, text, string(nq.Reason),
		nq.Now.UnixMilli(), who, questionPersonTTL.Milliseconds(), MaxOpenQuestionsPerPerson,
	).StringSlice()
	if err != nil {
		return Question{}, false, fmt.Errorf("open question: %w", err)
	}
	switch res[0] {
	case "full":
		return Question{}, false, fmt.Errorf("open question: %w", ErrTooManyQuestions)
	case "dup", "new":
		q, err := s.Question(ctx, res[1])
		if err != nil {
			return Question{}, false, fmt.Errorf("open question: %w", err)
		}
		return q, res[0] == "new", nil
	}
	return Question{}, false, fmt.Errorf("open question: unexpected script reply %v", res)
}

// Question loads one question, or ErrQuestionUnknown.
func (s *Store) Question(ctx context.Context, id string) (Question, error) {
	qs, err := s.questions(ctx, []string{id})
	if err != nil {
		return Question{}, fmt.Errorf("question %s: %w", id, err)
	}
	if len(qs) == 0 {
		return Question{}, fmt.Errorf("question %s: %w", id, ErrQuestionUnknown)
	}
	return qs[0], nil
}

// questions loads many questions in one round trip, in order, skipping the
// ones that are gone.
func (s *Store) questions(ctx context.Context, ids []string) ([]Question, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	pipe := s.rdb.Pipeline()
	cmds := make([]*redis.MapStringStringCmd, len(ids))
	for i, id := range ids {
		if !validQuestionID(id) {
			continue
		}
		cmds[i] = pipe.HGetAll(ctx, s.keyQuestion(id))
	}
	if pipe.Len() == 0 {
		return nil, nil
	}
	if _, err := pipe.Exec(ctx); err != nil {
		return nil, err
	}
	out := make([]Question, 0, len(ids))
	for i, cmd := range cmds {
		if cmd == nil {
			continue
		}
		if h := cmd.Val(); len(h) > 0 {
			out = append(out, questionFromHash(ids[i], h))
		}
	}
	return out, nil
}

// validQuestionID accepts what OpenQuestion hands out: a positive decimal
// number. Ids arrive from buttons and URLs, so anything else is unknown.
func validQuestionID(id string) bool {
	n, err := strconv.ParseUint(id, 10, 63)
	return err == nil && n > 0 && strconv.FormatUint(n, 10) == id
}

func questionFromHash(id string, h map[string]string) Question {
	ms := func(f string) time.Time {
		if n := atoi64(h[f]); n > 0 {
			return time.UnixMilli(n)
		}
		return time.Time{}
	}
	return Question{
		ID:           id,
		Asker:        Identity{Platform: h["platform"], UserID: h["user"]},
		Chat:         h["chat"],
		Name:         h["name"],
		Unit:         h["unit"],
		Text:         h["text"],
		Reason:       QuestionReason(h["reason"]),
		State:        QuestionState(h["state"]),
		Opened:       ms("opened"),
		ClaimedBy:    parseIdentity(h["claimed_by"]),
		ClaimedUntil: ms("claimed_until"),
		ClosedBy:     parseIdentity(h["closed_by"]),
		Closed:       ms("closed_at"),
		Answer:       h["answer"],
		KnowledgeBy:  parseIdentity(h["kb_by"]),
		KnowledgeAt:  ms("kb_at"),
	}
}

// parseIdentity reads "platform:userID" ("erased" for an erased person).
func parseIdentity(s string) Identity {
	if s == "" {
		return Identity{}
	}
	p, u, _ := strings.Cut(s, ":")
	return Identity{Platform: p, UserID: u}
}

// QuestionPage is one page of a queue, newest first. Next is the cursor of
// the following page ("" when this is the last).
type QuestionPage struct {
	Questions []Question
	Next      string
}

// ListOpenQuestions returns the open questions of a unit and every unit
// below it (the tree as it is now; questions of merged units count for the
// unit they were merged into), newest first, at most limit (1 to
// MaxQuestionPage). before is "" for the newest, or the Next of the page
// before. The per-unit queues are merged in one script, so a province of
// ~1,000 units with 10,000 open questions costs one tree walk and one call
// (BenchmarkListOpenQuestionsProvince).
func (s *Store) ListOpenQuestions(ctx context.Context, unit, before string, limit int) (QuestionPage, error) {
	limit = min(max(limit, 1), MaxQuestionPage)
	upper := "+inf"
	if before != "" {
		if !validQuestionID(before) {
			return QuestionPage{}, fmt.Errorf("list questions: bad cursor %q", before)
		}
		upper = "(" + before
	}
	keys, err := s.questionKeys(ctx, unit)
	if err != nil {
		return QuestionPage{}, fmt.Errorf("list questions of %s: %w", NormalizeUnitCode(unit), err)
	}
	ids, err := scriptListQuestions.Run(ctx, s.rdb, keys, upper, limit+1).StringSlice()
	if err != nil {
		return QuestionPage{}, fmt.Errorf("list questions of %s: %w", unit, err)
	}
	var page QuestionPage
	if len(ids) > limit {
		ids = ids[:limit]
		page.Next = ids[limit-1]
	}
	page.Questions, err = s.questions(ctx, ids)
	if err != nil {
		return QuestionPage{}, fmt.Errorf("list questions of %s: %w", unit, err)
	}
	return page, nil
}

// CountOpenQuestions counts the open questions of a unit and every unit below it.
func (s *Store) CountOpenQuestions(ctx context.Context, unit string) (int64, error) {
	keys, err := s.questionKeys(ctx, unit)
	if err != nil {
		return 0, fmt.Errorf("count questions of %s: %w", NormalizeUnitCode(unit), err)
	}
	n, err := scriptCountQuestions.Run(ctx, s.rdb, keys).Int64()
	if err != nil {
		return 0, fmt.Errorf("count questions of %s: %w", unit, err)
	}
	return n, nil
}

// questionKeys names the queues of a unit's subtree: every live unit below
// it and every merged code that now leads into it.
func (s *Store) questionKeys(ctx context.Context, unit string) ([]string, error) {
	codes, err := s.subtreeCodes(ctx, unit)
	if err != nil {
		return nil, err
	}
	aliases, err := s.rdb.HGetAll(ctx, s.keyUnitAliases()).Result()
	if err != nil {
		return nil, err
	}
	if len(aliases) > 0 {
		in := make(map[string]bool, len(codes))
		for _, c := range codes {
			in[c] = true
		}
		for old, live := range aliases {
			if in[live] {
				codes = append(codes, old)
			}
		}
	}
	keys := make([]string, len(codes))
	for i, c := range codes {
		keys[i] = s.keyUnitQuestions(c)
	}
	return keys, nil
}

// subtreeCodes lists the codes of a unit and everything below it, one
// pipelined round trip per level (Subtree also loads every unit's record).
func (s *Store) subtreeCodes(ctx context.Context, code string) ([]string, error) {
	top, err := s.resolveUnit(ctx, code)
	if err != nil {
		return nil, err
	}
	out := []string{top}
	seen := map[string]bool{top: true}
	level := out
	for depth := 0; len(level) > 0; depth++ {
		if depth == maxDepth {
			return nil, fmt.Errorf("subtree of %s: deeper than %d levels", top, maxDepth)
		}
		pipe := s.rdb.Pipeline()
		cmds := make([]*redis.StringSliceCmd, len(level))
		for i, c := range level {
			cmds[i] = pipe.SMembers(ctx, s.keyUnitChildren(c))
		}
		if _, err := pipe.Exec(ctx); err != nil {
			return nil, err
		}
		var next []string
		for _, cmd := range cmds {
			for _, k := range cmd.Val() {
				if !seen[k] {
					seen[k] = true
					next = append(next, k)
				}
			}
		}
		out = append(out, next...)
		level = next
	}
	return out, nil
}

// ClaimQuestion marks that by is writing an answer until now+hold, so a
// second person pressing "Trả lời" is told (ErrQuestionClaimed, with the
// question saying who). Claiming again by the same person renews it.
// ErrQuestionClosed when it was already answered, skipped or expired.
func (s *Store) ClaimQuestion(ctx context.Context, id string, by Identity, now time.Time, hold time.Duration) (Question, error) {
	return s.changeQuestion(ctx, "claim", id, by, now, hold.Milliseconds(), "")
}

// ReleaseQuestion gives up by's claim (she cancelled); someone else's claim stays.
func (s *Store) ReleaseQuestion(ctx context.Context, id string, by Identity, now time.Time) (Question, error) {
	return s.changeQuestion(ctx, "release", id, by, now, 0, "")
}

// AnswerQuestion closes an open question with by's answer, once: of two
// people answering, the second gets ErrQuestionClosed and the question
// (who answered, when). A claim by someone else does not stop it. The
// caller delivers the answer.
func (s *Store) AnswerQuestion(ctx context.Context, id string, by Identity, answer string, now time.Time) (Question, error) {
	answer = truncateUTF8(strings.TrimSpace(strings.ToValidUTF8(answer, "")), MaxAnswerText)
	if answer == "" {
		return Question{}, errors.New("answer question: empty answer")
	}
	return s.changeQuestion(ctx, "answer", id, by, now, 0, answer)
}

// SkipQuestion closes an open question without an answer (not a real
// question, or settled another way). ErrQuestionClosed when already closed.
func (s *Store) SkipQuestion(ctx context.Context, id string, by Identity, now time.Time) (Question, error) {
	return s.changeQuestion(ctx, "skip", id, by, now, 0, "")
}

// MarkQuestionInKnowledge records, once, that by adds an answered question
// to the knowledge base; a second call gets ErrQuestionInKnowledge, one on
// an unanswered question ErrQuestionNotAnswered. Mark first, then write the
// entry; if writing fails, UnmarkQuestionInKnowledge.
func (s *Store) MarkQuestionInKnowledge(ctx context.Context, id string, by Identity, now time.Time) (Question, error) {
	return s.changeQuestion(ctx, "kb", id, by, now, 0, "")
}

// UnmarkQuestionInKnowledge undoes by's own mark (her entry could not be written).
func (s *Store) UnmarkQuestionInKnowledge(ctx context.Context, id string, by Identity, now time.Time) (Question, error) {
	return s.changeQuestion(ctx, "unkb", id, by, now, 0, "")
}

func (s *Store) changeQuestion(ctx context.Context, op, id string, by Identity, now time.Time, hold int64, answer string) (Question, error) {
	if err := checkIdentity(by.Platform, by.UserID); err != nil {
		return Question{}, fmt.Errorf("%s question %s: %w", op, id, err)
	}
	if !validQuestionID(id) {
		return Question{}, fmt.Errorf("%s question %q: %w", op, id, ErrQuestionUnknown)
	}
	keys := func() ([]string, error) {
		unit, err := s.rdb.HGet(ctx, s.keyQuestion(id), "unit").Result()
		if err != nil && !errors.Is(err, redis.Nil) {
			return nil, err
		}
		return []string{s.keyQuestion(id), s.keyUnitQuestions(unit), s.keyQuestionsOpen(), s.keyQuestionAlerts(),
			s.keyQuestionsOf(by.String())}, nil
	}
	res, err := s.runDeclared(ctx, scriptChangeQuestion, keys, s.questionPrefix, op, id, by.String(),
		now.UnixMilli(), hold, answer, QuestionRetention.Milliseconds(), questionPersonTTL.Milliseconds()).Text()
	if err != nil {
		return Question{}, fmt.Errorf("%s question %s: %w", op, id, err)
	}
	var want error
	switch res {
	case "ok":
	case "unknown":
		return Question{}, fmt.Errorf("%s question %s: %w", op, id, ErrQuestionUnknown)
	case "closed":
		want = ErrQuestionClosed
	case "claimed":
		want = ErrQuestionClaimed
	case "notanswered":
		want = ErrQuestionNotAnswered
	case "inkb":
		want = ErrQuestionInKnowledge
	default:
		return Question{}, fmt.Errorf("%s question %s: unexpected script reply %q", op, id, res)
	}
	q, err := s.Question(ctx, id)
	if err != nil {
		return Question{}, fmt.Errorf("%s question: %w", op, err)
	}
	if want != nil {
		return q, fmt.Errorf("%s question %s: %w", op, id, want)
	}
	return q, nil
}

// QuestionAlert is a newly opened question not yet announced.
type QuestionAlert struct {
	ID   string
	Unit string
}

// TakeQuestionAlerts takes up to n questions opened since the last call,
// oldest first, leaving out any closed meanwhile: the caller tells each
// unit's heads and staff above in one message. Taken alerts are gone, so
// two replicas never announce the same question; a crash between taking
// and queueing the message loses that alert, not the question (it stays in
// /cauhoi).
func (s *Store) TakeQuestionAlerts(ctx context.Context, n int) ([]QuestionAlert, error) {
	keys := func() ([]string, error) {
		ids, err := s.rdb.ZRange(ctx, s.keyQuestionAlerts(), 0, int64(n)-1).Result()
		keys := []string{s.keyQuestionAlerts()}
		for _, id := range ids {
			keys = append(keys, s.keyQuestion(id))
		}
		return keys, err
	}
	res, err := s.runDeclared(ctx, scriptTakeQuestionAlerts, keys, s.questionPrefix, n).StringSlice()
	if err != nil {
		return nil, fmt.Errorf("take question alerts: %w", err)
	}
	out := make([]QuestionAlert, 0, len(res)/2)
	for i := 0; i+1 < len(res); i += 2 {
		out = append(out, QuestionAlert{ID: res[i], Unit: res[i+1]})
	}
	return out, nil
}

// ExpireQuestions closes as expired the questions opened before now minus
// QuestionOpenLifetime, at most batch of them; it reports how many.
// OpenQuestion does a little of this too; a periodic job keeps it on time.
func (s *Store) ExpireQuestions(ctx context.Context, now time.Time, batch int) (int, error) {
	cutoff := now.Add(-QuestionOpenLifetime).UnixMilli()
	n, err := s.runDeclared(ctx, scriptExpireQuestions, func() ([]string, error) { return s.questionExpireKeys(ctx, cutoff, batch) },
		s.questionPrefix, cutoff, now.UnixMilli(), QuestionRetention.Milliseconds(), batch).Int()
	if err != nil {
		return 0, fmt.Errorf("expire questions: %w", err)
	}
	return n, nil
}

// AnonymousQuestions is how many questions of people whose words are not
// kept were counted in a month (QuestionMonth).
func (s *Store) AnonymousQuestions(ctx context.Context, month string) (int64, error) {
	n, err := s.rdb.HGet(ctx, s.keyQuestionsAnonymous(), month).Int64()
	if errors.Is(err, redis.Nil) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("count anonymous questions: %w", err)
	}
	return n, nil
}

// AllQuestions streams every stored question, open and closed, oldest
// first (the CSV export for content editors). It stops at the first error,
// which it yields.
func (s *Store) AllQuestions(ctx context.Context) iter.Seq2[Question, error] {
	return func(yield func(Question, error) bool) {
		const batch = 500
		from := "-inf"
		for {
			ids, err := s.rdb.ZRangeByScore(ctx, s.keyQuestionsAll(), &redis.ZRangeBy{Min: from, Max: "+inf", Count: batch}).Result()
			if err != nil {
				yield(Question{}, fmt.Errorf("all questions: %w", err))
				return
			}
			qs, err := s.questions(ctx, ids)
			if err != nil {
				yield(Question{}, fmt.Errorf("all questions: %w", err))
				return
			}
			for _, q := range qs {
				if !yield(q, nil) {
					return
				}
			}
			if len(ids) < batch {
				return
			}
			from = "(" + ids[len(ids)-1]
		}
	}
}

// eraseQuestions takes a person out of the queue: the questions she asked
// go entirely (with their answers); where she only claimed, answered,
// skipped or added one to the knowledge base, she becomes "erased".
func (s *Store) eraseQuestions(ctx context.Context, who Identity) error {
	keys := func() ([]string, error) {
		ids, err := s.rdb.SMembers(ctx, s.keyQuestionsOf(who.String())).Result()
		if err != nil {
			return nil, err
		}
		keys := []string{s.keyQuestionsOf(who.String()), s.keyQuestionsOpen(), s.keyQuestionsAll(), s.keyQuestionAlerts()}
		return s.withQuestionKeys(ctx, keys, ids)
	}
	if err := s.runDeclared(ctx, scriptEraseQuestions, keys, s.questionPrefix, who.String(), ErasedIdentity.Platform).Err(); err != nil {
		return fmt.Errorf("erase questions: %w", err)
	}
	return nil
}

// scriptExpireQuestions closes old open questions and drops the ids of
// expired hashes from the export index. KEYS (questionExpireKeys): the
// open, alerts and export indexes, the questions it may close and their
// units' queues, the oldest ids of the export index.
// ARGV: prefix, cutoff ms, now ms, retention ms, batch. Returns how many
// it closed, or "retry".
var scriptExpireQuestions = redis.NewScript(luaQKeys + `
strict = true
local cutoff, now, retention, batch = ARGV[2], ARGV[3], ARGV[4], tonumber(ARGV[5])
local ids = redis.call("ZRANGEBYSCORE", kQOpen(), "-inf", cutoff, "LIMIT", 0, batch)
local units = {}
for i, id in ipairs(ids) do
  if not has(kQ, id) then return "retry" end
  units[i] = redis.call("HGET", kQ(id), "unit")
  if units[i] and not has(kQUnit, units[i]) then return "retry" end
end
local old = redis.call("ZRANGE", kQAll(), 0, batch - 1)
for _, id in ipairs(old) do
  if not has(kQ, id) then return "retry" end
end
for i, id in ipairs(ids) do
  local u = units[i]
  if u then
    redis.call("ZREM", kQUnit(u), id)
    redis.call("HSET", kQ(id), "state", "expired", "closed_at", now)
    redis.call("PEXPIRE", kQ(id), retention)
  end
  redis.call("ZREM", kQOpen(), id)
  redis.call("ZREM", kQAlerts(), id)
end
-- ids of expired hashes leave the export index, oldest first
for _, id in ipairs(old) do
  if redis.call("EXISTS", kQ(id)) == 1 then break end
  redis.call("ZREM", kQAll(), id)
end
return #ids
`)

// scriptOpenQuestion opens one question.
// KEYS (questionOpenKeys): the sequence, the questions the next seqWindow
// numbers name, her unit's queue, the open, export and alert indexes, her index
// and every question in it.
// ARGV: prefix, platform, user, chat, name, unit, text, reason, now, who,
// person TTL, max open per person.
// Returns {"new", id}, {"dup", id}, {"full"} or {"retry"}.
var scriptOpenQuestion = redis.NewScript(luaQKeys + `
strict = true
local platform, user, chat, name, unit, text, reason = ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7], ARGV[8]
local now, who, personTTL, maxOpen = tonumber(ARGV[9]), ARGV[10], ARGV[11], tonumber(ARGV[12])
local mine = redis.call("SMEMBERS", kQOf(who))
for _, id in ipairs(mine) do
  if not has(kQ, id) then return {"retry"} end
end
local id = tostring((tonumber(redis.call("GET", kQSeq())) or 0) + 1)
if not has(kQ, id) then return {"retry"} end
local open = 0
for _, q in ipairs(mine) do
  local f = redis.call("HMGET", kQ(q), "state", "platform", "user", "text")
  if f[1] == "open" and f[2] == platform and f[3] == user then
    if f[4] == text then return {"dup", q} end
    open = open + 1
  end
end
if open >= maxOpen then return {"full"} end
redis.call("INCR", kQSeq())
redis.call("HSET", kQ(id), "platform", platform, "user", user, "chat", chat, "name", name,
  "unit", unit, "text", text, "reason", reason, "state", "open", "opened", now)
redis.call("ZADD", kQUnit(unit), id, id)
redis.call("ZADD", kQOpen(), now, id)
redis.call("ZADD", kQAll(), id, id)
redis.call("ZADD", kQAlerts(), id, id)
redis.call("SADD", kQOf(who), id)
redis.call("PEXPIRE", kQOf(who), personTTL)
return {"new", id}
`)

// scriptChangeQuestion claims, releases, answers, skips or marks one question.
// KEYS: the question, its unit's queue (read first), the open and alert
// indexes, the index of who acts. ARGV: prefix, op, id, who, now, hold ms,
// answer, retention, person TTL. Returns ok, unknown, closed, claimed,
// notanswered, inkb or retry.
var scriptChangeQuestion = redis.NewScript(luaQKeys + `
strict = true
local op, id, who, now = ARGV[2], ARGV[3], ARGV[4], tonumber(ARGV[5])
local k = kQ(id)
local f = redis.call("HMGET", k, "state", "unit", "claimed_by", "claimed_until", "kb_at")
local state = f[1]
if not state then return "unknown" end
if f[2] and not has(kQUnit, f[2]) then return "retry" end
local function names()
  redis.call("SADD", kQOf(who), id)
  redis.call("PEXPIRE", kQOf(who), ARGV[9])
end
if op == "kb" then
  if state ~= "answered" then return "notanswered" end
  if f[5] then return "inkb" end
  redis.call("HSET", k, "kb_by", who, "kb_at", now)
  names()
  return "ok"
end
if op == "unkb" then
  if redis.call("HGET", k, "kb_by") == who then redis.call("HDEL", k, "kb_by", "kb_at") end
  return "ok"
end
if state ~= "open" then return "closed" end
if op == "claim" then
  if f[3] and f[3] ~= who and tonumber(f[4] or "0") > now then return "claimed" end
  redis.call("HSET", k, "claimed_by", who, "claimed_until", now + tonumber(ARGV[6]))
  names()
  return "ok"
end
if op == "release" then
  if f[3] == who then redis.call("HDEL", k, "claimed_by", "claimed_until") end
  return "ok"
end
if op == "answer" then
  redis.call("HSET", k, "state", "answered", "answer", ARGV[7])
elseif op == "skip" then
  redis.call("HSET", k, "state", "skipped")
else
  return redis.error_reply("unknown op " .. op)
end
redis.call("HSET", k, "closed_by", who, "closed_at", now)
redis.call("ZREM", kQUnit(f[2]), id)
redis.call("ZREM", kQOpen(), id)
redis.call("ZREM", kQAlerts(), id)
redis.call("PEXPIRE", k, ARGV[8])
names()
return "ok"
`)

// scriptListQuestions merges the per-unit queues. KEYS = the queues.
// ARGV: max score ("+inf" or "(id"), n. Returns up to n ids, newest first.
// It keeps the n best so far and asks each next queue only for ids above
// the n-th best, so after the first few queues most calls return nothing
// and the merge never sorts more than 2n numbers.
var scriptListQuestions = redis.NewScript(`
local n = tonumber(ARGV[2])
local best = {}
local floor = "-inf"
local function newer(a, b) return a > b end
for _, k in ipairs(KEYS) do
  local ids = redis.call("ZREVRANGEBYSCORE", k, ARGV[1], floor, "LIMIT", 0, n)
  if #ids > 0 then
    for _, id in ipairs(ids) do best[#best + 1] = tonumber(id) end
    table.sort(best, newer)
    for i = #best, n + 1, -1 do best[i] = nil end
    if #best == n then floor = "(" .. best[n] end
  end
end
local out = {}
for i, id in ipairs(best) do out[i] = tostring(id) end
return out
`)

// scriptCountQuestions sums the sizes of the queues in KEYS.
var scriptCountQuestions = redis.NewScript(`
local n = 0
for _, k in ipairs(KEYS) do n = n + redis.call("ZCARD", k) end
return n
`)

// scriptTakeQuestionAlerts pops up to ARGV[2] alerts, oldest first.
// KEYS: the alert index and the questions it holds (read first).
// Returns id, unit pairs of those still open, or {"retry"}.
var scriptTakeQuestionAlerts = redis.NewScript(luaQKeys + `
strict = true
local ids = redis.call("ZRANGE", kQAlerts(), 0, tonumber(ARGV[2]) - 1)
for _, id in ipairs(ids) do
  if not has(kQ, id) then return {"retry"} end
end
local out = {}
for _, id in ipairs(ids) do
  redis.call("ZREM", kQAlerts(), id)
  local f = redis.call("HMGET", kQ(id), "state", "unit")
  if f[1] == "open" then
    out[#out + 1] = id
    out[#out + 1] = f[2]
  end
end
return out
`)

// scriptEraseQuestions takes a person out of the queue.
// KEYS (questionEraseKeys): her index, the questions in it and their
// units' queues (read first), the open, export and alert indexes.
// ARGV: prefix, who, tombstone. Returns 0, or "retry".
var scriptEraseQuestions = redis.NewScript(luaQKeys + `
strict = true
local who, tomb = ARGV[2], ARGV[3]
local ids = redis.call("SMEMBERS", kQOf(who))
for _, id in ipairs(ids) do
  if not has(kQ, id) then return "retry" end
  local u = redis.call("HGET", kQ(id), "unit")
  if u and not has(kQUnit, u) then return "retry" end
end
for _, id in ipairs(ids) do
  local k = kQ(id)
  local f = redis.call("HMGET", k, "platform", "user", "unit", "claimed_by", "closed_by", "kb_by")
  if f[1] then
    if f[1] .. ":" .. f[2] == who then
      redis.call("ZREM", kQUnit(f[3]), id)
      redis.call("ZREM", kQOpen(), id)
      redis.call("ZREM", kQAll(), id)
      redis.call("ZREM", kQAlerts(), id)
      redis.call("DEL", k)
    else
      if f[4] == who then redis.call("HSET", k, "claimed_by", tomb) end
      if f[5] == who then redis.call("HSET", k, "closed_by", tomb) end
      if f[6] == who then redis.call("HSET", k, "kb_by", tomb) end
    end
  end
end
redis.call("DEL", kQOf(who))
return 0
`)

// questionOpenKeys names the keys scriptOpenQuestion touches: the
// sequence's value and the questions she has open are read here.
func (s *Store) questionOpenKeys(ctx context.Context, who, unit string) ([]string, error) {
	pipe := s.rdb.Pipeline()
	seq := pipe.Get(ctx, s.keyQuestionSeq())
	mine := pipe.SMembers(ctx, s.keyQuestionsOf(who))
	if _, err := pipe.Exec(ctx); err != nil && !errors.Is(err, redis.Nil) {
		return nil, err
	}
	next, _ := strconv.ParseInt(seq.Val(), 10, 64)
	keys := []string{s.keyQuestionSeq(), s.keyUnitQuestions(unit),
		s.keyQuestionsOpen(), s.keyQuestionsAll(), s.keyQuestionAlerts(), s.keyQuestionsOf(who)}
	for i := range int64(seqWindow) {
		keys = append(keys, s.keyQuestion(strconv.FormatInt(next+1+i, 10)))
	}
	for _, id := range mine.Val() {
		keys = append(keys, s.keyQuestion(id))
	}
	return keys, nil
}

// questionExpireKeys names the keys scriptExpireQuestions touches: the
// questions due to expire, their units and the oldest ids of the export
// index are read here.
func (s *Store) questionExpireKeys(ctx context.Context, cutoff int64, batch int) ([]string, error) {
	pipe := s.rdb.Pipeline()
	due := pipe.ZRangeByScore(ctx, s.keyQuestionsOpen(), &redis.ZRangeBy{Min: "-inf",
		Max: strconv.FormatInt(cutoff, 10), Count: int64(batch)})
	old := pipe.ZRange(ctx, s.keyQuestionsAll(), 0, int64(batch)-1)
	if _, err := pipe.Exec(ctx); err != nil {
		return nil, err
	}
	keys := []string{s.keyQuestionsOpen(), s.keyQuestionsAll(), s.keyQuestionAlerts()}
	for _, id := range old.Val() {
		keys = append(keys, s.keyQuestion(id))
	}
	return s.withQuestionKeys(ctx, keys, due.Val())
}

// withQuestionKeys adds to keys the questions ids and their units' queues.
func (s *Store) withQuestionKeys(ctx context.Context, keys, ids []string) ([]string, error) {
	if len(ids) == 0 {
		return keys, nil
	}
	pipe := s.rdb.Pipeline()
	units := make([]*redis.StringCmd, len(ids))
	for i, id := range ids {
		units[i] = pipe.HGet(ctx, s.keyQuestion(id), "unit")
	}
	if _, err := pipe.Exec(ctx); err != nil && !errors.Is(err, redis.Nil) {
		return nil, err
	}
	for i, id := range ids {
		keys = append(keys, s.keyQuestion(id))
		if u := units[i].Val(); u != "" {
			keys = append(keys, s.keyUnitQuestions(u))
		}
	}
	return keys, nil
}
