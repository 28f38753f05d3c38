package store

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"loa/store/redistest"
)

// Issue 14 point 2: a script touches only keys it was given in KEYS. The
// scripts whose keys depend on data read them first and refuse, without a
// write, when the data changed in between; these tests pin that refusal.

func TestEraseFromNoticesForgetsHerAndRefusesAStaleRead(t *testing.T) {
	ctx := context.Background()
	s := New(redistest.Start(t).Client())
	her := Identity{Platform: "telegram", UserID: "501"}
	newNotice := func() string {
		id, err := NewNoticeID()
		if err != nil {
			t.Fatal(err)
		}
		_, _, err = s.CreateNotice(ctx, Notice{ID: id, AuthorPlatform: her.Platform, AuthorChat: "501",
			AuthorUser: her.UserID, Unit: "B1", Label: "Họp chi hội"}, time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	first := newNotice()
	draft, _ := NewNoticeID()
	if err := s.SaveNoticeDraft(ctx, NoticeDraft{ID: draft, Platform: her.Platform, ChatID: "501",
		UserID: her.UserID, Unit: "B1", Text: "Mời chị em họp"}); err != nil {
		t.Fatal(err)
	}

	// What a caller read before a second notice arrived: refused, nothing written.
	second := newNotice()
	stale, err := scriptEraseNotices.Run(ctx, s.rdb,
		[]string{s.keyNoticesByAuthor(her.Platform, "501"), s.keyNoticeDraftsByAuthor(her.Platform, her.UserID),
			s.keyNotice(first), s.keyNoticeDraft(draft)},
		her.Platform, "501", her.UserID, 1, first, draft).Int()
	if err != nil || stale != 0 {
		t.Fatalf("a stale read was not refused: %d, %v", stale, err)
	}
	if n, _ := s.Notice(ctx, first); n.AuthorUser != her.UserID {
		t.Fatalf("the refused call wrote: %+v", n)
	}

	if err := s.eraseFromNotices(ctx, her, "501"); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{first, second} {
		n, err := s.Notice(ctx, id)
		if err != nil || n.AuthorUser != "" || n.AuthorChat != "" || n.AuthorPlatform != "" {
			t.Fatalf("notice %s still names her: %+v, %v", id, n, err)
		}
	}
	if _, err := s.NoticeDraft(ctx, draft); !errors.Is(err, ErrNoticeDraftUnknown) {
		t.Fatalf("her draft is still there: %v", err)
	}
	if n := s.rdb.Exists(ctx, s.keyNoticeDraft(draft), s.keyNoticesByAuthor(her.Platform, "501"),
		s.keyNoticeDraftsByAuthor(her.Platform, her.UserID)).Val(); n != 0 {
		t.Fatalf("%d of her draft and lists are left", n)
	}
}

func TestOutboxScriptsRefuseUndeclaredKeys(t *testing.T) {
	ctx := context.Background()
	s := New(redistest.Start(t).Client())
	id, _, err := s.CreateOutboxJob(ctx, OutboxJob{Platform: "telegram", TokenID: "tok", Kind: 1,
		AuthorPlatform: "telegram", AuthorChat: "100", Label: "Họp", Parts: 1, Payload: []byte("x"),
		IdempotencyKey: "notice:abc"})
	if err != nil {
		t.Fatal(err)
	}

	// A strict script stops at a key its caller did not declare.
	err = outboxAddScript.Run(ctx, s.rdb, []string{s.keyOutboxJob(id), s.keyOutboxChats(id)}, id, "7", "telegram:7").Err()
	if err == nil || !strings.Contains(err.Error(), "undeclared pending key") {
		t.Fatalf("add without its pending list declared: %v", err)
	}

	// Start reads the job's token before it runs: a caller that read a
	// different token is told to read again, and nothing is written.
	keys := s.outboxEndKeys(id, "telegram", "other-token", hashIdempotencyKey("notice:abc"))
	res, err := outboxStartScript.Run(ctx, s.rdb, keys, id).Int64Slice()
	if err != nil || res[0] != -2 {
		t.Fatalf("start with the wrong ready queue declared: %v, %v", res, err)
	}
	if st, _ := s.rdb.HGet(ctx, s.keyOutboxJob(id), "state").Result(); st != "open" {
		t.Fatalf("the refused start wrote: state %q", st)
	}
	keys = s.outboxEndKeys(id, "telegram", "tok", "")
	if res, err := outboxStartScript.Run(ctx, s.rdb, keys, id).Int64Slice(); err != nil || res[0] != -2 {
		t.Fatalf("start without its idempotency key declared: %v, %v", res, err)
	}

	// With the keys it reads itself, StartOutboxJob starts and (no
	// recipients) ends the job.
	started, ended, err := s.StartOutboxJob(ctx, id)
	if err != nil || !started || !ended {
		t.Fatalf("start: %v %v %v", started, ended, err)
	}
}

func TestOutboxRecordDeclaresTheMembersOutcomeIndex(t *testing.T) {
	ctx := context.Background()
	s := New(redistest.Start(t).Client())
	id, _, err := s.CreateOutboxJob(ctx, OutboxJob{Platform: "telegram", TokenID: "tok", Kind: 1, Parts: 1, Payload: []byte("x")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddOutboxRecipients(ctx, id, []OutboxRecipient{{ChatID: "7", MemberKey: "telegram:7"}}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.StartOutboxJob(ctx, id); err != nil {
		t.Fatal(err)
	}
	c, err := s.ClaimOutbox(ctx, OutboxClaimRequest{Queues: []OutboxQueue{{Platform: "telegram", TokenID: "tok"}},
		Owner: "w1", Max: 1, Lease: time.Minute})
	if err != nil || len(c.Items) != 1 {
		t.Fatalf("claim: %+v, %v", c, err)
	}
	idx := c.Items[0].Index
	if r, _, err := s.MarkOutboxSending(ctx, id, idx, "w1", 0, time.Minute); err != nil || r != MarkOK {
		t.Fatalf("mark: %v, %v", r, err)
	}

	// A blocked outcome is indexed under the member: without her index
	// declared the script names her and writes nothing.
	keys := append(s.outboxEndKeys(id, "telegram", "tok", ""), s.keyOutboxLeases())
	res, err := outboxRecordScript.Run(ctx, s.rdb, keys, id, idx, "w1", 0, OutcomeBlocked, "", 0, 1, 60000, 1000).StringSlice()
	if err != nil || res[0] != "member" || res[1] != "telegram:7" {
		t.Fatalf("record without her index declared: %v, %v", res, err)
	}
	if n := s.rdb.HGet(ctx, s.keyOutboxJob(id), "blocked").Val(); n != "0" {
		t.Fatalf("the refused record wrote: blocked=%s", n)
	}

	rec, err := s.RecordOutboxSend(ctx, OutboxRecord{JobID: id, Index: idx, Owner: "w1", Outcome: OutcomeBlocked})
	if err != nil || rec.Result != RecordFinal || !rec.Ended {
		t.Fatalf("record: %+v, %v", rec, err)
	}
	if !s.rdb.SIsMember(ctx, s.keyOutboxOutcomesOf("telegram:7"), id).Val() {
		t.Fatal("her outcome is not indexed under her")
	}
}

func TestOutboxClaimRefusesAJobItWasNotGiven(t *testing.T) {
	ctx := context.Background()
	s := New(redistest.Start(t).Client())
	id, _, err := s.CreateOutboxJob(ctx, OutboxJob{Platform: "telegram", TokenID: "tok", Kind: 1, Parts: 1, Payload: []byte("x")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddOutboxRecipients(ctx, id, []OutboxRecipient{{ChatID: "7", MemberKey: "telegram:7"}}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.StartOutboxJob(ctx, id); err != nil {
		t.Fatal(err)
	}
	// What a caller read before the job was queued: refused, nothing claimed.
	keys := []string{s.keyOutboxLeases(), s.keyOutboxReady("telegram", "tok")}
	res, err := outboxClaimScript.Run(ctx, s.rdb, keys, "w1", 1, 60000, 16, 1).StringSlice()
	if err != nil || res[0] != "" || res[1] != "retry" {
		t.Fatalf("claim of an undeclared job: %v, %v", res, err)
	}
	if n := s.rdb.LLen(ctx, s.keyOutboxPending(id)).Val(); n != 1 {
		t.Fatalf("the refused claim took a recipient: %d pending", n)
	}
	c, err := s.ClaimOutbox(ctx, OutboxClaimRequest{Queues: []OutboxQueue{{Platform: "telegram", TokenID: "tok"}},
		Owner: "w1", Max: 1, Lease: time.Minute})
	if err != nil || c.JobID != id || len(c.Items) != 1 {
		t.Fatalf("claim: %+v, %v", c, err)
	}
}

func TestOutboxReapDeclaresTheMembersOutcomeIndex(t *testing.T) {
	ctx := context.Background()
	s := New(redistest.Start(t).Client())
	id, _, err := s.CreateOutboxJob(ctx, OutboxJob{Platform: "telegram", TokenID: "tok", Kind: 1, Parts: 1, Payload: []byte("x")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddOutboxRecipients(ctx, id, []OutboxRecipient{{ChatID: "7", MemberKey: "telegram:7"}}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.StartOutboxJob(ctx, id); err != nil {
		t.Fatal(err)
	}
	c, err := s.ClaimOutbox(ctx, OutboxClaimRequest{Queues: []OutboxQueue{{Platform: "telegram", TokenID: "tok"}},
		Owner: "w1", Max: 1, Lease: time.Minute})
	if err != nil || len(c.Items) != 1 {
		t.Fatalf("claim: %+v, %v", c, err)
	}
	// The worker is lost while sending: its lease runs out at once.
	if r, _, err := s.MarkOutboxSending(ctx, id, c.Items[0].Index, "w1", 0, time.Millisecond); err != nil || r != MarkOK {
		t.Fatalf("mark: %v, %v", r, err)
	}
	time.Sleep(5 * time.Millisecond)

	keys := append([]string{s.keyOutboxLeases()}, s.outboxEndKeys(id, "telegram", "tok", "")...)
	res, err := outboxReapScript.Run(ctx, s.rdb, keys, 10).StringSlice()
	if err != nil || len(res) != 2 || res[0] != "members" || res[1] != "telegram:7" {
		t.Fatalf("reap without her index declared: %v, %v", res, err)
	}
	res, err = outboxReapScript.Run(ctx, s.rdb, keys[:1], 10).StringSlice()
	if err != nil || res[0] != "retry" {
		t.Fatalf("reap without the job declared: %v, %v", res, err)
	}
	if n := s.rdb.ZCard(ctx, s.keyOutboxLeases()).Val(); n != 1 {
		t.Fatalf("a refused reap wrote: %d leases", n)
	}

	r, err := s.ReapOutboxLeases(ctx, 10)
	if err != nil || r.Reaped != 1 || len(r.Ended) != 1 || r.Ended[0] != id || len(r.InDoubt) != 1 {
		t.Fatalf("reap: %+v %v", r, err)
	}
	if st, _ := s.OutboxJobStatus(ctx, id); st.InDoubt != 1 {
		t.Fatalf("the lost send is not in doubt: %+v", st)
	}
	if !s.rdb.SIsMember(ctx, s.keyOutboxOutcomesOf("telegram:7"), id).Val() {
		t.Fatal("her in-doubt outcome is not indexed under her")
	}
}

func TestEraseFromOutboxForgetsHerAndRefusesAStaleRead(t *testing.T) {
	ctx := context.Background()
	s := New(redistest.Start(t).Client())
	her := Identity{Platform: "telegram", UserID: "7"}
	id, _, err := s.CreateOutboxJob(ctx, OutboxJob{Platform: "telegram", TokenID: "tok", Kind: 1, Parts: 1,
		Payload: []byte("x"), AuthorPlatform: "telegram", AuthorChat: "7"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddOutboxRecipients(ctx, id, []OutboxRecipient{{ChatID: "7", MemberKey: "telegram:7"}, {ChatID: "8", MemberKey: "telegram:8"}}); err != nil {
		t.Fatal(err)
	}

	// What a caller read before the job existed: refused, nothing written.
	keys := []string{s.keyOutboxByAuthor("telegram", "7"), s.keyOutboxOutcomesOf("telegram:7"), s.keyOutboxLive()}
	n, err := outboxEraseScript.Run(ctx, s.rdb, keys, "telegram:7", "7", "telegram", "erased:x").Int()
	if err != nil || n != -1 {
		t.Fatalf("erase with a stale read: %d, %v", n, err)
	}
	if a := s.rdb.HGet(ctx, s.keyOutboxJob(id), "author_chat").Val(); a != "7" {
		t.Fatalf("the refused erase wrote: author %q", a)
	}

	if err := s.eraseFromOutbox(ctx, her, "7", "erased:x"); err != nil {
		t.Fatal(err)
	}
	if a := s.rdb.HGet(ctx, s.keyOutboxJob(id), "author_chat").Val(); a != "" {
		t.Fatalf("the job still names her as author: %q", a)
	}
	pending := s.rdb.LRange(ctx, s.keyOutboxPending(id), 0, -1).Val()
	if len(pending) != 2 || pending[0] != "\x1ferased:x" || pending[1] != "8\x1ftelegram:8" {
		t.Fatalf("pending after her erasure: %q", pending)
	}
}

func TestRegisterAsksForTheUnitsItFindsThroughData(t *testing.T) {
	ctx := context.Background()
	s := New(redistest.Start(t).Client())
	units, err := ParseUnitsCSV(strings.NewReader("code,name,parent,kind\nDN,Tỉnh,,province\nB1,Chi hội 1,DN,branch\nB2,Chi hội 2,DN,branch\n"), "tree.csv")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.ImportUnits(ctx, units); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Register(ctx, Member{Platform: "telegram", UserID: "9", Name: "Lan", Unit: "B1", Consent: time.Now(), Active: true}); err != nil {
		t.Fatal(err)
	}
	// Moving her to B2 touches B1's keys, which her record names: a caller
	// that declared only B2 is asked for B1, and nothing is written.
	id := idKey("telegram", "9")
	keys := append(append(s.dirBaseKeys(), s.keyMember(id)), s.dirUnitKeys("B2")...)
	res, err := scriptRegister.Run(ctx, s.rdb, keys, s.dirPrefix, id, "B2", "Lan", 1, "1", "0").StringSlice()
	if err != nil || len(res) != 2 || res[0] != "declare" || res[1] != "B1" {
		t.Fatalf("register without B1 declared: %v, %v", res, err)
	}
	if u := s.rdb.HGet(ctx, s.keyMember(id), "unit").Val(); u != "B1" {
		t.Fatalf("the refused register wrote: unit %q", u)
	}
	m, err := s.Register(ctx, Member{Platform: "telegram", UserID: "9", Name: "Lan", Unit: "B2", Consent: time.Now(), Active: true})
	if err != nil || m.Unit != "B2" {
		t.Fatalf("register: %+v, %v", m, err)
	}
	for code, want := range map[string]Counts{"B1": {}, "B2": {Registered: 1, Active: 1}} {
		if c, _ := s.CountMembers(ctx, code, false); c != want {
			t.Errorf("%s counts %+v, want %+v", code, c, want)
		}
	}
}
