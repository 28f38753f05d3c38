package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"

	"github.com/redis/go-redis/v9"

	"loa/bot/admin"
)

// runAdmin runs `bot admin …` against the same Redis the bot uses (see
// adminRedis).
func runAdmin(ctx context.Context, cfg Config, args []string, stdout, stderr io.Writer, log *slog.Logger) int {
	rdb, stop, err := adminRedis(ctx, cfg, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "loa admin: %v\n", err)
		return 1
	}
	defer stop()
	if len(args) > 0 && args[0] == "zalo-oa" {
		return runZaloOAAdmin(ctx, cfg, rdb, args[1:], stdout, stderr)
	}
	st, err := cfg.Redis.Store(rdb)
	if err != nil {
		fmt.Fprintf(stderr, "loa admin: %v\n", err)
		return 1
	}
	return admin.RunWithOptions(ctx, st, admin.Options{PublicURL: cfg.PublicURL}, args, stdout, stderr)
}

// adminRedis finds the Redis of the bot: the server the settings name
// (REDIS_URL, Sentinel or Cluster); else the live socket in the data
// folder; else the one bot a run note points at (runfile.go); else, with no
// bot running, a private server on the data folder if it holds data. It
// never starts an empty Redis, and it tells on stderr which one it uses.
func adminRedis(ctx context.Context, cfg Config, stderr io.Writer) (redis.UniversalClient, func(), error) {
	if cfg.Redis.Form() != "private" {
		c, err := cfg.Redis.Client("")
		if err != nil {
			return nil, nil, err
		}
		return c, func() { c.Close() }, nil
	}
	dir, err := filepath.Abs(cfg.DataDir)
	if err != nil {
		return nil, nil, fmt.Errorf("LOA_DATA_DIR: %w", err)
	}
	unix := func(socket string) (redis.UniversalClient, func(), error) {
		c := redis.NewClient(&redis.Options{Network: "unix", Addr: socket})
		return c, func() { c.Close() }, nil
	}
	if socket := filepath.Join(dir, "redis.sock"); pingSocket(ctx, socket) {
		fmt.Fprintf(stderr, "loa admin: Redis của bot đang chạy / the running bot's Redis: %s\n", dir)
		return unix(socket)
	}
	if hasData(dir) {
		// The bot is stopped: its data, served for this command only.
		quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
		p, err := startPrivateRedis(ctx, dir, quiet)
		if err != nil {
			return nil, nil, err
		}
		fmt.Fprintf(stderr, "loa admin: bot không chạy; dùng dữ liệu / no bot running; using the data in %s\n", dir)
		c := redis.NewClient(&redis.Options{Network: "unix", Addr: p.socket})
		return c, func() { c.Close(); p.Stop() }, nil
	}
	switch live := runningBots(ctx, cfg.RunDir); len(live) {
	case 0:
		return nil, nil, errNoBot(dir)
	case 1:
		fmt.Fprintf(stderr, "loa admin: Redis của bot đang chạy / the running bot's Redis: %s\n", filepath.Dir(live[0]))
		return unix(live[0])
	default:
		return nil, nil, errManyBots(live)
	}
}
