package delivery_test

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"loa/bot/delivery"
	"loa/chat"
	"loa/store"
)

// A reply to an emergency (chat.Reply.Urgent, a KindUrgent job) goes
// before everything else its bot token has queued, and takes its chat's
// next slot ahead of the messages already waiting for that chat, while the
// chat's limit and exactly once hold: in a busy group the hotline must not
// wait a minute behind the answers queued before it.

// urgentText is the hotline reply the tests queue.
const urgentText = "Chị gọi ngay 113 (Công an) nếu đang bị đánh. Chị không một mình."

// flagSender is a strictSender that also notes, per chat, whether the
// engine marked a message urgent and paced.
type flagSender struct {
	*strictSender
	mu     sync.Mutex
	urgent map[string][]bool
}

func newFlagSender(perSecond int) *flagSender {
	return &flagSender{strictSender: newStrictSender(perSecond), urgent: map[string][]bool{}}
}

func (f *flagSender) Send(ctx context.Context, chatID string, r chat.Reply) (string, error) {
	id, err := f.strictSender.Send(ctx, chatID, r)
	if err == nil {
		f.mu.Lock()
		f.urgent[chatID] = append(f.urgent[chatID], r.Urgent && r.Paced)
		f.mu.Unlock()
	}
	return id, err
}

// texts is what chatID received, in order.
func (f *strictSender) texts(chatID string) []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.got[chatID])
}

// groupLimits: 60 messages a minute into a group (one a second, as the
// strict sender allows any chat), 50 a second overall.
func groupLimits() delivery.Limits {
	return delivery.Limits{PerSecond: 50, GroupPerMinute: 60}
}

