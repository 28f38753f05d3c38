package handlers

import (
	"testing"
	"time"

	"loa/vntime"
)

// TestPlay6MeetingTimesAsHeadsSayThem: "19h tối nay", "tối mai 7h", "thứ 6
// tuần này 19h30", "thứ 2 tuần sau 8h" for a meeting to come.
func TestPlay6MeetingTimesAsHeadsSayThem(t *testing.T) {
	monday := time.Date(2026, time.December, 7, 9, 30, 0, 0, vntime.Zone) // a Monday
	for in, want := range map[string]string{
		"hop chi hoi 19h toi nay":       "2026-12-07 19:00 hop chi hoi",
		"hop chi hoi tối nay 7h":        "2026-12-07 19:00 hop chi hoi",
		"hop to tối mai 7h":             "2026-12-08 19:00 hop to",
		"hop to 8h sang mai":            "2026-12-08 08:00 hop to",
		"hop 19h30 thu 6 tuan nay":      "2026-12-11 19:30 hop",
		"hop thu 2 tuan sau 8h":         "2026-12-14 08:00 hop",
		"hop thu 2 19h":                 "2026-12-07 19:00 hop",
		"hop thu 2 8h":                  "2026-12-14 08:00 hop",
		"sinh hoat chu nhat 14h":        "2026-12-13 14:00 sinh hoat",
		"hop chi hoi 20/12 19h":         "2026-12-20 19:00 hop chi hoi",
		"hop chi hoi mai 7h toi":        "2026-12-08 19:00 hop chi hoi",
		"hop chi hoi ngay mai luc 7h30": "2026-12-08 07:30 hop chi hoi",
		"hop chi hoi toi qua 7h":        "2026-12-06 19:00 hop chi hoi",
	} {
		w := parseWhen(in, monday).nextWeekday(monday)
		got := w.At.In(vntime.Zone).Format("2006-01-02 15:04") + " " + w.Title
		if !w.OK || got != want {
			t.Errorf("%q: %q (ok %v), want %q", in, got, w.OK, want)
		}
	}
}
