package delivery_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"loa/bot/delivery"
	"loa/chat"
)

func TestTwoEnginesShareWorkAndLimitWithoutDuplicates(t *testing.T) {
	v := newEnv(t)
	fake := newStrictSender(50)
	ch := delivery.Channel{Sender: fake, TokenID: delivery.TokenID("123:secret"), Limits: delivery.Limits{PerSecond: 50}}
	a := v.engine(ch, fastOptions())
	v.engine(ch, fastOptions())

	rs := recipients(300)
	start := time.Now()
	id := notice(t, a, "Mời chị em dự buổi sinh hoạt chi hội tối thứ Sáu.", rs)
	s := waitDone(t, a, id, 30*time.Second)
	took := time.Since(start)

	for _, r := range rs {
		if n := fake.copies(r.ChatID); n != 1 {
			t.Errorf("chat %s got %d copies", r.ChatID, n)
		}
	}
	if s.Sent != 300 || s.Pending != 0 || s.State != "done" {
		t.Errorf("status %+v", s)
	}
	if fake.tooMany != 0 {
		t.Errorf("%d answers 429: the two engines went over the shared limit", fake.tooMany)
	}
	// Measured like the fake Telegram server does: a one-second window less
	// 25 ms for network jitter between pacing and arrival.
	if m := fake.maxInWindow(time.Second - 25*time.Millisecond); m > 50 {
		t.Errorf("%d messages in one second, limit 50", m)
	}
	// 300 at 50/s is 6s; the two engines must not have halved it (double budget)
	// nor crawled far below the limit.
	if took < 5500*time.Millisecond || took > 9*time.Second {
		t.Errorf("300 messages at 50/s took %s", took)
	}
	t.Logf("300 messages in %s (%.1f/s)", took, 300/took.Seconds())
}

func TestIdempotencyKeyMakesOneJob(t *testing.T) {
	v := newEnv(t)
	fake := newStrictSender(30)
	eng := v.engine(delivery.Channel{Sender: fake, TokenID: "tok"}, fastOptions())
	ctx := context.Background()
	job := delivery.Job{Platform: chat.Telegram, Kind: delivery.KindNotice,
		Message: chat.Reply{Text: "Họp chi hội 8 giờ sáng Chủ nhật."}, IdempotencyKey: "notice:42:press:777"}

	// "Gửi" pressed twice at once, e.g. a retried webhook racing the first.
	var wg sync.WaitGroup
	ids := make([]string, 2)
	created := make([]bool, 2)
	for i := range 2 {
		wg.Go(func() {
			id, c, err := eng.CreateJob(ctx, job)
			if err != nil {
				t.Error(err)
			}
			ids[i], created[i] = id, c
		})
	}
	wg.Wait()
	if ids[0] != ids[1] || created[0] == created[1] {
		t.Fatalf("two creates gave ids %v created %v; want one job created once", ids, created)
	}
	for range 2 { // both presses add the branch and start
		eng.AddRecipients(ctx, ids[0], recipients(5))
		eng.Start(ctx, ids[0])
	}
	s := waitDone(t, eng, ids[0], 15*time.Second)
	if s.Total != 5 || s.Sent != 5 {
		t.Fatalf("status %+v", s)
	}
	for _, r := range recipients(5) {
		if n := fake.copies(r.ChatID); n != 1 {
			t.Errorf("chat %s got %d copies", r.ChatID, n)
		}
	}
}

func TestFloodStormPausesTokenExactlyRetryAfter(t *testing.T) {
	v := newEnv(t)
	fake := newStrictSender(100)
	fake.retryAfter = 2 * time.Second
	fake.storm = 1 // the very first send is answered 429 retry after 2
	ch := delivery.Channel{Sender: fake, TokenID: "tok", Limits: delivery.Limits{PerSecond: 100}}
	eng := v.engine(ch, fastOptions())

	start := time.Now()
	id := notice(t, eng, "Thông báo khẩn.", recipients(40))
	// Shortly after the 429 the whole token is paused for ~retry_after.
	time.Sleep(300 * time.Millisecond)
	left, err := eng.Limiter(chat.Telegram).Paused(context.Background())
	if err != nil || left < 1500*time.Millisecond || left > 2*time.Second {
		t.Fatalf("pause left %s (%v); want just under 2s", left, err)
	}
	s := waitDone(t, eng, id, 20*time.Second)
	if s.Sent != 40 {
		t.Fatalf("status %+v", s)
	}
	if fake.violations != 0 {
		t.Errorf("%d sends arrived during retry_after", fake.violations)
	}
	if fake.tooMany != 1 {
		t.Errorf("%d answers 429, want only the scripted one", fake.tooMany)
	}
	fake.mu.Lock()
	first := fake.accepted[0]
	fake.mu.Unlock()
	if pause := first.Sub(start); pause < 2*time.Second || pause > 2500*time.Millisecond {
		t.Errorf("first accepted send %s after the start; want retry_after (2s) + a little", pause)
	}
	for _, r := range recipients(40) {
		if fake.copies(r.ChatID) != 1 {
			t.Errorf("chat %s got %d copies", r.ChatID, fake.copies(r.ChatID))
		}
	}
}

