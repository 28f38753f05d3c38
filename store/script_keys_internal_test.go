package store

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"loa/store/redistest"
)

// Issue 14 point 2: every Lua script declares every key it touches in KEYS,
// which Redis Cluster requires (a key built inside a script is documented as
// unsupported there). TestEveryScriptTouchesOnlyDeclaredKeys proves it by
// watching the server: it runs every script of the package through the
// public Store methods under MONITOR, asks the server itself which
// arguments of each command a script sent are keys (COMMAND GETKEYS) and
// fails on any key the caller did not pass in KEYS, or on KEYS of two
// Cluster slots. A script the scenario
// does not run, or a new redis.NewScript missing from scriptsUnderTest,
// fails it too.

// scriptsUnderTest names every script of the package (the variables'
// names). TestScriptRegistryIsComplete keeps it equal to the sources.
var scriptsUnderTest = map[string]*redis.Script{
	"limiterTakeScript": limiterTakeScript, "limiterPauseScript": limiterPauseScript,
	"limiterFloodScript": limiterFloodScript, "unansweredScript": unansweredScript,
	"scriptEraseDashboard": scriptEraseDashboard,
	"outboxCreateScript":   outboxCreateScript, "outboxAddScript": outboxAddScript,
	"outboxStartScript": outboxStartScript, "outboxClaimScript": outboxClaimScript,
	"outboxMarkScript": outboxMarkScript, "outboxRecordScript": outboxRecordScript,
	"outboxReleaseScript": outboxReleaseScript, "outboxReapScript": outboxReapScript,
	"outboxCancelScript": outboxCancelScript, "outboxEraseScript": outboxEraseScript,
	"zaloOASaveRotated": zaloOASaveRotated, "zaloOAUnlock": zaloOAUnlock, "zaloOASeen": zaloOASeen,
	"scriptCreateNotice": scriptCreateNotice, "scriptClaimNoticePrep": scriptClaimNoticePrep,
	"scriptExtendNoticePrep": scriptExtendNoticePrep, "scriptNoticeState": scriptNoticeState,
	"scriptEraseNotices": scriptEraseNotices,
	"scriptOpenQuestion": scriptOpenQuestion, "scriptChangeQuestion": scriptChangeQuestion,
	"scriptListQuestions": scriptListQuestions, "scriptCountQuestions": scriptCountQuestions,
	"scriptTakeQuestionAlerts": scriptTakeQuestionAlerts, "scriptExpireQuestions": scriptExpireQuestions,
	"scriptEraseQuestions": scriptEraseQuestions,
	"scriptImportUnits":    scriptImportUnits, "scriptRegister": scriptRegister, "scriptErase": scriptErase,
	"scriptSetActive": scriptSetActive, "scriptSetMuted": scriptSetMuted, "scriptGrant": scriptGrant,
	"scriptRevoke": scriptRevoke, "scriptCreateInvite": scriptCreateInvite,
	"scriptRedeemInvite": scriptRedeemInvite, "scriptJoinWithInvite": scriptJoinWithInvite,
	"scriptRevokeInvite": scriptRevokeInvite,
	"scriptCheckIn":      scriptCheckIn, "scriptReport": scriptReport, "scriptCreateEvent": scriptCreateEvent,
	"scriptCloseEvent": scriptCloseEvent, "scriptMarkReminded": scriptMarkReminded,
	"scriptCancelEvent": scriptCancelEvent,
	"scriptSchedSlot":   scriptSchedSlot,
}

// scriptDecl finds a script variable: name = redis.NewScript( or
// name = outboxScript(.
var scriptDecl = regexp.MustCompile(`(?m)^\s*(?:var\s+)?(\w+)\s*=\s*(?:redis\.NewScript|outboxScript)\(`)

