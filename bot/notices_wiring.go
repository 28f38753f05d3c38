package main

import "loa/bot/delivery"

// setupNotices gives the notice service (built before the router, which
// needs it) the delivery engine and the platform senders, through which
// each sender's progress message goes; those senders take the shared rate
// limit like any direct reply. Call it after setupDelivery.
func (a *App) setupNotices() {
	senders := make(map[string]delivery.Sender, len(a.senders))
	for platform, s := range a.senders {
		senders[platform] = s
	}
	a.notices.Attach(a.delivery, senders)
}
