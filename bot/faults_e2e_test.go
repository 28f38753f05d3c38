package main

import (
	"context"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"loa/bot/telegram/telegramtest"
	"loa/internal/testkit"
	"loa/store"
	"loa/store/redistest"
)

// Faults attacked from outside, on the built binary: Redis hanging,
// restarted or killed, the platform failing, the bot killed.

const faultNotice = "Kính mời chị em dự sinh hoạt chi hội sáng Chủ nhật lúc 8 giờ tại nhà văn hoá ấp."

// startNoticeUnderTest has the head of B1 send faultNotice and waits until
// at least first members received it.
func startNoticeUnderTest(t *testing.T, head *telegramMember, tg *telegramtest.Server, chats []int64, first int) {
	t.Helper()
	head.Say("/thongbao")
	head.Replies(1)
	head.Say(faultNotice)
	waitUntil(t, 15*time.Second, "the preview", func() bool { return strings.Contains(strings.Join(head.Choices(), "|"), "Gửi") })
	head.Press("Gửi")
	waitUntil(t, 60*time.Second, "the notice under way", func() bool { return noticeCopies(tg, chats) >= first })
}

func noticeCopies(tg *telegramtest.Server, chats []int64) int {
	n := 0
	for _, c := range chats {
		for _, m := range tg.Messages(c) {
			if strings.Contains(m.Text, faultNotice) {
				n++
			}
		}
	}
	return n
}

// TestBinaryStopIsBoundedWhenRedisHangs: Redis stops answering in the
// middle of a notice and the operator stops the bot. A delivery worker used
// to retry recording its send for the whole send lease (2.5 minutes) and
// the bot did not exit. The shutdown watchdog ends it within its limit.
func TestBinaryStopIsBoundedWhenRedisHangs(t *testing.T) {
	t.Parallel()
	tg := telegramtest.New(t)
	tg.SetLimits(telegramtest.Limits{PerSecond: 120})
	r := redistest.Start(t)
	st := store.New(r.Client())
	chats, head := seedBranchB1(t, st, tg, 200, 81000)
	p := startBinary(t, map[string]string{
		"REDIS_URL": r.URL(), "LOA_HTTP_ADDR": freeAddr(t), "LOA_DATA_DIR": t.TempDir(), "LOA_WEBCHAT": "off",
		"TELEGRAM_BOT_TOKEN": tg.Token(), "TELEGRAM_API_BASE": tg.URL(), "LOA_TELEGRAM_RATE": "20",
	})
	startNoticeUnderTest(t, head, tg, chats, 20)
	r.Freeze(3 * time.Minute)
	began := time.Now()
	p.signal(syscall.SIGTERM)
	code := p.exit(shutdownLimit + 10*time.Second)
	took := time.Since(began)
	t.Logf("exit %d %v after SIGTERM with Redis hanging", code, took.Round(100*time.Millisecond))
	if took > shutdownLimit+5*time.Second {
		t.Fatalf("the stop took %v, the watchdog's limit is %v", took, shutdownLimit)
	}
	if code != 0 {
		p.waitLog(regexp.MustCompile(`shutdown watchdog`))
	}
}

// TestReplyRidesOutARedisPause: Redis freezes for 14 s (DEBUG SLEEP 14) just
// as a member asks. Her reply used to vanish (the shared limiter is in
// Redis; its error was dropped without a word). Now the reply is retried
// and reaches her once Redis answers, and nothing is reported lost.
func TestReplyRidesOutARedisPause(t *testing.T) {
	t.Parallel()
	tg := telegramtest.New(t)
	p := startProgram(t, map[string]string{"TELEGRAM_BOT_TOKEN": tg.Token(), "TELEGRAM_API_BASE": tg.URL(), "LOA_WEBCHAT": "off"}, tg.Token())
	const chat = 72001
	tg.UserSays(chat, "Chị Lan", "/start")
	if _, err := tg.WaitForMessages(testkit.WaitCtx(t), chat, 1); err != nil {
		t.Fatal(err)
	}
	p.redis.Freeze(14 * time.Second)
	began := time.Now()
	tg.UserSays(chat, "Chị Lan", knownQuestion)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	msgs, err := tg.WaitForMessages(ctx, chat, 2)
	if err != nil {
		t.Fatalf("no reply after a 14 s Redis pause: %v", err)
	}
	t.Logf("answered %v after the question, Redis frozen for 14 s", time.Since(began).Round(100*time.Millisecond))
	contains(t, "the answer", msgs[1].Text, "Trung ương Hội LHPN")
	if strings.Contains(p.logs.String(), "reply lost") {
		t.Fatalf("a reply was reported lost though it arrived:\n%s", p.logs.String())
	}
}

