package main

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"loa/bot/delivery"
	"loa/bot/telegram/telegramtest"
	"loa/chat"
	"loa/store"
)

// Played as a woman in panic (round 18): she has been writing fast, a
// burst of messages, and is over the per-member flood limit when she writes
// that her husband is chasing her with a knife. The flood limit refused
// that message with the rest: no hotline. Now an emergency over the limit
// still gets its script, while an attacker's flood of emergency-like texts
// buys no more than one such reply per window.

const floodsafeTold = "chồng em đang cầm dao đuổi, cứu em"

// floodsafeWarmup is what she wrote before: not an emergency, so the
// hotline she gets is the one for her last message.
func floodsafeWarmup(i int) string {
	return fmt.Sprintf("Loa ơi vay vốn hộ nghèo lãi suất bao nhiêu %d", i)
}

func TestFloodsafe18TelegramEmergencyOverTheFloodLimitGetsTheHotline(t *testing.T) {
	t.Parallel()
	srv := telegramtest.New(t)
	p := startProgram(t, map[string]string{
		"TELEGRAM_BOT_TOKEN": srv.Token(), "TELEGRAM_API_BASE": srv.URL(), "LOA_WEBCHAT": "off",
	}, srv.Token())
	const her = int64(7_000_181_001)
	for i := range 25 {
		srv.UserSays(her, "Hồng", floodsafeWarmup(i))
	}
	start := time.Now()
	srv.UserSays(her, "Hồng", floodsafeTold)
	var got telegramtest.Message
	if err := srv.WaitFor(rushWait(t), func() bool {
		for _, m := range srv.Messages(her) {
			if firstHotline(m.Text) == "113" {
				got = m
				return true
			}
		}
		return false
	}); err != nil {
		t.Fatalf("no hotline for her emergency over the flood limit: %v (%d messages)", err, len(srv.Messages(her)))
	}
	waited := got.Time.Sub(start)
	t.Logf("the hotline came %s after she wrote", waited.Round(time.Millisecond))
	if waited > 15*time.Second {
		t.Errorf("the hotline came %s after she wrote, want within seconds", waited)
	}
	// Then the answers to what was admitted and the one "slow down", in
	// her chat's order: she was told once, and got the script once.
	if err := srv.WaitFor(floodCtx(t), func() bool { return srv.PendingUpdates() == 0 }); err != nil {
		t.Fatal(err)
	}
	if _, err := srv.WaitForMessages(rushWait(t), her, store.FloodPerMember.Burst+2); err != nil {
		t.Fatalf("her admitted messages, the notice and the hotline: %v", err)
	}
	waitChatQuiet(t, p.st, chat.Telegram, delivery.TokenID(srv.Token()), strconv.FormatInt(her, 10))
	told, hotlines := 0, 0
	for _, m := range srv.Messages(her) {
		if strings.Contains(m.Text, "nhắn nhanh quá") {
			told++
		}
		// Her later answers carry a hotline line above them (she is
		// still in danger): the script itself comes once.
		if m.Text == got.Text {
			hotlines++
		}
	}
	if told != 1 || hotlines != 1 {
		t.Errorf("%d 'slow down' notices and %d emergency scripts, want one of each:\n%s", told, hotlines, strings.Join(texts(srv.Messages(her)), "\n---\n"))
	}
}

