package handlers

import (
	"fmt"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"loa/store"
	"loa/vntime"
)

// The /xuat workbook is what a commune office files upward: per level of
// units below the reporting unit, one sheet in the usual form of the
// Union's reports (the title block of the Union and of the State, the
// report's name, its period and date, an STT column, unit names, a Tổng
// cộng row, borders, wrapped headers, the signature block, set up to print
// on A4). Counts stay numbers. An events sheet, the units still to report
// and a raw-data sheet (codes, one row per unit) follow, for those who
// pivot.

// Sheet names of the /xuat workbook (Excel allows 31 characters).
const (
	SheetEvents     = "Sự kiện"
	SheetUnreported = "Chưa báo cáo"
	SheetData       = "Dữ liệu"
)

// Report form texts.
const (
	formState      = "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM"
	formMotto      = "Độc lập - Tự do - Hạnh phúc"
	formTitle      = "BÁO CÁO KẾT QUẢ SINH HOẠT HỘI VÀ THAM DỰ CỦA HỘI VIÊN"
	formTotal      = "Tổng cộng"
	formMaker      = "NGƯỜI LẬP BIỂU"
	formBoard      = "TM. BAN THƯỜNG VỤ"
	formChair      = "CHỦ TỊCH"
	formSignHint   = "(Ký, ghi rõ họ tên)"
	formSignSealed = "(Ký tên, đóng dấu)"
	formFromLoa    = "Số liệu lập từ Loa (trợ lý của Hội trên Zalo, Telegram)."
	formHeaderRow  = 8 // the table's header row
)

// formColumns are the table's columns after STT and the unit's name.
var formColumns = []string{"Hội viên đăng ký trên Loa", "Hội viên đang nhận tin", "Số buổi sinh hoạt, sự kiện đã tổ chức",
	"Số buổi đã báo cáo số người dự", "Lượt điểm danh trên Loa", "Số người dự theo báo cáo", "Tổng số người tham dự", "Ghi chú"}

// WorkbookInfo is what the form needs beyond the numbers.
type WorkbookInfo struct {
	Parent string    // name of the unit above the reporting unit, "" at the top
	Made   time.Time // the date the report is drawn up (ngày lập)
}

// StatsWorkbook builds the /xuat file. names maps unit codes to names for
// the events sheet.
func StatsWorkbook(rep store.Report, events []store.Event, names map[string]string, info WorkbookInfo) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	w := &formWriter{f: f}
	w.styles()
	levels := levelsBelow(rep)
	first := true
	for _, lv := range levels {
		name := levelSheetName(lv)
		if first {
			w.try(func() error { return f.SetSheetName("Sheet1", name) })
			first = false
		} else {
			w.try(func() error { _, err := f.NewSheet(name); return err })
		}
		w.form(name, rep, lv, info)
	}
	if first { // a unit with nothing below: the form of the unit itself
		w.try(func() error { return f.SetSheetName("Sheet1", "Báo cáo") })
		w.form("Báo cáo", rep, []store.UnitStats{rep.Total}, info)
	}
	w.eventsSheet(events, names)
	w.unreportedSheet(rep)
	w.dataSheet(rep)
	if w.err != nil {
		return nil, fmt.Errorf("workbook: %w", w.err)
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		return nil, fmt.Errorf("workbook: %w", err)
	}
	return buf.Bytes(), nil
}

// levelsBelow groups the units under the reporting unit by depth: the
// communes of a province, then their branches.
func levelsBelow(rep store.Report) [][]store.UnitStats {
	depth := map[string]int{rep.Total.Unit.Code: 0}
	var levels [][]store.UnitStats
	for _, s := range rep.Below {
		d := depth[s.Unit.Parent] + 1
		depth[s.Unit.Code] = d
		for len(levels) < d {
			levels = append(levels, nil)
		}
		levels[d-1] = append(levels[d-1], s)
	}
	return levels
}

// levelSheetName names a level's sheet by the kind of its units.
func levelSheetName(lv []store.UnitStats) string {
	switch lv[0].Unit.Kind {
	case "province":
		return "Cấp tỉnh"
	case "commune", "ward":
		return "Cấp xã, phường"
	case "branch":
		return "Chi hội"
	case "group":
		return "Tổ phụ nữ"
	}
	return "Cấp " + lv[0].Unit.Kind
}

// formWriter writes the sheets and keeps the first error.
type formWriter struct {
	f                                                      *excelize.File
	err                                                    error
	bold, title, italic, center, header, cell, num, totalN int
	totalL, pct                                            int
}

