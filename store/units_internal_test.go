package store

import (
	"context"
	"slices"
	"testing"

	"github.com/redis/go-redis/v9"

	"loa/store/redistest"
)

// TestLuaKeysMatchGo keeps the Lua mirror of the key builders equal to the
// Go ones in keys.go.
func TestLuaKeysMatchGo(t *testing.T) {
	t.Parallel()
	rdb := redistest.Start(t).Client()
	for _, ns := range []string{"", "dongnai"} {
		s, err := NewNamespaced(rdb, ns)
		if err != nil {
			t.Fatal(err)
		}
		unit, id, code := "DN-B1", "telegram:42", "ABCDEFGHJKMNP"
		got, err2 := scriptLuaKeys.Run(context.Background(), rdb, []string{s.keyUnits()}, s.dirPrefix, unit, id, code).StringSlice()
		if err2 != nil {
			t.Fatal(err2)
		}
		want := []string{s.keyUnits(), s.keyUnitRoots(), s.keyUnitAliases(), s.keyUnit(unit), s.keyUnitChildren(unit),
			s.keyUnitMembers(unit), s.keyUnitCounts(unit), s.keyUnitGrants(unit), s.keyUnitInvites(unit),
			s.keyMember(id), s.keyRoles(id), s.keyInvite(code)}
		if !slices.Equal(got, want) {
			t.Fatalf("lua %v\ngo  %v", got, want)
		}
	}
}

// scriptLuaKeys returns the Lua-built key names for one sample of each
// argument, so a test can compare them with the Go builders.
// ARGV: prefix, unit code, member id, invite code.
var scriptLuaKeys = redis.NewScript(luaDirLib + `
local u, id, c = ARGV[2], ARGV[3], ARGV[4]
return {kUnits(), kRoots(), kAliases(), kUnit(u), kChildren(u), kMembers(u), kCounts(u),
  kGrants(u), kInvites(u), kMember(id), kRoles(id), kInvite(c)}
`)
