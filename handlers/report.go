package handlers

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"loa/chat"
	"loa/store"
	"loa/vntime"
)

// Staff pull the counts: /thongke answers in the chat (a short text table
// and a bar chart), /xuat sends the same numbers as an Excel file.

const (
	msgStatsDenied   = "Chị chỉ xem được thống kê của đơn vị mình phụ trách ạ."
	msgStatsNoUnit   = "Lệnh này dành cho cán bộ Hội và chi hội trưởng. Chị cần được cấp quyền trước nhé."
	msgStatsBadArgs  = "Loa chưa hiểu yêu cầu này. Chị gõ theo mẫu: /thongke, /thongke thang, /thongke quy 4, /thongke nam 2026, hoặc thêm mã đơn vị: /thongke DN-X1 thang 11."
	msgStatsUnknown  = "Loa không tìm thấy đơn vị có mã %s. Chị kiểm tra lại mã giúp Loa nhé."
	msgExportDenied  = "Lệnh /xuat dành cho cán bộ Hội. Chị chỉ xuất được số liệu của đơn vị mình phụ trách ạ."
	msgExportBadArgs = "Loa chưa hiểu yêu cầu này. Chị gõ theo mẫu: /xuat, /xuat thang 11, /xuat quy 4, /xuat nam 2026."
	msgExportReady   = "📎 Báo cáo %s – %s: mẫu báo cáo theo từng cấp (in khổ A4), danh sách sự kiện, đơn vị chưa báo cáo và trang Dữ liệu để lọc, tổng hợp."
	maxStatsRows     = 25
)

// reports are the figures staff and heads ask for: /thongke (a summary
// and a chart) and /xuat (an Excel workbook).
type reports struct{ *kit }

func (r *reports) register(g *registry) {
	g.command(&command{name: "thongke", desc: "Xem thống kê hội viên và tham dự sinh hoạt", needs: ActViewStats, run: r.statsCommand})
	g.command(&command{name: "xuat", desc: "Tải báo cáo Excel", needs: ActExport, run: r.exportCommand})
	// "chi hội nào chưa báo cáo" (intents_staff.go): only that part of
	// /thongke, without sending reminders as /nhacbaocao does.
	g.command(&command{name: "hoivienmoi", desc: "Xem số hội viên mới trong tháng", needs: ActViewStats, hidden: true, run: r.newMembersCommand})
	g.command(&command{name: "chuabaocao", desc: "Xem các chi hội chưa báo cáo", needs: ActViewStats, hidden: true, run: r.unreportedCommand})
}

const (
	msgUnreportedNone    = "🌸 %s – %s: tất cả chi hội có sự kiện đã báo cáo số người dự."
	msgUnreported        = "⚠️ %s – %s: %s đơn vị chưa báo cáo số người dự (số sự kiện thiếu):\n%s\n\nGõ /nhacbaocao để Loa nhắc các chi hội trưởng."
	msgUnreportedNone0   = "📭 %s – %s: chưa có sự kiện nào để báo cáo."
	msgUnreportedNoneDue = "🌸 %s – %s: chưa chi hội nào quá hạn báo cáo."
	msgAwaiting          = "⏳ Chưa báo cáo, buổi họp còn mở (%s đơn vị): %s"
)

// awaitingLine names the units whose meetings are still open without a
// headcount, each with the day its meeting closes: not overdue yet, but
// whom staff chase first.
func awaitingLine(rep store.Report) string {
	names := make([]string, len(rep.Awaiting))
	for i, s := range rep.Awaiting {
		names[i] = s.Unit.Name + " (hạn " + eventDay(s.AwaitingUntil) + ")"
	}
	return fmt.Sprintf(msgAwaiting, chat.FormatCount(int64(len(names))), strings.Join(capList(names), ", "))
}

