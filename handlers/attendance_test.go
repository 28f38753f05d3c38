package handlers_test

import (
	"bytes"
	"context"
	"fmt"
	"image/png"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/xuri/excelize/v2"

	"loa/bot/delivery"
	"loa/bot/telegram"
	"loa/bot/telegram/telegramtest"
	"loa/chat"
	"loa/handlers"
	"loa/internal/testkit"
	"loa/store"
	"loa/store/redistest"
	"loa/vntime"
)

// The attendance tests run the router over a real Redis with the real
// delivery engine sending through the fake Telegram server, so an
// invitation or a reminder is proven by the message a member receives.

const (
	attHead    = "1100" // head of B11
	attHead21  = "2100" // head of B21
	attStaff   = "1000" // staff of C1
	attStaff2  = "2000" // staff of C2
	attAdmin   = "9000" // admin through LOA_ADMINS
	attMember  = "1101" // member of B11
	attMember2 = "1102" // member of B11
	attOther   = "1201" // member of B12
	attNobody  = "5555" // not registered
)

type attRig struct {
	t      *testing.T
	st     *store.Store
	tg     *telegramtest.Server
	router *handlers.Router
	seq    atomic.Int64
}

func newAttRig(t *testing.T) *attRig {
	t.Helper()
	ctx := context.Background()
	st := store.New(redistest.Start(t).Client())
	testkit.SeedUnits(t, st, testUnitsCSV)
	tgSrv := telegramtest.New(t)
	for id, unit := range map[string]string{attMember: "B11", attMember2: "B11", attOther: "B12", "2101": "B21"} {
		testkit.AddMember(t, st, chat.Telegram, id, unit)
	}
	for _, g := range []struct {
		id   string
		role store.Role
		unit string
	}{{attHead, store.RoleHead, "B11"}, {attHead21, store.RoleHead, "B21"}, {attStaff, store.RoleStaff, "C1"}, {attStaff2, store.RoleStaff, "C2"}} {
		if _, err := st.Grant(ctx, chat.Telegram, g.id, g.role, g.unit); err != nil {
			t.Fatal(err)
		}
	}
	for _, id := range []string{attHead, attHead21, attStaff, attStaff2, attAdmin, attMember, attMember2, attOther, attNobody, "2101"} {
		n, _ := strconv.ParseInt(id, 10, 64)
		tgSrv.AddChat(n, "Chị "+id)
	}
	tg, err := telegram.New(ctx, telegram.Config{Token: tgSrv.Token(), APIBase: tgSrv.URL()})
	if err != nil {
		t.Fatal(err)
	}
	engine := delivery.New(st, map[string]delivery.Channel{chat.Telegram: {Sender: tg, TokenID: "test"}},
		delivery.Options{PollEvery: 20 * time.Millisecond})
	runCtx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { defer close(done); _ = engine.Run(runCtx) }()
	t.Cleanup(func() { cancel(); <-done })
	lib := testkit.EmbeddedLibrary(t)
	router := handlers.New(handlers.Deps{
		Store: st, Knowledge: lib, Outbox: engine,
		Admins: []store.Identity{{Platform: chat.Telegram, UserID: attAdmin}},
	})
	return &attRig{t: t, st: st, tg: tgSrv, router: router}
}

func (r *attRig) say(user, text string) []chat.Reply {
	return r.router.Handle(context.Background(), chat.Update{
		Platform: chat.Telegram, ID: "u" + strconv.FormatInt(r.seq.Add(1), 10), ChatID: user, UserID: user, Text: text,
	})
}

func (r *attRig) press(user, data string) []chat.Reply {
	return r.router.Handle(context.Background(), chat.Update{
		Platform: chat.Telegram, ID: "u" + strconv.FormatInt(r.seq.Add(1), 10), ChatID: user, UserID: user, Data: data,
	})
}

