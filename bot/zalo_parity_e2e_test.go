package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"loa/bot/admin"
	"loa/bot/zalo/zalotest"
	"loa/chat"
	"loa/store"
	"loa/vntime"
)

// Zalo parity: what members, heads and staff do on Telegram, done on Zalo
// through the whole program, the fake Zalo server and a real Redis. Buttons
// are numbered lists answered with the number; files are download links
// served by the bot's own HTTP server, fetched here as a browser would.

// zaloWorld is a running bot serving Zalo only, with the units of
// noticeTreeCSV imported.
type zaloWorld struct {
	t   *testing.T
	p   *program
	st  *store.Store
	srv *zalotest.Server
}

func startZaloWorld(t *testing.T, env map[string]string) *zaloWorld {
	t.Helper()
	srv := zalotest.Start(t, "")
	addr := freeAddr(t)
	all := map[string]string{
		"ZALO_BOT_TOKEN": srv.Token(), "ZALO_API_BASE": srv.URL(), "LOA_WEBCHAT": "off",
		"LOA_HTTP_ADDR": addr, "LOA_PUBLIC_URL": "http://" + addr,
	}
	for k, v := range env {
		all[k] = v
	}
	p := startProgram(t, all, srv.Token())
	w := &zaloWorld{t: t, p: p, st: p.st, srv: srv}
	units, err := store.ParseUnitsCSV(strings.NewReader(noticeTreeCSV), "units.csv")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.st.ImportUnits(context.Background(), units); err != nil {
		t.Fatal(err)
	}
	return w
}

// person is someone chatting on Zalo, with a fresh opaque id.
func (w *zaloWorld) person(name string) *zaloMember {
	return &zaloMember{t: w.t, srv: w.srv, chat: zalotest.NewID(), name: name}
}

// member is a registered, consenting member of unit.
func (w *zaloWorld) member(name, unit string) *zaloMember {
	w.t.Helper()
	m := w.person(name)
	if _, err := w.st.Register(context.Background(), store.Member{Platform: chat.Zalo, UserID: m.ID(),
		Name: name, Unit: unit, Consent: time.Now(), Active: true}); err != nil {
		w.t.Fatal(err)
	}
	return m
}

// withRole is someone granted role over unit.
func (w *zaloWorld) withRole(name string, role store.Role, unit string) *zaloMember {
	w.t.Helper()
	m := w.person(name)
	if _, err := w.st.Grant(context.Background(), chat.Zalo, m.ID(), role, unit); err != nil {
		w.t.Fatal(err)
	}
	return m
}

// sent is every message the bot sent m so far, in order.
func (m *zaloMember) sent() []string {
	var out []string
	for _, msg := range m.srv.Messages(m.chat) {
		out = append(out, msg.Text)
	}
	return out
}

// quiet checks that m gets no further message for a moment: after what the
// test waited for, a stray or duplicate message would show by then.
func (m *zaloMember) quiet(have int) {
	m.t.Helper()
	time.Sleep(500 * time.Millisecond)
	if got := m.sent(); len(got) != have {
		m.t.Fatalf("zalo chat %s: want %d messages, got %d:\n%s", m.chat, have, len(got), strings.Join(got, "\n---\n"))
	}
}

// noLongerThanZalo fails when any message the bot sent on Zalo exceeds
// the platform's limit (the fake would have refused it with 400 anyway).
func noLongerThanZalo(t *testing.T, texts []string) {
	t.Helper()
	for i, s := range texts {
		if n := chat.UTF16Len(s); n > zalotest.MaxText || n == 0 {
			t.Fatalf("message %d has %d UTF-16 units", i, n)
		}
	}
}