// unreportedCommand answers "chi hội nào chưa báo cáo": the units of her
// scope with held meetings that lack a headcount, and the branches with no
// meeting at all, for the period she named (this month by default).
func (r *reports) unreportedCommand(ctx context.Context, u chat.Update, args string) []chat.Reply {
	rep, replies, ok := r.scopedReport(ctx, u, "chuabaocao", args)
	if !ok {
		return replies
	}
	name, label := rep.Total.Unit.Name, rep.Period.Label() // "Xã Một – tháng 12/2026"
	var text string
	switch {
	case len(rep.Unreported) > 0:
		lines := make([]string, len(rep.Unreported))
		for i, s := range rep.Unreported {
			lines[i] = fmt.Sprintf("%s (%d)", s.Unit.Name, s.Own.Unreported())
		}
		text = fmt.Sprintf(msgUnreported, name, label, chat.FormatCount(int64(len(lines))), bulletList(lines))
	case len(rep.Awaiting) > 0:
		text = fmt.Sprintf(msgUnreportedNoneDue, name, label)
	case rep.Total.Tally.Events > 0:
		text = fmt.Sprintf(msgUnreportedNone, name, label)
	default:
		text = fmt.Sprintf(msgUnreportedNone0, name, label)
	}
	if len(rep.Awaiting) > 0 {
		text += "\n\n" + awaitingLine(rep)
	}
	if len(rep.Cancelled) > 0 {
		text += "\n\n" + cancelledLine(rep)
	}
	if len(rep.NoEvents) > 0 && (rep.Total.Tally.Events > 0 || len(rep.Awaiting) > 0) {
		text += "\n\n" + fmt.Sprintf("📭 Chưa có sự kiện (%d chi hội): %s", len(rep.NoEvents), strings.Join(capList(unitNames(rep.NoEvents)), ", "))
	}
	return []chat.Reply{{Text: text}}
}

// statsUnit decides which unit a stats command concerns: the code typed,
// else the sender's own unit (staff first, then head; an admin without a
// unit gets the first root), and checks she may do action there. again,
// when not nil, is the command line that redoes her request for a unit
// code (statsAgain): a name several units share is asked back with them
// as buttons.
func (r *kit) statsUnit(ctx context.Context, u chat.Update, a Actor, action Action, code string, again func(code string) string) (string, []chat.Reply, bool) {
	unit := store.NormalizeUnitCode(code)
	if unit != "" {
		un, err := r.store.Unit(ctx, unit)
		if errors.Is(err, store.ErrUnitUnknown) {
			// Not a code: a name, "ấp 2", "chi hoi ap hai", "xa mot".
			byName, replies, ok := r.unitByName(ctx, u, a, code, again)
			if !ok {
				asked := len(replies) > 0 && len(replies[0].Buttons) > 0
				if !asked && !strings.Contains(strings.TrimSpace(code), " ") { // one word: meant as a code
					return "", []chat.Reply{{Text: fmt.Sprintf(msgStatsUnknown, unit)}}, false
				}
				return "", replies, false
			}
			un, err = r.store.Unit(ctx, byName)
		}
		if err != nil {
			return "", r.failed(u, "load unit", err), false
		}
		unit = un.Code
	} else {
		unit = homeUnit(a, store.RoleStaff, store.RoleHead)
		if unit == "" && a.Has(store.RoleAdmin) {
			roots, err := r.store.Roots(ctx)
			if err != nil {
				return "", r.failed(u, "load roots", err), false
			}
			if len(roots) > 0 {
				unit = roots[0].Code
			}
		}
		if unit == "" {
			return "", []chat.Reply{{Text: msgStatsNoUnit}}, false
		}
	}
	ok, err := r.may(ctx, a, action, unit)
	if err != nil {
		return "", r.failed(u, "authorize stats", err), false
	}
	if !ok {
		r.log.Info("stats refused", "platform", u.Platform, "action", string(action))
		if action == ActExport {
			return "", []chat.Reply{{Text: msgExportDenied}}, false
		}
		return "", []chat.Reply{{Text: msgStatsDenied}}, false
	}
	return unit, nil, true
}

