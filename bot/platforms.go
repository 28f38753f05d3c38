package main

import (
	"cmp"
	"context"
	"errors"
	"time"

	"loa/bot/download"
	"loa/bot/inbound"
	"loa/bot/telegram"
	"loa/bot/webchat"
	"loa/bot/zalo"
	"loa/bot/zalooa"
	"loa/chat"
	"loa/store"
)

// sender is the outbound side every adapter offers; the delivery engine
// drains the outbox through it.
type sender interface {
	Send(ctx context.Context, chatID string, r chat.Reply) (string, error)
}

// adapters are the platforms' adapters main built; nil when not configured.
type adapters struct {
	web *webchat.Server
	tg  *telegram.Adapter
	zl  *zalo.Adapter
	oa  *zalooa.Adapter
}

// setupPlatforms prepares each configured transport's outbound side: the
// web chat (default), Telegram, Zalo and the Zalo OA when configured. Each
// is registered in a.senders for delivery; setupInbound later connects
// their inbound side to the router.
func (a *App) setupPlatforms(ctx context.Context) error {
	a.senders = map[string]sender{}
	a.apologies = newApologies(a.log, a.store, a.senders)
	a.runners = append(a.runners, runner{name: "apologies", run: a.apologies.Run})
	a.mux.Handle("GET /dl/", download.Handler(a.store, a.log))
	if a.cfg.WebChat {
		wc := webchat.New(nil, a.log, webchat.WithLimiter(webFlood{a.store}), webchat.WithMembers(a.isWebMember),
			webchat.OnRefused(a.metrics.refused.Inc))
		a.metrics.watchWebChat(wc.Stats)
		a.platforms.web = wc
		a.senders[chat.Web] = wc
		a.closers = append(a.closers, wc.Close)
		a.drains = append(a.drains, wc.Drain)
	}
	if a.cfg.Telegram.Token != "" {
		tg, err := telegram.New(ctx, telegram.Config{
			Token:         a.cfg.Telegram.Token,
			APIBase:       a.cfg.Telegram.APIBase,
			WebhookURL:    a.cfg.Telegram.WebhookURL,
			WebhookSecret: a.cfg.Telegram.WebhookSecret,
			Logger:        a.log, // the adapter adds platform=telegram
			Limiter:       patientLimiter{a.limiter(chat.Telegram), replyPatience},
			OnBlocked: func(ctx context.Context, chatID string) {
				a.memberBlocked(ctx, chat.Telegram, chatID, "")
			},
			OnReplyLost: a.apologies.lost(chat.Telegram),
			OnReplied:   a.apologies.answered(chat.Telegram),
		})
		if err != nil {
			return err // already "telegram: …"
		}
		a.botUsernames[chat.Telegram] = tg.UserName()
		a.platforms.tg = tg
		a.senders[chat.Telegram] = tg
	}
	if a.cfg.Zalo.Token != "" {
		zl, err := zalo.New(ctx, zalo.Config{
			Token:         a.cfg.Zalo.Token,
			APIBase:       a.cfg.Zalo.APIBase,
			WebhookURL:    a.cfg.Zalo.WebhookURL,
			WebhookSecret: a.cfg.Zalo.WebhookSecret,
			Logger:        a.log.With("platform", chat.Zalo),
			Menus:         a.store,
			Files:         zalo.StoreFiles(a.store),
			PublicBaseURL: a.cfg.PublicURL,
			Limiter:       patientLimiter{a.limiter(chat.Zalo), replyPatience},
			OnReplyLost:   a.apologies.lost(chat.Zalo),
			OnReplied:     a.apologies.answered(chat.Zalo),
		})
		if err != nil {
			return err // already "zalo: …"
		}
		// The router prints a Zalo invite QR code when Zalo is on; the bot's
		// display name tells members whom to message.
		a.botUsernames[chat.Zalo] = cmp.Or(zl.Me().Name, zl.Me().AccountName, chat.Zalo)
		a.platforms.zl = zl
		a.senders[chat.Zalo] = zl
	}
	if a.cfg.ZaloOA.OAID != "" {
		oa, err := zalooa.New(ctx, zalooa.Config{
			OAID:          a.cfg.ZaloOA.OAID,
			AppID:         a.cfg.ZaloOA.AppID,
			AppSecret:     a.cfg.ZaloOA.AppSecret,
			SecretKey:     a.cfg.ZaloOA.SecretKey,
			RefreshToken:  a.cfg.ZaloOA.RefreshToken,
			APIBase:       a.cfg.ZaloOA.APIBase,
			OAuthBase:     a.cfg.ZaloOA.OAuthBase,
			Redis:         a.rdb,
			Logger:        a.log.With("platform", chat.ZaloOA),
			Limiter:       a.limiter(chat.ZaloOA),
			Menus:         a.store,
			Files:         zalo.StoreFiles(a.store),
			PublicBaseURL: a.cfg.PublicURL,
		})
		if err != nil {
			return err // already "zalo-oa: …"
		}
		a.platforms.oa = oa
		a.senders[chat.ZaloOA] = oa
		a.closers = append(a.closers, func() {
			ctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
			defer cancel()
			_ = oa.Close(ctx)
		})
		a.runners = append(a.runners, runner{name: chat.ZaloOA, run: oa.Run})
	}
	return nil
}

