package zalotest_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"loa/bot/zalo/zalotest"
)

// call posts a JSON body (nil = no body) and returns status and raw body.
func call(t *testing.T, s *zalotest.Server, token, method string, body any) (int, string) {
	t.Helper()
	var rd io.Reader
	if body != nil {
		raw, _ := json.Marshal(body)
		rd = strings.NewReader(string(raw))
	}
	req, _ := http.NewRequest(http.MethodPost, s.URL()+"/bot"+token+"/"+method, rd)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(raw)
}

type envelope struct {
	OK          bool            `json:"ok"`
	Result      json.RawMessage `json:"result"`
	ErrorCode   int             `json:"error_code"`
	Description string          `json:"description"`
}

func decode(t *testing.T, raw string) envelope {
	t.Helper()
	var e envelope
	if err := json.Unmarshal([]byte(raw), &e); err != nil {
		t.Fatalf("not JSON: %q", raw)
	}
	return e
}

func TestBadTokenIs401WithExactBody(t *testing.T) {
	s := zalotest.Start(t, "")
	status, body := call(t, s, "1459232241454765289:wrong", "getMe", nil)
	if status != 401 || body != `{"description":"Unauthorized","error_code":401,"ok":false}` {
		t.Fatalf("bad token: %d %s", status, body)
	}
	if status, _ := call(t, s, s.Token(), "sendInvoice", map[string]any{}); status != 404 {
		t.Fatalf("unknown method: %d, want 404", status)
	}
}

func TestGetMeByJSONGetAndForm(t *testing.T) {
	s := zalotest.Start(t, "")
	check := func(label string, status int, raw string) {
		t.Helper()
		e := decode(t, raw)
		var me struct {
			ID            string `json:"id"`
			AccountName   string `json:"account_name"`
			AccountType   string `json:"account_type"`
			CanJoinGroups *bool  `json:"can_join_groups"`
		}
		_ = json.Unmarshal(e.Result, &me)
		if status != 200 || !e.OK || me.ID != s.BotID() || me.AccountName == "" || me.AccountType != "BASIC" || me.CanJoinGroups == nil {
			t.Fatalf("%s getMe: %d %s", label, status, raw)
		}
	}
	status, raw := call(t, s, s.Token(), "getMe", nil)
	check("POST", status, raw)

	resp, err := http.Get(s.URL() + "/bot" + s.Token() + "/getMe")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	check("GET", resp.StatusCode, string(b))

	resp, err = http.PostForm(s.URL()+"/bot"+s.Token()+"/sendMessage", url.Values{"chat_id": {"6ede9afa66b88fe6d6a9"}, "text": {"Chào chị"}})
	if err != nil {
		t.Fatal(err)
	}
	b, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || len(s.Messages("6ede9afa66b88fe6d6a9")) != 1 {
		t.Fatalf("form sendMessage: %d %s", resp.StatusCode, b)
	}
}

func TestGetUpdatesTimesOutWith408(t *testing.T) {
	s := zalotest.Start(t, "")
	for _, timeout := range []any{"1", 1, 0} {
		start := time.Now()
		status, body := call(t, s, s.Token(), "getUpdates", map[string]any{"timeout": timeout})
		if status != 408 || body != `{"description":"Request timeout","error_code":408,"ok":false}` {
			t.Fatalf("timeout %v: %d %s", timeout, status, body)
		}
		if timeout != 0 && time.Since(start) < 900*time.Millisecond {
			t.Fatalf("timeout %v: answered after %s, it must hold", timeout, time.Since(start))
		}
	}
	if status, _ := call(t, s, s.Token(), "getUpdates", map[string]any{"timeout": map[string]any{}}); status != 400 {
		t.Fatalf("object timeout: %d, want 400", status)
	}
	if st := s.Stats(); st.Timeouts != 3 {
		t.Fatalf("stats timeouts = %d, want 3", st.Timeouts)
	}
}

