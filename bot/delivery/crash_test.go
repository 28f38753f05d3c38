package delivery_test

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"loa/bot/delivery"
	"loa/bot/telegram"
	"loa/bot/telegram/telegramtest"
	"loa/chat"
	"loa/store"
)

// The crash test runs the engine in a child process (this test binary
// re-executed with crashChildEnv set), kills it with SIGKILL in the middle
// of a notice, starts another, and checks what the fake Telegram server
// received.
const crashChildEnv = "LOA_DELIVERY_CRASH_CHILD"

// slowAnswers holds every API answer for a while after the fake server has
// recorded the message, so most of a worker's time is spent in the in-doubt
// window (request delivered, outcome not yet recorded) and a kill lands there.
type slowAnswers struct{ delay time.Duration }

func (s slowAnswers) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := http.DefaultTransport.RoundTrip(r)
	time.Sleep(s.delay)
	return resp, err
}

// TestCrashChild is the child's body; it is skipped in a normal run.
func TestCrashChild(t *testing.T) {
	if os.Getenv(crashChildEnv) == "" {
		t.Skip("helper process for TestKill9MidNoticeDeliversEachRecipientOnce")
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	rdb := redis.NewClient(&redis.Options{Addr: os.Getenv("LOA_REDIS_ADDR")})
	delay, _ := time.ParseDuration(os.Getenv("LOA_ANSWER_DELAY"))
	tg, err := telegram.New(ctx, telegram.Config{
		Token: os.Getenv("LOA_TG_TOKEN"), APIBase: os.Getenv("LOA_TG_URL"),
		HTTPClient: &http.Client{Transport: slowAnswers{delay}},
	})
	if err != nil {
		t.Fatal(err)
	}
	eng := delivery.New(store.New(rdb), map[string]delivery.Channel{chat.Telegram: {
		Sender: tg, TokenID: delivery.TokenID(os.Getenv("LOA_TG_TOKEN")), Limits: delivery.Limits{PerSecond: 60},
	}}, crashOptions())
	if err := eng.Run(ctx); err != nil {
		t.Fatal(err)
	}
}

func crashOptions() delivery.Options {
	o := fastOptions()
	o.Lease = time.Second // a killed engine's claims come back within a second
	o.SendTimeout = 2 * time.Second
	return o
}

func TestKill9MidNoticeDeliversEachRecipientOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("starts child processes")
	}
	v := newEnv(t)
	tg := telegramtest.NewWithOptions(t, telegramtest.Options{AnyChat: true, Limits: telegramtest.Limits{PerSecond: 60}})
	creator := delivery.New(v.st, map[string]delivery.Channel{chat.Telegram: {TokenID: delivery.TokenID(tg.Token())}}, crashOptions())
	const n = 600
	rs := make([]delivery.Recipient, n)
	for i := range rs {
		rs[i] = delivery.Recipient{ChatID: strconv.Itoa(5000 + i), MemberKey: fmt.Sprint("m", i)}
	}
	id := notice(t, creator, "Chi hội họp lúc 19 giờ tại nhà văn hoá thôn. Mong chị em có mặt đầy đủ!", rs)

	child := func() *exec.Cmd {
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), crashChildEnv+"=1", "LOA_REDIS_ADDR="+v.srv.Addr(),
			"LOA_TG_URL="+tg.URL(), "LOA_TG_TOKEN="+tg.Token(), "LOA_ANSWER_DELAY=150ms")
		cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		return cmd
	}
	waitSent := func(atLeast int) {
		deadline := time.Now().Add(30 * time.Second)
		for tg.Stats().Sent < atLeast {
			if time.Now().After(deadline) {
				t.Fatalf("only %d sent after 30s", tg.Stats().Sent)
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	for _, killAt := range []int{120, 330} {
		c := child()
		waitSent(killAt)
		if err := c.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		_ = c.Wait()
		t.Logf("killed an engine with SIGKILL after %d messages", tg.Stats().Sent)
	}
	last := child()
	s := waitDone(t, creator, id, 60*time.Second)
	_ = last.Process.Signal(syscall.SIGTERM)
	_ = last.Wait()

	dup, lost := 0, 0
	for _, r := range rs {
		chatID, _ := strconv.ParseInt(r.ChatID, 10, 64)
		switch got := len(tg.Messages(chatID)); {
		case got > 1:
			dup++
		case got == 0:
			lost++
		}
	}
	t.Logf("status: sent %d, in doubt %d, failed %d; fake: %d sent, %d answered 429",
		s.Sent, s.InDoubt, s.Failed, tg.Stats().Sent, tg.Stats().TooManyRequests)
	if dup != 0 || lost != 0 {
		t.Errorf("%d recipients got more than one copy, %d got none", dup, lost)
	}
	if s.Sent+s.InDoubt != n || s.Pending != 0 {
		t.Errorf("status %+v", s)
	}
	// The kills landed while requests were in flight: those recipients are
	// "in doubt", counted as delivered and not resent — and the fake shows
	// they did get their one copy.
	if s.InDoubt == 0 {
		t.Errorf("no recipient in doubt: the kills missed the in-flight window this test is about")
	}
}
