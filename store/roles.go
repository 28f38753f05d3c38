package store

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/redis/go-redis/v9"
)

// Role is what a person may do; the unit of a Grant says where.
type Role string

const (
	// RoleMember is everyone's default; it is never stored as a grant.
	RoleMember Role = "member"
	// RoleHead leads one branch (chi hội trưởng): the granted unit only.
	RoleHead Role = "head"
	// RoleStaff is a union official (cán bộ Hội) of a unit and everything under it.
	RoleStaff Role = "staff"
	// RoleAdmin may do everything, everywhere; its grant has no unit.
	RoleAdmin Role = "admin"
)

// ParseRole reads a role name as an operator types it.
func ParseRole(s string) (Role, error) {
	switch r := Role(strings.ToLower(strings.TrimSpace(s))); r {
	case RoleMember, RoleHead, RoleStaff, RoleAdmin:
		return r, nil
	}
	return "", fmt.Errorf("unknown role %q (member, head, staff, admin)", s)
}

// Grant is one role held on one unit ("" for admin).
type Grant struct {
	Role Role
	Unit string
}

func (g Grant) String() string {
	if g.Unit == "" {
		return string(g.Role)
	}
	return string(g.Role) + "@" + g.Unit
}

// ErrGrantUnknown is returned by Revoke when the person does not hold that role there.
var ErrGrantUnknown = errors.New("no such role grant")

// Grant gives a person a role: head or staff on a unit, or admin (unit
// ignored). Granting what is already held is not an error. The person need
// not be a registered member (operators often are not).
func (s *Store) Grant(ctx context.Context, platform, userID string, role Role, unitCode string) (Grant, error) {
	g, err := s.changeGrant(ctx, scriptGrant, platform, userID, role, unitCode)
	if err != nil {
		return Grant{}, fmt.Errorf("grant %s: %w", role, err)
	}
	return g, nil
}

// Revoke takes a role away; ErrGrantUnknown if it was not held.
func (s *Store) Revoke(ctx context.Context, platform, userID string, role Role, unitCode string) error {
	if _, err := s.changeGrant(ctx, scriptRevoke, platform, userID, role, unitCode); err != nil {
		return fmt.Errorf("revoke %s: %w", role, err)
	}
	return nil
}

func (s *Store) changeGrant(ctx context.Context, script *redis.Script, platform, userID string, role Role, unitCode string) (Grant, error) {
	if err := checkIdentity(platform, userID); err != nil {
		return Grant{}, err
	}
	switch role {
	case RoleHead, RoleStaff, RoleAdmin:
	case RoleMember:
		return Grant{}, errors.New("member is everyone's default role, not a grant")
	default:
		return Grant{}, fmt.Errorf("unknown role %q", role)
	}
	unit := NormalizeUnitCode(unitCode)
	if role != RoleAdmin && unit == "" {
		return Grant{}, fmt.Errorf("role %s needs a unit", role)
	}
	id := idKey(platform, userID)
	keys := append(s.dirBaseKeys(), s.keyRoles(id))
	if role != RoleAdmin {
		keys = append(keys, s.dirUnitKeys(unit)...)
	}
	res, err := s.runDirScript(ctx, script, keys, s.dirPrefix, id, string(role), unit).Slice()
	if err != nil {
		return Grant{}, err
	}
	if res[0] != "ok" {
		return Grant{}, fmt.Errorf("unit %s: %w", unit, ErrUnitUnknown)
	}
	live, _ := res[1].(string)
	changed, _ := res[2].(int64)
	if script == scriptRevoke && changed == 0 {
		return Grant{}, ErrGrantUnknown
	}
	return Grant{Role: role, Unit: live}, nil
}

// Roles lists the grants a person holds in Redis, admin first, then by
// unit. Admins named in LOA_ADMINS are configuration, not listed here.
func (s *Store) Roles(ctx context.Context, platform, userID string) ([]Grant, error) {
	raw, err := s.rdb.SMembers(ctx, s.keyRoles(idKey(platform, userID))).Result()
	if err != nil {
		return nil, fmt.Errorf("roles: %w", err)
	}
	out := make([]Grant, 0, len(raw))
	for _, g := range raw {
		role, unit, _ := strings.Cut(g, ":")
		out = append(out, Grant{Role: Role(role), Unit: unit})
	}
	slices.SortFunc(out, func(a, b Grant) int {
		if (a.Role == RoleAdmin) != (b.Role == RoleAdmin) {
			if a.Role == RoleAdmin {
				return -1
			}
			return 1
		}
		if c := strings.Compare(a.Unit, b.Unit); c != 0 {
			return c
		}
		return strings.Compare(string(a.Role), string(b.Role))
	})
	return out, nil
}

// UnitGrant is a role held on a unit, with who holds it.
type UnitGrant struct {
	Identity
	Role Role
}

// GrantsOnUnit lists who holds a role on exactly this unit (the head of a
// branch, the staff of a commune), for reports and `units show`.
func (s *Store) GrantsOnUnit(ctx context.Context, code string) ([]UnitGrant, error) {
	live, err := s.resolveUnit(ctx, code)
	if err != nil {
		return nil, fmt.Errorf("grants on %s: %w", NormalizeUnitCode(code), err)
	}
	raw, err := s.rdb.SMembers(ctx, s.keyUnitGrants(live)).Result()
	if err != nil {
		return nil, fmt.Errorf("grants on %s: %w", live, err)
	}
	slices.Sort(raw)
	out := make([]UnitGrant, 0, len(raw))
	for _, g := range raw {
		role, id, _ := strings.Cut(g, "|")
		platform, userID, _ := strings.Cut(id, ":")
		out = append(out, UnitGrant{Identity: Identity{Platform: platform, UserID: userID}, Role: Role(role)})
	}
	return out, nil
}

// knownPlatforms are the platforms LOA_ADMINS may name; they match the
// platform names in package handlers.
var knownPlatforms = []string{"telegram", "zalo", "zalooa", "web"}

// ParseAdmins reads LOA_ADMINS: comma-separated platform:userID pairs, such
// as "telegram:12345,zalo:8401234567890". Spaces around entries are ignored;
// an empty string means no admins.
func ParseAdmins(s string) ([]Identity, error) {
	var out []Identity
	var errs []error
	for part := range strings.SplitSeq(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		platform, userID, ok := strings.Cut(part, ":")
		platform, userID = strings.ToLower(strings.TrimSpace(platform)), strings.TrimSpace(userID)
		switch {
		case !ok:
			errs = append(errs, fmt.Errorf("%q: want platform:userID, such as telegram:12345", part))
		case !slices.Contains(knownPlatforms, platform):
			errs = append(errs, fmt.Errorf("%q: unknown platform %q (%s)", part, platform, strings.Join(knownPlatforms, ", ")))
		default:
			if err := checkIdentity(platform, userID); err != nil {
				errs = append(errs, fmt.Errorf("%q: %w", part, err))
				continue
			}
			id := Identity{Platform: platform, UserID: userID}
			if !slices.Contains(out, id) {
				out = append(out, id)
			}
		}
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("LOA_ADMINS: %w", errors.Join(errs...))
	}
	return out, nil
}
