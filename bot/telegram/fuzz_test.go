package telegram_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"loa/bot/telegram"
	"loa/bot/telegram/telegramtest"
	"loa/chat"
)

// FuzzWebhook feeds arbitrary bodies to the webhook decoder with the right
// secret: it must never panic, must answer 200 only to a JSON object with a
// positive update_id, and must refuse everything else with a 4xx.
func FuzzWebhook(f *testing.F) {
	for _, seed := range []string{
		`{"update_id":10001,"message":{"message_id":5,"from":{"id":42,"is_bot":false,"first_name":"An"},"chat":{"id":42,"type":"private"},"date":1764000000,"text":"/start ref_abc","entities":[{"type":"bot_command","offset":0,"length":6}]}}`,
		`{"update_id":7,"callback_query":{"id":"q1","from":{"id":42,"first_name":"An"},"message":{"message_id":9,"chat":{"id":42,"type":"private"},"date":1},"data":"f:5k3s-la-gi"}}`,
		`{"update_id":8,"my_chat_member":{"chat":{"id":42,"type":"private"},"from":{"id":42},"date":1,"old_chat_member":{"status":"member","user":{"id":1}},"new_chat_member":{"status":"kicked","user":{"id":1}}}}`,
		`{"update_id":9,"message":{"message_id":1,"chat":{"id":-1001,"type":"supergroup"},"from":{"id":3},"date":1,"text":"5k3s la j"}}`,
		`{"update_id":"12"}`, `{"update_id":-1}`, `[]`, `null`, `{`, ``, "\xff\xfe", `{"update_id":1,"message":{"text":123}}`,
	} {
		f.Add([]byte(seed))
	}
	srv := telegramtest.NewWithOptions(nil, telegramtest.Options{AllowHTTPWebhook: true})
	f.Cleanup(srv.Close)
	a, err := telegram.New(f.Context(), telegram.Config{
		Token: srv.Token(), APIBase: srv.URL(),
		WebhookURL: "https://127.0.0.1/hook", WebhookSecret: "fuzz_secret",
	})
	if err != nil {
		f.Fatal(err)
	}
	h := a.WebhookHandler(handlerFunc(func(chat.Update) []chat.Reply { return nil }))
	f.Fuzz(func(t *testing.T, body []byte) {
		req := httptest.NewRequest(http.MethodPost, "/hook", bytes.NewReader(body))
		req.Header.Set("X-Telegram-Bot-Api-Secret-Token", "fuzz_secret")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		var head struct {
			UpdateID int `json:"update_id"`
		}
		valid := json.Unmarshal(body, &head) == nil && head.UpdateID > 0
		switch rec.Code {
		case http.StatusOK, http.StatusServiceUnavailable:
			if !valid {
				t.Fatalf("accepted a body without a valid update_id: %q", body)
			}
		case http.StatusBadRequest, http.StatusRequestEntityTooLarge:
		default:
			t.Fatalf("unexpected status %d for %q", rec.Code, body)
		}
	})
}

type handlerFunc func(chat.Update) []chat.Reply

func (f handlerFunc) Handle(_ context.Context, u chat.Update) []chat.Reply { return f(u) }