// TestLostReplyIsLoggedAndApologisedFor: Redis goes away for longer than a
// reply can wait. The loss is logged (her chat, never her words) and, once
// Redis is back, she gets one apology asking her to write again.
func TestLostReplyIsLoggedAndApologisedFor(t *testing.T) {
	t.Parallel()
	tg := telegramtest.New(t)
	p := startProgram(t, map[string]string{"TELEGRAM_BOT_TOKEN": tg.Token(), "TELEGRAM_API_BASE": tg.URL(), "LOA_WEBCHAT": "off"}, tg.Token())
	const chat = 72002
	tg.UserSays(chat, "Chị Mai", "/start")
	if _, err := tg.WaitForMessages(testkit.WaitCtx(t), chat, 1); err != nil {
		t.Fatal(err)
	}
	p.redis.Stop()
	tg.UserSays(chat, "Chị Mai", knownQuestion)
	waitUntil(t, 60*time.Second, "the loss logged", func() bool { return strings.Contains(p.logs.String(), "reply lost") })
	line := regexp.MustCompile(`.*telegram reply lost.*`).FindString(p.logs.String())
	if !strings.Contains(line, "chat_id=72002") || strings.Contains(line, knownQuestion) {
		t.Fatalf("log line %q: want her chat id and not her message", line)
	}
	if got := tg.Messages(chat); len(got) != 1 {
		t.Fatalf("%d messages while Redis is away, want only the welcome", len(got))
	}
	p.redis.Restart()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	msgs, err := tg.WaitForMessages(ctx, chat, 2)
	if err != nil {
		t.Fatalf("no apology after Redis came back: %v", err)
	}
	contains(t, "the apology", msgs[1].Text, "Xin lỗi chị", "gửi lại")
	time.Sleep(3 * time.Second) // a second apology would come by now
	if got := tg.Messages(chat); len(got) != 2 {
		var texts []string
		for _, m := range got {
			texts = append(texts, m.Text)
		}
		t.Fatalf("want the welcome and one apology, got %d messages:\n%s", len(got), strings.Join(texts, "\n---\n"))
	}
	if strings.Contains(p.logs.String(), knownQuestion) {
		t.Fatal("her message reached the logs")
	}
}

// TestWebSessionIDStaysSecret: the web session id is a web member's only
// credential (whoever has it reads her conversation and writes as her). It
// used to be her chat and user id, so it showed in debug logs, in `bot
// admin members list`, in /toi and in every poll URL. A web member joins a
// branch and looks at her data; the session id must appear in none of
// those, nor anywhere in Redis.
func TestWebSessionIDStaysSecret(t *testing.T) {
	t.Parallel()
	r := redistest.Start(t)
	st := store.New(r.Client())
	seedSampleTree(t, st)
	branch, _ := twoBranches(t, st)
	p := startBinary(t, map[string]string{"LOA_HTTP_ADDR": freeAddr(t), "REDIS_URL": r.URL(), "LOA_DATA_DIR": t.TempDir(), "LOA_LOG_LEVEL": "debug"})
	chat := newWebChat(t, p.addr)
	secret := chat.session

	chat.ask("/dangky " + newInvite(t, st, branch, 0, time.Hour))
	out := chat.post(map[string]string{"data": chat.buttonData("Đồng ý")})
	contains(t, "joined", out, "Chi hội")
	me := chat.ask("/toi")
	contains(t, "/toi", me, "Đồng ý lưu thông tin lúc")
	if strings.Contains(me, secret) {
		t.Fatalf("/toi shows the session id:\n%s", me)
	}
	if got := chat.poll(); strings.Contains(got, `"error"`) {
		t.Fatalf("poll with the session in its header: %s", got)
	}
	code, list, errOut := runAdminBinary(t, r.URL(), "members", "list", "--unit", branch)
	if code != 0 || !strings.Contains(list, "web") {
		t.Fatalf("members list: exit %d\n%s%s", code, list, errOut)
	}
	if strings.Contains(list, secret) {
		t.Fatalf("`bot admin members list` shows the session id:\n%s", list)
	}
	p.stop()
	if strings.Contains(p.stderr.String(), secret) {
		t.Fatalf("the session id reached the logs:\n%s", p.stderr.String())
	}
	if keys := keysMentioning(t, r.Client(), secret); len(keys) > 0 {
		t.Fatalf("Redis keys or values hold the session id: %v", keys)
	}
}
