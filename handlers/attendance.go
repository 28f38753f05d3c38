package handlers

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"

	"loa/chat"
	"loa/scheduler"
	"loa/store"
	"loa/vntime"
)

// Events and attendance: a head creates her branch's event (/sukien), the
// members present check in (the button under the event message, or
// /diemdanh CODE), the head reports the real headcount (/baocao), staff
// re-prompt the branches that have not (/nhacbaocao). The scheduler calls
// CloseDueEvents, RemindUnreported and CreateMonthlyMeetings, the jobs
// this feature registers.

// Outbox queues bulk messages (event invitations, reminders) for the
// delivery engine; *delivery.Engine satisfies it. It is declared here, by
// its user, so handlers needs nothing of delivery but this method.
type Outbox interface {
	// QueueBulk sends m.Message once to every chat of m.Chats on
	// m.Platform. A repeated m.Key sends nothing new, so a retry after a
	// crash or a second replica is harmless.
	QueueBulk(ctx context.Context, m chat.BulkMessage) error
}

const (
	stepEvent     = "sukien" // arg: "title" or "time|<title>"
	stepHeadcount = "baocao" // arg: event id, or stepPick
	// stepAgain starts a headcount step's argument once Loa has said it
	// read no figure: the next message without one is let go.
	stepAgain        = "again|"
	stepPick         = "pick"     // the list of meetings is shown: a figure may come instead of a press
	stepCheckInCode  = "diemdanh" // arg: none
	buttonCheckIn    = "dd"       // arg: "id:token" (token: the event's button secret)
	buttonReport     = "bc"       // arg: event id, or "id:count"
	buttonConfirm    = "xn"       // arg: "y" or "n", about the chat's pending step
	defaultTitle     = "Sinh hoạt chi hội"
	reportLookback   = 62 * 24 * time.Hour
	reportChoices    = 6
	nudgeLookback    = 93 * 24 * time.Hour
	maxListedInReply = 20
)

