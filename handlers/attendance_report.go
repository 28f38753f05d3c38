package handlers

// Attendance: the head reports the headcount (/baocao), staff nudge the
// branches that have not (/nhacbaocao).

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"

	"loa/chat"
	"loa/store"
	"loa/vntime"
)

// reportingUnit is the unit whose meetings she reports on (her branch, or
// her own unit for staff), when she may report for it; otherwise the
// replies that say why.
func (r *attendance) reportingUnit(ctx context.Context, u chat.Update) (string, []chat.Reply, bool) {
	a, err := r.actor(ctx, u)
	if err != nil {
		return "", r.failed(u, "load actor", err), false
	}
	unit := homeUnit(a, store.RoleHead, store.RoleStaff)
	if unit == "" {
		return "", []chat.Reply{{Text: msgReportNotHead}}, false
	}
	if ok, err := r.may(ctx, a, ActReportAttendance, unit); err != nil {
		return "", r.failed(u, "authorize report", err), false
	} else if !ok {
		return "", []chat.Reply{{Text: msgReportNotHead}}, false
	}
	return unit, nil, true
}

func (r *attendance) reportCommand(ctx context.Context, u chat.Update, args string) []chat.Reply {
	unit, replies, ok := r.reportingUnit(ctx, u)
	if !ok {
		return replies
	}
	count := int64(-1)
	if args = strings.TrimSpace(args); args != "" {
		mine, other, named, err := r.otherUnitNamed(ctx, unit, args)
		if err != nil {
			return r.failed(u, "read unit names", err)
		}
		if named {
			r.log.Info("report names another unit", "platform", u.Platform)
			return []chat.Reply{{Text: fmt.Sprintf(msgReportOtherUnit, mine.Name, other.Name, other.Name, mine.Name)}}
		}
		if n, _, ok := parseHeadcount(args); ok {
			count = n
		} else {
			n, _, rest, found := findHeadcount(args)
			if !found {
				n = -1
			} else if _, _, _, again := findHeadcount(rest); again {
				// "họp thứ 7 20 người, chủ nhật họp tổ 15 người": which
				// figure goes with which meeting is a guess; nothing is
				// recorded, and she is told so.
				r.log.Info("report with two figures", "platform", u.Platform)
				return []chat.Reply{{Text: msgReportTwoFigures}}
			}
			// A weekday alone ("họp thứ 7 có 20 người") is the last one.
			if w := parseWhen(rest, r.now()).lastWeekday(r.now()); w.Day {
				return r.reportOnDay(ctx, u, unit, w, n)
			} else if !w.From.IsZero() {
				return r.reportInSpan(ctx, u, unit, w, n) // "tuần trước"
			} else if p, ok := namedMonth(rest, r.now()); ok {
				return r.reportInMonth(ctx, u, unit, p, n) // "họp tháng 11 có 25 chị em"
			}
			count = n // a figure without a day, or words about the meeting
		}
	}
	now := r.now()
	evs, err := r.store.UnitEvents(ctx, unit, now.Add(-reportLookback), now.Add(time.Minute))
	if err != nil {
		return r.failed(u, "list events", err)
	}
	if len(evs) == 0 {
		return []chat.Reply{{Text: msgReportNoEvents}}
	}
	list := pickList(evs, count)
	if count < 0 {
		if err := r.store.SetPending(ctx, u.Platform, u.ChatID, u.UserID, stepHeadcount+":"+stepPick); err != nil {
			// She can still press a meeting; only a figure typed instead is lost.
			r.log.Warn("save step", "platform", u.Platform, "error", err)
		}
	}
	return []chat.Reply{list}
}