func (w *formWriter) try(fn func() error) {
	if w.err == nil {
		w.err = fn()
	}
}

func (w *formWriter) style(s *excelize.Style) int {
	var id int
	w.try(func() (err error) { id, err = w.f.NewStyle(s); return err })
	return id
}

func (w *formWriter) styles() {
	border := []excelize.Border{
		{Type: "left", Color: "000000", Style: 1}, {Type: "right", Color: "000000", Style: 1},
		{Type: "top", Color: "000000", Style: 1}, {Type: "bottom", Color: "000000", Style: 1},
	}
	font := func(bold, italic bool, size float64) *excelize.Font {
		return &excelize.Font{Family: "Times New Roman", Size: size, Bold: bold, Italic: italic}
	}
	centered := &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}
	w.bold = w.style(&excelize.Style{Font: font(true, false, 12), Alignment: centered})
	w.title = w.style(&excelize.Style{Font: font(true, false, 14), Alignment: centered})
	w.italic = w.style(&excelize.Style{Font: font(false, true, 12), Alignment: centered})
	w.center = w.style(&excelize.Style{Font: font(false, false, 12), Alignment: centered})
	w.header = w.style(&excelize.Style{Font: font(true, false, 11), Alignment: centered, Border: border,
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"F2DCE6"}}})
	w.cell = w.style(&excelize.Style{Font: font(false, false, 11), Border: border,
		Alignment: &excelize.Alignment{Vertical: "center", WrapText: true}})
	w.num = w.style(&excelize.Style{Font: font(false, false, 11), Border: border, NumFmt: 3}) // #,##0
	w.totalL = w.style(&excelize.Style{Font: font(true, false, 11), Border: border, Alignment: centered})
	w.totalN = w.style(&excelize.Style{Font: font(true, false, 11), Border: border, NumFmt: 3})
	w.pct = w.style(&excelize.Style{Font: font(false, false, 11), Border: border, NumFmt: 9})
}

func cellName(col, row int) string {
	c, _ := excelize.CoordinatesToCellName(col, row)
	return c
}

// put writes v at (col,row) with style, optionally merged up to toCol.
func (w *formWriter) put(sheet string, col, row, toCol int, v any, style int) {
	from, to := cellName(col, row), cellName(toCol, row)
	w.try(func() error { return w.f.SetCellValue(sheet, from, v) })
	if toCol > col {
		w.try(func() error { return w.f.MergeCell(sheet, from, to) })
	}
	if style != 0 {
		w.try(func() error { return w.f.SetCellStyle(sheet, from, to, style) })
	}
}

