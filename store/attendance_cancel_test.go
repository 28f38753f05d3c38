package store_test

import (
	"context"
	"errors"
	"testing"

	"loa/store"
)

// A branch's meeting said cancelled after it closed: no reminder, not
// unreported, counted cancelled up the tree; a figure later undoes it.
func TestCancelledMeetingIsNotRemindedNorUnreported(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := attendanceStore(t)
	start := at(2026, 12, 5, 19, 0)
	month := store.MonthOf(start)
	e := createEvent(t, st, "DN-X1-B1", start)
	other := createEvent(t, st, "DN-X1-B2", start)
	if _, err := st.CloseDueEvents(ctx, start.AddDate(0, 0, 1)); err != nil {
		t.Fatal(err)
	}
	ok, err := st.CancelEvent(ctx, e.ID, head, start.AddDate(0, 0, 1))
	if err != nil || !ok {
		t.Fatalf("cancel: %v %v", ok, err)
	}
	if again, err := st.CancelEvent(ctx, e.ID, head, start.AddDate(0, 0, 1)); err != nil || again {
		t.Fatalf("cancel again: %v %v", again, err)
	}
	due, err := st.DueReminders(ctx, start.AddDate(0, 0, 3), 100)
	if err != nil {
		t.Fatal(err)
	}
	if len(due) != 1 || due[0].ID != other.ID {
		t.Fatalf("due reminders: %+v, want only %s", due, other.ID)
	}
	rep, err := st.Report(ctx, "DN-X1", month)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Unreported) != 1 || rep.Unreported[0].Unit.Code != "DN-X1-B2" {
		t.Fatalf("unreported: %+v", rep.Unreported)
	}
	if len(rep.Cancelled) != 1 || rep.Cancelled[0].Unit.Code != "DN-X1-B1" {
		t.Fatalf("cancelled: %+v", rep.Cancelled)
	}
	if got := tally(t, st, "DN", month); got.Cancelled != 1 || got.Events != 2 || got.Unreported() != 1 || got.ReportingRate() != 0 {
		t.Fatalf("province tally: %+v", got)
	}
	if _, err := st.ReportHeadcount(ctx, other.ID, head, 9, start.AddDate(0, 0, 1)); err != nil {
		t.Fatal(err)
	}
	if got := tally(t, st, "DN", month); got.Unreported() != 0 || got.ReportingRate() != 1 {
		t.Fatalf("a cancelled meeting lowers the reporting rate: %+v", got)
	}
	if got, _ := st.Event(ctx, e.ID); got.Cancelled.IsZero() || got.CancelledBy != head.String() {
		t.Fatalf("event: %+v", got)
	}

	// She was wrong: the meeting took place.
	if _, err := st.ReportHeadcount(ctx, e.ID, head, 18, start.AddDate(0, 0, 2)); err != nil {
		t.Fatal(err)
	}
	if got := tally(t, st, "DN", month); got.Cancelled != 0 || got.Reported != 2 || got.Headcount != 27 || got.Unreported() != 0 {
		t.Fatalf("province tally after the figure: %+v", got)
	}
	if got, _ := st.Event(ctx, e.ID); !got.Cancelled.IsZero() || !got.Reported {
		t.Fatalf("event after the figure: %+v", got)
	}
	if _, err := st.CancelEvent(ctx, e.ID, head, start.AddDate(0, 0, 2)); !errors.Is(err, store.ErrEventReported) {
		t.Fatalf("cancel a reported meeting: %v", err)
	}
}

// A meeting still open (the monthly one) said cancelled: staff see it as
// cancelled at once, and it closes as cancelled, without a reminder.
func TestOpenMeetingCancelledClosesCancelled(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := attendanceStore(t)
	start := at(2026, 12, 1, 7, 0)
	month := store.MonthOf(start)
	e, _, err := st.CreateMonthlyMeeting(ctx, store.NewEvent{Unit: "DN-X2-B1", Title: "Sinh hoạt chi hội tháng 12/2026",
		Start: start, Close: at(2026, 12, 31, 21, 0)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.CancelEvent(ctx, e.ID, head, at(2026, 12, 6, 9, 0)); err != nil {
		t.Fatal(err)
	}
	rep, err := st.Report(ctx, "DN-X2", month)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Cancelled) != 1 || len(rep.Unreported) != 0 || len(rep.NoEvents) != 0 {
		t.Fatalf("while open: cancelled %d, unreported %d, no events %d", len(rep.Cancelled), len(rep.Unreported), len(rep.NoEvents))
	}
	if _, err := st.CloseDueEvents(ctx, at(2026, 12, 31, 22, 0)); err != nil {
		t.Fatal(err)
	}
	if due, err := st.DueReminders(ctx, at(2027, 1, 3, 0, 0), 100); err != nil || len(due) != 0 {
		t.Fatalf("due reminders: %+v %v", due, err)
	}
	if got := tally(t, st, "DN", month); got.Cancelled != 1 || got.Events != 1 || got.Unreported() != 0 {
		t.Fatalf("tally after close: %+v", got)
	}
}

// Mid-month, a branch whose month's meeting is open without a figure
// awaits a report until the meeting closes: neither "no event" nor
// overdue, and the time it closes is given; once closed unreported it is
// overdue, and a branch with no meeting stays "no event" throughout.
func TestOpenMeetingWithoutFigureAwaitsAReport(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := attendanceStore(t)
	start, closeAt := at(2026, 12, 1, 7, 0), at(2026, 12, 31, 21, 0)
	month := store.MonthOf(start)
	reported := map[string]bool{"DN-X1-B1": true, "DN-X1-B2": false} // DN-X2-B1 has none
	for unit, report := range reported {
		e, _, err := st.CreateMonthlyMeeting(ctx, store.NewEvent{Unit: unit, Title: "Sinh hoạt chi hội tháng 12/2026", Start: start, Close: closeAt})
		if err != nil {
			t.Fatal(err)
		}
		if report {
			if _, err := st.ReportHeadcount(ctx, e.ID, head, 20, at(2026, 12, 6, 9, 0)); err != nil {
				t.Fatal(err)
			}
		}
	}
	rep, err := st.Report(ctx, "DN", month)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Awaiting) != 1 || rep.Awaiting[0].Unit.Code != "DN-X1-B2" || !rep.Awaiting[0].AwaitingUntil.Equal(closeAt) {
		t.Fatalf("awaiting: %+v", rep.Awaiting)
	}
	if len(rep.NoEvents) != 1 || rep.NoEvents[0].Unit.Code != "DN-X2-B1" || len(rep.Unreported) != 0 {
		t.Fatalf("no events %+v, unreported %+v", rep.NoEvents, rep.Unreported)
	}
	if got := rep.Total.Tally; got.Awaiting != 1 || got.Events != 1 || got.Reported != 1 || got.Unreported() != 0 {
		t.Fatalf("province while open: %+v", got)
	}
	if _, err := st.CloseDueEvents(ctx, at(2026, 12, 31, 22, 0)); err != nil {
		t.Fatal(err)
	}
	rep, err = st.Report(ctx, "DN", month)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Awaiting) != 0 || len(rep.Unreported) != 1 || rep.Unreported[0].Unit.Code != "DN-X1-B2" ||
		len(rep.NoEvents) != 1 || rep.Total.Tally.Awaiting != 0 {
		t.Fatalf("after close: awaiting %+v, unreported %+v, no events %+v", rep.Awaiting, rep.Unreported, rep.NoEvents)
	}
}
