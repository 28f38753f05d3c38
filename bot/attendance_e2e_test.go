package main

import (
	"bytes"
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"loa/bot/delivery"
	"loa/bot/telegram/telegramtest"
	"loa/content"
	"loa/handlers"
	"loa/store"
)

// TestAttendanceEndToEnd runs the whole program against the fake Telegram
// server and a real Redis: a head creates an event, members check in (a
// button and a typed code), the head reports the headcount, the events
// close, the head of a branch that did not report gets the reminder, and
// staff pull /thongke and /xuat whose numbers agree (the .xlsx is read
// back).
func TestAttendanceEndToEnd(t *testing.T) {
	attendanceEndToEnd(t, nil)
}

// attendanceEndToEnd is TestAttendanceEndToEnd on the Redis redisEnv names
// (nil: the program's own server).
func attendanceEndToEnd(t *testing.T, redisEnv map[string]string) {
	rig, srv := telegramRig(t)
	env := map[string]string{}
	for k, v := range rig.env {
		env[k] = v
	}
	for k, v := range redisEnv {
		env[k] = v
	}
	p := startProgram(t, env, rig.secrets...)
	ctx := context.Background()
	st := p.st
	units, err := store.ParseUnitsCSV(strings.NewReader(`code,name,parent,kind
DN,Tỉnh Đồng Nai,,province
C1,Xã Một,DN,commune
B11,Chi hội Ấp 1,C1,branch
B12,Chi hội Ấp 2,C1,branch
`), "units.csv")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.ImportUnits(ctx, units); err != nil {
		t.Fatal(err)
	}
	const (
		head11, head12, staff = int64(8011), int64(8012), int64(8001)
		lan, hoa, mai         = int64(8101), int64(8102), int64(8201) // Lan, Hoa in B11; Mai in B12
	)
	for _, c := range []int64{head11, head12, staff, lan, hoa, mai} {
		srv.AddChat(c, "Chị "+strconv.FormatInt(c, 10))
	}
	for id, unit := range map[int64]string{lan: "B11", hoa: "B11", mai: "B12"} {
		if _, err := st.Register(ctx, store.Member{Platform: handlers.Telegram, UserID: strconv.FormatInt(id, 10),
			Name: "Chị", Unit: unit, Consent: time.Now(), Active: true}); err != nil {
			t.Fatal(err)
		}
	}
	for _, g := range []struct {
		id   int64
		role store.Role
		unit string
	}{{head11, store.RoleHead, "B11"}, {head12, store.RoleHead, "B12"}, {staff, store.RoleStaff, "C1"}} {
		if _, err := st.Grant(ctx, handlers.Telegram, strconv.FormatInt(g.id, 10), g.role, g.unit); err != nil {
			t.Fatal(err)
		}
	}
	say := func(chat int64, text string) { srv.UserSays(chat, "Chị", text) }
	wait := func(chat int64, n int) []telegramtest.Message {
		t.Helper()
		msgs, err := srv.WaitForMessages(waitCtx(t), chat, n)
		if err != nil {
			t.Fatalf("chat %d: %v", chat, err)
		}
		return msgs
	}
	lastText := func(chat int64, n int) string { return wait(chat, n)[n-1].Text }

	// Both heads create this month's meeting, started ten minutes ago.
	when := time.Now().In(store.EventZone).Add(-10 * time.Minute).Format("02/01/2006 15:04")
	say(head11, "/sukien Sinh hoạt chi hội Ấp 1 lúc "+when)
	contains(t, "event created", lastText(head11, 1), "Đã tạo sự kiện", "Mã điểm danh")
	say(head12, "/sukien Sinh hoạt chi hội Ấp 2 lúc "+when)
	contains(t, "event created", lastText(head12, 1), "Đã tạo sự kiện")

	// Members got the invitation with its button; Lan presses it, Hoa
	// types the code, Mai checks in to her own branch's meeting.
	inv := wait(lan, 1)[0]
	contains(t, "invitation", inv.Text, "Sinh hoạt chi hội Ấp 1", "/diemdanh ")
	code := inv.Text[strings.Index(inv.Text, "/diemdanh ")+len("/diemdanh "):][:6]
	srv.PressButtonText(lan, "✅ Điểm danh")
	contains(t, "check-in by button", lastText(lan, 2), "đã điểm danh")
	wait(hoa, 1)
	say(hoa, "/diemdanh "+code)
	contains(t, "check-in by code", lastText(hoa, 2), "đã điểm danh")
	say(hoa, "/diemdanh "+code)
	contains(t, "second check-in", lastText(hoa, 3), "một lần")
	wait(mai, 1)
	srv.PressButtonText(mai, "✅ Điểm danh")
	contains(t, "check-in B12", lastText(mai, 2), "đã điểm danh")

	// The head of B11 reports 15, then corrects to 12; B12 reports nothing.
	say(head11, "/baocao")
	wait(head11, 2)
	srv.PressButtonText(head11, eventButton(t, srv, head11))
	contains(t, "asks the count", lastText(head11, 3), "bao nhiêu người")
	say(head11, "15")
	contains(t, "report", lastText(head11, 4), "Đã ghi nhận 15 người")
	say(head11, "/baocao 12")
	wait(head11, 5)
	srv.PressButtonText(head11, eventButton(t, srv, head11))
	contains(t, "correction", lastText(head11, 6), "từ 15 thành 12")

	// The scheduler's work, driven with a clock hours and a day ahead: a
	// second router over the same Redis queues into the same outbox, and
	// the running program's delivery engine sends what it queues.
	lib, err := content.NewLibrary("")
	if err != nil {
		t.Fatal(err)
	}
	engine := delivery.New(st, map[string]delivery.Channel{handlers.Telegram: {TokenID: delivery.TokenID(srv.Token())}}, delivery.Options{})
	jobs := handlers.New(handlers.Deps{Store: st, Knowledge: lib, Outbox: engine})
	closeAt := time.Now().Add(store.DefaultEventLength)
	if n, err := jobs.CloseDueEvents(ctx, closeAt); err != nil || n != 2 {
		t.Fatalf("closed %d, %v", n, err)
	}
	if n, err := jobs.RemindUnreported(ctx, closeAt.Add(store.ReminderDelay)); err != nil || n != 1 {
		t.Fatalf("reminded %d, %v", n, err)
	}
	reminder := wait(head12, 2)[1]
	contains(t, "reminder to the head who did not report", reminder.Text, "chưa nhận được số người tham dự", "Chi hội Ấp 2")
	time.Sleep(300 * time.Millisecond)
	if n := len(srv.Messages(head11)); n != 6 {
		t.Fatalf("the head who reported got %d messages, want 6 (no reminder)", n)
	}
	// A check-in after the close is refused.
	say(lan, "/diemdanh "+code)
	contains(t, "after close", lastText(lan, 3), "kết thúc điểm danh")

	// Staff pull the counts: 2 events, 1 reported, 3 check-ins, headcount
	// 12, estimated attendance 12 + 1 (B12's check-in), 3 members.
	say(staff, "/thongke")
	msgs := wait(staff, 2)
	stats := msgs[0].Text
	contains(t, "stats", stats, "Xã Một", "3 đăng ký", "Sự kiện đã tổ chức: 2, đã báo cáo 1 (50%)",
		"3 lượt điểm danh", "12 người theo báo cáo", "tổng ước tính 13", "Chi hội Ấp 2 (1)")
	if msgs[1].Method != "sendPhoto" || msgs[1].File == nil || msgs[1].File.Width < 600 {
		t.Fatalf("want the chart photo, got %+v", msgs[1])
	}
	say(staff, "/xuat")
	doc := wait(staff, 3)[2]
	if doc.Method != "sendDocument" || doc.File == nil || !strings.HasSuffix(doc.File.Name, ".xlsx") {
		t.Fatalf("want the workbook, got %+v", doc)
	}
	f, err := excelize.OpenReader(bytes.NewReader(doc.File.Data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for ref, want := range map[string]string{"B5": "3", "B7": "2", "B8": "1", "B10": "3", "B11": "12", "B12": "13"} {
		got, _ := f.GetCellValue("Tổng hợp", ref)
		if got != want {
			t.Errorf("Tổng hợp!%s = %q, want %q (as /thongke says)", ref, got, want)
		}
		if typ, _ := f.GetCellType("Tổng hợp", ref); typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
			t.Errorf("Tổng hợp!%s is not a number: %v", ref, typ)
		}
	}
	events, _ := f.GetRows("Sự kiện")
	unreported, _ := f.GetRows("Chưa báo cáo")
	if len(events) != 3 || len(unreported) != 2 || unreported[1][0] != "B12" {
		t.Fatalf("events %q, not reported %q", events, unreported)
	}
}

// eventButton is the label of the first event button in the latest message
// of chat that has buttons (the /baocao choice).
func eventButton(t *testing.T, srv *telegramtest.Server, chat int64) string {
	t.Helper()
	msgs := srv.Messages(chat)
	for i := len(msgs) - 1; i >= 0; i-- {
		if len(msgs[i].Buttons) > 0 {
			return msgs[i].Buttons[0][0].Text
		}
	}
	t.Fatalf("chat %d: no buttons offered", chat)
	return ""
}