const (
	msgEventNotHead     = "Lệnh /sukien dành cho chi hội trưởng và cán bộ Hội. Chị cần được cấp quyền trước, chị liên hệ Hội LHPN xã, phường nhé."
	msgEventAskTitle    = "Chị gõ tên sự kiện giúp Loa, ví dụ: Sinh hoạt chi hội tháng 12"
	msgEventAskTime     = "Sự kiện \"%s\" diễn ra lúc nào ạ? Chị gõ ngày giờ, ví dụ: 20/12 8h, 20/12/2026 19:30, hoặc mai 7h tối."
	msgEventAskHour     = "Sự kiện \"%s\" ngày %s bắt đầu lúc mấy giờ ạ? Chị gõ giờ, ví dụ: 8h, 19:30 hoặc 7h tối."
	msgEventBadTime     = "Loa chưa đọc được ngày giờ này. Chị gõ lại giúp Loa theo mẫu: 20/12 8h hoặc 20/12/2026 19:30 nhé."
	msgEventTooOld      = "Loa chỉ ghi lại được sự kiện trong 60 ngày qua ạ. Chị gõ lại ngày giờ giúp Loa nhé."
	msgEventPastAsk     = "Sự kiện \"%s\" lúc %s đã diễn ra rồi. Chị muốn ghi lại buổi này để báo cáo số người dự không ạ? (Buổi đã qua thì Loa không gửi lời mời điểm danh.)"
	msgEventRecorded    = "✅ Đã ghi sự kiện \"%s\" của %s (%s)."
	msgWeekdayMismatch  = "Ngày %s là %s, không phải %s ạ. Chị xem lại rồi gõ lại ngày giờ giúp Loa nhé."
	msgNothingDone      = "Dạ, Loa chưa ghi gì cả. Khi cần chị gõ lại nhé."
	msgConfirmGone      = "Yêu cầu này đã hết hạn hoặc đã xong rồi ạ. Chị gõ lại lệnh nếu cần nhé."
	labelYesRecord      = "✅ Đúng, ghi lại"
	labelNo             = "Không"
	labelYesCount       = "✅ Đúng, %s người"
	msgEventCreated     = "✅ Đã tạo sự kiện \"%s\" của %s\n🕗 %s\n🔢 Mã điểm danh: %s\n\nLoa đang gửi lời mời kèm nút điểm danh tới %s thành viên trên Loa. Hội viên chưa dùng Loa, chị nhớ ghi số người dự rồi báo cáo bằng /baocao sau buổi sinh hoạt nhé."
	msgEventInvite      = "📅 %s mời chị dự: %s\n🕗 %s\n\nKhi đến dự, chị chọn \"Điểm danh\" dưới đây hoặc gõ /diemdanh %s (mở điểm danh 1 giờ trước giờ bắt đầu)."
	labelCheckIn        = "✅ Điểm danh"
	msgCheckInAskCode   = "Chị gõ mã điểm danh gồm 6 chữ số mà chi hội trưởng đọc tại buổi sinh hoạt, ví dụ: 482913"
	msgCheckedIn        = "✅ Chị đã điểm danh: %s (%s). Cảm ơn chị đã tham gia! 🌸"
	msgCheckInAgain     = "Chị đã điểm danh \"%s\" rồi ạ, Loa chỉ tính một lần."
	msgCheckInNoMember  = "Chị chưa đăng ký thành viên chi hội trên Loa nên chưa điểm danh được. Chị xin chi hội trưởng đường dẫn tham gia rồi điểm danh lại nhé."
	msgCheckInTooMany   = "Chị đã thử nhiều mã chưa đúng. Chị đợi khoảng một giờ rồi thử lại, hoặc hỏi chi hội trưởng mã điểm danh nhé."
	msgCheckInClosed    = "Sự kiện \"%s\" đã kết thúc điểm danh. Chị báo với chi hội trưởng để được ghi nhận nhé."
	msgCheckInEarly     = "Sự kiện \"%s\" mở điểm danh từ %s. Khi đến dự chị chọn lại \"Điểm danh\" nhé."
	msgCheckInUnknown   = "Loa không tìm thấy sự kiện có mã này. Chị kiểm tra lại mã với chi hội trưởng giúp Loa nhé."
	msgReportNotHead    = "Lệnh /baocao dành cho chi hội trưởng. Chị cần được cấp quyền trước, chị liên hệ Hội LHPN xã, phường nhé."
	msgReportNoEvents   = "Chi hội của chị chưa có sự kiện nào trong 2 tháng qua trên Loa. Chị gõ luôn buổi họp và số người, ví dụ: /baocao họp chi hội hôm qua 25 người"
	msgReportAlready    = "Loa đã ghi nhận %s người dự \"%s\" (%s) rồi ạ, chị không cần báo lại. Nếu số này chưa đúng, chị gõ số người đúng giúp Loa nhé."
	msgReportNewAsk     = "Loa sẽ ghi sự kiện \"%s\" ngày %s%s. Đúng không ạ?"
	msgReportConfirm    = "Loa hiểu là %s người dự \"%s\" (%s). Đúng không ạ? Nếu chưa đúng, chị gõ lại số người."
	msgReportReplace    = "Loa hiểu là %s người dự \"%s\" (%s), sửa số Loa đã ghi là %s người. Đúng không ạ? Nếu chưa đúng, chị gõ lại số người."
	msgReportNotYet     = "Ngày %s chưa tới ạ. Sau buổi sinh hoạt chị báo cáo nhé."
	msgCheckInsSoFar    = "\n%s hội viên đã điểm danh qua Loa; chị gõ tổng số người có mặt, gồm cả các chị ấy."
	msgCheckInsNone     = "\nChưa có hội viên nào điểm danh qua Loa cho buổi này."
	msgReportPick       = "Chị chọn sự kiện cần báo cáo số người tham dự:"
	msgReportPickCount  = "Chị chọn sự kiện có %s người tham dự:"
	msgReportAskCount   = "Sự kiện \"%s\" (%s) có bao nhiêu người tham dự ạ? Chị gõ số, ví dụ: 25"
	msgReportBadCount   = "Loa chưa đọc được số này. Chị gõ số người tham dự, ví dụ: 25 hoặc khoảng 25 nhé."
	msgReportSaved      = "✅ Đã ghi nhận %s người tham dự \"%s\" (%s). Cảm ơn chị! 🌸"
	msgReportFixed      = "✅ Đã sửa số người tham dự \"%s\" (%s) từ %s thành %s. Loa vẫn lưu lại số cũ để đối chiếu."
	msgReportEarly      = "Sự kiện \"%s\" chưa bắt đầu nên chưa báo cáo được ạ. Sau buổi sinh hoạt chị báo cáo nhé."
	msgReportDenied     = "Chị chỉ báo cáo được cho sự kiện của chi hội mình ạ."
	msgEventGone        = "Sự kiện này không còn nữa ạ."
	msgReportTwoFigures = "Loa thấy có hai con số người dự trong một tin nhắn nên chưa ghi gì, để khỏi ghi nhầm buổi ạ. " +
		"Chị báo mỗi buổi một tin nhắn giúp Loa nhé, ví dụ:\n/baocao họp thứ 7 20 người\n/baocao họp tổ chủ nhật 15 người"
	msgReminder      = "⏰ Chị ơi, sự kiện \"%s\" (%s) của %s đã kết thúc nhưng Loa chưa nhận được số người tham dự. Chị chọn «Báo cáo số người dự» dưới đây hoặc gõ /baocao giúp Loa nhé. Cảm ơn chị! 🌸"
	labelReport      = "📝 Báo cáo số người dự"
	msgMonthlyToHead = "📅 Loa đã tạo sự kiện \"%s\" cho %s (%s đến %s).\n🔢 Mã điểm danh: %s\n\nTại buổi sinh hoạt, chị đọc mã này để hội viên gõ /diemdanh %s; sau buổi sinh hoạt chị báo cáo số người dự bằng /baocao nhé."
	msgNudgeDenied   = "Lệnh /nhacbaocao dành cho cán bộ Hội. Chị cần được cấp quyền trước nhé."
	msgNudgeNone     = "🌸 Tất cả chi hội thuộc %s đều đã báo cáo các sự kiện đã kết thúc. Cảm ơn chị!"
	msgNudgeNoneDue  = "Không có chi hội nào thuộc %s còn sự kiện đã kết thúc mà chưa báo cáo."
	msgNudgeNoEvents = "📭 Chưa có sự kiện nào %s (%s chi hội), nên chưa tính là đã báo cáo: %s"
	msgNudgeDone     = "📨 Loa đã nhắc %s chi hội chưa báo cáo thuộc %s:"
	msgNudgeNoHead   = "Chưa có chi hội trưởng trên Loa để nhắc (%s): %s"
	msgNoOutbox      = "Loa chưa gửi được tin nhắn hàng loạt lúc này. Chị thử lại sau ít phút nhé."
	monthlyTitle     = "Sinh hoạt chi hội tháng %d/%d"
)

