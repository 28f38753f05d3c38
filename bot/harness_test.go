package main

import (
	"context"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"loa/internal/freeport"
	"loa/internal/testkit"
	"loa/store"
	"loa/store/redistest"
)

// program is the whole bot started the way main starts it, with its own
// environment, against a real redis-server and the fake platform servers.
type program struct {
	t      testing.TB
	addr   string
	env    map[string]string
	logs   *testkit.LogBuffer
	cancel context.CancelFunc
	exit   chan int
	redis  *redistest.Server // the test's own server; nil when env names another Redis
	// st reaches the program's Redis with its namespace, for seeding and
	// inspection.
	st *store.Store
}

// startProgram runs the bot in-process until the test ends. secrets are
// strings that must never appear in its logs (tokens, webhook secrets).
func startProgram(t testing.TB, env map[string]string, secrets ...string) *program {
	t.Helper()
	p := &program{t: t, env: map[string]string{}, logs: &testkit.LogBuffer{}, exit: make(chan int, 1)}
	for k, v := range env {
		p.env[k] = v
	}
	if p.env["REDIS_URL"] == "" && p.env["REDIS_CLUSTER_ADDRS"] == "" && p.env["REDIS_SENTINEL_ADDRS"] == "" {
		p.redis = redistest.Start(t)
		p.env["REDIS_URL"] = p.redis.URL()
	}
	p.st = envStore(t, p.env)
	ownAddr := p.env["LOA_HTTP_ADDR"] == ""
	if p.env["LOA_DATA_DIR"] == "" {
		p.env["LOA_DATA_DIR"] = t.TempDir()
	}
	if p.env["LOA_LOG_LEVEL"] == "" {
		p.env["LOA_LOG_LEVEL"] = "debug"
	}
	if _, ok := p.env["LOA_SCHEDULER"]; !ok {
		// The timed jobs (monthly meetings at every :00 and :30 from 07:00
		// in Vietnam, posts, reminders) would fire in the middle of a test
		// and add messages and keys it does not expect: a test that needs
		// them says LOA_SCHEDULER=on.
		p.env["LOA_SCHEDULER"] = "off"
	}
	if _, ok := p.env["LOA_MODEL_CACHE"]; !ok {
		// An in-process start with LOA_CONTENT_DIR trains for its own
		// material, which no other start shares: writing 52 MB of models
		// that nothing reads would only slow it. The cache has its own
		// tests (content, TestBinaryKeepsItsTrainedModels).
		p.env["LOA_MODEL_CACHE"] = "off"
	}
	lib := testkit.EmbeddedLibrary(t) // one per test process: see runWith
	t.Cleanup(func() {
		p.stop()
		logs := p.logs.String()
		for _, s := range secrets {
			if s != "" && strings.Contains(logs, s) {
				t.Errorf("a secret reached the logs:\n%s", logs)
			}
		}
		if t.Failed() {
			t.Logf("bot logs:\n%s", logs)
		}
	})
	// An address the harness chose may be taken between freeAddr closing
	// it and the bot listening (a redis-server or another program of the
	// package starting at that moment): then the start is tried again on
	// another. An address the test gave is its own business.
	for attempt := 1; ; attempt++ {
		if ownAddr {
			p.env["LOA_HTTP_ADDR"] = freeAddr(t)
		}
		p.addr = p.env["LOA_HTTP_ADDR"]
		from := len(p.logs.String())
		ctx, cancel := context.WithCancel(context.Background())
		p.cancel = cancel
		go func() {
			p.exit <- runWith(ctx, nil, func(k string) string { return p.env[k] }, io.Discard, p.logs, lib)
		}()
		code, healthy := p.waitHealthy()
		if healthy {
			return p
		}
		if ownAddr && attempt < 3 && strings.Contains(p.logs.String()[from:], "address already in use") {
			t.Logf("the bot's address %s was taken before it listened: starting again on another", p.addr)
			continue
		}
		p.exit <- code
		t.Fatalf("bot exited with %d at start:\n%s", code, p.logs.String())
	}
}

