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
	t.Parallel()
	rdb := redistest.Start(t).Client()
	for _, ns := range []string{"", "dongnai"} {
		s, err := NewNamespaced(rdb, ns)
		if err != nil {
			t.Fatal(err)
		}
		id, code, unit, period := "17", "482913", "DN-B1", "2026-Q4"
		got, err2 := scriptLuaAttKeys.Run(context.Background(), rdb, []string{s.keyEventSeq()}, s.dirPrefix, id, code, unit, period, "telegram:42").StringSlice()
		if err2 != nil {
			t.Fatal(err2)
		}
		want := []string{s.keyEventSeq(), s.keyEvent(id), s.keyEventCheckIns(id), s.keyEventReports(id), s.keyEventCode(code),
			s.keyEventsOpen(), s.keyUnitEvents(unit), s.keyEventsUnreported(), s.keyEventsRemind(), s.keyMonthlyMeetings(period),
			s.keyAggregate(unit, period), s.keyCheckInTries(id), s.keyMemberEvents("telegram:42")}
		if !slices.Equal(got, want) {
			t.Fatalf("lua %v\ngo  %v", got, want)
		}
	}
}
