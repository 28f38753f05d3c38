package main

import (
	"bytes"
	"net/http"
	"strings"
	"testing"
	"time"

	"loa/bot/telegram/telegramtest"
	"loa/bot/zalo/zalotest"
)

func post(t *testing.T, url, header, secret, body string) int {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if secret != "" {
		req.Header.Set(header, secret)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func TestTelegramWebhookMode(t *testing.T) {
	t.Parallel()
	srv := telegramtest.NewWithOptions(t, telegramtest.Options{AllowHTTPWebhook: true})
	addr := freeAddr(t)
	hook := "http://" + addr + "/telegram/webhook"
	const secret = "webhook_Secret-123"
	p := startProgram(t, map[string]string{
		"LOA_HTTP_ADDR": addr, "LOA_WEBCHAT": "off",
		"TELEGRAM_BOT_TOKEN": srv.Token(), "TELEGRAM_API_BASE": srv.URL(),
		"TELEGRAM_WEBHOOK_URL": hook, "TELEGRAM_WEBHOOK_SECRET": secret,
	}, srv.Token(), secret)
	_ = p
	// The adapter registers the webhook as it starts running, just after
	// /healthz answers.
	var url, got string
	waitUntil(t, 10*time.Second, "the telegram webhook registered", func() bool { url, got = srv.Webhook(); return url != "" })
	if url != hook || got != secret {
		t.Fatalf("webhook registered as %q with secret %q", url, got)
	}
	m := &telegramMember{t: t, srv: srv, chat: 4242, name: "Chị Lan"}
	m.Say("/start")
	contains(t, "greeting through the webhook", m.Replies(1)[0], "Loa")

	update := `{"update_id":900001,"message":{"message_id":77,"from":{"id":4242,"is_bot":false,"first_name":"Lan"},"chat":{"id":4242,"type":"private"},"date":1764000000,"text":"vneid muc 2 lam o dau"}}`
	hdr := "X-Telegram-Bot-Api-Secret-Token"
	if code := post(t, hook, hdr, "", update); code != http.StatusUnauthorized {
		t.Fatalf("missing secret: status %d, want 401", code)
	}
	if code := post(t, hook, hdr, "wrong_secret", update); code != http.StatusForbidden {
		t.Fatalf("wrong secret: status %d, want 403", code)
	}
	if code := post(t, hook, hdr, secret, `{"update_id":`); code != http.StatusBadRequest {
		t.Fatalf("malformed body: status %d, want 400", code)
	}
	if code := post(t, hook, hdr, secret, `{"update_id":1,"message":{"text":"`+strings.Repeat("a", 2<<20)+`"}}`); code != http.StatusRequestEntityTooLarge {
		t.Fatalf("oversized body: status %d, want 413", code)
	}
	time.Sleep(300 * time.Millisecond)
	if n := len(srv.Messages(4242)); n != 1 {
		t.Fatalf("rejected requests were processed: %d messages in the chat", n)
	}
	// Telegram retries a delivery it thinks failed: the same update_id twice
	// must be answered once.
	for i := 0; i < 2; i++ {
		if code := post(t, hook, hdr, secret, update); code != http.StatusOK {
			t.Fatalf("valid update: status %d", code)
		}
	}
	r := m.Replies(2)
	contains(t, "answer through the webhook", r[1], "Công an xã", "vân tay")
	time.Sleep(500 * time.Millisecond)
	if n := len(srv.Messages(4242)); n != 2 {
		t.Fatalf("a re-delivered update was answered again: %d messages", n)
	}
}

func TestZaloWebhookMode(t *testing.T) {
	t.Parallel()
	srv := zalotest.Start(t, "")
	srv.AllowLocalHTTPWebhook(true)
	addr := freeAddr(t)
	hook := "http://" + addr + "/zalo/webhook"
	const secret = "zalo-webhook-secret"
	startProgram(t, map[string]string{
		"LOA_HTTP_ADDR": addr, "LOA_WEBCHAT": "off",
		"ZALO_BOT_TOKEN": srv.Token(), "ZALO_API_BASE": srv.URL(),
		"ZALO_WEBHOOK_URL": hook, "ZALO_WEBHOOK_SECRET": secret,
	}, srv.Token(), secret)
	// The Zalo runner registers the webhook when it starts, which may be
	// just after /healthz answers.
	var url string
	waitUntil(t, 10*time.Second, "the zalo webhook registered", func() bool { url, _ = srv.Webhook(); return url == hook })
	for _, flat := range []bool{false, true} {
		srv.FlatWebhookBodies(flat)
		m := &zaloMember{t: t, srv: srv, chat: zalotest.NewID(), name: "Chị Hoa"}
		m.Say("5k3s la gi")
		contains(t, "answer through the webhook", m.Replies(1)[0], "5 không")
	}
	hdr := "X-Bot-Api-Secret-Token"
	chat := zalotest.NewID()
	body := `{"event_name":"message.text.received","message":{"message_id":"` + zalotest.NewID() + `","date":1750316131602,"text":"/start","chat":{"id":"` + chat + `","chat_type":"PRIVATE"},"from":{"id":"` + chat + `","display_name":"X","is_bot":false}}}`
	if code := post(t, hook, hdr, "", body); code != http.StatusUnauthorized {
		t.Fatalf("missing secret: status %d, want 401", code)
	}
	if code := post(t, hook, hdr, "not-the-secret", body); code != http.StatusForbidden {
		t.Fatalf("wrong secret: status %d, want 403", code)
	}
	if code := post(t, hook, hdr, secret, `{"event_name":"message.unsupported.received"}`); code != http.StatusOK {
		t.Fatalf("unsupported event without message: status %d, want 200", code)
	}
	if code := post(t, hook, hdr, secret, `{"event_name":"message.text.received","message":{"message_id":{"x":1}}}`); code != http.StatusBadRequest {
		t.Fatalf("id of the wrong type: status %d, want 400", code)
	}
	var big bytes.Buffer
	big.WriteString(`{"event_name":"message.text.received","message":{"text":"`)
	big.WriteString(strings.Repeat("a", 2<<20))
	big.WriteString(`"}}`)
	if code := post(t, hook, hdr, secret, big.String()); code != http.StatusRequestEntityTooLarge {
		t.Fatalf("oversized body: status %d, want 413", code)
	}
	time.Sleep(300 * time.Millisecond)
	if n := len(srv.Messages(chat)); n != 0 {
		t.Fatalf("rejected requests were processed: %d messages", n)
	}
}
