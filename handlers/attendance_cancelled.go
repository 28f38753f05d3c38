package handlers

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"loa/chat"
	"loa/store"
	"loa/vntime"
)

// A head tells Loa a meeting did not take place ("họp tháng này bị huỷ",
// "hôm qua không họp được, huỷ rồi"). Loa finds the meeting (the one of the
// day she names, else this month's), reads it back with a button, and on
// her yes records it as cancelled: she is no longer reminded of it and
// staff figures show the branch as "hoãn/hủy" rather than "chưa báo cáo".
// A figure she reports later for the same meeting undoes it (store).

const (
	stepCancel = "huyhop" // arg: event id; a yes/no about cancelling it

	msgCancelNoMeeting = "Loa chưa tìm thấy buổi họp nào của chi hội chị để ghi là hoãn/huỷ ạ, nên Loa chưa ghi gì. " +
		"Chị báo cán bộ Hội xã biết giúp Loa nhé; khi họp bù, chị báo cáo số người như thường (ví dụ: /baocao họp chủ nhật 20 người)."
	msgCancelAsk      = "Loa sẽ ghi buổi \"%s\" (%s) là hoãn/huỷ: Loa không nhắc báo cáo buổi này nữa, và cán bộ Hội xã thấy chi hội là hoãn/huỷ. Đúng không ạ?"
	labelYesCancel    = "✅ Đúng, hoãn/huỷ"
	msgCancelSaved    = "✅ Loa đã ghi buổi \"%s\" (%s) là hoãn/huỷ và sẽ không nhắc báo cáo buổi này nữa. Nếu buổi họp vẫn diễn ra hoặc họp bù trong tháng, chị báo cáo số người như thường nhé (ví dụ: /baocao 20 người)."
	msgCancelAgain    = "Buổi \"%s\" (%s) đã được ghi là hoãn/huỷ rồi ạ."
	msgCancelReported = "Buổi \"%s\" (%s) đã có báo cáo %s người nên Loa không ghi hoãn/huỷ được ạ. Nếu số đó nhầm, chị gõ lại số đúng nhé."
)

// saysCancelled tells whether text says a meeting did not take place.
func saysCancelled(text string) bool {
	has := foldWords(strings.Fields(text)).has
	return !has("hop tac", "thong bao") &&
		has("huy", "bi huy", "hoan", "bi hoan", "khong hop", "khong to chuc", "khong hop duoc", "khong sinh hoat") &&
		has("hop", "sinh hoat", "buoi", "su kien")
}

// cancelledCommand answers "họp … bị huỷ" typed alone (intents_staff.go)
// or /huyhop: it finds her branch's meeting and asks her to confirm.
func (r *attendance) cancelledCommand(ctx context.Context, u chat.Update, args string) []chat.Reply {
	unit, replies, ok := r.reportingUnit(ctx, u)
	if !ok {
		return replies
	}
	text := strings.TrimSpace(args)
	if text == "" {
		text = u.Text
	}
	e, found, err := r.meetingToCancel(ctx, unit, text)
	if err != nil {
		return r.failed(u, "find meeting to cancel", err)
	}
	r.log.Info("head says a meeting was cancelled", "platform", u.Platform, "found", found)
	if !found {
		return []chat.Reply{{Text: msgCancelNoMeeting}}
	}
	return r.askCancel(ctx, u, e)
}

