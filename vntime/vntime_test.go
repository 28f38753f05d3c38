package vntime_test

import (
	"testing"
	"time"

	"loa/vntime"
)

func TestZoneIsVietnamTime(t *testing.T) {
	// 17:00 UTC on 31 December is already the next day in Vietnam.
	got := time.Date(2025, 12, 31, 17, 0, 0, 0, time.UTC).In(vntime.Zone)
	if got.Day() != 1 || got.Month() != time.January || got.Hour() != 0 {
		t.Fatalf("17:00 UTC is %s in Vietnam, want 00:00 on 1 January", got)
	}
	if _, off := got.Zone(); off != 7*3600 {
		t.Fatalf("offset %d s, want +7 h", off)
	}
}
