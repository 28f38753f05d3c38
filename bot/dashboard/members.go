package dashboard

import (
	"encoding/csv"
	"mime"
	"net/http"
	"strconv"

	"loa/handlers"
	"loa/store"
)

// memberRow is one branch's member counts.
type memberRow struct {
	Unit     store.Unit
	Parent   string // name of the unit above it
	Counts   store.Counts
	Inactive int64
}

// branchCounts are the member counts of every branch at or below u (u
// itself when it is a branch), from the same per-unit counters /thongke
// reads (store.Report).
func (d *Dashboard) branchCounts(r *http.Request, u store.Unit) ([]memberRow, store.Counts, error) {
	rep, err := d.st.Report(r.Context(), u.Code, store.MonthOf(d.now()))
	if err != nil {
		return nil, store.Counts{}, err
	}
	names := map[string]string{rep.Total.Unit.Code: rep.Total.Unit.Name}
	for _, s := range rep.Below {
		names[s.Unit.Code] = s.Unit.Name
	}
	all := append([]store.UnitStats{rep.Total}, rep.Below...)
	var rows []memberRow
	for _, s := range all {
		if s.Unit.Kind != "branch" {
			continue
		}
		// A branch's counts include nothing below it (branches are leaves
		// of the tree); Members is the unit and below.
		rows = append(rows, memberRow{Unit: s.Unit, Parent: names[s.Unit.Parent], Counts: s.Members,
			Inactive: s.Members.Registered - s.Members.Active})
	}
	return rows, rep.Total.Members, nil
}

// members is the count of members per branch, active and not.
func (d *Dashboard) members(w http.ResponseWriter, r *http.Request, v *viewer) {
	u, ok := d.unitFor(w, r, v, handlers.ActListMembers, r.URL.Query().Get("unit"))
	if !ok {
		return
	}
	rows, total, err := d.branchCounts(r, u)
	if err != nil {
		d.internal(w, r, v, "count members", err)
		return
	}
	d.render(w, r, v, http.StatusOK, "members", map[string]any{
		"Title":     "Hội viên – " + u.Name,
		"Unit":      u,
		"Crumbs":    d.crumbs(r, v, handlers.ActListMembers, u),
		"Rows":      rows,
		"Total":     total,
		"Inactive":  total.Registered - total.Active,
		"CanExport": d.may(r, v, handlers.ActExport, u.Code),
	})
}

// membersCSV is the same table as a CSV file (counts only: no names), for
// staff (ActExport, as /xuat).
func (d *Dashboard) membersCSV(w http.ResponseWriter, r *http.Request, v *viewer) {
	u, ok := d.unitFor(w, r, v, handlers.ActExport, r.URL.Query().Get("unit"))
	if !ok {
		return
	}
	rows, _, err := d.branchCounts(r, u)
	if err != nil {
		d.internal(w, r, v, "count members", err)
		return
	}
	d.audit(r.Context(), v, "members_download", u.Code, strconv.Itoa(len(rows))+" branches")
	name := "hoi-vien-" + u.Code + ".csv"
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	_, _ = w.Write([]byte("\ufeff")) // Excel reads UTF-8 with a BOM
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"ma_don_vi", "chi_hoi", "thuoc", "dang_ky", "dang_nhan_tin", "khong_nhan_tin"})
	for _, row := range rows {
		_ = cw.Write([]string{csvSafe(row.Unit.Code), csvSafe(row.Unit.Name), csvSafe(row.Parent),
			strconv.FormatInt(row.Counts.Registered, 10), strconv.FormatInt(row.Counts.Active, 10), strconv.FormatInt(row.Inactive, 10)})
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		d.log.Warn("dashboard: members csv cut short", "error", err)
	}
}
