package telegram_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"loa/bot/telegram"
	"loa/bot/telegram/telegramtest"
	"loa/chat"
)

// BenchmarkSend measures one text reply through the adapter to the fake
// server (rate limits off): HTML escaping, the library's form encoding, the
// fake's parsing and checks.
func BenchmarkSend(b *testing.B) {
	srv := telegramtest.NewWithOptions(b, telegramtest.Options{AnyChat: true, Limits: telegramtest.Limits{Off: true}})
	a, err := telegram.New(context.Background(), telegram.Config{Token: srv.Token(), APIBase: srv.URL()})
	if err != nil {
		b.Fatal(err)
	}
	reply := chat.Reply{Text: "Gia đình 5 không 3 sạch: không đói nghèo, không vi phạm pháp luật & tệ nạn xã hội <...>",
		Buttons: [][]chat.Button{{{Text: "Xem thêm", Data: "faq:5k3s"}}}}
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			i++
			if _, err := a.Send(ctx, strconv.Itoa(1+i%1000), reply); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "msgs/s")
}

type echoHandler struct{}

func (echoHandler) Handle(ctx context.Context, u chat.Update) []chat.Reply {
	return []chat.Reply{{Text: "Loa nghe: " + u.Text}}
}

// BenchmarkPollRoundTrip measures updates answered per second: b.N user
// messages over 500 chats go through getUpdates, the per-chat dispatcher
// and sendMessage back to the fake (rate limits off).
func BenchmarkPollRoundTrip(b *testing.B) {
	srv := telegramtest.NewWithOptions(b, telegramtest.Options{Limits: telegramtest.Limits{Off: true}})
	a, err := telegram.New(context.Background(), telegram.Config{Token: srv.Token(), APIBase: srv.URL(), PollTimeout: time.Second})
	if err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.Run(ctx, echoHandler{}) }()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		srv.UserSays(int64(1+i%500), "An", "câu hỏi "+strconv.Itoa(i))
	}
	wctx, wcancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer wcancel()
	if err := srv.WaitFor(wctx, func() bool { return srv.Stats().Sent >= b.N }); err != nil {
		b.Fatal(err)
	}
	b.StopTimer()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "updates/s")
	cancel()
	<-done
}