// reportOnDay is /baocao in one message, "họp chi hội hôm qua 25 người":
// the branch's event of that day (or the monthly meeting covering it) gets
// the figure once she confirms it; without one, she confirms a new event,
// recorded after the fact with its figure. count is -1 when she gave none.
func (r *attendance) reportOnDay(ctx context.Context, u chat.Update, unit string, w when, count int64) []chat.Reply {
	if q, bad := weekdayMismatch(w); bad {
		return []chat.Reply{{Text: q}}
	}
	now := r.now()
	start := w.At
	day := time.Date(start.Year(), start.Month(), start.Day(), 0, 0, 0, 0, vntime.Zone)
	if !w.OK && start.After(now) && day.Before(now) {
		start = now.Add(-time.Minute) // "hôm nay", early in the morning
	}
	if start.After(now) {
		return []chat.Reply{{Text: fmt.Sprintf(msgReportNotYet, start.Format("02/01/2006"))}}
	}
	if start.Before(now.Add(-pastWindow)) {
		return []chat.Reply{{Text: msgEventTooOld}}
	}
	month := store.MonthOf(day)
	evs, err := r.store.UnitEvents(ctx, unit, day.Add(-reportLookback), month.End())
	if err != nil {
		return r.failed(u, "list events", err)
	}
	var found *store.Event
	for i := range evs { // an event starting that day, else the month's meeting
		e := evs[i]
		sameDay := !e.Start.Before(day) && e.Start.Before(day.AddDate(0, 0, 1))
		// The month's meeting (one per branch and month, whatever day it
		// was made to start): a meeting spanning the day, or of its month.
		spans := e.Source == store.SourceRule &&
			(!e.Start.After(start) && e.Close.After(start) || store.MonthOf(e.Start).Start.Equal(month.Start))
		if sameDay || (spans && found == nil) {
			found = &evs[i]
		}
	}
	if found != nil {
		if count < 0 {
			return r.askStep(ctx, u, stepHeadcount+":"+found.ID, askCountText(*found))
		}
		return r.confirmCount(ctx, u, *found, count)
	}
	title := reportTitle(w.Title)
	if title == defaultTitle {
		// No title of her own: the branch's meeting of that month, made
		// if missing, so the month is counted once.
		if replies, ok := r.offerMonthly(ctx, u, unit, store.MonthOf(start), start, count); ok {
			return replies
		}
	}
	figure := ""
	if count >= 0 {
		figure = ", " + chat.FormatCount(count) + " người tham dự"
	}
	state := stepHeadcount + ":new|" + strconv.FormatInt(start.UnixMilli(), 10) + "|" + strconv.FormatInt(count, 10) + "|" + title
	if err := r.store.SetPending(ctx, u.Platform, u.ChatID, u.UserID, state); err != nil {
		return r.failed(u, "save step", err)
	}
	return []chat.Reply{confirmReply(fmt.Sprintf(msgReportNoneOnDay, start.Format("02/01/2006"))+
		fmt.Sprintf(msgReportNewAsk, title, start.Format("02/01/2006"), figure), labelYesRecord)}
}

// reportTitle is the event title left in a one-message report, or the
// usual name of a branch meeting when what is left only says "report the
// headcount of the meeting".
func reportTitle(s string) string {
	meaningful := false
	for _, w := range strings.Fields(s) {
		switch foldWord(w) {
		case "", "bao", "cao", "bc", "so", "nguoi", "du", "tham", "hop", "buoi", "cua", "la", "co", "da", "ngay", "luc", "vao",
			"duoc", "dc", "chi", "hoi", "em", "e", "roi", "xong", "nha", "nhe", "a", "ve", "thi", "hom", "sinh", "hoat":
		default:
			meaningful = true
		}
	}
	if !meaningful {
		return defaultTitle
	}
	r := []rune(strings.TrimSpace(s))
	return string(unicode.ToUpper(r[0])) + string(r[1:])
}

