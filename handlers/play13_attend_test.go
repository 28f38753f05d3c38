package handlers_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"loa/chat"
	"loa/handlers"
	"loa/internal/testkit"
	"loa/store"
	"loa/store/redistest"
	"loa/vntime"
)

// Played by the lead on the web chat (attend13): a branch head and a
// commune staffer on Monday 2026-12-07, every branch with its open meeting
// of the month "Sinh hoạt chi hội tháng 12/2026" (01/12–31/12).

// play13Today is the day the lead played.
var play13Today = time.Date(2026, time.December, 7, 10, 0, 0, 0, vntime.Zone)

type play13 struct {
	t      *testing.T
	st     *store.Store
	router *handlers.Router
	seq    int
}

// newPlay13 is the sample tree with December's meetings made for the
// branches named (all of them when none is named).
func newPlay13(t *testing.T, branches ...string) *play13 {
	t.Helper()
	ctx := context.Background()
	st := store.New(redistest.Start(t).Client())
	testkit.SeedUnits(t, st, testUnitsCSV)
	for _, g := range []struct {
		id   string
		role store.Role
		unit string
	}{{attHead, store.RoleHead, "B11"}, {attStaff, store.RoleStaff, "C1"}} {
		if _, err := st.Grant(ctx, chat.Telegram, g.id, g.role, g.unit); err != nil {
			t.Fatal(err)
		}
	}
	testkit.AddMember(t, st, chat.Telegram, attMember, "B11")
	router := handlers.New(handlers.Deps{Store: st, Knowledge: testkit.EmbeddedLibrary(t), Clock: func() time.Time { return play13Today }})
	if len(branches) == 0 {
		if _, err := router.CreateMonthlyMeetings(ctx, play13Today); err != nil {
			t.Fatal(err)
		}
	}
	p := &play13{t: t, st: st, router: router}
	for _, b := range branches {
		p.monthly(b, play13Today)
	}
	return p
}

// monthly makes the branch's meeting of the month of day, as the rule does.
func (p *play13) monthly(unit string, day time.Time) store.Event {
	p.t.Helper()
	start := time.Date(day.Year(), day.Month(), 1, 7, 0, 0, 0, vntime.Zone)
	e, _, err := p.st.CreateMonthlyMeeting(context.Background(), store.NewEvent{Unit: unit,
		Title: "Sinh hoạt chi hội tháng " + strconv.Itoa(int(day.Month())) + "/" + strconv.Itoa(day.Year()),
		Start: start, Close: start.AddDate(0, 1, 0).Add(-10 * time.Hour)})
	if err != nil {
		p.t.Fatal(err)
	}
	return e
}

func (p *play13) say(user, text string) []chat.Reply {
	p.seq++
	return p.router.Handle(context.Background(), chat.Update{Platform: chat.Telegram, ID: "p13-" + strconv.Itoa(p.seq),
		ChatID: user, UserID: user, Text: text})
}

// events are B11's meetings from September to December.
func (p *play13) events(unit string) []store.Event {
	p.t.Helper()
	evs, err := p.st.UnitEvents(context.Background(), unit, play13Today.AddDate(0, -4, 0), play13Today.AddDate(0, 1, 0))
	if err != nil {
		p.t.Fatal(err)
	}
	return evs
}

func refuse(t *testing.T, what string, replies []chat.Reply, wrongs ...string) {
	t.Helper()
	got := allText(replies)
	for _, w := range wrongs {
		if strings.Contains(got, w) {
			t.Fatalf("%s: %q should not be in:\n%s", what, w, got)
		}
	}
}

