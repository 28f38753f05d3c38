// Package redistest starts a real, private redis-server for tests and
// benchmarks: on a free loopback port, with its data in a temporary directory,
// stopped when the test ends. Loa never mocks Redis.
package redistest

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"loa/internal/freeport"
)

// Server is one running redis-server child.
type Server struct {
	tb   testing.TB
	dir  string
	port int
	cmd  *exec.Cmd
	out  *bytes.Buffer
	// conf is a config file given first (Sentinel needs one it can
	// rewrite); extra are more flags (cluster mode, replicaof).
	conf  string
	extra []string
	// fsync is the appendfsync policy: everysec unless StartDurable.
	fsync string
}

// Start launches redis-server (AOF on, so a restart keeps the data) and
// registers its shutdown with tb.Cleanup. It fails the test, never skips, when
// redis-server is missing: `make test` installs it.
func Start(tb testing.TB) *Server {
	tb.Helper()
	if _, err := exec.LookPath("redis-server"); err != nil {
		tb.Fatalf("redis-server is not installed (run `make test`, which installs it): %v", err)
	}
	return startServer(tb, freePort(tb), "")
}

// StartWithPassword launches a redis-server that requires password (the
// default user's), for tests of credentials. Client does not know it.
func StartWithPassword(tb testing.TB, password string) *Server {
	tb.Helper()
	return startServer(tb, freePort(tb), "", "--requirepass", password)
}

// startServer runs one redis-server on port with a config file (may be "")
// and extra flags, stopped at the end of the test.
func startServer(tb testing.TB, port int, conf string, extra ...string) *Server {
	tb.Helper()
	s := &Server{tb: tb, dir: tb.TempDir(), port: port, conf: conf, extra: extra}
	s.start(true)
	tb.Cleanup(s.Stop)
	return s
}

// StartDurable is Start with appendfsync always: every write is on disk
// before Redis answers it, so a SIGKILL (Restart) loses nothing the client
// was told had happened. With everysec Redis may answer writes up to two
// seconds before writing them when the disk is slow, and a killed server
// then forgets them (an outbox record lost is a message sent twice).
func StartDurable(tb testing.TB) *Server {
	tb.Helper()
	s := &Server{tb: tb, dir: tb.TempDir(), port: freePort(tb), fsync: "always"}
	s.start(true)
	tb.Cleanup(s.Stop)
	return s
}

// Addr is host:port of the server.
func (s *Server) Addr() string { return "127.0.0.1:" + strconv.Itoa(s.port) }

// URL is a redis:// URL for REDIS_URL.
func (s *Server) URL() string { return "redis://" + s.Addr() + "/0" }

// Client returns a new client closed at the end of the test.
func (s *Server) Client() *redis.Client {
	c := redis.NewClient(&redis.Options{Addr: s.Addr()})
	s.tb.Cleanup(func() { c.Close() })
	return c
}

// Stop kills the server (SIGKILL: tests of crash recovery want no goodbye).
func (s *Server) Stop() {
	if s.cmd == nil || s.cmd.Process == nil {
		return
	}
	_ = s.cmd.Process.Kill()
	_ = s.cmd.Wait()
	s.cmd = nil
}

// Pause stops the server's process (SIGSTOP) without killing it: its
// connections stay open and nothing answers, as with a hung machine.
func (s *Server) Pause() { _ = s.cmd.Process.Signal(syscall.SIGSTOP) }

// Resume continues a paused server (SIGCONT).
func (s *Server) Resume() { _ = s.cmd.Process.Signal(syscall.SIGCONT) }

// Restart stops the server and starts it again on the same port and data
// directory; the AOF brings the data back.
func (s *Server) Restart() {
	s.Stop()
	s.start(false)
}

