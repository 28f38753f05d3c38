package store_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strconv"
	"sync"
	"testing"
	"time"

	"loa/store"
	"loa/store/redistest"
	"loa/vntime"
)

// attendanceTree is a small province: two communes, three branches, and a
// women's group below one branch.
var attendanceTree = []store.Unit{
	{Code: "DN", Name: "Tỉnh Đồng Nai", Kind: "province"},
	{Code: "DN-X1", Name: "Xã Một", Parent: "DN", Kind: "commune"},
	{Code: "DN-X2", Name: "Xã Hai", Parent: "DN", Kind: "commune"},
	{Code: "DN-X1-B1", Name: "Chi hội Ấp 1", Parent: "DN-X1", Kind: "branch"},
	{Code: "DN-X1-B2", Name: "Chi hội Ấp 2", Parent: "DN-X1", Kind: "branch"},
	{Code: "DN-X2-B1", Name: "Chi hội Ấp 3", Parent: "DN-X2", Kind: "branch"},
	{Code: "DN-X1-B1-T1", Name: "Tổ phụ nữ 1", Parent: "DN-X1-B1", Kind: "group"},
}

func attendanceStore(t testing.TB) *store.Store {
	t.Helper()
	st := store.New(redistest.Start(t).Client())
	if _, err := st.ImportUnits(context.Background(), attendanceTree); err != nil {
		t.Fatal(err)
	}
	return st
}

// at is a wall-clock time in Vietnam.
func at(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, vntime.Zone)
}

var head = store.Identity{Platform: "telegram", UserID: "900"}

func createEvent(t testing.TB, st *store.Store, unit string, start time.Time) store.Event {
	t.Helper()
	e, err := st.CreateEvent(context.Background(), store.NewEvent{
		Unit: unit, Title: "Sinh hoạt chi hội", Start: start, CreatedBy: head,
	})
	if err != nil {
		t.Fatalf("create event in %s: %v", unit, err)
	}
	return e
}