// received waits until chat has n messages from the bot and returns them.
func (r *attRig) received(user string, n int) []telegramtest.Message {
	r.t.Helper()
	chat, _ := strconv.ParseInt(user, 10, 64)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	msgs, err := r.tg.WaitForMessages(ctx, chat, n)
	if err != nil {
		r.t.Fatalf("chat %s: %v", user, err)
	}
	return msgs
}

func (r *attRig) count(user string) int {
	chat, _ := strconv.ParseInt(user, 10, 64)
	return len(r.tg.Messages(chat))
}

func allText(replies []chat.Reply) string {
	var b strings.Builder
	for _, r := range replies {
		b.WriteString(r.Text + "\n")
	}
	return b.String()
}

func expect(t *testing.T, what string, replies []chat.Reply, wants ...string) {
	t.Helper()
	got := allText(replies)
	for _, w := range wants {
		if !strings.Contains(got, w) {
			t.Fatalf("%s: want %q in:\n%s", what, w, got)
		}
	}
}

func buttonData(t *testing.T, replies []chat.Reply, label string) string {
	t.Helper()
	for _, r := range replies {
		for _, row := range r.Buttons {
			for _, b := range row {
				if strings.Contains(b.Text, label) {
					if len(b.Data) > chat.MaxButtonData {
						t.Fatalf("button %q data %d bytes", b.Text, len(b.Data))
					}
					return b.Data
				}
			}
		}
	}
	t.Fatalf("no button %q in %+v", label, replies)
	return ""
}

// soon is a start time 30 minutes ahead, as a head types it, so check-in
// is open now (it opens an hour before the start).
func soon() (time.Time, string) {
	t := time.Now().In(vntime.Zone).Add(30 * time.Minute).Truncate(time.Minute)
	return t, t.Format("02/01/2006 15:04")
}

// createEvent has the head create an event in one line and returns it.
func (r *attRig) createEvent(title string) store.Event {
	r.t.Helper()
	_, when := soon()
	replies := r.say(attHead, "/sukien "+title+" lúc "+when)
	expect(r.t, "create", replies, "Đã tạo sự kiện", title, "Mã điểm danh")
	evs, err := r.st.UnitEvents(context.Background(), "B11", time.Now().Add(-time.Hour), time.Now().Add(2*time.Hour))
	if err != nil || len(evs) == 0 {
		r.t.Fatalf("event not stored: %v", err)
	}
	e := evs[len(evs)-1]
	if e.Title != title || e.CreatedBy != "telegram:"+attHead {
		r.t.Fatalf("stored %+v", e)
	}
	return e
}

func TestEventInOneLineInvitesTheBranchWithACheckInButton(t *testing.T) {
	t.Parallel()
	r := newAttRig(t)
	e := r.createEvent("Sinh hoạt chi hội tháng 12")
	for _, m := range []string{attMember, attMember2} {
		msg := r.received(m, 1)[0]
		if !strings.Contains(msg.Text, "Sinh hoạt chi hội tháng 12") || !strings.Contains(msg.Text, "/diemdanh "+e.Code) {
			t.Fatalf("invitation: %q", msg.Text)
		}
		if len(msg.Buttons) != 1 || msg.Buttons[0][0].CallbackData != "dd:"+e.ID+":"+e.Token {
			t.Fatalf("check-in button: %+v", msg.Buttons)
		}
	}
	time.Sleep(200 * time.Millisecond) // give a wrong delivery the time to happen
	if n := r.count(attOther); n != 0 {
		t.Errorf("a member of another branch got %d messages", n)
	}
	// A plain member and a staff member of another commune may not create.
	expect(t, "member", r.say(attMember, "/sukien Họp 20/12 8h"), "dành cho chi hội trưởng")
	expect(t, "no role", r.say(attNobody, "/sukien"), "dành cho chi hội trưởng")
}

