package store_test

import (
	"context"
	"fmt"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"loa/store"
	"loa/store/redistest"
)

// The figures of the capacity model (ARCHITECTURE.md, "Many provinces on
// one deployment"). Rerun them with
//
//	go test -run '^$' -bench 'Bookkeeping|AttendanceMonth|Register200k' -benchtime 1x ./store

// BenchmarkOutboxBookkeeping is the outbox's own ceiling: recipients per
// second through claim → mark sending → record sent, the Redis work
// bot/delivery does around each message, with no platform and no limiter
// in the way. 32 workers (4 processes × the default 8) claim one recipient
// at a time, as the engine does. On one redis-server and on the 3+3
// Cluster; the outbox of one namespace lives in one slot, so on the
// Cluster one master carries it and several provinces spread over masters.
// On one server it also reports the memory a queued recipient takes until
// the job ends.
func BenchmarkOutboxBookkeeping(b *testing.B) {
	const recipients, workers = 20_000, 32
	for _, form := range []string{"server", "cluster"} {
		b.Run("redis="+form, func(b *testing.B) {
			var rdb redis.UniversalClient
			if form == "server" {
				rdb = redistest.Start(b).Client()
			} else {
				rdb = redistest.StartCluster(b).Client()
			}
			ctx := context.Background()
			var queued float64
			for i := 0; b.Loop(); i++ {
				b.StopTimer()
				st, err := store.NewNamespaced(rdb, "bench"+strconv.Itoa(i))
				if err != nil {
					b.Fatal(err)
				}
				before := usedMemory(b, st)
				id, _, err := st.CreateOutboxJob(ctx, store.OutboxJob{Platform: "telegram", TokenID: "tok", Parts: 1,
					Payload: []byte("x"), AuthorPlatform: "telegram", AuthorChat: "1", Label: "bench"})
				if err != nil {
					b.Fatal(err)
				}
				batch := make([]store.OutboxRecipient, 0, 1000)
				for r := range recipients {
					batch = append(batch, store.OutboxRecipient{ChatID: strconv.Itoa(r), MemberKey: "telegram:" + strconv.Itoa(r)})
					if len(batch) == cap(batch) {
						if _, err := st.AddOutboxRecipients(ctx, id, batch); err != nil {
							b.Fatal(err)
						}
						batch = batch[:0]
					}
				}
				if _, _, err := st.StartOutboxJob(ctx, id); err != nil {
					b.Fatal(err)
				}
				if form == "server" {
					queued = float64(usedMemory(b, st)-before) / recipients
				}
				b.StartTimer()
				drainOutbox(b, st, workers)
				b.StopTimer()
				s, err := st.OutboxJobStatus(ctx, id)
				if err != nil || s.Sent != recipients || !s.Ended() {
					b.Fatalf("after the drain: %+v, %v", s, err)
				}
				b.StartTimer()
			}
			b.ReportMetric(0, "ns/op")
			b.ReportMetric(float64(recipients)*float64(b.N)/b.Elapsed().Seconds(), "recipients/s")
			if form == "server" {
				b.ReportMetric(queued, "bytes/queued-recipient")
			}
		})
	}
}

// drainOutbox runs workers that claim, mark and record until nothing is left.
func drainOutbox(b *testing.B, st *store.Store, workers int) {
	ctx := context.Background()
	var wg sync.WaitGroup
	for w := range workers {
		owner := "w" + strconv.Itoa(w)
		wg.Go(func() {
			for {
				c, err := st.ClaimOutbox(ctx, store.OutboxClaimRequest{Queues: []store.OutboxQueue{{Platform: "telegram", TokenID: "tok"}},
					Owner: owner, Max: 1, Lease: time.Minute})
				if err != nil {
					b.Error(err)
					return
				}
				if len(c.Items) == 0 {
					return
				}
				for _, it := range c.Items {
					if res, _, err := st.MarkOutboxSending(ctx, c.JobID, it.Index, owner, 0, time.Minute); err != nil || res != store.MarkOK {
						b.Errorf("mark: %s, %v", res, err)
						return
					}
					if _, err := st.RecordOutboxSend(ctx, store.OutboxRecord{JobID: c.JobID, Index: it.Index, Owner: owner,
						Outcome: store.OutcomeOK, Lease: time.Minute, ProgressEvery: time.Minute}); err != nil {
						b.Error(err)
						return
					}
				}
			}
		})
	}
	wg.Wait()
}

// BenchmarkAttendanceMonth is one month of a province's attendance: a
// meeting in each of its ~900 branches, 20 check-ins and a headcount
// report each, then closed and rolled up the tree (branch, commune,
// province × month, quarter, year). It reports Redis memory for the month
// while the check-in sets are kept (checkInRetention after close) and
// what stays for good once they expire (events, reports, aggregates).
func BenchmarkAttendanceMonth(b *testing.B) {
	st := dirStore(b)
	ctx := context.Background()
	units, branches := benchTree()
	var month, kept float64
	for b.Loop() {
		b.StopTimer()
		st.Client().FlushAll(ctx)
		if _, err := st.ImportUnits(ctx, units); err != nil {
			b.Fatal(err)
		}
		before := usedMemory(b, st)
		b.StartTimer()
		start := time.Date(2026, 3, 8, 8, 0, 0, 0, time.UTC)
		var ids []string
		for i, br := range branches {
			e, err := st.CreateEvent(ctx, store.NewEvent{Unit: br, Title: "Sinh hoạt chi hội tháng 3", Start: start,
				CreatedBy: store.Identity{Platform: "telegram", UserID: "head" + strconv.Itoa(i)}})
			if err != nil {
				b.Fatal(err)
			}
			ids = append(ids, e.ID)
		}
		// Check-ins are open to members of the unit: register 20 a branch.
		b.StopTimer()
		registerMembers(b, st, 20*len(branches), branches)
		afterMembers := usedMemory(b, st)
		memberBytes := afterMembers - before
		b.StartTimer()
		for i, id := range ids {
			for m := range 20 {
				who := store.Identity{Platform: "telegram", UserID: strconv.Itoa(1_000_000_000 + m*len(branches) + i)}
				if _, err := st.CheckIn(ctx, id, who, start.Add(time.Minute)); err != nil {
					b.Fatal(err)
				}
			}
			if _, err := st.ReportHeadcount(ctx, id, store.Identity{Platform: "telegram", UserID: "head" + strconv.Itoa(i)}, 25, start.Add(time.Hour)); err != nil {
				b.Fatal(err)
			}
			if _, err := st.CloseEvent(ctx, id, start.Add(7*time.Hour)); err != nil {
				b.Fatal(err)
			}
		}
		b.StopTimer()
		month = float64(usedMemory(b, st) - before - memberBytes)
		var checkIns int64
		for _, id := range ids {
			checkIns += st.Client().MemoryUsage(ctx, fmt.Sprintf("loa:{dir}:att:event:%s:in", id)).Val()
		}
		kept = month - float64(checkIns)
		b.StartTimer()
	}
	b.ReportMetric(0, "ns/op")
	b.ReportMetric(month/1024, "KiB/month")
	b.ReportMetric(kept/1024, "KiB/month-kept")
}