func TestGetUpdatesReturnsOneObjectPerCall(t *testing.T) {
	s := zalotest.Start(t, "")
	a := s.UserSays("6ede9afa66b88fe6d6a9", "Nguyễn Thị Hoa", "Chào Loa")
	b := s.GroupSays("a1b2c3d4e5f6a7b8c9d0", "6ede9afa66b88fe6d6a9", "Nguyễn Thị Hoa", "@Loa lịch họp?")
	for _, want := range []zalotest.Update{a, b} {
		status, raw := call(t, s, s.Token(), "getUpdates", map[string]any{"timeout": "30"})
		e := decode(t, raw)
		var u struct {
			EventName string `json:"event_name"`
			Message   struct {
				MessageID string `json:"message_id"`
				Date      int64  `json:"date"`
				Text      string `json:"text"`
				Chat      struct {
					ID       string `json:"id"`
					ChatType string `json:"chat_type"`
				} `json:"chat"`
				From struct {
					ID        string `json:"id"`
					FirstName string `json:"first_name"`
				} `json:"from"`
			} `json:"message"`
		}
		if status != 200 || e.Result[0] != '{' {
			t.Fatalf("getUpdates: %d %s, want one object", status, raw)
		}
		_ = json.Unmarshal(e.Result, &u)
		m := want.Message
		if u.EventName != zalotest.EventText || u.Message.MessageID != m.MessageID || u.Message.Text != m.Text ||
			u.Message.Chat.ID != m.ChatID || u.Message.Chat.ChatType != m.ChatType || u.Message.From.FirstName != "Nguyễn Thị Hoa" {
			t.Fatalf("update = %s, want %+v", e.Result, m)
		}
		if u.Message.Date < 1_700_000_000_000 {
			t.Fatalf("date %d is not in milliseconds", u.Message.Date)
		}
	}
}

func TestGetUpdatesWakesWhenAnUpdateArrives(t *testing.T) {
	s := zalotest.Start(t, "")
	done := make(chan string)
	go func() {
		_, raw := call(t, s, s.Token(), "getUpdates", map[string]any{"timeout": 30})
		done <- raw
	}()
	if err := s.WaitForPoll(ctxTimeout(t)); err != nil {
		t.Fatal(err)
	}
	s.UserSays("6ede9afa66b88fe6d6a9", "Hoa", "xin chào")
	select {
	case raw := <-done:
		if !strings.Contains(raw, "xin chào") {
			t.Fatalf("poll got %s", raw)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("held poll did not wake on a new update")
	}
}

func TestArraySwitch(t *testing.T) {
	s := zalotest.Start(t, "")
	s.ReturnArrays(true)
	s.UserSays("c1", "A", "một")
	s.UserSendsSticker("c1", "A", "bfe458bf64fa8da4d4eb")
	_, raw := call(t, s, s.Token(), "getUpdates", map[string]any{"timeout": "1"})
	var list []map[string]any
	if err := json.Unmarshal(decode(t, raw).Result, &list); err != nil || len(list) != 2 {
		t.Fatalf("array switch: %s", raw)
	}
	if list[1]["event_name"] != zalotest.EventSticker {
		t.Fatalf("second = %v", list[1])
	}
}

func TestUnsupportedWithoutMessage(t *testing.T) {
	s := zalotest.Start(t, "")
	s.Unsupported("", "", false)
	_, raw := call(t, s, s.Token(), "getUpdates", map[string]any{"timeout": "1"})
	if got := string(decode(t, raw).Result); got != `{"event_name":"message.unsupported.received"}` {
		t.Fatalf("unsupported = %s", got)
	}
}

func TestWebhookSetInfoDeleteAndRefusedPolling(t *testing.T) {
	s := zalotest.Start(t, "")
	for _, tc := range []struct {
		label  string
		params map[string]any
	}{
		{"http url", map[string]any{"url": "http://bot.example.vn/zalo", "secret_token": "s3cret-ok"}},
		{"no url", map[string]any{"secret_token": "s3cret-ok"}},
		{"short secret", map[string]any{"url": "https://bot.example.vn/zalo", "secret_token": "1234567"}},
		{"long secret", map[string]any{"url": "https://bot.example.vn/zalo", "secret_token": strings.Repeat("a", 257)}},
		{"local http without switch", map[string]any{"url": "http://127.0.0.1:9/zalo", "secret_token": "s3cret-ok"}},
	} {
		if status, raw := call(t, s, s.Token(), "setWebhook", tc.params); status != 400 || decode(t, raw).ErrorCode != 400 {
			t.Errorf("%s: %d %s, want 400", tc.label, status, raw)
		}
	}
	status, raw := call(t, s, s.Token(), "setWebhook", map[string]any{"url": "https://bot.example.vn/zalo", "secret_token": strings.Repeat("b", 256)})
	var set struct {
		URL       string `json:"url"`
		UpdatedAt int64  `json:"updated_at"`
	}
	_ = json.Unmarshal(decode(t, raw).Result, &set)
	if status != 200 || set.URL != "https://bot.example.vn/zalo" || set.UpdatedAt < 1_700_000_000_000 {
		t.Fatalf("setWebhook: %d %s", status, raw)
	}
	_, raw = call(t, s, s.Token(), "getWebhookInfo", nil)
	if got := string(decode(t, raw).Result); got != `{"updated_at":`+jsonInt(set.UpdatedAt)+`,"url":"https://bot.example.vn/zalo"}` {
		t.Fatalf("getWebhookInfo = %s", got)
	}
	if status, raw := call(t, s, s.Token(), "getUpdates", map[string]any{"timeout": "1"}); status != 409 || !strings.Contains(raw, "webhook") {
		t.Fatalf("getUpdates with a webhook: %d %s, want refused", status, raw)
	}
	_, raw = call(t, s, s.Token(), "deleteWebhook", nil)
	var del struct {
		URL       *string `json:"url"`
		UpdatedAt int64   `json:"updated_at"`
	}
	_ = json.Unmarshal(decode(t, raw).Result, &del)
	if del.URL == nil || *del.URL != "" || del.UpdatedAt < set.UpdatedAt {
		t.Fatalf("deleteWebhook = %s", raw)
	}
	_, raw = call(t, s, s.Token(), "getWebhookInfo", nil)
	if got := string(decode(t, raw).Result); got != `{"updated_at":`+jsonInt(del.UpdatedAt)+`,"url":""}` {
		t.Fatalf("getWebhookInfo after delete = %s", got)
	}
}

func jsonInt(n int64) string { b, _ := json.Marshal(n); return string(b) }

func TestWebhookPushBothShapes(t *testing.T) {
	s := zalotest.Start(t, "")
	s.AllowLocalHTTPWebhook(true)
	var mu sync.Mutex
	var bodies []map[string]any
	var secrets []string
	bot := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var m map[string]any
		_ = json.NewDecoder(r.Body).Decode(&m)
		mu.Lock()
		bodies = append(bodies, m)
		secrets = append(secrets, r.Header.Get("X-Bot-Api-Secret-Token"))
		mu.Unlock()
		w.WriteHeader(http.StatusAccepted)
	}))
	defer bot.Close()
	if status, raw := call(t, s, s.Token(), "setWebhook", map[string]any{"url": bot.URL + "/zalo", "secret_token": "bí-mật-8+"}); status != 200 {
		t.Fatalf("setWebhook: %s", raw)
	}
	wrapped := s.UserSays("c1", "Lan", "một")
	s.FlatWebhookBodies(true)
	s.UserSays("c1", "Lan", "hai")
	ds, err := s.WaitForDeliveries(ctxTimeout(t), 2)
	if err != nil {
		t.Fatal(err)
	}
	if ds[0].Flat || !ds[1].Flat || ds[0].Status != 202 || ds[1].Status != 202 || ds[0].MessageID != wrapped.Message.MessageID {
		t.Fatalf("deliveries = %+v", ds)
	}
	mu.Lock()
	defer mu.Unlock()
	if secrets[0] != "bí-mật-8+" || secrets[1] != "bí-mật-8+" {
		t.Fatalf("secrets = %q", secrets)
	}
	res, _ := bodies[0]["result"].(map[string]any)
	if bodies[0]["ok"] != true || res["event_name"] != zalotest.EventText {
		t.Fatalf("wrapped body = %v", bodies[0])
	}
	from, _ := res["message"].(map[string]any)["from"].(map[string]any)
	if from["display_name"] != "Lan" {
		t.Fatalf("webhook from = %v, want display_name", from)
	}
	if _, wrappedToo := bodies[1]["result"]; wrappedToo || bodies[1]["event_name"] != zalotest.EventText {
		t.Fatalf("flat body = %v", bodies[1])
	}
}

