package handlers

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"loa/chat"
	"loa/store"
	"loa/vntime"
)

// A report of a month's meeting after the fact: "hop thang 11 co 25 chi em
// tham du", "báo cáo tháng 11: 27 người", "bc hop ngay 15/11 duoc 30
// nguoi". The figure goes to that month's meeting of the branch, never to
// the current month's. A bot started mid-month, or a branch added later,
// has no meeting for the months before: the month's meeting is made (as
// the monthly rule makes it) once she confirms, for this month and the
// two before; older months are for the commune's paper report. One meeting
// per branch per month, so the roll-up never counts a month twice.

const (
	msgReportMonthNone  = "Chi hội chưa có buổi sinh hoạt %s trên Loa. "
	msgReportMonthAsk   = "Loa sẽ ghi %s người dự \"%s\"%s. Đúng không ạ?"
	msgReportMonthAsk0  = "Loa sẽ tạo buổi \"%s\"%s để chị báo cáo số người dự. Đúng không ạ?"
	msgReportMonthOld   = "Loa chỉ nhận báo cáo của tháng này và hai tháng trước ạ. Số liệu %s chị gửi Hội LHPN xã, phường giúp Loa nhé."
	msgReportMonthAhead = "%s chưa tới ạ. Sau buổi sinh hoạt chị báo cáo nhé."
	// monthsBack is how many months before the current one a report may
	// still create the month's meeting for.
	monthsBack = 2
)

// reMonthNamed finds a month she named: "tháng 11", "thang 11/2026", "th 11".
var reMonthNamed = regexp.MustCompile(`(?i)(?:^|[^\pL\d])((?:tháng|thang|th)\s*(\d{1,2})(?:\s*[/\-]\s*(\d{4}))?)(?:$|[^\pL\d/])`)

// namedMonth reads the month named in text: without a year, the latest
// such month (this one included), as a report is of a month gone by.
func namedMonth(text string, now time.Time) (store.Period, bool) {
	m := reMonthNamed.FindStringSubmatch(text)
	if m == nil {
		return store.Period{}, false
	}
	month, _ := strconv.Atoi(m[2])
	if month < 1 || month > 12 {
		return store.Period{}, false
	}
	now = now.In(vntime.Zone)
	year := now.Year()
	if m[3] != "" {
		year, _ = strconv.Atoi(m[3])
	} else if time.Month(month) > now.Month() {
		year-- // "tháng 12" said in January
	}
	return store.MonthOf(time.Date(year, time.Month(month), 1, 0, 0, 0, 0, vntime.Zone)), true
}

// reportInMonth is a report naming a month: that month's meetings only.
func (r *attendance) reportInMonth(ctx context.Context, u chat.Update, unit string, p store.Period, count int64) []chat.Reply {
	now := r.now()
	if p.Start.After(now) {
		return []chat.Reply{{Text: fmt.Sprintf(msgReportMonthAhead, capitalize(p.Label()))}}
	}
	if p.Start.Before(store.MonthOf(now).Start.AddDate(0, -monthsBack, 0)) {
		return []chat.Reply{{Text: fmt.Sprintf(msgReportMonthOld, p.Label())}}
	}
	return r.reportInSpan(ctx, u, unit, when{From: p.Start, To: p.End(), Weekday: -1, Hour: -1}, count)
}

// wholeMonth is the calendar month [from, to) covers exactly, if it does.
func wholeMonth(from, to time.Time) (store.Period, bool) {
	p := store.MonthOf(from)
	return p, p.Start.Equal(from) && p.End().Equal(to)
}

