package handlers

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"loa/store"
)

// The test tree: DN → C1 → B11, B12; DN → C2 → B21.
var authzAncestors = map[string][]string{
	"DN":  nil,
	"C1":  {"DN"},
	"C2":  {"DN"},
	"B11": {"C1", "DN"},
	"B12": {"C1", "DN"},
	"B21": {"C2", "DN"},
	"":    nil, // the whole organisation
	"ZZ9": nil, // a code not in the tree
}

var authzTargets = []string{"DN", "C1", "C2", "B11", "B12", "B21", "", "ZZ9"}

func TestCanWholeMatrix(t *testing.T) {
	t.Parallel()
	member := Actor{ID: store.Identity{Platform: "telegram", UserID: "1"}}
	head := Actor{Grants: []store.Grant{{Role: store.RoleHead, Unit: "B11"}}}
	staff := Actor{Grants: []store.Grant{{Role: store.RoleStaff, Unit: "C1"}}}
	admin := Actor{Grants: []store.Grant{{Role: store.RoleAdmin}}}
	all := strings.Join(authzTargets, " ")

	// For each action: the targets a head of B11 and staff of C1 may act on.
	// Members may act on none; admins on all. Every other cell must be false.
	for _, tc := range []struct {
		action      Action
		head, staff string
	}{
		{ActSendNotice, "B11", "C1 B11 B12"},
		{ActCreateEvent, "B11", "C1 B11 B12"},
		{ActReportAttendance, "B11", "C1 B11 B12"},
		{ActViewStats, "B11", "C1 B11 B12"},
		{ActListMembers, "B11", "C1 B11 B12"},
		{ActManageJobs, "B11", "C1 B11 B12"},
		{ActMemberInvite, "B11", "C1 B11 B12"},
		{ActExport, "", "C1 B11 B12"},
		// Staff appoint only strictly below their unit: a head of C1 itself
		// would be a peer reaching all of C1.
		{ActHeadInvite, "", "B11 B12"},
		{ActAssignHead, "", "B11 B12"},
		{ActStaffInvite, "", "B11 B12"},
		{ActAssignStaff, "", "B11 B12"},
		{ActAssignAdmin, "", ""},
		{ActImportUnits, "", ""},
		{ActAnswerQuestion, "B11", "C1 B11 B12"},
		{ActAddKnowledge, "", "C1 B11 B12"},
	} {
		for _, who := range []struct {
			name    string
			actor   Actor
			allowed string
		}{{"member", member, ""}, {"head", head, tc.head}, {"staff", staff, tc.staff}, {"admin", admin, all}} {
			allowed := strings.Fields(who.allowed)
			if who.name == "admin" {
				allowed = authzTargets
			}
			for _, target := range authzTargets {
				want := slices.Contains(allowed, target)
				if got := Can(who.actor, tc.action, target, authzAncestors[target]); got != want {
					t.Errorf("%s %s on %q: got %v, want %v", who.name, tc.action, target, got, want)
				}
			}
		}
	}
}

func TestEveryActionIsInTheMatrixAndThePolicy(t *testing.T) {
	t.Parallel()
	if len(policy) != len(Actions) {
		t.Fatalf("policy has %d actions, Actions lists %d", len(policy), len(Actions))
	}
	for _, a := range Actions {
		if _, ok := policy[a]; !ok {
			t.Errorf("%s has no policy row", a)
		}
		if policy[a][store.RoleMember] != nowhere {
			t.Errorf("plain members may %s", a)
		}
	}
	if Can(Actor{}, Action("no_such_action"), "B11", authzAncestors["B11"]) ||
		Can(Actor{Grants: []store.Grant{{Role: store.RoleStaff, Unit: "DN"}}}, Action("no_such_action"), "B11", authzAncestors["B11"]) {
		t.Error("an unknown action was allowed")
	}
}

