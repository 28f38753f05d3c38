package handlers_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"loa/chat"
	"loa/handlers"
	"loa/store"
	"loa/store/redistest"
	"loa/vntime"
)

// TestFeaturesReadTheInjectedClock: with Deps.Clock set, a feature asks
// for its window from that time, not from the machine's: /lich on a fixed
// day shows the two weeks after it.
func TestFeaturesReadTheInjectedClock(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := store.New(redistest.Start(t).Client())
	day := time.Date(2031, time.March, 8, 9, 30, 0, 0, vntime.Zone)
	cal := &fakeCalendar{items: []handlers.CalendarItem{{At: day.Add(48 * time.Hour), Title: "Ngày Quốc tế Phụ nữ", Units: []string{"*"}}}}
	router := handlers.New(handlers.Deps{Store: st, Calendar: cal, Clock: func() time.Time { return day },
		Admins: []store.Identity{{Platform: chat.Telegram, UserID: "900"}}})
	reps := router.Handle(ctx, chat.Update{Platform: chat.Telegram, ID: "1", ChatID: "900", UserID: "900", Text: "/lich"})
	if !cal.from.Equal(day) || !cal.to.Equal(day.AddDate(0, 0, 14)) {
		t.Fatalf("asked the calendar for %s – %s, want the 14 days from %s", cal.from, cal.to, day)
	}
	if len(reps) != 1 || !strings.Contains(reps[0].Text, "Ngày Quốc tế Phụ nữ") {
		t.Fatalf("replies = %+v", reps)
	}
}
