package delivery_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"loa/bot/delivery"
	"loa/bot/zalo"
	"loa/bot/zalo/zalotest"
	"loa/chat"
)

// TestZaloTokenHonours429And5xx sends a notice through the real Zalo adapter
// to the fake Zalo server, which answers the first sends 429 (no hint: the
// adapter's default pause) and 502: the Zalo token pauses, retries, and
// every member still gets exactly one copy.
func TestZaloTokenHonours429And5xx(t *testing.T) {
	v := newEnv(t)
	zl := zalotest.Start(t, "")
	zl.FailNext("sendMessage", 1, 429)
	zl.FailNext("sendMessage", 2, 502)
	ctx := context.Background()
	adapter, err := zalo.New(ctx, zalo.Config{
		Token: zl.Token(), APIBase: zl.URL(), Menus: v.st, Files: zalo.StoreFiles(v.st), PublicBaseURL: "http://127.0.0.1",
	})
	if err != nil {
		t.Fatal(err)
	}
	eng := delivery.New(v.st, map[string]delivery.Channel{chat.Zalo: {
		Sender: adapter, TokenID: delivery.TokenID(zl.Token()), Limits: delivery.Limits{PerSecond: 50, ChatPerSecond: 1},
	}}, fastOptions())
	runCtx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { _ = eng.Run(runCtx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })

	id, _, err := eng.CreateJob(ctx, delivery.Job{
		Platform: chat.Zalo, Kind: delivery.KindNotice, Message: chat.Reply{Text: "Họp chi hội sáng Chủ nhật."},
		Author: delivery.Author{Platform: chat.Zalo, ChatID: "head"}, Label: "Họp",
	})
	if err != nil {
		t.Fatal(err)
	}
	var chats []string
	var rs []delivery.Recipient
	for range 20 {
		c := zalotest.NewID()
		chats = append(chats, c)
		rs = append(rs, delivery.Recipient{ChatID: c, MemberKey: fmt.Sprint("zalo:", c)})
	}
	if _, err := eng.AddRecipients(ctx, id, rs); err != nil {
		t.Fatal(err)
	}
	if err := eng.Start(ctx, id); err != nil {
		t.Fatal(err)
	}
	// The 429 carried no retry_after: the token pauses for the adapter's
	// default, shared by every worker. The pause is looked for from the
	// moment the fake answered the 429 (the engine may take a while to
	// make its first send on a loaded machine: a fixed 3 s from the start
	// was too short there), until the pause would have run out.
	waitFor(t, 30*time.Second, "the scripted 429 answered", func() bool { return zl.Stats().Statuses[429] == 1 })
	deadline := time.Now().Add(zalo.DefaultRetryAfter)
	var paused time.Duration
	for time.Now().Before(deadline) && paused == 0 {
		paused, _ = eng.Limiter(chat.Zalo).Paused(ctx)
		time.Sleep(20 * time.Millisecond)
	}
	if paused <= 0 || paused > zalo.DefaultRetryAfter {
		t.Fatalf("the Zalo token was not paused after a 429 (pause %s)", paused)
	}
	s := waitDone(t, eng, id, 30*time.Second)
	if s.Sent != 20 {
		t.Fatalf("status %+v", s)
	}
	for _, c := range chats {
		if n := len(zl.Messages(c)); n != 1 {
			t.Fatalf("chat %s got %d copies", c, n)
		}
	}
	if st := zl.Stats(); st.Statuses[429] != 1 || st.Statuses[502] != 2 {
		t.Fatalf("want exactly the scripted 429 and two 502s, got %v", st.Statuses)
	}
}
