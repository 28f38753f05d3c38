package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/redis/go-redis/v9"
)

// privateRedis is the redis-server child the bot runs when no REDIS_URL is
// given, so one command starts everything on a fresh machine. It listens on a
// unix socket only (no TCP port to collide with or expose), keeps its data
// under the data folder with AOF on, and dies with the bot.
//
// If it dies while the bot runs (killed, OOM), the bot starts it again on
// the same folder, after 100 ms and then twice as long after each death
// that follows within a minute, up to 30 s: the AOF brings the data back
// and the client reconnects to the same socket by itself. /healthz answers
// 503 meanwhile. (The alternative, exiting so a supervisor restarts the
// whole bot, would also drop every update in hand; `make run` has no
// supervisor.)
type privateRedis struct {
	dir    string
	socket string
	lock   *os.File // the data folder's lock, held while the server runs
	log    *slog.Logger

	mu       sync.Mutex
	cmd      *exec.Cmd     // the server now running
	stopping bool          // Stop or Kill was called: no more restarts
	stop     chan struct{} // closed by Stop/Kill, wakes the supervisor
	finished chan struct{} // closed when the supervisor has seen the last server exit
}

// Restart pacing of a private redis-server that died.
const (
	redisRestartMin    = 100 * time.Millisecond
	redisRestartMax    = 30 * time.Second
	redisRestartSteady = time.Minute // up this long: the next death starts the pacing over
)

func startPrivateRedis(ctx context.Context, dir string, log *slog.Logger) (*privateRedis, error) {
	if _, err := exec.LookPath("redis-server"); err != nil {
		return nil, fmt.Errorf("redis-server not found: install it (apt-get install redis-server; `make run` does) or set REDIS_URL: %w", err)
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("data folder: %w", err)
	}
	if err := os.MkdirAll(abs, 0o700); err != nil {
		return nil, fmt.Errorf("create data folder: %w", err)
	}
	if err := keepPrivate(abs); err != nil {
		return nil, err
	}
	lock, err := lockDataDir(abs)
	if err != nil {
		return nil, err
	}
	p := &privateRedis{dir: abs, socket: filepath.Join(abs, "redis.sock"), lock: lock, log: log,
		stop: make(chan struct{}), finished: make(chan struct{})}
	// A bot killed with SIGKILL takes its child down through Pdeathsig, but
	// the child needs a moment to exit; never run two servers on one AOF.
	if err := p.waitForStale(ctx); err != nil {
		p.unlock()
		return nil, err
	}
	exited, err := p.spawn()
	if err != nil {
		p.unlock()
		return nil, err
	}
	if err := p.waitReady(ctx, exited); err != nil {
		select {
		case <-exited:
			p.unlock()
		default:
			go func() { <-exited; close(p.finished) }()
			p.Stop()
		}
		return nil, err
	}
	log.Info("private redis-server started", "dir", abs)
	go p.supervise(exited)
	return p, nil
}

// spawn starts one redis-server; exited receives its end.
func (p *privateRedis) spawn() (<-chan error, error) {
	// redis-server creates its files with the umask it inherits (0644
	// under the usual 022): a shell sets 077 and execs it, so the AOF and
	// its log are the bot's alone (the pid stays the server's).
	cmd := exec.Command("/bin/sh", "-c", `umask 077 && exec redis-server "$@"`, "redis-server",
		"--port", "0",
		"--unixsocket", p.socket,
		"--unixsocketperm", "700",
		"--dir", p.dir,
		"--appendonly", "yes",
		// always, not everysec: with everysec a slow disk lets Redis
		// answer writes before it writes them, and a server killed then
		// (the case the bot restarts it for) forgets outbox records —
		// messages sent twice. Loa writes a few times per message sent.
		"--appendfsync", "always",
		"--save", "",
		"--pidfile", filepath.Join(p.dir, "redis.pid"),
		"--logfile", filepath.Join(p.dir, "redis.log"),
		"--daemonize", "no",
	)
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGTERM}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start redis-server: %w", err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	p.mu.Lock()
	p.cmd = cmd
	p.mu.Unlock()
	return exited, nil
}

// waitReady waits until the server answers PING (15 s at most).
func (p *privateRedis) waitReady(ctx context.Context, exited <-chan error) error {
	c := redis.NewClient(&redis.Options{Network: "unix", Addr: p.socket, MaxRetries: -1})
	defer c.Close()
	deadline := time.Now().Add(15 * time.Second)
	for {
		pctx, cancel := context.WithTimeout(ctx, 300*time.Millisecond)
		err := c.Ping(pctx).Err()
		cancel()
		if err == nil {
			return nil
		}
		select {
		case werr := <-exited:
			return fmt.Errorf("redis-server exited at start (see %s): %v", filepath.Join(p.dir, "redis.log"), werr)
		default:
		}
		if ctx.Err() != nil {
			// Stopped while starting (SIGTERM): no point waiting 15s.
			return fmt.Errorf("start redis-server: %w", ctx.Err())
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("redis-server did not answer on %s: %w", p.socket, err)
		}
		time.Sleep(30 * time.Millisecond)
	}
}

