// Command bot is Loa: the Women's Union chatbot on Telegram, Zalo and a
// built-in web chat, with Redis as its only database.
//
//	bot            run the bot (configuration from the environment, see README)
//	bot admin …    operator commands against the same Redis (bot admin --help)
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	"time"

	"loa/content"
)

func main() {
	os.Exit(run(context.Background(), os.Args[1:], os.Getenv, os.Stdout, os.Stderr))
}

// run is main without the process: tests call it with their own environment
// and streams. It returns the exit code.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	return runWith(ctx, args, getenv, stdout, stderr, nil)
}

// runWith is run serving knowledge, when not nil and LOA_CONTENT_DIR is
// unset, instead of loading the embedded knowledge base again: tests that
// start the program dozens of times in one process share one (building the
// matcher costs about half a second of CPU per start).
func runWith(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer, knowledge *content.Library) int {
	cfg, err := LoadConfig(getenv)
	if err != nil {
		fmt.Fprintf(stderr, "loa: configuration error:\n")
		var cerr interface{ Unwrap() []error }
		if errors.As(err, &cerr) {
			for _, e := range cerr.Unwrap() {
				fmt.Fprintf(stderr, "  %v\n", e)
			}
		} else {
			fmt.Fprintf(stderr, "  %v\n", err)
		}
		return 2
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: cfg.LogLevel}))

	ctx, stop := signal.NotifyContext(ctx, syscall.SIGINT, syscall.SIGTERM)
	defer stop()

	if len(args) > 0 && args[0] == "admin" {
		return runAdmin(ctx, cfg, args[1:], stdout, stderr, log)
	}
	if len(args) > 0 {
		fmt.Fprintf(stderr, "loa: unknown argument %q; run `bot` to serve or `bot admin --help`\n", args[0])
		return 2
	}

	if cfg.ContentDir == "" {
		cfg.knowledge = knowledge
	}
	app, err := NewApp(ctx, cfg, log)
	if err != nil {
		if ctx.Err() != nil {
			// SIGTERM/SIGINT while starting (say Telegram was slow to
			// answer getMe): a requested stop, not a failure.
			log.Info("stopped while starting", "error", err)
			return 0
		}
		log.Error("start failed", "error", err)
		return 1
	}
	ran := make(chan error, 1)
	go func() { ran <- app.Run(ctx) }()

	select {
	case err = <-ran:
	case <-app.Stopping():
		// The shutdown watchdog: a stop is bounded even when Redis does
		// not answer (a delivery worker may otherwise retry recording a
		// send for minutes). What is left unrecorded is in Redis as "in
		// doubt", reported, never resent.
		select {
		case err = <-ran:
		case <-time.After(shutdownLimit):
			log.Error("shutdown watchdog: still stopping, exiting now", "limit", shutdownLimit)
			app.Abandon()
			return 1
		}
	}
	if err != nil {
		log.Error("stopped with an error", "error", err)
		return 1
	}
	return 0
}
