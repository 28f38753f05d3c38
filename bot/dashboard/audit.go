package dashboard

import (
	"net/http"
	"strconv"

	"loa/store"
)

// auditShow is how many records the audit page shows at once.
const auditShow = 200

// auditPage lets admins read the audit log: who did what, when.
func (d *Dashboard) auditPage(w http.ResponseWriter, r *http.Request, v *viewer) {
	if !v.admin() {
		d.fail(w, r, v, http.StatusForbidden, "Nhật ký chỉ dành cho quản trị viên ạ.")
		return
	}
	from, _ := strconv.ParseInt(r.URL.Query().Get("tu"), 10, 64)
	from = max(from, 0)
	recs, err := d.st.AuditRecords(r.Context(), from, auditShow)
	if err != nil {
		d.internal(w, r, v, "audit records", err)
		return
	}
	next := int64(-1)
	if len(recs) == auditShow && from+auditShow < store.MaxAuditRecords {
		next = from + auditShow
	}
	d.render(w, r, v, http.StatusOK, "audit", map[string]any{"Title": "Nhật ký", "Records": recs, "Next": next})
}

// actionLabels name audit actions in Vietnamese.
var actionLabels = map[string]string{
	"login":            "Đăng nhập",
	"logout":           "Đăng xuất",
	"report_download":  "Tải báo cáo Excel",
	"members_download": "Tải bảng hội viên",
	"notice_send":      "Gửi thông báo",
	"job_pause":        "Tạm dừng lịch",
	"job_resume":       "Chạy lại lịch",
	"question_answer":  "Trả lời câu hỏi",
	"question_dismiss": "Bỏ qua câu hỏi",
}

func init() {
	funcs["action"] = func(a string) string {
		if l, ok := actionLabels[a]; ok {
			return l
		}
		return a
	}
}