func TestEventAskedStepByStep(t *testing.T) {
	t.Parallel()
	r := newAttRig(t)
	expect(t, "ask title", r.say(attHead, "/sukien"), "tên sự kiện")
	expect(t, "ask time", r.say(attHead, "Họp bàn phòng chống bạo lực gia đình"), "diễn ra lúc nào", "Họp bàn phòng chống bạo lực gia đình")
	expect(t, "bad time", r.say(attHead, "tuần sau nhé"), "chưa đọc được ngày giờ")
	expect(t, "too old", r.say(attHead, "01/01/2020 08:00"), "60 ngày")
	expect(t, "created", r.say(attHead, "20/12/2099 7h tối"), "Đã tạo sự kiện", "19:00", "20/12/2099")
	evs, _ := r.st.UnitEvents(context.Background(), "B11", time.Date(2099, 12, 20, 0, 0, 0, 0, vntime.Zone), time.Date(2099, 12, 21, 0, 0, 0, 0, vntime.Zone))
	if len(evs) != 1 || evs[0].Title != "Họp bàn phòng chống bạo lực gia đình" || evs[0].Start.In(vntime.Zone).Hour() != 19 {
		t.Fatalf("stored %+v", evs)
	}
	// The step is over: the next message is an ordinary question again.
	if strings.Contains(allText(r.say(attHead, "5 không 3 sạch là gì")), "Đã tạo") {
		t.Fatal("step did not end")
	}
}

func TestCheckInByButtonAndCode(t *testing.T) {
	t.Parallel()
	r := newAttRig(t)
	e := r.createEvent("Sinh hoạt chi hội")
	expect(t, "button", r.press(attMember, "dd:"+e.ID+":"+e.Token), "đã điểm danh", "Sinh hoạt chi hội")
	expect(t, "again", r.press(attMember, "dd:"+e.ID+":"+e.Token), "rồi ạ", "một lần")
	expect(t, "code", r.say(attMember2, "/diemdanh "+e.Code), "đã điểm danh")
	// A member of another branch learns nothing: the answer to a wrong code.
	other := r.say(attOther, "/diemdanh "+e.Code)
	expect(t, "other branch", other, "không tìm thấy")
	if strings.Contains(allText(other), "Sinh hoạt chi hội") {
		t.Fatalf("the event's title told to another branch: %q", allText(other))
	}
	expect(t, "forged button", r.press(attMember2, "dd:"+e.ID+":AAAAAAAAAAAAA"), "không tìm thấy")
	expect(t, "not registered", r.press(attNobody, "dd:"+e.ID+":"+e.Token), "chưa đăng ký")
	expect(t, "wrong code", r.say(attMember, "/diemdanh 12"), "không tìm thấy")
	got, _ := r.st.Event(context.Background(), e.ID)
	if got.CheckIns != 2 {
		t.Fatalf("check-ins %d, want 2", got.CheckIns)
	}
	// /diemdanh without a code asks for it; the next message is the code.
	if _, err := r.router.CloseDueEvents(context.Background(), e.Close); err != nil {
		t.Fatal(err)
	}
	expect(t, "ask code", r.say(attMember, "/diemdanh"), "mã điểm danh")
	expect(t, "closed", r.say(attMember, e.Code), "kết thúc điểm danh")
}