// statsAgain is the command line that redoes a figures command for a
// unit code and a period, for the buttons of an ambiguous unit name.
func statsAgain(command string, p store.Period) func(code string) string {
	return func(code string) string { return "/" + command + " " + code + " " + periodArgs(p) }
}

// periodArgs is a period as parseStatsArgs reads it back, in ASCII to
// keep a button's data short: "thang 11/2026", "quy 4/2026", "nam 2026".
func periodArgs(p store.Period) string {
	y := p.Start.Year()
	switch p.Kind {
	case store.Quarter:
		return fmt.Sprintf("quy %d/%d", (int(p.Start.Month())-1)/3+1, y)
	case store.Year:
		return fmt.Sprintf("nam %d", y)
	}
	return fmt.Sprintf("thang %d/%d", int(p.Start.Month()), y)
}

// statsFiller are words around a period that change nothing: "quý này ạ",
// "cho em xem tháng 11 nhé".
var statsFiller = map[string]bool{"nay": true, "a": true, "ah": true, "nha": true, "nhe": true, "giup": true,
	"em": true, "e": true, "cho": true, "xem": true, "voi": true, "di": true, "chi": true, "toi": true, "cua": true,
	"so": true, "lieu": true, "hien": true, "tai": true}

// statsPrevious after a period's kind means the one before: "tháng trước",
// "năm ngoái".
var statsPrevious = map[string]bool{"truoc": true, "ngoai": true, "roi": true}

var rePeriodNumber = regexp.MustCompile(`^(\d{1,4})(?:/(\d{4}))?$`)

// parseStatsArgs reads "[unit] [thang|quy|nam [N][/YYYY]]" in any order:
// "thang", "tháng 11", "quy 4/2026", "nam 2025", "11/2026". The default
// period is the current month.
func parseStatsArgs(args string, now time.Time) (unit string, p store.Period, ok bool) {
	now = now.In(vntime.Zone)
	p = store.MonthOf(now)
	fields := strings.Fields(args)
	kindSet := false
	for i := 0; i < len(fields); i++ {
		f := strings.ToLower(fields[i])
		var kind store.PeriodKind
		switch word := foldWord(f); {
		case word == "thang" || word == "month":
			kind = store.Month
		case word == "quy" || word == "quarter":
			kind = store.Quarter
		case word == "nam" || word == "year":
			kind = store.Year
		case statsFiller[word]:
			continue // "quý này ạ", "cho em xem tháng 11"
		default:
			if m := rePeriodNumber.FindStringSubmatch(f); m != nil && m[2] != "" && !kindSet {
				mo, _ := strconv.Atoi(m[1])
				y, _ := strconv.Atoi(m[2])
				if mo < 1 || mo > 12 {
					return "", p, false
				}
				p, kindSet = store.Period{Kind: store.Month, Start: time.Date(y, time.Month(mo), 1, 0, 0, 0, 0, vntime.Zone)}, true
				continue
			}
			if unit != "" {
				unit += " " // a unit's name: "ấp 2", "chi hội ấp hai"
			}
			unit += fields[i]
			continue
		}
		if kindSet {
			return "", p, false
		}
		kindSet = true
		p = store.PeriodOf(kind, now)
		if i+1 < len(fields) && statsPrevious[foldWord(fields[i+1])] {
			i++ // "tháng trước", "năm ngoái"
			p = store.PeriodOf(kind, p.Start.Add(-time.Hour))
			continue
		}
		if i+1 < len(fields) {
			if m := rePeriodNumber.FindStringSubmatch(fields[i+1]); m != nil {
				i++
				n, _ := strconv.Atoi(m[1])
				y := now.Year()
				if m[2] != "" {
					y, _ = strconv.Atoi(m[2])
				}
				switch kind {
				case store.Month:
					if n < 1 || n > 12 {
						return "", p, false
					}
					p.Start = time.Date(y, time.Month(n), 1, 0, 0, 0, 0, vntime.Zone)
				case store.Quarter:
					if n < 1 || n > 4 {
						return "", p, false
					}
					p.Start = time.Date(y, time.Month((n-1)*3+1), 1, 0, 0, 0, 0, vntime.Zone)
				case store.Year:
					if n < 2000 || n > 2100 || m[2] != "" {
						return "", p, false
					}
					p.Start = time.Date(n, time.January, 1, 0, 0, 0, 0, vntime.Zone)
				}
			}
		}
	}
	return unit, p, true
}

