package store_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"loa/store"
	"loa/store/redistest"
)

func newOutboxStore(t *testing.T) (*store.Store, *redistest.Server) {
	t.Helper()
	srv := redistest.Start(t)
	return store.New(srv.Client()), srv
}

func testJob(idem string) store.OutboxJob {
	return store.OutboxJob{
		Platform: "telegram", TokenID: "tok1", Kind: 1,
		AuthorPlatform: "telegram", AuthorChat: "100", Label: "Họp chi hội",
		Parts: 1, Payload: []byte(`{"text":"x"}`), IdempotencyKey: idem,
	}
}

var queue = []store.OutboxQueue{{Platform: "telegram", TokenID: "tok1"}}

func claim(t *testing.T, s *store.Store, owner string, n int, lease time.Duration) store.OutboxClaim {
	t.Helper()
	c, err := s.ClaimOutbox(context.Background(), store.OutboxClaimRequest{Queues: queue, Owner: owner, Max: n, Lease: lease})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestOutboxIdempotentCreateAndChatDedupe(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, _ := newOutboxStore(t)
	id1, created1, err := s.CreateOutboxJob(ctx, testJob("press-1"))
	if err != nil || !created1 {
		t.Fatalf("first create: %v %v", created1, err)
	}
	id2, created2, err := s.CreateOutboxJob(ctx, testJob("press-1"))
	if err != nil || created2 || id2 != id1 {
		t.Fatalf("second create with the same key: id %s (first %s) created=%v err=%v", id2, id1, created2, err)
	}
	n, err := s.AddOutboxRecipients(ctx, id1, []store.OutboxRecipient{{"1", "m1"}, {"2", "m2"}, {"1", "m3"}})
	if err != nil || n != 2 {
		t.Fatalf("add: %d %v; want 2 (chat 1 twice)", n, err)
	}
	if n, _ := s.AddOutboxRecipients(ctx, id1, []store.OutboxRecipient{{"2", "m2"}, {"3", "m4"}}); n != 1 {
		t.Fatalf("re-added batch: %d new, want 1", n)
	}
	if _, _, err := s.StartOutboxJob(ctx, id1); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddOutboxRecipients(ctx, id1, []store.OutboxRecipient{{"9", "m9"}}); !errors.Is(err, store.ErrOutboxJobSealed) {
		t.Fatalf("add after start: %v, want ErrOutboxJobSealed", err)
	}
	st, err := s.OutboxJobStatus(ctx, id1)
	if err != nil || st.Total != 3 || st.State != "running" || st.Pending() != 3 {
		t.Fatalf("status %+v %v", st, err)
	}
	list, err := s.OutboxJobsByAuthor(ctx, "telegram", "100", 5)
	if err != nil || len(list) != 1 || list[0].ID != id1 || list[0].Label != "Họp chi hội" {
		t.Fatalf("by author: %+v %v", list, err)
	}
}

func TestOutboxClaimsAreExclusiveAndCountsAdd(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, _ := newOutboxStore(t)
	id, _, _ := s.CreateOutboxJob(ctx, testJob(""))
	var rs []store.OutboxRecipient
	for i := range 10 {
		rs = append(rs, store.OutboxRecipient{ChatID: fmt.Sprint(1000 + i), MemberKey: fmt.Sprint("m", i)})
	}
	s.AddOutboxRecipients(ctx, id, rs)
	s.StartOutboxJob(ctx, id)

	a := claim(t, s, "A", 4, time.Minute)
	b := claim(t, s, "B", 4, time.Minute)
	seen := map[string]bool{}
	for _, it := range append(a.Items, b.Items...) {
		if seen[it.ChatID] {
			t.Fatalf("chat %s claimed twice", it.ChatID)
		}
		seen[it.ChatID] = true
	}
	if len(seen) != 8 {
		t.Fatalf("claimed %d, want 8", len(seen))
	}
	// B may not send A's recipient.
	if r, _, _ := s.MarkOutboxSending(ctx, id, a.Items[0].Index, "B", 0, time.Minute); r != store.MarkStale {
		t.Fatalf("foreign mark: %s", r)
	}
	outcomes := []string{store.OutcomeOK, store.OutcomeBlocked, store.OutcomeFailed, store.OutcomeRetry}
	for i, it := range a.Items {
		if r, _, err := s.MarkOutboxSending(ctx, id, it.Index, "A", 0, time.Minute); r != store.MarkOK || err != nil {
			t.Fatalf("mark: %s %v", r, err)
		}
		rec, err := s.RecordOutboxSend(ctx, store.OutboxRecord{JobID: id, Index: it.Index, Owner: "A",
			Outcome: outcomes[i], Reason: "Bad Request: chat not found", Delay: time.Hour, MaxAttempts: 3})
		if err != nil {
			t.Fatal(err)
		}
		if want := map[bool]string{true: store.RecordWaiting, false: store.RecordFinal}[i == 3]; rec.Result != want {
			t.Fatalf("record %s: %s want %s", outcomes[i], rec.Result, want)
		}
		// A second record of the same send changes nothing.
		if again, _ := s.RecordOutboxSend(ctx, store.OutboxRecord{JobID: id, Index: it.Index, Owner: "A", Outcome: store.OutcomeOK}); again.Result != store.RecordStale {
			t.Fatalf("repeated record: %s", again.Result)
		}
	}
	st, _ := s.OutboxJobStatus(ctx, id)
	if st.Sent != 1 || st.Blocked != 1 || st.Failed != 1 || st.InFlight != 4 || st.Pending() != 7 {
		t.Fatalf("status %+v", st)
	}
	out, _ := s.OutboxOutcomes(ctx, id)
	if out[a.Items[1].MemberKey] != "blocked" || out[a.Items[2].MemberKey] != "failed: Bad Request: chat not found" {
		t.Fatalf("outcomes %v", out)
	}
	// The retry is an hour away: the remaining 2 new recipients come first, then nothing.
	c := claim(t, s, "C", 10, time.Minute)
	if len(c.Items) != 2 {
		t.Fatalf("third claim got %d, want 2", len(c.Items))
	}
	if c = claim(t, s, "C", 10, time.Minute); len(c.Items) != 0 || c.RetryIn < 59*time.Minute {
		t.Fatalf("empty claim: %+v", c)
	}
}

func TestOutboxReapResendsClaimedButNeverSending(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, _ := newOutboxStore(t)
	id, _, _ := s.CreateOutboxJob(ctx, testJob(""))
	s.AddOutboxRecipients(ctx, id, []store.OutboxRecipient{{"1", "m1"}, {"2", "m2"}})
	s.StartOutboxJob(ctx, id)
	dead := claim(t, s, "dead", 2, 50*time.Millisecond)
	// The worker got as far as the request for chat 1, then died.
	if r, _, _ := s.MarkOutboxSending(ctx, id, dead.Items[0].Index, "dead", 0, 50*time.Millisecond); r != store.MarkOK {
		t.Fatal(r)
	}
	time.Sleep(120 * time.Millisecond)
	r, err := s.ReapOutboxLeases(ctx, 100)
	if err != nil || r.Reaped != 2 || len(r.Ended) != 0 || len(r.InDoubt) != 1 || r.InDoubt[0] != testJob("").Platform {
		t.Fatalf("reap: %+v %v; want 2 leases, 1 recipient in doubt, no job ended", r, err)
	}
	if r, err := s.ReapOutboxLeases(ctx, 100); err != nil || r.Reaped != 0 || len(r.InDoubt) != 0 {
		t.Fatalf("second reap: %+v %v; want nothing (each recipient is reaped once)", r, err)
	}
	next := claim(t, s, "alive", 5, time.Minute)
	if len(next.Items) != 1 || next.Items[0].ChatID != "2" {
		t.Fatalf("after reap, claimable %+v; want only chat 2 (chat 1 is in doubt)", next.Items)
	}
	it := next.Items[0]
	s.MarkOutboxSending(ctx, id, it.Index, "alive", 0, time.Minute)
	rec, _ := s.RecordOutboxSend(ctx, store.OutboxRecord{JobID: id, Index: it.Index, Owner: "alive", Outcome: store.OutcomeOK})
	if !rec.Ended {
		t.Fatalf("last record should end the job: %+v", rec)
	}
	st, _ := s.OutboxJobStatus(ctx, id)
	if st.State != "done" || st.Sent != 1 || st.InDoubt != 1 || !st.Ended() {
		t.Fatalf("status %+v", st)
	}
	// Working keys are gone once the job ends; only job, payload, outcomes, idem remain.
	keys, _ := s.Client().Keys(ctx, "{loa:ob}:*:"+id).Result()
	for _, k := range keys {
		switch k {
		case "{loa:ob}:job:" + id, "{loa:ob}:payload:" + id, "{loa:ob}:outcomes:" + id:
			if ttl, _ := s.Client().TTL(ctx, k).Result(); ttl <= 0 {
				t.Errorf("%s has no retention TTL", k)
			}
		default:
			t.Errorf("key %s left after the job ended", k)
		}
	}
}

// A send that failed before its fence (no connection, a bad chat id) sent
// nothing: its outcome is recorded from the claim, never as delivered, and
// only by the claim's owner.
func TestOutboxUnsentRecordFromTheClaim(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, _ := newOutboxStore(t)
	id, _, _ := s.CreateOutboxJob(ctx, testJob(""))
	s.AddOutboxRecipients(ctx, id, []store.OutboxRecipient{{"1", "m1"}, {"2", "m2"}})
	s.StartOutboxJob(ctx, id)
	c := claim(t, s, "A", 2, time.Minute)
	first, second := c.Items[0], c.Items[1]
	record := func(it store.OutboxItem, owner, outcome string, unsent bool) string {
		t.Helper()
		rec, err := s.RecordOutboxSend(ctx, store.OutboxRecord{JobID: id, Index: it.Index, Owner: owner, Outcome: outcome,
			Reason: "network: dial tcp: connection refused", Delay: time.Hour, MaxAttempts: 3, Unsent: unsent})
		if err != nil {
			t.Fatal(err)
		}
		return rec.Result
	}
	if r := record(first, "A", store.OutcomeRetry, false); r != store.RecordStale {
		t.Errorf("a sent record without its fence: %s, want stale", r)
	}
	if r := record(first, "A", store.OutcomeOK, true); r != store.RecordStale {
		t.Errorf("an unsent part recorded as delivered: %s, want stale", r)
	}
	if r := record(first, "B", store.OutcomeRetry, true); r != store.RecordStale {
		t.Errorf("someone else's unsent record: %s, want stale", r)
	}
	if r := record(first, "A", store.OutcomeRetry, true); r != store.RecordWaiting {
		t.Errorf("unsent retry: %s, want waiting", r)
	}
	if r := record(second, "A", store.OutcomeFailed, true); r != store.RecordFinal {
		t.Errorf("unsent failure: %s, want final", r)
	}
	st, _ := s.OutboxJobStatus(ctx, id)
	if st.Sent != 0 || st.InDoubt != 0 || st.Failed != 1 || st.InFlight != 0 || st.Pending() != 1 {
		t.Errorf("status %+v, want one failed and one waiting", st)
	}
}

func TestOutboxCancel(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, _ := newOutboxStore(t)
	j := testJob("")
	j.Parts = 2
	id, _, _ := s.CreateOutboxJob(ctx, j)
	var rs []store.OutboxRecipient
	for i := range 6 {
		rs = append(rs, store.OutboxRecipient{ChatID: fmt.Sprint(i + 1), MemberKey: fmt.Sprint("m", i)})
	}
	s.AddOutboxRecipients(ctx, id, rs)
	s.StartOutboxJob(ctx, id)
	c := claim(t, s, "A", 2, time.Minute)
	// Item 0 got its first part out; item 1 was only claimed.
	s.MarkOutboxSending(ctx, id, c.Items[0].Index, "A", 0, time.Minute)
	if rec, _ := s.RecordOutboxSend(ctx, store.OutboxRecord{JobID: id, Index: c.Items[0].Index, Owner: "A", Outcome: store.OutcomeOK, Lease: time.Minute}); rec.Result != store.RecordNext {
		t.Fatalf("first of two parts: %s", rec.Result)
	}
	ok, ended, err := s.CancelOutboxJob(ctx, id)
	if !ok || ended || err != nil {
		t.Fatalf("cancel: %v %v %v", ok, ended, err)
	}
	if r, _, _ := s.MarkOutboxSending(ctx, id, c.Items[1].Index, "A", 0, time.Minute); r != store.MarkCancelled {
		t.Fatalf("mark of an untouched recipient after cancel: %s", r)
	}
	// The halfway recipient gets its second part.
	if r, _, _ := s.MarkOutboxSending(ctx, id, c.Items[0].Index, "A", 1, time.Minute); r != store.MarkOK {
		t.Fatalf("mark of the second part after cancel: %s", r)
	}
	rec, _ := s.RecordOutboxSend(ctx, store.OutboxRecord{JobID: id, Index: c.Items[0].Index, Owner: "A", Part: 1, Outcome: store.OutcomeOK})
	if !rec.Ended {
		t.Fatal("the last send after cancel should end the job")
	}
	st, _ := s.OutboxJobStatus(ctx, id)
	if st.State != "cancelled" || st.Sent != 1 || st.Cancelled != 5 || st.Pending() != 0 {
		t.Fatalf("status %+v", st)
	}
	if again, _, _ := s.CancelOutboxJob(ctx, id); again {
		t.Fatal("second cancel reported a change")
	}
}

func TestOutboxClaimOrderRepliesThenNoticesThenPosts(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, _ := newOutboxStore(t)
	mk := func(kind int, chat string) string {
		j := testJob("")
		j.Kind = kind
		id, _, err := s.CreateOutboxJob(ctx, j)
		if err != nil {
			t.Fatal(err)
		}
		s.AddOutboxRecipients(ctx, id, []store.OutboxRecipient{{ChatID: chat}})
		s.StartOutboxJob(ctx, id)
		return id
	}
	post := mk(2, "p")
	notice1 := mk(1, "n1")
	notice2 := mk(1, "n2")
	reply := mk(0, "r")
	var order []string
	for range 4 {
		order = append(order, claim(t, s, "w", 1, time.Minute).JobID)
	}
	want := []string{reply, notice1, notice2, post}
	if fmt.Sprint(order) != fmt.Sprint(want) {
		t.Fatalf("claim order %v, want reply, older notice, newer notice, post %v", order, want)
	}
}

// A job of a kind below 0 goes before every other, whichever was started
// first, and a claim that asks for those alone (AheadOnly) never takes
// anything else.
func TestOutboxNegativeKindGoesFirstAndAheadOnlyTakesNothingElse(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, _ := newOutboxStore(t)
	start := func(kind int, chat string) string {
		t.Helper()
		j := testJob("")
		j.Kind = kind
		id, _, err := s.CreateOutboxJob(ctx, j)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.AddOutboxRecipients(ctx, id, []store.OutboxRecipient{{chat, "m-" + chat}}); err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.StartOutboxJob(ctx, id); err != nil {
			t.Fatal(err)
		}
		return id
	}
	ahead := func() store.OutboxClaim {
		t.Helper()
		c, err := s.ClaimOutbox(ctx, store.OutboxClaimRequest{Queues: queue, Owner: "urgent-worker", Max: 1, Lease: time.Minute, AheadOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	start(1, "notice")
	start(0, "reply")
	if c := ahead(); c.JobID != "" {
		t.Fatalf("a claim for urgent work only took job %s", c.JobID)
	}
	urgent := start(-1, "-100")
	if c := claim(t, s, "w1", 1, time.Minute); c.JobID != urgent {
		t.Fatalf("first claim took job %s, want the urgent one %s started last", c.JobID, urgent)
	}
	second := start(-1, "-200")
	if c := ahead(); c.JobID != second || len(c.Items) != 1 || c.Items[0].ChatID != "-200" {
		t.Fatalf("a claim for urgent work: %+v, want job %s", c, second)
	}
	if c := ahead(); c.JobID != "" {
		t.Fatalf("a claim for urgent work took job %s with none left", c.JobID)
	}
	if c := claim(t, s, "w1", 1, time.Minute); len(c.Items) != 1 || c.Items[0].ChatID != "reply" {
		t.Fatalf("after the urgent jobs: %+v, want the reply", c)
	}
}