// offerMonthly asks her to confirm the month's meeting of her branch,
// made when she says yes, with the figure she gave (count -1: none yet).
// day, when not zero, is the day she named: the meeting starts then, so
// it shows the day it took place. ok is false when unit is no
// branch (staff report for their own unit's events) or the month is out
// of the window: the caller says what it said before.
func (r *attendance) offerMonthly(ctx context.Context, u chat.Update, unit string, p store.Period, day time.Time, count int64) ([]chat.Reply, bool) {
	now := r.now()
	if p.Start.After(now) || p.Start.Before(store.MonthOf(now).Start.AddDate(0, -monthsBack, 0)) {
		return nil, false
	}
	un, err := r.store.Unit(ctx, unit)
	if err != nil {
		return r.failed(u, "load unit", err), true
	}
	if un.Kind != "branch" {
		return nil, false
	}
	rule := monthlyMeeting(unit, p.Start)
	title, start := rule.Title, rule.Start
	intro, note := fmt.Sprintf(msgReportMonthNone, p.Label()), ""
	if !day.IsZero() {
		intro = fmt.Sprintf(msgReportNoneOnDay, day.Format("02/01/2006"))
		note = " (họp ngày " + eventDay(day) + ")"
		start = day
	}
	state := stepHeadcount + ":month|" + strconv.FormatInt(start.UnixMilli(), 10) + "|" + strconv.FormatInt(count, 10)
	if err := r.store.SetPending(ctx, u.Platform, u.ChatID, u.UserID, state); err != nil {
		return r.failed(u, "save step", err), true
	}
	r.log.Info("report of a month without its meeting", "platform", u.Platform, "month", p.Key())
	ask := fmt.Sprintf(msgReportMonthAsk0, title, note)
	if count >= 0 {
		ask = fmt.Sprintf(msgReportMonthAsk, chat.FormatCount(count), title, note)
	}
	return []chat.Reply{confirmReply(intro+ask, labelYesRecord)}, true
}

// monthReportStep answers offerMonthly: "ms|count" (the meeting's start,
// the figure or -1).
func (r *attendance) monthReportStep(ctx context.Context, u chat.Update, arg string, cmds plainCommands, again bool) []chat.Reply {
	msText, countText, ok := strings.Cut(arg, "|")
	if !ok {
		return []chat.Reply{{Text: msgConfirmGone}}
	}
	start, count := time.UnixMilli(atoi(msText)), atoi(countText)
	p := store.MonthOf(start)
	unit, replies, ok := r.reportingUnit(ctx, u)
	if !ok {
		return replies
	}
	switch yesNoWord(u.Text) {
	case 0:
		return []chat.Reply{{Text: msgNothingDone}}
	case -1:
		n, _, ok := figureIn(u.Text, r.now())
		if !ok {
			return r.noFigure(ctx, u, cmds, "month|"+arg, again)
		}
		day := time.Time{}
		if !start.Equal(monthlyMeeting("", p.Start).Start) {
			day = start
		}
		if replies, ok := r.offerMonthly(ctx, u, unit, p, day, n); ok { // another figure: read back again
			return replies
		}
		return []chat.Reply{{Text: msgConfirmGone}}
	}
	ne := monthlyMeeting(unit, p.Start)
	if ne.Start = start; !ne.Close.After(start) {
		ne.Close = start.Add(store.DefaultEventLength) // "22h" on the month's last day
	}
	e, created, err := r.store.CreateMonthlyMeeting(ctx, ne)
	if err != nil {
		return r.failed(u, "create the month's meeting", err)
	}
	r.log.Info("month's meeting made for a report", "platform", u.Platform, "event", e.ID, "unit", e.Unit, "created", created)
	var out []chat.Reply
	if created {
		out = append(out, chat.Reply{Text: fmt.Sprintf(msgEventRecorded, e.Title, r.unitName(ctx, e.Unit), eventDay(e.Start))})
	}
	if count < 0 {
		return append(out, r.askStep(ctx, u, stepHeadcount+":"+e.ID, askCountText(e))...)
	}
	return append(out, r.saveHeadcount(ctx, u, e, count)...)
}

// capitalize makes the first letter upper case: "tháng 1/2027" → "Tháng 1/2027".
func capitalize(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	return strings.ToUpper(string(r[0])) + string(r[1:])
}
