package store

import (
	"context"
	"slices"
	"testing"

	"github.com/redis/go-redis/v9"

	"loa/store/redistest"
)

var scriptLuaAttKeys = redis.NewScript(luaDirKeys + luaAttKeys + `
return {kEventSeq(), kEvent(ARGV[2]), kCheckIns(ARGV[2]), kReports(ARGV[2]), kCode(ARGV[3]),
  kOpen(), kUnitEvents(ARGV[4]), kUnreported(), kRemind(), kMonthly(ARGV[5]), kAgg(ARGV[4], ARGV[5]), kTries(ARGV[2]),
  kMemberEvents(ARGV[6])}
`)

// TestLuaAttKeysMatchGo keeps the Lua mirror of the attendance key builders
// equal to the Go ones in keys.go.
func TestLuaAttKeysMatchGo(t *testing.T) {
	rdb := redistest.Start(t).Client()
	id, code, unit, period := "17", "482913", "DN-B1", "2026-Q4"
	got, err := scriptLuaAttKeys.Run(context.Background(), rdb, []string{keyEventSeq()}, dirPrefix, id, code, unit, period, "telegram:42").StringSlice()
	if err != nil {
		t.Fatal(err)
	}
	want := []string{keyEventSeq(), keyEvent(id), keyEventCheckIns(id), keyEventReports(id), keyEventCode(code),
		keyEventsOpen(), keyUnitEvents(unit), keyEventsUnreported(), keyEventsRemind(), keyMonthlyMeetings(period),
		keyAggregate(unit, period), keyCheckInTries(id), keyMemberEvents("telegram:42")}
	if !slices.Equal(got, want) {
		t.Fatalf("lua %v\ngo  %v", got, want)
	}
}