// JobHeadCodes is the job that sends each branch head the check-in code of
// her branch's meeting of the month, once per head, and a head made with
// `bot admin grant` the codes of all her branch's open meetings; the grant
// asks the running bot to run it at once.
const JobHeadCodes = "meetings:head-codes"

// attendance is events and check-ins: /sukien, /diemdanh, /baocao,
// /nhacbaocao, their buttons and steps, and the scheduler jobs that close
// events, remind heads who have not reported and create each branch's
// monthly meeting. Invitations and reminders go through the kit's outbox.
type attendance struct{ *kit }

func (r *attendance) register(g *registry) {
	g.command(&command{name: "sukien", desc: "Tạo sự kiện, buổi sinh hoạt cho chi hội", needs: ActCreateEvent, run: r.createEventCommand})
	g.command(&command{name: "diemdanh", desc: "Điểm danh buổi sinh hoạt bằng mã", run: r.checkInCommand})
	g.command(&command{name: "comat", desc: "Điểm danh buổi sinh hoạt đang diễn ra", hidden: true, group: true, run: r.presentCommand})
	g.command(&command{name: "baocao", desc: "Báo cáo số người dự buổi sinh hoạt", needs: ActReportAttendance, run: r.reportCommand})
	g.command(&command{name: "nhacbaocao", desc: "Nhắc các chi hội chưa báo cáo", needs: ActViewStats, run: r.nudgeCommand})
	g.command(&command{name: "huyhop", desc: "Báo buổi họp bị huỷ", needs: ActReportAttendance, hidden: true, run: r.cancelledCommand})
	g.button(buttonCheckIn, r.checkInButton)
	g.staffButton(buttonReport, r.reportButton)
	g.staffButton(buttonConfirm, r.confirmButton)
	g.staffStep(stepEvent, r.eventStep)
	g.staffStep(stepHeadcount, r.headcountStep)
	g.staffStep(stepCancel, r.cancelStep)
	g.step(stepCheckInCode, func(ctx context.Context, u chat.Update, _ string, _ plainCommands) []chat.Reply {
		if name, _, _, _ := plainCommand(u.Text); name == "comat" {
			return r.presentCommand(ctx, u, "") // asked for the code, she says "có mặt"
		}
		return r.checkIn(ctx, u, func(now time.Time) (store.CheckInResult, error) {
			return r.store.CheckInByCode(ctx, u.Text, identity(u), now)
		})
	})
	// The timed parts; the ones that message people respect quiet hours.
	g.job(scheduler.Job{ID: "attendance:close", Spec: "*/5 * * * *", Description: "Đóng sự kiện đến giờ, cộng số liệu lên các cấp",
		Run: func(ctx context.Context, _ time.Time) error {
			_, err := r.CloseDueEvents(ctx, r.now())
			return err
		}})
	g.job(scheduler.Job{ID: "attendance:remind", Spec: "15 * * * *", Quiet: true, Description: "Nhắc chi hội trưởng chưa báo cáo (24 giờ sau khi đóng)",
		Run: func(ctx context.Context, _ time.Time) error {
			_, err := r.RemindUnreported(ctx, r.now())
			return err
		}})
	g.job(scheduler.Job{ID: "meetings:monthly", Spec: "0 7 1 * *", Quiet: true, Units: []string{"*"}, Description: "Tạo buổi sinh hoạt chi hội hằng tháng",
		Run: func(ctx context.Context, slot time.Time) error {
			_, err := r.CreateMonthlyMeetings(ctx, slot)
			return err
		}})
	// The monthly job fires on the 1st only, so a fresh install — or a
	// unit tree imported mid-month — would have no meeting to check in to
	// or report on until next month. The catch-up creates the current
	// month's missing meetings when the bot starts (before it serves
	// anyone) and every hour after, outside quiet hours (heads learn of a
	// new meeting by message). CreateMonthlyMeetings is idempotent per
	// branch and month, so the catch-up creates, and tells heads of, only
	// what is missing; the scheduler's slot lock runs each hour once
	// across replicas.
	g.job(scheduler.Job{ID: "meetings:catch-up", Spec: "0 * * * *", Quiet: true, AtStart: true,
		Description: "Tạo buổi sinh hoạt tháng này cho chi hội còn thiếu (khi khởi động, rồi mỗi giờ)",
		Run: func(ctx context.Context, slot time.Time) error {
			_, err := r.CreateMonthlyMeetings(ctx, slot)
			return err
		}})
	// A head made with `bot admin grant` (outside the bot) asks for this
	// run at once (every request runs, even in a minute that had a run):
	// the monthly work, then the codes of her branch's open meetings to
	// each head the grant named (BriefNewHeads). Heads already told are
	// not told again.
	g.job(scheduler.Job{ID: JobHeadCodes, Spec: "30 * * * *", Quiet: true,
		Description: "Gửi mã điểm danh các buổi sinh hoạt đang mở cho chi hội trưởng mới (sau bot admin grant)",
		Run: func(ctx context.Context, slot time.Time) error {
			_, err := r.CreateMonthlyMeetings(ctx, slot)
			_, berr := r.BriefNewHeads(ctx)
			return errors.Join(err, berr)
		}})
}