// waitHealthy waits until the program answers /healthz (true) or exits
// (false, with its exit code).
func (p *program) waitHealthy() (int, bool) {
	p.t.Helper()
	// A hang, not a slow start: a start that trains its classifiers on a
	// loaded 2-core CI machine may take many seconds.
	deadline := time.Now().Add(2 * time.Minute)
	for {
		resp, err := http.Get("http://" + p.addr + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return 0, true
			}
		}
		select {
		case code := <-p.exit:
			return code, false
		default:
		}
		if time.Now().After(deadline) {
			p.t.Fatalf("bot did not become healthy:\n%s", p.logs.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// stop ends the program like SIGTERM does and waits for a clean exit.
func (p *program) stop() {
	p.cancel()
	select {
	case code := <-p.exit:
		p.exit <- code
		if code != 0 {
			p.t.Errorf("bot exited with %d", code)
		}
	case <-time.After(20 * time.Second):
		p.t.Errorf("bot did not stop within 20s")
	}
}

func freeAddr(t testing.TB) string {
	t.Helper()
	return freeport.Addr(t)
}

// member is one person chatting with the bot on some platform. The same
// scenarios run on every platform through this interface.
type member interface {
	// Say sends a message as the member.
	Say(text string)
	// Press chooses the choice labelled label in the bot's latest message
	// offering it: a button on Telegram, a numbered list item on Zalo.
	Press(label string)
	// Replies waits until the bot has sent at least n messages to the
	// member in total and returns all of them, oldest first.
	Replies(n int) []string
	// Choices are the labels the bot's latest message offers.
	Choices() []string
	// ID is her platform user id (also her private chat id).
	ID() string
}

func contains(t testing.TB, what, text string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(text, w) {
			t.Fatalf("%s: want %q in:\n%s", what, w, text)
		}
	}
}

func last(s []string) string {
	if len(s) == 0 {
		return ""
	}
	return s[len(s)-1]
}

// waitChatQuiet waits until nothing more is paced for one chat: its lane in
// the shared limiter is idle on two looks a quarter second apart (a reply or
// edit that was waiting for the lane takes it the moment it frees, so one
// idle look could fall between the two). It replaces "sleep long enough for
// queued sends to land" with the state that says they have.
func waitChatQuiet(t testing.TB, st *store.Store, platform, tokenID, chatID string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	idle := 0
	for idle < 2 {
		busy, err := st.ChatLaneBusy(context.Background(), platform, tokenID, chatID)
		if err != nil {
			t.Fatal(err)
		}
		if busy > 0 {
			idle = 0
			time.Sleep(busy)
		} else if idle++; idle < 2 {
			time.Sleep(250 * time.Millisecond)
		}
		if time.Now().After(deadline) {
			t.Fatalf("chat %s of %s still has sends paced after 30s", chatID, platform)
		}
	}
}

// envStore connects to the Redis that env names (REDIS_URL, Sentinel or
// Cluster, LOA_NAMESPACE) the way the bot does, for the test to seed and
// inspect what the program sees.
func envStore(t testing.TB, env map[string]string) *store.Store {
	t.Helper()
	cfg, err := LoadConfig(func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	rdb, err := cfg.Redis.Client("")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { rdb.Close() })
	st, err := cfg.Redis.Store(rdb)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// subtest is a named subtest for concurrently and inParallel.
type subtest struct {
	name string
	run  func(*testing.T)
}

// concurrently runs each subtest of t at once and returns when all have
// ended. They take no slot of -parallel: they share t's. A subtest that
// calls t.Parallel in a test already running waits behind every top-level
// test still queued for a slot, and its parent then queues again for its
// own before going on (testing hands slots out first come, first served);
// a test whose subtests are steps of one long chain (the scale-out suites)
// ended last that way, long after its own work was done.
func concurrently(t *testing.T, subtests ...subtest) {
	t.Helper()
	var wg sync.WaitGroup
	for _, s := range subtests {
		wg.Go(func() { t.Run(s.name, s.run) })
	}
	wg.Wait()
}

// inParallel runs each subtest of t with t.Parallel (each its own slot of
// -parallel).
func inParallel(t *testing.T, subtests ...subtest) {
	t.Helper()
	for _, s := range subtests {
		t.Run(s.name, func(t *testing.T) {
			t.Parallel()
			s.run(t)
		})
	}
}