// confirmCount reads a figure back before saving it: the button saves it,
// or she types another figure (the chat waits for the headcount).
func (r *attendance) confirmCount(ctx context.Context, u chat.Update, e store.Event, n int64) []chat.Reply {
	// The figure read back rides in the step, so a typed "đúng" saves it.
	state := stepHeadcount + ":" + e.ID + "=" + strconv.FormatInt(n, 10)
	if err := r.store.SetPending(ctx, u.Platform, u.ChatID, u.UserID, state); err != nil {
		return r.failed(u, "save step", err)
	}
	if e.Reported && e.Headcount == n {
		// The same report sent twice (she thought the first was lost):
		// say it is in, rather than ask her to confirm it again.
		return []chat.Reply{{Text: fmt.Sprintf(msgReportAlready, chat.FormatCount(n), e.Title, eventDay(e.Start))}}
	}
	text := fmt.Sprintf(msgReportConfirm, chat.FormatCount(n), e.Title, eventDay(e.Start))
	if e.Reported {
		// One tap would replace her figure: say which (a meeting of a
		// group, "họp tổ 2", lands on the branch's meeting of the month).
		text = fmt.Sprintf(msgReportReplace, chat.FormatCount(n), e.Title, eventDay(e.Start), chat.FormatCount(e.Headcount))
	}
	return []chat.Reply{{
		Text:    text,
		Buttons: [][]chat.Button{{{Text: fmt.Sprintf(labelYesCount, chat.FormatCount(n)), Data: buttonReport + ":" + e.ID + ":" + strconv.FormatInt(n, 10)}}},
	}}
}

// askCountText asks an event's headcount and says how many members
// already checked in on Loa, so she knows to count them in.
func askCountText(e store.Event) string {
	text := fmt.Sprintf(msgReportAskCount, e.Title, eventDay(e.Start))
	if e.CheckIns > 0 {
		return text + fmt.Sprintf(msgCheckInsSoFar, chat.FormatCount(e.CheckIns))
	}
	return text + msgCheckInsNone
}

func shortLabel(s string) string {
	if r := []rune(s); len(r) > maxButtonLabel {
		return string(r[:maxButtonLabel-1]) + "…"
	}
	return s
}

// parseCount reads a headcount typed by a head: "25", "25 người", "1.200".
func parseCount(s string) (int64, bool) {
	s = strings.TrimSpace(s)
	s = strings.TrimSuffix(strings.TrimSuffix(s, "người"), "nguoi")
	s = strings.NewReplacer(".", "", ",", "", " ", "").Replace(s)
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 || n > store.MaxHeadcount {
		return 0, false
	}
	return n, true
}

func (r *attendance) reportButton(ctx context.Context, u chat.Update, arg string) []chat.Reply {
	id, countText, hasCount := strings.Cut(arg, ":")
	e, ok, replies := r.reportableEvent(ctx, u, id)
	if !ok {
		return replies
	}
	if hasCount {
		n, ok := parseCount(countText)
		if !ok {
			return []chat.Reply{{Text: msgReportBadCount}}
		}
		return r.saveHeadcount(ctx, u, e, n)
	}
	return r.askStep(ctx, u, stepHeadcount+":"+e.ID, askCountText(e))
}

func (r *attendance) headcountStep(ctx context.Context, u chat.Update, arg string, cmds plainCommands) []chat.Reply {
	if arg == stepPick {
		return r.pickedByFigure(ctx, u)
	}
	// "again|…": Loa already said once that it read no figure.
	again := false
	if rest, ok := strings.CutPrefix(arg, stepAgain); ok {
		again, arg = true, rest
	}
	if rest, ok := strings.CutPrefix(arg, "new|"); ok {
		return r.newReportStep(ctx, u, rest, cmds, again)
	}
	if rest, ok := strings.CutPrefix(arg, "month|"); ok {
		return r.monthReportStep(ctx, u, rest, cmds, again)
	}
	arg, readBack, asked := strings.Cut(arg, "=") // "id=25": 25 was read back
	e, ok, replies := r.reportableEvent(ctx, u, arg)
	if !ok {
		return replies
	}
	if asked {
		switch yesNoWord(u.Text) {
		case 1: // "đúng rồi" to "Loa hiểu là 25 người … Đúng không ạ?"
			return r.saveHeadcount(ctx, u, e, atoi(readBack))
		case 0:
			return []chat.Reply{{Text: msgNothingDone}}
		}
	}
	n, exact, ok := figureIn(u.Text, r.now()) // "25", "nhầm, 17 người thôi"
	if !ok {
		if replies, ok := r.otherCommand(ctx, u, cmds); ok {
			return replies
		}
		if saysCancelled(u.Text) {
			return r.askCancel(ctx, u, e) // the meeting she was asked about
		}
		if asked && startsWithNo(u.Text) {
			return []chat.Reply{{Text: msgNothingDone}} // "không phải, họp tổ thôi"
		}
		return r.noFigure(ctx, u, nil, e.ID, again)
	}
	if !exact {
		return r.confirmCount(ctx, u, e, n)
	}
	return r.saveHeadcount(ctx, u, e, n)
}

