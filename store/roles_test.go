package store_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"loa/store"
)

func TestGrantRevokeRoles(t *testing.T) {
	t.Parallel()
	st := dirStore(t)
	ctx := context.Background()
	importCSV(t, st, fourLevels)
	for _, g := range []struct {
		role store.Role
		unit string
	}{{store.RoleHead, "b11"}, {store.RoleStaff, "C2"}, {store.RoleAdmin, ""}, {store.RoleHead, "B11"}} {
		if _, err := st.Grant(ctx, "telegram", "42", g.role, g.unit); err != nil {
			t.Fatalf("grant %v: %v", g, err)
		}
	}
	want := []store.Grant{{Role: store.RoleAdmin}, {Role: store.RoleHead, Unit: "B11"}, {Role: store.RoleStaff, Unit: "C2"}}
	if got, _ := st.Roles(ctx, "telegram", "42"); !slices.Equal(got, want) {
		t.Fatalf("roles %v, want %v", got, want)
	}
	on, _ := st.GrantsOnUnit(ctx, "B11")
	if len(on) != 1 || on[0].Role != store.RoleHead || on[0].UserID != "42" || on[0].Platform != "telegram" {
		t.Fatalf("grants on B11: %+v", on)
	}
	if err := st.Revoke(ctx, "telegram", "42", store.RoleHead, "B11"); err != nil {
		t.Fatal(err)
	}
	if err := st.Revoke(ctx, "telegram", "42", store.RoleHead, "B11"); !errors.Is(err, store.ErrGrantUnknown) {
		t.Fatalf("second revoke: %v", err)
	}
	if err := st.Revoke(ctx, "telegram", "42", store.RoleAdmin, ""); err != nil {
		t.Fatal(err)
	}
	if got, _ := st.Roles(ctx, "telegram", "42"); !slices.Equal(got, []store.Grant{{Role: store.RoleStaff, Unit: "C2"}}) {
		t.Fatalf("after revoke: %v", got)
	}
	if on, _ := st.GrantsOnUnit(ctx, "B11"); len(on) != 0 {
		t.Fatalf("index not cleaned: %v", on)
	}
	before := dumpAll(t, st)
	for _, tc := range []struct {
		role store.Role
		unit string
		want string
	}{
		{store.RoleHead, "NOPE", "unknown unit"},
		{store.RoleMember, "B11", "default role"},
		{"queen", "B11", "unknown role"},
		{store.RoleStaff, "", "needs a unit"},
	} {
		if _, err := st.Grant(ctx, "telegram", "42", tc.role, tc.unit); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("grant %s@%s: %v, want %q", tc.role, tc.unit, err, tc.want)
		}
	}
	if !equalDumps(before, dumpAll(t, st)) {
		t.Fatal("refused grants wrote to Redis")
	}
}

func TestParseAdmins(t *testing.T) {
	t.Parallel()
	got, err := store.ParseAdmins(" telegram:12345, zalo:abc-9 ,,Telegram:12345,web:u1")
	want := []store.Identity{{Platform: "telegram", UserID: "12345"}, {Platform: "zalo", UserID: "abc-9"}, {Platform: "web", UserID: "u1"}}
	if err != nil || !slices.Equal(got, want) {
		t.Fatalf("got %v %v", got, err)
	}
	if got, err := store.ParseAdmins(""); err != nil || got != nil {
		t.Fatalf("empty: %v %v", got, err)
	}
	for in, wantErr := range map[string]string{
		"12345":            `"12345": want platform:userID`,
		"telgram:1":        `unknown platform "telgram"`,
		"telegram:":        "user id",
		"telegram:1 2":     "no spaces",
		"zalo:1,viber:2,x": `unknown platform "viber"`,
	} {
		_, err := store.ParseAdmins(in)
		if err == nil || !strings.Contains(err.Error(), wantErr) || !strings.HasPrefix(err.Error(), "LOA_ADMINS: ") {
			t.Errorf("%q: got %v, want %q", in, err, wantErr)
		}
	}
}

func TestParseRole(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]store.Role{"Head": store.RoleHead, " staff ": store.RoleStaff, "admin": store.RoleAdmin, "member": store.RoleMember} {
		if got, err := store.ParseRole(in); err != nil || got != want {
			t.Errorf("ParseRole(%q) = %v, %v", in, got, err)
		}
	}
	if _, err := store.ParseRole("chủ tịch"); err == nil {
		t.Error("unknown role accepted")
	}
}