// form writes one level's sheet in the form of a Union report.
func (w *formWriter) form(sheet string, rep store.Report, rows []store.UnitStats, info WorkbookInfo) {
	withParent := len(rows) > 0 && rows[0].Unit.Parent != rep.Total.Unit.Code
	cols := 2 + len(formColumns)
	if withParent {
		cols++
	}
	half := cols / 2
	unitName := rep.Total.Unit.Name
	// Title block: the Union (left), the State (right).
	upper := "HỘI LHPN VIỆT NAM"
	if info.Parent != "" {
		upper = "HỘI LHPN " + strings.ToUpper(info.Parent)
	}
	w.put(sheet, 1, 1, half, upper, w.center)
	w.put(sheet, half+1, 1, cols, formState, w.bold)
	w.put(sheet, 1, 2, half, "BAN CHẤP HÀNH HỘI LHPN "+strings.ToUpper(unitName), w.bold)
	w.put(sheet, half+1, 2, cols, formMotto, w.bold)
	made := info.Made.In(vntime.Zone)
	w.put(sheet, half+1, 3, cols, fmt.Sprintf("%s, ngày %02d tháng %02d năm %d", unitName, made.Day(), int(made.Month()), made.Year()), w.italic)
	w.put(sheet, 1, 4, cols, formTitle, w.title)
	period := "Kỳ báo cáo: " + rep.Period.Label()
	if rep.Provisional() {
		period += " (số liệu tạm tính: có sự kiện chưa kết thúc)"
	}
	w.put(sheet, 1, 5, cols, period, w.italic)
	w.put(sheet, 1, 6, cols, "Đơn vị báo cáo: "+unitName+" – ngày lập: "+made.Format("02/01/2006"), w.center)
	// The table.
	head := []string{"STT", "Tên đơn vị"}
	if withParent {
		head = append(head, "Thuộc")
	}
	head = append(head, formColumns...)
	for i, h := range head {
		w.put(sheet, i+1, formHeaderRow, i+1, h, w.header)
	}
	parentNames := map[string]string{}
	for _, s := range rep.Below {
		parentNames[s.Unit.Code] = s.Unit.Name
	}
	var sum store.Tally
	var reg, active int64
	// Rows are written whole and styled by column ranges: a province has
	// about a thousand units, and a call per cell would dominate /xuat.
	for i, s := range rows {
		r := formHeaderRow + 1 + i
		t := s.Tally
		row := []any{i + 1, s.Unit.Name}
		if withParent {
			row = append(row, parentNames[s.Unit.Parent])
		}
		row = append(row, s.Members.Registered, s.Members.Active, t.Events, t.Reported, t.CheckIns, t.Headcount, t.Present, formNote(s))
		w.try(func() error { return w.f.SetSheetRow(sheet, cellName(1, r), &row) })
		sum.Events += t.Events
		sum.Reported += t.Reported
		sum.CheckIns += t.CheckIns
		sum.Headcount += t.Headcount
		sum.Present += t.Present
		reg += s.Members.Registered
		active += s.Members.Active
	}
	if len(rows) > 0 {
		first, last := formHeaderRow+1, formHeaderRow+len(rows)
		textTo := 2
		if withParent {
			textTo = 3
		}
		styleRange := func(fromCol, toCol, style int) {
			w.try(func() error { return w.f.SetCellStyle(sheet, cellName(fromCol, first), cellName(toCol, last), style) })
		}
		styleRange(1, 1, w.num)
		styleRange(2, textTo, w.cell)
		styleRange(textTo+1, cols-1, w.num)
		styleRange(cols, cols, w.cell)
	}
	total := formHeaderRow + 1 + len(rows)
	lead := 2
	if withParent {
		lead = 3
	}
	w.put(sheet, 1, total, lead, formTotal, w.totalL)
	c := lead + 1
	for _, v := range []int64{reg, active, sum.Events, sum.Reported, sum.CheckIns, sum.Headcount, sum.Present} {
		w.put(sheet, c, total, c, v, w.totalN)
		c++
	}
	w.put(sheet, c, total, c, "", w.totalL)
	// Signature block.
	sign := total + 2
	w.put(sheet, 1, sign, half, formFromLoa, w.italic)
	w.put(sheet, 1, sign+1, half, formMaker, w.bold)
	w.put(sheet, half+1, sign+1, cols, formBoard, w.bold)
	w.put(sheet, 1, sign+2, half, formSignHint, w.italic)
	w.put(sheet, half+1, sign+2, cols, formChair, w.bold)
	w.put(sheet, half+1, sign+3, cols, formSignSealed, w.italic)
	// Layout and printing.
	widths := []float64{6, 30}
	if withParent {
		widths = append(widths, 24)
	}
	widths = append(widths, 12, 12, 13, 13, 12, 13, 13, 24)
	for i, wd := range widths {
		col, _ := excelize.ColumnNumberToName(i + 1)
		w.try(func() error { return w.f.SetColWidth(sheet, col, col, wd) })
	}
	w.try(func() error { return w.f.SetRowHeight(sheet, formHeaderRow, 64) })
	w.try(func() error { return w.f.SetRowHeight(sheet, 4, 24) })
	w.printA4(sheet, fmt.Sprintf("$%d:$%d", formHeaderRow, formHeaderRow))
}

// formNote is a row's Ghi chú: what the numbers do not say by themselves.
func formNote(s store.UnitStats) string {
	var notes []string
	switch {
	case noFigures(s.Tally):
		notes = append(notes, "Chưa có sự kiện")
	case s.Tally.Unreported() > 0:
		notes = append(notes, fmt.Sprintf("Còn %d buổi chưa báo cáo", s.Tally.Unreported()))
	}
	if s.Tally.Awaiting > 0 {
		notes = append(notes, fmt.Sprintf("%d buổi đang mở, chưa báo cáo", s.Tally.Awaiting))
	}
	if s.Tally.Cancelled > 0 {
		notes = append(notes, fmt.Sprintf("%d buổi hoãn/hủy", s.Tally.Cancelled))
	}
	if s.Tally.Open > 0 {
		notes = append(notes, "Tạm tính")
	}
	return strings.Join(notes, "; ")
}

