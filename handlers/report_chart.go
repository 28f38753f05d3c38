package handlers

import (
	"fmt"
	"sort"

	"loa/chat"
	"loa/handlers/chart"
	"loa/store"
)

// StatsChart draws the /thongke chart: one bar per sub-unit (the largest
// maxStatsRows), its length the estimated attendance against an axis of
// people, with the figure and the reporting said in plain words beside it.
func StatsChart(rep store.Report) ([]byte, error) {
	rows := append([]store.UnitStats(nil), rep.Children...)
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].Tally.Present > rows[j].Tally.Present })
	foot := "Số người tham dự: số chi hội trưởng báo cáo; buổi chưa báo cáo tính số điểm danh trên Loa."
	if rep.Provisional() {
		foot = "Tạm tính: có sự kiện chưa kết thúc. " + foot
	}
	if len(rows) > maxStatsRows {
		foot += fmt.Sprintf(" Còn %d đơn vị khác trong /xuat.", len(rows)-maxStatsRows)
		rows = rows[:maxStatsRows]
	}
	reported := "chưa có sự kiện"
	if t := rep.Total.Tally; t.Events > 0 {
		reported = fmt.Sprintf("đã báo cáo %s/%s sự kiện", chat.FormatCount(t.Reported), chat.FormatCount(t.Events))
	}
	c := chart.Chart{
		Title: "Số người tham dự theo đơn vị – " + rep.Total.Unit.Name,
		Subtitle: fmt.Sprintf("%s · tổng %s người · %s", rep.Period.Label(),
			chat.FormatCount(rep.Total.Tally.Present), reported),
		Footer: foot,
		Axis:   "Số người tham dự",
	}
	for _, r := range rows {
		note := chat.FormatCount(r.Tally.Present) + " người · "
		switch t := r.Tally; {
		case noFigures(t):
			note = "chưa có sự kiện"
		case t.Events == 0 && t.CheckIns == 0:
			note += "chờ báo cáo"
		case t.Events == 0:
			note += "chưa báo cáo"
		default:
			note += fmt.Sprintf("báo cáo %s/%s", chat.FormatCount(t.Reported), chat.FormatCount(t.Events))
		}
		c.Bars = append(c.Bars, chart.Bar{Label: r.Unit.Name, Value: r.Tally.Present, Note: note})
	}
	return c.PNG()
}