// scopedReport reads "[unit] [period]" from args and computes the figures
// of that unit, which must lie in her scope; otherwise it returns the
// replies that say why.
func (r *reports) scopedReport(ctx context.Context, u chat.Update, command, args string) (store.Report, []chat.Reply, bool) {
	code, period, ok := parseStatsArgs(args, r.now())
	if !ok {
		return store.Report{}, []chat.Reply{{Text: msgStatsBadArgs}}, false
	}
	a, err := r.actor(ctx, u)
	if err != nil {
		return store.Report{}, r.failed(u, "load actor", err), false
	}
	unit, replies, ok := r.statsUnit(ctx, u, a, ActViewStats, code, statsAgain(command, period))
	if !ok {
		return store.Report{}, replies, false
	}
	rep, err := r.store.Report(ctx, unit, period)
	if err != nil {
		return store.Report{}, r.failed(u, "compute report", err), false
	}
	return rep, nil, true
}

func (r *reports) statsCommand(ctx context.Context, u chat.Update, args string) []chat.Reply {
	rep, replies, ok := r.scopedReport(ctx, u, "thongke", args)
	if !ok {
		return replies
	}
	out := []chat.Reply{{Text: StatsText(rep)}}
	if len(rep.Children) > 0 {
		png, err := StatsChart(rep)
		if err != nil {
			r.log.Error("draw stats chart", "platform", u.Platform, "error", err)
		} else {
			out = append(out, chat.Reply{
				Text: "Biểu đồ số người tham dự theo đơn vị, " + rep.Period.Label(),
				File: &chat.File{Name: "thong-ke-" + fileSafe(rep.Total.Unit.Code) + "-" + rep.Period.Key() + ".png", MIME: "image/png", Data: png, Image: true},
			})
		}
	}
	return out
}

// percent shows a rate as a whole percentage: "83%".
func percent(rate float64) string { return strconv.Itoa(int(rate*100+0.5)) + "%" }

