package store_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"loa/store"
	"loa/store/redistest"
)

// TestOutboxFenceWaitsForTheReplica: with WithFenceReplicas the "sending"
// fence is acknowledged by a replica before the send may go ahead. A
// paused replica never acknowledges, so the fenced mark waits out its
// timeout. (WAIT on another connection than the fence's would return at
// once.) Only this lower bound is checked: a loaded machine makes calls
// slower, never faster, so the check holds under load.
func TestOutboxFenceWaitsForTheReplica(t *testing.T) {
	master, replica := redistest.StartWithReplica(t)
	plain := store.New(master.Client())
	const timeout = 2 * time.Second
	fenced := plain.WithFenceReplicas(1, timeout)
	ctx := context.Background()
	id, _, err := plain.CreateOutboxJob(ctx, store.OutboxJob{Platform: "telegram", TokenID: "tok", Parts: 1, Payload: []byte("x"),
		AuthorPlatform: "telegram", AuthorChat: "1", Label: "fence"})
	if err != nil {
		t.Fatal(err)
	}
	var rs []store.OutboxRecipient
	for i := range 3 {
		rs = append(rs, store.OutboxRecipient{ChatID: strconv.Itoa(100 + i), MemberKey: "telegram:" + strconv.Itoa(100+i)})
	}
	if _, err := plain.AddOutboxRecipients(ctx, id, rs); err != nil {
		t.Fatal(err)
	}
	if _, _, err := plain.StartOutboxJob(ctx, id); err != nil {
		t.Fatal(err)
	}
	claim, err := plain.ClaimOutbox(ctx, store.OutboxClaimRequest{Queues: []store.OutboxQueue{{Platform: "telegram", TokenID: "tok"}},
		Owner: "w1", Max: 3, Lease: time.Minute})
	if err != nil || len(claim.Items) != 3 {
		t.Fatalf("claim: %+v, %v", claim, err)
	}
	mark := func(st *store.Store, i int) time.Duration {
		t.Helper()
		start := time.Now()
		res, _, err := st.MarkOutboxSending(ctx, claim.JobID, claim.Items[i].Index, "w1", 0, time.Minute)
		if err != nil || res != store.MarkOK {
			t.Fatalf("mark %d: %q, %v", i, res, err)
		}
		return time.Since(start)
	}

	// In sync: the fence goes through (and the script is loaded).
	mark(fenced, 0)
	replica.Pause()
	defer replica.Resume()
	t.Logf("a mark without the option, replica paused: %s", mark(plain, 1))
	if d := mark(fenced, 2); d < timeout {
		t.Fatalf("with the replica paused the fence returned after %s, before the %s timeout: WAIT does not cover it", d, timeout)
	}
}
