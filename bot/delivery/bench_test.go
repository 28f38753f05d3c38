package delivery_test

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"loa/bot/delivery"
	"loa/bot/telegram"
	"loa/bot/telegram/telegramtest"
	"loa/chat"
	"loa/store"
	"loa/store/redistest"
)

// BenchmarkNotice20k sends one notice through the Telegram adapter to the
// fake Telegram server, whose flood control is set to 30/s and to 300/s, and
// reports how close the engine gets to the limit without crossing it.
//
// The default size is small so a run is quick:
//
//	go test ./bot/delivery -run '^$' -bench Notice20k -benchtime=1x
//
// The full run (20,000 members: ~11 minutes at 30/s, ~70 s at 300/s):
//
//	LOA_BENCH_RECIPIENTS=20000 go test ./bot/delivery -run '^$' -bench Notice20k -benchtime=1x -timeout 30m
func BenchmarkNotice20k(b *testing.B) {
	n := 2000
	if s := os.Getenv("LOA_BENCH_RECIPIENTS"); s != "" {
		v, err := strconv.Atoi(s)
		if err != nil || v <= 0 {
			b.Fatalf("LOA_BENCH_RECIPIENTS=%q: want a positive number", s)
		}
		n = v
	}
	for _, limit := range []int{30, 300} {
		b.Run(fmt.Sprintf("limit=%d/s/recipients=%d", limit, n), func(b *testing.B) {
			benchNotice(b, limit, n)
		})
	}
}

func benchNotice(b *testing.B, limit, n int) {
	srv := redistest.Start(b)
	st := store.New(srv.Client())
	tg := telegramtest.NewWithOptions(b, telegramtest.Options{AnyChat: true, Limits: telegramtest.Limits{PerSecond: limit}})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	adapter, err := telegram.New(ctx, telegram.Config{Token: tg.Token(), APIBase: tg.URL()})
	if err != nil {
		b.Fatal(err)
	}
	eng := delivery.New(st, map[string]delivery.Channel{chat.Telegram: {
		Sender: adapter, TokenID: delivery.TokenID(tg.Token()), Limits: delivery.Limits{PerSecond: float64(limit)},
	}}, delivery.Options{Workers: 8, ProgressEvery: 5 * time.Second})
	done := make(chan struct{})
	go func() { _ = eng.Run(ctx); close(done) }()
	defer func() { cancel(); <-done }()

	for i := 0; i < b.N; i++ {
		b.StopTimer()
		rs := make([]delivery.Recipient, n)
		for j := range rs {
			rs[j] = delivery.Recipient{ChatID: strconv.Itoa(1_000_000*(i+1) + j), MemberKey: "m" + strconv.Itoa(j)}
		}
		before := tg.Stats()
		runtime.GC()
		var base runtime.MemStats
		runtime.ReadMemStats(&base)
		var peak atomic.Uint64
		stopSampling := make(chan struct{})
		sampled := make(chan struct{})
		go func() {
			defer close(sampled)
			var m runtime.MemStats
			t := time.NewTicker(100 * time.Millisecond)
			defer t.Stop()
			for {
				runtime.ReadMemStats(&m)
				if m.HeapInuse > peak.Load() {
					peak.Store(m.HeapInuse)
				}
				select {
				case <-stopSampling:
					return
				case <-t.C:
				}
			}
		}()
		b.StartTimer()

		start := time.Now()
		id := notice(b, eng, "Kính gửi chị em hội viên: Hội LHPN xã tổ chức tập huấn chuyển đổi số vào sáng thứ Bảy.", rs)
		s := waitDone(b, eng, id, time.Duration(n/limit+120)*time.Second)
		elapsed := time.Since(start)

		b.StopTimer()
		close(stopSampling)
		<-sampled
		lost, dup := 0, 0
		for _, r := range rs {
			chatID, _ := strconv.ParseInt(r.ChatID, 10, 64)
			switch got := len(tg.Messages(chatID)); {
			case got == 0:
				lost++
			case got > 1:
				dup++
			}
		}
		after := tg.Stats()
		rate := float64(n) / elapsed.Seconds()
		b.ReportMetric(100*rate/float64(limit), "%_of_limit")
		b.ReportMetric(rate, "msgs/s")
		b.ReportMetric(float64(after.TooManyRequests-before.TooManyRequests), "429s")
		b.ReportMetric(float64(after.PeakPerSecond), "peak/s")
		b.ReportMetric(float64(lost), "lost")
		b.ReportMetric(float64(dup), "duplicates")
		b.ReportMetric(float64(peak.Load())/(1<<20), "peak_heap_MB")
		b.ReportMetric(float64(peak.Load()-min(peak.Load(), base.HeapInuse))/(1<<20), "heap_growth_MB")
		b.ReportMetric(180_000/rate/60, "min_for_180k")
		if lost != 0 || dup != 0 || s.Sent != int64(n) {
			b.Errorf("lost %d, duplicates %d, status %+v", lost, dup, s)
		}
		b.StartTimer()
	}
}