// StatsText is the /thongke answer: totals, one line per sub-unit, the
// units that have not reported and the branches with no event. Figures of
// events still open are included at once and marked "tạm tính".
func StatsText(rep store.Report) string {
	var b strings.Builder
	t := rep.Total
	fmt.Fprintf(&b, "📊 Thống kê %s – %s", rep.Period.Label(), t.Unit.Name)
	if rep.Provisional() {
		b.WriteString(" (tạm tính)")
	}
	b.WriteString("\n")
	fmt.Fprintf(&b, "👩 Hội viên trên Loa: %s đăng ký, %s đang nhận tin\n", chat.FormatCount(t.Members.Registered), chat.FormatCount(t.Members.Active))
	fmt.Fprintf(&b, "📅 Sự kiện đã tổ chức: %s, đã báo cáo %s%s%s\n", chat.FormatCount(t.Tally.Events), chat.FormatCount(t.Tally.Reported), rateNote(t.Tally), cancelledNote(t.Tally))
	fmt.Fprintf(&b, "✅ Tham dự: %s lượt điểm danh trên Loa, %s người theo báo cáo, tổng ước tính %s\n",
		chat.FormatCount(t.Tally.CheckIns), chat.FormatCount(t.Tally.Headcount), chat.FormatCount(t.Tally.Present))
	if rep.Provisional() {
		fmt.Fprintf(&b, msgProvisional+"\n", chat.FormatCount(t.Tally.Open))
	}
	if len(rep.Children) > 0 {
		b.WriteString("\nTheo đơn vị (hội viên · sự kiện · báo cáo · tham dự):\n")
		for i, c := range rep.Children {
			if i == maxStatsRows {
				fmt.Fprintf(&b, "… và %d đơn vị khác (xem đủ trong /xuat)\n", len(rep.Children)-maxStatsRows)
				break
			}
			if noFigures(c.Tally) {
				fmt.Fprintf(&b, "• %s: %s · chưa có sự kiện\n", c.Unit.Name, chat.FormatCount(c.Members.Registered))
				continue
			}
			if c.Tally.Events == 0 && c.Tally.Awaiting > 0 {
				fmt.Fprintf(&b, "• %s: %s · %s\n", c.Unit.Name, chat.FormatCount(c.Members.Registered), awaitingNote(c.Tally))
				continue
			}
			fmt.Fprintf(&b, "• %s: %s · %s · %s/%s%s · %s\n", c.Unit.Name, chat.FormatCount(c.Members.Registered),
				chat.FormatCount(c.Tally.Events), chat.FormatCount(c.Tally.Reported), chat.FormatCount(c.Tally.Events),
				rateNote(c.Tally)+cancelledNote(c.Tally), chat.FormatCount(c.Tally.Present))
		}
	}
	if len(rep.Unreported) > 0 {
		names := make([]string, len(rep.Unreported))
		for i, s := range rep.Unreported {
			names[i] = fmt.Sprintf("%s (%d)", s.Unit.Name, s.Own.Unreported())
		}
		fmt.Fprintf(&b, "\n⚠️ Chưa báo cáo (%d đơn vị, số sự kiện thiếu): %s", len(names), strings.Join(capList(names), ", "))
		b.WriteString("\nGõ /nhacbaocao để nhắc các chi hội này.")
	}
	if len(rep.Awaiting) > 0 {
		b.WriteString("\n" + awaitingLine(rep))
	}
	if len(rep.Cancelled) > 0 {
		b.WriteString("\n" + cancelledLine(rep))
	}
	if len(rep.NoEvents) > 0 {
		fmt.Fprintf(&b, "\n📭 Chưa có sự kiện (%d chi hội): %s", len(rep.NoEvents), strings.Join(capList(unitNames(rep.NoEvents)), ", "))
	}
	if len(rep.Unreported) == 0 && len(rep.NoEvents) == 0 && len(rep.Awaiting) == 0 && t.Tally.Events > 0 {
		b.WriteString("\n🌸 Tất cả đơn vị đã báo cáo.")
	}
	return strings.TrimSpace(b.String())
}

// cancelledLine names the units whose meetings the head said did not
// take place: they are not missing a report.
func cancelledLine(rep store.Report) string {
	return fmt.Sprintf("⏸️ Hoãn/hủy họp (%d đơn vị): %s", len(rep.Cancelled), strings.Join(capList(unitNames(rep.Cancelled)), ", "))
}

const msgProvisional = "⏳ Tạm tính: gồm %s sự kiện chưa kết thúc; số liệu chốt khi sự kiện kết thúc."

// noFigures: no event held or reported, nothing to show for the unit.
// A meeting still open without a report is something: it awaits one.
func noFigures(t store.Tally) bool {
	return t.Events == 0 && t.Open == 0 && t.CheckIns == 0 && t.Awaiting == 0
}

// awaitingNote says how many of a unit's meetings are open without a
// report yet: "1 buổi đang mở, chưa báo cáo".
func awaitingNote(t store.Tally) string {
	return chat.FormatCount(t.Awaiting) + " buổi đang mở, chưa báo cáo"
}

// cancelledNote is ", 1 hoãn/hủy": meetings the head said did not take
// place, left out of the reporting rate.
func cancelledNote(t store.Tally) string {
	if t.Cancelled == 0 {
		return ""
	}
	return ", " + chat.FormatCount(t.Cancelled) + " hoãn/hủy"
}

