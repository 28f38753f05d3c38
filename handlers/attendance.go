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
	stepEvent        = "sukien"   // arg: "title" or "time|<title>"
	stepHeadcount    = "baocao"   // arg: event id
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
	msgEventNotHead    = "Lệnh /sukien dành cho chi hội trưởng và cán bộ Hội. Chị cần được cấp quyền trước, chị liên hệ Hội LHPN xã, phường nhé."
	msgEventAskTitle   = "Chị gõ tên sự kiện giúp Loa, ví dụ: Sinh hoạt chi hội tháng 12"
	msgEventAskTime    = "Sự kiện \"%s\" diễn ra lúc nào ạ? Chị gõ ngày giờ, ví dụ: 20/12 8h, 20/12/2026 19:30, hoặc mai 7h tối."
	msgEventBadTime    = "Loa chưa đọc được ngày giờ này. Chị gõ lại giúp Loa theo mẫu: 20/12 8h hoặc 20/12/2026 19:30 nhé."
	msgEventTooOld     = "Loa chỉ ghi lại được sự kiện trong 60 ngày qua ạ. Chị gõ lại ngày giờ giúp Loa nhé."
	msgEventPastAsk    = "Sự kiện \"%s\" lúc %s đã diễn ra rồi. Chị muốn ghi lại buổi này để báo cáo số người dự không ạ? (Buổi đã qua thì Loa không gửi lời mời điểm danh.)"
	msgEventRecorded   = "✅ Đã ghi sự kiện \"%s\" của %s (%s)."
	msgWeekdayMismatch = "Ngày %s là %s, không phải %s ạ. Chị xem lại rồi gõ lại ngày giờ giúp Loa nhé."
	msgNothingDone     = "Dạ, Loa chưa ghi gì cả. Khi cần chị gõ lại nhé."
	msgConfirmGone     = "Yêu cầu này đã hết hạn hoặc đã xong rồi ạ. Chị gõ lại lệnh nếu cần nhé."
	labelYesRecord     = "✅ Đúng, ghi lại"
	labelNo            = "Không"
	labelYesCount      = "✅ Đúng, %s người"
	msgEventCreated    = "✅ Đã tạo sự kiện \"%s\" của %s\n🕗 %s\n🔢 Mã điểm danh: %s\n\nLoa đang gửi lời mời kèm nút điểm danh tới %s thành viên trên Loa. Hội viên chưa dùng Loa, chị nhớ ghi số người dự rồi báo cáo bằng /baocao sau buổi sinh hoạt nhé."
	msgEventInvite     = "📅 %s mời chị dự: %s\n🕗 %s\n\nKhi đến dự, chị chọn \"Điểm danh\" dưới đây hoặc gõ /diemdanh %s (mở điểm danh 1 giờ trước giờ bắt đầu)."
	labelCheckIn       = "✅ Điểm danh"
	msgCheckInAskCode  = "Chị gõ mã điểm danh gồm 6 chữ số mà chi hội trưởng đọc tại buổi sinh hoạt, ví dụ: 482913"
	msgCheckedIn       = "✅ Chị đã điểm danh: %s (%s). Cảm ơn chị đã tham gia! 🌸"
	msgCheckInAgain    = "Chị đã điểm danh \"%s\" rồi ạ, Loa chỉ tính một lần."
	msgCheckInNoMember = "Chị chưa đăng ký thành viên chi hội trên Loa nên chưa điểm danh được. Chị xin chi hội trưởng đường dẫn tham gia rồi điểm danh lại nhé."
	msgCheckInTooMany  = "Chị đã thử nhiều mã chưa đúng. Chị đợi khoảng một giờ rồi thử lại, hoặc hỏi chi hội trưởng mã điểm danh nhé."
	msgCheckInClosed   = "Sự kiện \"%s\" đã kết thúc điểm danh. Chị báo với chi hội trưởng để được ghi nhận nhé."
	msgCheckInEarly    = "Sự kiện \"%s\" mở điểm danh từ %s. Khi đến dự chị chọn lại \"Điểm danh\" nhé."
	msgCheckInUnknown  = "Loa không tìm thấy sự kiện có mã này. Chị kiểm tra lại mã với chi hội trưởng giúp Loa nhé."
	msgReportNotHead   = "Lệnh /baocao dành cho chi hội trưởng. Chị cần được cấp quyền trước, chị liên hệ Hội LHPN xã, phường nhé."
	msgReportNoEvents  = "Chi hội của chị chưa có sự kiện nào trong 2 tháng qua trên Loa. Chị gõ luôn buổi họp và số người, ví dụ: /baocao họp chi hội hôm qua 25 người"
	msgReportNewAsk    = "Loa sẽ ghi sự kiện \"%s\" ngày %s%s. Đúng không ạ?"
	msgReportConfirm   = "Loa hiểu là %s người dự \"%s\" (%s). Đúng không ạ? Nếu chưa đúng, chị gõ lại số người."
	msgReportNotYet    = "Ngày %s chưa tới ạ. Sau buổi sinh hoạt chị báo cáo nhé."
	msgCheckInsSoFar   = "\n%s hội viên đã điểm danh qua Loa; chị gõ tổng số người có mặt, gồm cả các chị ấy."
	msgCheckInsNone    = "\nChưa có hội viên nào điểm danh qua Loa cho buổi này."
	msgReportPick      = "Chị chọn sự kiện cần báo cáo số người tham dự:"
	msgReportPickCount = "Chị chọn sự kiện có %s người tham dự:"
	msgReportAskCount  = "Sự kiện \"%s\" (%s) có bao nhiêu người tham dự ạ? Chị gõ số, ví dụ: 25"
	msgReportBadCount  = "Loa chưa đọc được số này. Chị gõ số người tham dự, ví dụ: 25 hoặc khoảng 25 nhé."
	msgReportSaved     = "✅ Đã ghi nhận %s người tham dự \"%s\" (%s). Cảm ơn chị! 🌸"
	msgReportFixed     = "✅ Đã sửa số người tham dự \"%s\" (%s) từ %s thành %s. Loa vẫn lưu lại số cũ để đối chiếu."
	msgReportEarly     = "Sự kiện \"%s\" chưa bắt đầu nên chưa báo cáo được ạ. Sau buổi sinh hoạt chị báo cáo nhé."
	msgReportDenied    = "Chị chỉ báo cáo được cho sự kiện của chi hội mình ạ."
	msgEventGone       = "Sự kiện này không còn nữa ạ."
	msgReminder        = "⏰ Chị ơi, sự kiện \"%s\" (%s) của %s đã kết thúc nhưng Loa chưa nhận được số người tham dự. Chị chọn «Báo cáo số người dự» dưới đây hoặc gõ /baocao giúp Loa nhé. Cảm ơn chị! 🌸"
	labelReport        = "📝 Báo cáo số người dự"
	msgMonthlyToHead   = "📅 Loa đã tạo sự kiện \"%s\" cho %s (%s đến %s).\n🔢 Mã điểm danh: %s\n\nTại buổi sinh hoạt, chị đọc mã này để hội viên gõ /diemdanh %s; sau buổi sinh hoạt chị báo cáo số người dự bằng /baocao nhé."
	msgNudgeDenied     = "Lệnh /nhacbaocao dành cho cán bộ Hội. Chị cần được cấp quyền trước nhé."
	msgNudgeNone       = "🌸 Tất cả chi hội thuộc %s đều đã báo cáo các sự kiện đã kết thúc. Cảm ơn chị!"
	msgNudgeNoneDue    = "Không có chi hội nào thuộc %s còn sự kiện đã kết thúc mà chưa báo cáo."
	msgNudgeNoEvents   = "📭 Chưa có sự kiện nào %s (%s chi hội), nên chưa tính là đã báo cáo: %s"
	msgNudgeDone       = "📨 Loa đã nhắc %s chi hội chưa báo cáo thuộc %s:"
	msgNudgeNoHead     = "Chưa có chi hội trưởng trên Loa để nhắc (%s): %s"
	msgNoOutbox        = "Loa chưa gửi được tin nhắn hàng loạt lúc này. Chị thử lại sau ít phút nhé."
	monthlyTitle       = "Sinh hoạt chi hội tháng %d/%d"
)