// TestScriptRegistryIsComplete reads the sources: every script variable of
// the package is in scriptsUnderTest, and no other package of the module
// makes scripts of its own (Redis keys and scripts live in store).
func TestScriptRegistryIsComplete(t *testing.T) {
	t.Parallel()
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	var found []string
	err = filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == ".git" || d.Name() == "testdata" || d.Name() == "node_modules") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		if filepath.Dir(rel) != "store" {
			if strings.Contains(string(src), "NewScript(") {
				t.Errorf("%s makes a Lua script: scripts belong in store, where this test checks their keys", rel)
			}
			return nil
		}
		for _, m := range scriptDecl.FindAllStringSubmatch(string(src), -1) {
			found = append(found, m[1])
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var registered []string
	for name := range scriptsUnderTest {
		registered = append(registered, name)
	}
	sort.Strings(found)
	sort.Strings(registered)
	if len(found) < 40 || !slices.Equal(found, registered) {
		t.Fatalf("scripts in the sources:\n%v\nscripts under test:\n%v", found, registered)
	}
}

func TestEveryScriptTouchesOnlyDeclaredKeys(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv := redistest.Start(t)
	rdb := srv.Client()
	mon := srv.Monitor()
	s, err := NewNamespaced(rdb, "prov")
	if err != nil {
		t.Fatal(err)
	}
	runScenario(ctx, t, s)
	runs := mon.Runs(func(m string) error { return rdb.Echo(ctx, m).Err() })

	names := map[string]string{}
	for name, sc := range scriptsUnderTest {
		names[sc.Hash()] = name
	}
	ran := map[string]int{}
	keysOf := map[string][]string{} // a command line → its keys, as the server says
	for _, r := range runs {
		name, ok := names[r.SHA]
		if !ok {
			t.Errorf("a script not in scriptsUnderTest ran (sha %s, keys %q)", r.SHA, r.Keys)
			continue
		}
		ran[name]++
		declared := map[string]bool{}
		for _, k := range r.Keys {
			declared[k] = true
			if !strings.HasPrefix(k, "prov:") {
				t.Errorf("%s was given %q, outside the namespace", name, k)
			}
			if redistest.KeySlot(k) != redistest.KeySlot(r.Keys[0]) {
				t.Errorf("%s was given %q and %q, in two Cluster slots", name, r.Keys[0], k)
			}
		}
		for _, c := range r.Commands {
			line := strings.Join(c, "\x00")
			keys, ok := keysOf[line]
			if !ok {
				keys = commandKeys(ctx, t, rdb, c)
				keysOf[line] = keys
			}
			for _, k := range keys {
				if !declared[k] {
					t.Errorf("%s touched %q, not in its KEYS (%s %q)", name, k, c[0], c[1:])
				}
			}
		}
	}
	for name := range scriptsUnderTest {
		if ran[name] == 0 {
			t.Errorf("the scenario never ran %s", name)
		}
	}
	t.Logf("%d script runs of %d scripts checked", len(runs), len(ran))
}

// commandKeys asks the server which arguments of a command are keys.
func commandKeys(ctx context.Context, t *testing.T, rdb *redis.Client, c []string) []string {
	if len(c) == 1 { // TIME, and every command without arguments
		return nil
	}
	args := []any{"COMMAND", "GETKEYS"}
	for _, a := range c {
		args = append(args, a)
	}
	keys, err := rdb.Do(ctx, args...).StringSlice()
	if err != nil {
		if strings.Contains(err.Error(), "no key arguments") {
			return nil
		}
		t.Fatalf("COMMAND GETKEYS %q: %v", c, err)
	}
	return keys
}

