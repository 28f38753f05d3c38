package dashboard_test

import (
	"context"
	"encoding/csv"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"loa/chat"
	"loa/handlers"
	"loa/store"
	"loa/vntime"
)

// holdEvents gives December 2026 two closed events under X1: B1's, with
// two check-ins and a headcount of 15; B2's, not reported.
func holdEvents(t *testing.T, w *world) {
	t.Helper()
	ctx := context.Background()
	day := time.Date(2026, 12, 2, 19, 0, 0, 0, vntime.Zone)
	e1, err := w.st.CreateEvent(ctx, store.NewEvent{Unit: "B1", Title: "Sinh hoạt chi hội", Start: day, CreatedBy: headB1})
	if err != nil {
		t.Fatal(err)
	}
	for _, who := range []store.Identity{member, headB1} {
		if _, err := w.st.CheckIn(ctx, e1.ID, who, day.Add(10*time.Minute)); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := w.st.ReportHeadcount(ctx, e1.ID, headB1, 15, day.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if _, err := w.st.CreateEvent(ctx, store.NewEvent{Unit: "B2", Title: "Sinh hoạt chi hội", Start: day}); err != nil {
		t.Fatal(err)
	}
	if n, err := w.st.CloseDueEvents(ctx, day.Add(24*time.Hour)); err != nil || n != 2 {
		t.Fatalf("closed %d, %v", n, err)
	}
}

var figureRe = regexp.MustCompile(`id="t-([a-z]+)">([^<]*)<`)

// figures reads the page's totals by their ids.
func figures(body string) map[string]string {
	out := map[string]string{}
	for _, m := range figureRe.FindAllStringSubmatch(body, -1) {
		out[m[1]] = m[2]
	}
	return out
}

// TestParticipationShowsTheFiguresOfThongke: the page and /thongke's text
// (handlers.StatsText over the same store.Report) say the same numbers,
// and those are the events' own.
func TestParticipationShowsTheFiguresOfThongke(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	holdEvents(t, w)
	b := w.session(staffX1)
	res := b.get("/dash/thamgia?unit=X1&loai=thang&so=12&nam=2026")
	if res.status != http.StatusOK {
		t.Fatalf("%d\n%s", res.status, res.body)
	}
	got := figures(res.body)
	want := map[string]string{"members": "7", "events": "2", "reported": "1", "rate": "50%", "checkins": "2", "headcount": "15"}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %q, want %q (all: %v)", k, got[k], v, got)
		}
	}
	rep, err := w.st.Report(context.Background(), "X1", store.Period{Kind: store.Month, Start: time.Date(2026, 12, 1, 0, 0, 0, 0, vntime.Zone)})
	if err != nil {
		t.Fatal(err)
	}
	text := handlers.StatsText(rep)
	for _, line := range []string{
		"Sự kiện đã tổ chức: " + got["events"] + ", đã báo cáo " + got["reported"] + " (" + got["rate"] + ")",
		"Tham dự: " + got["checkins"] + " lượt điểm danh trên Loa, " + got["headcount"] + " người theo báo cáo, tổng ước tính " + got["present"],
	} {
		if !strings.Contains(text, line) {
			t.Errorf("/thongke says\n%s\nnot %q", text, line)
		}
	}
	// Drill-down: a row per branch linking to its page; the chart has a bar each.
	for _, code := range []string{"B1", "B2"} {
		if !strings.Contains(res.body, `data-unit="`+code+`"`) || !strings.Contains(res.body, "/dash/thamgia?unit="+code+"&amp;loai=thang") {
			t.Errorf("no row or link for %s", code)
		}
	}
	if strings.Count(res.body, `class="bar"`) != 2 || !strings.Contains(res.body, "fill w100") {
		t.Errorf("bar chart missing")
	}
	// Another period: January has nothing.
	if got := figures(b.get("/dash/thamgia?unit=X1&loai=thang&so=1&nam=2026").body); got["events"] != "0" {
		t.Errorf("January: %v", got)
	}
	if got := figures(b.get("/dash/thamgia?unit=X1&loai=quy&so=4&nam=2026").body); got["events"] != "2" {
		t.Errorf("quarter 4: %v", got)
	}
	if got := figures(b.get("/dash/thamgia?unit=X1&loai=nam&nam=2026").body); got["events"] != "2" {
		t.Errorf("year: %v", got)
	}
	for _, bad := range []string{"loai=thang&so=13", "loai=quy&so=5", "loai=tuan", "nam=abc", "nam=1800"} {
		if res := b.get("/dash/thamgia?unit=X1&" + bad); res.status != http.StatusBadRequest {
			t.Errorf("%s: %d", bad, res.status)
		}
	}
	// The workbook is /xuat's.
	x := b.get("/dash/thamgia.xlsx?unit=X1&loai=thang&so=12&nam=2026")
	if x.status != http.StatusOK || x.header.Get("Content-Type") != handlers.XLSXMIME ||
		!strings.Contains(x.header.Get("Content-Disposition"), "bao-cao-X1-2026-12.xlsx") || !strings.HasPrefix(x.body, "PK") {
		t.Fatalf("xlsx: %d %v", x.status, x.header)
	}
}

