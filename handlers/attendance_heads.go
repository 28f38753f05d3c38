package handlers

import (
	"context"
	"errors"
	"fmt"

	"loa/chat"
	"loa/store"
)

// A head who takes her role after her branch's meeting was created (the
// month's meeting is made on the 1st, heads are invited any day) was not
// there when its check-in code went out: she gets the codes of the
// branch's open meetings as she becomes head — in the chat when she joins
// with an invite, through the outbox when an operator made her head with
// `bot admin grant` (BriefNewHeads).

const msgOpenMeetingToHead = "📅 %s đang có sự kiện \"%s\" (%s đến %s).\n🔢 Mã điểm danh: %s\n\nTại buổi sinh hoạt, chị đọc mã này để hội viên gõ /diemdanh %s; sau buổi sinh hoạt chị báo cáo số người dự bằng /baocao nhé."

// openMeetings are the unit's meetings still open now.
func (k *kit) openMeetings(ctx context.Context, unit string) ([]store.Event, error) {
	now := k.now()
	evs, err := k.store.UnitEvents(ctx, unit, now.Add(-reportLookback), now.Add(reportLookback))
	if err != nil {
		return nil, err
	}
	var out []store.Event
	for _, e := range evs {
		if e.State == store.EventOpen && e.Close.After(now) {
			out = append(out, e)
		}
	}
	return out, nil
}

func openMeetingMessage(e store.Event, unitName string) chat.Reply {
	return chat.Reply{Text: fmt.Sprintf(msgOpenMeetingToHead, unitName, e.Title, eventDay(e.Start), eventDay(e.Close), e.Code, e.Code)}
}

// headCodeKey is the outbox key under which head who is told the code of
// e: the month's meeting under the key the hourly jobs use ("monthly:…"),
// so she gets it once however she became head.
func headCodeKey(e store.Event, who store.Identity) string {
	if e.Source == store.SourceRule {
		return monthlyKey(e.ID) + ":" + who.String()
	}
	return "headcode:" + e.ID + ":" + who.String()
}

// queueHeadCode sends head who the code of e through the outbox.
func (k *kit) queueHeadCode(ctx context.Context, who store.Identity, e store.Event, unitName string) error {
	if k.outbox == nil {
		return errors.New("no outbox configured")
	}
	return k.outbox.QueueBulk(ctx, chat.BulkMessage{
		Platform: who.Platform, Label: "Mã điểm danh", Message: openMeetingMessage(e, unitName),
		Chats: []chat.BulkChat{{ChatID: who.UserID, MemberKey: who.String()}},
		Key:   headCodeKey(e, who),
	})
}

// openMeetingCodes are the messages that give a new head the check-in codes
// of her branch's meetings still open; none when there are none, or when
// they cannot be read (logged: her joining must not fail for it). The
// month's meeting goes through the outbox (headCodeKey), so she gets it
// once, not again at the next run; it may arrive just before the welcome.
func (k *kit) openMeetingCodes(ctx context.Context, u chat.Update, unit, unitName string) []chat.Reply {
	evs, err := k.openMeetings(ctx, unit)
	if err != nil {
		k.log.Warn("open meetings for a new head", "unit", unit, "error", err)
		return nil
	}
	var out []chat.Reply
	for _, e := range evs {
		if e.Source == store.SourceRule {
			err := k.queueHeadCode(ctx, identity(u), e, unitName)
			if err == nil {
				continue
			}
			k.log.Warn("queue the month's meeting code for a new head", "unit", unit, "error", err)
		}
		out = append(out, openMeetingMessage(e, unitName))
	}
	return out
}

// BriefNewHeads sends each head made with `bot admin grant` (store.BriefHead)
// the codes of her branch's open meetings, the month's and those made with
// /sukien, as an invited head gets them on joining; it returns how many
// heads it briefed. A head is forgotten only once her codes are queued.
func (r *Router) BriefNewHeads(ctx context.Context) (int, error) {
	return r.events.BriefNewHeads(ctx)
}

func (r *attendance) BriefNewHeads(ctx context.Context) (int, error) {
	heads, err := r.store.HeadsToBrief(ctx)
	if err != nil {
		return 0, fmt.Errorf("brief new heads: %w", err)
	}
	done := 0
	var errs []error
	for _, who := range heads {
		if err := r.briefHead(ctx, who); err != nil {
			errs = append(errs, err)
			continue
		}
		if err := r.store.DoneBriefingHead(ctx, who); err != nil {
			errs = append(errs, err)
			continue
		}
		done++
	}
	if err := errors.Join(errs...); err != nil {
		return done, fmt.Errorf("brief new heads: %w", err)
	}
	return done, nil
}

func (r *attendance) briefHead(ctx context.Context, who store.Identity) error {
	grants, err := r.store.Roles(ctx, who.Platform, who.UserID)
	if err != nil {
		return err
	}
	for _, g := range grants {
		if g.Role != store.RoleHead {
			continue
		}
		evs, err := r.openMeetings(ctx, g.Unit)
		if err != nil {
			return err
		}
		name := r.unitName(ctx, g.Unit)
		for _, e := range evs {
			if err := r.queueHeadCode(ctx, who, e, name); err != nil {
				return err
			}
		}
	}
	return nil
}

// monthlyKey is the outbox key under which heads are told of the month's
// meeting, one key per head after it.
func monthlyKey(eventID string) string { return "monthly:" + eventID }
