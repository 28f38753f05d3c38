package handlers

import (
	"time"
	_ "time/tzdata" // Asia/Ho_Chi_Minh on machines without zoneinfo
)

// vietnam is the time zone every time shown to a person is in (invariant 6).
var vietnam = mustZone("Asia/Ho_Chi_Minh")

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		return time.FixedZone("ICT", 7*3600)
	}
	return loc
}
