package handlers

import (
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"

	"loa/store"
)

// Sheet names of the /xuat workbook (Excel allows 31 characters).
const (
	SheetSummary    = "Tổng hợp"
	SheetByUnit     = "Theo đơn vị"
	SheetEvents     = "Sự kiện"
	SheetUnreported = "Chưa báo cáo"
)

// StatsWorkbook builds the /xuat file: one sheet per view, Vietnamese
// headers, every count stored as a number so staff can sum and chart it.
// names maps unit codes to names for the events sheet.
func StatsWorkbook(rep store.Report, events []store.Event, names map[string]string) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return nil, fmt.Errorf("workbook: %w", err)
	}
	w := &sheetWriter{f: f, bold: bold}
	if err := f.SetSheetName("Sheet1", SheetSummary); err != nil {
		return nil, fmt.Errorf("workbook: %w", err)
	}
	t := rep.Total
	w.sheet(SheetSummary, []float64{34, 22},
		[]any{"Chỉ tiêu", "Giá trị"},
		[]any{"Đơn vị", t.Unit.Name},
		[]any{"Mã đơn vị", t.Unit.Code},
		[]any{"Kỳ báo cáo", rep.Period.Label()},
		[]any{"Hội viên đăng ký trên Loa", t.Members.Registered},
		[]any{"Hội viên đang nhận tin", t.Members.Active},
		[]any{"Sự kiện đã tổ chức", t.Tally.Events},
		[]any{"Sự kiện đã báo cáo", t.Tally.Reported},
		[]any{"Tỉ lệ báo cáo", t.Tally.ReportingRate()},
		[]any{"Lượt điểm danh trên Loa", t.Tally.CheckIns},
		[]any{"Số người theo báo cáo", t.Tally.Headcount},
		[]any{"Tổng tham dự ước tính", t.Tally.Present},
		[]any{"Đơn vị chưa báo cáo", int64(len(rep.Unreported))},
	)
	if err := w.percentCell(SheetSummary, "B9"); err != nil {
		return nil, err
	}
	rows := [][]any{{"Mã đơn vị", "Tên đơn vị", "Hội viên đăng ký", "Đang nhận tin", "Sự kiện đã tổ chức",
		"Sự kiện đã báo cáo", "Tỉ lệ báo cáo", "Lượt điểm danh", "Số người theo báo cáo", "Tổng tham dự ước tính"}}
	for _, c := range rep.Children {
		rows = append(rows, []any{c.Unit.Code, c.Unit.Name, c.Members.Registered, c.Members.Active, c.Tally.Events,
			c.Tally.Reported, c.Tally.ReportingRate(), c.Tally.CheckIns, c.Tally.Headcount, c.Tally.Present})
	}
	w.sheet(SheetByUnit, []float64{16, 30, 12, 12, 12, 12, 12, 12, 14, 14}, rows...)
	if len(rep.Children) > 0 {
		if err := w.percentCell(SheetByUnit, fmt.Sprintf("G2:G%d", len(rep.Children)+1)); err != nil {
			return nil, err
		}
	}
	rows = [][]any{{"Mã sự kiện", "Đơn vị", "Tên đơn vị", "Tên sự kiện", "Bắt đầu", "Trạng thái",
		"Lượt điểm danh", "Đã báo cáo", "Số người theo báo cáo", "Nguồn"}}
	for _, e := range events {
		state, reported, source := "Đang mở", "Chưa", "Chi hội tạo"
		if e.State == store.EventClosed {
			state = "Đã kết thúc"
		}
		var headcount any = ""
		if e.Reported {
			reported, headcount = "Có", e.Headcount
		}
		if e.Source == store.SourceRule {
			source = "Tự động hằng tháng"
		}
		rows = append(rows, []any{e.ID, e.Unit, names[e.Unit], e.Title,
			e.Start.In(store.EventZone).Format("02/01/2006 15:04"), state, e.CheckIns, reported, headcount, source})
	}
	w.sheet(SheetEvents, []float64{10, 16, 28, 34, 17, 12, 12, 10, 14, 18}, rows...)
	rows = [][]any{{"Mã đơn vị", "Tên đơn vị", "Sự kiện đã tổ chức", "Sự kiện chưa báo cáo"}}
	for _, s := range rep.Unreported {
		rows = append(rows, []any{s.Unit.Code, s.Unit.Name, s.Own.Events, s.Own.Unreported()})
	}
	w.sheet(SheetUnreported, []float64{16, 30, 14, 14}, rows...)
	if w.err != nil {
		return nil, fmt.Errorf("workbook: %w", w.err)
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		return nil, fmt.Errorf("workbook: %w", err)
	}
	return buf.Bytes(), nil
}

// sheetWriter writes whole sheets and keeps the first error.
type sheetWriter struct {
	f    *excelize.File
	bold int
	err  error
}

func (w *sheetWriter) sheet(name string, widths []float64, rows ...[]any) {
	if w.err != nil {
		return
	}
	if idx, _ := w.f.GetSheetIndex(name); idx < 0 {
		if _, w.err = w.f.NewSheet(name); w.err != nil {
			return
		}
	}
	for i, row := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if w.err = w.f.SetSheetRow(name, cell, &row); w.err != nil {
			return
		}
	}
	for i, wd := range widths {
		col, _ := excelize.ColumnNumberToName(i + 1)
		if w.err = w.f.SetColWidth(name, col, col, wd); w.err != nil {
			return
		}
	}
	last, _ := excelize.CoordinatesToCellName(len(rows[0]), 1)
	w.err = w.f.SetCellStyle(name, "A1", last, w.bold)
}

// percentCell shows a 0..1 rate as a percentage, keeping it a number.
func (w *sheetWriter) percentCell(sheet, ref string) error {
	if w.err != nil {
		return w.err
	}
	style, err := w.f.NewStyle(&excelize.Style{NumFmt: 9}) // "0%"
	if err != nil {
		return fmt.Errorf("workbook: %w", err)
	}
	from, to := ref, ref
	if i := strings.IndexByte(ref, ':'); i >= 0 {
		from, to = ref[:i], ref[i+1:]
	}
	if err := w.f.SetCellStyle(sheet, from, to, style); err != nil {
		return fmt.Errorf("workbook: %w", err)
	}
	return nil
}