// ---- /sukien ----

// eventUnit is where the sender creates events: her branch as head, else
// her unit as staff, if she may.
func (r *attendance) eventUnit(ctx context.Context, u chat.Update) (string, bool, error) {
	a, err := r.actor(ctx, u)
	if err != nil {
		return "", false, err
	}
	unit := homeUnit(a, store.RoleHead, store.RoleStaff)
	if unit == "" {
		return "", false, nil
	}
	ok, err := r.may(ctx, a, ActCreateEvent, unit)
	return unit, ok, err
}

func (r *attendance) createEventCommand(ctx context.Context, u chat.Update, args string) []chat.Reply {
	unit, ok, err := r.eventUnit(ctx, u)
	if err != nil {
		return r.failed(u, "event unit", err)
	}
	if !ok {
		r.log.Info("event creation refused", "platform", u.Platform)
		return []chat.Reply{{Text: msgEventNotHead}}
	}
	if strings.TrimSpace(args) == "" {
		return r.askStep(ctx, u, stepEvent+":title", msgEventAskTitle)
	}
	return r.eventFromText(ctx, u, unit, args, "")
}

// eventFromText creates the event when text (with the title known from an
// earlier step, if any) gives both a title and a time, and asks for what
// is missing otherwise. A time already past (up to pastWindow) is a
// meeting recorded after the fact: she is asked to confirm it.
func (r *attendance) eventFromText(ctx context.Context, u chat.Update, unit, text, knownTitle string) []chat.Reply {
	now := r.now()
	w := parseWhen(text, now).nextWeekday(now) // "họp thứ 6 19h30": the coming Friday
	title := w.Title
	if knownTitle != "" {
		title = knownTitle
	}
	if title == "" {
		return r.askStep(ctx, u, stepEvent+":title", msgEventAskTitle)
	}
	if !w.OK && w.Day {
		// "/sukien họp mặt 20/12": the day is kept, only the hour is asked.
		day := w.At.In(vntime.Zone)
		return r.askStep(ctx, u, stepEvent+":hour|"+strconv.FormatInt(day.UnixMilli(), 10)+"|"+title,
			fmt.Sprintf(msgEventAskHour, title, day.Format("02/01/2006")))
	}
	if !w.OK {
		if knownTitle != "" {
			r.log.Info("event time not understood", "platform", u.Platform)
			return r.askStep(ctx, u, stepEvent+":time|"+title, msgEventBadTime)
		}
		return r.askStep(ctx, u, stepEvent+":time|"+title, fmt.Sprintf(msgEventAskTime, title))
	}
	if q, bad := weekdayMismatch(w); bad {
		r.log.Info("event weekday contradicts its date", "platform", u.Platform)
		return r.askStep(ctx, u, stepEvent+":time|"+title, q)
	}
	start := w.At
	if start.Before(now.Add(-pastWindow)) {
		return r.askStep(ctx, u, stepEvent+":time|"+title, msgEventTooOld)
	}
	if start.Before(now.Add(-store.CheckInEarly)) {
		state := stepEvent + ":past|" + strconv.FormatInt(start.UnixMilli(), 10) + "|" + title
		if err := r.store.SetPending(ctx, u.Platform, u.ChatID, u.UserID, state); err != nil {
			return r.failed(u, "save step", err)
		}
		return []chat.Reply{confirmReply(fmt.Sprintf(msgEventPastAsk, title, eventWhen(start)), labelYesRecord)}
	}
	e, err := r.store.CreateEvent(ctx, store.NewEvent{Unit: unit, Title: title, Start: start, CreatedBy: identity(u), Source: store.SourceHead})
	if err != nil {
		return r.failed(u, "create event", err)
	}
	name := r.unitName(ctx, e.Unit)
	invited, err := r.inviteMembers(ctx, e, name)
	if err != nil {
		r.log.Error("queue event invitations", "platform", u.Platform, "event", e.ID, "error", err)
	}
	r.log.Info("event created", "platform", u.Platform, "event", e.ID, "unit", e.Unit, "invited", invited)
	return []chat.Reply{{Text: fmt.Sprintf(msgEventCreated, e.Title, name, eventWhen(e.Start), e.Code, chat.FormatCount(int64(invited)))}}
}