// newReportStep answers the confirmation of a one-message report of a
// meeting Loa did not know: "ms|count|title".
func (r *attendance) newReportStep(ctx context.Context, u chat.Update, arg string, cmds plainCommands, again bool) []chat.Reply {
	parts := strings.SplitN(arg, "|", 3)
	if len(parts) != 3 {
		return []chat.Reply{{Text: msgConfirmGone}}
	}
	start, count, title := time.UnixMilli(atoi(parts[0])), atoi(parts[1]), parts[2]
	switch yesNoWord(u.Text) {
	case 0:
		return []chat.Reply{{Text: msgNothingDone}}
	case -1:
		n, _, ok := figureIn(u.Text, r.now())
		if !ok {
			return r.noFigure(ctx, u, cmds, "new|"+arg, again)
		}
		// another figure: read it back again
		state := stepHeadcount + ":new|" + parts[0] + "|" + strconv.FormatInt(n, 10) + "|" + title
		if err := r.store.SetPending(ctx, u.Platform, u.ChatID, u.UserID, state); err != nil {
			return r.failed(u, "save step", err)
		}
		return []chat.Reply{confirmReply(fmt.Sprintf(msgReportNewAsk, title, start.In(vntime.Zone).Format("02/01/2006"),
			", "+chat.FormatCount(n)+" người tham dự"), labelYesRecord)}
	}
	unit, ok, err := r.eventUnit(ctx, u)
	if err != nil {
		return r.failed(u, "event unit", err)
	}
	if !ok {
		return []chat.Reply{{Text: msgReportNotHead}}
	}
	return r.recordPastEvent(ctx, u, unit, title, start, count)
}

// noFigure answers what is neither yes, no nor a figure while Loa waits
// for a headcount (headcountStep) or for her yes to a meeting it is about
// to record (newReportStep, monthReportStep): a command she moved on to, a
// meeting that did not take place ("tháng 11 không họp"), or the question
// again under retry (the step's argument), once. The second message with
// no figure is let go (nil): she has moved on ("ai chưa đăng ký Loa"), and
// holding her in the step would answer everything she types with "Loa
// chưa đọc được số này".
func (r *attendance) noFigure(ctx context.Context, u chat.Update, cmds plainCommands, retry string, again bool) []chat.Reply {
	if cmds != nil {
		if replies, ok := r.otherCommand(ctx, u, cmds); ok {
			return replies
		}
		if saysCancelled(u.Text) {
			return r.cancelledCommand(ctx, u, "")
		}
	}
	if again {
		r.log.Info("headcount step let go", "platform", u.Platform)
		return nil
	}
	r.log.Info("headcount not understood", "platform", u.Platform)
	return r.askStep(ctx, u, stepHeadcount+":"+stepAgain+retry, msgReportBadCount)
}

// startsWithNo tells an answer that opens with a no ("không phải, họp tổ
// thôi", "sai rồi"), given to a figure read back.
func startsWithNo(s string) bool {
	words := strings.Fields(strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return r
		}
		return ' '
	}, s))
	if len(words) == 0 {
		return false
	}
	first := foldWord(words[0])
	second := ""
	if len(words) > 1 {
		second = foldWord(words[1])
	}
	switch first {
	case "sai":
		return true
	case "khong", "ko", "k", "kh":
		return second == "phai" || second == "dung"
	}
	return false
}