// setupInbound connects each adapter's inbound side to the conversation:
// the web chat's page, the webhooks and the poll loops; Telegram's command
// menu lists the router's commands.
func (a *App) setupInbound(ctx context.Context) {
	p := a.platforms
	if p.web != nil {
		a.mux.Handle("/", p.web.Handler(a.router))
	}
	if tg := p.tg; tg != nil {
		var cmds []telegram.Command
		for _, c := range a.router.Commands() {
			cmds = append(cmds, telegram.Command{Name: c.Name, Description: c.Description})
		}
		if err := tg.SetCommands(ctx, cmds); err != nil {
			a.log.Warn("setMyCommands failed", "platform", chat.Telegram, "error", err)
		}
		if a.cfg.Telegram.WebhookURL != "" {
			a.mux.Handle("POST "+inbound.WebhookPath(a.cfg.Telegram.WebhookURL), tg.WebhookHandler(a.router))
		}
		a.runners = append(a.runners, runner{name: chat.Telegram, run: func(ctx context.Context) error { return tg.Run(ctx, a.router) }})
	}
	if zl := p.zl; zl != nil {
		if a.cfg.Zalo.WebhookURL != "" {
			a.mux.Handle("POST "+inbound.WebhookPath(a.cfg.Zalo.WebhookURL), zl.WebhookHandler(a.router))
		}
		a.runners = append(a.runners, runner{name: chat.Zalo, run: func(ctx context.Context) error { return zl.Run(ctx, a.router) }})
	}
	if oa := p.oa; oa != nil {
		a.mux.Handle("POST "+zaloOAWebhookPath, oa.WebhookHandler(a.router))
	}
}

// webFlood is the web chat's share of the shared flood limit in Redis.
type webFlood struct{ st *store.Store }

func (f webFlood) Allow(ctx context.Context, lane webchat.Lane, who string) (bool, time.Duration, error) {
	limit := store.FloodPerWebClient
	if lane == webchat.LaneAddress {
		limit = store.FloodPerWebAddress
	}
	adm, err := f.st.Admit(ctx, limit, who)
	return adm.Allowed, adm.RetryAfter, err
}

// isWebMember reports whether a web chat session (known by its chat id) is
// a registered member's.
func (a *App) isWebMember(ctx context.Context, chatID string) (bool, error) {
	_, err := a.store.Member(ctx, chat.Web, chatID)
	if errors.Is(err, store.ErrMemberUnknown) {
		return false, nil
	}
	return err == nil, err
}

// zaloOAWebhookPath is where the OA's events arrive (set the same URL in
// the Zalo developer console).
const zaloOAWebhookPath = "/webhook/zalo-oa"