// supervise starts the server again each time it dies, until Stop or Kill.
func (p *privateRedis) supervise(exited <-chan error) {
	defer close(p.finished)
	wait := time.Duration(0)
	for {
		up := time.Now()
		err := <-exited
		if p.isStopping() {
			return
		}
		if time.Since(up) >= redisRestartSteady {
			wait = 0
		}
		wait = min(max(2*wait, redisRestartMin), redisRestartMax)
		p.log.Error("private redis-server died; starting it again", "error", err, "retry_in", wait, "log", filepath.Join(p.dir, "redis.log"))
		for {
			select {
			case <-p.stop:
				return
			case <-time.After(wait):
			}
			if exited, err = p.spawn(); err == nil {
				break
			}
			wait = min(2*wait, redisRestartMax)
			p.log.Error("private redis-server did not start; trying again", "error", err, "retry_in", wait)
		}
		if p.isStopping() {
			// Stop came while this one started and may have signalled
			// the dead one: stop this one too.
			p.mu.Lock()
			_ = p.cmd.Process.Signal(syscall.SIGTERM)
			p.mu.Unlock()
			continue
		}
		p.log.Info("private redis-server started again", "dir", p.dir)
	}
}

func (p *privateRedis) isStopping() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.stopping
}

// halt marks the server as stopping (no more restarts) and returns the
// process now running.
func (p *privateRedis) halt() *exec.Cmd {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.stopping {
		p.stopping = true
		close(p.stop)
	}
	return p.cmd
}

// keepPrivate makes the data folder 0700 and every file already in it
// (an AOF written by an older version, a log) unreadable by others: the
// AOF holds every member's data. MkdirAll keeps the mode of a folder that
// exists, so an operator's ./data made 0755 stays open without this.
func keepPrivate(dir string) error {
	if err := os.Chmod(dir, 0o700); err != nil {
		return fmt.Errorf("data folder (LOA_DATA_DIR): make it private: %w", err)
	}
	return filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || path == dir || d.Type()&os.ModeSymlink != 0 {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		if info.Mode().Perm()&0o077 != 0 {
			if err := os.Chmod(path, info.Mode().Perm()&0o700); err != nil {
				return fmt.Errorf("data folder (LOA_DATA_DIR): make %s private: %w", path, err)
			}
		}
		return nil
	})
}

// URL is what the go-redis client dials.
func (p *privateRedis) URL() string { return "unix://" + p.socket }

// lockDataDir takes the data folder for this process with flock. The kernel
// drops the lock when the process dies, however it dies (SIGKILL, OOM), so a
// held lock means a live bot — or `bot admin` — runs its redis-server there;
// no guess from process names or parents is needed.
func lockDataDir(dir string) (*os.File, error) {
	f, err := os.OpenFile(filepath.Join(dir, "bot.lock"), os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, fmt.Errorf("lock the data folder (LOA_DATA_DIR): %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, fmt.Errorf("another running bot uses the data folder %s; stop it or set LOA_DATA_DIR", dir)
		}
		return nil, fmt.Errorf("lock the data folder (LOA_DATA_DIR): %w", err)
	}
	return f, nil
}

func (p *privateRedis) unlock() {
	if p.lock != nil {
		_ = p.lock.Close()
		p.lock = nil
	}
}

// waitForStale stops the redis-server of a bot that died (its pid file is
// left): with the folder's lock held, that server has no live owner. It
// waits until the server is gone so that two never write one AOF.
func (p *privateRedis) waitForStale(ctx context.Context) error {
	raw, err := os.ReadFile(filepath.Join(p.dir, "redis.pid"))
	if err != nil {
		return nil
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(raw)))
	if err != nil || pid <= 0 {
		return nil
	}
	for i := 0; i < 100; i++ {
		if !redisServing(pid, p.dir) {
			return nil
		}
		if i == 0 {
			p.log.Info("stopping the redis-server a killed bot left", "pid", pid)
			_ = syscall.Kill(pid, syscall.SIGTERM)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
	return fmt.Errorf("a redis-server (pid %d) still runs on %s; stop it or set REDIS_URL", pid, p.dir)
}

// redisServing reports whether pid is a live redis-server working in dir
// (redis-server changes into its --dir). A zombie — dead, waiting for a
// parent that does not reap — holds no file and does not count, nor does
// another program that got the pid since.
func redisServing(pid int, dir string) bool {
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return false
	}
	open, end := strings.IndexByte(string(stat), '('), strings.LastIndexByte(string(stat), ')')
	if open < 0 || end < open {
		return false
	}
	fields := strings.Fields(string(stat[end+1:]))
	if len(fields) == 0 || fields[0] == "Z" || !strings.HasPrefix(string(stat[open+1:end]), "redis") {
		return false
	}
	if real, err := filepath.EvalSymlinks(dir); err == nil {
		dir = real
	}
	cwd, err := os.Readlink(fmt.Sprintf("/proc/%d/cwd", pid))
	return err == nil && cwd == dir
}

// Kill stops redis-server at once, without waiting: the shutdown
// watchdog's last step. Its AOF already holds every write it acknowledged.
func (p *privateRedis) Kill() {
	if p == nil {
		return
	}
	if cmd := p.halt(); cmd != nil && cmd.Process != nil {
		_ = cmd.Process.Kill()
	}
}

// Stop asks redis-server to finish writing and exit, and waits for it
// (10 s, then it is killed). No restart follows.
func (p *privateRedis) Stop() {
	if p == nil {
		return
	}
	cmd := p.halt()
	if cmd == nil || cmd.Process == nil {
		return
	}
	_ = cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.finished:
	case <-time.After(10 * time.Second):
		p.mu.Lock()
		cmd = p.cmd
		p.mu.Unlock()
		_ = cmd.Process.Kill()
		<-p.finished
	}
	p.unlock()
	p.log.Info("private redis-server stopped")
}