// TestPlay13WeekdayIsNoHeadcount: "hôm thứ 7 chi hội họp được 22 chị" was
// read back as 7 people. A weekday, a date, a month, an hour, a hamlet or
// a group number is never the figure; the people words mark it.
func TestPlay13WeekdayIsNoHeadcount(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ text, want string }{
		{"hôm thứ 7 chi hội họp được 22 chị", "22 người"},
		{"họp thứ bảy chị em đến 21 người", "21 người"},
		{"/baocao t7 họp 19 ng", "19 người"},
		{"/baocao cn họp ấp 3 được 17 chị em", "17 người"},
		{"/baocao họp tổ 2 hôm qua 16 hội viên", "16 người"},
		{"/baocao họp 7g30 hôm qua 23 người", "23 người"},
		{"/baocao hôm qua họp, các chị trên 60 tuổi 12 người", "12 người"},
		{"/baocao họp ngày 5/12 được 26 người", "26 người"},
		{"/baocao hôm qua họp tổ 15 người", "15 người"},
	} {
		t.Run(c.text, func(t *testing.T) {
			t.Parallel()
			p := newPlay13(t)
			got := p.say(attHead, c.text)
			expect(t, "read back", got, "Loa hiểu là "+c.want, "Sinh hoạt chi hội tháng 12/2026")
			for _, wrong := range []string{"7 người", "3 người", "2 người", "60 người", "5 người"} {
				if !strings.HasSuffix(c.want, wrong) {
					refuse(t, "no other figure", got, "Loa hiểu là "+wrong)
				}
			}
		})
	}
}

// TestPlay13HurriedReportsFromAHead: "hom qua hop chi hoi co 18 nguoi",
// typed without marks, was taken for a member's question and "forwarded
// to the branch" — to herself. From a head, a meeting word, a word of time
// gone by and a figure of people are a report, read back before it is
// saved; from a member the same words are no report.
func TestPlay13HurriedReportsFromAHead(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ text, want string }{
		{"hom qua hop chi hoi co 18 nguoi", "Loa hiểu là 18 người"},
		{"hôm thứ 7 chi hội họp được 22 chị", "Loa hiểu là 22 người"},
		{"t7 vua roi hop 19 ng", "Loa hiểu là 19 người"},
		{"chi hoi e hop roi 20 nguoi", "có 20 người"},
		{"hop xong roi nha c, 24 chi em", "có 24 người"},
	} {
		t.Run(c.text, func(t *testing.T) {
			t.Parallel()
			p := newPlay13(t)
			got := p.say(attHead, c.text)
			expect(t, "a head's report", got, c.want)
			if !strings.Contains(allText(got), "Sinh hoạt chi hội tháng 12/2026") {
				buttonData(t, got, "Sinh hoạt chi hội tháng 12/2026") // or the list with the month's meeting
			}
			refuse(t, "a head's report", got, "chuyển", "câu hỏi")
			if evs := p.events("B11"); len(evs) != 1 || evs[0].Reported {
				t.Fatalf("saved before she confirmed: %+v", evs)
			}
			refuse(t, "a member's sentence", p.say(attMember, c.text), "Loa hiểu là", "người tham dự")
		})
	}
	t.Run("a meeting to come or a question", func(t *testing.T) {
		t.Parallel()
		p := newPlay13(t)
		for _, text := range []string{"thu 7 toi hop chi hoi du kien 30 nguoi", "thu 7 nay hop chi hoi, se co 30 nguoi", "hom qua hop chi hoi co bao nhieu nguoi"} {
			refuse(t, text, p.say(attHead, text), "Loa hiểu là", "người tham dự")
		}
	})
}

