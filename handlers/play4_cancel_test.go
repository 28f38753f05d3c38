package handlers_test

import (
	"slices"

	"context"
	"strconv"
	"testing"
	"time"

	"loa/chat"
	"loa/handlers"
	"loa/internal/testkit"
	"loa/store"
	"loa/store/redistest"
	"loa/vntime"
)

// TestPlay4CancelThisMonthOnTheFirst: "hop thang nay bi huy" said on the
// 1st of a month (Vietnam time) found no meeting to cancel. On the 1st,
// before and after the month's meeting starts (07:00), and before the
// scheduler made it (quiet hours), Loa reads this month's meeting back.
func TestPlay4CancelThisMonthOnTheFirst(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name string
		at   time.Time
		made bool // the scheduler made the month's meeting already
	}{
		{"06:30 made", time.Date(2027, time.March, 1, 6, 30, 0, 0, vntime.Zone), true},
		{"06:30 not made yet", time.Date(2027, time.March, 1, 6, 30, 0, 0, vntime.Zone), false},
		{"00:10 not made yet", time.Date(2027, time.March, 1, 0, 10, 0, 0, vntime.Zone), false},
		{"10:00", time.Date(2027, time.March, 1, 10, 0, 0, 0, vntime.Zone), true},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			st := store.New(redistest.Start(t).Client())
			testkit.SeedUnits(t, st, testUnitsCSV)
			if _, err := st.Grant(ctx, chat.Telegram, attHead, store.RoleHead, "B11"); err != nil {
				t.Fatal(err)
			}
			router := handlers.New(handlers.Deps{Store: st, Knowledge: testkit.EmbeddedLibrary(t), Clock: func() time.Time { return c.at }})
			if c.made {
				if _, err := router.CreateMonthlyMeetings(ctx, c.at); err != nil {
					t.Fatal(err)
				}
			}
			var seq int
			say := func(text string) []chat.Reply {
				seq++
				return router.Handle(ctx, chat.Update{Platform: chat.Telegram, ID: "u" + strconv.Itoa(seq), ChatID: attHead, UserID: attHead, Text: text})
			}
			expect(t, "read back", say("hop thang nay bi huy"), "Sinh hoạt chi hội tháng 3/2027", "hoãn/huỷ", "Đúng không")
			expect(t, "saved", say("dung roi"), "Loa đã ghi buổi", "hoãn/huỷ")
			evs, err := st.UnitEvents(ctx, "B11", c.at.AddDate(0, 0, -1), c.at.AddDate(0, 1, 0))
			if err != nil || len(evs) != 1 || evs[0].Cancelled.IsZero() {
				t.Fatalf("this month's meetings %+v, %v", evs, err)
			}
		})
	}
}

// TestPlay4ExcelSaysWhichMeetingsWereCancelled: the Excel file's data sheet
// (the one staff pivot) had no column for meetings that did not take
// place, and its events sheet showed a cancelled meeting as merely over
// and unreported. Both say hoãn/hủy.
func TestPlay4ExcelSaysWhichMeetingsWereCancelled(t *testing.T) {
	t.Parallel()
	r := newAttRig(t)
	closedMonth(t, r) // B11 reported 20; B12's "Họp tổ" closed without a figure
	ctx := context.Background()
	evs, err := r.st.UnitEvents(ctx, "B12", time.Now().AddDate(0, 0, -1), time.Now().AddDate(0, 0, 1))
	if err != nil || len(evs) != 1 {
		t.Fatalf("B12's meetings %+v, %v", evs, err)
	}
	if ok, err := r.st.CancelEvent(ctx, evs[0].ID, store.Identity{Platform: chat.Telegram, UserID: attStaff}, time.Now()); !ok || err != nil {
		t.Fatalf("cancel: %v %v", ok, err)
	}
	replies := r.say(attStaff, "/xuat thang")
	if len(replies) != 1 || replies[0].File == nil {
		t.Fatalf("want the workbook, got %+v", replies)
	}
	f := openWorkbook(t, replies[0].File.Data)
	data, _ := f.GetRows(handlers.SheetData)
	col := slices.Index(data[0], "Sự kiện hoãn/hủy")
	if col < 0 {
		t.Fatalf("no cancelled column in the data sheet's header %q", data[0])
	}
	got := map[string]string{}
	for _, row := range data[1:] {
		if col < len(row) {
			got[row[0]] = row[col]
		}
	}
	if got["B12"] != "1" || got["C1"] != "1" || got["B11"] != "0" {
		t.Fatalf("cancelled by unit %v, want B12 and C1 1, B11 0", got)
	}
	events, _ := f.GetRows(handlers.SheetEvents)
	var states []string
	for _, row := range events[1:] {
		states = append(states, row[1]+": "+row[4])
	}
	if !slices.Contains(states, "Chi hội Ấp 2: Hoãn/hủy") || !slices.Contains(states, "Chi hội Ấp 1: Đã kết thúc") {
		t.Fatalf("events sheet states %q", states)
	}
}
