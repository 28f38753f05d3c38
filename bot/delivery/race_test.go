package delivery_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"loa/bot/delivery"
	"loa/chat"
)

// A progress report is due on a record that did not end the job, but it
// reads the job's status afterwards: if another worker (or replica) ends the
// job in between, that status is already Done. The end must still be
// reported exactly once, by the one record that ended the job in Redis.
// Found under -race on a loaded machine (TestUnreadableJobFailsAndIsReported
// saw its end twice); here the window is forced open: the first worker's
// OnOutcome, which runs between its record and its progress report, waits
// until the other worker has ended the job.
func TestJobEndIsReportedOnceWhenAProgressReportIsOvertaken(t *testing.T) {
	v := newEnv(t)
	fake := newStrictSender(100)
	ch := delivery.Channel{Sender: fake, TokenID: "tok", Limits: delivery.Limits{PerSecond: 100}}
	creator := delivery.New(v.st, map[string]delivery.Channel{chat.Telegram: ch}, fastOptions())
	id := notice(t, creator, "Họp chi hội sáng Chủ nhật.", recipients(2))

	var mu sync.Mutex
	var ends []delivery.JobStatus
	var first sync.Once
	opts := fastOptions()
	opts.Workers = 2
	opts.OnProgress = func(_ context.Context, s delivery.JobStatus) {
		if s.Done {
			mu.Lock()
			ends = append(ends, s)
			mu.Unlock()
		}
	}
	opts.OnOutcome = func(ctx context.Context, _, _ string) {
		first.Do(func() {
			// The first record is never the last of two: its progress
			// report is due. Hold it until the other recipient ended the job.
			deadline := time.Now().Add(10 * time.Second)
			for time.Now().Before(deadline) {
				if s, err := creator.Status(ctx, id); err == nil && s.Done {
					return
				}
				time.Sleep(10 * time.Millisecond)
			}
			t.Error("the other worker never ended the job")
		})
	}
	eng := v.engine(ch, opts)
	s := waitDone(t, eng, id, 15*time.Second)
	if s.Sent != 2 {
		t.Fatalf("status %+v, want 2 sent", s)
	}
	waitFor(t, 5*time.Second, "the end reported", func() bool { mu.Lock(); defer mu.Unlock(); return len(ends) > 0 })
	time.Sleep(500 * time.Millisecond) // the held worker reports after the end
	mu.Lock()
	defer mu.Unlock()
	if len(ends) != 1 {
		t.Errorf("end reported %d times, want once: %+v", len(ends), ends)
	}
}

// stallingSender holds its first request once it has left (its fence
// written), ignoring ctx like a stuck connection, until release is closed;
// then it accepts it and closes returned. Later requests go to next.
type stallingSender struct {
	next     delivery.Sender
	release  chan struct{}
	returned chan struct{}
	once     sync.Once
}

func (s *stallingSender) Send(ctx context.Context, chatID string, r chat.Reply) (string, error) {
	stalled := false
	s.once.Do(func() { stalled = true })
	if !stalled {
		return s.next.Send(ctx, chatID, r)
	}
	if err := fence(r); err != nil {
		return "", err
	}
	<-s.release
	defer close(s.returned)
	return s.next.Send(ctx, chatID, r)
}

// A send that outlives its sending lease (SendTimeout + Lease: a worker
// frozen on a loaded machine, or cut off from Redis) is finished "in doubt"
// by the reaper, and the worker's late record is stale. The recipient must
// still reach OnOutcome exactly once, as in doubt, like the job's status
// says: before, the reaper finished her silently, and the status showed one
// in doubt that OnOutcome never reported. The stalled send returns only
// once the reaper has ended the job (it used to return after a fixed 2 s,
// and a reaper slower than that on a loaded machine saw her sent).
func TestASendOutlivingItsLeaseIsReportedInDoubtOnce(t *testing.T) {
	v := newEnv(t)
	stuck := &stallingSender{next: newStrictSender(100), release: make(chan struct{}), returned: make(chan struct{})}
	var got outcomeCounts
	opts := fastOptions()
	opts.Lease, opts.SendTimeout, opts.ReapEvery = 300*time.Millisecond, 200*time.Millisecond, 50*time.Millisecond
	opts.OnOutcome = got.record
	eng := v.engine(delivery.Channel{Sender: stuck, TokenID: "tok", Limits: delivery.Limits{PerSecond: 100}}, opts)
	var releaseOnce sync.Once
	release := func() { releaseOnce.Do(func() { close(stuck.release) }) }
	t.Cleanup(release) // runs before the engine's stop, which waits for the held send
	id := notice(t, eng, "Họp chi hội sáng Chủ nhật.", recipients(1))

	// Her only send is held: nothing but the reaper can end the job.
	s := waitDone(t, eng, id, 60*time.Second)
	if s.InDoubt != 1 || s.Sent != 0 {
		t.Fatalf("status %+v, want the stalled recipient in doubt", s)
	}
	waitFor(t, 30*time.Second, "the in-doubt outcome reported", func() bool { return got.get("telegram/in_doubt") > 0 })
	release()
	select {
	case <-stuck.returned:
	case <-time.After(30 * time.Second):
		t.Fatal("the stalled send never returned")
	}
	time.Sleep(500 * time.Millisecond) // the worker records its late send (stale): room for a wrong call
	if all := got.all(); len(all) != 1 || all["telegram/in_doubt"] != 1 {
		t.Errorf("OnOutcome %v, want telegram/in_doubt once and nothing else", all)
	}
	if s, err := eng.Status(context.Background(), id); err != nil || s.InDoubt != 1 || s.Sent != 0 {
		t.Errorf("status after the late send %+v (%v); want her still in doubt", s, err)
	}
}