func TestMembersPageAndCSV(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	if err := w.st.SetActive(ctx, "telegram", "3000", false); err != nil {
		t.Fatal(err)
	}
	b := w.session(staffX1)
	res := b.get("/dash/hoivien?unit=X1")
	if res.status != http.StatusOK || !strings.Contains(res.body, `id="m-registered">7<`) || !strings.Contains(res.body, `id="m-inactive">1<`) {
		t.Fatalf("%d\n%s", res.status, res.body)
	}
	c := b.get("/dash/hoivien.csv?unit=X1")
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(c.body, "\ufeff"))).ReadAll()
	if err != nil || c.status != http.StatusOK {
		t.Fatalf("csv %d %v", c.status, err)
	}
	want := [][]string{
		{"ma_don_vi", "chi_hoi", "thuoc", "dang_ky", "dang_nhan_tin", "khong_nhan_tin"},
		{"B1", "Chi hội Ấp Một", "Xã Một", "2", "2", "0"},
		{"B2", "Chi hội Ấp Hai", "Xã Một", "5", "4", "1"},
	}
	if len(rows) != len(want) {
		t.Fatalf("rows %v", rows)
	}
	for i := range want {
		if strings.Join(rows[i], "|") != strings.Join(want[i], "|") {
			t.Errorf("row %d = %v, want %v", i, rows[i], want[i])
		}
	}
	// A head sees her branch's counts and may not download.
	h := w.session(headB1)
	if res := h.get("/dash/hoivien"); res.status != http.StatusOK || strings.Contains(res.body, "hoivien.csv") || !strings.Contains(res.body, "Chi hội Ấp Một") {
		t.Fatalf("head: %d", res.status)
	}
}

