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
// they cannot be read (logged: her joining must not fail for it).
func (k *kit) openMeetingCodes(ctx context.Context, unit, unitName string) []chat.Reply {
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
		out = append(out, chat.Reply{Text: fmt.Sprintf(msgOpenMeetingToHead, unitName, e.Title, eventDay(e.Start), eventDay(e.Close), e.Code, e.Code)})
	}
	return out
}