func TestBlockedPermanentAndTransientRecipients(t *testing.T) {
	v := newEnv(t)
	fake := newStrictSender(100)
	rs := recipients(10)
	fake.blocked[rs[1].ChatID] = true
	fake.permanent[rs[2].ChatID] = true
	fake.failFirst[rs[3].ChatID] = 2  // recovers on the third attempt
	fake.failFirst[rs[4].ChatID] = 99 // never recovers
	var mu sync.Mutex
	var blocked []string
	opts := fastOptions()
	opts.MaxAttempts = 4
	opts.OnBlocked = func(_ context.Context, platform, chatID, member string) {
		mu.Lock()
		defer mu.Unlock()
		blocked = append(blocked, platform+"/"+chatID+"/"+member)
	}
	eng := v.engine(delivery.Channel{Sender: fake, TokenID: "tok", Limits: delivery.Limits{PerSecond: 100}}, opts)
	id := notice(t, eng, "Nhắc đóng hội phí quý III.", rs)
	s := waitDone(t, eng, id, 20*time.Second)

	if s.Sent != 7 || s.Blocked != 1 || s.Failed != 2 || s.Total != 10 {
		out, _ := eng.Outcomes(context.Background(), id)
		t.Errorf("status %+v; want 7 sent, 1 blocked, 2 failed (permanent, attempts used up); outcomes %v; calls %v", s, out, fake.calls)
	}
	// OnBlocked runs after the outcome is stored, maybe after the job shows done.
	waitFor(t, 5*time.Second, "OnBlocked", func() bool { mu.Lock(); defer mu.Unlock(); return len(blocked) > 0 })
	mu.Lock()
	if want := "telegram/" + rs[1].ChatID + "/" + rs[1].MemberKey; len(blocked) != 1 || blocked[0] != want {
		t.Errorf("OnBlocked calls %v, want [%s]", blocked, want)
	}
	mu.Unlock()
	if fake.copies(rs[3].ChatID) != 1 || fake.calls[rs[3].ChatID] != 3 {
		t.Errorf("transient chat: %d copies in %d calls; want 1 in 3", fake.copies(rs[3].ChatID), fake.calls[rs[3].ChatID])
	}
	if fake.calls[rs[4].ChatID] != 4 {
		t.Errorf("failing chat tried %d times, want MaxAttempts=4", fake.calls[rs[4].ChatID])
	}
	out, _ := eng.Outcomes(context.Background(), id)
	if out[rs[1].MemberKey] != "blocked" || out[rs[2].MemberKey] != "failed: Bad Request: chat not found" ||
		out[rs[4].MemberKey] != "failed: Internal Server Error" || len(out) != 3 {
		t.Errorf("outcomes %v", out)
	}
}

func TestLongNoticeGoesInPartsInOrder(t *testing.T) {
	v := newEnv(t)
	fake := newStrictSender(100)
	eng := v.engine(delivery.Channel{Sender: fake, TokenID: "tok", Limits: delivery.Limits{PerSecond: 100}}, fastOptions())
	para := strings.Repeat("Chị em hội viên tham gia đầy đủ, đúng giờ. ", 60) // ~2,600 characters
	text := para + "\n\n" + para + "\n\n" + "Trân trọng."
	id := notice(t, eng, text, recipients(3))
	s := waitDone(t, eng, id, 20*time.Second)
	if s.Parts < 2 || s.Sent != 3 {
		t.Fatalf("status %+v", s)
	}
	for _, r := range recipients(3) {
		fake.mu.Lock()
		got := fake.got[r.ChatID]
		fake.mu.Unlock()
		if len(got) != s.Parts {
			t.Fatalf("chat %s got %d parts, want %d", r.ChatID, len(got), s.Parts)
		}
		for _, p := range got {
			if chat.UTF16Len(p) > 4096 {
				t.Errorf("part of %d UTF-16 units", chat.UTF16Len(p))
			}
		}
		if !strings.HasSuffix(got[len(got)-1], "Trân trọng.") || !strings.HasPrefix(got[0], "Chị em") {
			t.Errorf("parts out of order")
		}
	}
}

