package main

import (
	"loa/bot/delivery"
	"loa/bot/notices"
	"loa/handlers"
)

// setupNotices builds the notice service over the delivery engine and the
// platform senders, through which each sender's progress message goes;
// those senders take the shared rate limit like any direct reply.
func (a *App) setupNotices() {
	senders := make(map[string]delivery.Sender, len(a.senders))
	for platform, s := range a.senders {
		senders[platform] = s
	}
	a.notices = notices.New(a.store, a.delivery, senders, notices.Options{Logger: a.log})
}

// The notice service is the conversation's Broadcaster and the delivery
// engine its Outbox; the interfaces are declared by their user (handlers),
// so main, which imports both sides, checks it here.
var (
	_ handlers.Broadcaster = (*notices.Service)(nil)
	_ handlers.Outbox      = (*delivery.Engine)(nil)
)