// printA4 sets a sheet to print on A4 landscape, one page wide, with
// titleRows repeated on every page.
func (w *formWriter) printA4(sheet, titleRows string) {
	size, landscape, fitW, fitH := 9, "landscape", 1, 0 // 9 = A4
	w.try(func() error {
		return w.f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Size: &size, Orientation: &landscape, FitToWidth: &fitW, FitToHeight: &fitH})
	})
	fit := true
	w.try(func() error {
		return w.f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit})
	})
	m, top := 0.5, 0.6
	w.try(func() error {
		return w.f.SetPageMargins(sheet, &excelize.PageLayoutMarginsOptions{Left: &m, Right: &m, Top: &top, Bottom: &top})
	})
	w.try(func() error {
		return w.f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", RefersTo: "'" + sheet + "'!" + titleRows, Scope: sheet})
	})
}

// table writes a plain sheet: a bold, wrapped header row and data rows.
func (w *formWriter) table(sheet string, widths []float64, rows [][]any) {
	w.try(func() error { _, err := w.f.NewSheet(sheet); return err })
	for i, row := range rows {
		w.try(func() error { return w.f.SetSheetRow(sheet, cellName(1, i+1), &row) })
	}
	for i, wd := range widths {
		col, _ := excelize.ColumnNumberToName(i + 1)
		w.try(func() error { return w.f.SetColWidth(sheet, col, col, wd) })
	}
	w.try(func() error { return w.f.SetCellStyle(sheet, "A1", cellName(len(rows[0]), 1), w.header) })
	w.printA4(sheet, "$1:$1")
}

func (w *formWriter) eventsSheet(events []store.Event, names map[string]string) {
	rows := [][]any{{"STT", "Tên đơn vị", "Tên sự kiện", "Bắt đầu", "Trạng thái", "Lượt điểm danh", "Đã báo cáo",
		"Số người theo báo cáo", "Nguồn", "Mã đơn vị", "Mã sự kiện"}}
	for i, e := range events {
		state, reported, source := "Đang mở", "Chưa", "Chi hội tạo"
		switch {
		case !e.Cancelled.IsZero():
			state = "Hoãn/hủy"
		case e.State == store.EventClosed:
			state = "Đã kết thúc"
		}
		var headcount any = ""
		if e.Reported {
			reported, headcount = "Có", e.Headcount
		}
		if e.Source == store.SourceRule {
			source = "Tự động hằng tháng"
		}
		rows = append(rows, []any{i + 1, names[e.Unit], e.Title, e.Start.In(vntime.Zone).Format("02/01/2006 15:04"),
			state, e.CheckIns, reported, headcount, source, e.Unit, e.ID})
	}
	w.table(SheetEvents, []float64{6, 28, 34, 17, 12, 12, 10, 14, 18, 16, 10}, rows)
}

func (w *formWriter) unreportedSheet(rep store.Report) {
	rows := [][]any{{"STT", "Tên đơn vị", "Số sự kiện đã tổ chức", "Số sự kiện chưa báo cáo", "Mã đơn vị"}}
	for i, s := range rep.Unreported {
		rows = append(rows, []any{i + 1, s.Unit.Name, s.Own.Events, s.Own.Unreported(), s.Unit.Code})
	}
	w.table(SheetUnreported, []float64{6, 30, 14, 14, 16}, rows)
}

// dataSheet is one row per unit, the reporting unit first, with codes and
// bare numbers: for a pivot table.
func (w *formWriter) dataSheet(rep store.Report) {
	rows := [][]any{{"Mã đơn vị", "Tên đơn vị", "Mã đơn vị cấp trên", "Loại", "Kỳ", "Hội viên đăng ký", "Đang nhận tin",
		"Sự kiện đã tổ chức", "Sự kiện đã báo cáo", "Tỉ lệ báo cáo", "Lượt điểm danh", "Số người theo báo cáo",
		"Tổng tham dự", "Sự kiện đang mở đã tính", "Sự kiện hoãn/hủy"}}
	for _, s := range append([]store.UnitStats{rep.Total}, rep.Below...) {
		t := s.Tally
		var rate any = ""
		if t.Events > 0 {
			rate = t.ReportingRate()
		}
		rows = append(rows, []any{s.Unit.Code, s.Unit.Name, s.Unit.Parent, s.Unit.Kind, rep.Period.Key(),
			s.Members.Registered, s.Members.Active, t.Events, t.Reported, rate, t.CheckIns, t.Headcount, t.Present, t.Open, t.Cancelled})
	}
	// Cancelled meetings come last, so the columns before them stay where
	// earlier files had them (pivots made on those keep working).
	w.table(SheetData, []float64{16, 30, 16, 10, 9, 12, 12, 12, 12, 10, 12, 14, 12, 12, 12}, rows)
	w.try(func() error { return w.f.SetCellStyle(SheetData, "J2", cellName(10, len(rows)), w.pct) })
}
