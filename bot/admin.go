package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"

	"github.com/redis/go-redis/v9"

	"loa/bot/admin"
)

// runAdmin runs `bot admin …` against the same Redis the bot uses: REDIS_URL,
// or the private server of a running bot (its unix socket under the data
// folder), or — when no bot runs — a private server started for the command.
func runAdmin(ctx context.Context, cfg Config, args []string, stdout, stderr io.Writer, log *slog.Logger) int {
	rdb, stop, err := adminRedis(ctx, cfg, log)
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

func adminRedis(ctx context.Context, cfg Config, log *slog.Logger) (redis.UniversalClient, func(), error) {
	if cfg.Redis.Form() != "private" {
		c, err := cfg.Redis.Client("")
		if err != nil {
			return nil, nil, err
		}
		return c, func() { c.Close() }, nil
	}
	socket, _ := filepath.Abs(filepath.Join(cfg.DataDir, "redis.sock"))
	if _, err := os.Stat(socket); err == nil {
		c := redis.NewClient(&redis.Options{Network: "unix", Addr: socket})
		if c.Ping(ctx).Err() == nil {
			return c, func() { c.Close() }, nil
		}
		c.Close()
	}
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	p, err := startPrivateRedis(ctx, cfg.DataDir, quiet)
	if err != nil {
		return nil, nil, err
	}
	c := redis.NewClient(&redis.Options{Network: "unix", Addr: p.socket})
	return c, func() { c.Close(); p.Stop() }, nil
}
