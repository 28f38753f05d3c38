package delivery_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"loa/bot/delivery"
	"loa/chat"
)

// reachSender is a platform with reach rules (like the Zalo OA): it knows
// some chats are outside the window before sending (Precheck), and refuses
// others when asked (quota), with the neutral reason code.
type reachSender struct {
	*strictSender
	mu      sync.Mutex
	outside map[string]bool // Precheck says no
	noQuota map[string]bool // Send refuses
	checked map[string]int
}

func (s *reachSender) Precheck(_ context.Context, chatID string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.checked[chatID]++
	if s.outside[chatID] {
		return &chat.SendError{Kind: chat.ErrPermanent, Unreachable: chat.UnreachableWindow, Reason: "not attempted: outside the 7-day window"}
	}
	return nil
}

func (s *reachSender) Send(ctx context.Context, chatID string, r chat.Reply) (string, error) {
	s.mu.Lock()
	refuse := s.noQuota[chatID]
	s.mu.Unlock()
	if refuse {
		if err := fence(r); err != nil {
			return "", err
		}
		s.strictSender.mu.Lock()
		s.strictSender.calls[chatID]++
		s.strictSender.mu.Unlock()
		return "", &chat.SendError{Kind: chat.ErrPermanent, Unreachable: chat.UnreachableQuota, Reason: "out of quota: -211"}
	}
	return s.strictSender.Send(ctx, chatID, r)
}

// Members a platform's reach rules keep out are counted per reason in the
// job's status, the outcome and the hook; the ones the sender knew about
// are never attempted, and none is retried.
func TestUnreachableRecipientsAreCountedByReasonAndNotRetried(t *testing.T) {
	v := newEnv(t)
	fake := &reachSender{strictSender: newStrictSender(100), outside: map[string]bool{}, noQuota: map[string]bool{}, checked: map[string]int{}}
	rs := recipients(10)
	for _, r := range rs[:3] {
		fake.outside[r.ChatID] = true
	}
	fake.noQuota[rs[3].ChatID] = true
	var mu sync.Mutex
	hook := map[string]int{}
	opts := fastOptions()
	opts.OnUnreachable = func(_ context.Context, platform, code string) {
		mu.Lock()
		hook[platform+"/"+code]++
		mu.Unlock()
	}
	eng := v.engine(delivery.Channel{Sender: fake, TokenID: "tok", Limits: delivery.Limits{PerSecond: 100}}, opts)
	id := notice(t, eng, "Họp chi hội tối thứ Sáu.", rs)
	s := waitDone(t, eng, id, 20*time.Second)

	if s.Sent != 6 || s.Failed != 4 || s.Unreachable[chat.UnreachableWindow] != 3 || s.Unreachable[chat.UnreachableQuota] != 1 {
		t.Fatalf("status %+v; want 6 sent, 4 failed: 3 window, 1 quota", s)
	}
	for _, r := range rs[:3] {
		if n := fake.strictSender.calls[r.ChatID]; n != 0 {
			t.Errorf("a recipient outside the window was attempted %d times", n)
		}
	}
	if n := fake.strictSender.calls[rs[3].ChatID]; n != 1 {
		t.Errorf("the recipient refused for quota was attempted %d times, want 1", n)
	}
	// OnUnreachable runs after the outcome is stored: the job may show
	// done a moment before the last call (when an unreachable recipient
	// was the last one recorded).
	waitFor(t, 30*time.Second, "an OnUnreachable call for each unreachable recipient", func() bool {
		mu.Lock()
		defer mu.Unlock()
		return hook["telegram/window"]+hook["telegram/quota"] >= 4
	})
	time.Sleep(200 * time.Millisecond) // room for a wrong extra call
	mu.Lock()
	if hook["telegram/window"] != 3 || hook["telegram/quota"] != 1 || len(hook) != 2 {
		t.Errorf("OnUnreachable %v; want 3 window and 1 quota", hook)
	}
	mu.Unlock()
	out, err := eng.Outcomes(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	if got := out[rs[0].MemberKey]; !strings.Contains(got, "7-day window") {
		t.Errorf("outcome of a recipient outside the window %q; want its reason", got)
	}
	if got := out[rs[3].MemberKey]; !strings.Contains(got, "-211") {
		t.Errorf("outcome of the recipient out of quota %q; want its reason", got)
	}
}
