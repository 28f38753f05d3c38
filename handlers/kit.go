package handlers

import (
	"log/slog"
	"time"

	"loa/store"
)

// kit is what every feature shares, built once from Deps before any
// feature: the store, the knowledge base, the log, the first admins, the
// bots' usernames (deep links), the outbox for messages to third parties,
// and the clock. The helpers on it (who is writing, may she, a polite
// failure, a unit's name, the topic menu) are the ones several features
// use. The router and each feature embed it; nothing in it is set later.
type kit struct {
	store  *store.Store
	kb     Knowledge
	log    *slog.Logger
	admins []store.Identity
	bots   map[string]string
	// outbox queues messages to other people than the writer (event
	// invitations, report reminders); nil: nobody is messaged.
	outbox Outbox
	clock  func() time.Time
}

func newKit(d Deps) *kit {
	k := &kit{store: d.Store, kb: d.Knowledge, log: d.Logger, admins: d.Admins, bots: d.BotUsernames, outbox: d.Outbox, clock: d.Clock}
	if k.log == nil {
		k.log = slog.Default()
	}
	if k.clock == nil {
		k.clock = time.Now
	}
	return k
}

// now is the clock's time: Deps.Clock in tests that need a fixed day,
// time.Now otherwise.
func (r *kit) now() time.Time { return r.clock() }
