package store

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"loa/store/redistest"
)

// Issue 14 point 2: a script touches only keys it was given in KEYS. The
// scripts whose keys depend on data are given what their caller read first
// and refuse, without a write, when the data changed in between (or, for a
// bug of the caller, stop at an undeclared key). Each case below runs one
// script with what a caller read before a change, checks the refusal and
// that the whole dataset is unchanged (DEBUG DIGEST), then checks that the
// public method, which reads again, does the work.

// refusalCase is one script run with a stale or short list of keys.
type refusalCase struct {
	name string
	// stale prepares the data, reads keys as a caller would, changes the
	// data, and returns the refused run and the check of its reply.
	stale func(t *testing.T, s *Store) (run func() *redis.Cmd, refused func(*redis.Cmd) bool)
	// then calls the public method, which must do the work.
	then func(t *testing.T, s *Store)
}

func TestScriptsRefuseAStaleReadWithoutWriting(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	rdb := redistest.Start(t).Client()
	for i, c := range refusalCases(ctx) {
		t.Run(c.name, func(t *testing.T) {
			s, err := NewNamespaced(rdb, "case"+string(rune('a'+i)))
			if err != nil {
				t.Fatal(err)
			}
			run, refused := c.stale(t, s)
			before := rdb.Do(ctx, "DEBUG", "DIGEST").Val()
			if cmd := run(); !refused(cmd) {
				t.Fatalf("not refused: %v, %v", cmd.Val(), cmd.Err())
			}
			if after := rdb.Do(ctx, "DEBUG", "DIGEST").Val(); after != before {
				t.Fatal("the refused script wrote")
			}
			c.then(t, s)
		})
	}
}

// retried reports a "retry" answer.
func retried(cmd *redis.Cmd) bool { return cmd.Err() == nil && isRetry(cmd) }

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func importTree(t *testing.T, s *Store, csv string) {
	t.Helper()
	units, err := ParseUnitsCSV(strings.NewReader(csv), "tree.csv")
	must(t, err)
	_, err = s.ImportUnits(context.Background(), units)
	must(t, err)
}

const refusalTree = "code,name,parent,kind\nDN,Tỉnh,,province\nC1,Xã 1,DN,commune\nC2,Xã 2,DN,commune\n" +
	"B1,Chi hội 1,C1,branch\nB2,Chi hội 2,C2,branch\n"

func member(t *testing.T, s *Store, userID, unit string) Identity {
	t.Helper()
	_, err := s.Register(context.Background(), Member{Platform: "telegram", UserID: userID, Name: "Lan", Unit: unit,
		Consent: time.Now(), Active: true})
	must(t, err)
	return Identity{Platform: "telegram", UserID: userID}
}

// outboxJob makes a started job of one recipient, chat 7.
func outboxJob(t *testing.T, s *Store, idem string) string {
	t.Helper()
	ctx := context.Background()
	id, _, err := s.CreateOutboxJob(ctx, OutboxJob{Platform: "telegram", TokenID: "tok", Kind: 1, Parts: 1,
		Payload: []byte("x"), AuthorPlatform: "telegram", AuthorChat: "7", Label: "Họp", IdempotencyKey: idem})
	must(t, err)
	_, err = s.AddOutboxRecipients(ctx, id, []OutboxRecipient{{ChatID: "7", MemberKey: "telegram:7"}})
	must(t, err)
	return id
}

func claimOne(t *testing.T, s *Store) OutboxClaim {
	t.Helper()
	c, err := s.ClaimOutbox(context.Background(), OutboxClaimRequest{Queues: []OutboxQueue{{Platform: "telegram", TokenID: "tok"}},
		Owner: "w1", Max: 1, Lease: time.Minute})
	if err != nil || len(c.Items) != 1 {
		t.Fatalf("claim: %+v, %v", c, err)
	}
	return c
}

