package delivery

import (
	"context"
	"errors"
	"fmt"

	"loa/chat"
)

// bulkBatch is how many recipients one AddRecipients call carries.
const bulkBatch = 1000

// QueueBulk makes the engine the conversation's Outbox (event invitations, report
// reminders): one notice-priority job for m.Chats, started at once. A
// repeated m.Key finds the first job: recipients it already has are skipped
// and a started job is left as it is, so a retry after a crash completes
// the job without sending anything twice.
func (e *Engine) QueueBulk(ctx context.Context, m chat.BulkMessage) error {
	if len(m.Chats) == 0 {
		return nil
	}
	id, _, err := e.CreateJob(ctx, Job{Platform: m.Platform, Kind: KindNotice, Label: m.Label, Message: m.Message, IdempotencyKey: m.Key})
	if err != nil {
		return fmt.Errorf("queue bulk: %w", err)
	}
	for i := 0; i < len(m.Chats); i += bulkBatch {
		batch := m.Chats[i:min(i+bulkBatch, len(m.Chats))]
		rs := make([]Recipient, len(batch))
		for j, c := range batch {
			rs[j] = Recipient{ChatID: c.ChatID, MemberKey: c.MemberKey}
		}
		if _, err := e.AddRecipients(ctx, id, rs); errors.Is(err, ErrJobStarted) {
			return nil // an earlier call finished the job
		} else if err != nil {
			return fmt.Errorf("queue bulk: %w", err)
		}
	}
	if err := e.Start(ctx, id); err != nil {
		return fmt.Errorf("queue bulk: %w", err)
	}
	return nil
}