func ctxTimeout(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func TestSendMessageStrictness(t *testing.T) {
	s := zalotest.Start(t, "")
	chat := "6ede9afa66b88fe6d6a9"
	for _, tc := range []struct {
		label  string
		params map[string]any
	}{
		{"empty text", map[string]any{"chat_id": chat, "text": ""}},
		{"no text", map[string]any{"chat_id": chat}},
		{"2001 characters", map[string]any{"chat_id": chat, "text": strings.Repeat("ờ", 2001)}},
		// 1,001 runes, 2,002 UTF-16 units: refused, as a server counting
		// UTF-16 refuses it.
		{"1001 emoji", map[string]any{"chat_id": chat, "text": strings.Repeat("🌸", 1001)}},
		{"numeric chat id", map[string]any{"chat_id": 12345, "text": "Chào"}},
		{"no chat id", map[string]any{"text": "Chào"}},
	} {
		status, raw := call(t, s, s.Token(), "sendMessage", tc.params)
		if e := decode(t, raw); status != 400 || e.OK || e.ErrorCode != 400 || !strings.HasPrefix(e.Description, "Bad Request") {
			t.Errorf("%s: %d %s, want 400", tc.label, status, raw)
		}
	}
	// 2,000 characters (4,000+ bytes of Vietnamese) is fine.
	status, raw := call(t, s, s.Token(), "sendMessage", map[string]any{"chat_id": chat, "text": strings.Repeat("ờ", 2000)})
	var res struct {
		MessageID string `json:"message_id"`
		Date      int64  `json:"date"`
	}
	_ = json.Unmarshal(decode(t, raw).Result, &res)
	if status != 200 || res.MessageID == "" || res.Date < 1_700_000_000_000 {
		t.Fatalf("2000 characters: %d %s", status, raw)
	}
	msgs := s.Messages(chat)
	if len(msgs) != 1 || msgs[0].MessageID != res.MessageID || msgs[0].Kind != "text" {
		t.Fatalf("recorded = %+v", msgs)
	}
}

func TestPhotoStickerChatAction(t *testing.T) {
	s := zalotest.Start(t, "")
	chat := "6ede9afa66b88fe6d6a9"
	if status, _ := call(t, s, s.Token(), "sendPhoto", map[string]any{"chat_id": chat, "photo": "/tmp/qr.png"}); status != 400 {
		t.Errorf("photo path accepted: %d", status)
	}
	if status, _ := call(t, s, s.Token(), "sendPhoto", map[string]any{"chat_id": chat, "photo": "https://loa.example.vn/dl/x", "caption": strings.Repeat("a", 2001)}); status != 400 {
		t.Errorf("long caption accepted: %d", status)
	}
	if status, raw := call(t, s, s.Token(), "sendPhoto", map[string]any{"chat_id": chat, "photo": "https://loa.example.vn/dl/x", "caption": "Mã QR"}); status != 200 {
		t.Errorf("photo: %d %s", status, raw)
	}
	if status, raw := call(t, s, s.Token(), "sendSticker", map[string]any{"chat_id": chat, "sticker": "bfe458bf64fa8da4d4eb"}); status != 200 {
		t.Errorf("sticker: %d %s", status, raw)
	}
	if status, raw := call(t, s, s.Token(), "sendChatAction", map[string]any{"chat_id": chat, "action": "typing"}); status != 200 || raw != `{"ok":true}` {
		t.Errorf("chat action: %d %s, want exactly {\"ok\":true}", status, raw)
	}
	msgs := s.Messages(chat)
	if len(msgs) != 2 || msgs[0].Kind != "photo" || msgs[0].Caption != "Mã QR" || msgs[1].Kind != "sticker" {
		t.Fatalf("recorded = %+v", msgs)
	}
}

func TestFailNextAndBlocked(t *testing.T) {
	s := zalotest.Start(t, "")
	s.FailNext("sendMessage", 2, 429)
	s.FailNext("getMe", 1, 502)
	msg := map[string]any{"chat_id": "c1", "text": "Chào"}
	for i := range 2 {
		if status, raw := call(t, s, s.Token(), "sendMessage", msg); status != 429 || decode(t, raw).ErrorCode != 429 {
			t.Fatalf("call %d: %d %s, want 429", i, status, raw)
		}
	}
	if status, _ := call(t, s, s.Token(), "sendMessage", msg); status != 200 {
		t.Fatalf("third call: %d, want 200", status)
	}
	if status, raw := call(t, s, s.Token(), "getMe", nil); status != 502 || decode(t, raw).ErrorCode != 502 {
		t.Fatalf("getMe: %d %s, want 502", status, raw)
	}
	s.Block("c2")
	if status, _ := call(t, s, s.Token(), "sendMessage", map[string]any{"chat_id": "c2", "text": "Chào"}); status != 403 {
		t.Fatalf("blocked chat: %d, want 403", status)
	}
	if st := s.Stats(); st.Statuses[429] != 2 || st.Sent != 1 || st.Calls["sendMessage"] != 4 {
		t.Fatalf("stats = %+v", st)
	}
}

func TestRateLimit(t *testing.T) {
	s := zalotest.Start(t, "")
	s.SetRateLimit(2, 3, time.Minute)
	send := func(chat string) int {
		status, _ := call(t, s, s.Token(), "sendMessage", map[string]any{"chat_id": chat, "text": "Chào"})
		return status
	}
	got := []int{send("a"), send("a"), send("a"), send("b"), send("c")}
	want := []int{200, 200, 429, 200, 429}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("statuses = %v, want %v", got, want)
		}
	}
}

func TestWaitForMessagesEndsWithContext(t *testing.T) {
	s := zalotest.Start(t, "")
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if _, err := s.WaitForMessages(ctx, "nobody", 1); err == nil {
		t.Fatal("waiting for a message that never comes returned no error")
	}
}
