package delivery_test

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
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
type slowAnswers struct {
	delay time.Duration
	next  http.RoundTripper
}

func (s slowAnswers) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := s.next.RoundTrip(r)
	time.Sleep(s.delay)
	return resp, err
}

// slowDial makes every new connection take delay to be dialled (a slow DNS
// answer, TLS handshake or SYN retry) once armed, and notes each dial it
// starts as a line in the file log, so the parent knows the workers are
// connecting and nothing of their requests was written yet.
type slowDial struct {
	delay time.Duration
	log   string
	armed atomic.Bool
}

func (d *slowDial) DialContext(ctx context.Context, network, addr string) (net.Conn, error) {
	if d.armed.Load() {
		if f, err := os.OpenFile(d.log, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600); err == nil {
			_, _ = f.WriteString("dial\n")
			_ = f.Close()
		}
		t := time.NewTimer(d.delay)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, ctx.Err()
		case <-t.C:
		}
	}
	var nd net.Dialer
	return nd.DialContext(ctx, network, addr)
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
	dialDelay, _ := time.ParseDuration(os.Getenv("LOA_DIAL_DELAY"))
	dial := &slowDial{delay: dialDelay, log: os.Getenv("LOA_DIAL_LOG")}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.DialContext = dial.DialContext
	tg, err := telegram.New(ctx, telegram.Config{
		Token: os.Getenv("LOA_TG_TOKEN"), APIBase: os.Getenv("LOA_TG_URL"),
		HTTPClient: &http.Client{Transport: slowAnswers{delay: delay, next: tr}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if dialDelay > 0 {
		// getMe is done: every send from here on needs a new, slow connection.
		tr.CloseIdleConnections()
		dial.armed.Store(true)
	}
	opts := crashOptions()
	if d, err := time.ParseDuration(os.Getenv("LOA_SEND_TIMEOUT")); err == nil {
		opts.SendTimeout = d
	}
	eng := delivery.New(store.New(rdb), map[string]delivery.Channel{chat.Telegram: {
		Sender: tg, TokenID: delivery.TokenID(os.Getenv("LOA_TG_TOKEN")), Limits: delivery.Limits{PerSecond: 60},
	}}, opts)
	if err := eng.Run(ctx); err != nil {
		t.Fatal(err)
	}
}

// crashNotice starts a Redis, a fake Telegram at 60 messages a second and
// an engine that only creates a notice of text to n chats numbered from
// firstChat: the children started with startCrashChild send it.
func crashNotice(t *testing.T, n, firstChat int, text string) (*env, *telegramtest.Server, *delivery.Engine, []delivery.Recipient, string) {
	t.Helper()
	v := newEnv(t)
	tg := telegramtest.NewWithOptions(t, telegramtest.Options{AnyChat: true, Limits: telegramtest.Limits{PerSecond: 60}})
	creator := delivery.New(v.st, map[string]delivery.Channel{chat.Telegram: {TokenID: delivery.TokenID(tg.Token())}}, crashOptions())
	rs := make([]delivery.Recipient, n)
	for i := range rs {
		rs[i] = delivery.Recipient{ChatID: strconv.Itoa(firstChat + i), MemberKey: fmt.Sprint("m", i)}
	}
	return v, tg, creator, rs, notice(t, creator, text, rs)
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
	const n = 600
	v, tg, creator, rs, id := crashNotice(t, n, 5000, "Chi hội họp lúc 19 giờ tại nhà văn hoá thôn. Mong chị em có mặt đầy đủ!")

	child := func() *exec.Cmd { return startCrashChild(t, v, tg, "LOA_ANSWER_DELAY=150ms") }
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

	// A recipient may go without her copy only when she is "in doubt": the
	// kill landed after her fence was stored and before the request was
	// written (a Redis reply and a write: at-most-once cannot close it, see
	// doc.go). One counted sent and not received, or any copy twice, is a
	// bug; so is a count that does not add up to what the fake received.
	outcomes, err := creator.Outcomes(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	dup, lost, lostNotInDoubt := 0, 0, 0
	for _, r := range rs {
		chatID, _ := strconv.ParseInt(r.ChatID, 10, 64)
		switch got := len(tg.Messages(chatID)); {
		case got > 1:
			dup++
		case got == 0:
			lost++
			if outcomes[r.MemberKey] != "in doubt" {
				lostNotInDoubt++
			}
		}
	}
	t.Logf("status: sent %d, in doubt %d (%d of them never received), failed %d; fake: %d sent, %d answered 429",
		s.Sent, s.InDoubt, lost, s.Failed, tg.Stats().Sent, tg.Stats().TooManyRequests)
	if dup != 0 || lostNotInDoubt != 0 {
		t.Errorf("%d recipients got more than one copy, %d got none without being in doubt", dup, lostNotInDoubt)
	}
	if s.Sent+s.InDoubt != n || s.Pending != 0 {
		t.Errorf("status %+v", s)
	}
	if got := tg.Stats().Sent; got != n-lost {
		t.Errorf("the fake received %d notices, want %d (%d less %d never received)", got, n-lost, n, lost)
	}
	// The kills landed while requests were in flight: those recipients are
	// "in doubt", counted as delivered and not resent.
	if s.InDoubt == 0 {
		t.Errorf("no recipient in doubt: the kills missed the in-flight window this test is about")
	}
}

// startCrashChild starts an engine in a child process (TestCrashChild) on
// v's Redis and tg, with extra environment settings.
func startCrashChild(t *testing.T, v *env, tg *telegramtest.Server, extra ...string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), crashChildEnv+"=1", "LOA_REDIS_ADDR="+v.srv.Addr(),
		"LOA_TG_URL="+tg.URL(), "LOA_TG_TOKEN="+tg.Token())
	cmd.Env = append(cmd.Env, extra...)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	})
	return cmd
}

