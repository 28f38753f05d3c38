package main

import (
	"context"
	"log/slog"
	"strings"

	"loa/bot/delivery"
	"loa/bot/notices"
	"loa/chat"
)

// webChatRate is the web chat's "platform limit": it has none, but the
// shared limiter still paces bulk work so one notice cannot starve replies.
const webChatRate = 200

// zaloOARate is the OA's send rate: about 20 requests/s are published for
// the send API by one secondary source only (platforms.md D4), so Loa keeps
// below it.
const zaloOARate = 15

// platformLimits are the limits the shared limiter enforces for a platform.
func (a *App) platformLimits(platform string) delivery.Limits {
	l := delivery.DefaultLimits(platform)
	switch platform {
	case chat.Telegram:
		l.PerSecond = a.cfg.Delivery.TelegramRate
	case chat.Zalo:
		l.PerSecond = a.cfg.Delivery.ZaloRate
	case chat.ZaloOA:
		l.PerSecond = zaloOARate
	case chat.Web:
		l = delivery.Limits{PerSecond: webChatRate, ChatPerSecond: webChatRate, GroupPerMinute: 60 * webChatRate}
	}
	return l
}

// tokenID names a platform's bot token in Redis keys without revealing it.
func (a *App) tokenID(platform string) string {
	switch platform {
	case chat.Telegram:
		return delivery.TokenID(a.cfg.Telegram.Token)
	case chat.Zalo:
		return delivery.TokenID(a.cfg.Zalo.Token)
	}
	return platform
}

// limiter is the shared Redis limiter of a platform's token; adapters call
// it before each direct reply so replies and bulk work share one budget.
func (a *App) limiter(platform string) *delivery.Limiter {
	return delivery.NewLimiter(a.store, platform, a.tokenID(platform), a.platformLimits(platform))
}

// setupDelivery starts the outbox workers over every platform's sender;
// progress gets the jobs' progress (noticeProgress).
func (a *App) setupDelivery(progress *notices.Progress) {
	channels := map[string]delivery.Channel{}
	for platform, s := range a.senders {
		channels[platform] = delivery.Channel{Sender: s, TokenID: a.tokenID(platform), Limits: a.platformLimits(platform)}
	}
	a.delivery = delivery.New(a.store, channels, delivery.Options{
		Logger:      a.log,
		Workers:     a.cfg.Delivery.Workers,
		Lease:       a.cfg.Delivery.Lease,
		SendTimeout: a.cfg.Delivery.SendTimeout,
		OnBlocked:   a.memberBlocked,
		OnProgress:  reportProgress(progress, a.log),
		OnOutcome:   a.metrics.delivered,
		// The OA's reach refusals by reason, for the same counts the
		// notice summary and /thongbaocu show.
		OnUnreachable: a.metrics.unreachableDelivery,
	})
	a.runners = append(a.runners, runner{name: "delivery", run: a.delivery.Run})
}

// memberBlocked marks a member who blocked the bot inactive, so the next
// notice leaves her out. memberKey is "platform:userID" when the recipient
// was a registered member.
func (a *App) memberBlocked(ctx context.Context, platform, chatID, memberKey string) {
	p, user, ok := strings.Cut(memberKey, ":")
	if !ok {
		p, user = platform, chatID
	}
	if err := a.store.SetActive(ctx, p, user, false); err != nil {
		a.log.Warn("mark blocked member inactive", "platform", platform, "error", err)
	}
}

// reportProgress reports a job's progress: a notice's to its sender (see
// bot/notices); other jobs' ends are logged.
func reportProgress(p *notices.Progress, log *slog.Logger) func(context.Context, delivery.JobStatus) {
	return func(ctx context.Context, s delivery.JobStatus) {
		if p.OnProgress(ctx, s) {
			return
		}
		if s.Done {
			log.Info("bulk job finished", "job", s.ID, "platform", s.Platform, "sent", s.Sent, "blocked", s.Blocked, "failed", s.Failed)
		}
	}
}
