package delivery_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"loa/bot/delivery"
	"loa/chat"
	"loa/store"
)

// outcomeCounts records Options.OnOutcome calls as "platform/outcome" → n.
type outcomeCounts struct {
	mu sync.Mutex
	n  map[string]int
}

func (c *outcomeCounts) record(_ context.Context, platform, outcome string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.n == nil {
		c.n = map[string]int{}
	}
	c.n[platform+"/"+outcome]++
}

// all is a copy of the counts, safe to print while engines still run.
func (c *outcomeCounts) all() map[string]int {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make(map[string]int, len(c.n))
	for k, n := range c.n {
		out[k] = n
	}
	return out
}

// total is the number of calls so far.
func (c *outcomeCounts) total() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := 0
	for _, k := range c.n {
		n += k
	}
	return n
}

func (c *outcomeCounts) get(key string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n[key]
}

func TestOnOutcomeReportsEachRecipientOnceWithItsOutcome(t *testing.T) {
	v := newEnv(t)
	fake := newStrictSender(100)
	rs := recipients(10)
	fake.blocked[rs[1].ChatID] = true
	fake.permanent[rs[2].ChatID] = true
	fake.failFirst[rs[3].ChatID] = 2  // recovers on the third attempt: sent
	fake.failFirst[rs[4].ChatID] = 99 // attempts used up: failed
	var got outcomeCounts
	opts := fastOptions()
	opts.MaxAttempts = 4
	opts.OnOutcome = got.record
	eng := v.engine(delivery.Channel{Sender: fake, TokenID: "tok", Limits: delivery.Limits{PerSecond: 100}}, opts)
	s := waitDone(t, eng, notice(t, eng, "Nhắc đóng hội phí quý III.", rs), 20*time.Second)
	// OnOutcome runs after the outcome is stored: the job may show done a
	// moment before the last call.
	waitFor(t, 5*time.Second, "an outcome for each recipient", func() bool { return got.total() >= len(rs) })
	time.Sleep(200 * time.Millisecond) // room for a wrong extra call

	want := map[string]int{"telegram/sent": 7, "telegram/blocked": 1, "telegram/failed": 2, "telegram/in_doubt": 0}
	for k, n := range want {
		if got.get(k) != n {
			t.Errorf("OnOutcome %s called %d times, want %d (all: %v; status %+v)", k, got.get(k), n, got.all(), s)
		}
	}
}

// A worker lost while sending the first part of a two-part notice leaves
// that part unconfirmed; the engine that takes over sends the second, and
// the recipient is reported in doubt, not sent.
func TestOnOutcomeReportsInDoubtAfterALostWorker(t *testing.T) {
	v := newEnv(t)
	ctx := context.Background()
	fake := newStrictSender(100)
	ch := delivery.Channel{Sender: fake, TokenID: "tok", Limits: delivery.Limits{PerSecond: 100}}
	// An engine that is never run only creates the job.
	creator := delivery.New(v.st, map[string]delivery.Channel{chat.Telegram: ch}, fastOptions())
	para := strings.Repeat("Chị em hội viên tham gia đầy đủ, đúng giờ. ", 60)
	id := notice(t, creator, para+"\n\n"+para, recipients(1))

	// The lost worker: it claims the recipient and starts sending part 0,
	// then never records anything.
	c, err := v.st.ClaimOutbox(ctx, store.OutboxClaimRequest{
		Queues: []store.OutboxQueue{{Platform: chat.Telegram, TokenID: "tok"}}, Owner: "lost", Max: 1, Lease: time.Minute,
	})
	if err != nil || len(c.Items) != 1 || c.Parts < 2 {
		t.Fatalf("claim %+v, %v; want one recipient of a job in 2+ parts", c, err)
	}
	if res, _, err := v.st.MarkOutboxSending(ctx, id, c.Items[0].Index, "lost", 0, 100*time.Millisecond); err != nil || res != store.MarkOK {
		t.Fatalf("mark: %q, %v", res, err)
	}

	var got outcomeCounts
	opts := fastOptions()
	opts.OnOutcome = got.record
	eng := v.engine(ch, opts)
	s := waitDone(t, eng, id, 20*time.Second)
	// OnOutcome runs after the outcome is stored: the job may show done a
	// moment before (a loaded machine saw the status without the call).
	waitFor(t, 5*time.Second, "the recipient's outcome", func() bool { return got.total() > 0 })
	time.Sleep(200 * time.Millisecond) // room for a wrong extra call
	if s.InDoubt != 1 || got.get("telegram/in_doubt") != 1 || got.total() != 1 {
		t.Fatalf("status %+v, OnOutcome %v; want one in doubt", s, got.all())
	}
}