func tally(t testing.TB, st *store.Store, unit string, p store.Period) store.Tally {
	t.Helper()
	got, err := st.Tally(context.Background(), unit, p)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func TestPeriodsAreCutInVietnamTime(t *testing.T) {
	t.Parallel()
	// 17:30 UTC on 31 December is already New Year in Vietnam.
	ts := time.Date(2026, 12, 31, 17, 30, 0, 0, time.UTC)
	for _, c := range []struct {
		kind       store.PeriodKind
		key, label string
	}{
		{store.Month, "2027-01", "tháng 1/2027"},
		{store.Quarter, "2027-Q1", "quý 1/2027"},
		{store.Year, "2027", "năm 2027"},
	} {
		p := store.PeriodOf(c.kind, ts)
		if p.Key() != c.key || p.Label() != c.label {
			t.Errorf("kind %d: got %s %q, want %s %q", c.kind, p.Key(), p.Label(), c.key, c.label)
		}
		if ts.Before(p.Start) || !ts.Before(p.End()) {
			t.Errorf("%s [%v, %v) does not contain %v", p.Key(), p.Start, p.End(), ts)
		}
	}
	if got := store.PeriodOf(store.Quarter, at(2026, 11, 20, 8, 0)).End(); !got.Equal(at(2027, 1, 1, 0, 0)) {
		t.Errorf("Q4 2026 ends %v", got)
	}
}

func TestCreateEventGivesACodeAndRefusesBadInput(t *testing.T) {
	t.Parallel()
	st := attendanceStore(t)
	ctx := context.Background()
	start := at(2026, 12, 20, 8, 0)
	e := createEvent(t, st, "dn-x1-b1", start)
	if e.Unit != "DN-X1-B1" || e.State != store.EventOpen || len(e.Code) != 6 || !e.Close.Equal(start.Add(store.DefaultEventLength)) {
		t.Fatalf("created %+v", e)
	}
	byCode, err := st.EventByCode(ctx, e.Code[:3]+" "+e.Code[3:])
	if err != nil || byCode.ID != e.ID || byCode.Title != "Sinh hoạt chi hội" || byCode.CreatedBy != "telegram:900" {
		t.Fatalf("by code: %+v, %v", byCode, err)
	}
	if _, err := st.CreateEvent(ctx, store.NewEvent{Unit: "NOWHERE", Title: "x", Start: start}); !errors.Is(err, store.ErrUnitUnknown) {
		t.Errorf("unknown unit: %v", err)
	}
	if _, err := st.CreateEvent(ctx, store.NewEvent{Unit: "DN-X1-B1", Title: "  ", Start: start}); !errors.Is(err, store.ErrBadEvent) {
		t.Errorf("empty title: %v", err)
	}
	if _, err := st.CreateEvent(ctx, store.NewEvent{Unit: "DN-X1-B1", Title: "Họp", Start: start, Close: start}); !errors.Is(err, store.ErrBadEvent) {
		t.Errorf("close before start: %v", err)
	}
	if _, err := st.EventByCode(ctx, "000000x"); !errors.Is(err, store.ErrEventUnknown) && e.Code != "000000" {
		t.Errorf("unknown code: %v", err)
	}
}

func TestCheckInRules(t *testing.T) {
	t.Parallel()
	st := attendanceStore(t)
	ctx := context.Background()
	start := at(2026, 12, 20, 8, 0)
	e := createEvent(t, st, "DN-X1-B1", start)
	register(t, st, "telegram", "1", "DN-X1-B1")
	register(t, st, "zalo", "2", "DN-X1-B1-T1")  // a group below the branch
	register(t, st, "telegram", "3", "DN-X1-B2") // another branch
	lan := store.Identity{Platform: "telegram", UserID: "1"}
	steps := []struct {
		name string
		who  store.Identity
		now  time.Time
		want store.CheckInStatus
		n    int64
	}{
		{"a day early", lan, start.Add(-24 * time.Hour), store.CheckInTooEarly, 0},
		{"not registered", store.Identity{Platform: "telegram", UserID: "77"}, start, store.CheckInNotMember, 0},
		{"member of another branch", store.Identity{Platform: "telegram", UserID: "3"}, start, store.CheckInOtherUnit, 0},
		{"half an hour early", lan, start.Add(-30 * time.Minute), store.CheckedIn, 1},
		{"pressed again", lan, start, store.AlreadyCheckedIn, 1},
		{"member of a group below the branch", store.Identity{Platform: "zalo", UserID: "2"}, start.Add(time.Hour), store.CheckedIn, 2},
		{"after the close time", store.Identity{Platform: "zalo", UserID: "2"}, e.Close, store.CheckInClosed, 2},
	}
	for _, s := range steps {
		r, err := st.CheckIn(ctx, e.ID, s.who, s.now)
		if err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		if r.Status != s.want || r.CheckIns != s.n {
			t.Errorf("%s: got status %d with %d check-ins, want %d with %d", s.name, r.Status, r.CheckIns, s.want, s.n)
		}
	}
	r, err := st.CheckInByCode(ctx, "999999x", lan, start)
	if err != nil || (r.Status != store.CheckInUnknown && e.Code != "999999") {
		t.Errorf("unknown code: %+v, %v", r, err)
	}
	if _, err := st.CloseEvent(ctx, e.ID, start.Add(2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	register(t, st, "telegram", "4", "DN-X1-B1")
	r, err = st.CheckInByCode(ctx, e.Code, store.Identity{Platform: "telegram", UserID: "4"}, start.Add(2*time.Hour))
	if err != nil || r.Status != store.CheckInClosed || r.Title != "Sinh hoạt chi hội" {
		t.Errorf("closed by the job: %+v, %v", r, err)
	}
	got, _ := st.Event(ctx, e.ID)
	if got.CheckIns != 2 || got.State != store.EventClosed {
		t.Errorf("event after close: %+v", got)
	}
}

func TestCloseRollsUpAndCorrectionsAdjust(t *testing.T) {
	t.Parallel()
	st := attendanceStore(t)
	ctx := context.Background()
	start := at(2026, 11, 15, 19, 0)
	month, quarter, year := store.PeriodOf(store.Month, start), store.PeriodOf(store.Quarter, start), store.PeriodOf(store.Year, start)
	b1 := createEvent(t, st, "DN-X1-B1", start)
	b2 := createEvent(t, st, "DN-X1-B2", start)
	x2 := createEvent(t, st, "DN-X2-B1", start)
	for i := range 3 {
		register(t, st, "telegram", strconv.Itoa(10+i), "DN-X1-B1")
		if _, err := st.CheckIn(ctx, b1.ID, store.Identity{Platform: "telegram", UserID: strconv.Itoa(10 + i)}, start); err != nil {
			t.Fatal(err)
		}
	}
	register(t, st, "zalo", "20", "DN-X1-B2")
	if _, err := st.CheckIn(ctx, b2.ID, store.Identity{Platform: "zalo", UserID: "20"}, start); err != nil {
		t.Fatal(err)
	}
	// b1's head reports before close, then corrects; x2's head reports.
	if _, err := st.ReportHeadcount(ctx, b1.ID, head, 25, start.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	res, err := st.ReportHeadcount(ctx, b1.ID, head, 27, start.Add(2*time.Hour))
	if err != nil || !res.Corrected || res.Previous != 25 || res.EventClosed {
		t.Fatalf("correction before close: %+v, %v", res, err)
	}
	if _, err := st.ReportHeadcount(ctx, x2.ID, head, 12, start.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if _, err := st.ReportHeadcount(ctx, b2.ID, head, 5, start.Add(-time.Hour)); !errors.Is(err, store.ErrEventNotStarted) {
		t.Errorf("report before the start: %v", err)
	}
	closeAt := start.Add(store.DefaultEventLength)
	n, err := st.CloseDueEvents(ctx, closeAt)
	if err != nil || n != 3 {
		t.Fatalf("closed %d, %v", n, err)
	}
	if n, _ := st.CloseDueEvents(ctx, closeAt.Add(time.Hour)); n != 0 {
		t.Errorf("closed again: %d", n)
	}
	for _, p := range []store.Period{month, quarter, year} {
		want := map[string]store.Tally{
			"DN-X1-B1": {Events: 1, Reported: 1, CheckIns: 3, Headcount: 27, Present: 27},
			"DN-X1-B2": {Events: 1, Reported: 0, CheckIns: 1, Headcount: 0, Present: 1},
			"DN-X1":    {Events: 2, Reported: 1, CheckIns: 4, Headcount: 27, Present: 28},
			"DN-X2":    {Events: 1, Reported: 1, CheckIns: 0, Headcount: 12, Present: 12},
			"DN":       {Events: 3, Reported: 2, CheckIns: 4, Headcount: 39, Present: 40},
		}
		for unit, w := range want {
			if got := tally(t, st, unit, p); got != w {
				t.Errorf("%s %s: got %+v, want %+v", unit, p.Key(), got, w)
			}
		}
	}
	if got := tally(t, st, "DN", store.PeriodOf(store.Month, start.AddDate(0, 1, 0))); got != (store.Tally{}) {
		t.Errorf("next month should be empty: %+v", got)
	}

	// b2 never reported: listed, and its reminder is due 24 h after close.
	unrep, err := st.UnreportedEvents(ctx, start.AddDate(0, -1, 0))
	if err != nil || len(unrep) != 1 || unrep[0].ID != b2.ID {
		t.Fatalf("unreported: %+v, %v", unrep, err)
	}
	if due, _ := st.DueReminders(ctx, closeAt.Add(23*time.Hour), 10); len(due) != 0 {
		t.Errorf("reminder due too soon: %+v", due)
	}
	due, err := st.DueReminders(ctx, closeAt.Add(store.ReminderDelay), 10)
	if err != nil || len(due) != 1 || due[0].ID != b2.ID {
		t.Fatalf("due reminders: %+v, %v", due, err)
	}
	if ok, err := st.MarkReminded(ctx, b2.ID, closeAt.Add(store.ReminderDelay)); !ok || err != nil {
		t.Fatalf("mark reminded: %v, %v", ok, err)
	}
	if ok, _ := st.MarkReminded(ctx, b2.ID, closeAt.Add(store.ReminderDelay)); ok {
		t.Error("reminded twice")
	}
	if due, _ := st.DueReminders(ctx, closeAt.Add(48*time.Hour), 10); len(due) != 0 {
		t.Errorf("reminder again: %+v", due)
	}

	// Late report of b2 and a correction of x2 after close adjust every level.
	if _, err := st.ReportHeadcount(ctx, b2.ID, head, 9, closeAt.Add(30*time.Hour)); err != nil {
		t.Fatal(err)
	}
	res, err = st.ReportHeadcount(ctx, x2.ID, head, 10, closeAt.Add(31*time.Hour))
	if err != nil || !res.Corrected || res.Previous != 12 || !res.EventClosed {
		t.Fatalf("correction after close: %+v, %v", res, err)
	}
	for _, p := range []store.Period{month, quarter, year} {
		if got, want := tally(t, st, "DN", p), (store.Tally{Events: 3, Reported: 3, CheckIns: 4, Headcount: 46, Present: 46}); got != want {
			t.Errorf("DN %s after late reports: got %+v, want %+v", p.Key(), got, want)
		}
		if got, want := tally(t, st, "DN-X2", p), (store.Tally{Events: 1, Reported: 1, CheckIns: 0, Headcount: 10, Present: 10}); got != want {
			t.Errorf("DN-X2 %s after correction: got %+v, want %+v", p.Key(), got, want)
		}
	}
	if unrep, _ := st.UnreportedEvents(ctx, time.Time{}); len(unrep) != 0 {
		t.Errorf("still unreported: %+v", unrep)
	}
	hist, err := st.HeadcountReports(ctx, b1.ID)
	if err != nil || len(hist) != 2 || hist[0].Count != 25 || hist[1].Count != 27 || hist[1].By != "telegram:900" {
		t.Errorf("history: %+v, %v", hist, err)
	}
	if _, err := st.ReportHeadcount(ctx, b1.ID, head, store.MaxHeadcount+1, closeAt); !errors.Is(err, store.ErrBadEvent) {
		t.Errorf("absurd headcount: %v", err)
	}
}

func TestMonthlyMeetingOncePerBranchAndMonth(t *testing.T) {
	t.Parallel()
	st := attendanceStore(t)
	ctx := context.Background()
	start := at(2026, 12, 5, 8, 0)
	ne := store.NewEvent{Unit: "DN-X1-B1", Title: "Sinh hoạt chi hội tháng 12", Start: start}
	first, created, err := st.CreateMonthlyMeeting(ctx, ne)
	if err != nil || !created || first.Source != store.SourceRule || first.CreatedBy != "rule" {
		t.Fatalf("first: %+v %v %v", first, created, err)
	}
	var wg sync.WaitGroup
	ids := make([]string, 20)
	for i := range ids {
		wg.Go(func() {
			e, created, err := st.CreateMonthlyMeeting(ctx, ne)
			if err != nil || created {
				t.Errorf("repeat %d: created=%v err=%v", i, created, err)
			}
			ids[i] = e.ID
		})
	}
	wg.Wait()
	for _, id := range ids {
		if id != first.ID {
			t.Fatalf("repeat returned %s, want %s", id, first.ID)
		}
	}
	next := ne
	next.Start = start.AddDate(0, 1, 0)
	if e, created, err := st.CreateMonthlyMeeting(ctx, next); err != nil || !created || e.ID == first.ID {
		t.Errorf("next month: %+v %v %v", e, created, err)
	}
	evs, _ := st.UnitEvents(ctx, "DN-X1-B1", at(2026, 1, 1, 0, 0), at(2028, 1, 1, 0, 0))
	if len(evs) != 2 {
		t.Errorf("want 2 meetings, got %d", len(evs))
	}
}

// TestConcurrentCheckInsAndCorrectionsCountExactly: 1,000 members of three
// branches check in at the same moment (many press twice), heads correct
// their figures all the while, the close runs in the middle of it, and
// every level of the tree ends with exactly the sum of what each event
// finally holds.
func TestConcurrentCheckInsAndCorrectionsCountExactly(t *testing.T) {
	t.Parallel()
	st := attendanceStore(t)
	ctx := context.Background()
	start := at(2026, 12, 20, 8, 0)
	branches := []string{"DN-X1-B1", "DN-X1-B2", "DN-X2-B1"}
	events := map[string]store.Event{}
	for _, b := range branches {
		events[b] = createEvent(t, st, b, start)
	}
	const members = 1000
	who := make([]store.Identity, members)
	home := make([]string, members)
	for i := range members {
		home[i] = branches[i%len(branches)]
		who[i] = store.Identity{Platform: "telegram", UserID: strconv.Itoa(100000 + i)}
		register(t, st, who[i].Platform, who[i].UserID, home[i])
	}

	// Phase 1: everyone checks in at once, a third of them twice, while the
	// heads of two branches send corrections.
	gate := make(chan struct{})
	var wg sync.WaitGroup
	var mu sync.Mutex
	counted := map[string]int64{}
	for i := range members {
		wg.Go(func() {
			<-gate
			for range 1 + i%3/2 {
				r, err := st.CheckIn(ctx, events[home[i]].ID, who[i], start.Add(time.Minute))
				if err != nil {
					t.Error(err)
					return
				}
				if r.Status == store.CheckedIn {
					mu.Lock()
					counted[home[i]]++
					mu.Unlock()
				} else if r.Status != store.AlreadyCheckedIn {
					t.Errorf("member %d: status %d", i, r.Status)
				}
			}
		})
	}
	for _, b := range branches[:2] {
		for k := range 50 {
			wg.Go(func() {
				<-gate
				if _, err := st.ReportHeadcount(ctx, events[b].ID, head, int64(300+k), start.Add(time.Hour)); err != nil {
					t.Error(err)
				}
			})
		}
	}
	close(gate)
	wg.Wait()

	// Phase 2: the close runs (three replicas at once) while corrections,
	// including the third branch's first report, keep coming.
	closeAt := start.Add(store.DefaultEventLength)
	gate = make(chan struct{})
	var closed sync.Map
	for range 3 {
		wg.Go(func() {
			<-gate
			n, err := st.CloseDueEvents(ctx, closeAt)
			if err != nil {
				t.Error(err)
			}
			closed.Store(rand.Int(), n)
		})
	}
	for _, b := range branches {
		for k := range 50 {
			wg.Go(func() {
				<-gate
				if _, err := st.ReportHeadcount(ctx, events[b].ID, head, int64(200+k), closeAt); err != nil {
					t.Error(err)
				}
			})
		}
	}
	// Late check-ins are refused, never counted.
	for i := range 30 {
		wg.Go(func() {
			<-gate
			r, err := st.CheckIn(ctx, events[home[i]].ID, store.Identity{Platform: "zalo", UserID: fmt.Sprint(i)}, closeAt)
			if err == nil && r.Status == store.CheckedIn {
				t.Errorf("late check-in counted")
			}
		})
	}
	close(gate)
	wg.Wait()
	total := 0
	closed.Range(func(_, v any) bool { total += v.(int); return true })
	if total != len(branches) {
		t.Fatalf("closes counted %d events, want %d", total, len(branches))
	}

	// Every level equals the sum of the final per-event figures.
	final := map[string]store.Event{}
	for _, b := range branches {
		e, err := st.Event(ctx, events[b].ID)
		if err != nil {
			t.Fatal(err)
		}
		final[b] = e
		if e.CheckIns != counted[b] || e.CheckIns != int64((members+len(branches)-1-indexOf(branches, b))/len(branches)) {
			t.Errorf("%s: %d check-ins, %d acknowledged", b, e.CheckIns, counted[b])
		}
		hist, _ := st.HeadcountReports(ctx, e.ID)
		if !e.Reported || e.Headcount != hist[len(hist)-1].Count {
			t.Errorf("%s: headcount %d is not the latest of %d reports", b, e.Headcount, len(hist))
		}
		if want := 50 + map[bool]int{true: 50}[b != branches[2]]; len(hist) != want {
			t.Errorf("%s: %d reports kept, want %d", b, len(hist), want)
		}
	}
	sum := func(bs ...string) store.Tally {
		var s store.Tally
		for _, b := range bs {
			e := final[b]
			s.Events++
			s.Reported++
			s.CheckIns += e.CheckIns
			s.Headcount += e.Headcount
			s.Present += e.Headcount
		}
		return s
	}
	want := map[string]store.Tally{
		"DN-X1-B1": sum("DN-X1-B1"), "DN-X1-B2": sum("DN-X1-B2"), "DN-X2-B1": sum("DN-X2-B1"),
		"DN-X1": sum("DN-X1-B1", "DN-X1-B2"), "DN-X2": sum("DN-X2-B1"), "DN": sum(branches...),
	}
	if want["DN"].CheckIns != members {
		t.Fatalf("province check-ins %d, want %d", want["DN"].CheckIns, members)
	}
	for _, kind := range []store.PeriodKind{store.Month, store.Quarter, store.Year} {
		p := store.PeriodOf(kind, start)
		for unit, w := range want {
			if got := tally(t, st, unit, p); got != w {
				t.Errorf("%s %s: got %+v, want %+v", unit, p.Key(), got, w)
			}
		}
	}
}

func indexOf(s []string, v string) int {
	for i, x := range s {
		if x == v {
			return i
		}
	}
	return -1
}

func TestReportBySubUnitAndUnreported(t *testing.T) {
	t.Parallel()
	st := attendanceStore(t)
	ctx := context.Background()
	start := at(2026, 12, 20, 8, 0)
	for i := range 6 {
		register(t, st, "telegram", strconv.Itoa(i), attendanceTree[3+i%3].Code)
	}
	register(t, st, "zalo", "g1", "DN-X1-B1-T1")
	if err := st.SetActive(ctx, "telegram", "0", false); err != nil {
		t.Fatal(err)
	}
	b1 := createEvent(t, st, "DN-X1-B1", start)
	createEvent(t, st, "DN-X1-B2", start)
	createEvent(t, st, "DN-X2-B1", start)
	createEvent(t, st, "DN-X2-B1", start.AddDate(0, 1, 0)) // next month, not counted
	if _, err := st.CheckIn(ctx, b1.ID, store.Identity{Platform: "zalo", UserID: "g1"}, start); err != nil {
		t.Fatal(err)
	}
	if _, err := st.ReportHeadcount(ctx, b1.ID, head, 30, start.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if _, err := st.CloseDueEvents(ctx, start.Add(store.DefaultEventLength)); err != nil {
		t.Fatal(err)
	}
	rep, err := st.Report(ctx, "DN", store.MonthOf(start))
	if err != nil {
		t.Fatal(err)
	}
	if rep.Total.Members != (store.Counts{Registered: 7, Active: 6}) {
		t.Errorf("members: %+v", rep.Total.Members)
	}
	if rep.Total.Tally != (store.Tally{Events: 3, Reported: 1, CheckIns: 1, Headcount: 30, Present: 30}) {
		t.Errorf("total: %+v", rep.Total.Tally)
	}
	if rep.Total.Branches != 3 || rep.Total.BranchesUnreported != 2 {
		t.Errorf("branches %d, unreported %d", rep.Total.Branches, rep.Total.BranchesUnreported)
	}
	if len(rep.Children) != 2 || rep.Children[0].Unit.Code != "DN-X1" || rep.Children[1].Unit.Code != "DN-X2" {
		t.Fatalf("children: %+v", rep.Children)
	}
	x1 := rep.Children[0]
	if x1.Members != (store.Counts{Registered: 5, Active: 4}) || x1.Tally.Events != 2 || x1.Tally.ReportingRate() != 0.5 {
		t.Errorf("DN-X1: %+v", x1)
	}
	var codes []string
	for _, u := range rep.Unreported {
		codes = append(codes, u.Unit.Code)
	}
	if fmt.Sprint(codes) != "[DN-X1-B2 DN-X2-B1]" {
		t.Errorf("unreported units: %v", codes)
	}
	evs, err := st.SubtreeEvents(ctx, "DN-X1", store.MonthOf(start))
	if err != nil || len(evs) != 2 {
		t.Errorf("events of DN-X1: %d, %v", len(evs), err)
	}
	if _, err := st.Report(ctx, "NOWHERE", store.MonthOf(start)); !errors.Is(err, store.ErrUnitUnknown) {
		t.Errorf("unknown unit: %v", err)
	}
}
