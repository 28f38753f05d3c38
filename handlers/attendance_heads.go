package handlers

import (
	"context"
	"fmt"

	"loa/chat"
	"loa/store"
)

// A head who takes her role after her branch's meeting was created (the
// month's meeting is made on the 1st, heads are invited any day) was not
// there when its check-in code went out: she gets the codes of the
// branch's open meetings as she becomes head.

const msgOpenMeetingToHead = "📅 %s đang có sự kiện \"%s\" (%s đến %s).\n🔢 Mã điểm danh: %s\n\nTại buổi sinh hoạt, chị đọc mã này để hội viên gõ /diemdanh %s; sau buổi sinh hoạt chị báo cáo số người dự bằng /baocao nhé."

// openMeetingCodes are the messages that give a new head the check-in codes
// of her branch's meetings still open; none when there are none, or when
// they cannot be read (logged: her joining must not fail for it). The
// month's meeting goes through the outbox under the key the hourly jobs
// use to tell heads of it ("monthly:<event>:<head>"), so she gets it once,
// not again at the next run; it may arrive just before the welcome.
func (k *kit) openMeetingCodes(ctx context.Context, u chat.Update, unit, unitName string) []chat.Reply {
	now := k.now()
	evs, err := k.store.UnitEvents(ctx, unit, now.Add(-reportLookback), now.Add(reportLookback))
	if err != nil {
		k.log.Warn("open meetings for a new head", "unit", unit, "error", err)
		return nil
	}
	var out []chat.Reply
	for _, e := range evs {
		if e.State != store.EventOpen || !e.Close.After(now) {
			continue
		}
		msg := chat.Reply{Text: fmt.Sprintf(msgOpenMeetingToHead, unitName, e.Title, eventDay(e.Start), eventDay(e.Close), e.Code, e.Code)}
		if e.Source == store.SourceRule && k.outbox != nil {
			who := identity(u)
			err := k.outbox.QueueBulk(ctx, chat.BulkMessage{
				Platform: u.Platform, Label: "Mã điểm danh", Message: msg,
				Chats: []chat.BulkChat{{ChatID: u.UserID, MemberKey: who.String()}},
				Key:   monthlyKey(e.ID) + ":" + who.String(),
			})
			if err == nil {
				continue
			}
			k.log.Warn("queue the month's meeting code for a new head", "unit", unit, "error", err)
		}
		out = append(out, msg)
	}
	return out
}

// monthlyKey is the outbox key under which heads are told of the month's
// meeting, one key per head after it.
func monthlyKey(eventID string) string { return "monthly:" + eventID }
