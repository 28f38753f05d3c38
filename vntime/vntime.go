// Package vntime is Vietnam's time zone, defined once: every time shown to
// a person is in it, and schedules, event days and report periods are cut
// in it (ARCHITECTURE invariant 6), whatever the server's own zone. It
// imports nothing of ours, so store, scheduler, handlers and the admin CLI
// all use it.
package vntime

import (
	"time"
	_ "time/tzdata" // Asia/Ho_Chi_Minh on machines without zoneinfo
)

// Name is the IANA name of the zone.
const Name = "Asia/Ho_Chi_Minh"

// Zone is Asia/Ho_Chi_Minh, like time.UTC a value to read, never to set.
// Go's embedded zone database (time/tzdata) makes it load on machines
// without zoneinfo; Vietnam has kept UTC+7 without daylight saving since
// 1975, so the fixed fallback is only a last resort.
var Zone = load()

func load() *time.Location {
	loc, err := time.LoadLocation(Name)
	if err != nil {
		return time.FixedZone("ICT", 7*3600)
	}
	return loc
}
