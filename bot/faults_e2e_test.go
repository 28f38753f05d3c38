package main

import (
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"loa/bot/telegram/telegramtest"
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
