package handlers

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"loa/chat"
	"loa/store"
	"loa/vntime"
)

// Schedule-related commands: a member mutes or unmutes outreach posts
// (/tatthongbao, /batthongbao; notices from her branch keep coming), and
// heads, staff and admins see what the scheduler will send in the next two
// weeks for their scope (/lich).

// Calendar lists what the scheduler will send; main adapts the scheduler to
// it. Nil turns /lich off.
type Calendar interface {
	Upcoming(ctx context.Context, from, to time.Time) ([]CalendarItem, error)
}

// CalendarItem is one scheduled sending.
type CalendarItem struct {
	At    time.Time // when it goes out (after quiet hours)
	Title string
	// Units it reaches: codes, "*" for every member, none for internal work
	// (shown to admins only).
	Units []string
}

const (
	msgMuted         = "Loa đã tắt tin tuyên truyền cho chị. Thông báo của chi hội vẫn đến với chị như thường. Khi muốn nhận lại, chị gõ /batthongbao nhé."
	msgAlreadyMuted  = "Tin tuyên truyền đã tắt cho chị từ trước. Thông báo của chi hội vẫn đến như thường. Gõ /batthongbao nếu chị muốn nhận lại."
	msgUnmuted       = "Loa đã bật lại tin tuyên truyền cho chị. Cảm ơn chị đã đồng hành! 🌸"
	msgAlreadyOn     = "Chị vẫn đang nhận tin tuyên truyền của Hội. Gõ /tatthongbao nếu chị muốn tạm tắt."
	msgSchedNoMember = "Loa chưa lưu thông tin nào về chị nên chưa gửi tin tuyên truyền cho chị. Muốn tham gia chi hội, chị gõ /dangky kèm mã mời nhé."
	msgLichNoRight   = "Lệnh /lich dành cho chi hội trưởng và cán bộ Hội."
	msgLichOff       = "Lịch gửi tin hiện chưa xem được. Chị thử lại sau nhé."
	msgLichEmpty     = "14 ngày tới chưa có tin nào được hẹn gửi đến đơn vị của chị."
	msgLichHead      = "Lịch gửi tin 14 ngày tới (giờ Việt Nam):"
	msgLichMore      = "… và %d tin khác."
)

// lichDays is how far /lich looks ahead.
const lichDays = 14

// maxLichLines keeps /lich to one readable message.
const maxLichLines = 30

// schedules are a member's say over outreach posts (/tatthongbao,
// /batthongbao) and the calendar of what the scheduler will send (/lich).
type schedules struct {
	*kit
	cal Calendar // nil turns /lich off
}

// buttonMuteOnly is the prefix of «Chỉ tắt tin tuyên truyền».
const buttonMuteOnly = "tm"

func (r *schedules) register(g *registry) {
	cal := r.cal
	g.command(&command{name: "tatthongbao", desc: "Tắt tin tuyên truyền (vẫn nhận thông báo chi hội)",
		run: func(ctx context.Context, u chat.Update, _ string) []chat.Reply { return r.setMuted(ctx, u, true) }})
	g.command(&command{name: "batthongbao", desc: "Bật lại tin tuyên truyền",
		run: func(ctx context.Context, u chat.Update, _ string) []chat.Reply { return r.setMuted(ctx, u, false) }})
	// Under the erasure question (join.go): stop the posts only.
	g.button(buttonMuteOnly, func(ctx context.Context, u chat.Update, _ string) []chat.Reply {
		r.forgetAnswer(ctx, u, stepErase) // the question is answered: a later "ok" must not erase her
		return r.setMuted(ctx, u, true)
	})
	g.command(&command{name: "lich", desc: "Xem lịch gửi tin 14 ngày tới", needs: ActViewStats,
		run: func(ctx context.Context, u chat.Update, _ string) []chat.Reply { return r.lich(ctx, u, cal) }})
}