// weekdayMismatch is the question to ask when the weekday she named is not
// the weekday of the date ("chủ nhật 14/12" when 14/12 is a Monday).
func weekdayMismatch(w when) (string, bool) {
	if w.Weekday < 0 || !w.Day || int(w.At.Weekday()) == w.Weekday {
		return "", false
	}
	return fmt.Sprintf(msgWeekdayMismatch, w.At.Format("02/01/2006"), weekdays[w.At.Weekday()], strings.ToLower(weekdays[w.Weekday])), true
}

// confirmReply asks a yes/no question about the chat's pending step.
func confirmReply(text, yes string) chat.Reply {
	return chat.Reply{Text: text, Buttons: [][]chat.Button{{{Text: yes, Data: buttonConfirm + ":y"}, {Text: labelNo, Data: buttonConfirm + ":n"}}}}
}

// recordPastEvent creates a meeting that already happened (no invitations:
// it is over) and asks its headcount at once.
func (r *attendance) recordPastEvent(ctx context.Context, u chat.Update, unit, title string, start time.Time, count int64) []chat.Reply {
	e, err := r.store.CreateEvent(ctx, store.NewEvent{Unit: unit, Title: title, Start: start, CreatedBy: identity(u), Source: store.SourceHead})
	if err != nil {
		return r.failed(u, "create past event", err)
	}
	r.log.Info("past event recorded", "platform", u.Platform, "event", e.ID, "unit", e.Unit)
	done := fmt.Sprintf(msgEventRecorded, e.Title, r.unitName(ctx, e.Unit), eventDay(e.Start))
	if count >= 0 {
		out := r.saveHeadcount(ctx, u, e, count)
		return append([]chat.Reply{{Text: done}}, out...)
	}
	return r.askStep(ctx, u, stepHeadcount+":"+e.ID, done+"\n\n"+askCountText(e))
}