func TestReportHeadcountWithButtonsAndCorrection(t *testing.T) {
	t.Parallel()
	r := newAttRig(t)
	e := r.createEvent("Sinh hoạt chi hội")
	// Before the start the report is refused politely.
	expect(t, "early", r.press(attHead, "bc:"+e.ID+":5"), "chưa bắt đầu")
	if err := startNow(r.st, e.ID); err != nil {
		t.Fatal(err)
	}
	picks := r.say(attHead, "/baocao")
	expect(t, "pick", picks, "chọn sự kiện")
	expect(t, "ask", r.press(attHead, buttonData(t, picks, "Sinh hoạt chi hội")), "bao nhiêu người")
	expect(t, "words read back", r.say(attHead, "hai mươi lăm"), "Loa hiểu là 25 người", "Đúng không")
	expect(t, "bad number", r.say(attHead, "chưa nhớ"), "chưa đọc được số")
	// She moves on to another command typed without its slash: it runs,
	// and the figure is asked again when she comes back.
	expect(t, "moved on", r.say(attHead, "thong ke"), "Thống kê")
	expect(t, "step dropped", r.say(attHead, "/baocao"), "chọn sự kiện")
	expect(t, "ask again", r.press(attHead, buttonData(t, r.say(attHead, "/baocao"), "Sinh hoạt chi hội")), "bao nhiêu người")
	expect(t, "saved", r.say(attHead, "25 người"), "Đã ghi nhận 25 người")
	picks = r.say(attHead, "/baocao 27")
	expect(t, "pick with count", picks, "27 người")
	expect(t, "fixed", r.press(attHead, buttonData(t, picks, "đã báo 25")), "từ 25 thành 27")
	// Staff of another commune and a plain member may not report for B11.
	expect(t, "foreign staff", r.press(attStaff2, "bc:"+e.ID+":3"), "chi hội mình")
	expect(t, "member", r.say(attMember, "/baocao 3"), "dành cho chi hội trưởng")
	expect(t, "count in words", r.say(attHead, "/baocao mười"), "10 người")
	hist, _ := r.st.HeadcountReports(context.Background(), e.ID)
	if len(hist) != 2 || hist[0].Count != 25 || hist[1].Count != 27 {
		t.Fatalf("history %+v", hist)
	}
}

// startNow moves an event's start into the past, as time passing would
// (its record and its place in the branch's list).
func startNow(st *store.Store, id string) error {
	ctx := context.Background()
	ms := time.Now().Add(-time.Minute).UnixMilli()
	if err := st.Client().HSet(ctx, "loa:{dir}:att:event:"+id, "start", ms).Err(); err != nil {
		return err
	}
	e, err := st.Event(ctx, id)
	if err != nil {
		return err
	}
	return st.Client().ZAdd(ctx, "loa:{dir}:att:unit:"+e.Unit+":events", redis.Z{Score: float64(ms), Member: id}).Err()
}

func TestCloseRemindOnceAndNudge(t *testing.T) {
	t.Parallel()
	r := newAttRig(t)
	ctx := context.Background()
	e := r.createEvent("Sinh hoạt chi hội")
	if err := startNow(r.st, e.ID); err != nil {
		t.Fatal(err)
	}
	r.press(attMember, "dd:"+e.ID+":"+e.Token)
	// B21's head also holds an event and reports it.
	e21, err := r.st.CreateEvent(ctx, store.NewEvent{Unit: "B21", Title: "Họp chi hội", Start: time.Now().Add(-time.Hour), Close: e.Close})
	if err != nil {
		t.Fatal(err)
	}
	expect(t, "report B21", r.press(attHead21, "bc:"+e21.ID+":14"), "Đã ghi nhận 14")
	n, err := r.router.CloseDueEvents(ctx, e.Close)
	if err != nil || n != 2 {
		t.Fatalf("closed %d, %v", n, err)
	}
	if n, _ := r.router.RemindUnreported(ctx, e.Close.Add(23*time.Hour)); n != 0 {
		t.Fatalf("reminded %d before 24 h", n)
	}
	headBefore := r.count(attHead)
	n, err = r.router.RemindUnreported(ctx, e.Close.Add(24*time.Hour))
	if err != nil || n != 1 {
		t.Fatalf("reminded %d, %v", n, err)
	}
	msg := r.received(attHead, headBefore+1)[headBefore]
	if !strings.Contains(msg.Text, "chưa nhận được số người tham dự") || msg.Buttons[0][0].CallbackData != "bc:"+e.ID {
		t.Fatalf("reminder %q %+v", msg.Text, msg.Buttons)
	}
	if n, _ := r.router.RemindUnreported(ctx, e.Close.Add(48*time.Hour)); n != 0 {
		t.Fatalf("reminded again: %d", n)
	}
	time.Sleep(200 * time.Millisecond)
	if got := r.count(attHead21); got != 0 {
		t.Errorf("the head who reported got %d reminders", got)
	}
	// Staff re-prompt: the head of B11 gets one more message.
	expect(t, "nudge denied to a member", r.say(attMember, "/nhacbaocao"), "dành cho cán bộ Hội")
	replies := r.say(attStaff, "/nhacbaocao")
	expect(t, "nudge", replies, "đã nhắc 1 chi hội", "Chi hội Ấp 1")
	r.received(attHead, headBefore+2)
	expect(t, "nudge C2", r.say(attStaff2, "/nhacbaocao"), "đều đã báo cáo")
	expect(t, "nudge foreign unit", r.say(attStaff2, "/nhacbaocao C1"), "đơn vị mình phụ trách")
}

