package main

import (
	"context"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"loa/bot/delivery"
	"loa/bot/telegram/telegramtest"
	"loa/chat"
	"loa/store"
	"loa/store/redistest"
)

// TestReplyLostAtShutdownIsApologisedForAfterRestart: Telegram stalls
// every call into one member's chat while her reply is under way, and the
// bot is stopped (SIGTERM, a deploy). Her reply is lost; the apology owed
// to her used to live only in the stopped process's memory, so nobody
// told her. Now it waits in Redis: two replicas start on that Redis, and
// she gets exactly one apology, and none of her words are kept.
func TestReplyLostAtShutdownIsApologisedForAfterRestart(t *testing.T) {
	t.Parallel()
	tg := telegramtest.NewWithOptions(t, telegramtest.Options{AllowHTTPWebhook: true})
	r := redistest.Start(t)
	st := store.New(r.Client())
	env := func(addr, hookAddr string) map[string]string {
		return map[string]string{
			"REDIS_URL": r.URL(), "LOA_HTTP_ADDR": addr, "LOA_DATA_DIR": t.TempDir(), "LOA_WEBCHAT": "off",
			"TELEGRAM_BOT_TOKEN": tg.Token(), "TELEGRAM_API_BASE": tg.URL(), "LOA_LOG_LEVEL": "info",
			"TELEGRAM_WEBHOOK_URL": "http://" + hookAddr + "/telegram/webhook", "TELEGRAM_WEBHOOK_SECRET": "apology_secret",
		}
	}
	const her = 73001
	tg.AddChat(her, "Chị Hạnh")
	addrA := freeAddr(t)
	a := startProcess(t, env(addrA, addrA))

	tg.StallChat(her, 5*time.Minute)
	tg.UserSays(her, "Chị Hạnh", knownQuestion)
	waitUntil(t, 20*time.Second, "her reply under way", func() bool {
		busy, err := st.ChatLaneBusy(t.Context(), chat.Telegram, delivery.TokenID(tg.Token()), "73001")
		return err == nil && busy > 0
	})
	if err := a.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case <-a.done:
	case <-time.After(shutdownGrace + 20*time.Second):
		t.Fatalf("the bot did not stop after SIGTERM:\n%s", a.logs.String())
	}
	if line := regexp.MustCompile(`.*telegram reply lost.*`).FindString(a.logs.String()); !strings.Contains(line, "chat_id=73001") {
		t.Fatalf("her lost reply was not logged with her chat:\n%s", a.logs.String())
	}
	if got := tg.Messages(her); len(got) != 0 {
		t.Fatalf("%d messages reached her through the stall, want none", len(got))
	}

	// Telegram recovers; the bot comes back as two replicas.
	tg.StallChat(her, 0)
	addrB, addrC := freeAddr(t), freeAddr(t)
	started := make(chan *process, 2)
	for _, addr := range []string{addrB, addrC} {
		go func() { started <- startProcess(t, env(addr, addrB)) }()
	}
	b, c := <-started, <-started
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	msgs, err := tg.WaitForMessages(ctx, her, 1)
	if err != nil {
		t.Fatalf("no apology after the restart: %v\n%s\n%s", err, b.logs.String(), c.logs.String())
	}
	contains(t, "the apology", msgs[0].Text, "Xin lỗi chị", "gửi lại")
	time.Sleep(4 * time.Second) // a second apology, from either replica, would come by now
	if got := tg.Messages(her); len(got) != 1 {
		t.Fatalf("want one apology across two replicas, got %d messages", len(got))
	}
	if n, err := r.Client().ZCard(context.Background(), "loa:apology:telegram").Result(); err != nil || n != 0 {
		t.Fatalf("the apology is still owed after it was sent: %d (%v)", n, err)
	}
	for _, logs := range []string{a.logs.String(), b.logs.String(), c.logs.String()} {
		if strings.Contains(logs, knownQuestion) {
			t.Fatal("her message reached the logs")
		}
	}
	if found := scanFor(t, r.Client(), []string{knownQuestion}); len(found) > 0 {
		t.Fatalf("her words are kept in Redis:\n%s", strings.Join(found, "\n"))
	}
}