func TestCancelStopsNoticeAndProgressIsThrottled(t *testing.T) {
	v := newEnv(t)
	fake := newStrictSender(20)
	var mu sync.Mutex
	var reports []delivery.JobStatus
	opts := fastOptions()
	opts.ProgressEvery = 500 * time.Millisecond
	opts.OnProgress = func(_ context.Context, s delivery.JobStatus) {
		mu.Lock()
		defer mu.Unlock()
		reports = append(reports, s)
	}
	eng := v.engine(delivery.Channel{Sender: fake, TokenID: "tok", Limits: delivery.Limits{PerSecond: 20}}, opts)
	id := notice(t, eng, "Thông báo sẽ bị huỷ.", recipients(200))
	time.Sleep(2 * time.Second)
	ok, err := eng.Cancel(context.Background(), id)
	if !ok || err != nil {
		t.Fatalf("cancel: %v %v", ok, err)
	}
	s := waitDone(t, eng, id, 10*time.Second)
	if s.State != "cancelled" || s.Sent+s.Cancelled != 200 || s.Sent < 20 || s.Sent > 60 {
		t.Fatalf("status after cancel %+v", s)
	}
	time.Sleep(500 * time.Millisecond)
	fake.mu.Lock()
	delivered := len(fake.accepted)
	fake.mu.Unlock()
	if int64(delivered) != s.Sent {
		t.Errorf("fake got %d, status says %d sent", delivered, s.Sent)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(reports) < 2 || len(reports) > 7 {
		t.Errorf("%d progress reports over ~2s at most every 500ms", len(reports))
	}
	last := reports[len(reports)-1]
	if !last.Done || last.State != "cancelled" {
		t.Errorf("last report %+v, want the final one", last)
	}
	for i := 1; i < len(reports)-1; i++ {
		if reports[i].Sent < reports[i-1].Sent {
			t.Errorf("progress went backwards: %d then %d", reports[i-1].Sent, reports[i].Sent)
		}
	}
	list, _ := eng.ListJobs(context.Background(), delivery.Author{Platform: chat.Telegram, ChatID: "42"}, 5)
	if len(list) != 1 || list[0].ID != id || list[0].Cancelled != s.Cancelled {
		t.Errorf("ListJobs %+v", list)
	}
}

func TestReplyOvertakesRunningNotice(t *testing.T) {
	v := newEnv(t)
	fake := newStrictSender(10)
	opts := fastOptions()
	eng := v.engine(delivery.Channel{Sender: fake, TokenID: "tok", Limits: delivery.Limits{PerSecond: 10}}, opts)
	notice(t, eng, "Thông báo dài hơi cho cả xã.", recipients(500)) // 50 s of work
	time.Sleep(time.Second)
	lim := eng.Limiter(chat.Telegram)
	ctx := context.Background()
	for i := range 5 {
		start := time.Now()
		if err := lim.Wait(ctx, fmt.Sprint("reply-", i)); err != nil {
			t.Fatal(err)
		}
		if waited := time.Since(start); waited > 250*time.Millisecond {
			t.Errorf("reply %d waited %s behind bulk at 10/s", i, waited)
		}
		if _, err := fake.Send(ctx, fmt.Sprint("reply-", i), chat.Reply{Text: "Dạ, em chào chị."}); err != nil {
			t.Errorf("reply %d: %v", i, err)
		}
		time.Sleep(300 * time.Millisecond)
	}
	if fake.tooMany != 0 {
		t.Errorf("%d answers 429 with replies and bulk sharing the token", fake.tooMany)
	}
	// A queued reply job also goes before the notice's remaining recipients.
	start := time.Now()
	id, err := eng.Enqueue(ctx, chat.Telegram, "queued-reply", chat.Reply{Text: "Cảm ơn chị đã báo."}, "reply:1")
	if err != nil {
		t.Fatal(err)
	}
	waitDone(t, eng, id, 5*time.Second)
	if took := time.Since(start); took > 1500*time.Millisecond || fake.copies("queued-reply") != 1 {
		t.Errorf("queued reply took %s, %d copies", took, fake.copies("queued-reply"))
	}
}

func TestGroupChatGetsTwentyAMinute(t *testing.T) {
	v := newEnv(t)
	fake := newStrictSender(100)
	eng := v.engine(delivery.Channel{Sender: fake, TokenID: "tok", Limits: delivery.Limits{PerSecond: 100}}, fastOptions())
	ctx := context.Background()
	var ids []string
	for i := range 2 {
		id, err := eng.Enqueue(ctx, chat.Telegram, "-1001234", chat.Reply{Text: fmt.Sprint("Nhắc lịch họp lần ", i+1)}, "")
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	for _, id := range ids {
		waitDone(t, eng, id, 10*time.Second)
	}
	fake.mu.Lock()
	defer fake.mu.Unlock()
	if len(fake.accepted) != 2 {
		t.Fatalf("%d messages accepted, want 2", len(fake.accepted))
	}
	if gap := fake.accepted[1].Sub(fake.accepted[0]); gap < 2950*time.Millisecond {
		t.Errorf("two messages into one group %s apart; 20/min means 3s", gap)
	}
}

func TestEachPlatformTokenHasItsOwnLimiter(t *testing.T) {
	v := newEnv(t)
	tgFake, zaloFake := newStrictSender(30), newStrictSender(10)
	eng := delivery.New(v.st, map[string]delivery.Channel{
		chat.Telegram: {Sender: tgFake, TokenID: delivery.TokenID("tg-token")},
		chat.Zalo:     {Sender: zaloFake, TokenID: delivery.TokenID("zalo-token")}, // default: 10/s
	}, fastOptions())
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { _ = eng.Run(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })

	start := time.Now()
	ids := map[string]string{}
	for _, platform := range []string{chat.Zalo, chat.Telegram} {
		id, _, err := eng.CreateJob(ctx, delivery.Job{Platform: platform, Kind: delivery.KindNotice, Message: chat.Reply{Text: "Thông báo chung."}})
		if err != nil {
			t.Fatal(err)
		}
		eng.AddRecipients(ctx, id, recipients(30))
		eng.Start(ctx, id)
		ids[platform] = id
	}
	waitDone(t, eng, ids[chat.Telegram], 10*time.Second)
	tgTook := time.Since(start)
	waitDone(t, eng, ids[chat.Zalo], 10*time.Second)
	zaloTook := time.Since(start)
	if tgFake.tooMany+zaloFake.tooMany != 0 {
		t.Errorf("429s: telegram %d, zalo %d", tgFake.tooMany, zaloFake.tooMany)
	}
	// 30 messages: ~1s at Telegram's 30/s, ~3s at Zalo's 10/s, in parallel.
	if tgTook > 2*time.Second || zaloTook < 2800*time.Millisecond || zaloTook > 5*time.Second {
		t.Errorf("telegram took %s, zalo %s", tgTook, zaloTook)
	}
	for _, r := range recipients(30) {
		if tgFake.copies(r.ChatID) != 1 || zaloFake.copies(r.ChatID) != 1 {
			t.Errorf("chat %s: %d on telegram, %d on zalo", r.ChatID, tgFake.copies(r.ChatID), zaloFake.copies(r.ChatID))
		}
	}
}

// TestARecipientWhoErasedHerDataIsFailedNotSent: she erases her data while
// a notice to her is prepared; the engine then finds her entry without a
// chat, records it as failed under a tombstone, and never calls the
// platform for her. Everyone else gets the notice and the counts add up.
func TestARecipientWhoErasedHerDataIsFailedNotSent(t *testing.T) {
	v := newEnv(t)
	fake := newStrictSender(100)
	rs := recipients(5)
	rs[2] = delivery.Recipient{ChatID: "555", MemberKey: "telegram:555"}
	eng := v.engine(delivery.Channel{Sender: fake, TokenID: "tok", Limits: delivery.Limits{PerSecond: 100}}, fastOptions())
	ctx := context.Background()
	id, _, err := eng.CreateJob(ctx, delivery.Job{Platform: chat.Telegram, Kind: delivery.KindNotice, Message: chat.Reply{Text: "Họp chi hội."}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := eng.AddRecipients(ctx, id, rs); err != nil {
		t.Fatal(err)
	}
	if _, err := v.st.Erase(ctx, chat.Telegram, "555"); err != nil {
		t.Fatal(err)
	}
	if err := eng.Start(ctx, id); err != nil {
		t.Fatal(err)
	}
	s := waitDone(t, eng, id, 20*time.Second)
	if s.Total != 5 || s.Sent != 4 || s.Failed != 1 {
		t.Errorf("status %+v; want 4 sent and 1 failed of 5", s)
	}
	if fake.calls["555"] != 0 {
		t.Errorf("the platform was called %d times for her chat", fake.calls["555"])
	}
	out, _ := eng.Outcomes(ctx, id)
	if len(out) != 1 {
		t.Fatalf("outcomes %v, want one under a tombstone", out)
	}
	for member, note := range out {
		if !strings.HasPrefix(member, "erased:") || note != "failed: recipient erased her data" {
			t.Errorf("outcome %q = %q", member, note)
		}
	}
}