// TestPlay13ReportOfLastMonth: "hop thang 11 co 25 chi em tham du" was
// offered December's meeting only. The figure goes to November's meeting,
// made (once she confirms) when the bot had none; December's is untouched.
func TestPlay13ReportOfLastMonth(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		text string
		want int64
	}{
		{"hop thang 11 co 25 chi em tham du", 25},
		{"sinh hoat chi hoi thang 11 co 27 nguoi du", 27},
		{"báo cáo tháng 11: 27 người", 27},
		{"/baocao tháng trước 26 người", 26},
	} {
		t.Run(c.text, func(t *testing.T) {
			t.Parallel()
			p := newPlay13(t)
			n := strconv.FormatInt(c.want, 10)
			got := p.say(attHead, c.text)
			expect(t, "read back", got, n+" người", "Sinh hoạt chi hội tháng 11/2026", "Đúng không")
			refuse(t, "read back", got, "tháng 12/2026")
			if evs := p.events("B11"); len(evs) != 1 {
				t.Fatalf("made before she confirmed: %+v", evs)
			}
			expect(t, "saved", p.say(attHead, "dung roi"), "Đã ghi nhận "+n+" người", "Sinh hoạt chi hội tháng 11/2026")
			evs := p.events("B11")
			if len(evs) != 2 || evs[0].Title != "Sinh hoạt chi hội tháng 11/2026" || evs[0].Headcount != c.want ||
				evs[0].Source != store.SourceRule || evs[1].Reported {
				t.Fatalf("meetings %+v", evs)
			}
			// Said again, it finds November's meeting, not a new one.
			expect(t, "again", p.say(attHead, c.text), "rồi ạ")
			if evs := p.events("B11"); len(evs) != 2 {
				t.Fatalf("a second November meeting: %+v", evs)
			}
		})
	}
	t.Run("asked to confirm, she says it did not take place", func(t *testing.T) {
		t.Parallel()
		p := newPlay13(t)
		expect(t, "read back", p.say(attHead, "hop thang 11 co 25 nguoi"), "25 người", "tháng 11/2026")
		// Not "Loa chưa đọc được số này", and never December's meeting.
		refuse(t, "not a figure", p.say(attHead, "thang 11 khong hop"), "chưa đọc được số", "Đã ghi nhận", "tháng 12/2026")
		if evs := p.events("B11"); len(evs) != 1 || evs[0].Reported || !evs[0].Cancelled.IsZero() {
			t.Fatalf("meetings %+v", evs)
		}
	})
	t.Run("too old, not yet, this month", func(t *testing.T) {
		t.Parallel()
		p := newPlay13(t)
		expect(t, "too old", p.say(attHead, "hop thang 8 co 20 nguoi"), "tháng này và hai tháng trước", "tháng 8/2026")
		expect(t, "this month", p.say(attHead, "hop thang 12 co 20 nguoi"), "Loa hiểu là 20 người", "tháng 12/2026")
		if evs := p.events("B11"); len(evs) != 1 {
			t.Fatalf("meetings %+v", evs)
		}
		expect(t, "declined", p.say(attHead, "hop thang 10 co 20 nguoi"), "tháng 10/2026")
		expect(t, "another figure", p.say(attHead, "nham, 22 nguoi"), "Loa sẽ ghi 22 người", "tháng 10/2026")
		expect(t, "declined", p.say(attHead, "khong"), "chưa ghi gì")
		if evs := p.events("B11"); len(evs) != 1 {
			t.Fatalf("made though she said no: %+v", evs)
		}
	})
}

// TestPlay13ReportOfADayWithoutTitle: "bc hop ngay 15/11 duoc 30 nguoi"
// offered a new event "Hop ngay duoc", made of leftover words. A meeting
// reported without a title is the branch's meeting of that month; one with
// a title of its own stays its own event.
func TestPlay13ReportOfADayWithoutTitle(t *testing.T) {
	t.Parallel()
	p := newPlay13(t)
	got := p.say(attHead, "bc hop ngay 15/11 duoc 30 nguoi")
	expect(t, "read back", got, "30 người", "Sinh hoạt chi hội tháng 11/2026", "15/11")
	refuse(t, "read back", got, "Hop ngay", "duoc")
	expect(t, "saved", p.press(attHead, "xn:y"), "Đã ghi sự kiện", "15/11", "Đã ghi nhận 30 người")
	evs := p.events("B11")
	if len(evs) != 2 || evs[0].Title != "Sinh hoạt chi hội tháng 11/2026" || evs[0].Headcount != 30 ||
		evs[0].Source != store.SourceRule || evs[0].Start.In(vntime.Zone).Day() != 15 {
		t.Fatalf("meetings %+v", evs)
	}
	// Another day of November, before or after, finds that meeting.
	for _, text := range []string{"/baocao họp ngày 20/11 được 31 người", "/baocao họp ngày 10/11 được 31 người"} {
		expect(t, "same month", p.say(attHead, text), "Loa hiểu là 31 người", "tháng 11/2026")
		p.say(attHead, "khong")
	}
	if evs := p.events("B11"); len(evs) != 2 || evs[0].Headcount != 30 {
		t.Fatalf("meetings %+v", evs)
	}
	// A meeting with a title of its own is recorded as such.
	expect(t, "own title", p.say(attHead, "/baocao họp tổ phụ nữ ngày 10/10 được 12 người"), "Họp tổ phụ nữ", "10/10/2026")
}

func (p *play13) press(user, data string) []chat.Reply {
	p.seq++
	return p.router.Handle(context.Background(), chat.Update{Platform: chat.Telegram, ID: "p13-" + strconv.Itoa(p.seq),
		ChatID: user, UserID: user, Data: data})
}

