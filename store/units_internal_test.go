package store

import (
	"context"
	"slices"
	"testing"

	"loa/store/redistest"
)

// TestLuaKeysMatchGo keeps the Lua mirror of the key builders equal to the
// Go ones in keys.go.
func TestLuaKeysMatchGo(t *testing.T) {
	rdb := redistest.Start(t).Client()
	unit, id, code := "DN-B1", "telegram:42", "ABCDEFGHJKMNP"
	got, err := scriptLuaKeys.Run(context.Background(), rdb, []string{keyUnits()}, dirPrefix, unit, id, code).StringSlice()
	if err != nil {
		t.Fatal(err)
	}
	want := []string{keyUnits(), keyUnitRoots(), keyUnitAliases(), keyUnit(unit), keyUnitChildren(unit),
		keyUnitMembers(unit), keyUnitCounts(unit), keyUnitGrants(unit), keyUnitInvites(unit),
		keyMember(id), keyRoles(id), keyInvite(code)}
	if !slices.Equal(got, want) {
		t.Fatalf("lua %v\ngo  %v", got, want)
	}
}