// reportableEvent loads the event and checks that the sender may report
// for its unit.
func (r *attendance) reportableEvent(ctx context.Context, u chat.Update, id string) (store.Event, bool, []chat.Reply) {
	e, err := r.store.Event(ctx, id)
	if errors.Is(err, store.ErrEventUnknown) {
		return e, false, []chat.Reply{{Text: msgEventGone}}
	}
	if err != nil {
		return e, false, r.failed(u, "load event", err)
	}
	a, err := r.actor(ctx, u)
	if err != nil {
		return e, false, r.failed(u, "load actor", err)
	}
	ok, err := r.may(ctx, a, ActReportAttendance, e.Unit)
	if err != nil {
		return e, false, r.failed(u, "authorize report", err)
	}
	if !ok {
		r.log.Info("headcount report refused", "platform", u.Platform, "event", e.ID)
		return e, false, []chat.Reply{{Text: msgReportDenied}}
	}
	return e, true, nil
}

func (r *attendance) saveHeadcount(ctx context.Context, u chat.Update, e store.Event, n int64) []chat.Reply {
	res, err := r.store.ReportHeadcount(ctx, e.ID, identity(u), n, r.now())
	if errors.Is(err, store.ErrEventNotStarted) {
		return []chat.Reply{{Text: fmt.Sprintf(msgReportEarly, e.Title)}}
	}
	if err != nil {
		return r.failed(u, "report headcount", err)
	}
	r.log.Info("headcount reported", "platform", u.Platform, "event", e.ID, "corrected", res.Corrected)
	if res.Corrected && res.Previous != n {
		return []chat.Reply{{Text: fmt.Sprintf(msgReportFixed, e.Title, eventDay(e.Start), chat.FormatCount(res.Previous), chat.FormatCount(n))}}
	}
	return []chat.Reply{{Text: fmt.Sprintf(msgReportSaved, chat.FormatCount(n), e.Title, eventDay(e.Start))}}
}

// ---- reminders: automatic and /nhacbaocao ----