// attendance is events and check-ins: /sukien, /diemdanh, /baocao,
// /nhacbaocao, their buttons and steps, and the scheduler jobs that close
// events, remind heads who have not reported and create each branch's
// monthly meeting. Invitations and reminders go through the kit's outbox.
type attendance struct{ *kit }

func (r *attendance) register(g *registry) {
	g.command(&command{name: "sukien", desc: "Tạo sự kiện, buổi sinh hoạt cho chi hội", needs: ActCreateEvent, run: r.createEventCommand})
	g.command(&command{name: "diemdanh", desc: "Điểm danh buổi sinh hoạt bằng mã", run: r.checkInCommand})
	g.command(&command{name: "baocao", desc: "Báo cáo số người dự buổi sinh hoạt", needs: ActReportAttendance, run: r.reportCommand})
	g.command(&command{name: "nhacbaocao", desc: "Nhắc các chi hội chưa báo cáo", needs: ActViewStats, run: r.nudgeCommand})
	g.button(buttonCheckIn, r.checkInButton)
	g.button(buttonReport, r.reportButton)
	g.button(buttonConfirm, r.confirmButton)
	g.step(stepEvent, r.eventStep)
	g.step(stepHeadcount, r.headcountStep)
	g.step(stepCheckInCode, func(ctx context.Context, u chat.Update, _ string, _ plainCommands) []chat.Reply {
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
	w := parseWhen(text, now)
	title := w.Title
	if knownTitle != "" {
		title = knownTitle
	}
	if title == "" {
		return r.askStep(ctx, u, stepEvent+":title", msgEventAskTitle)
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
		return r.eventFromText(ctx, u, unit, u.Text, rest)
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
	case "khong", "ko", "k", "thoi", "huy", "khong a", "sai", "khong dung":
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
	if (step != stepEvent || kind != "past") && (step != stepHeadcount || kind != "new") {
		return []chat.Reply{{Text: msgConfirmGone}}
	}
	if answer != "y" {
		return []chat.Reply{{Text: msgNothingDone}}
	}
	u.Text = "có" // a yes answers the step: no command to hand over to
	if step == stepEvent {
		return r.eventStep(ctx, u, arg, nil)
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

func checkInButtonFor(id, token string) chat.Button {
	return chat.Button{Text: labelCheckIn, Data: buttonCheckIn + ":" + id + ":" + token}
}

// ---- check-in ----

func (r *attendance) checkInCommand(ctx context.Context, u chat.Update, args string) []chat.Reply {
	if store.NormalizeEventCode(args) == "" {
		return r.askStep(ctx, u, stepCheckInCode+":", msgCheckInAskCode)
	}
	return r.checkIn(ctx, u, func(now time.Time) (store.CheckInResult, error) {
		return r.store.CheckInByCode(ctx, args, identity(u), now)
	})
}

func (r *attendance) checkInButton(ctx context.Context, u chat.Update, arg string) []chat.Reply {
	id, token, _ := strings.Cut(arg, ":")
	return r.checkIn(ctx, u, func(now time.Time) (store.CheckInResult, error) {
		return r.store.CheckInWithToken(ctx, id, token, identity(u), now)
	})
}

// checkIn is the hot path of a meeting's first minutes: one script call,
// no other Redis round trip.
func (r *attendance) checkIn(ctx context.Context, u chat.Update, do func(time.Time) (store.CheckInResult, error)) []chat.Reply {
	res, err := do(r.now())
	if err != nil {
		return r.failed(u, "check in", err)
	}
	switch res.Status {
	case store.CheckedIn:
		return []chat.Reply{{Text: fmt.Sprintf(msgCheckedIn, res.Title, eventDay(res.Start))}}
	case store.AlreadyCheckedIn:
		return []chat.Reply{{Text: fmt.Sprintf(msgCheckInAgain, res.Title)}}
	case store.CheckInNotMember:
		return []chat.Reply{{Text: msgCheckInNoMember}}
	case store.CheckInLimited:
		r.log.Warn("check-in refused: too many refused tries", "platform", u.Platform)
		return []chat.Reply{{Text: msgCheckInTooMany}}
	case store.CheckInOtherUnit:
		// Someone outside the event's units learns nothing about it, not
		// even that the code exists: the same answer as a wrong code.
		r.log.Info("check-in refused: event of another unit", "platform", u.Platform, "event", res.EventID)
		return []chat.Reply{{Text: msgCheckInUnknown}}
	case store.CheckInClosed:
		return []chat.Reply{{Text: fmt.Sprintf(msgCheckInClosed, res.Title)}}
	case store.CheckInTooEarly:
		// The reply offers the check-in again, as msgCheckInEarly says: on
		// Zalo a reply without choices forgets the invitation's numbered
		// list, so without it "1" would no longer check her in later.
		reply := chat.Reply{Text: fmt.Sprintf(msgCheckInEarly, res.Title, eventWhen(res.Start.Add(-store.CheckInEarly)))}
		if res.EventID != "" {
			reply.Buttons = [][]chat.Button{{checkInButtonFor(res.EventID, res.Token)}}
		}
		return []chat.Reply{reply}
	}
	r.log.Info("check-in with an unknown event", "platform", u.Platform)
	return []chat.Reply{{Text: msgCheckInUnknown}}
}

// ---- /baocao ----

func (r *attendance) reportCommand(ctx context.Context, u chat.Update, args string) []chat.Reply {
	a, err := r.actor(ctx, u)
	if err != nil {
		return r.failed(u, "load actor", err)
	}
	unit := homeUnit(a, store.RoleHead, store.RoleStaff)
	if unit == "" {
		return []chat.Reply{{Text: msgReportNotHead}}
	}
	if ok, err := r.may(ctx, a, ActReportAttendance, unit); err != nil {
		return r.failed(u, "authorize report", err)
	} else if !ok {
		return []chat.Reply{{Text: msgReportNotHead}}
	}
	count := int64(-1)
	if args = strings.TrimSpace(args); args != "" {
		if n, _, ok := parseHeadcount(args); ok {
			count = n
		} else {
			n, _, rest, found := findHeadcount(args)
			if !found {
				n = -1
			}
			if w := parseWhen(rest, r.now()); w.Day {
				return r.reportOnDay(ctx, u, unit, w, n)
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
	return []chat.Reply{{Text: text, Buttons: rows}}
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
	evs, err := r.store.UnitEvents(ctx, unit, day.Add(-reportLookback), day.AddDate(0, 0, 1))
	if err != nil {
		return r.failed(u, "list events", err)
	}
	var found *store.Event
	for i := range evs { // an event starting that day, else a meeting spanning it
		e := evs[i]
		sameDay := !e.Start.Before(day) && e.Start.Before(day.AddDate(0, 0, 1))
		spans := e.Source == store.SourceRule && !e.Start.After(start) && e.Close.After(start)
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
	figure := ""
	if count >= 0 {
		figure = ", " + chat.FormatCount(count) + " người tham dự"
	}
	state := stepHeadcount + ":new|" + strconv.FormatInt(start.UnixMilli(), 10) + "|" + strconv.FormatInt(count, 10) + "|" + title
	if err := r.store.SetPending(ctx, u.Platform, u.ChatID, u.UserID, state); err != nil {
		return r.failed(u, "save step", err)
	}
	return []chat.Reply{confirmReply(fmt.Sprintf(msgReportNewAsk, title, start.Format("02/01/2006"), figure), labelYesRecord)}
}

// reportTitle is the event title left in a one-message report, or the
// usual name of a branch meeting when what is left only says "report the
// headcount of the meeting".
func reportTitle(s string) string {
	meaningful := false
	for _, w := range strings.Fields(s) {
		switch foldWord(w) {
		case "", "bao", "cao", "so", "nguoi", "du", "tham", "hop", "buoi", "cua", "la", "co", "da", "ngay", "luc", "vao":
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
	if err := r.store.SetPending(ctx, u.Platform, u.ChatID, u.UserID, stepHeadcount+":"+e.ID); err != nil {
		return r.failed(u, "save step", err)
	}
	return []chat.Reply{{
		Text:    fmt.Sprintf(msgReportConfirm, chat.FormatCount(n), e.Title, eventDay(e.Start)),
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
	if rest, ok := strings.CutPrefix(arg, "new|"); ok {
		return r.newReportStep(ctx, u, rest, cmds)
	}
	e, ok, replies := r.reportableEvent(ctx, u, arg)
	if !ok {
		return replies
	}
	n, exact, ok := parseHeadcount(u.Text)
	if !ok {
		if replies, ok := r.otherCommand(ctx, u, cmds); ok {
			return replies
		}
		r.log.Info("headcount not understood", "platform", u.Platform)
		return r.askStep(ctx, u, stepHeadcount+":"+e.ID, msgReportBadCount)
	}
	if !exact {
		return r.confirmCount(ctx, u, e, n)
	}
	return r.saveHeadcount(ctx, u, e, n)
}

// newReportStep answers the confirmation of a one-message report of a
// meeting Loa did not know: "ms|count|title".
func (r *attendance) newReportStep(ctx context.Context, u chat.Update, arg string, cmds plainCommands) []chat.Reply {
	parts := strings.SplitN(arg, "|", 3)
	if len(parts) != 3 {
		return []chat.Reply{{Text: msgConfirmGone}}
	}
	start, count, title := time.UnixMilli(atoi(parts[0])), atoi(parts[1]), parts[2]
	switch yesNoWord(u.Text) {
	case 0:
		return []chat.Reply{{Text: msgNothingDone}}
	case -1:
		n, _, ok := parseHeadcount(u.Text)
		if !ok {
			if replies, ok := r.otherCommand(ctx, u, cmds); ok {
				return replies
			}
			return r.askStep(ctx, u, stepHeadcount+":new|"+arg, msgReportBadCount)
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

// remindHeads queues msg (with the report button) to every head of unit.
// It returns how many heads it reached.
func (r *attendance) remindHeads(ctx context.Context, unit string, msg chat.Reply, key string) (int, error) {
	grants, err := r.store.GrantsOnUnit(ctx, unit)
	if err != nil {
		return 0, err
	}
	if r.outbox == nil {
		return 0, errors.New("no outbox configured")
	}
	n := 0
	for _, g := range grants {
		if g.Role != store.RoleHead {
			continue
		}
		err := r.outbox.QueueBulk(ctx, chat.BulkMessage{
			Platform: g.Platform, Label: "Nhắc báo cáo", Message: msg,
			Chats: []chat.BulkChat{{ChatID: g.UserID, MemberKey: g.Identity.String()}},
			Key:   key + ":" + g.Identity.String(),
		})
		if err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

func reminderMessage(e store.Event, unitName string) chat.Reply {
	return chat.Reply{
		Text:    fmt.Sprintf(msgReminder, e.Title, eventDay(e.Start), unitName),
		Buttons: [][]chat.Button{{{Text: labelReport, Data: buttonReport + ":" + e.ID}}},
	}
}

func (r *attendance) nudgeCommand(ctx context.Context, u chat.Update, args string) []chat.Reply {
	a, err := r.actor(ctx, u)
	if err != nil {
		return r.failed(u, "load actor", err)
	}
	unit, replies, ok := r.statsUnit(ctx, u, a, ActViewStats, strings.TrimSpace(args))
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

// CloseDueEvents closes every event whose close time is at or before now:
// check-ins stop and its counts are added to the aggregates of its unit and
// every unit above it, by month, quarter and year. Safe on several replicas
// at once (each event is closed and counted once). Returns how many closed.
// CloseDueEvents, RemindUnreported and CreateMonthlyMeetings run the
// attendance jobs' work at a chosen time; the scheduler runs them through
// Jobs, tests call them directly.
func (r *Router) CloseDueEvents(ctx context.Context, now time.Time) (int, error) {
	return r.events.CloseDueEvents(ctx, now)
}

func (r *Router) RemindUnreported(ctx context.Context, now time.Time) (int, error) {
	return r.events.RemindUnreported(ctx, now)
}

func (r *Router) CreateMonthlyMeetings(ctx context.Context, month time.Time) (int, error) {
	return r.events.CreateMonthlyMeetings(ctx, month)
}

func (r *attendance) CloseDueEvents(ctx context.Context, now time.Time) (int, error) {
	n, err := r.store.CloseDueEvents(ctx, now)
	if err != nil {
		return n, fmt.Errorf("close due events: %w", err)
	}
	if n > 0 {
		r.log.Info("events closed", "count", n)
	}
	return n, nil
}

// RemindUnreported sends the one automatic reminder, through the outbox, to
// the heads of every branch with an event closed at least
// store.ReminderDelay (24 h) before now and no headcount yet. Each event is
// reminded once, even across replicas and retries (the outbox key is the
// event's). Returns how many events were reminded.
func (r *attendance) RemindUnreported(ctx context.Context, now time.Time) (int, error) {
	done := 0
	for {
		evs, err := r.store.DueReminders(ctx, now, 200)
		if err != nil {
			return done, fmt.Errorf("remind unreported: %w", err)
		}
		if len(evs) == 0 {
			return done, nil
		}
		for _, e := range evs {
			heads, err := r.remindHeads(ctx, e.Unit, reminderMessage(e, r.unitName(ctx, e.Unit)), "remind:"+e.ID)
			if err != nil {
				return done, fmt.Errorf("remind unreported: event %s: %w", e.ID, err)
			}
			if heads == 0 {
				r.log.Warn("unreported event has no head to remind", "event", e.ID, "unit", e.Unit)
			}
			marked, err := r.store.MarkReminded(ctx, e.ID, now)
			if err != nil {
				return done, fmt.Errorf("remind unreported: %w", err)
			}
			if marked {
				done++
			}
		}
	}
}

// CreateMonthlyMeetings creates, for every unit of kind "branch", the
// monthly meeting of the month containing month (from 07:00 on its first
// day to 21:00 on its last, so the branch meets whenever it chooses), and
// sends each branch head its check-in code. It is idempotent per branch and
// month: running it again creates and sends nothing new. Returns how many
// meetings it created.
func (r *attendance) CreateMonthlyMeetings(ctx context.Context, month time.Time) (int, error) {
	p := store.MonthOf(month)
	start := p.Start.Add(7 * time.Hour)
	closeAt := p.End().Add(-3 * time.Hour)
	title := fmt.Sprintf(monthlyTitle, int(p.Start.Month()), p.Start.Year())
	roots, err := r.store.Roots(ctx)
	if err != nil {
		return 0, fmt.Errorf("monthly meetings: %w", err)
	}
	created := 0
	for _, root := range roots {
		for un, err := range r.store.Subtree(ctx, root.Code) {
			if err != nil {
				return created, fmt.Errorf("monthly meetings: %w", err)
			}
			if un.Kind != "branch" {
				continue
			}
			e, isNew, err := r.store.CreateMonthlyMeeting(ctx, store.NewEvent{Unit: un.Code, Title: title, Start: start, Close: closeAt})
			if err != nil {
				return created, fmt.Errorf("monthly meetings: %s: %w", un.Code, err)
			}
			if isNew {
				created++
			}
			// Sent on every run, deduped by key: a run that died after
			// creating still tells the head.
			msg := chat.Reply{Text: fmt.Sprintf(msgMonthlyToHead, e.Title, un.Name, eventDay(e.Start), eventDay(e.Close), e.Code, e.Code)}
			if _, err := r.remindHeads(ctx, un.Code, msg, "monthly:"+e.ID); err != nil {
				r.log.Warn("tell head of monthly meeting", "unit", un.Code, "error", err)
			}
		}
	}
	if created > 0 {
		r.log.Info("monthly meetings created", "month", p.Key(), "count", created)
	}
	return created, nil
}