// TestPlay13TypedYesSavesTheFigureReadBack: "Loa hiểu là 20 người … Đúng
// không ạ?" answered "dung" got "Loa chưa đọc được số này": the figure
// read back is saved by a typed yes as by the button, and a typed no saves
// nothing.
func TestPlay13TypedYesSavesTheFigureReadBack(t *testing.T) {
	t.Parallel()
	p := newPlay13(t)
	expect(t, "read back", p.say(attHead, "/baocao hôm qua 20 người"), "Loa hiểu là 20 người")
	expect(t, "no", p.say(attHead, "khong"), "chưa ghi gì")
	if evs := p.events("B11"); evs[0].Reported {
		t.Fatalf("saved though she said no: %+v", evs)
	}
	expect(t, "read back", p.say(attHead, "/baocao hôm qua 21 người"), "Loa hiểu là 21 người")
	expect(t, "another figure", p.say(attHead, "nham, 23 nguoi"), "Loa hiểu là 23 người")
	expect(t, "yes", p.say(attHead, "dung roi"), "Đã ghi nhận 23 người")
}

// TestPlay13StaffChaseOpenMeetings: mid-month, "chi hoi nao chua bao cao"
// said "tất cả chi hội có sự kiện đã báo cáo … 📭 Chưa có sự kiện" and
// "thong ke" "chưa có sự kiện" for branches whose month's meeting is open
// and not reported yet. Staff are told which branches have not reported
// their open meeting (and until when), apart from those overdue and those
// with truly no meeting; the Excel file says the same.
func TestPlay13StaffChaseOpenMeetings(t *testing.T) {
	t.Parallel()
	const province = "3000"         // staff of the province, above C1 and C2
	p := newPlay13(t, "B11", "B12") // B21 has no meeting at all
	ctx := context.Background()
	if _, err := p.st.Grant(ctx, chat.Telegram, province, store.RoleStaff, "DN"); err != nil {
		t.Fatal(err)
	}
	expect(t, "B11 reports", p.say(attHead, "/baocao hôm qua 20 người"), "Loa hiểu là 20 người")
	expect(t, "B11 reports", p.say(attHead, "dung"), "Đã ghi nhận 20 người")

	got := p.say(province, "chi hoi nao chua bao cao")
	expect(t, "who has not reported", got, "chưa chi hội nào quá hạn báo cáo",
		"Chưa báo cáo, buổi họp còn mở (1 đơn vị): Chi hội Ấp 2 (hạn 31/12)", "Chưa có sự kiện (1 chi hội): Chi hội Ấp Bắc")
	refuse(t, "who has not reported", got, "tất cả chi hội có sự kiện đã báo cáo")

	got = p.say(province, "thong ke")
	expect(t, "stats", got, "Chi hội Ấp 2 (hạn 31/12)", "Chưa có sự kiện (1 chi hội): Chi hội Ấp Bắc")
	refuse(t, "stats", got, "Tất cả đơn vị đã báo cáo")
	got = p.say(attStaff, "thong ke")
	expect(t, "commune stats", got, "Chi hội Ấp 2: 0 · 1 buổi đang mở, chưa báo cáo", "Chi hội Ấp 2 (hạn 31/12)")
	refuse(t, "commune stats", got, "chưa có sự kiện", "Chưa có sự kiện")

	expect(t, "nudge", p.say(attStaff, "/nhacbaocao"), "Không có chi hội nào", "Chi hội Ấp 2 (hạn 31/12)")

	wb, err := handlers.ReportWorkbook(ctx, p.st, "C1", store.MonthOf(play13Today), play13Today)
	if err != nil {
		t.Fatal(err)
	}
	f := openWorkbook(t, wb.Data)
	rows, _ := f.GetRows("Chi hội")
	found := false
	for _, row := range rows {
		line := strings.Join(row, "|")
		if strings.Contains(line, "Chi hội Ấp 2") {
			found = strings.Contains(line, "1 buổi đang mở, chưa báo cáo") && !strings.Contains(line, "Chưa có sự kiện")
		}
	}
	if !found {
		t.Fatalf("the form's row of Ấp 2: %q", rows)
	}
}