func (r *schedules) setMuted(ctx context.Context, u chat.Update, muted bool) []chat.Reply {
	m, ok, err := r.member(ctx, u)
	if err != nil {
		return r.failed(u, "load member", err)
	}
	if !ok {
		return []chat.Reply{{Text: msgSchedNoMember}}
	}
	if m.Muted == muted {
		if muted {
			return []chat.Reply{{Text: msgAlreadyMuted}}
		}
		return []chat.Reply{{Text: msgAlreadyOn}}
	}
	if err := r.store.SetMuted(ctx, u.Platform, u.UserID, muted); err != nil {
		if errors.Is(err, store.ErrMemberUnknown) {
			return []chat.Reply{{Text: msgSchedNoMember}}
		}
		return r.failed(u, "set muted", err)
	}
	r.log.Info("outreach posts muted", "platform", u.Platform, "muted", muted)
	if muted {
		return []chat.Reply{{Text: msgMuted}}
	}
	return []chat.Reply{{Text: msgUnmuted}}
}

func (r *schedules) lich(ctx context.Context, u chat.Update, cal Calendar) []chat.Reply {
	a, err := r.actor(ctx, u)
	if err != nil {
		return r.failed(u, "load actor", err)
	}
	if !CanSomewhere(a, ActViewStats) {
		return []chat.Reply{{Text: msgLichNoRight}}
	}
	if cal == nil {
		return []chat.Reply{{Text: msgLichOff}}
	}
	now := r.now()
	items, err := cal.Upcoming(ctx, now, now.AddDate(0, 0, lichDays))
	if err != nil {
		return r.failed(u, "list upcoming", err)
	}
	home := homeUnit(a, store.RoleStaff, store.RoleHead)
	var ancestors []string // her unit and those above it: their posts reach her members
	if home != "" {
		up, err := r.store.Ancestors(ctx, home)
		if err != nil && !errors.Is(err, store.ErrUnitUnknown) {
			return r.failed(u, "load unit path", err)
		}
		ancestors = append([]string{store.NormalizeUnitCode(home)}, store.UnitCodes(up)...)
	}
	var lines []string
	for _, it := range items {
		ok, err := r.lichVisible(ctx, a, ancestors, it)
		if err != nil {
			return r.failed(u, "check scope", err)
		}
		if ok {
			lines = append(lines, "• "+VietnameseDateTime(it.At)+" – "+it.Title+lichUnits(it.Units))
		}
	}
	if len(lines) == 0 {
		return []chat.Reply{{Text: msgLichEmpty}}
	}
	more := 0
	if len(lines) > maxLichLines {
		more = len(lines) - maxLichLines
		lines = lines[:maxLichLines]
	}
	text := msgLichHead + "\n" + strings.Join(lines, "\n")
	if more > 0 {
		text += "\n" + fmt.Sprintf(msgLichMore, more)
	}
	return []chat.Reply{{Text: text}}
}

// lichVisible: an admin sees everything; others see what goes to everyone,
// to a unit in their scope, or to a unit above theirs.
func (r *schedules) lichVisible(ctx context.Context, a Actor, ancestors []string, it CalendarItem) (bool, error) {
	return CalendarVisible(ctx, r.store, a, ancestors, it.Units)
}

// CalendarVisible says whether a scheduled item for units is shown to a
// (/lich and the dashboard's schedule): an admin sees everything; others
// what goes to everyone ("*"), to a unit in their scope, or to a unit in
// homePath (her home unit and those above it, whose posts reach her
// members).
func CalendarVisible(ctx context.Context, st *store.Store, a Actor, homePath []string, units []string) (bool, error) {
	if a.Has(store.RoleAdmin) {
		return true, nil
	}
	for _, unit := range units {
		if unit == "*" || slices.Contains(homePath, store.NormalizeUnitCode(unit)) {
			return true, nil
		}
		ok, err := May(ctx, st, a, ActViewStats, unit)
		if err != nil || ok {
			return ok, err
		}
	}
	return false, nil
}

func lichUnits(units []string) string {
	switch {
	case len(units) == 0:
		return " (việc nội bộ)"
	case slices.Contains(units, "*"):
		return ""
	default:
		return " (" + strings.Join(units, ", ") + ")"
	}
}

var vnWeekdays = [...]string{"Chủ nhật", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy"}

// VietnameseDateTime shows a time the way members read it, in Vietnam
// time: "Thứ Hai 02/03 lúc 08:00".
func VietnameseDateTime(t time.Time) string {
	l := t.In(vntime.Zone)
	return fmt.Sprintf("%s %02d/%02d lúc %02d:%02d", vnWeekdays[l.Weekday()], l.Day(), int(l.Month()), l.Hour(), l.Minute())
}