func TestMonthlyMeetingsOncePerBranch(t *testing.T) {
	t.Parallel()
	r := newAttRig(t)
	ctx := context.Background()
	month := time.Date(2099, 3, 10, 0, 0, 0, 0, vntime.Zone)
	n, err := r.router.CreateMonthlyMeetings(ctx, month)
	if err != nil || n != 3 {
		t.Fatalf("created %d, %v", n, err)
	}
	if n, err := r.router.CreateMonthlyMeetings(ctx, month); err != nil || n != 0 {
		t.Fatalf("again: %d, %v", n, err)
	}
	msg := r.received(attHead, 1)[0]
	if !strings.Contains(msg.Text, "Sinh hoạt chi hội tháng 3/2099") || !strings.Contains(msg.Text, "/diemdanh ") {
		t.Fatalf("head's message %q", msg.Text)
	}
	time.Sleep(200 * time.Millisecond)
	if got := r.count(attHead); got != 1 {
		t.Errorf("head got %d messages for one meeting", got)
	}
	evs, _ := r.st.UnitEvents(ctx, "B12", month.AddDate(0, -1, 0), month.AddDate(0, 1, 0))
	if len(evs) != 1 || evs[0].Source != store.SourceRule || evs[0].Start.In(vntime.Zone).Day() != 1 {
		t.Fatalf("B12 meetings %+v", evs)
	}
}

// closedMonth gives B11 and B12 one closed event each this month: B11 with
// a check-in and a headcount of 20, B12 with nothing reported.
func closedMonth(t *testing.T, r *attRig) {
	t.Helper()
	ctx := context.Background()
	e := r.createEvent("Sinh hoạt chi hội")
	if err := startNow(r.st, e.ID); err != nil {
		t.Fatal(err)
	}
	r.press(attMember, "dd:"+e.ID+":"+e.Token)
	r.press(attHead, "bc:"+e.ID+":20")
	if _, err := r.st.CreateEvent(ctx, store.NewEvent{Unit: "B12", Title: "Họp tổ", Start: time.Now().Add(-time.Hour), Close: e.Close}); err != nil {
		t.Fatal(err)
	}
	if _, err := r.router.CloseDueEvents(ctx, e.Close); err != nil {
		t.Fatal(err)
	}
}