func refusalCases(ctx context.Context) []refusalCase {
	now := time.Now()
	var recordJob, recordIndex string // what the record case's refused run and its public call share
	return []refusalCase{
		{
			name: "notices erase: a notice sent after the read",
			stale: func(t *testing.T, s *Store) (func() *redis.Cmd, func(*redis.Cmd) bool) {
				first, _ := NewNoticeID()
				_, _, err := s.CreateNotice(ctx, Notice{ID: first, AuthorPlatform: "telegram", AuthorChat: "501",
					AuthorUser: "501", Unit: "B1", Label: "Họp"}, time.Minute)
				must(t, err)
				second, _ := NewNoticeID()
				_, _, err = s.CreateNotice(ctx, Notice{ID: second, AuthorPlatform: "telegram", AuthorChat: "501",
					AuthorUser: "501", Unit: "B1", Label: "Họp"}, time.Minute)
				must(t, err)
				keys := []string{s.keyNoticesByAuthor("telegram", "501"), s.keyNoticeDraftsByAuthor("telegram", "501"), s.keyNotice(first)}
				return func() *redis.Cmd {
						return scriptEraseNotices.Run(ctx, s.rdb, keys, "telegram", "501", "501", 1, first)
					}, func(c *redis.Cmd) bool {
						n, err := c.Int()
						return err == nil && n == 0
					}
			},
			then: func(t *testing.T, s *Store) {
				must(t, s.eraseFromNotices(ctx, Identity{Platform: "telegram", UserID: "501"}, "501"))
				ns, err := s.NoticesByAuthor(ctx, "telegram", "501", 10)
				if err != nil || len(ns) != 0 {
					t.Fatalf("her notices are still listed: %v, %v", ns, err)
				}
			},
		},
		{
			name: "outbox add: its pending list not declared (a caller's bug)",
			stale: func(t *testing.T, s *Store) (func() *redis.Cmd, func(*redis.Cmd) bool) {
				id := outboxJob(t, s, "")
				return func() *redis.Cmd {
						return outboxAddScript.Run(ctx, s.rdb, []string{s.keyOutboxJob(id), s.keyOutboxChats(id)}, id, "8", "telegram:8")
					}, func(c *redis.Cmd) bool {
						return c.Err() != nil && strings.Contains(c.Err().Error(), "undeclared pending key")
					}
			},
			then: func(t *testing.T, s *Store) {},
		},
		{
			name: "outbox start: another job's token and no idempotency key",
			stale: func(t *testing.T, s *Store) (func() *redis.Cmd, func(*redis.Cmd) bool) {
				id := outboxJob(t, s, "notice:abc")
				wrong := s.outboxEndKeys(id, "telegram", "other-token", hashIdempotencyKey("notice:abc"))
				noIdem := s.outboxEndKeys(id, "telegram", "tok", "")
				return func() *redis.Cmd {
						if res, err := outboxStartScript.Run(ctx, s.rdb, wrong, id).Int64Slice(); err != nil || res[0] != -2 {
							return redis.NewCmdResult(res, err)
						}
						return outboxStartScript.Run(ctx, s.rdb, noIdem, id)
					}, func(c *redis.Cmd) bool {
						res, err := c.Int64Slice()
						return err == nil && res[0] == -2
					}
			},
			then: func(t *testing.T, s *Store) {
				id, _, _ := s.CreateOutboxJob(ctx, OutboxJob{Platform: "telegram", TokenID: "tok", Kind: 1, Parts: 1,
					Payload: []byte("x"), AuthorPlatform: "telegram", AuthorChat: "7", Label: "Họp", IdempotencyKey: "notice:abc"})
				if started, _, err := s.StartOutboxJob(ctx, id); err != nil || !started {
					t.Fatalf("start: %v %v", started, err)
				}
			},
		},
		{
			name: "outbox claim: a job queued after the read",
			stale: func(t *testing.T, s *Store) (func() *redis.Cmd, func(*redis.Cmd) bool) {
				id := outboxJob(t, s, "")
				_, _, err := s.StartOutboxJob(ctx, id)
				must(t, err)
				keys := []string{s.keyOutboxLeases(), s.keyOutboxReady("telegram", "tok")}
				return func() *redis.Cmd { return outboxClaimScript.Run(ctx, s.rdb, keys, "w1", 1, 60000, 16, 1) },
					func(c *redis.Cmd) bool {
						res, err := c.StringSlice()
						return err == nil && res[0] == "" && res[1] == "retry"
					}
			},
			then: func(t *testing.T, s *Store) { claimOne(t, s) },
		},
		{
			name: "outbox record: a blocked member's outcome index not declared",
			stale: func(t *testing.T, s *Store) (func() *redis.Cmd, func(*redis.Cmd) bool) {
				id := outboxJob(t, s, "")
				_, _, err := s.StartOutboxJob(ctx, id)
				must(t, err)
				idx := claimOne(t, s).Items[0].Index
				recordJob, recordIndex = id, idx
				if r, _, err := s.MarkOutboxSending(ctx, id, idx, "w1", 0, time.Minute); err != nil || r != MarkOK {
					t.Fatalf("mark: %v, %v", r, err)
				}
				keys := append(s.outboxEndKeys(id, "telegram", "tok", ""), s.keyOutboxLeases())
				return func() *redis.Cmd {
						return outboxRecordScript.Run(ctx, s.rdb, keys, id, idx, "w1", 0, OutcomeBlocked, "", 0, 1, 60000, 1000)
					}, func(c *redis.Cmd) bool {
						res, err := c.StringSlice()
						return err == nil && res[0] == "member" && res[1] == "telegram:7"
					}
			},
			then: func(t *testing.T, s *Store) {
				id := recordJob
				rec, err := s.RecordOutboxSend(ctx, OutboxRecord{JobID: id, Index: recordIndex, Owner: "w1", Outcome: OutcomeBlocked})
				if err != nil || rec.Result != RecordFinal {
					t.Fatalf("record: %+v, %v", rec, err)
				}
				if !s.rdb.SIsMember(ctx, s.keyOutboxOutcomesOf("telegram:7"), id).Val() {
					t.Fatal("her outcome is not indexed under her")
				}
			},
		},
		{
			name: "outbox reap: the job and her outcome index not declared",
			stale: func(t *testing.T, s *Store) (func() *redis.Cmd, func(*redis.Cmd) bool) {
				id := outboxJob(t, s, "")
				_, _, err := s.StartOutboxJob(ctx, id)
				must(t, err)
				// The worker is lost while sending: its lease runs out at once.
				c := claimOne(t, s)
				if r, _, err := s.MarkOutboxSending(ctx, id, c.Items[0].Index, "w1", 0, time.Millisecond); err != nil || r != MarkOK {
					t.Fatalf("mark: %v, %v", r, err)
				}
				time.Sleep(5 * time.Millisecond)
				keys := append([]string{s.keyOutboxLeases()}, s.outboxEndKeys(id, "telegram", "tok", "")...)
				return func() *redis.Cmd {
						if res, err := outboxReapScript.Run(ctx, s.rdb, keys, 10).StringSlice(); err != nil || len(res) != 2 ||
							res[0] != "members" || res[1] != "telegram:7" {
							return redis.NewCmdResult(res, err)
						}
						return outboxReapScript.Run(ctx, s.rdb, keys[:1], 10)
					}, func(c *redis.Cmd) bool {
						res, err := c.StringSlice()
						return err == nil && res[0] == "retry"
					}
			},
			then: func(t *testing.T, s *Store) {
				r, err := s.ReapOutboxLeases(ctx, 10)
				if err != nil || r.Reaped != 1 || len(r.InDoubt) != 1 {
					t.Fatalf("reap: %+v %v", r, err)
				}
			},
		},
		{
			name: "outbox erase: a job of hers made after the read",
			stale: func(t *testing.T, s *Store) (func() *redis.Cmd, func(*redis.Cmd) bool) {
				outboxJob(t, s, "")
				keys := []string{s.keyOutboxByAuthor("telegram", "7"), s.keyOutboxOutcomesOf("telegram:7"), s.keyOutboxLive()}
				return func() *redis.Cmd {
						return outboxEraseScript.Run(ctx, s.rdb, keys, "telegram:7", "7", "telegram", "erased:x")
					}, func(c *redis.Cmd) bool {
						n, err := c.Int()
						return err == nil && n == -1
					}
			},
			then: func(t *testing.T, s *Store) {
				must(t, s.eraseFromOutbox(ctx, Identity{Platform: "telegram", UserID: "7"}, "7", "erased:x"))
				ids, _ := s.rdb.Keys(ctx, s.keyOutboxPending("*")).Result()
				if p := s.rdb.LRange(ctx, ids[0], 0, -1).Val(); len(p) != 1 || p[0] != "\x1ferased:x" {
					t.Fatalf("pending after her erasure: %q", p)
				}
			},
		},
		{
			name: "register: her old unit found through her record",
			stale: func(t *testing.T, s *Store) (func() *redis.Cmd, func(*redis.Cmd) bool) {
				importTree(t, s, refusalTree)
				member(t, s, "9", "B1")
				id := idKey("telegram", "9")
				keys := append(append(s.dirBaseKeys(), s.keyMember(id)), s.dirUnitKeys("B2")...)
				return func() *redis.Cmd {
						return scriptRegister.Run(ctx, s.rdb, keys, s.dirPrefix, id, "B2", "Lan", 1, "1", "0")
					},
					func(c *redis.Cmd) bool {
						res, err := c.StringSlice()
						return err == nil && len(res) == 2 && res[0] == "declare" && res[1] == "B1"
					}
			},
			then: func(t *testing.T, s *Store) {
				member(t, s, "9", "B2")
				if c, _ := s.CountMembers(ctx, "B1", false); c != (Counts{}) {
					t.Fatalf("B1 still counts her: %+v", c)
				}
			},
		},
		{
			name: "check-in: she moved to another commune after the read",
			stale: func(t *testing.T, s *Store) (func() *redis.Cmd, func(*redis.Cmd) bool) {
				importTree(t, s, refusalTree)
				her := member(t, s, "9", "B1")
				e, err := s.CreateEvent(ctx, NewEvent{Unit: "C2", Title: "Họp xã", Start: now.Add(-time.Minute)})
				must(t, err)
				keys, err := s.checkInKeys(ctx, "code", e.Code, her.String())
				must(t, err)
				member(t, s, "9", "B2")
				return func() *redis.Cmd {
						return scriptCheckIn.Run(ctx, s.rdb, keys, s.dirPrefix, "code", e.Code, her.String(), now.UnixMilli(),
							CheckInEarly.Milliseconds(), "", CheckInTries, CheckInTriesWindow.Milliseconds())
					},
					retried
			},
			then: func(t *testing.T, s *Store) {
				e, err := s.rdb.Keys(ctx, s.keyEventCode("*")).Result()
				must(t, err)
				code := e[0][strings.LastIndex(e[0], ":")+1:]
				r, err := s.CheckInByCode(ctx, code, Identity{Platform: "telegram", UserID: "9"}, now)
				if err != nil || r.Status != CheckedIn {
					t.Fatalf("check in: %+v, %v", r, err)
				}
			},
		},
		{
			name: "close: the tree above the event changed after the read",
			stale: func(t *testing.T, s *Store) (func() *redis.Cmd, func(*redis.Cmd) bool) {
				importTree(t, s, refusalTree)
				e, err := s.CreateEvent(ctx, NewEvent{Unit: "B1", Title: "Họp", Start: now.Add(-time.Hour)})
				must(t, err)
				keys, err := s.eventCloseKeys(ctx, e.ID)
				must(t, err)
				importTree(t, s, strings.Replace(refusalTree, "B1,Chi hội 1,C1", "B1,Chi hội 1,C2", 1))
				return func() *redis.Cmd {
					return scriptCloseEvent.Run(ctx, s.rdb, keys, s.dirPrefix, e.ID, now.UnixMilli(), now.Add(ReminderDelay).UnixMilli())
				}, retried
			},
			then: func(t *testing.T, s *Store) {
				if n, err := s.CloseDueEvents(ctx, now.Add(7*time.Hour)); err != nil || n != 1 {
					t.Fatalf("close: %d, %v", n, err)
				}
				if a, _ := s.rdb.HGet(ctx, s.keyAggregate("C2", PeriodKeys(now.Add(-time.Hour))[0]), "events").Int(); a != 1 {
					t.Fatalf("the new commune above did not count the event: %d", a)
				}
			},
		},
		{
			name: "report: the event closed after the read",
			stale: func(t *testing.T, s *Store) (func() *redis.Cmd, func(*redis.Cmd) bool) {
				importTree(t, s, refusalTree)
				head := member(t, s, "9", "B1")
				e, err := s.CreateEvent(ctx, NewEvent{Unit: "B1", Title: "Họp", Start: now.Add(-time.Hour)})
				must(t, err)
				keys := []string{s.keyEvent(e.ID), s.keyEventReports(e.ID), s.keyMemberEvents(head.String()),
					s.keyEventsUnreported(), s.keyEventsRemind()}
				_, err = s.CloseEvent(ctx, e.ID, now)
				must(t, err)
				return func() *redis.Cmd {
					return scriptReport.Run(ctx, s.rdb, keys, s.dirPrefix, e.ID, 12, head.String(), now.UnixMilli())
				}, retried
			},
			then: func(t *testing.T, s *Store) {
				evs, err := s.UnreportedEvents(ctx, now.Add(-time.Hour))
				if err != nil || len(evs) != 1 {
					t.Fatalf("unreported: %v, %v", evs, err)
				}
				if _, err := s.ReportHeadcount(ctx, evs[0].ID, Identity{Platform: "telegram", UserID: "9"}, 12, now); err != nil {
					t.Fatal(err)
				}
				if a, _ := s.rdb.HGet(ctx, s.keyAggregate("DN", PeriodKeys(now.Add(-time.Hour))[0]), "headcount").Int(); a != 12 {
					t.Fatalf("the province's headcount: %d", a)
				}
			},
		},
		{
			name: "member erase: she checked in after the read",
			stale: func(t *testing.T, s *Store) (func() *redis.Cmd, func(*redis.Cmd) bool) {
				importTree(t, s, refusalTree)
				her := member(t, s, "9", "B1")
				keys, err := s.eraseKeys(ctx, her.String())
				must(t, err)
				e, err := s.CreateEvent(ctx, NewEvent{Unit: "B1", Title: "Họp", Start: now.Add(-time.Minute)})
				must(t, err)
				if r, err := s.CheckIn(ctx, e.ID, her, now); err != nil || r.Status != CheckedIn {
					t.Fatalf("check in: %+v %v", r, err)
				}
				return func() *redis.Cmd { return scriptErase.Run(ctx, s.rdb, keys, s.dirPrefix, her.String(), "erased:x") }, retried
			},
			then: func(t *testing.T, s *Store) {
				if found, err := s.Erase(ctx, "telegram", "9"); err != nil || !found {
					t.Fatalf("erase: %v %v", found, err)
				}
				ids, _ := s.rdb.Keys(ctx, s.keyEventCheckIns("*")).Result()
				if in := s.rdb.SMembers(ctx, ids[0]).Val(); len(in) != 1 || !strings.HasPrefix(in[0], "erased:") {
					t.Fatalf("check-ins after her erasure: %q", in)
				}
			},
		},
		{
			name: "tree import: a member joined the merged unit after the read",
			stale: func(t *testing.T, s *Store) (func() *redis.Cmd, func(*redis.Cmd) bool) {
				importTree(t, s, refusalTree)
				units, err := ParseUnitsCSV(strings.NewReader("code,name,parent,kind,merged_into\nDN,Tỉnh,,province,\n"+
					"C1,Xã 1,DN,commune,\nB1,Chi hội 1,C1,branch,\nC2,,,,C1\nB2,,,,B1\n"), "tree.csv")
				must(t, err)
				args, keysOf, err := s.importCall(units)
				must(t, err)
				keys, err := keysOf(ctx)
				must(t, err)
				member(t, s, "9", "B2")
				return func() *redis.Cmd { return scriptImportUnits.Run(ctx, s.rdb, keys, args...) }, retried
			},
			then: func(t *testing.T, s *Store) {
				importTree(t, s, "code,name,parent,kind,merged_into\nDN,Tỉnh,,province,\n"+
					"C1,Xã 1,DN,commune,\nB1,Chi hội 1,C1,branch,\nC2,,,,C1\nB2,,,,B1\n")
				if m, err := s.Member(ctx, "telegram", "9"); err != nil || m.Unit != "B1" {
					t.Fatalf("she did not move with her branch: %+v, %v", m, err)
				}
			},
		},
		{
			name: "question open: she opened another after the read",
			stale: func(t *testing.T, s *Store) (func() *redis.Cmd, func(*redis.Cmd) bool) {
				importTree(t, s, refusalTree)
				her := member(t, s, "9", "B1")
				_, _, err := s.OpenQuestion(ctx, NewQuestion{Asker: her, Text: "Vay vốn?", Reason: QuestionFallback, Now: now})
				must(t, err)
				keys, err := s.questionOpenKeys(ctx, her.String(), "B1")
				must(t, err)
				// After the read she opens another, and others take more
				// numbers than the window she was given.
				_, _, err = s.OpenQuestion(ctx, NewQuestion{Asker: her, Text: "Học nghề?", Reason: QuestionFallback, Now: now})
				must(t, err)
				must(t, s.rdb.IncrBy(ctx, s.keyQuestionSeq(), seqWindow).Err())
				return func() *redis.Cmd {
					return scriptOpenQuestion.Run(ctx, s.rdb, keys, s.questionPrefix, "telegram", "9", "9", "Lan", "B1",
						"Chị muốn gặp cán bộ", "person", now.UnixMilli(), her.String(), 60000, MaxOpenQuestionsPerPerson)
				}, retried
			},
			then: func(t *testing.T, s *Store) {
				q, opened, err := s.OpenQuestion(ctx, NewQuestion{Asker: Identity{Platform: "telegram", UserID: "9"},
					Text: "Chị muốn gặp cán bộ", Reason: QuestionAskedForPerson, Now: now})
				if err != nil || !opened || q.ID != "19" {
					t.Fatalf("open: %+v %v %v", q, opened, err)
				}
			},
		},
		{
			name: "question alerts: a question opened after the read",
			stale: func(t *testing.T, s *Store) (func() *redis.Cmd, func(*redis.Cmd) bool) {
				importTree(t, s, refusalTree)
				her := member(t, s, "9", "B1")
				keys := []string{s.keyQuestionAlerts()}
				_, _, err := s.OpenQuestion(ctx, NewQuestion{Asker: her, Text: "Vay vốn?", Reason: QuestionFallback, Now: now})
				must(t, err)
				return func() *redis.Cmd { return scriptTakeQuestionAlerts.Run(ctx, s.rdb, keys, s.questionPrefix, 10) }, retried
			},
			then: func(t *testing.T, s *Store) {
				if a, err := s.TakeQuestionAlerts(ctx, 10); err != nil || len(a) != 1 || a[0].Unit != "B1" {
					t.Fatalf("alerts: %+v, %v", a, err)
				}
			},
		},
		{
			name: "question answer: its unit's queue not declared",
			stale: func(t *testing.T, s *Store) (func() *redis.Cmd, func(*redis.Cmd) bool) {
				importTree(t, s, refusalTree)
				her := member(t, s, "9", "B1")
				q, _, err := s.OpenQuestion(ctx, NewQuestion{Asker: her, Text: "Vay vốn?", Reason: QuestionFallback, Now: now})
				must(t, err)
				keys := []string{s.keyQuestion(q.ID), s.keyUnitQuestions(""), s.keyQuestionsOpen(), s.keyQuestionAlerts(),
					s.keyQuestionsOf("zalo:1")}
				return func() *redis.Cmd {
					return scriptChangeQuestion.Run(ctx, s.rdb, keys, s.questionPrefix, "answer", q.ID, "zalo:1",
						now.UnixMilli(), 0, "Chị hỏi ngân hàng.", 60000, 60000)
				}, retried
			},
			then: func(t *testing.T, s *Store) {
				q, err := s.AnswerQuestion(ctx, "1", Identity{Platform: "zalo", UserID: "1"}, "Chị hỏi ngân hàng.", now)
				if err != nil || q.State != QuestionAnswered {
					t.Fatalf("answer: %+v, %v", q, err)
				}
			},
		},
		{
			name: "question expiry and erase: questions opened after the read",
			stale: func(t *testing.T, s *Store) (func() *redis.Cmd, func(*redis.Cmd) bool) {
				importTree(t, s, refusalTree)
				her := member(t, s, "9", "B1")
				later := now.Add(QuestionOpenLifetime + time.Hour)
				expire, err := s.questionExpireKeys(ctx, later.Add(-QuestionOpenLifetime).UnixMilli(), 10)
				must(t, err)
				erase := []string{s.keyQuestionsOf(her.String()), s.keyQuestionsOpen(), s.keyQuestionsAll(), s.keyQuestionAlerts()}
				_, _, err = s.OpenQuestion(ctx, NewQuestion{Asker: her, Text: "Vay vốn?", Reason: QuestionFallback, Now: now})
				must(t, err)
				return func() *redis.Cmd {
					if c := scriptExpireQuestions.Run(ctx, s.rdb, expire, s.questionPrefix, later.Add(-QuestionOpenLifetime).UnixMilli(),
						later.UnixMilli(), 60000, 10); !retried(c) {
						return c
					}
					return scriptEraseQuestions.Run(ctx, s.rdb, erase, s.questionPrefix, her.String(), "erased")
				}, retried
			},
			then: func(t *testing.T, s *Store) {
				if n, err := s.ExpireQuestions(ctx, now.Add(QuestionOpenLifetime+time.Hour), 10); err != nil || n != 1 {
					t.Fatalf("expire: %d, %v", n, err)
				}
				must(t, s.eraseQuestions(ctx, Identity{Platform: "telegram", UserID: "9"}))
				if _, err := s.Question(ctx, "1"); !errors.Is(err, ErrQuestionUnknown) {
					t.Fatalf("her question is still there: %v", err)
				}
			},
		},
		{
			name: "dashboard erase: a session opened after the read",
			stale: func(t *testing.T, s *Store) (func() *redis.Cmd, func(*redis.Cmd) bool) {
				her := Identity{Platform: "telegram", UserID: "9"}
				keys := []string{s.keyDashOf(her.String()), s.keyDashAudit()}
				_, _, err := s.CreateDashboardSession(ctx, her, time.Hour)
				must(t, err)
				return func() *redis.Cmd { return scriptEraseDashboard.Run(ctx, s.rdb, keys, s.dashPrefix, her.String()) }, retried
			},
			then: func(t *testing.T, s *Store) {
				must(t, s.eraseFromDashboard(ctx, Identity{Platform: "telegram", UserID: "9"}))
				if ks, _ := s.rdb.Keys(ctx, s.keyDashSession("*")).Result(); len(ks) != 0 {
					t.Fatalf("her session is left: %q", ks)
				}
			},
		},
	}
}
