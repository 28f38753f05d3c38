package handlers

import (
	"context"
	"errors"
	"fmt"

	"loa/chat"
	"loa/store"
)

// identity is who sent an update.
func identity(u chat.Update) store.Identity {
	return store.Identity{Platform: u.Platform, UserID: u.UserID}
}

// actor loads the sender's role grants (plus admin from LOA_ADMINS).
func (r *kit) actor(ctx context.Context, u chat.Update) (Actor, error) {
	return LoadActor(ctx, r.store, identity(u), r.admins)
}

// may reports whether the sender may do action on unit. A unit that does not
// exist is nobody's but an admin's. Every privileged handler calls it before
// acting (invariant 4).
func (r *kit) may(ctx context.Context, a Actor, action Action, unit string) (bool, error) {
	return May(ctx, r.store, a, action, unit)
}

// May is the check every privileged action makes, chat or dashboard: it
// reads unit's ancestors and asks Can. A unit that does not exist is
// nobody's but an admin's.
func May(ctx context.Context, st *store.Store, a Actor, action Action, unit string) (bool, error) {
	if unit == "" {
		return Can(a, action, "", nil), nil
	}
	ancestors, err := st.Ancestors(ctx, unit)
	if err != nil && !errors.Is(err, store.ErrUnitUnknown) {
		return false, fmt.Errorf("load unit path: %w", err)
	}
	return Can(a, action, unit, store.UnitCodes(ancestors)), nil
}

// LoadActor reads a person's grants (plus admin from LOA_ADMINS), as every
// command does before a privileged action.
func LoadActor(ctx context.Context, st *store.Store, id store.Identity, admins []store.Identity) (Actor, error) {
	grants, err := st.Roles(ctx, id.Platform, id.UserID)
	if err != nil {
		return Actor{}, fmt.Errorf("load roles: %w", err)
	}
	return NewActor(id, grants, admins), nil
}

// HomeUnit is the unit a privileged person acts on by default: her first
// grant's unit of the first of roles she holds (staff before head for
// /thongke).
func HomeUnit(a Actor, roles ...store.Role) string { return homeUnit(a, roles...) }

// member is the sender's registration, or ok=false when she has none.
func (r *kit) member(ctx context.Context, u chat.Update) (store.Member, bool, error) {
	m, err := r.store.Member(ctx, u.Platform, u.UserID)
	if errors.Is(err, store.ErrMemberUnknown) {
		return store.Member{}, false, nil
	}
	if err != nil {
		return store.Member{}, false, fmt.Errorf("load member: %w", err)
	}
	return m, true, nil
}

// homeUnit is the unit a privileged sender acts on by default: her first
// grant's unit (a head's branch, a staff member's unit).
func homeUnit(a Actor, roles ...store.Role) string {
	for _, want := range roles {
		for _, g := range a.Grants {
			if g.Role == want && g.Unit != "" {
				return g.Unit
			}
		}
	}
	return ""
}

// failed logs an internal error and gives the member the polite apology;
// internal text never reaches a member.
func (r *kit) failed(u chat.Update, what string, err error) []chat.Reply {
	r.log.Error(what, "platform", u.Platform, "error", err)
	return []chat.Reply{{Text: msgSorry}}
}