// start launches redis-server on s.port and waits until it answers. fresh:
// the port was just chosen, so another one may be chosen if it is taken.
func (s *Server) start(fresh bool) {
	s.tb.Helper()
	s.out = &bytes.Buffer{}
	var args []string
	if s.conf != "" {
		args = append(args, s.conf)
	}
	args = append(args,
		"--port", strconv.Itoa(s.port),
		"--bind", "127.0.0.1",
		"--dir", s.dir,
		"--appendonly", "yes",
		"--appendfsync", cmp.Or(s.fsync, "everysec"),
		"--save", "",
		"--daemonize", "no",
		"--logfile", filepath.Join(s.dir, "redis.log"),
		"--enable-debug-command", "local", // DEBUG SLEEP for fault tests
	)
	s.cmd = exec.Command("redis-server", append(args, s.extra...)...)
	s.cmd.Stdout, s.cmd.Stderr = s.out, s.out
	if err := s.cmd.Start(); err != nil {
		s.tb.Fatalf("start redis-server: %v", err)
	}
	deadline := time.Now().Add(10 * time.Second)
	c := redis.NewClient(&redis.Options{Addr: s.Addr(), MaxRetries: -1})
	defer c.Close()
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
		pid, err := serverPID(ctx, c)
		cancel()
		if err != nil && redis.HasErrorPrefix(err, "NOAUTH") {
			return // answering (a server with a password refuses us)
		}
		if err == nil && pid == s.cmd.Process.Pid {
			return
		}
		if err == nil {
			// Tests run in parallel: between freePort and redis-server's
			// bind, another test's server may have taken the port. Ours
			// then exits, and talking to theirs would mix two tests' data.
			s.Stop()
			if !fresh {
				s.tb.Fatalf("port %d answers for another redis-server (pid %d) after a restart", s.port, pid)
			}
			s.port = freePort(s.tb)
			s.start(false)
			return
		}
		if time.Now().After(deadline) {
			logText, _ := os.ReadFile(filepath.Join(s.dir, "redis.log"))
			s.tb.Fatalf("redis-server did not answer on %s: %v\n%s%s", s.Addr(), err, s.out, logText)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// serverPID is the process id of the redis-server c talks to.
func serverPID(ctx context.Context, c *redis.Client) (int, error) {
	info, err := c.Info(ctx, "server").Result()
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(info, "\r\n") {
		if v, ok := strings.CutPrefix(line, "process_id:"); ok {
			return strconv.Atoi(v)
		}
	}
	return 0, fmt.Errorf("no process_id in INFO server")
}

func freePort(tb testing.TB) int {
	tb.Helper()
	return freeport.Port(tb)
}

// Freeze makes the whole server unresponsive for d, as a stalled disk, a
// long fork or an overloaded host does: DEBUG SLEEP blocks its only thread,
// so every client (PING included) waits. It returns at once; the freeze
// starts within a few milliseconds.
func (s *Server) Freeze(d time.Duration) {
	s.tb.Helper()
	c := redis.NewClient(&redis.Options{Addr: s.Addr(), ReadTimeout: d + 10*time.Second, MaxRetries: -1})
	started := make(chan struct{})
	go func() {
		defer c.Close()
		close(started)
		_ = c.Do(context.Background(), "DEBUG", "SLEEP", fmt.Sprintf("%.3f", d.Seconds())).Err()
	}()
	<-started
	time.Sleep(20 * time.Millisecond)
}

// PauseClients holds every client's commands for d (CLIENT PAUSE ALL), as a
// failover does; the server itself stays up.
func (s *Server) PauseClients(d time.Duration) {
	s.tb.Helper()
	c := redis.NewClient(&redis.Options{Addr: s.Addr()})
	defer c.Close()
	if err := c.Do(context.Background(), "CLIENT", "PAUSE", d.Milliseconds(), "ALL").Err(); err != nil {
		s.tb.Fatalf("CLIENT PAUSE: %v", err)
	}
}

// String describes the server for test logs.
func (s *Server) String() string { return fmt.Sprintf("redis-server at %s", s.Addr()) }