// rateNote is " (50%)", or nothing when no event was held: a unit with
// nothing to report has not "reported 100 %".
func rateNote(t store.Tally) string {
	if t.Events == 0 {
		return ""
	}
	return " (" + percent(t.ReportingRate()) + ")"
}

func unitNames(list []store.UnitStats) []string {
	out := make([]string, len(list))
	for i, s := range list {
		out[i] = s.Unit.Name
	}
	return out
}

func (r *reports) exportCommand(ctx context.Context, u chat.Update, args string) []chat.Reply {
	code, period, ok := parseStatsArgs(args, r.now())
	if !ok {
		return []chat.Reply{{Text: msgExportBadArgs}}
	}
	a, err := r.actor(ctx, u)
	if err != nil {
		return r.failed(u, "load actor", err)
	}
	unit, replies, ok := r.statsUnit(ctx, u, a, ActExport, code, statsAgain("xuat", period))
	if !ok {
		return replies
	}
	wb, err := ReportWorkbook(ctx, r.store, unit, period, r.now())
	if err != nil {
		return r.failed(u, "build report", err)
	}
	r.log.Info("report exported", "platform", u.Platform, "unit", unit, "period", period.Key(), "events", wb.Events)
	return []chat.Reply{{
		Text: fmt.Sprintf(msgExportReady, wb.UnitName, period.Label()),
		File: &chat.File{Name: wb.Name, MIME: XLSXMIME, Data: wb.Data},
	}}
}

// XLSXMIME is the media type of an .xlsx file.
const XLSXMIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// Workbook is a unit's report for a period as an Excel file.
type Workbook struct {
	Name     string // file name: bao-cao-<unit>-<period>.xlsx
	Data     []byte
	UnitName string
	Events   int // events listed
}

// ReportWorkbook builds the /xuat file of unit for period: the figures of
// store.Report (the same as /thongke), the period's events and the unit
// names. /xuat and the dashboard's download both use it; the caller has
// checked ActExport on unit.
func ReportWorkbook(ctx context.Context, st *store.Store, unit string, period store.Period, made time.Time) (Workbook, error) {
	rep, err := st.Report(ctx, unit, period)
	if err != nil {
		return Workbook{}, fmt.Errorf("compute report: %w", err)
	}
	evs, err := st.SubtreeEvents(ctx, unit, period)
	if err != nil {
		return Workbook{}, fmt.Errorf("list events: %w", err)
	}
	names := map[string]string{rep.Total.Unit.Code: rep.Total.Unit.Name}
	for un, err := range st.Subtree(ctx, unit) {
		if err != nil {
			return Workbook{}, fmt.Errorf("walk units: %w", err)
		}
		names[un.Code] = un.Name
	}
	info := WorkbookInfo{Made: made}
	if p := rep.Total.Unit.Parent; p != "" {
		info.Parent = p
		if un, err := st.Unit(ctx, p); err == nil && un.Name != "" {
			info.Parent = un.Name
		}
	}
	data, err := StatsWorkbook(rep, evs, names, info)
	if err != nil {
		return Workbook{}, fmt.Errorf("build workbook: %w", err)
	}
	return Workbook{
		Name:     "bao-cao-" + fileSafe(rep.Total.Unit.Code) + "-" + period.Key() + ".xlsx",
		Data:     data,
		UnitName: rep.Total.Unit.Name,
		Events:   len(evs),
	}, nil
}

// ParseStatsArgs reads the arguments of /thongke and /xuat ("[unit]
// [thang|quy|nam [N][/YYYY]]"); the dashboard reads its period the same way.
func ParseStatsArgs(args string, now time.Time) (unit string, p store.Period, ok bool) {
	return parseStatsArgs(args, now)
}

// fileSafe keeps a unit code usable in a file name.
func fileSafe(code string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_' {
			return r
		}
		return '-'
	}, code)
}
