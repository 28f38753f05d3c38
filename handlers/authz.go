package handlers

import (
	"slices"

	"loa/store"
)

// Authorization (ARCHITECTURE invariant 4): every privileged action is
// checked against the actor's role grants and the target unit's place in the
// tree. The check is pure: the caller reads the grants (store.Roles, plus
// LOA_ADMINS) and the target's ancestors (store.Ancestors) and passes them
// in, so the whole policy is this file and its table test.

// Action is a privileged thing done to a unit.
type Action string

const (
	ActSendNotice       Action = "send_notice"       // broadcast a notice to a unit's members
	ActCreateEvent      Action = "create_event"      // schedule a meeting for a unit
	ActReportAttendance Action = "report_attendance" // record who came to a unit's meeting
	ActViewStats        Action = "view_stats"        // participation counts of a unit
	ActListMembers      Action = "list_members"      // see who is registered in a unit
	ActManageJobs       Action = "manage_jobs"       // pause, resume, cancel a unit's outbox jobs
	ActMemberInvite     Action = "member_invite"     // create or revoke a unit's join link (/moi)
	ActExport           Action = "export"            // download a unit's report or member list
	ActHeadInvite       Action = "head_invite"       // create or revoke a one-time head invite
	ActAssignHead       Action = "assign_head"       // grant or revoke the head role
	ActStaffInvite      Action = "staff_invite"      // create or revoke a staff invite
	ActAssignStaff      Action = "assign_staff"      // grant or revoke the staff role
	ActAssignAdmin      Action = "assign_admin"      // grant or revoke admin
	ActImportUnits      Action = "import_units"      // replace the unit tree
	ActAnswerQuestion   Action = "answer_question"   // see, answer or skip members' questions of a unit (/cauhoi)
	ActAddKnowledge     Action = "add_knowledge"     // turn an answered question into a knowledge-base entry
)

// Actions lists every privileged action, in the order /help shows them.
var Actions = []Action{
	ActSendNotice, ActCreateEvent, ActReportAttendance, ActViewStats, ActListMembers,
	ActManageJobs, ActMemberInvite, ActExport, ActHeadInvite, ActAssignHead,
	ActStaffInvite, ActAssignStaff, ActAssignAdmin, ActImportUnits, ActAnswerQuestion, ActAddKnowledge,
}

// scope is where a grant lets its holder act, relative to the granted unit.
type scope int

const (
	nowhere    scope = iota
	ownUnit          // the granted unit only (a branch head's branch)
	subtree          // the granted unit and everything below it
	below            // strictly below the granted unit (staff appoint heads and staff under them, never a peer of their own unit)
	everywhere       // admin
)

// policy says, for each action, how far each role reaches. A role missing
// from an action's row may not do it at all; plain members have no row.
var policy = map[Action]map[store.Role]scope{
	ActSendNotice:       {store.RoleHead: ownUnit, store.RoleStaff: subtree, store.RoleAdmin: everywhere},
	ActCreateEvent:      {store.RoleHead: ownUnit, store.RoleStaff: subtree, store.RoleAdmin: everywhere},
	ActReportAttendance: {store.RoleHead: ownUnit, store.RoleStaff: subtree, store.RoleAdmin: everywhere},
	ActViewStats:        {store.RoleHead: ownUnit, store.RoleStaff: subtree, store.RoleAdmin: everywhere},
	ActListMembers:      {store.RoleHead: ownUnit, store.RoleStaff: subtree, store.RoleAdmin: everywhere},
	ActManageJobs:       {store.RoleHead: ownUnit, store.RoleStaff: subtree, store.RoleAdmin: everywhere},
	ActMemberInvite:     {store.RoleHead: ownUnit, store.RoleStaff: subtree, store.RoleAdmin: everywhere},
	ActExport:           {store.RoleStaff: subtree, store.RoleAdmin: everywhere},
	// Staff appoint only strictly below their unit: a "head" of their own
	// unit would reach the whole unit, which is the staff's own scope.
	ActHeadInvite:  {store.RoleStaff: below, store.RoleAdmin: everywhere},
	ActAssignHead:  {store.RoleStaff: below, store.RoleAdmin: everywhere},
	ActStaffInvite: {store.RoleStaff: below, store.RoleAdmin: everywhere},
	ActAssignStaff: {store.RoleStaff: below, store.RoleAdmin: everywhere},
	ActAssignAdmin: {store.RoleAdmin: everywhere},
	ActImportUnits: {store.RoleAdmin: everywhere},
	// A head answers her own branch's questions; questions of units below
	// a branch (a women's group) go to the staff above, like everything else.
	ActAnswerQuestion: {store.RoleHead: ownUnit, store.RoleStaff: subtree, store.RoleAdmin: everywhere},
	// Knowledge-base entries are read by everyone: staff and admins write them.
	ActAddKnowledge: {store.RoleStaff: subtree, store.RoleAdmin: everywhere},
}

// Actor is a person about to act, with every role grant she holds.
type Actor struct {
	ID     store.Identity
	Grants []store.Grant
}

// NewActor builds the actor from her stored grants, adding admin when her
// identity is among the configured admins (LOA_ADMINS).
func NewActor(id store.Identity, grants []store.Grant, admins []store.Identity) Actor {
	a := Actor{ID: id, Grants: slices.Clone(grants)}
	if slices.Contains(admins, id) && !a.Has(store.RoleAdmin) {
		a.Grants = append(a.Grants, store.Grant{Role: store.RoleAdmin})
	}
	return a
}

// Has reports whether the actor holds role on any unit.
func (a Actor) Has(role store.Role) bool {
	return slices.ContainsFunc(a.Grants, func(g store.Grant) bool { return g.Role == role })
}

// Can reports whether actor may do action on the unit target, whose
// ancestors (parent first, root last, as store.UnitCodes(store.Ancestors))
// are ancestorsOfTarget. Codes compare case-insensitively. A target ""
// means the whole organisation (importing the tree): only admins reach it.
// An unknown target with no ancestors is inside nobody's scope but an
// admin's, and a head's own-unit check still needs target to be her unit.
func Can(actor Actor, action Action, target string, ancestorsOfTarget []string) bool {
	rule := policy[action]
	target = store.NormalizeUnitCode(target)
	for _, g := range actor.Grants {
		sc := rule[g.Role]
		if sc == everywhere {
			return true
		}
		unit := store.NormalizeUnitCode(g.Unit)
		if sc == nowhere || unit == "" || target == "" {
			continue
		}
		isAncestor := slices.ContainsFunc(ancestorsOfTarget, func(c string) bool { return store.NormalizeUnitCode(c) == unit })
		switch {
		case sc == ownUnit && target == unit,
			sc == subtree && (target == unit || isAncestor),
			sc == below && isAncestor:
			return true
		}
	}
	return false
}

// CanSomewhere reports whether actor may do action on at least one unit;
// /help uses it to show each person only the commands she may use.
func CanSomewhere(actor Actor, action Action) bool {
	for _, g := range actor.Grants {
		sc := policy[action][g.Role]
		if sc == everywhere || (sc != nowhere && g.Unit != "") {
			return true
		}
	}
	return false
}

// Allowed lists the actions actor may do somewhere, in Actions order.
func Allowed(actor Actor) []Action {
	var out []Action
	for _, a := range Actions {
		if CanSomewhere(actor, a) {
			out = append(out, a)
		}
	}
	return out
}