func (r *attendance) eventStep(ctx context.Context, u chat.Update, arg string, cmds plainCommands) []chat.Reply {
	unit, ok, err := r.eventUnit(ctx, u)
	if err != nil {
		return r.failed(u, "event unit", err)
	}
	if !ok {
		return []chat.Reply{{Text: msgEventNotHead}}
	}
	state, rest, _ := strings.Cut(arg, "|")
	switch state {
	case "time":
		if replies, ok := r.otherCommand(ctx, u, cmds); ok {
			return replies // "thong bao": she moved on, no time comes
		}
		return r.eventFromText(ctx, u, unit, u.Text, rest)
	case "hour":
		if replies, ok := r.otherCommand(ctx, u, cmds); ok {
			return replies
		}
		ms, title, _ := strings.Cut(rest, "|")
		text := u.Text
		if w := parseWhen(text, r.now()); !w.Day {
			// "8h" answers "at what hour" of the day she gave before.
			text = time.UnixMilli(atoi(ms)).In(vntime.Zone).Format("02/01/2006") + " " + text
		}
		return r.eventFromText(ctx, u, unit, text, title)
	case "past":
		ms, title, _ := strings.Cut(rest, "|")
		switch yesNoWord(u.Text) {
		case 1:
			return r.recordPastEvent(ctx, u, unit, title, time.UnixMilli(atoi(ms)), -1)
		case 0:
			return []chat.Reply{{Text: msgNothingDone}}
		}
		if replies, ok := r.otherCommand(ctx, u, cmds); ok {
			return replies
		}
		return r.eventFromText(ctx, u, unit, u.Text, title) // she typed another time
	}
	return r.eventFromText(ctx, u, unit, u.Text, "")
}

// otherCommand runs a command typed without its slash ("thong ke") when
// it arrives while a yes/no or a figure was awaited: she moved on, and the
// step (already taken) is dropped. Check-in codes are not commands here:
// digits answer the step.
func (r *attendance) otherCommand(ctx context.Context, u chat.Update, cmds plainCommands) ([]chat.Reply, bool) {
	if name, _, _, ok := plainCommand(u.Text); !ok || name == "diemdanh" || cmds == nil {
		return nil, false
	}
	return cmds.onPlainCommand(ctx, u)
}

