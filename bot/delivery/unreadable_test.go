package delivery_test

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"loa/bot/delivery"
	"loa/chat"
)

// TestUnreadableJobFailsAndIsReported: a job whose stored message no longer
// decodes (a corrupted key, a payload written by a newer version) used to
// be released and claimed again every second for ever, and nobody was told.
// Its recipients must fail, the job end, its end be reported once, one
// error be logged for it, and no message be sent.
func TestUnreadableJobFailsAndIsReported(t *testing.T) {
	v := newEnv(t)
	fake := newStrictSender(50)
	var logs lockedLog
	var mu sync.Mutex
	var ends []delivery.JobStatus
	opts := fastOptions()
	opts.Logger = slog.New(slog.NewTextHandler(&logs, nil))
	opts.OnProgress = func(_ context.Context, s delivery.JobStatus) {
		if s.Done {
			mu.Lock()
			ends = append(ends, s)
			mu.Unlock()
		}
	}
	ctx := context.Background()
	// Fill the job before any engine runs, then corrupt its message.
	maker := delivery.New(v.st, map[string]delivery.Channel{chat.Telegram: {Sender: fake, TokenID: "tok"}}, fastOptions())
	id, _, err := maker.CreateJob(ctx, delivery.Job{Platform: chat.Telegram, Kind: delivery.KindNotice,
		Message: chat.Reply{Text: "Họp chi hội sáng Chủ nhật."}, Author: delivery.Author{Platform: chat.Telegram, ChatID: "42"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := maker.AddRecipients(ctx, id, recipients(25)); err != nil {
		t.Fatal(err)
	}
	keys, err := v.srv.Client().Keys(ctx, "*:payload:"+id).Result()
	if err != nil || len(keys) != 1 {
		t.Fatalf("payload key of job %s: %v %v", id, keys, err)
	}
	if err := v.srv.Client().Set(ctx, keys[0], `{"not":"a list of parts"`, 0).Err(); err != nil {
		t.Fatal(err)
	}
	if err := maker.Start(ctx, id); err != nil {
		t.Fatal(err)
	}
	eng := v.engine(delivery.Channel{Sender: fake, TokenID: "tok"}, opts)

	s := waitDone(t, eng, id, 10*time.Second)
	if s.Failed != 25 || s.Sent != 0 || s.Pending != 0 {
		t.Fatalf("status %+v, want all 25 failed", s)
	}
	waitFor(t, 5*time.Second, "the end reported", func() bool { mu.Lock(); defer mu.Unlock(); return len(ends) > 0 })
	time.Sleep(time.Second) // several claim rounds: nothing more may happen
	mu.Lock()
	if len(ends) != 1 || ends[0].Failed != 25 {
		t.Errorf("end reported %d times: %+v", len(ends), ends)
	}
	mu.Unlock()
	if n := strings.Count(logs.String(), "job message cannot be read"); n != 1 {
		t.Errorf("%d log lines about the unreadable job, want 1:\n%s", n, logs.String())
	}
	for _, r := range recipients(25) {
		if fake.copies(r.ChatID) != 0 {
			t.Fatalf("chat %s got a message from an unreadable job", r.ChatID)
		}
	}
}

type lockedLog struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func waitFor(t *testing.T, within time.Duration, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(within)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
