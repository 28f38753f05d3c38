package handlers

// The question desk: the batched alert to heads and staff of new questions.

import (
	"context"
	"errors"
	"fmt"
	"time"

	"loa/chat"
	"loa/store"
)

// AlertNewQuestions tells every head and staff member above the questions
// opened since the last run, in one message each ("Có 3 câu hỏi mới …"),
// through the outbox. The scheduler runs it every few minutes outside
// quiet hours; at night the questions wait and the morning run counts them
// all. slot makes the messages of one run idempotent. It returns how many
// people were told.
func (r *questionDesk) AlertNewQuestions(ctx context.Context, slot time.Time) (int, error) {
	counts := map[store.Identity]int64{}
	heads := map[string][]store.Identity{} // unit → the heads and staff it reaches
	for {
		alerts, err := r.store.TakeQuestionAlerts(ctx, alertBatch)
		if err != nil {
			return 0, fmt.Errorf("question alerts: %w", err)
		}
		for _, al := range alerts {
			who, ok := heads[al.Unit]
			if !ok {
				if who, err = r.questionReaders(ctx, al.Unit); err != nil {
					return 0, fmt.Errorf("question alerts: %w", err)
				}
				heads[al.Unit] = who
			}
			if len(who) == 0 {
				r.log.Warn("question has nobody to tell", "unit", al.Unit, "question", al.ID)
			}
			for _, id := range who {
				counts[id]++
			}
		}
		if len(alerts) < alertBatch {
			break
		}
	}
	if len(counts) == 0 {
		return 0, nil
	}
	if r.outbox == nil {
		return 0, errors.New("question alerts: no outbox configured")
	}
	told := 0
	var errs []error
	for id, n := range counts {
		err := r.outbox.QueueBulk(ctx, chat.BulkMessage{
			Platform: id.Platform, Label: "Câu hỏi mới",
			Message: chat.Reply{Text: fmt.Sprintf(msgQuestionAlert, chat.FormatCount(n))},
			Chats:   []chat.BulkChat{{ChatID: id.UserID, MemberKey: id.String()}},
			Key:     fmt.Sprintf("qalert:%d:%s", slot.Unix(), id),
		})
		if err != nil {
			errs = append(errs, err)
			continue
		}
		told++
	}
	return told, errors.Join(errs...)
}

// questionReaders are the heads and staff who may answer a question of
// unit: the heads and staff of the unit and of every unit above it.
func (r *questionDesk) questionReaders(ctx context.Context, unit string) ([]store.Identity, error) {
	anc, err := r.store.Ancestors(ctx, unit)
	if errors.Is(err, store.ErrUnitUnknown) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	seen := map[store.Identity]bool{}
	var out []store.Identity
	path := append([]string{unit}, store.UnitCodes(anc)...)
	for _, code := range path {
		grants, err := r.store.GrantsOnUnit(ctx, code)
		if err != nil {
			return nil, err
		}
		for _, g := range grants {
			reader := Actor{ID: g.Identity, Grants: []store.Grant{{Role: g.Role, Unit: code}}}
			if !seen[g.Identity] && Can(reader, ActAnswerQuestion, unit, path[1:]) {
				seen[g.Identity] = true
				out = append(out, g.Identity)
			}
		}
	}
	return out, nil
}