func TestStatsTextAndChartForTheStaffScope(t *testing.T) {
	t.Parallel()
	r := newAttRig(t)
	closedMonth(t, r)
	replies := r.say(attStaff, "/thongke thang")
	expect(t, "stats", replies, "Xã Một", "3 đăng ký", "Sự kiện đã tổ chức: 2, đã báo cáo 1 (50%)",
		"1 lượt điểm danh", "20 người theo báo cáo", "tổng ước tính 20", "Chi hội Ấp 1", "Chưa báo cáo (1 đơn vị", "Chi hội Ấp 2 (1)")
	if len(replies) != 2 || replies[1].File == nil || !replies[1].File.Image {
		t.Fatalf("want a chart image, got %+v", replies)
	}
	img, err := png.Decode(bytes.NewReader(replies[1].File.Data))
	if err != nil || img.Bounds().Dx() < 600 {
		t.Fatalf("chart: %v %v", err, img)
	}
	// The head sees her branch; nobody sees outside their scope.
	expect(t, "head", r.say(attHead, "/thongke"), "Chi hội Ấp 1", "2 đăng ký")
	expect(t, "foreign", r.say(attStaff, "/thongke C2"), "đơn vị mình phụ trách")
	expect(t, "member", r.say(attMember, "/thongke"), "cán bộ Hội và chi hội trưởng")
	expect(t, "unknown unit", r.say(attStaff, "/thongke XYZ"), "không tìm thấy đơn vị")
	expect(t, "bad period", r.say(attStaff, "/thongke quy 7"), "chưa hiểu")
	expect(t, "admin province year", r.say(attAdmin, "/thongke nam"), "Tỉnh Đồng Nai", "Sự kiện đã tổ chức: 2")
	expect(t, "next month empty", r.say(attStaff, "/thongke thang "+time.Now().In(vntime.Zone).AddDate(0, 2, 0).Format("1/2006")), "Sự kiện đã tổ chức: 0")
}

func TestExportWorkbookReadsBack(t *testing.T) {
	t.Parallel()
	r := newAttRig(t)
	closedMonth(t, r)
	expect(t, "head may not export", r.say(attHead, "/xuat"), "dành cho cán bộ Hội")
	replies := r.say(attStaff, "/xuat thang")
	if len(replies) != 1 || replies[0].File == nil || !strings.HasSuffix(replies[0].File.Name, ".xlsx") {
		t.Fatalf("want an xlsx, got %+v", replies)
	}
	f := openWorkbook(t, replies[0].File.Data)
	if got := fmt.Sprint(f.GetSheetList()); got != "[Chi hội Sự kiện Chưa báo cáo Dữ liệu]" {
		t.Fatalf("sheets %s", got)
	}
	cell := func(sheet, ref string) string {
		v, err := f.GetCellValue(sheet, ref)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	number := func(sheet, ref string) string {
		typ, err := f.GetCellType(sheet, ref)
		if err != nil {
			t.Fatal(err)
		}
		if typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
			t.Errorf("%s!%s is type %v, want a number", sheet, ref, typ)
		}
		return cell(sheet, ref)
	}
	// The form: B11 reported 20 with one check-in, B12 held one event
	// and did not report; the Tổng cộng row sums them.
	if cell("Chi hội", "B9") != "Chi hội Ấp 1" || number("Chi hội", "A9") != "1" || number("Chi hội", "I9") != "20" ||
		cell("Chi hội", "A11") != "Tổng cộng" || number("Chi hội", "C11") != "3" || number("Chi hội", "E11") != "2" ||
		number("Chi hội", "F11") != "1" || number("Chi hội", "I11") != "20" || !strings.Contains(cell("Chi hội", "J10"), "chưa báo cáo") {
		rows, _ := f.GetRows("Chi hội")
		t.Fatalf("form %q", rows)
	}
	data, _ := f.GetRows("Dữ liệu")
	if len(data) != 4 || data[1][0] != "C1" || number("Dữ liệu", "M2") != "20" {
		t.Fatalf("data %q", data)
	}
	events, _ := f.GetRows("Sự kiện")
	if len(events) != 3 || events[0][2] != "Tên sự kiện" {
		t.Fatalf("events %q", events)
	}
	unrep, _ := f.GetRows("Chưa báo cáo")
	if len(unrep) != 2 || unrep[1][4] != "B12" {
		t.Fatalf("not reported %q", unrep)
	}
	expect(t, "bad args", r.say(attStaff, "/xuat hom qua"), "chưa hiểu")
}
