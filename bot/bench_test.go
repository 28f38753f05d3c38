package main

import (
	"context"
	"runtime"
	"testing"
	"time"

	"loa/bot/telegram/telegramtest"
)

// questions are typed the way members type; each needs a knowledge-base
// answer (not a canned greeting).
var benchQuestions = []string{
	"5k3s la j", "lam vneid muc 2 o dau", "vay von ho ngheo lai suat bn", "quen mat khau vneid",
	"bhyt dien tu dung sao", "de an 939 ho tro gi", "dia chi tin cay la gi", "ocop may sao",
	"chuan ngheo 2026 bn tien", "me do dau dang ky o dau",
}

// BenchmarkMessagesAnswered measures members' messages answered per second
// end to end: the fake Telegram server holds the messages, the whole
// program polls them, dedupes in Redis, matches, and sends each answer
// back through the shared Redis limiter. Each message comes from its own
// chat so Telegram's 1 message/s per chat does not bound the figure; the
// fake's own limits are off and the bot's overall limit is raised, so the
// figure is the bot's own capacity. Also reports the heap in use after the
// run (the bot and the fake share the process).
func BenchmarkMessagesAnswered(b *testing.B) {
	srv := telegramtest.NewWithOptions(b, telegramtest.Options{})
	srv.SetLimits(telegramtest.Limits{Off: true})
	p := startProgram(b, map[string]string{
		"TELEGRAM_BOT_TOKEN": srv.Token(), "TELEGRAM_API_BASE": srv.URL(),
		"LOA_WEBCHAT": "off", "LOA_TELEGRAM_RATE": "10000", "LOA_LOG_LEVEL": "warn",
	})
	_ = p
	base := srv.Stats().Sent
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		srv.UserSays(int64(1_000_000+i), "Chị", benchQuestions[i%len(benchQuestions)])
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	if err := srv.WaitFor(ctx, func() bool { return srv.Stats().Sent-base >= b.N }); err != nil {
		b.Fatalf("only %d of %d answered", srv.Stats().Sent-base, b.N)
	}
	elapsed := time.Since(start)
	b.StopTimer()
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "msgs/s")
	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(ms.HeapInuse)/(1<<20), "heap-MiB")
}
