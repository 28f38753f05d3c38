package dashboard

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"loa/handlers"
	"loa/store"
	"loa/vntime"
)

// unitFor is the unit a page is about: ?unit=CODE, else her home unit
// (staff before head, as /thongke; an admin without one gets the first
// root). She must be allowed action there (handlers.May, the chat's
// rule); a unit outside her scope and a unit that does not exist get the
// same 403, so a URL tells her nothing about other units. ok=false when
// the answer is written.
func (d *Dashboard) unitFor(w http.ResponseWriter, r *http.Request, v *viewer, action handlers.Action, code string) (store.Unit, bool) {
	ctx := r.Context()
	code = store.NormalizeUnitCode(code)
	if code == "" {
		code = handlers.HomeUnit(v.actor, store.RoleStaff, store.RoleHead)
	}
	if code == "" && v.admin() {
		roots, err := d.st.Roots(ctx)
		if err != nil {
			d.internal(w, r, v, "load roots", err)
			return store.Unit{}, false
		}
		if len(roots) > 0 {
			code = roots[0].Code
		}
	}
	if code == "" {
		d.fail(w, r, v, http.StatusForbidden, msgNoRole)
		return store.Unit{}, false
	}
	ok, err := handlers.May(ctx, d.st, v.actor, action, code)
	if err != nil {
		d.internal(w, r, v, "authorize", err)
		return store.Unit{}, false
	}
	if !ok {
		d.log.Info("dashboard: out of scope refused", "path", logPath(r), "action", string(action))
		d.fail(w, r, v, http.StatusForbidden, msgOutOfScope)
		return store.Unit{}, false
	}
	u, err := d.st.Unit(ctx, code)
	if errors.Is(err, store.ErrUnitUnknown) {
		d.fail(w, r, v, http.StatusNotFound, "Loa không tìm thấy đơn vị này ạ.")
		return store.Unit{}, false
	}
	if err != nil {
		d.internal(w, r, v, "load unit", err)
		return store.Unit{}, false
	}
	return u, true
}

// may is handlers.May for the viewer.
func (d *Dashboard) may(r *http.Request, v *viewer, action handlers.Action, code string) bool {
	ok, err := handlers.May(r.Context(), d.st, v.actor, action, code)
	if err != nil {
		d.log.Error("dashboard: authorize", "error", err)
		return false
	}
	return ok
}

// crumb is one unit above the page's unit, linked when she may see it.
type crumb struct {
	Code, Name string
	Link       bool
}

// crumbs are the units from the root down to u's parent.
func (d *Dashboard) crumbs(r *http.Request, v *viewer, action handlers.Action, u store.Unit) []crumb {
	ups, err := d.st.Ancestors(r.Context(), u.Code)
	if err != nil {
		return nil
	}
	out := make([]crumb, 0, len(ups))
	for i := len(ups) - 1; i >= 0; i-- {
		out = append(out, crumb{Code: ups[i].Code, Name: ups[i].Name, Link: d.may(r, v, action, ups[i].Code)})
	}
	return out
}

// periodQuery is the period as the page's form sends it: loai (thang, quy,
// nam), so (month 1-12 or quarter 1-4) and nam (the year).
type periodQuery struct {
	Kind   string
	Number int
	Year   int
}

// periodFrom reads the period from the query the way /thongke reads its
// arguments (handlers.ParseStatsArgs); the default is the current month.
func (d *Dashboard) periodFrom(q url.Values) (store.Period, periodQuery, error) {
	now := d.now().In(vntime.Zone)
	pq := periodQuery{Kind: q.Get("loai"), Year: now.Year()}
	if pq.Kind == "" {
		pq.Kind = "thang"
	}
	if y := q.Get("nam"); y != "" {
		n, err := strconv.Atoi(y)
		if err != nil || n < 2000 || n > 2100 {
			return store.Period{}, pq, fmt.Errorf("bad year %q", y)
		}
		pq.Year = n
	}
	var args string
	switch pq.Kind {
	case "thang", "quy":
		pq.Number = int(now.Month())
		if pq.Kind == "quy" {
			pq.Number = (pq.Number-1)/3 + 1
		}
		if s := q.Get("so"); s != "" {
			n, err := strconv.Atoi(s)
			if err != nil {
				return store.Period{}, pq, fmt.Errorf("bad number %q", s)
			}
			pq.Number = n
		}
		args = pq.Kind + " " + strconv.Itoa(pq.Number) + "/" + strconv.Itoa(pq.Year)
	case "nam":
		args = "nam " + strconv.Itoa(pq.Year)
	default:
		return store.Period{}, pq, fmt.Errorf("bad kind %q", pq.Kind)
	}
	unit, p, ok := handlers.ParseStatsArgs(args, now)
	if !ok || unit != "" {
		return store.Period{}, pq, fmt.Errorf("bad period %q", args)
	}
	return p, pq, nil
}

// Encode is the period as query parameters.
func (pq periodQuery) Encode() string {
	v := url.Values{"loai": {pq.Kind}, "nam": {strconv.Itoa(pq.Year)}}
	if pq.Kind != "nam" {
		v.Set("so", strconv.Itoa(pq.Number))
	}
	return v.Encode()
}

// unitLink is a page's URL for another unit, keeping the period.
func unitLink(path, code string, pq periodQuery) string {
	return path + "?unit=" + url.QueryEscape(code) + "&" + pq.Encode()
}

// csvSafe keeps a spreadsheet from running a cell as a formula.
func csvSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
