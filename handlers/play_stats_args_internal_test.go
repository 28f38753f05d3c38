package handlers

import (
	"testing"
	"time"

	"loa/store"
	"loa/vntime"
)

// TestStatsArgsAsStaffTypeThem: the period said the way staff say it, with
// the polite words around it and "last month".
func TestStatsArgsAsStaffTypeThem(t *testing.T) {
	now := time.Date(2026, 12, 6, 10, 0, 0, 0, vntime.Zone)
	day := func(y int, m time.Month) time.Time { return time.Date(y, m, 1, 0, 0, 0, 0, vntime.Zone) }
	for in, want := range map[string]store.Period{
		"quý này ạ":             {Kind: store.Quarter, Start: day(2026, 10)},
		"thang truoc":           {Kind: store.Month, Start: day(2026, 11)},
		"tháng rồi nhé":         {Kind: store.Month, Start: day(2026, 11)},
		"năm ngoái":             {Kind: store.Year, Start: day(2025, 1)},
		"quy truoc":             {Kind: store.Quarter, Start: day(2026, 7)},
		"cho em xem thang 11 a": {Kind: store.Month, Start: day(2026, 11)},
		"nam 2025":              {Kind: store.Year, Start: day(2025, 1)},
	} {
		unit, p, ok := parseStatsArgs(in, now)
		if !ok || unit != "" || p.Kind != want.Kind || !p.Start.Equal(want.Start) {
			t.Errorf("parseStatsArgs(%q) = %q, %+v, %v; want %+v", in, unit, p, ok, want)
		}
	}
	if unit, _, ok := parseStatsArgs("DN-X1 thang 11", now); !ok || unit != "DN-X1" {
		t.Errorf("unit lost: %q %v", unit, ok)
	}
}
