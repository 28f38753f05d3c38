package handlers

import (
	"fmt"
	"sort"

	"loa/handlers/chart"
	"loa/store"
)

// StatsChart draws the /thongke chart: one bar per sub-unit (the largest
// maxStatsRows), its length the estimated attendance, with the reporting
// rate beside it.
func StatsChart(rep store.Report) ([]byte, error) {
	rows := append([]store.UnitStats(nil), rep.Children...)
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].Tally.Present > rows[j].Tally.Present })
	foot := "BC: tỉ lệ sự kiện đã báo cáo số người dự."
	if len(rows) > maxStatsRows {
		foot += fmt.Sprintf(" Còn %d đơn vị khác trong /xuat.", len(rows)-maxStatsRows)
		rows = rows[:maxStatsRows]
	}
	c := chart.Chart{
		Title: "Số người tham dự theo đơn vị – " + rep.Total.Unit.Name,
		Subtitle: fmt.Sprintf("%s · tổng %s người · tỉ lệ báo cáo %s", rep.Period.Label(),
			FormatCount(rep.Total.Tally.Present), percent(rep.Total.Tally.ReportingRate())),
		Footer: foot,
	}
	for _, r := range rows {
		c.Bars = append(c.Bars, chart.Bar{
			Label: r.Unit.Name, Value: r.Tally.Present,
			Note: FormatCount(r.Tally.Present) + " · BC " + percent(r.Tally.ReportingRate()),
		})
	}
	return c.PNG()
}