// runScenario runs every script of the package through the public
// methods, with the branches whose keys depend on data: a merge moving
// members, invites and grants; a check-in below the event's unit; a
// headcount after close; an erasure of someone named everywhere.
func runScenario(ctx context.Context, t *testing.T, s *Store) {
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	now := time.Now()
	tree := func(csv string) {
		t.Helper()
		units, err := ParseUnitsCSV(strings.NewReader(csv), "tree.csv")
		must(err)
		_, err = s.ImportUnits(ctx, units)
		must(err)
	}
	tree("code,name,parent,kind\nDN,Tỉnh,,province\nC1,Xã 1,DN,commune\nC2,Xã 2,DN,commune\n" +
		"B1,Chi hội 1,C1,branch\nB2,Chi hội 2,C2,branch\nB3,Chi hội 3,C2,branch\n")
	her := Identity{Platform: "telegram", UserID: "7"}
	head := Identity{Platform: "zalo", UserID: "8"}
	for _, m := range []Member{
		{Platform: her.Platform, UserID: her.UserID, Name: "Lan", Unit: "B2", Consent: now, Active: true},
		{Platform: head.Platform, UserID: head.UserID, Name: "Hoa", Unit: "B1", Consent: now, Active: true},
	} {
		_, err := s.Register(ctx, m)
		must(err)
	}
	must(s.SetActive(ctx, her.Platform, her.UserID, false))
	must(s.SetActive(ctx, her.Platform, her.UserID, true))
	must(s.SetMuted(ctx, her.Platform, her.UserID, true))
	_, err := s.Grant(ctx, head.Platform, head.UserID, RoleHead, "B1")
	must(err)
	_, err = s.Grant(ctx, her.Platform, her.UserID, RoleStaff, "C2")
	must(err)
	_, err = s.Grant(ctx, "telegram", "99", RoleStaff, "B3")
	must(err)
	must(s.Revoke(ctx, "telegram", "99", RoleStaff, "B3"))
	inv, err := s.CreateInvite(ctx, NewInvite{Kind: InviteMember, Unit: "B3", TTL: time.Hour})
	must(err)
	_, err = s.RedeemInvite(ctx, inv.Code, Identity{Platform: "zalo", UserID: "30"})
	must(err)
	_, err = s.JoinWithInvite(ctx, inv.Code, Member{Platform: "zalo", UserID: "31", Name: "Mai", Consent: now})
	must(err)
	inv2, err := s.CreateInvite(ctx, NewInvite{Kind: InviteHead, Unit: "B3", TTL: time.Hour})
	must(err)
	_, err = s.Grant(ctx, "telegram", "98", RoleHead, "B3")
	must(err)

	// Attendance: an event of C2 her branch B2 (below it) checks in to,
	// closed, reported after close, reminded; the rule's monthly meeting.
	ev, err := s.CreateEvent(ctx, NewEvent{Unit: "C2", Title: "Họp xã", Start: now.Add(-time.Minute), CreatedBy: head})
	must(err)
	for _, check := range []func() (CheckInResult, error){
		func() (CheckInResult, error) { return s.CheckInByCode(ctx, ev.Code, her, now) },
		func() (CheckInResult, error) {
			return s.CheckIn(ctx, ev.ID, Identity{Platform: "zalo", UserID: "31"}, now)
		},
		func() (CheckInResult, error) { return s.CheckInWithToken(ctx, ev.ID, "wrong", head, now) },
		func() (CheckInResult, error) { return s.CheckInByCode(ctx, "000000", head, now) },
	} {
		_, err := check()
		must(err)
	}
	_, err = s.ReportHeadcount(ctx, ev.ID, head, 12, now)
	must(err)
	_, err = s.CloseEvent(ctx, ev.ID, now)
	must(err)
	_, err = s.ReportHeadcount(ctx, ev.ID, her, 14, now)
	must(err)
	ev2, err := s.CreateEvent(ctx, NewEvent{Unit: "B3", Title: "Họp chi hội", Start: now.Add(-time.Hour), CreatedBy: her})
	must(err)
	_, err = s.CloseDueEvents(ctx, now.Add(7*time.Hour))
	must(err)
	_, err = s.MarkReminded(ctx, ev2.ID, now.Add(8*time.Hour))
	must(err)
	_, err = s.ReportHeadcount(ctx, ev2.ID, her, 9, now.Add(9*time.Hour))
	must(err)
	// A meeting said cancelled after close, then reported after all.
	ev3, err := s.CreateEvent(ctx, NewEvent{Unit: "B3", Title: "Họp chi hội", Start: now.Add(-time.Hour), CreatedBy: her})
	must(err)
	_, err = s.CloseDueEvents(ctx, now.Add(7*time.Hour))
	must(err)
	_, err = s.CancelEvent(ctx, ev3.ID, her, now.Add(8*time.Hour))
	must(err)
	_, err = s.ReportHeadcount(ctx, ev3.ID, her, 7, now.Add(9*time.Hour))
	must(err)
	_, created, err := s.CreateMonthlyMeeting(ctx, NewEvent{Unit: "B1", Title: "Sinh hoạt tháng", Start: now})
	must(err)
	if _, again, err := s.CreateMonthlyMeeting(ctx, NewEvent{Unit: "B1", Title: "Sinh hoạt tháng", Start: now}); err != nil || !created || again {
		t.Fatalf("monthly meeting: %v %v %v", created, again, err)
	}

	// Questions: opened, listed and counted over a subtree, claimed,
	// answered, marked for the knowledge base, skipped, alerted, expired.
	q, _, err := s.OpenQuestion(ctx, NewQuestion{Asker: her, Text: "Vay vốn thế nào?", Reason: QuestionAskedForPerson, Now: now})
	must(err)
	q2, _, err := s.OpenQuestion(ctx, NewQuestion{Asker: her, Text: "Học nghề ở đâu?", Reason: QuestionFallback, Now: now})
	must(err)
	_, err = s.ListOpenQuestions(ctx, "DN", "", 10)
	must(err)
	_, err = s.CountOpenQuestions(ctx, "DN")
	must(err)
	_, err = s.TakeQuestionAlerts(ctx, 10)
	must(err)
	_, err = s.ClaimQuestion(ctx, q.ID, head, now, time.Minute)
	must(err)
	_, err = s.ReleaseQuestion(ctx, q.ID, head, now)
	must(err)
	_, err = s.AnswerQuestion(ctx, q.ID, head, "Chị hỏi ngân hàng chính sách.", now)
	must(err)
	_, err = s.MarkQuestionInKnowledge(ctx, q.ID, head, now)
	must(err)
	_, err = s.UnmarkQuestionInKnowledge(ctx, q.ID, head, now)
	must(err)
	_, err = s.SkipQuestion(ctx, q2.ID, head, now)
	must(err)
	_, _, err = s.OpenQuestion(ctx, NewQuestion{Asker: head, Text: "Khi nào họp?", Reason: QuestionFallback, Now: now})
	must(err)
	_, err = s.ExpireQuestions(ctx, now.Add(365*24*time.Hour), 10)
	must(err)

	// The merge: C2 (her unit's parent, with her grant, the event and
	// invites of B3 below) merges into C1, and B3 into B1 with its members,
	// invites and grants.
	tree("code,name,parent,kind,merged_into\nDN,Tỉnh,,province,\nC1,Xã 1,DN,commune,\n" +
		"B1,Chi hội 1,C1,branch,\nB2,Chi hội 2,C1,branch,\nC2,,,,C1\nB3,,,,B1\n")
	must(s.RevokeInvite(ctx, inv2.Code))

	// Limiter, unanswered log, Zalo OA, scheduler, dashboard.
	_, _, err = s.TakeRateSlot(ctx, RateSlot{Platform: "telegram", TokenID: "tok", ChatID: "7",
		Overall: time.Millisecond, Chat: time.Second, Book: true})
	must(err)
	_, err = s.PauseToken(ctx, "telegram", "tok", time.Second)
	must(err)
	_, err = s.Admit(ctx, FloodLimit{Kind: "member", Interval: time.Second, Burst: 3}, her.String())
	must(err)
	must(s.RecordUnanswered(ctx, her, "vay von", "Vay vốn?"))
	must(s.RecordUnanswered(ctx, Identity{Platform: "web", UserID: "v1"}, "hoc nghe", "Học nghề?"))
	_, err = s.SaveRotatedZaloOATokens(ctx, "oa1", "", ZaloOAPair{Access: "a", Refresh: "r", Expires: now.Add(time.Hour)})
	must(err)
	_, err = s.LockZaloOARefresh(ctx, "oa1", "me", time.Minute)
	must(err)
	must(s.UnlockZaloOARefresh(ctx, "oa1", "me"))
	must(s.ZaloOASeen(ctx, "u1", now, true))
	_, err = s.ClaimSlot(ctx, "questions:alert", now.Truncate(time.Minute), "me", time.Minute)
	must(err)
	_, _, err = s.CreateDashboardSession(ctx, her, time.Hour)
	must(err)
	must(s.AddAudit(ctx, AuditRecord{Who: her.String(), Action: "login"}))

	// Notices and the outbox: a job run to its end, one released, one
	// reaped, one cancelled.
	nid, err := NewNoticeID()
	must(err)
	must(s.SaveNoticeDraft(ctx, NoticeDraft{ID: nid, Platform: her.Platform, ChatID: her.UserID, UserID: her.UserID, Unit: "B2", Text: "Mời họp"}))
	_, _, err = s.CreateNotice(ctx, Notice{ID: nid, AuthorPlatform: her.Platform, AuthorChat: her.UserID,
		AuthorUser: her.UserID, Unit: "B2", Label: "Họp"}, time.Minute)
	must(err)
	_, err = s.ClaimNoticePreparation(ctx, nid, time.Minute)
	must(err)
	_, err = s.ExtendNoticePreparation(ctx, nid, time.Minute)
	must(err)
	_, err = s.SetNoticeState(ctx, nid, NoticeSending, NoticePreparing)
	must(err)
	job := func(idem string, chats ...string) string {
		t.Helper()
		id, _, err := s.CreateOutboxJob(ctx, OutboxJob{Platform: "telegram", TokenID: "tok", Kind: 1, Parts: 1,
			Payload: []byte("x"), AuthorPlatform: her.Platform, AuthorChat: her.UserID, Label: "Họp", IdempotencyKey: idem})
		must(err)
		var rs []OutboxRecipient
		for _, c := range chats {
			rs = append(rs, OutboxRecipient{ChatID: c, MemberKey: "telegram:" + c})
		}
		_, err = s.AddOutboxRecipients(ctx, id, rs)
		must(err)
		return id
	}
	claim := func() OutboxClaim {
		t.Helper()
		c, err := s.ClaimOutbox(ctx, OutboxClaimRequest{Queues: []OutboxQueue{{Platform: "telegram", TokenID: "tok"}},
			Owner: "w1", Max: 10, Lease: time.Minute})
		must(err)
		return c
	}
	j1 := job("notice:"+nid, "7", "8", "9")
	must(s.LinkNoticeJob(ctx, nid, "telegram", j1))
	_, _, err = s.StartOutboxJob(ctx, j1)
	must(err)
	c := claim()
	if len(c.Items) != 3 {
		t.Fatalf("claimed %+v", c)
	}
	for i, it := range c.Items {
		switch i {
		case 0:
			_, _, err = s.MarkOutboxSending(ctx, c.JobID, it.Index, "w1", 0, time.Minute)
			must(err)
			_, err = s.RecordOutboxSend(ctx, OutboxRecord{JobID: c.JobID, Index: it.Index, Owner: "w1", Outcome: OutcomeOK})
			must(err)
		case 1:
			_, _, err = s.MarkOutboxSending(ctx, c.JobID, it.Index, "w1", 0, time.Minute)
			must(err)
			_, err = s.RecordOutboxSend(ctx, OutboxRecord{JobID: c.JobID, Index: it.Index, Owner: "w1", Outcome: OutcomeBlocked})
			must(err)
		case 2:
			_, _, err = s.ReleaseOutbox(ctx, c.JobID, "w1", []string{it.Index})
			must(err)
		}
	}
	c = claim()
	for _, it := range c.Items {
		_, _, err = s.MarkOutboxSending(ctx, c.JobID, it.Index, "w1", 0, time.Millisecond)
		must(err)
	}
	time.Sleep(5 * time.Millisecond)
	_, err = s.ReapOutboxLeases(ctx, 10)
	must(err)
	j2 := job("", "10", "7")
	_, _, err = s.CancelOutboxJob(ctx, j2)
	must(err)
	job("", "7") // open, naming her, when she is erased
	_, err = s.MarkNoticeSummarized(ctx, nid)
	must(err)

	// Her erasure reaches every part: attendance, units, outbox, notices,
	// the unanswered log, the dashboard, the questions.
	if found, err := s.Erase(ctx, her.Platform, her.UserID); err != nil || !found {
		t.Fatalf("erase: %v %v", found, err)
	}
	if found, err := s.Erase(ctx, head.Platform, head.UserID); err != nil || !found {
		t.Fatalf("erase: %v %v", found, err)
	}
}
