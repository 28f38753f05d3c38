package webchat_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"loa/bot/webchat"
	"loa/chat"
)

// BenchmarkAskAnswer measures one question through the API (validation,
// inbox, handler, JSON answer) without the network, from many browsers at
// once.
func BenchmarkAskAnswer(b *testing.B) {
	wc := webchat.New(newFakeRouter(), nil)
	var n atomic.Int64
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		session := newSessionID(b)
		for pb.Next() {
			body := fmt.Sprintf(`{"session":%q,"id":"m%d","text":"vay vốn ngân hàng chính sách cần giấy tờ gì"}`, session, n.Add(1))
			req := httptest.NewRequest(http.MethodPost, "/api/message", strings.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			rec := httptest.NewRecorder()
			wc.ServeHTTP(rec, req)
			if rec.Code != http.StatusOK {
				b.Fatalf("status %d: %s", rec.Code, rec.Body)
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "msgs/s")
}

// BenchmarkSendPoll measures a pushed notice and the poll that fetches it.
func BenchmarkSendPoll(b *testing.B) {
	wc := webchat.New(newFakeRouter(), nil)
	session := newSessionID(b)
	first := httptest.NewRecorder()
	wc.ServeHTTP(first, httptest.NewRequest(http.MethodGet, "/api/poll?session="+session+"&wait=0", nil))
	var p pollResp
	if err := json.Unmarshal(first.Body.Bytes(), &p); err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		id, err := wc.Send(ctx, session, chat.Reply{Text: "Thông báo: họp chi hội tối nay lúc 19 giờ."})
		if err != nil {
			b.Fatal(err)
		}
		rec := httptest.NewRecorder()
		wc.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/poll?session="+session+"&wait=0&epoch="+p.Epoch+"&after="+fmt.Sprint(i), nil))
		if !strings.Contains(rec.Body.String(), `"id":"`+id+`"`) {
			b.Fatalf("poll did not return message %s: %s", id, rec.Body)
		}
	}
}