func TestFloodsafe18WebChatEmergencyOverTheFloodLimitGetsTheHotline(t *testing.T) {
	t.Parallel()
	p := startProgram(t, nil)
	ctx := floodCtx(t)
	c := newWebClient(p.addr, "127.0.0.1")
	session := newSessionID()
	// She writes until the flood limit refuses her (one at a time, as a
	// browser does: on a loaded machine 25 in a row took long enough for
	// the limit to refill, and none was refused).
	refused, sent := 0, 0
	for i := 0; i < 200 && refused < 2; i++ {
		rep, err := c.say(ctx, session, fmt.Sprintf("w%d", i), floodsafeWarmup(i))
		if err != nil {
			t.Fatal(err)
		}
		sent++
		if rep.status == http.StatusTooManyRequests {
			refused++
		}
	}
	if refused == 0 {
		t.Fatalf("%d messages in a row were all admitted: the test does not reach the flood limit", sent)
	}
	start := time.Now()
	rep, err := c.say(ctx, session, "sos", floodsafeTold)
	if err != nil {
		t.Fatal(err)
	}
	waited := time.Since(start)
	if rep.status != http.StatusOK || len(rep.Replies) == 0 || firstHotline(rep.Replies[0].Text) != "113" {
		t.Fatalf("her emergency over the flood limit: status %d, %+v", rep.status, rep)
	}
	t.Logf("the hotline came %s after she wrote (%d of her %d messages were refused)", waited.Round(time.Millisecond), refused, sent)
}

// An attacker sends 500 emergency-like messages in a burst: the flood
// limit's burst is answered, then one emergency per window at most.
func TestFloodsafe18AFloodOfEmergenciesBuysFewReplies(t *testing.T) {
	t.Parallel()
	t.Run("telegram", func(t *testing.T) {
		t.Parallel()
		srv := telegramtest.New(t)
		startProgram(t, map[string]string{
			"TELEGRAM_BOT_TOKEN": srv.Token(), "TELEGRAM_API_BASE": srv.URL(), "LOA_WEBCHAT": "off",
		}, srv.Token())
		const attacker = int64(7_000_181_666)
		start := time.Now()
		for i := range 500 {
			srv.UserSays(attacker, "X", fmt.Sprintf("cứu em, chồng em đang cầm dao đuổi đánh em %d", i))
		}
		ctx := floodCtx(t)
		if err := srv.WaitFor(ctx, func() bool { return srv.PendingUpdates() == 0 }); err != nil {
			t.Fatal(err)
		}
		pulled := time.Since(start)
		// Let what was queued go out (one a second into a private chat).
		prev := -1
		for n := len(srv.Messages(attacker)); n != prev; n = len(srv.Messages(attacker)) {
			prev = n
			time.Sleep(3 * time.Second)
		}
		got := len(srv.Messages(attacker))
		allowed := floodsafeAllowed(pulled)
		t.Logf("500 emergency-like messages taken in %s: %d replies (allowed %d)", pulled.Round(time.Millisecond), got, allowed)
		if got > allowed {
			t.Errorf("%d replies to a flood of 500, want at most %d", got, allowed)
		}
	})
	t.Run("webchat", func(t *testing.T) {
		t.Parallel()
		p := startProgram(t, nil)
		ctx := floodCtx(t)
		c := newWebClient(p.addr, "127.0.0.1")
		session := newSessionID()
		start := time.Now()
		answered := 0
		for i := range 500 {
			rep, err := c.say(ctx, session, fmt.Sprintf("a%d", i), fmt.Sprintf("cứu em, chồng em đang cầm dao đuổi đánh em %d", i))
			if err != nil {
				t.Fatal(err)
			}
			if rep.status == http.StatusOK && len(rep.Replies) > 0 {
				answered++
			}
		}
		elapsed := time.Since(start)
		allowed := floodsafeAllowed(elapsed)
		t.Logf("500 emergency-like web messages in %s: %d answered (allowed %d)", elapsed.Round(time.Millisecond), answered, allowed)
		if answered > allowed {
			t.Errorf("%d answered of a flood of 500, want at most %d", answered, allowed)
		}
	})
}

// floodsafeAllowed is what a flood lasting d may get: the flood limit's
// burst and refills, its notice, and one emergency let through per
// minute (and one more for the boundary).
func floodsafeAllowed(d time.Duration) int {
	return store.FloodPerMember.Burst + 1 + int(d/store.FloodPerMember.Interval) + 1 + 1 + int(d/time.Minute) + 1
}