// A worker killed after it claimed a recipient but before any byte of her
// request was written (still connecting: dialling, TLS, waiting for a pooled
// connection, or simply not scheduled) sent her nothing, so she must not be
// "in doubt": another worker sends her copy, exactly once. The first engine's
// connections take seconds to dial, so the kill lands in that window every
// time, not once in a while under load.
func TestKill9BeforeTheRequestIsWrittenSendsItLater(t *testing.T) {
	if testing.Short() {
		t.Skip("starts child processes")
	}
	const n, workers = 12, 8 // crashOptions: the default 8 workers, one recipient per claim
	v, tg, creator, rs, id := crashNotice(t, n, 7000, "Hội phụ nữ xã thông báo: sáng thứ Bảy khám sức khoẻ miễn phí tại trạm y tế.")

	dials := filepath.Join(t.TempDir(), "dials")
	first := startCrashChild(t, v, tg, "LOA_DIAL_DELAY=8s", "LOA_SEND_TIMEOUT=8s", "LOA_DIAL_LOG="+dials)
	deadline := time.Now().Add(20 * time.Second)
	for {
		b, _ := os.ReadFile(dials)
		if strings.Count(string(b), "\n") >= workers {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the first engine's %d workers did not all start connecting within 20s (%d did)", workers, strings.Count(string(b), "\n"))
		}
		time.Sleep(5 * time.Millisecond)
	}
	callsAtKill := tg.Stats().Calls
	if err := first.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = first.Wait()
	if st := tg.Stats(); st.Sent != 0 || st.Calls != 1 || callsAtKill != 1 {
		t.Fatalf("the kill was meant to land before any send reached the platform: %+v (calls at kill %d, getMe is 1)", st, callsAtKill)
	}

	last := startCrashChild(t, v, tg)
	s := waitDone(t, creator, id, 60*time.Second)
	_ = last.Process.Signal(syscall.SIGTERM)
	_ = last.Wait()

	for _, r := range rs {
		chatID, _ := strconv.ParseInt(r.ChatID, 10, 64)
		if got := len(tg.Messages(chatID)); got != 1 {
			t.Errorf("chat %s got %d copies, want 1", r.ChatID, got)
		}
	}
	if s.Sent != n || s.InDoubt != 0 {
		t.Errorf("status: sent %d, in doubt %d, failed %d; want all %d sent and none in doubt (nothing had left when the engine was killed)",
			s.Sent, s.InDoubt, s.Failed, n)
	}
}
