package main

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"loa/scheduler"
	"loa/store/redistest"
	"loa/vntime"
)

// The scale-out tests run the program on the two distributed forms of
// Redis an operator can give it, each started for real on loopback: a
// Redis Cluster of three masters with a replica each, and a master with a
// replica watched by three Sentinels. On each run the conversations, the
// attendance roll-ups, a notice to 500 members through a bot killed with
// SIGKILL twice, three scheduler replicas firing each slot once, the question
// queue from a member's question to her answer, and a notice
// through the Redis master killed and replaced by its replica. Subtests share one deployment, each in its own namespace
// (LOA_NAMESPACE), which is how provinces share one.

// nsCounter makes namespaces unique within the test binary.
var nsCounter atomic.Int64

func freshNamespace(prefix string) string {
	return prefix + "-" + strings.TrimLeft(time.Now().Format(".000"), ".") + "-" + itoa(nsCounter.Add(1))
}

func itoa(n int64) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}

// scaleOutSuite is what runs on each form. redisEnv gives the Redis
// settings for a fresh namespace; killMaster kills the master holding the
// outbox of a namespace and waits for its replica to take over.
//
// All but the failover run at once through concurrently, not t.Parallel:
// a parallel subtest of a test already running queues behind every
// top-level test still waiting for a slot, and so did this test's next step
// after them, which made the two suites (~60 s of work each) the last to
// end, 150 s into the package's run.
func scaleOutSuite(t *testing.T, redisEnv func(ns string) map[string]string, killMaster func(ns string) time.Duration) {
	concurrently(t,
		subtest{"conversations", func(t *testing.T) {
			conversationsOn(t, func(t *testing.T) map[string]string { return redisEnv(freshNamespace("conv")) }, concurrently)
		}},
		subtest{"attendance roll-ups", func(t *testing.T) {
			attendanceEndToEnd(t, redisEnv(freshNamespace("att")))
		}},
		subtest{"bot admin", func(t *testing.T) {
			adminSeesOnlyItsNamespace(t, redisEnv(freshNamespace("admin")), freshNamespace("admin"))
		}},
		subtest{"scheduler: three replicas fire each slot once", func(t *testing.T) {
			schedulerReplicasFireOnce(t, redisEnv(freshNamespace("sched")))
		}},
		// 500 members (2,000 until the suite had to fit in 90 s): what is
		// asserted, once each or in doubt, does not depend on the size,
		// only on the kills landing mid-notice, which they still do.
		subtest{"notice to 500 members across a bot killed -9", func(t *testing.T) {
			env := redisEnv(freshNamespace("kill9"))
			noticeAcrossCrashes(t, noticeCrash{members: 500, rate: 500, redisEnv: env, st: envStore(t, env), killBotAt: []int{125, 300}})
		}},
		// The answer turned into knowledge retrains the matcher, which under
		// load takes longer than a reply may: questionsEndToEnd waits up to
		// 2 minutes for the admin's confirmation (it ran alone once, when
		// the wait was shorter).
		subtest{"question queue", func(t *testing.T) {
			questionsEndToEnd(t, redisEnv(freshNamespace("questions")))
		}},
	)
	// Alone: killing a master disturbs everything on the deployment.
	t.Run("notice across the Redis master killed and replaced", func(t *testing.T) {
		ns := freshNamespace("failover")
		env := redisEnv(ns)
		out := noticeAcrossCrashes(t, noticeCrash{members: 500, rate: 500, redisEnv: env, st: envStore(t, env),
			killRedisAt: 150, killRedis: func() time.Duration { return killMaster(ns) }})
		t.Logf("failover figures: %s without delivery, %d doubled, %d in doubt, %d missing",
			out.gap.Round(100*time.Millisecond), out.doubled, out.job.InDoubt, out.missing)
	})
}

// schedulerReplicasFireOnce is scheduler.TestThreeReplicasFireEachSlotOnce
// on the given Redis: three replicas, each with its own connection as a
// process would have, tick through two hours at the same moments with
// clocks a few seconds apart; every 5-minute slot must fire exactly once.
func schedulerReplicasFireOnce(t *testing.T, env map[string]string) {
	var mu sync.Mutex
	fired := map[int64]int{}
	job := scheduler.Job{ID: "post:every5", Spec: "*/5 * * * *", Description: "test",
		Run: func(ctx context.Context, slot time.Time) error {
			mu.Lock()
			defer mu.Unlock()
			fired[slot.Unix()]++
			return nil
		}}
	var replicas []*scheduler.Scheduler
	for i := range 3 {
		s := scheduler.New(envStore(t, env), scheduler.Options{Owner: "replica-" + itoa(int64(i)), Quiet: &scheduler.QuietHours{},
			Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
		if err := s.Register(job); err != nil {
			t.Fatal(err)
		}
		replicas = append(replicas, s)
	}
	start := time.Date(2026, 6, 1, 9, 58, 0, 0, vntime.Zone)
	for _, s := range replicas {
		if _, err := s.Tick(context.Background(), start); err != nil {
			t.Fatal(err)
		}
	}
	for now := start; now.Before(start.Add(2 * time.Hour)); now = now.Add(20 * time.Second) {
		var wg sync.WaitGroup
		for i, s := range replicas {
			wg.Go(func() {
				if _, err := s.Tick(context.Background(), now.Add(time.Duration(i)*7*time.Second)); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
	}
	slots := 0
	for slot := start.Add(2 * time.Minute); slot.Before(start.Add(2 * time.Hour)); slot = slot.Add(5 * time.Minute) {
		slots++
		if fired[slot.Unix()] != 1 {
			t.Errorf("slot %s fired %d times, want 1", slot.Format("15:04"), fired[slot.Unix()])
		}
	}
	if len(fired) != slots {
		t.Fatalf("%d slots fired, want %d", len(fired), slots)
	}
}

// TestRedisPasswordIsUsed: with REDIS_PASSWORD the bot reaches a server
// that requires it and serves; with a wrong one it stops at start and the
// password never reaches its output.
func TestRedisPasswordIsUsed(t *testing.T) {
	t.Parallel()
	const password = "mat-khau-redis-7"
	r := redistest.StartWithPassword(t, password)
	env := map[string]string{"REDIS_URL": r.URL(), "REDIS_PASSWORD": password, "LOA_NAMESPACE": "dong-nai"}
	p := startProgram(t, env, password)
	if roots, err := p.st.Roots(context.Background()); err != nil || len(roots) == 0 {
		t.Fatalf("the bot did not load its tree through the password: %v, %v", roots, err)
	}

	code, stderr := runWithEnv(t, map[string]string{"REDIS_URL": r.URL(), "REDIS_PASSWORD": "sai-mat-khau", "LOA_HTTP_ADDR": freeAddr(t),
		"LOA_DATA_DIR": t.TempDir()})
	if code == 0 {
		t.Fatalf("the bot started with a wrong Redis password:\n%s", stderr)
	}
	if strings.Contains(stderr, "sai-mat-khau") {
		t.Fatalf("the password reached the output:\n%s", stderr)
	}
}