// TestNoticeFromTheDashboard: preview, then "Gửi" through the notice
// service (one job per platform, the sender's chat as its author); a second
// "Gửi" sends nothing; the history shows it with its outcome columns.
func TestNoticeFromTheDashboard(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	b := w.session(headB1)
	const text = "Tối thứ Bảy 19 giờ họp chi hội tại nhà văn hoá ấp."
	res := b.post("/dash/thongbao/xem", url.Values{"unit": {"B1"}, "text": {text}})
	if res.status != http.StatusOK || !strings.Contains(res.body, "📢 Thông báo từ Chi hội Ấp Một:") || !strings.Contains(res.body, "<b>2</b> thành viên") {
		t.Fatalf("preview %d\n%s", res.status, res.body)
	}
	draft := regexp.MustCompile(`name="draft" value="([^"]+)"`).FindStringSubmatch(res.body)
	if draft == nil {
		t.Fatal("no draft id in the preview")
	}
	for i, want := range []string{"/dash/thongbao?tb=gui", "/dash/thongbao?tb=lap"} {
		res := b.post("/dash/thongbao/gui", url.Values{"draft": {draft[1]}})
		if res.status != http.StatusSeeOther || res.location != want {
			t.Fatalf("send %d: %d %s\n%s", i, res.status, res.location, res.body)
		}
	}
	n, err := w.st.Notice(ctx, draft[1])
	if err != nil || n.Unit != "B1" || n.AuthorPlatform != headB1.Platform || n.AuthorChat != headB1.UserID || len(n.Jobs) != 1 {
		t.Fatalf("notice %+v, %v", n, err)
	}
	page := b.get("/dash/thongbao?tb=gui")
	if !strings.Contains(page.body, `data-notice="`+draft[1]+`"`) || !strings.Contains(page.body, "Tối thứ Bảy 19 giờ họp chi hội") || !strings.Contains(page.body, "Chưa rõ") {
		t.Fatalf("history:\n%s", page.body)
	}
	// Empty and out-of-scope previews are refused and send nothing.
	if res := b.post("/dash/thongbao/xem", url.Values{"unit": {"B1"}, "text": {"  "}}); res.status != http.StatusUnprocessableEntity {
		t.Errorf("empty: %d", res.status)
	}
	if res := b.post("/dash/thongbao/xem", url.Values{"unit": {"B1"}, "text": {strings.Repeat("a", 4001)}}); res.status != http.StatusUnprocessableEntity {
		t.Errorf("too long: %d", res.status)
	}
	recs, _ := w.st.AuditRecords(ctx, 0, 5)
	if len(recs) != 1 || recs[0].Action != "notice_send" || recs[0].Unit != "B1" || strings.Contains(recs[0].Detail, "Tối") {
		t.Fatalf("audit %+v", recs)
	}
	if strings.Contains(w.logs.String(), "Tối thứ Bảy") {
		t.Fatal("the notice's text reached the logs")
	}
}

// TestQuestionsQueueAnswerOnce: the queue lists her subtree's questions,
// newest first; an answer goes to the outbox for the member and closes the
// question; a second answer is told it was answered.
func TestQuestionsQueueAnswerOnce(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	var ids []string
	for i := range 3 {
		ids = append(ids, w.question(store.Identity{Platform: chat.Telegram, UserID: strconv.Itoa(3000 + i)}, "Câu hỏi số "+strconv.Itoa(i)+" về vay vốn"))
	}
	s := w.session(staffX1)
	page := s.get("/dash/cauhoi")
	if page.status != http.StatusOK || !strings.Contains(page.body, `id="q-total">3<`) {
		t.Fatalf("%d\n%s", page.status, page.body)
	}
	if a, b := strings.Index(page.body, "Câu hỏi số 2"), strings.Index(page.body, "Câu hỏi số 0"); a < 0 || b < a {
		t.Fatal("not newest first")
	}
	res := s.post("/dash/cauhoi/traloi", url.Values{"id": {ids[0]}, "answer": {"Dạ, chị đến UBND xã vào sáng thứ Hai nhé."}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("answer: %d\n%s", res.status, res.body)
	}
	q, _ := w.st.Question(ctx, ids[0])
	if q.State != store.QuestionAnswered || q.ClosedBy != staffX1 {
		t.Fatalf("question %+v", q)
	}
	again := w.session(admin).post("/dash/cauhoi/traloi", url.Values{"id": {ids[0]}, "answer": {"Trả lời lần hai"}})
	if again.status != http.StatusConflict || !strings.Contains(again.body, "đã được trả lời") {
		t.Fatalf("second answer: %d", again.status)
	}
	if res := s.post("/dash/cauhoi/boqua", url.Values{"id": {ids[1]}}); res.status != http.StatusSeeOther {
		t.Fatalf("skip: %d", res.status)
	}
	if got := s.get("/dash/cauhoi"); !strings.Contains(got.body, `id="q-total">1<`) {
		t.Fatal("the queue did not shrink")
	}
	if strings.Contains(w.logs.String(), "UBND xã vào sáng") {
		t.Fatal("an answer reached the logs")
	}
}
