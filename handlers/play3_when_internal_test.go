package handlers

import (
	"testing"
	"time"

	"loa/vntime"
)

// TestLastWeekdayIsTheMostRecentPastOne: a weekday named alone in a report
// ("hop chu nhat 18 nguoi" said on a Monday) is the most recent such day,
// today included, in Vietnam time whatever the clock's zone; an hour still
// to come today makes it a week earlier.
func TestLastWeekdayIsTheMostRecentPastOne(t *testing.T) {
	monday := time.Date(2026, time.December, 7, 9, 30, 0, 0, vntime.Zone) // a Monday
	cases := []struct {
		now     time.Time
		in, day string // day "" = no day
		hour    int
	}{
		{monday, "hop chu nhat 18 nguoi", "2026-12-06", 8},
		{monday, "bao cao hop thu 7 co 20 nguoi", "2026-12-05", 8},
		{monday, "hop t6", "2026-12-04", 8},
		{monday, "hop thu 3", "2026-12-01", 8},
		{monday, "hop thu 2", "2026-12-07", 8},               // today
		{monday, "hop thu 2 luc 7h", "2026-12-07", 7},        // this morning
		{monday, "hop thu 2 luc 19h", "2026-11-30", 19},      // tonight is still to come
		{monday, "hop chu nhat 14/12", "2026-12-14", 8},      // a date wins
		{monday, "hop chu nhat tuan truoc", "2026-12-06", 8}, // last week ended yesterday
		{monday, "hop chi hoi", "", 0},
		{time.Date(2026, time.December, 7, 0, 30, 0, 0, vntime.Zone), "hop chu nhat", "2026-12-06", 8}, // Sunday 17:30 UTC
	}
	for _, c := range cases {
		w := parseWhen(c.in, c.now.UTC()).lastWeekday(c.now.UTC())
		got := ""
		if w.Day {
			got = w.At.In(vntime.Zone).Format("2006-01-02")
		}
		if got != c.day {
			t.Errorf("%q at %v: day %q, want %q", c.in, c.now, got, c.day)
			continue
		}
		if w.Day && w.At.In(vntime.Zone).Hour() != c.hour {
			t.Errorf("%q: hour %d, want %d", c.in, w.At.In(vntime.Zone).Hour(), c.hour)
		}
	}
}

// TestHeadcountAfterAWeekdayNumber: in "hop thu 7 18 nguoi" the figure is
// 18 and the 7 stays with the weekday.
func TestHeadcountAfterAWeekdayNumber(t *testing.T) {
	for in, want := range map[string]int64{"hop thu 7 18 nguoi": 18, "hop t3 12 nguoi": 12, "hop thu hai 25 nguoi": 25} {
		n, _, rest, ok := findHeadcount(in)
		if !ok || n != want {
			t.Errorf("%q: %d, %v; want %d", in, n, ok, want)
			continue
		}
		if w := parseWhen(rest, time.Now()); w.Weekday < 0 {
			t.Errorf("%q: the weekday was lost from %q", in, rest)
		}
	}
}