// countingSender only counts copies per recipient (one byte each), so the
// heap measured around it is the engine's own.
type countingSender struct {
	base   int
	copies []atomic.Uint32
}

func (c *countingSender) Send(_ context.Context, chatID string, r chat.Reply) (string, error) {
	if err := fence(r); err != nil {
		return "", err
	}
	i, err := strconv.Atoi(chatID)
	if err != nil || i-c.base < 0 || i-c.base >= len(c.copies) {
		return "", &chat.SendError{Kind: chat.ErrPermanent, Reason: "Bad Request: chat not found"}
	}
	c.copies[i-c.base].Add(1)
	return "1", nil
}

// BenchmarkNoticeEngineHeap shows that the engine's memory does not grow
// with the number of recipients: the same notice to 2,000 and to 20,000
// members (at 2,000/s, a sender that only counts) and the heap growth of each.
func BenchmarkNoticeEngineHeap(b *testing.B) {
	for _, n := range []int{2000, 20000} {
		b.Run(fmt.Sprintf("recipients=%d", n), func(b *testing.B) {
			srv := redistest.Start(b)
			st := store.New(srv.Client())
			sender := &countingSender{base: 1_000_000, copies: make([]atomic.Uint32, n)}
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			eng := delivery.New(st, map[string]delivery.Channel{chat.Telegram: {
				Sender: sender, TokenID: "heap", Limits: delivery.Limits{PerSecond: 2000},
			}}, delivery.Options{})
			done := make(chan struct{})
			go func() { _ = eng.Run(ctx); close(done) }()
			defer func() { cancel(); <-done }()
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				for j := range sender.copies {
					sender.copies[j].Store(0)
				}
				id, _, err := eng.CreateJob(ctx, delivery.Job{Platform: chat.Telegram, Kind: delivery.KindNotice, Message: chat.Reply{Text: "Thông báo."}})
				if err != nil {
					b.Fatal(err)
				}
				batch := make([]delivery.Recipient, 0, 500)
				for j := 0; j < n; j++ {
					batch = append(batch, delivery.Recipient{ChatID: strconv.Itoa(sender.base + j), MemberKey: "m"})
					if len(batch) == cap(batch) || j == n-1 {
						if _, err := eng.AddRecipients(ctx, id, batch); err != nil {
							b.Fatal(err)
						}
						batch = batch[:0]
					}
				}
				runtime.GC()
				var base runtime.MemStats
				runtime.ReadMemStats(&base)
				var peak atomic.Uint64
				stop, stopped := make(chan struct{}), make(chan struct{})
				go func() {
					defer close(stopped)
					var m runtime.MemStats
					for {
						runtime.ReadMemStats(&m)
						if m.HeapInuse > peak.Load() {
							peak.Store(m.HeapInuse)
						}
						select {
						case <-stop:
							return
						case <-time.After(50 * time.Millisecond):
						}
					}
				}()
				b.StartTimer()
				if err := eng.Start(ctx, id); err != nil {
					b.Fatal(err)
				}
				s := waitDone(b, eng, id, time.Duration(n/500+60)*time.Second)
				b.StopTimer()
				close(stop)
				<-stopped
				bad := 0
				for j := range sender.copies {
					if sender.copies[j].Load() != 1 {
						bad++
					}
				}
				if bad != 0 || s.Sent != int64(n) {
					b.Errorf("%d recipients without exactly one copy; status %+v", bad, s)
				}
				b.ReportMetric(float64(peak.Load()-min(peak.Load(), base.HeapInuse))/(1<<20), "heap_growth_MB")
				b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "msgs/s")
				b.StartTimer()
			}
		})
	}
}