// runPost asks the running bot to run an outreach post now, the way an
// operator does with `bot admin jobs run`, retrying until the scheduler has
// published its jobs.
func runPost(t *testing.T, st *store.Store, id string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		var out, errOut bytes.Buffer
		if code := admin.Run(context.Background(), st, []string{"jobs", "run", id}, &out, &errOut); code == 0 {
			return
		} else if time.Now().After(deadline) {
			t.Fatalf("jobs run %s: %d %s", id, code, errOut.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func TestZaloOutreachPostReachesMembersButNotMutedOnes(t *testing.T) {
	t.Parallel()
	w := startZaloWorld(t, map[string]string{"LOA_SCHEDULER": "on", "LOA_QUIET_HOURS": "off"}) // the test may run at night in Vietnam
	reader := w.member("Chị Lan", "B1")
	muter := w.member("Chị Hoa", "B2")

	muter.Say("/tatthongbao")
	contains(t, "reply to /tatthongbao", muter.Replies(1)[0], "đã tắt tin tuyên truyền")

	runPost(t, w.st, "post:vneid-lua-dao")
	r := reader.Replies(1)
	contains(t, "the post on Zalo", r[0], "Cảnh giác lừa đảo", "Nguồn:")
	noLongerThanZalo(t, r)
	reader.quiet(1)
	muter.quiet(1)

	// She turns posts back on: the next post reaches her too.
	muter.Say("/batthongbao")
	contains(t, "reply to /batthongbao", muter.Replies(2)[1], "bật")
	runPost(t, w.st, "post:5k3s-tam-tieu-chi")
	want := "Gia đình 5 không, 3 sạch"
	waitUntil(t, 15*time.Second, "the second post on both chats", func() bool {
		return countContaining(reader.sent(), want) == 1 && countContaining(muter.sent(), want) == 1
	})
	reader.quiet(2)
	muter.quiet(3)
	if got := muter.sent(); countContaining(got, "Cảnh giác lừa đảo") != 0 {
		t.Fatalf("the muted member got the first post after all:\n%s", strings.Join(got, "\n---\n"))
	}
}

// eventCode is the check-in code an invitation shows after "/diemdanh ".
func eventCode(t *testing.T, invitation string) string {
	t.Helper()
	m := regexp.MustCompile(`/diemdanh (\d{6})`).FindStringSubmatch(invitation)
	if m == nil {
		t.Fatalf("no check-in code in the invitation:\n%s", invitation)
	}
	return m[1]
}

func TestZaloEventsCheckInAndReport(t *testing.T) {
	t.Parallel()
	w := startZaloWorld(t, nil)
	ctx := context.Background()
	head := w.withRole("Chị Hoa", store.RoleHead, "B1")
	lan := w.member("Chị Lan", "B1")
	mai := w.member("Chị Mai", "B1")
	other := w.member("Chị Cúc", "B2")

	start := time.Now().In(vntime.Zone).Add(-10 * time.Minute)
	head.Say("/sukien Sinh hoạt chi hội tháng này lúc " + start.Format("02/01/2006 15:04"))
	contains(t, "event created", head.Replies(1)[0], "Đã tạo sự kiện", "Mã điểm danh")

	// The invitation on Zalo: the event, its code, and check-in as choice 1.
	inv := lan.Replies(1)[0]
	contains(t, "invitation", inv, "Sinh hoạt chi hội tháng này", "/diemdanh ", "1. ✅ Điểm danh", "trả lời bằng số")
	noLongerThanZalo(t, lan.sent())
	if got := lan.Choices(); len(got) != 1 || got[0] != "✅ Điểm danh" {
		t.Fatalf("invitation choices = %q", got)
	}
	code := eventCode(t, inv)

	// Lan answers with the number; Mai types the code.
	lan.Say("1")
	contains(t, "check-in by number", lan.Replies(2)[1], "đã điểm danh", "Sinh hoạt chi hội tháng này")
	mai.Replies(1)
	mai.Say("/diemdanh " + code)
	contains(t, "check-in by code", mai.Replies(2)[1], "đã điểm danh")

	// Answering twice counts once. The check-in's confirmation has no
	// choices, so a second "1" is plain text again (it must not check her
	// in twice); the code again is recognised as a repeat.
	lan.Say("1")
	if again := lan.Replies(3)[2]; strings.Contains(again, "✅ Chị đã điểm danh") {
		t.Fatalf("a second answer checked in again:\n%s", again)
	}
	lan.Say("/diemdanh " + code)
	contains(t, "second check-in by code", lan.Replies(4)[3], "một lần")
	mai.Say("/diemdanh " + code)
	contains(t, "second check-in", mai.Replies(3)[2], "một lần")
	other.quiet(0) // B2 was not invited to B1's meeting

	// The head reports: the event as a numbered choice, then the figure.
	head.Say("/baocao")
	r := head.Replies(2)
	choices := head.Choices()
	if len(choices) != 1 || !strings.Contains(choices[0], "Sinh hoạt chi hội tháng này") {
		t.Fatalf("/baocao choices = %q:\n%s", choices, r[1])
	}
	head.Press(choices[0])
	contains(t, "asks the count", head.Replies(3)[2], "bao nhiêu người")
	head.Say("15")
	contains(t, "report", head.Replies(4)[3], "Đã ghi nhận 15 người")
	// A correction with the figure first, as on Telegram.
	head.Say("/baocao 12")
	head.Replies(5)
	head.Press(head.Choices()[0])
	contains(t, "correction", head.Replies(6)[5], "từ 15 thành 12")
	noLongerThanZalo(t, head.sent())

	// The scheduler's close job, run with a clock past the event's end: the
	// event's numbers join the month's aggregate, each check-in once.
	if n, err := w.st.CloseDueEvents(ctx, time.Now().Add(store.DefaultEventLength)); err != nil || n != 1 {
		t.Fatalf("closed %d events, %v", n, err)
	}
	tally, err := w.st.Tally(ctx, "B1", store.MonthOf(start))
	if err != nil {
		t.Fatal(err)
	}
	if tally.Events != 1 || tally.Reported != 1 || tally.Headcount != 12 || tally.CheckIns != 2 {
		t.Fatalf("B1 tally: %+v, want 1 event reported with 12, 2 check-ins", tally)
	}
}

// A member who answers the invitation before check-in opens is told when
// it opens and offered the choice again, so on Zalo her "1" still checks
// her in later (a reply without choices would forget the numbered list).
func TestZaloEarlyCheckInOffersTheChoiceAgain(t *testing.T) {
	t.Parallel()
	w := startZaloWorld(t, nil)
	head := w.withRole("Chị Hoa", store.RoleHead, "B1")
	lan := w.member("Chị Lan", "B1")
	start := time.Now().In(vntime.Zone).Add(3 * time.Hour)
	head.Say("/sukien Tập huấn chuyển đổi số lúc " + start.Format("02/01/2006 15:04"))
	contains(t, "event created", head.Replies(1)[0], "Đã tạo sự kiện")
	lan.Replies(1)
	lan.Say("1")
	early := lan.Replies(2)[1]
	contains(t, "too early", early, "mở điểm danh từ", "1. ✅ Điểm danh")
	lan.Say("1")
	contains(t, "the choice still works", lan.Replies(3)[2], "mở điểm danh từ")
	tally, err := w.st.Tally(context.Background(), "B1", store.MonthOf(start))
	if err != nil || tally.CheckIns != 0 {
		t.Fatalf("early answers were counted: %+v, %v", tally, err)
	}
}

// linkPattern is a download link the Zalo adapter puts in place of a file.
var linkPattern = regexp.MustCompile(`https?://[^\s/]+/dl/[A-Za-z0-9_-]+`)

// fetchLink finds the one download link in text, checks it points at the
// bot's own server, and downloads it.
func fetchLink(t *testing.T, p *program, text string) (contentType string, body []byte) {
	t.Helper()
	links := linkPattern.FindAllString(text, -1)
	if len(links) != 1 {
		t.Fatalf("want one download link in:\n%s", text)
	}
	if !strings.HasPrefix(links[0], "http://"+p.addr+"/dl/") {
		t.Fatalf("link %q is not on the bot's server %s", links[0], p.addr)
	}
	resp, err := http.Get(links[0])
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err = io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET download link: %d %s", resp.StatusCode, body)
	}
	return resp.Header.Get("Content-Type"), body
}

func TestZaloCountsAndFilesAsDownloadLinks(t *testing.T) {
	t.Parallel()
	w := startZaloWorld(t, nil)
	head := w.withRole("Chị Hoa", store.RoleHead, "B1")
	staff := w.withRole("Chị Thu", store.RoleStaff, "XA")
	lan := w.member("Chị Lan", "B1")
	w.member("Chị Cúc", "B2")

	start := time.Now().In(vntime.Zone).Add(-10 * time.Minute)
	head.Say("/sukien Sinh hoạt chi hội lúc " + start.Format("02/01/2006 15:04"))
	contains(t, "event created", head.Replies(1)[0], "Đã tạo sự kiện")
	lan.Replies(1)
	lan.Say("1")
	contains(t, "check-in", lan.Replies(2)[1], "đã điểm danh")
	head.Say("/baocao 7")
	head.Replies(2)
	head.Press(head.Choices()[0])
	contains(t, "report", head.Replies(3)[2], "7 người")
	// Counts are of held events: the close job runs with a clock past its end.
	if n, err := w.st.CloseDueEvents(context.Background(), time.Now().Add(store.DefaultEventLength)); err != nil || n != 1 {
		t.Fatalf("closed %d events, %v", n, err)
	}

	// /thongke: the table as text, then the chart as a link to a PNG.
	staff.Say("/thongke")
	r := staff.Replies(2)
	contains(t, "stats", r[0], "Xã Xuân An", "2 đăng ký", "Sự kiện đã tổ chức: 1, đã báo cáo 1 (100%)",
		"1 lượt điểm danh", "7 người theo báo cáo", "Chi hội Ấp 1")
	contains(t, "chart link", r[1], "Biểu đồ", ".png")
	typ, png := fetchLink(t, w.p, r[1])
	if typ != "image/png" || !bytes.HasPrefix(png, []byte("\x89PNG\r\n\x1a\n")) {
		t.Fatalf("the chart link served %q, %d bytes starting %q", typ, len(png), png[:min(8, len(png))])
	}

	// /xuat: a link to the workbook, read back with excelize.
	staff.Say("/xuat")
	r = staff.Replies(3)
	contains(t, "export link", r[2], ".xlsx", "24 giờ")
	typ, xlsx := fetchLink(t, w.p, r[2])
	if !strings.Contains(typ, "spreadsheetml") {
		t.Fatalf("the workbook link served %q", typ)
	}
	f, err := excelize.OpenReader(bytes.NewReader(xlsx))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("Dữ liệu")
	if err != nil {
		t.Fatal(err)
	}
	var sheet strings.Builder
	for _, row := range rows {
		sheet.WriteString(strings.Join(row, " | ") + "\n")
	}
	contains(t, "workbook data", sheet.String(), "Xã Xuân An", "Hội viên")
	// The reporting unit's headcount (L2, as in the Telegram export test) is the number 7.
	if got, _ := f.GetCellValue("Dữ liệu", "L2"); got != "7" {
		t.Fatalf("Dữ liệu!L2 = %q, want 7:\n%s", got, sheet.String())
	}
	if typ, _ := f.GetCellType("Dữ liệu", "L2"); typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
		t.Fatalf("Dữ liệu!L2 is stored as %v, not a number", typ)
	}
	noLongerThanZalo(t, staff.sent())
	// A guessed link serves nothing.
	resp, err := http.Get("http://" + w.p.addr + "/dl/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound {
		t.Fatalf("a guessed link: status %d, want 404", resp.StatusCode)
	}
}

func TestZaloRobustness(t *testing.T) {
	t.Parallel()
	w := startZaloWorld(t, nil)

	t.Run("a message of 5,000 characters is answered", func(t *testing.T) {
		m := w.person("Chị Lan")
		long := strings.Repeat("Cho em hỏi làm căn cước cho con ở đâu ạ. ", 125)
		if n := utf8.RuneCountInString(long); n < 5000 {
			t.Fatalf("the test message has %d characters", n)
		}
		m.Say(long)
		r := m.Replies(1)
		noLongerThanZalo(t, r)
		contains(t, "answer to a long message", r[0], "Chị")
		m.quiet(1)
		// The conversation goes on normally.
		m.Say("5k3s la gi")
		contains(t, "next answer", m.Replies(2)[1], "5 không")
	})

	t.Run("a sticker or a picture gets one polite answer", func(t *testing.T) {
		m := w.person("Chị Hoa")
		w.srv.UserSendsSticker(m.ID(), "Chị Hoa", "abc123")
		contains(t, "apology", m.Replies(1)[0], "Xin lỗi", "chữ")
		w.srv.UserSendsImage(m.ID(), "Chị Hoa", "https://example.com/a.jpg", "")
		w.srv.UserSendsSticker(m.ID(), "Chị Hoa", "abc124")
		m.quiet(1)
		// Text still works afterwards.
		m.Say("5k3s la gi")
		contains(t, "answer after the sticker", m.Replies(2)[1], "5 không")
		// A picture with words under it is a question like any other.
		c := w.person("Chị Cúc")
		w.srv.UserSendsImage(c.ID(), "Chị Cúc", "https://example.com/b.jpg", "5k3s la gi")
		contains(t, "answer to a caption", c.Replies(1)[0], "5 không")
	})

	t.Run("a reply longer than 2,000 characters arrives in parts, in order", func(t *testing.T) {
		head := w.withRole("Chị Thu", store.RoleHead, "B1")
		w.member("Chị Mai", "B1")
		text := longNotice()
		head.Say("/thongbao " + text)
		want := chat.SplitText(chat.NoticeText("Chi hội Ấp 1", text), zalotest.MaxText, chat.UTF16Len) // Zalo counts UTF-16 units
		if len(want) < 2 {
			t.Fatalf("the test notice should take several parts on Zalo, got %d", len(want))
		}
		got := head.Replies(len(want) + 1)
		noLongerThanZalo(t, got)
		for i, p := range want {
			if got[i] != p {
				t.Fatalf("preview part %d of %d:\n%q\nwant\n%q", i+1, len(want), got[i], p)
			}
		}
		contains(t, "confirm after the preview", got[len(want)], "1 thành viên của Chi hội Ấp 1", "1. Gửi", "2. Sửa", "3. Huỷ")
		head.Press("Huỷ")
		head.Replies(len(want) + 2)
	})
}