// yesNoWord reads a typed answer to a yes/no question: 1 yes, 0 no, -1
// neither.
func yesNoWord(s string) int {
	f := strings.Join(strings.Fields(strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return r
		}
		return ' '
	}, s)), " ")
	var words []string
	for _, w := range strings.Fields(f) {
		words = append(words, foldWord(w))
	}
	switch strings.Join(words, " ") {
	case "co", "dung", "dung roi", "ok", "oke", "u", "uh", "vang", "da", "dong y", "co a", "dung a", "vang a", "da dung", "ghi", "ghi lai", "dung ghi lai":
		return 1
	case "khong", "ko", "k", "thoi", "huy", "khong a", "sai", "khong dung", "khong phai", "khong phai a", "sai roi":
		return 0
	}
	return -1
}

func atoi(s string) int64 {
	n, _ := strconv.ParseInt(s, 10, 64)
	return n
}

// confirmButton answers the yes/no question of the chat's pending step
// (a past meeting to record, a meeting to create with its headcount).
func (r *attendance) confirmButton(ctx context.Context, u chat.Update, answer string) []chat.Reply {
	state, err := r.store.TakePending(ctx, u.Platform, u.ChatID, u.UserID)
	if err != nil {
		return r.failed(u, "take pending step", err)
	}
	step, arg, _ := strings.Cut(state, ":")
	kind, _, _ := strings.Cut(arg, "|")
	if (step != stepEvent || kind != "past") && (step != stepHeadcount || kind != "new" && kind != "month") && step != stepCancel {
		return []chat.Reply{{Text: msgConfirmGone}}
	}
	if answer != "y" {
		return []chat.Reply{{Text: msgNothingDone}}
	}
	u.Text = "có" // a yes answers the step: no command to hand over to
	if step == stepEvent {
		return r.eventStep(ctx, u, arg, nil)
	}
	if step == stepCancel {
		return r.cancelStep(ctx, u, arg, nil)
	}
	return r.headcountStep(ctx, u, arg, nil)
}

// askStep remembers what the chat's next message answers and asks for it.
func (r *attendance) askStep(ctx context.Context, u chat.Update, state, question string) []chat.Reply {
	if err := r.store.SetPending(ctx, u.Platform, u.ChatID, u.UserID, state); err != nil {
		return r.failed(u, "save step", err)
	}
	return []chat.Reply{{Text: question}}
}

func (r *kit) unitName(ctx context.Context, code string) string {
	un, err := r.store.Unit(ctx, code)
	if err != nil || un.Name == "" {
		return code
	}
	return un.Name
}

// inviteMembers queues the event message with its check-in button to the
// active members of the event's unit and below, one job per platform. The
// button carries the event's token, so its data cannot be made up from the
// event id.
func (r *attendance) inviteMembers(ctx context.Context, e store.Event, unitName string) (int, error) {
	byPlatform := map[string][]chat.BulkChat{}
	n := 0
	for m, err := range r.store.MembersOfSubtree(ctx, e.Unit) {
		if err != nil {
			return n, err
		}
		if !m.Active {
			continue
		}
		byPlatform[m.Platform] = append(byPlatform[m.Platform], chat.BulkChat{ChatID: m.UserID, MemberKey: m.Identity().String()})
		n++
	}
	if r.outbox == nil {
		if n > 0 {
			return 0, errors.New("no outbox configured")
		}
		return 0, nil
	}
	msg := chat.Reply{
		Text:    fmt.Sprintf(msgEventInvite, unitName, e.Title, eventWhen(e.Start), e.Code),
		Buttons: [][]chat.Button{{checkInButtonFor(e.ID, e.Token)}},
	}
	var errs []error
	for platform, chats := range byPlatform {
		err := r.outbox.QueueBulk(ctx, chat.BulkMessage{
			Platform: platform, Label: "Sự kiện: " + e.Title, Message: msg, Chats: chats,
			Key: "event:" + e.ID + ":" + platform,
		})
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", platform, err))
		}
	}
	return n, errors.Join(errs...)
}
