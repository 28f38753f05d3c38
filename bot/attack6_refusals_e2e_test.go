package main

import (
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"loa/bot/telegram/telegramtest"
	"loa/bot/zalooa"
	"loa/bot/zalooa/zalooatest"
)

// refusalFlood sends n requests made by req from 8 clients at once and
// returns the statuses seen.
func refusalFlood(t *testing.T, n int, req func(i int) *http.Request) map[int]int {
	t.Helper()
	var mu sync.Mutex
	codes := map[int]int{}
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Go(func() {
			for i := w; i < n; i += 8 {
				resp, err := http.DefaultClient.Do(req(i))
				if err != nil {
					t.Error(err)
					return
				}
				resp.Body.Close()
				mu.Lock()
				codes[resp.StatusCode]++
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	return codes
}

func linesWith(logs, s string) int {
	n := 0
	for _, l := range strings.Split(logs, "\n") {
		if strings.Contains(l, s) {
			n++
		}
	}
	return n
}

// attackerWords is what an attacker puts where a log line might quote it
// (an OA event's name): a person's words and number must never reach a log.
const attackerWords = "chi Lan o ap 3 so 0912345678 bi chong danh"

// TestRefusedRequestsDoNotFloodTheLog: every request refused at a webhook's
// door (no secret, a wrong one, no signature, a wrong one) or at the
// dashboard's sign-in (a guessed link) wrote one log line, so anyone could
// fill the disk at the speed of their requests (1,000 wrong secrets: 135 kB)
// and push the lines an operator needs out of the log's rotation; the OA's
// line quoted the unsigned event's name, text the sender chose. Now each
// kind of refusal is logged once, then at most once a minute with how many
// were refused meanwhile, and never with what the request carried.
func TestRefusedRequestsDoNotFloodTheLog(t *testing.T) {
	t.Parallel()
	tg := telegramtest.NewWithOptions(t, telegramtest.Options{AllowHTTPWebhook: true})
	oa := zalooatest.Start(t)
	addr := freeAddr(t)
	hook := "http://" + addr + "/telegram/webhook"
	const secret = "webhook_Secret-123"
	env := oaEnv(t, oa, addr, oa.IssueRefreshToken())
	env["LOA_LOG_LEVEL"] = "info"
	env["TELEGRAM_BOT_TOKEN"], env["TELEGRAM_API_BASE"] = tg.Token(), tg.URL()
	env["TELEGRAM_WEBHOOK_URL"], env["TELEGRAM_WEBHOOK_SECRET"] = hook, secret
	p := startProgram(t, env, tg.Token(), secret, oa.SecretKey, oa.AppSecret)
	waitUntil(t, 10*time.Second, "the telegram webhook registered", func() bool { u, _ := tg.Webhook(); return u != "" })
	before := len(p.logs.String())

	const n = 400
	update := `{"update_id":1,"message":{"message_id":1,"from":{"id":1,"is_bot":false,"first_name":"X"},"chat":{"id":1,"type":"private"},"date":1764000000,"text":"hi"}}`
	codes := refusalFlood(t, 2*n, func(i int) *http.Request {
		r, _ := http.NewRequest(http.MethodPost, hook, strings.NewReader(update))
		if i%2 == 1 {
			r.Header.Set("X-Telegram-Bot-Api-Secret-Token", "guess_"+string(rune('a'+i%26)))
		}
		return r
	})
	if codes[http.StatusUnauthorized] != n || codes[http.StatusForbidden] != n {
		t.Fatalf("telegram webhook: %v", codes)
	}
	event := `{"app_id":"` + oa.AppID + `","event_name":"` + attackerWords + `","timestamp":"1764000000000","sender":{"id":"1"}}`
	codes = refusalFlood(t, 2*n, func(i int) *http.Request {
		r, _ := http.NewRequest(http.MethodPost, "http://"+addr+"/webhook/zalo-oa", strings.NewReader(event))
		if i%2 == 1 {
			r.Header.Set(zalooa.SignatureHeader, "mac=00ff")
		}
		return r
	})
	if codes[http.StatusUnauthorized] != 2*n {
		t.Fatalf("zalo-oa webhook: %v", codes)
	}
	codes = refusalFlood(t, n, func(i int) *http.Request {
		r, _ := http.NewRequest(http.MethodGet, "http://"+addr+"/dash/login/"+newSessionID(), nil)
		return r
	})
	if codes[http.StatusGone] != n {
		t.Fatalf("dashboard sign-in: %v", codes)
	}

	logs := p.logs.String()[before:]
	t.Logf("log bytes for %d refused requests: %d", 5*n, len(logs))
	for _, kind := range []string{"without secret", "wrong secret", "without signature", "wrong signature", "login link"} {
		if got := linesWith(logs, kind); got < 1 || got > 2 {
			t.Errorf("%d log lines for %q, want the first refusal and at most one summary", got, kind)
		}
	}
	if len(logs) > 4<<10 {
		t.Errorf("%d bytes of log for %d refused requests:\n%s", len(logs), 5*n, logs)
	}
	if strings.Contains(logs, attackerWords) || strings.Contains(logs, "0912345678") {
		t.Errorf("a refused request's content reached the log:\n%s", logs)
	}

	// The genuine platforms still get through.
	m := &telegramMember{t: t, srv: tg, chat: 4242, name: "Chị Lan"}
	m.Say("/start")
	contains(t, "greeting through the webhook after the flood", m.Replies(1)[0], "Loa")
	follower := zalooatest.NewUserID()
	oa.AddFollower(follower, oa.Now())
	oa.UserSays(follower, "/start")
	ctx := floodCtx(t)
	if _, err := oa.WaitForMessages(ctx, follower, 1); err != nil {
		t.Fatalf("a signed OA event after the flood: %v", err)
	}
}
