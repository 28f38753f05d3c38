package zalooa_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"loa/bot/zalooa"
	"loa/bot/zalooa/zalooatest"
	"loa/chat"
	"loa/store/redistest"
)

// slowHandler stands for a conversation that takes its time (Redis under
// load, the matcher): the webhook's answer must not wait for it.
type slowHandler struct{}

func (slowHandler) Handle(context.Context, chat.Update) []chat.Reply {
	time.Sleep(50 * time.Millisecond)
	return nil
}

// BenchmarkWebhookAck measures how long the OA waits for Loa's 200 on a
// signed event (the budget is about 2 s), with a handler that takes 50 ms.
func BenchmarkWebhookAck(b *testing.B) {
	fake := zalooatest.Start(b)
	rdb := redistest.Start(b).Client()
	a := newBenchAdapter(b, fake, rdb)
	h := a.WebhookHandler(slowHandler{})
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ts := strconv.FormatInt(time.Now().UnixMilli(), 10)
		body, _ := json.Marshal(map[string]any{"app_id": fake.AppID, "event_name": "user_send_text",
			"sender": map[string]any{"id": strconv.Itoa(i)}, "message": map[string]any{"msg_id": strconv.Itoa(i), "text": "chào"},
			"timestamp": ts})
		req := httptest.NewRequest(http.MethodPost, "/webhook/zalo-oa", bytes.NewReader(body))
		req.Header.Set(zalooa.SignatureHeader, zalooatest.Sign(fake.AppID, string(body), ts, fake.SecretKey))
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code != http.StatusOK && w.Code != http.StatusServiceUnavailable {
			b.Fatalf("status %d", w.Code)
		}
	}
}

// BenchmarkRefresh measures one token refresh: the lock, the OAuth call to
// the local fake and the compare-and-set of the rotated pair in Redis.
func BenchmarkRefresh(b *testing.B) {
	fake := zalooatest.Start(b)
	rdb := redistest.Start(b).Client()
	a := newBenchAdapter(b, fake, rdb)
	user := zalooatest.NewUserID()
	fake.SetPackageQuota(1 << 30)
	ctx := context.Background()
	fake.AddFollower(user, fake.Now())
	if _, err := a.Send(ctx, user, chat.Reply{Text: "chào chị"}); err != nil { // the first token
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		fake.AddFollower(user, fake.Now())
		fake.Advance(zalooatest.AccessTokenTTL) // the next call gets -220
		b.StartTimer()
		if _, err := a.Send(ctx, user, chat.Reply{Text: "chào chị"}); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	if ok, reused := fake.Refreshes(); ok != b.N+1 || reused != 0 { // +1: the first token
		b.Fatalf("%d refreshes for %d sends, %d reused", ok, b.N, reused)
	}
}