func enqueue(t *testing.T, eng *delivery.Engine, chatID string, r chat.Reply) string {
	t.Helper()
	id, err := eng.Enqueue(context.Background(), chat.Telegram, chatID, r, "")
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func TestUrgentReplyGoesNextInABusyGroup(t *testing.T) {
	v := newEnv(t)
	fake := newFlagSender(50)
	opts := fastOptions()
	opts.Workers = 3
	eng := v.engine(delivery.Channel{Sender: fake, TokenID: "tok", Limits: groupLimits()}, opts)
	const group = "-1001"
	var ids []string
	for i := range 6 {
		ids = append(ids, enqueue(t, eng, group, chat.Reply{Text: fmt.Sprint("Trả lời câu hỏi số ", i+1)}))
	}
	rs := append(recipients(30), delivery.Recipient{ChatID: group, MemberKey: "group"})
	ids = append(ids, notice(t, eng, "Chủ nhật họp chi hội lúc 8 giờ.", rs))
	waitFor(t, 10*time.Second, "the group's first answer", func() bool { return fake.copies(group) >= 1 })
	before := fake.copies(group)
	start := time.Now()
	id := enqueue(t, eng, group, chat.Reply{Text: urgentText, Urgent: true})
	waitDone(t, eng, id, 10*time.Second)
	took := time.Since(start)
	got := fake.texts(group)
	at := slices.Index(got, urgentText)
	t.Logf("the urgent reply took %s; the group had %d messages, it is number %d", took, before, at+1)
	// At most one message that had its slot when it was queued goes first.
	if at < 0 || at > before {
		t.Errorf("the urgent reply is message %d of the group, %d were there when it was queued:\n%q", at+1, before, got)
	}
	for _, id := range ids {
		waitDone(t, eng, id, 30*time.Second)
	}
	got = fake.texts(group)
	if len(got) != 8 {
		t.Errorf("the group got %d messages, want 8 (6 answers, the notice, the urgent reply):\n%q", len(got), got)
	}
	seen := map[string]bool{}
	for _, s := range got {
		if seen[s] {
			t.Errorf("sent twice into the group: %q", s)
		}
		seen[s] = true
	}
	for _, r := range rs {
		if n := fake.copies(r.ChatID); r.ChatID != group && n != 1 {
			t.Errorf("chat %s got %d copies of the notice", r.ChatID, n)
		}
	}
	fake.mu.Lock()
	flags := slices.Clone(fake.urgent[group])
	fake.mu.Unlock()
	for i, u := range flags {
		if u != (i == at) {
			t.Errorf("message %d of the group marked urgent=%v", i+1, u)
		}
	}
	if fake.tooMany != 0 {
		t.Errorf("%d answers 429: the group's lane was overrun", fake.tooMany)
	}
}

// The workers may all be waiting for busy chats' lanes (a reply to a group
// waits up to three seconds there): a reply to an emergency elsewhere does
// not wait for one of them to be free.
func TestUrgentReplyNeedsNoFreeWorker(t *testing.T) {
	v := newEnv(t)
	fake := newStrictSender(50)
	opts := fastOptions()
	opts.Workers = 1
	eng := v.engine(delivery.Channel{Sender: fake, TokenID: "tok", Limits: delivery.Limits{PerSecond: 50}}, opts) // groups: 20 a minute
	for i := range 3 {
		enqueue(t, eng, "-1002", chat.Reply{Text: fmt.Sprint("Trả lời trong nhóm số ", i+1)})
	}
	waitFor(t, 10*time.Second, "the group's first answer", func() bool { return fake.copies("-1002") >= 1 })
	time.Sleep(200 * time.Millisecond) // the only worker now waits for the group's lane
	start := time.Now()
	id := enqueue(t, eng, "555", chat.Reply{Text: urgentText, Urgent: true})
	waitDone(t, eng, id, 10*time.Second)
	if took := time.Since(start); took > 1500*time.Millisecond {
		t.Errorf("the urgent reply took %s while the only worker waited for a group's lane", took)
	}
	if n := fake.copies("555"); n != 1 {
		t.Errorf("%d copies of the urgent reply", n)
	}
}

// The order is kept in Redis: a reply to an emergency queued while no
// engine ran, whose first worker died holding it, still goes first in its
// chat after Redis and the engine come back.
func TestUrgentReplyKeepsItsPlaceAcrossACrash(t *testing.T) {
	v := newEnv(t)
	if err := v.srv.Client().ConfigSet(context.Background(), "appendfsync", "always").Err(); err != nil {
		t.Fatal(err)
	}
	fake := newStrictSender(50)
	ch := delivery.Channel{Sender: fake, TokenID: "tok", Limits: groupLimits()}
	creator := delivery.New(v.st, map[string]delivery.Channel{chat.Telegram: ch}, fastOptions()) // never runs
	const group = "-1003"
	var ids []string
	for i := range 4 {
		ids = append(ids, enqueue(t, creator, group, chat.Reply{Text: fmt.Sprint("Trả lời câu hỏi số ", i+1)}))
	}
	ids = append(ids, notice(t, creator, "Lịch tiêm chủng tháng này.", append(recipients(20), delivery.Recipient{ChatID: group})))
	urgent := enqueue(t, creator, group, chat.Reply{Text: urgentText, Urgent: true})
	ids = append(ids, urgent)

	// A worker claims first what Redis says goes first, then dies.
	c, err := v.st.ClaimOutbox(context.Background(), store.OutboxClaimRequest{
		Queues: []store.OutboxQueue{{Platform: chat.Telegram, TokenID: "tok"}}, Owner: "dead-worker", Max: 1, Lease: 300 * time.Millisecond,
	})
	if err != nil || c.JobID != urgent {
		t.Fatalf("the first claim took job %q (%v), want the urgent reply %s queued last", c.JobID, err, urgent)
	}
	v.srv.Stop() // kill -9
	v.srv.Restart()
	time.Sleep(400 * time.Millisecond) // the dead worker's lease runs out

	eng := v.engine(ch, fastOptions())
	for _, id := range ids {
		waitDone(t, eng, id, 30*time.Second)
	}
	got := fake.texts(group)
	// The reaper gives her back within ReapEvery of the start; one answer
	// may have taken the group's lane meanwhile.
	if at := slices.Index(got, urgentText); at < 0 || at > 1 {
		t.Errorf("after the crash the urgent reply is message %d of the group:\n%q", at+1, got)
	}
	if len(got) != 6 {
		t.Errorf("the group got %d messages, want 6:\n%q", len(got), got)
	}
	for _, r := range recipients(20) {
		if n := fake.copies(r.ChatID); n != 1 {
			t.Errorf("chat %s got %d copies", r.ChatID, n)
		}
	}
	if s, _ := eng.Status(context.Background(), urgent); s.Sent != 1 || s.InDoubt != 0 || s.Kind != delivery.KindUrgent {
		t.Errorf("urgent job status %+v", s)
	}
	if fake.tooMany != 0 {
		t.Errorf("%d answers 429", fake.tooMany)
	}
}
