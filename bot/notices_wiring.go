package main

import (
	"loa/bot/delivery"
	"loa/bot/notices"
	"loa/handlers"
)

// noticeProgress builds the notices' progress side over the platform
// senders, through which each sender's progress message goes (those
// senders take the shared rate limit like any direct reply). It needs no
// engine, so the engine is built with it as its progress hook.
func (a *App) noticeProgress() *notices.Progress {
	senders := make(map[string]delivery.Sender, len(a.senders))
	for platform, s := range a.senders {
		senders[platform] = s
	}
	return notices.NewProgress(a.store, senders, notices.Options{Logger: a.log})
}

// setupNotices builds the notice service over its progress side and the
// delivery engine.
func (a *App) setupNotices(progress *notices.Progress) {
	a.notices = notices.NewService(progress, a.delivery)
}

// The notice service is the conversation's Broadcaster and the delivery
// engine its Outbox; the interfaces are declared by their user (handlers),
// so main, which imports both sides, checks it here.
var (
	_ handlers.Broadcaster = (*notices.Service)(nil)
	_ handlers.Outbox      = (*delivery.Engine)(nil)
)
