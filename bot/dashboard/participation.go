package dashboard

import (
	"mime"
	"net/http"
	"strconv"

	"loa/handlers"
	"loa/store"
	"loa/vntime"
)

const msgBadPeriod = "Loa chưa hiểu kỳ báo cáo này. Chị chọn lại tháng, quý hoặc năm nhé."

// partRow is one sub-unit of the participation table with its bar.
type partRow struct {
	S     store.UnitStats
	Link  string // drill-down, "" for a unit with nothing below
	Width int    // bar width, percent of the largest
}

// participation is the table of sub-units × period: the figures of
// store.Report, the same call /thongke and /xuat make.
func (d *Dashboard) participation(w http.ResponseWriter, r *http.Request, v *viewer) {
	q := r.URL.Query()
	period, pq, err := d.periodFrom(q)
	if err != nil {
		d.fail(w, r, v, http.StatusBadRequest, msgBadPeriod)
		return
	}
	u, ok := d.unitFor(w, r, v, handlers.ActViewStats, q.Get("unit"))
	if !ok {
		return
	}
	rep, err := d.st.Report(r.Context(), u.Code, period)
	if err != nil {
		d.internal(w, r, v, "compute report", err)
		return
	}
	var most int64
	for _, c := range rep.Children {
		most = max(most, c.Tally.Present)
	}
	rows := make([]partRow, len(rep.Children))
	for i, c := range rep.Children {
		rows[i] = partRow{S: c, Link: unitLink("/dash/thamgia", c.Unit.Code, pq)}
		if most > 0 {
			rows[i].Width = int(c.Tally.Present * 100 / most)
		}
	}
	years := []int{}
	for y := d.now().In(vntime.Zone).Year(); y >= 2024; y-- {
		years = append(years, y)
	}
	d.render(w, r, v, http.StatusOK, "participation", map[string]any{
		"Title":     "Sinh hoạt " + period.Label() + " – " + u.Name,
		"Unit":      u,
		"Crumbs":    d.crumbs(r, v, handlers.ActViewStats, u),
		"Period":    period.Label(),
		"PQ":        pq,
		"Q":         pq.Encode(),
		"Years":     years,
		"Months":    []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12},
		"Rep":       rep,
		"Rows":      rows,
		"CanExport": d.may(r, v, handlers.ActExport, u.Code),
	})
}

// participationXLSX is the /xuat workbook of the unit and period
// (handlers.ReportWorkbook, the same code path), for staff (ActExport).
func (d *Dashboard) participationXLSX(w http.ResponseWriter, r *http.Request, v *viewer) {
	q := r.URL.Query()
	period, _, err := d.periodFrom(q)
	if err != nil {
		d.fail(w, r, v, http.StatusBadRequest, msgBadPeriod)
		return
	}
	u, ok := d.unitFor(w, r, v, handlers.ActExport, q.Get("unit"))
	if !ok {
		return
	}
	wb, err := handlers.ReportWorkbook(r.Context(), d.st, u.Code, period, d.now())
	if err != nil {
		d.internal(w, r, v, "build workbook", err)
		return
	}
	d.audit(r.Context(), v, "report_download", u.Code, "period "+period.Key())
	w.Header().Set("Content-Type", handlers.XLSXMIME)
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": wb.Name}))
	w.Header().Set("Content-Length", strconv.Itoa(len(wb.Data)))
	_, _ = w.Write(wb.Data)
}