// meetingToCancel is the branch's meeting of the day text names ("hôm
// qua", "thứ 7", or the monthly meeting spanning it), else its latest
// meeting of this month without a figure.
func (r *attendance) meetingToCancel(ctx context.Context, unit, text string) (store.Event, bool, error) {
	now := r.now()
	if w := parseWhen(text, now).lastWeekday(now); w.Day {
		day := time.Date(w.At.Year(), w.At.Month(), w.At.Day(), 0, 0, 0, 0, vntime.Zone)
		evs, err := r.store.UnitEvents(ctx, unit, day.Add(-reportLookback), day.AddDate(0, 0, 1))
		if err != nil {
			return store.Event{}, false, err
		}
		var found *store.Event
		for i := range evs { // an event starting that day, else a meeting spanning it
			e := evs[i]
			sameDay := !e.Start.Before(day) && e.Start.Before(day.AddDate(0, 0, 1))
			spans := e.Source == store.SourceRule && e.Start.Before(day.AddDate(0, 0, 1)) && e.Close.After(day)
			if sameDay || (spans && found == nil) {
				found = &evs[i]
			}
		}
		if found != nil {
			return *found, true, nil
		}
		return store.Event{}, false, nil
	}
	// "Tháng này", or the month she names ("tháng 11 không họp"): the
	// month's meetings, also those still to come (the
	// month's own starts at 07:00 on the 1st; one made with /sukien may be
	// later in the month). The latest one begun without a figure, else the
	// next one to come, else the latest (reported: askCancel says so).
	thisMonth := store.MonthOf(now)
	month := thisMonth
	if p, ok := namedMonth(text, now); ok {
		month = p
	}
	evs, err := r.store.UnitEvents(ctx, unit, month.Start, month.End())
	if err != nil {
		return store.Event{}, false, err
	}
	if len(evs) == 0 && !month.Start.Equal(thisMonth.Start) {
		return store.Event{}, false, nil // another month with no meeting on Loa
	}
	if len(evs) == 0 {
		// Before the scheduler made it (it waits for the end of quiet
		// hours on the 1st): the month's meeting is made now, as it
		// would be, so that she can say it will not take place.
		return r.monthlyMeetingOf(ctx, unit, now)
	}
	var upcoming *store.Event
	for i := len(evs) - 1; i >= 0; i-- {
		if evs[i].Reported {
			continue
		}
		if !evs[i].Start.After(now.Add(time.Minute)) {
			return evs[i], true, nil // cancelled already: askCancel says so
		}
		if evs[i].Cancelled.IsZero() {
			upcoming = &evs[i]
		}
	}
	if upcoming != nil {
		return *upcoming, true, nil
	}
	return evs[len(evs)-1], true, nil
}

// monthlyMeetingOf is the branch's meeting of the month containing now,
// made if the scheduler has not made it yet; found is false for a unit
// that is not a branch (staff reporting for a commune).
func (r *attendance) monthlyMeetingOf(ctx context.Context, unit string, now time.Time) (store.Event, bool, error) {
	un, err := r.store.Unit(ctx, unit)
	if err != nil {
		return store.Event{}, false, err
	}
	if un.Kind != "branch" {
		return store.Event{}, false, nil
	}
	e, _, err := r.store.CreateMonthlyMeeting(ctx, monthlyMeeting(un.Code, now))
	if err != nil {
		return store.Event{}, false, err
	}
	return e, true, nil
}

// askCancel reads the meeting back with a button before recording it as
// cancelled.
func (r *attendance) askCancel(ctx context.Context, u chat.Update, e store.Event) []chat.Reply {
	switch {
	case e.Reported:
		return []chat.Reply{{Text: fmt.Sprintf(msgCancelReported, e.Title, eventDay(e.Start), chat.FormatCount(e.Headcount))}}
	case !e.Cancelled.IsZero():
		return []chat.Reply{{Text: fmt.Sprintf(msgCancelAgain, e.Title, eventDay(e.Start))}}
	}
	if err := r.store.SetPending(ctx, u.Platform, u.ChatID, u.UserID, stepCancel+":"+e.ID); err != nil {
		return r.failed(u, "save step", err)
	}
	return []chat.Reply{confirmReply(fmt.Sprintf(msgCancelAsk, e.Title, eventDay(e.Start)), labelYesCancel)}
}

// cancelStep answers the confirmation, typed or pressed (confirmButton).
func (r *attendance) cancelStep(ctx context.Context, u chat.Update, id string, cmds plainCommands) []chat.Reply {
	switch yesNoWord(u.Text) {
	case 0:
		return []chat.Reply{{Text: msgNothingDone}}
	case -1:
		if replies, ok := r.otherCommand(ctx, u, cmds); ok {
			return replies
		}
		return nil // no answer to the question: the router goes on
	}
	e, ok, replies := r.reportableEvent(ctx, u, id)
	if !ok {
		return replies
	}
	done, err := r.store.CancelEvent(ctx, e.ID, identity(u), r.now())
	if errors.Is(err, store.ErrEventReported) {
		e, _ = r.store.Event(ctx, e.ID)
		return []chat.Reply{{Text: fmt.Sprintf(msgCancelReported, e.Title, eventDay(e.Start), chat.FormatCount(e.Headcount))}}
	}
	if err != nil {
		return r.failed(u, "cancel meeting", err)
	}
	if !done {
		return []chat.Reply{{Text: fmt.Sprintf(msgCancelAgain, e.Title, eventDay(e.Start))}}
	}
	r.log.Info("meeting recorded as cancelled", "platform", u.Platform, "event", e.ID, "unit", e.Unit)
	return []chat.Reply{{Text: fmt.Sprintf(msgCancelSaved, e.Title, eventDay(e.Start))}}
}
