package dashboard

import (
	"bytes"
	"html/template"
	"io/fs"
	"net/http"
	"strconv"
	"strings"
	"time"

	"loa/chat"
	"loa/handlers"
	"loa/store"
	"loa/vntime"
)

// navItem is one entry of the menu.
type navItem struct {
	Path, Label string
	Active      bool
}

// funcs are the helpers templates use: Vietnamese numbers, percentages and
// times in Asia/Ho_Chi_Minh.
var funcs = template.FuncMap{
	"count":  func(n int64) string { return chat.FormatCount(n) },
	"counti": func(n int) string { return chat.FormatCount(int64(n)) },
	"rate": func(t store.Tally) string {
		if t.Events == 0 {
			return "–"
		}
		return strconv.Itoa(int(t.ReportingRate()*100+0.5)) + "%"
	},
	"day": func(t time.Time) string { return t.In(vntime.Zone).Format("02/01") },
	"when": func(t time.Time) string {
		if t.IsZero() {
			return "–"
		}
		return t.In(vntime.Zone).Format("02/01/2006 15:04")
	},
	"lower": strings.ToLower,
}

// parsePages parses each page with the layout around it.
func parsePages() map[string]*template.Template {
	names, err := fs.Glob(assets, "templates/*.html")
	if err != nil {
		panic(err)
	}
	pages := map[string]*template.Template{}
	for _, n := range names {
		name := strings.TrimSuffix(strings.TrimPrefix(n, "templates/"), ".html")
		if name == "layout" {
			continue
		}
		pages[name] = template.Must(template.New("layout.html").Funcs(funcs).ParseFS(assets, "templates/layout.html", n))
	}
	return pages
}

// render writes page with the layout: the menu (only what she may use),
// her name, the CSRF token, and data.
func (d *Dashboard) render(w http.ResponseWriter, r *http.Request, v *viewer, status int, page string, data map[string]any) {
	if data == nil {
		data = map[string]any{}
	}
	if v != nil {
		data["CSRF"] = v.sess.CSRF
		name := v.name
		if name == "" {
			name = v.sess.Who.String()
		}
		data["Me"] = name
		data["Roles"] = roleLabel(v.actor)
		data["Nav"] = d.nav(r.URL.Path, v)
	}
	if _, ok := data["Title"]; !ok {
		data["Title"] = "Bảng điều khiển"
	}
	var buf bytes.Buffer
	t, ok := d.pages[page]
	if !ok {
		d.log.Error("dashboard: unknown page template", "page", page)
		http.Error(w, msgSorry, http.StatusInternalServerError)
		return
	}
	if err := t.Execute(&buf, data); err != nil {
		d.log.Error("dashboard: render", "page", page, "error", err)
		http.Error(w, msgSorry, http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

func (d *Dashboard) nav(path string, v *viewer) []navItem {
	items := []navItem{
		{Path: "/dash/thamgia", Label: "Sinh hoạt"},
		{Path: "/dash/cauhoi", Label: "Câu hỏi"},
		{Path: "/dash/thongbao", Label: "Thông báo"},
		{Path: "/dash/hoivien", Label: "Hội viên"},
		{Path: "/dash/lich", Label: "Lịch đăng bài"},
	}
	if v.admin() {
		items = append(items, navItem{Path: "/dash/nhatky", Label: "Nhật ký"})
	}
	for i := range items {
		items[i].Active = strings.HasPrefix(path, items[i].Path)
	}
	return items
}

// roleLabel names her roles in Vietnamese: "Cán bộ Hội (X1)".
func roleLabel(a handlers.Actor) string {
	var parts []string
	for _, g := range a.Grants {
		label := ""
		switch g.Role {
		case store.RoleAdmin:
			label = "Quản trị viên"
		case store.RoleStaff:
			label = "Cán bộ Hội"
		case store.RoleHead:
			label = "Chi hội trưởng"
		default:
			continue
		}
		if g.Unit != "" {
			label += " (" + g.Unit + ")"
		}
		parts = append(parts, label)
	}
	return strings.Join(parts, ", ")
}
