package main

import (
	"context"
	"net/http"
	"os"
	"os/exec"
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
	cmd.Env = os.Environ()
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
	deadline := time.Now().Add(20 * time.Second)
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
	const members = 240
	tg := telegramtest.New(t)
	tg.SetLimits(telegramtest.Limits{PerSecond: 120})
	r := redistest.Start(t)
	st := store.New(r.Client())
	ctx := context.Background()
	chats, head := seedBranchB1(t, st, tg, members, 80000)
	env := map[string]string{
		"REDIS_URL": r.URL(), "LOA_HTTP_ADDR": freeAddr(t), "LOA_DATA_DIR": t.TempDir(), "LOA_WEBCHAT": "off",
		"TELEGRAM_BOT_TOKEN": tg.Token(), "TELEGRAM_API_BASE": tg.URL(), "LOA_TELEGRAM_RATE": "100",
		"LOA_DELIVERY_LEASE": "3s",
	}
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

	for _, killAt := range []int{60, 150} {
		waitUntil(t, 60*time.Second, "progress before the kill", func() bool { n, _ := received(); return n >= killAt })
		p.kill()
		n, _ := received()
		t.Logf("killed with SIGKILL after %d of %d members received the notice", n, members)
		p = startProcess(t, env)
	}
	// The notice ends when every recipient has an outcome.
	var job store.OutboxStatus
	waitUntil(t, 90*time.Second, "the notice to end", func() bool {
		jobs, err := st.OutboxJobsByAuthor(ctx, chat.Telegram, head.ID(), 5)
		if err != nil || len(jobs) == 0 {
			return false
		}
		job = jobs[0]
		return job.Ended()
	})
	time.Sleep(time.Second) // a late duplicate would arrive by now
	total, per := received()
	var dup []string
	for chatID, n := range per {
		if n != 1 {
			dup = append(dup, strconv.FormatInt(chatID, 10)+"×"+strconv.Itoa(n))
		}
	}
	// Never twice: no member has two copies.
	if len(dup) > 0 {
		t.Fatalf("members got duplicates: %v\nlogs:\n%s", dup, p.logs.String())
	}
	// Never lost silently: every recipient has an outcome, and a member
	// without her copy can only be one the engine reports "in doubt" (the
	// process died in the instant between fencing her and the request
	// reaching Telegram; see bot/delivery's package doc).
	missing := int64(members - len(per))
	t.Logf("job %s: sent %d, in doubt %d; members reached %d (%d copies), missing %d", job.ID, job.Sent, job.InDoubt, len(per), total, missing)
	if job.Sent+job.InDoubt != members || missing > job.InDoubt {
		t.Fatalf("want every member delivered once or reported in doubt: sent %d + in doubt %d of %d, missing %d\nlogs:\n%s",
			job.Sent, job.InDoubt, members, missing, p.logs.String())
	}
	if st := tg.Stats(); st.TooManyRequests > 0 {
		t.Errorf("the bot went over the platform limit: %d answers 429", st.TooManyRequests)
	}
}
