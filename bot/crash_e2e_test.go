package main

import (
	"context"
	"net/http"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"loa/bot/telegram/telegramtest"
	"loa/chat"
	"loa/internal/testkit"
	"loa/store"
	"loa/store/redistest"
)

// process is the real bot binary, run as an init system would run it.
type process struct {
	t    testing.TB
	cmd  *exec.Cmd
	logs *testkit.LogBuffer
	done chan struct{}
}

func startProcess(t testing.TB, env map[string]string) *process {
	t.Helper()
	cmd := exec.Command(botBinary(t))
	cmd.Env = append(os.Environ(), "LOA_MODEL_CACHE="+sharedModelCache(t))
	if _, ok := env["LOA_SCHEDULER"]; !ok {
		cmd.Env = append(cmd.Env, "LOA_SCHEDULER=off") // as startProgram: no timed job in the middle of a test
	}
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	p := &process{t: t, cmd: cmd, logs: &testkit.LogBuffer{}, done: make(chan struct{})}
	cmd.Stdout, cmd.Stderr = p.logs, p.logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { _ = cmd.Wait(); close(p.done) }()
	t.Cleanup(func() { p.kill() })
	deadline := time.Now().Add(2 * time.Minute) // a hang, not a slow start (harness_test.go)
	for {
		resp, err := http.Get("http://" + env["LOA_HTTP_ADDR"] + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return p
			}
		}
		select {
		case <-p.done:
			t.Fatalf("bot exited at start:\n%s", p.logs.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("bot did not become healthy:\n%s", p.logs.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// kill sends SIGKILL: no shutdown code runs, nothing is flushed.
func (p *process) kill() {
	_ = p.cmd.Process.Kill()
	<-p.done
}

// seedBranchB1 imports the notice tree, registers n Telegram members of
// branch B1 (chat ids from firstChat) and makes a head of B1.
func seedBranchB1(t testing.TB, st *store.Store, tg *telegramtest.Server, n int, firstChat int64) ([]int64, *telegramMember) {
	t.Helper()
	ctx := context.Background()
	testkit.SeedUnits(t, st, noticeTreeCSV)
	var chats []int64
	for i := range n {
		chatID := firstChat + int64(i)
		tg.AddChat(chatID, "Chị "+strconv.Itoa(i))
		if _, err := st.Register(ctx, store.Member{Platform: chat.Telegram, UserID: strconv.FormatInt(chatID, 10), Name: "Chị", Unit: "B1", Consent: time.Now(), Active: true}); err != nil {
			t.Fatal(err)
		}
		chats = append(chats, chatID)
	}
	head := &telegramMember{t: t, srv: tg, chat: 50001, name: "Chị Hoa"}
	tg.AddChat(head.chat, head.name)
	if _, err := st.Grant(ctx, chat.Telegram, head.ID(), store.RoleHead, "B1"); err != nil {
		t.Fatal(err)
	}
	return chats, head
}

// TestNoticeExactlyOnceAcrossKill9 kills the real binary twice in the middle
// of a notice and restarts it: every member must get exactly one copy.
func TestNoticeExactlyOnceAcrossKill9(t *testing.T) {
	t.Parallel()
	noticeAcrossCrashes(t, noticeCrash{members: 240, rate: 100, killBotAt: []int{60, 150}})
}

// noticeCrash is one run of a notice through crashes: of the bot process
// (SIGKILL, then a restart) and, when killRedis is set, of the Redis
// master (then the deployment's own failover).
type noticeCrash struct {
	members int
	rate    int // LOA_TELEGRAM_RATE; the fake Telegram allows a fifth more
	// redisEnv names the Redis (REDIS_*, LOA_NAMESPACE); st reaches it with
	// the same namespace. Nil: a redis-server of the test's own.
	redisEnv map[string]string
	st       *store.Store
	// killBotAt: SIGKILL the bot when this many members have the notice,
	// then start it again.
	killBotAt []int
	// killRedisAt: when this many members have it, killRedis kills the
	// Redis master and returns once a replica has taken over.
	killRedisAt int
	killRedis   func() time.Duration
}

// noticeOutcome is what the members got, as the fake Telegram saw it.
type noticeOutcome struct {
	job     store.OutboxStatus
	doubled int           // members with more than one copy
	missing int           // members without a copy
	gap     time.Duration // longest time between two consecutive deliveries
}

// noticeAcrossCrashes sends a notice from a head to her branch through the
// crashes nc describes and checks the promise of bot/delivery: no member
// gets two copies, and every member either has hers or is reported in
// doubt (the process or the master died between fencing her and the send).
func noticeAcrossCrashes(t *testing.T, nc noticeCrash) noticeOutcome {
	tg := telegramtest.New(t)
	tg.SetLimits(telegramtest.Limits{PerSecond: nc.rate * 6 / 5})
	env := map[string]string{
		"LOA_HTTP_ADDR": freeAddr(t), "LOA_DATA_DIR": t.TempDir(), "LOA_WEBCHAT": "off",
		"TELEGRAM_BOT_TOKEN": tg.Token(), "TELEGRAM_API_BASE": tg.URL(), "LOA_TELEGRAM_RATE": strconv.Itoa(nc.rate),
		"LOA_DELIVERY_LEASE": "3s",
		// A recipient whose send the kill interrupted is in doubt after
		// send timeout + lease: 8 s instead of 33 (the fake answers in ms).
		"LOA_DELIVERY_SEND_TIMEOUT": "5s",
	}
	st := nc.st
	if nc.redisEnv == nil {
		r := redistest.Start(t)
		env["REDIS_URL"] = r.URL()
		st = store.New(r.Client())
	}
	for k, v := range nc.redisEnv {
		env[k] = v
	}
	ctx := context.Background()
	chats, head := seedBranchB1(t, st, tg, nc.members, 80000)
	const body = "Kính mời chị em dự sinh hoạt chi hội sáng Chủ nhật lúc 8 giờ tại nhà văn hoá ấp."
	received := func() (total int, perChat map[int64]int) {
		perChat = map[int64]int{}
		for _, chatID := range chats {
			for _, m := range tg.Messages(chatID) {
				if strings.Contains(m.Text, body) {
					perChat[chatID]++
					total++
				}
			}
		}
		return total, perChat
	}

	p := startProcess(t, env)
	head.Say("/thongbao")
	head.Replies(1)
	head.Say(body)
	waitUntil(t, 15*time.Second, "the preview", func() bool { return strings.Contains(strings.Join(head.Choices(), "|"), "Gửi") })
	head.Press("Gửi")

	type crash struct {
		at  int
		bot bool
	}
	var crashes []crash
	for _, n := range nc.killBotAt {
		crashes = append(crashes, crash{n, true})
	}
	if nc.killRedis != nil {
		crashes = append(crashes, crash{nc.killRedisAt, false})
	}
	slices.SortFunc(crashes, func(a, b crash) int { return a.at - b.at })
	for _, c := range crashes {
		waitUntil(t, 60*time.Second, "progress before the crash", func() bool { n, _ := received(); return n >= c.at })
		n, _ := received()
		if c.bot {
			p.kill()
			t.Logf("bot killed with SIGKILL after %d of %d members received the notice", n, nc.members)
			p = startProcess(t, env)
			continue
		}
		took := nc.killRedis()
		t.Logf("Redis master killed after %d of %d members received the notice; a replica took over in %s", n, nc.members, took.Round(time.Millisecond))
	}
	// The notice ends when every recipient has an outcome.
	var out noticeOutcome
	waitUntil(t, 90*time.Second, "the notice to end", func() bool {
		jobs, err := st.OutboxJobsByAuthor(ctx, chat.Telegram, head.ID(), 5)
		if err != nil || len(jobs) == 0 {
			return false
		}
		out.job = jobs[0]
		return out.job.Ended()
	})
	time.Sleep(time.Second) // a late duplicate would arrive by now
	total, per := received()
	var dup []string
	for chatID, n := range per {
		if n != 1 {
			out.doubled++
			dup = append(dup, strconv.FormatInt(chatID, 10)+"×"+strconv.Itoa(n))
		}
	}
	var times []time.Time
	for _, chatID := range chats {
		for _, m := range tg.Messages(chatID) {
			if strings.Contains(m.Text, body) {
				times = append(times, m.Time)
			}
		}
	}
	slices.SortFunc(times, func(a, b time.Time) int { return a.Compare(b) })
	for i := 1; i < len(times); i++ {
		out.gap = max(out.gap, times[i].Sub(times[i-1]))
	}
	// Never twice: no member has two copies.
	if len(dup) > 0 {
		t.Fatalf("members got duplicates: %v\nlogs:\n%s", dup, p.logs.String())
	}
	// Never lost silently: every recipient has an outcome, and a member
	// without her copy can only be one the engine reports "in doubt" (the
	// process died in the instant between fencing her and the request
	// reaching Telegram; see bot/delivery's package doc).
	out.missing = nc.members - len(per)
	job := out.job
	t.Logf("job %s: sent %d, in doubt %d; members reached %d (%d copies), missing %d, doubled %d; longest pause in delivery %s",
		job.ID, job.Sent, job.InDoubt, len(per), total, out.missing, out.doubled, out.gap.Round(time.Millisecond))
	if job.Sent+job.InDoubt != int64(nc.members) || int64(out.missing) > job.InDoubt {
		t.Fatalf("want every member delivered once or reported in doubt: sent %d + in doubt %d of %d, missing %d\nlogs:\n%s",
			job.Sent, job.InDoubt, nc.members, out.missing, p.logs.String())
	}
	if st := tg.Stats(); st.TooManyRequests > 0 {
		t.Errorf("the bot went over the platform limit: %d answers 429", st.TooManyRequests)
	}
	return out
}
