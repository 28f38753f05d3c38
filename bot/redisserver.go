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
	"syscall"
	"time"

	"github.com/redis/go-redis/v9"
)

// privateRedis is the redis-server child the bot runs when no REDIS_URL is
// given, so one command starts everything on a fresh machine. It listens on a
// unix socket only (no TCP port to collide with or expose), keeps its data
// under the data folder with AOF on, and dies with the bot.
type privateRedis struct {
	dir    string
	socket string
	cmd    *exec.Cmd
	done   chan error
	log    *slog.Logger
}

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
	p := &privateRedis{dir: abs, socket: filepath.Join(abs, "redis.sock"), log: log, done: make(chan error, 1)}
	// A bot killed with SIGKILL takes its child down through Pdeathsig, but
	// the child needs a moment to exit; never run two servers on one AOF.
	if err := p.waitForStale(ctx); err != nil {
		return nil, err
	}
	p.cmd = exec.Command("redis-server",
		"--port", "0",
		"--unixsocket", p.socket,
		"--unixsocketperm", "700",
		"--dir", abs,
		"--appendonly", "yes",
		"--appendfsync", "everysec",
		"--save", "",
		"--pidfile", filepath.Join(abs, "redis.pid"),
		"--logfile", filepath.Join(abs, "redis.log"),
		"--daemonize", "no",
	)
	p.cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGTERM}
	if err := p.cmd.Start(); err != nil {
		return nil, fmt.Errorf("start redis-server: %w", err)
	}
	go func() { p.done <- p.cmd.Wait() }()
	c := redis.NewClient(&redis.Options{Network: "unix", Addr: p.socket, MaxRetries: -1})
	defer c.Close()
	deadline := time.Now().Add(15 * time.Second)
	for {
		pctx, cancel := context.WithTimeout(ctx, 300*time.Millisecond)
		err := c.Ping(pctx).Err()
		cancel()
		if err == nil {
			log.Info("private redis-server started", "dir", abs)
			return p, nil
		}
		select {
		case werr := <-p.done:
			return nil, fmt.Errorf("redis-server exited at start (see %s): %v", filepath.Join(abs, "redis.log"), werr)
		default:
		}
		if ctx.Err() != nil {
			// Stopped while starting (SIGTERM): no point waiting 15s.
			p.Stop()
			return nil, fmt.Errorf("start redis-server: %w", ctx.Err())
		}
		if time.Now().After(deadline) {
			p.Stop()
			return nil, fmt.Errorf("redis-server did not answer on %s: %w", p.socket, err)
		}
		time.Sleep(30 * time.Millisecond)
	}
}

// URL is what the go-redis client dials.
func (p *privateRedis) URL() string { return "unix://" + p.socket }

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
		if err := syscall.Kill(pid, 0); errors.Is(err, syscall.ESRCH) {
			return nil
		}
		if !isRedisProcess(pid) {
			return nil
		}
		if i == 0 && !orphaned(pid) {
			return fmt.Errorf("another running bot uses the data folder %s (its redis-server has pid %d); stop it or set LOA_DATA_DIR", p.dir, pid)
		}
		if i == 0 {
			p.log.Info("waiting for the previous redis-server to exit", "pid", pid)
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

// orphaned reports whether a process lost its parent (re-parented to init or
// a subreaper): the redis-server of a bot that was killed.
func orphaned(pid int) bool {
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return true
	}
	// Fields after the ")" that closes the command name: state, ppid, …
	fields := strings.Fields(string(stat[strings.LastIndexByte(string(stat), ')')+1:]))
	if len(fields) < 2 {
		return true
	}
	ppid, _ := strconv.Atoi(fields[1])
	if ppid <= 1 {
		return true
	}
	comm, err := os.ReadFile(fmt.Sprintf("/proc/%d/comm", ppid))
	name := strings.TrimSpace(string(comm))
	return err != nil || name == "systemd" || name == "init" || name == "tini"
}

func isRedisProcess(pid int) bool {
	comm, err := os.ReadFile(fmt.Sprintf("/proc/%d/comm", pid))
	return err == nil && strings.HasPrefix(strings.TrimSpace(string(comm)), "redis")
}

// Stop asks redis-server to finish writing and exit.
func (p *privateRedis) Stop() {
	if p == nil || p.cmd == nil || p.cmd.Process == nil {
		return
	}
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.done:
	case <-time.After(10 * time.Second):
		_ = p.cmd.Process.Kill()
		<-p.done
	}
	p.log.Info("private redis-server stopped")
}
