package main

import (
	"context"
	"errors"

	"loa/chat"
)

// attendanceOutbox hands event invitations and report reminders from the
// router to the delivery engine (handlers.Outbox). It is bound to the App
// because the router is built before the engine.
type attendanceOutbox struct{ a *App }

func (o attendanceOutbox) QueueBulk(ctx context.Context, m chat.BulkMessage) error {
	if o.a.delivery == nil {
		return errors.New("queue bulk: delivery engine not started")
	}
	return o.a.delivery.QueueBulk(ctx, m)
}
