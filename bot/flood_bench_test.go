package main

import (
	"context"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"loa/bot/telegram/telegramtest"
	"loa/store"
)

// The figures issue 12 asks for: requests refused per second per client,
// Redis memory after a sustained flood, and other users' reply latency
// during one user's flood. `make bench` runs them; alone:
//
//	go test ./bot -run '^$' -bench 'Flood' -benchtime 1x

// BenchmarkWebChatRefusedPerClient measures how fast the web chat turns
// away one client past its flood limit: every request of the loop comes
// from one session on one address, as in the flood. refused/s is
// what the server sustains refusing that one client (each refusal is one
// Redis round trip and a 429, nothing stored); admitted is what got
// through the client's lane (30 at once, then 1 a second).
func BenchmarkWebChatRefusedPerClient(b *testing.B) {
	p := startProgram(b, map[string]string{"LOA_LOG_LEVEL": "warn"})
	c := newWebClient(p.addr, "127.0.0.1")
	ctx := context.Background()
	session := newSessionID()
	var admitted, refused int
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		rep, err := c.say(ctx, session, "b"+strconv.Itoa(i), randomWords(i))
		if err != nil {
			b.Fatal(err)
		}
		switch rep.status {
		case http.StatusOK:
			admitted++
		case http.StatusTooManyRequests:
			refused++
		default:
			b.Fatalf("status %d", rep.status)
		}
	}
	elapsed := time.Since(start)
	b.StopTimer()
	b.ReportMetric(float64(refused)/elapsed.Seconds(), "refused/s")
	b.ReportMetric(float64(admitted), "admitted")
}

// BenchmarkRedisMemoryAfterWebFlood floods the web chat for floodFor from
// one client with 8 connections, a fresh session id and new random words on
// every request (the worst case: each used to add a new entry of the
// unanswered log, 8 KB, kept forever), and reports how much Redis grew.
//
// The flood is shortened from the 10 minutes. It extrapolates
// linearly and then stops growing: what one address can leave is set by its
// lane (40 at once, then 2 a second), and each admitted request leaves a
// dedupe mark of about 100 bytes that expires after an hour plus one count;
// refused requests leave nothing. So 10 minutes is at most 1,240 admitted
// requests (~150 KB), and an address flooding for ever holds at most about
// 7,200 marks (under 1 MB). redis-bytes-at-end is used_memory's growth when
// the flood stops (its lanes still alive for a few seconds); used_memory
// also moves by tens of KB on its own (allocator, client buffers), so the
// steady figures are keys-settled (keys left 5 s later) and
// key-bytes-settled (their MEMORY USAGE summed; Redis was flushed first).
// key-bytes-10min scales key-bytes-settled per admitted request to the
// most one address can have admitted in 10 minutes (40 + 2 × 600).
func BenchmarkRedisMemoryAfterWebFlood(b *testing.B) {
	const floodFor = 20 * time.Second
	p := startProgram(b, map[string]string{"LOA_LOG_LEVEL": "warn"})
	rdb := p.redis.Client()
	c := newWebClient(p.addr, "127.0.0.1")
	b.ResetTimer()
	for range b.N {
		// Each round floods anew from a clean Redis (a round after another
		// would start with the address's lane already spent).
		b.StopTimer()
		rdb.FlushAll(context.Background())
		before, keysBefore := redisMemory(b, rdb), rdb.DBSize(context.Background()).Val()
		b.StartTimer()
		ctx, cancel := context.WithTimeout(context.Background(), floodFor)
		var admitted, refused, n atomic.Int64
		var wg sync.WaitGroup
		for range 8 {
			wg.Go(func() {
				for ctx.Err() == nil {
					i := int(n.Add(1))
					rep, err := c.say(ctx, newSessionID(), "f"+strconv.Itoa(i), randomWords(i))
					if err != nil {
						return
					}
					if rep.status == http.StatusOK {
						admitted.Add(1)
					} else {
						refused.Add(1)
					}
				}
			})
		}
		wg.Wait()
		cancel()
		b.StopTimer()
		atEnd := redisMemory(b, rdb) - before
		// The lanes expire within seconds of the flood; what stays is
		// the dedupe marks (1 h) and the counters.
		time.Sleep(5 * time.Second)
		keys := rdb.DBSize(context.Background()).Val() - keysBefore
		var keyBytes int64
		for it := rdb.Scan(context.Background(), 0, "*", 1000).Iterator(); it.Next(context.Background()); {
			keyBytes += rdb.MemoryUsage(context.Background(), it.Val()).Val()
		}
		b.ReportMetric(float64(admitted.Load()+refused.Load())/floodFor.Seconds(), "req/s")
		b.ReportMetric(float64(admitted.Load()), "admitted")
		b.ReportMetric(float64(atEnd), "redis-bytes-at-end")
		// Ten minutes admit at most the lane's burst plus its rate.
		admitted10 := float64(store.FloodPerWebAddress.Burst) + (10*time.Minute).Seconds()/store.FloodPerWebAddress.Interval.Seconds()
		b.ReportMetric(float64(keyBytes)/float64(max(admitted.Load(), 1))*admitted10, "key-bytes-10min")
		b.ReportMetric(float64(keys), "keys-settled")
		b.ReportMetric(float64(keyBytes), "key-bytes-settled")
		b.StartTimer()
	}
}

// BenchmarkOtherUserReplyDuringFlood measures, per iteration, how long a
// new user's /start waits for its answer while one Telegram user has just
// sent 1,000 messages (the fake server delivers them to the bot ahead of
// hers, as Telegram's getUpdates does). The fake applies Telegram's limits,
// so the flooder's own answers go out at 1 a second. reply-ms is the mean
// wait, max-reply-ms the worst; before issue 12 it was 77.6 s.
func BenchmarkOtherUserReplyDuringFlood(b *testing.B) {
	srv := telegramtest.New(b)
	startProgram(b, map[string]string{
		"TELEGRAM_BOT_TOKEN": srv.Token(), "TELEGRAM_API_BASE": srv.URL(),
		"LOA_WEBCHAT": "off", "LOA_LOG_LEVEL": "warn",
	})
	const flooder = 9000
	var total, worst time.Duration
	b.ResetTimer()
	for i := range b.N {
		for j := range 1000 {
			srv.UserSays(flooder, "Lan", randomWords(j))
		}
		other := int64(10_000 + i)
		start := time.Now()
		srv.UserSays(other, "Hoa", "/start")
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		_, err := srv.WaitForMessages(ctx, other, 1)
		cancel()
		if err != nil {
			b.Fatalf("user %d not answered: %v", other, err)
		}
		d := time.Since(start)
		total += d
		worst = max(worst, d)
	}
	b.StopTimer()
	b.ReportMetric(float64(total.Milliseconds())/float64(b.N), "reply-ms")
	b.ReportMetric(float64(worst.Milliseconds()), "max-reply-ms")
}
