package main

import (
	"context"
	"fmt"
	"net/http"
	"net/url"

	"loa/bot/telegram"
	"loa/bot/webchat"
)

// setupPlatforms prepares each configured transport: the web chat (default),
// Telegram when a token is set. Each one's inbound side feeds the router; its
// outbound side is registered with the delivery engine.
func (a *App) setupPlatforms(ctx context.Context) error {
	if a.cfg.WebChat {
		wc := webchat.New(a.router, a.log)
		a.mux.Handle("/", wc)
	}
	if a.cfg.Telegram.Token != "" {
		tg, err := telegram.New(ctx, telegram.Config{
			Token:         a.cfg.Telegram.Token,
			APIBase:       a.cfg.Telegram.APIBase,
			WebhookURL:    a.cfg.Telegram.WebhookURL,
			WebhookSecret: a.cfg.Telegram.WebhookSecret,
			Logger:        a.log.With("platform", "telegram"),
		})
		if err != nil {
			return fmt.Errorf("telegram: %w", err)
		}
		var cmds []telegram.Command
		for _, c := range a.router.Commands() {
			cmds = append(cmds, telegram.Command{Name: c.Name, Description: c.Description})
		}
		if err := tg.SetCommands(ctx, cmds); err != nil {
			a.log.Warn("setMyCommands failed", "platform", "telegram", "error", err)
		}
		if a.cfg.Telegram.WebhookURL != "" {
			a.mux.Handle("POST "+webhookPath(a.cfg.Telegram.WebhookURL), tg.WebhookHandler(a.router))
		}
		a.runners = append(a.runners, runner{name: "telegram", run: func(ctx context.Context) error { return tg.Run(ctx, a.router) }})
	}
	return nil
}

var _ http.Handler = (*webchat.Server)(nil)

// webhookPath is the path part of a public webhook URL: the platform POSTs
// there, so the bot serves the same path (behind a proxy that forwards it).
func webhookPath(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Path == "" {
		return "/"
	}
	return u.Path
}
