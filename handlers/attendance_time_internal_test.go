package handlers

import (
	"testing"
	"time"

	"loa/vntime"
)

func TestParseEventTimeReadsVietnameseHabits(t *testing.T) {
	now := time.Date(2026, 12, 10, 9, 0, 0, 0, vntime.Zone)
	cases := []struct {
		in, title, want string // want "" = no complete time
	}{
		{"Sinh hoạt chi hội 20/12 8h", "Sinh hoạt chi hội", "2026-12-20 08:00"},
		{"Sinh hoạt chi hội tháng 12, 20/12/2026 08:00", "Sinh hoạt chi hội tháng 12", "2026-12-20 08:00"},
		{"Họp chi hội lúc 19h30 ngày 20-12", "Họp chi hội", "2026-12-20 19:30"},
		{"Tập huấn VNeID 7h tối 15.12", "Tập huấn VNeID", "2026-12-15 19:00"},
		{"Họp tổ 2 giờ chiều 5/1", "Họp tổ", "2027-01-05 14:00"}, // January already passed: next year
		{"Sinh hoat chi hoi mai 14g", "Sinh hoat chi hoi", "2026-12-11 14:00"},
		{"Họp hôm nay 16:45", "Họp", "2026-12-10 16:45"},
		{"Ngày hội gia đình 5 không 3 sạch - 20/12/26 8 giờ sáng", "Ngày hội gia đình 5 không 3 sạch", "2026-12-20 08:00"},
		{"Sinh hoạt chi hội", "Sinh hoạt chi hội", ""},
		{"Sinh hoạt 20/12", "Sinh hoạt", ""},
		{"Họp 31/4 8h", "Họp", ""},
		{"Họp 20/13 8h", "Họp", ""},
		{"Họp 20/12 25h", "Họp", ""},
	}
	for _, c := range cases {
		got, title, ok := parseEventTime(c.in, now)
		if title != c.title {
			t.Errorf("%q: title %q, want %q", c.in, title, c.title)
		}
		if c.want == "" {
			if ok {
				t.Errorf("%q: want no time, got %v", c.in, got)
			}
			continue
		}
		if !ok || got.Format("2006-01-02 15:04") != c.want || got.Location() != vntime.Zone {
			t.Errorf("%q: got %v (ok=%v), want %s", c.in, got, ok, c.want)
		}
	}
}

func TestParseStatsArgs(t *testing.T) {
	now := time.Date(2026, 11, 20, 9, 0, 0, 0, vntime.Zone)
	cases := []struct {
		in, unit, key string
		ok            bool
	}{
		{"", "", "2026-11", true},
		{"thang", "", "2026-11", true},
		{"quý", "", "2026-Q4", true},
		{"nam", "", "2026", true},
		{"DN-X1 quy 2", "DN-X1", "2026-Q2", true},
		{"thang 3/2025 C1", "C1", "2025-03", true},
		{"10/2026", "", "2026-10", true},
		{"nam 2025", "", "2025", true},
		{"quy 5", "", "", false},
		{"thang nam", "", "", false},
		{"C1 C2", "C1 C2", "2026-11", true}, // several words: a unit's name ("ấp 2"), looked up by name
		{"chi hoi ap hai thang truoc", "hoi ap hai", "2026-10", true},
	}
	for _, c := range cases {
		unit, p, ok := parseStatsArgs(c.in, now)
		if ok != c.ok || (ok && (unit != c.unit || p.Key() != c.key)) {
			t.Errorf("%q: got %q %s %v, want %q %s %v", c.in, unit, p.Key(), ok, c.unit, c.key, c.ok)
		}
	}
}
