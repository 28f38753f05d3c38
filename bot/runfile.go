package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"
)

// An operator runs `bot admin …` from wherever her shell is. The bot's
// private redis-server listens on a socket in the bot's data folder, which
// a relative LOA_DATA_DIR (the default ./data) does not find from another
// folder. So a running bot notes its socket in a run folder of the user
// (runDir), one file per data folder, and admin looks there when the data
// folder it was given has no live server. Admin never starts an empty
// Redis: with no bot running it uses the data folder only if it holds
// data, and otherwise says what to do.

// runDir is the run folder: $XDG_RUNTIME_DIR/loa, else $HOME/.loa/run.
func runDir(getenv func(string) string) string {
	if d := strings.TrimSpace(getenv("XDG_RUNTIME_DIR")); d != "" {
		return filepath.Join(d, "loa")
	}
	if h := strings.TrimSpace(getenv("HOME")); h != "" {
		return filepath.Join(h, ".loa", "run")
	}
	return ""
}

// runFile is the note of the bot whose data folder is dir (absolute).
func runFile(run, dir string) string {
	sum := sha256.Sum256([]byte(dir))
	return filepath.Join(run, "redis-"+hex.EncodeToString(sum[:8]))
}

// announceRedis notes socket for admin and returns what removes the note
// (at a clean stop; a note left by a killed bot points at a dead socket,
// which admin skips). A note that cannot be written is logged only: admin
// run from the bot's folder still finds the socket.
func announceRedis(cfg Config, socket string, log *slog.Logger) func() {
	if cfg.RunDir == "" {
		return func() {}
	}
	dir, err := filepath.Abs(cfg.DataDir)
	if err != nil {
		return func() {}
	}
	f := runFile(cfg.RunDir, dir)
	err = os.MkdirAll(cfg.RunDir, 0o700)
	if err == nil {
		err = os.WriteFile(f, []byte(socket+"\n"), 0o600)
	}
	if err != nil {
		log.Warn("could not note the Redis socket for `bot admin` run from other folders", "error", err)
		return func() {}
	}
	return func() { _ = os.Remove(f) }
}

// runningBots lists the sockets of bots that answer, from the run folder.
func runningBots(ctx context.Context, run string) []string {
	if run == "" {
		return nil
	}
	files, _ := filepath.Glob(filepath.Join(run, "redis-*"))
	var live []string
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		socket := strings.TrimSpace(string(b))
		if socket != "" && pingSocket(ctx, socket) {
			live = append(live, socket)
		}
	}
	sort.Strings(live)
	return live
}

func pingSocket(ctx context.Context, socket string) bool {
	if _, err := os.Stat(socket); err != nil {
		return false
	}
	c := redis.NewClient(&redis.Options{Network: "unix", Addr: socket, MaxRetries: -1})
	defer c.Close()
	pctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	return c.Ping(pctx).Err() == nil
}

// hasData reports whether a data folder holds a Redis dataset (an AOF or
// an RDB file): a bot ran there before.
func hasData(dir string) bool {
	for _, name := range []string{"appendonlydir", "appendonly.aof", "dump.rdb"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
			return true
		}
	}
	return false
}

// errNoBot is admin's answer when it finds neither a running bot nor data.
func errNoBot(dir string) error {
	return fmt.Errorf("không tìm thấy Loa đang chạy, và thư mục dữ liệu %s chưa có dữ liệu.\n"+
		"  Chị/anh khởi động bot trước (make run), hoặc chạy lệnh này trong thư mục của bot, hoặc đặt LOA_DATA_DIR / REDIS_URL giống như khi chạy bot.\n"+
		"  No running bot was found and the data folder %s holds no data: start the bot first (make run),\n"+
		"  or run this from the bot's folder, or set LOA_DATA_DIR or REDIS_URL as the bot has them", dir, dir)
}

// errManyBots: several bots run; admin will not guess which one is meant.
func errManyBots(sockets []string) error {
	return errors.New("có nhiều bot Loa đang chạy; đặt LOA_DATA_DIR (hoặc REDIS_URL) để chọn một.\n" +
		"  Several Loa bots are running; set LOA_DATA_DIR (or REDIS_URL) to pick one:\n    " +
		strings.Join(sockets, "\n    "))
}
