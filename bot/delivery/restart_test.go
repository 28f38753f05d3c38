package delivery_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"loa/bot/delivery"
)

func TestRedisRestartMidNoticeResumesExactlyOnce(t *testing.T) {
	v := newEnv(t)
	// Exactly once across a Redis crash needs every acknowledged write on
	// disk: with appendfsync everysec, Redis may acknowledge writes and lose
	// them on kill -9 when a background fsync is slow (it postpones the
	// write up to 2 s), and a lost claim would send its recipient again.
	if err := v.srv.Client().ConfigSet(context.Background(), "appendfsync", "always").Err(); err != nil {
		t.Fatal(err)
	}
	fake := newStrictSender(50)
	ch := delivery.Channel{Sender: fake, TokenID: "tok", Limits: delivery.Limits{PerSecond: 50}}
	eng := v.engine(ch, fastOptions())
	rs := recipients(250)
	id := notice(t, eng, "Lịch tiêm chủng cho trẻ em tháng này.", rs)

	// Stop Redis in the middle of the notice, once a fifth of it was
	// accepted: 1 s at 50/s on an idle machine, but a race-built engine on
	// a loaded one may take much longer to start, and a fixed 1.5 s sleep
	// could stop Redis before the 20 sends the check below asks for. The
	// deadline only catches an engine that sends nothing.
	waitFor(t, 60*time.Second, "the notice under way", func() bool {
		fake.mu.Lock()
		defer fake.mu.Unlock()
		return len(fake.accepted) >= 50
	})
	v.srv.Stop() // kill -9: the AOF keeps what was acknowledged
	fake.mu.Lock()
	atStop := len(fake.accepted)
	fake.mu.Unlock()
	time.Sleep(1500 * time.Millisecond)
	fake.mu.Lock()
	whileDown := len(fake.accepted) - atStop
	fake.mu.Unlock()
	v.srv.Restart()

	s := waitDone(t, eng, id, 30*time.Second)
	defer func() {
		if !t.Failed() {
			return
		}
		dir, _ := v.srv.Client().ConfigGet(context.Background(), "dir").Result()
		b, _ := os.ReadFile(filepath.Join(dir["dir"], "redis.log"))
		t.Logf("redis log:\n%s", b)
	}()
	if atStop < 50 || atStop > 200 {
		t.Fatalf("%d sent before Redis stopped; the test wants the middle of the notice", atStop)
	}
	if whileDown > 10 { // at most the sends that had their fence before the stop
		t.Errorf("%d messages went out while Redis was down", whileDown)
	}
	for _, r := range rs {
		if n := fake.copies(r.ChatID); n != 1 {
			t.Errorf("chat %s got %d copies", r.ChatID, n)
		}
	}
	if s.Sent != 250 || s.InDoubt != 0 {
		t.Errorf("status %+v", s)
	}
}