// TestNothingOutsideScopeSucceeds checks the invariant directly, for every
// action and every non-admin grant on every unit: a target outside the
// granted unit's subtree is always refused.
func TestNothingOutsideScopeSucceeds(t *testing.T) {
	t.Parallel()
	within := func(target, unit string) bool {
		return target == unit || slices.Contains(authzAncestors[target], unit)
	}
	for _, role := range []store.Role{store.RoleMember, store.RoleHead, store.RoleStaff} {
		for _, unit := range authzTargets {
			actor := Actor{Grants: []store.Grant{{Role: role, Unit: unit}}}
			for _, action := range Actions {
				for _, target := range authzTargets {
					if Can(actor, action, target, authzAncestors[target]) && (unit == "" || !within(target, unit)) {
						t.Errorf("%s of %q may %s on %q, outside her scope", role, unit, action, target)
					}
					if role == store.RoleHead && target != unit && Can(actor, action, target, authzAncestors[target]) {
						t.Errorf("head of %q may %s on %q", unit, action, target)
					}
				}
			}
		}
	}
}

func TestCanCombinesGrantsAndIgnoresCase(t *testing.T) {
	t.Parallel()
	a := Actor{Grants: []store.Grant{{Role: store.RoleHead, Unit: "B21"}, {Role: store.RoleStaff, Unit: "c1"}}}
	for _, tc := range []struct {
		action Action
		target string
		want   bool
	}{
		{ActSendNotice, "b21", true},   // as head
		{ActSendNotice, "B12", true},   // as staff
		{ActSendNotice, "C2", false},   // neither
		{ActHeadInvite, "B21", false},  // a head cannot appoint heads, even in her branch
		{ActHeadInvite, "B11", true},   // staff can, below her
		{ActAssignStaff, "C1", false},  // not beside herself
		{ActHeadInvite, "C1", false},   // no head of her own unit: that would be a peer
		{ActAssignHead, "c1", false},   // nor by grant
		{ActAssignAdmin, "B11", false}, // never
	} {
		if got := Can(a, tc.action, tc.target, authzAncestors[store.NormalizeUnitCode(tc.target)]); got != tc.want {
			t.Errorf("%s on %s: got %v", tc.action, tc.target, got)
		}
	}
}

func TestNewActorAddsConfiguredAdmins(t *testing.T) {
	t.Parallel()
	admins, err := store.ParseAdmins("telegram:12345,zalo:abc")
	if err != nil {
		t.Fatal(err)
	}
	boss := NewActor(store.Identity{Platform: "zalo", UserID: "abc"}, nil, admins)
	if !boss.Has(store.RoleAdmin) || !Can(boss, ActImportUnits, "", nil) {
		t.Fatalf("configured admin is not admin: %+v", boss)
	}
	// Same id on another platform is someone else.
	other := NewActor(store.Identity{Platform: "telegram", UserID: "abc"}, []store.Grant{{Role: store.RoleHead, Unit: "B11"}}, admins)
	if other.Has(store.RoleAdmin) || Can(other, ActImportUnits, "", nil) {
		t.Fatalf("not an admin: %+v", other)
	}
	twice := NewActor(store.Identity{Platform: "telegram", UserID: "12345"}, []store.Grant{{Role: store.RoleAdmin}}, admins)
	if len(twice.Grants) != 1 {
		t.Fatalf("admin added twice: %v", twice.Grants)
	}
}

func TestAllowedDrivesHelp(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		grants []store.Grant
		want   string
	}{
		{nil, "[]"},
		{[]store.Grant{{Role: store.RoleHead, Unit: "B11"}},
			"[send_notice create_event report_attendance view_stats list_members manage_jobs member_invite answer_question]"},
		{[]store.Grant{{Role: store.RoleStaff, Unit: "C1"}},
			"[send_notice create_event report_attendance view_stats list_members manage_jobs member_invite export head_invite assign_head staff_invite assign_staff answer_question add_knowledge]"},
		{[]store.Grant{{Role: store.RoleAdmin}}, fmt.Sprint(Actions)},
	} {
		if got := fmt.Sprint(Allowed(Actor{Grants: tc.grants})); got != tc.want {
			t.Errorf("%v: got %s, want %s", tc.grants, got, tc.want)
		}
	}
}
