package handlers

import (
	"testing"
	"time"

	"loa/vntime"
)

// TestWeeksBack: "2 tuần trước" / "hai tuần trước" is the week that many
// weeks before this one (Monday to Monday), not last week.
func TestWeeksBack(t *testing.T) {
	monday := time.Date(2026, time.December, 7, 9, 30, 0, 0, vntime.Zone)
	for in, from := range map[string]string{
		"bao cao hop tuan truoc 15 nguoi": "2026-11-30",
		"bao cao hop 2 tuan truoc":        "2026-11-23",
		"hop hai tuần trước":              "2026-11-23",
		"ba tuan truoc hop chi hoi":       "2026-11-16",
		"hop chu nhat 2 tuan truoc":       "",
	} {
		w := parseWhen(in, monday.UTC())
		got := ""
		if !w.From.IsZero() {
			got = w.From.In(vntime.Zone).Format("2006-01-02")
			if w.To.Sub(w.From) != 7*24*time.Hour {
				t.Errorf("%q: %s – %s is not a week", in, w.From, w.To)
			}
		}
		if got != from {
			t.Errorf("%q: from %q, want %q", in, got, from)
		}
	}
	if w := parseWhen("hop chu nhat 2 tuan truoc", monday); !w.Day || w.At.Format("2006-01-02") != "2026-11-29" {
		t.Errorf("the Sunday of two weeks ago: %+v", w)
	}
}
