package handlers

// Attendance: a member says she is there in words ("có mặt", "em đến rồi",
// "đã đến") instead of typing the meeting's code.

import (
	"context"
	"fmt"
	"time"

	"loa/chat"
	"loa/store"
)

const (
	msgPresentNone = "Chi hội của chị chưa có buổi sinh hoạt nào đang mở điểm danh lúc này ạ. " +
		"Nếu chị đang dự, chị gõ /diemdanh kèm mã 6 chữ số chi hội trưởng đọc tại buổi nhé."
	msgPresentPick = "Chị đang dự buổi nào ạ? Chị chọn để điểm danh nhé:"
	// presentNow is how close to now a meeting's start must be for "có mặt"
	// to mean it rather than the month's meeting, open all month.
	presentNow = 6 * time.Hour
	// presentLookback reaches the month's meeting, which starts on the 1st.
	presentLookback = 32 * 24 * time.Hour
)

// presentCommand checks her in to the meeting her branch holds now: the
// one meeting open for check-in, or of several the ones starting within
// presentNow of now (a head's /sukien tonight rather than the month's
// meeting). More than one left: she picks. In a group only a member is
// answered, and briefly: the others' words are for the people there.
func (r *attendance) presentCommand(ctx context.Context, u chat.Update, _ string) []chat.Reply {
	m, ok, err := r.member(ctx, u)
	if err != nil {
		return r.failed(u, "load member", err)
	}
	if !ok {
		if u.Group {
			return nil
		}
		return []chat.Reply{{Text: msgCheckInNoMember}}
	}
	now := r.now()
	evs, err := r.store.UnitEvents(ctx, m.Unit, now.Add(-presentLookback), now.Add(store.CheckInEarly))
	if err != nil {
		return r.failed(u, "load events", err)
	}
	var open, near []store.Event
	for _, e := range evs {
		if e.State != store.EventOpen || !e.Cancelled.IsZero() || !now.Before(e.Close) || now.Before(e.Start.Add(-store.CheckInEarly)) {
			continue
		}
		open = append(open, e)
		if d := e.Start.Sub(now); d < presentNow && d > -presentNow {
			near = append(near, e)
		}
	}
	if len(near) > 0 {
		open = near
	}
	switch len(open) {
	case 0:
		if u.Group {
			return nil
		}
		return []chat.Reply{{Text: msgPresentNone}}
	case 1:
		r.log.Info("check-in in words", "platform", u.Platform, "event", open[0].ID, "group", u.Group)
		out := r.checkIn(ctx, u, func(now time.Time) (store.CheckInResult, error) {
			return r.store.CheckInWithToken(ctx, open[0].ID, open[0].Token, identity(u), now)
		})
		if u.Group && u.UserName != "" {
			// "Chị đã điểm danh" under many members' words: whose it is.
			for i := range out {
				out[i].Text = u.UserName + ": " + out[i].Text
			}
		}
		return out
	}
	reply := chat.Reply{Text: msgPresentPick}
	for _, e := range open {
		b := checkInButtonFor(e.ID, e.Token)
		b.Text = fmt.Sprintf("%s (%s)", e.Title, eventDay(e.Start))
		reply.Buttons = append(reply.Buttons, []chat.Button{b})
	}
	return []chat.Reply{reply}
}
