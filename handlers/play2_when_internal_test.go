package handlers

import (
	"testing"
	"time"

	"loa/vntime"
)

// TestParseWhenReadsLastWeekAndMonth: "tuần trước" is the Monday-to-Sunday
// week before this one, a weekday with it is that day, "tháng trước" is
// last month, in Vietnam time whatever the clock's zone.
func TestParseWhenReadsLastWeekAndMonth(t *testing.T) {
	day := func(s string) time.Time {
		d, err := time.ParseInLocation("2006-01-02", s, vntime.Zone)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	cases := []struct {
		now            time.Time
		in, title, day string // day "" = no day
		from, to       string // the period, when no day
	}{
		{day("2026-12-09").Add(9 * time.Hour), "hop chu nhat tuan truoc", "hop", "2026-12-06", "", ""},
		{day("2026-12-09").Add(9 * time.Hour), "họp thứ 7 tuần trước", "họp", "2026-12-05", "", ""},
		{day("2026-12-09").Add(9 * time.Hour), "sinh hoat t2 tuan vua roi", "sinh hoat", "2026-11-30", "", ""},
		{day("2026-12-06").Add(20 * time.Hour), "hop chu nhat tuan truoc", "hop", "2026-11-29", "", ""}, // on a Sunday
		{day("2026-12-09").Add(9 * time.Hour), "hop hom kia", "hop", "2026-12-07", "", ""},
		{day("2026-12-09").Add(9 * time.Hour), "hop tuan truoc", "hop", "", "2026-11-30", "2026-12-07"},
		{day("2026-12-07").Add(time.Hour), "hop tuần trước", "hop", "", "2026-11-30", "2026-12-07"}, // on a Monday
		{day("2026-12-09").Add(9 * time.Hour), "hop thang truoc", "hop", "", "2026-11-01", "2026-12-01"},
		{day("2026-01-15").Add(9 * time.Hour), "Họp tháng trước", "Họp", "", "2025-12-01", "2026-01-01"},
		{day("2026-12-09").Add(9 * time.Hour), "hop 25/11 tuan truoc", "hop", "2026-11-25", "", ""}, // the date wins
		{day("2026-12-09").Add(9 * time.Hour), "hop chu nhat", "hop", "", "", ""},
	}
	for _, c := range cases {
		w := parseWhen(c.in, c.now.UTC()) // the clock's zone must not matter
		if w.Title != c.title {
			t.Errorf("%q: title %q, want %q", c.in, w.Title, c.title)
		}
		gotDay := ""
		if w.Day {
			gotDay = w.At.In(vntime.Zone).Format("2006-01-02")
		}
		if gotDay != c.day {
			t.Errorf("%q at %v: day %q, want %q", c.in, c.now, gotDay, c.day)
		}
		gotFrom, gotTo := "", ""
		if !w.From.IsZero() {
			gotFrom, gotTo = w.From.In(vntime.Zone).Format("2006-01-02"), w.To.In(vntime.Zone).Format("2006-01-02")
		}
		if gotFrom != c.from || gotTo != c.to {
			t.Errorf("%q at %v: period %q–%q, want %q–%q", c.in, c.now, gotFrom, gotTo, c.from, c.to)
		}
	}
}