func (r *attendance) nudgeCommand(ctx context.Context, u chat.Update, args string) []chat.Reply {
	a, err := r.actor(ctx, u)
	if err != nil {
		return r.failed(u, "load actor", err)
	}
	unit, replies, ok := r.statsUnit(ctx, u, a, ActViewStats, strings.TrimSpace(args), func(code string) string { return "/nhacbaocao " + code })
	if !ok {
		return replies
	}
	if unit == "" {
		return []chat.Reply{{Text: msgNudgeDenied}}
	}
	inScope := map[string]bool{}
	for un, err := range r.store.Subtree(ctx, unit) {
		if err != nil {
			return r.failed(u, "walk units", err)
		}
		inScope[un.Code] = true
	}
	now := r.now()
	evs, err := r.store.UnreportedEvents(ctx, now.Add(-nudgeLookback))
	if err != nil {
		return r.failed(u, "unreported events", err)
	}
	byUnit := map[string][]store.Event{}
	var units []string
	for _, e := range evs {
		if !inScope[e.Unit] {
			continue
		}
		if byUnit[e.Unit] == nil {
			units = append(units, e.Unit)
		}
		byUnit[e.Unit] = append(byUnit[e.Unit], e)
	}
	scopeName := r.unitName(ctx, unit)
	// The same rule as /thongke: a branch with no event this month has
	// nothing to report and is not counted as having reported.
	rep, err := r.store.Report(ctx, unit, store.MonthOf(now))
	if err != nil {
		return r.failed(u, "compute report", err)
	}
	noEvents := ""
	if len(rep.NoEvents) > 0 {
		noEvents = "\n\n" + fmt.Sprintf(msgNudgeNoEvents, rep.Period.Label(), chat.FormatCount(int64(len(rep.NoEvents))),
			strings.Join(capList(unitNames(rep.NoEvents)), ", "))
	}
	if len(rep.Awaiting) > 0 {
		noEvents = "\n\n" + awaitingLine(rep) + noEvents
	}
	if len(units) == 0 {
		if noEvents != "" {
			return []chat.Reply{{Text: fmt.Sprintf(msgNudgeNoneDue, scopeName) + noEvents}}
		}
		return []chat.Reply{{Text: fmt.Sprintf(msgNudgeNone, scopeName)}}
	}
	var reached, noHead []string
	for _, code := range units {
		name := r.unitName(ctx, code)
		list := byUnit[code]
		e := list[len(list)-1] // the latest; its button opens the report
		msg := reminderMessage(e, name)
		if len(list) > 1 {
			msg.Text += fmt.Sprintf("\n\n(Chi hội còn %d sự kiện khác chưa báo cáo; chị gõ /baocao để chọn.)", len(list)-1)
		}
		n, err := r.remindHeads(ctx, code, msg, "nudge:"+u.Platform+":"+u.ID+":"+code)
		if err != nil {
			r.log.Error("queue staff reminder", "platform", u.Platform, "unit", code, "error", err)
			return []chat.Reply{{Text: msgNoOutbox}}
		}
		if n == 0 {
			noHead = append(noHead, name)
		} else {
			reached = append(reached, name)
		}
	}
	r.log.Info("staff reminded unreported branches", "platform", u.Platform, "unit", unit, "reached", len(reached), "without_head", len(noHead))
	var b strings.Builder
	fmt.Fprintf(&b, msgNudgeDone, chat.FormatCount(int64(len(reached))), scopeName)
	b.WriteString("\n" + bulletList(reached))
	if len(noHead) > 0 {
		b.WriteString("\n\n" + fmt.Sprintf(msgNudgeNoHead, chat.FormatCount(int64(len(noHead))), strings.Join(capList(noHead), ", ")))
	}
	b.WriteString(noEvents)
	return []chat.Reply{{Text: strings.TrimSpace(b.String())}}
}

func capList(names []string) []string {
	if len(names) <= maxListedInReply {
		return names
	}
	out := append([]string(nil), names[:maxListedInReply]...)
	return append(out, fmt.Sprintf("và %d đơn vị khác", len(names)-maxListedInReply))
}

func bulletList(names []string) string {
	var b strings.Builder
	for _, n := range capList(names) {
		b.WriteString("• " + n + "\n")
	}
	return strings.TrimRight(b.String(), "\n")
}

// ---- for the scheduler ----

// pickList offers the latest meetings of evs (oldest first), newest first,
// each button carrying the figure when she gave one (count >= 0).
func pickList(evs []store.Event, count int64) chat.Reply {
	if len(evs) > reportChoices {
		evs = evs[len(evs)-reportChoices:]
	}
	var rows [][]chat.Button
	for i := len(evs) - 1; i >= 0; i-- { // newest first
		e := evs[i]
		data := buttonReport + ":" + e.ID
		if count >= 0 {
			data += ":" + strconv.FormatInt(count, 10)
		}
		label := eventDay(e.Start) + " – " + e.Title
		if e.Reported {
			label += " (đã báo " + chat.FormatCount(e.Headcount) + ")"
		}
		rows = append(rows, []chat.Button{{Text: shortLabel(label), Data: data}})
	}
	text := msgReportPick
	if count >= 0 {
		text = fmt.Sprintf(msgReportPickCount, chat.FormatCount(count))
	}
	return chat.Reply{Text: text, Buttons: rows}
}

// pickedByFigure answers a figure typed instead of pressing a meeting in
// the list /baocao showed ("19 ng"): with one meeting in the list it is read
// back for that meeting, with several the list comes again carrying the
// figure. Anything else is no answer to the list (nil): the router goes on.
func (r *attendance) pickedByFigure(ctx context.Context, u chat.Update) []chat.Reply {
	if _, _, ok := parseHeadcount(u.Text); !ok {
		return nil
	}
	return r.reportCommand(ctx, u, u.Text)
}
