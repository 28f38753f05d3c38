package store

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/redis/go-redis/v9"
)

// Unit is one node of the union's tree: the province, a commune or ward, a
// branch (chi hội), or any level a future reform adds. The tree has any depth.
type Unit struct {
	Code   string // stable identifier, upper-case ASCII (NormalizeUnitCode)
	Name   string // shown to people; may contain anything printable, escape it when shown
	Parent string // code of the parent unit, "" for a root
	Kind   string // province, commune, ward, branch … (lower-case ASCII, free vocabulary)
	// MergedInto, when set in an imported file, makes the row a merge order
	// rather than a unit: the unit Code no longer exists and its members,
	// child units, invites, grants and counts move to the unit MergedInto.
	// Name, Parent and Kind of such a row are ignored.
	MergedInto string
}

// Limits of unit files.
const (
	MaxUnitName  = 200 // runes
	maxUnitCode  = 64
	maxUnitRows  = 100_000
	maxUnitBytes = 32 << 20
)

var (
	unitCodeRe = regexp.MustCompile(`^[A-Z0-9][A-Z0-9._-]*$`)
	unitKindRe = regexp.MustCompile(`^[a-z][a-z0-9_]{0,31}$`)
)

// ErrUnitUnknown is returned for a unit code that is neither a live unit nor
// a merged one.
var ErrUnitUnknown = errors.New("unknown unit")

// NormalizeUnitCode makes unit codes case-insensitive for people who type
// them: surrounding space is dropped and letters are upper-cased.
func NormalizeUnitCode(code string) string { return strings.ToUpper(strings.TrimSpace(code)) }

// UnitCodes returns the codes of units, in order; handy to turn Ancestors
// into the path an authorization check takes.
func UnitCodes(units []Unit) []string {
	out := make([]string, len(units))
	for i, u := range units {
		out[i] = u.Code
	}
	return out
}

// ImportResult says what an import changed.
type ImportResult struct {
	Added, Changed, Unchanged int
	Merged, Removed           int // units merged into others, units dropped
	MembersMoved              int // members who followed a merged unit
}

// ImportUnits replaces the whole unit tree with units, atomically (one Lua
// script over the {dir} slot): readers see the old tree or the new one.
// A unit whose row is gone is removed with its invites and role grants; if
// it still has members the import is refused and nothing changes (give it a
// merged_into row instead). A row with MergedInto moves that unit's members,
// invites, grants and counts to the target and remembers the old code as an
// alias; children that still name the merged unit as parent move to the
// target. Renaming or moving a unit is re-importing it with new fields.
func (s *Store) ImportUnits(ctx context.Context, units []Unit) (ImportResult, error) {
	args, keys, err := s.importCall(units)
	if err != nil {
		return ImportResult{}, fmt.Errorf("import units: %w", err)
	}
	res, err := s.runDeclared(ctx, scriptImportUnits, func() ([]string, error) { return keys(ctx) }, args...).Slice()
	if err != nil {
		return ImportResult{}, fmt.Errorf("import units: %w", err)
	}
	if len(res) > 0 && res[0] == "refused" {
		var errs UnitErrors
		for i := 1; i+1 < len(res); i += 2 {
			code, _ := res[i].(string)
			n, _ := res[i+1].(int64)
			errs = append(errs, &UnitError{Code: code, Msg: fmt.Sprintf(
				"is missing from the new file but has %d registered members; keep it, or add a row with merged_into naming where they go", n)})
		}
		return ImportResult{}, fmt.Errorf("import units: %w", errs)
	}
	if len(res) != 7 {
		return ImportResult{}, fmt.Errorf("import units: unexpected script reply %v", res)
	}
	n := func(i int) int { v, _ := res[i].(int64); return int(v) }
	return ImportResult{Added: n(1), Changed: n(2), Unchanged: n(3), Merged: n(4), Removed: n(5), MembersMoved: n(6)}, nil
}

// resolveUnit returns the live code for code, following a merge alias.
func (s *Store) resolveUnit(ctx context.Context, code string) (string, error) {
	code = NormalizeUnitCode(code)
	if code == "" {
		return "", ErrUnitUnknown
	}
	ok, err := s.rdb.SIsMember(ctx, s.keyUnits(), code).Result()
	if err != nil {
		return "", err
	}
	if ok {
		return code, nil
	}
	t, err := s.rdb.HGet(ctx, s.keyUnitAliases(), code).Result()
	if err == redis.Nil {
		return "", ErrUnitUnknown
	}
	if err != nil {
		return "", err
	}
	return t, nil
}

// Unit returns one unit. A code that was merged leads to the unit it was
// merged into (compare the returned Code to notice). Unknown codes give
// ErrUnitUnknown.
func (s *Store) Unit(ctx context.Context, code string) (Unit, error) {
	live, err := s.resolveUnit(ctx, code)
	if err != nil {
		return Unit{}, fmt.Errorf("unit %s: %w", NormalizeUnitCode(code), err)
	}
	u, err := s.unitByCode(ctx, live)
	if err != nil {
		return Unit{}, fmt.Errorf("unit %s: %w", live, err)
	}
	return u, nil
}

func (s *Store) unitByCode(ctx context.Context, code string) (Unit, error) {
	h, err := s.rdb.HGetAll(ctx, s.keyUnit(code)).Result()
	if err != nil {
		return Unit{}, err
	}
	if len(h) == 0 {
		return Unit{}, ErrUnitUnknown
	}
	return unitFromHash(code, h), nil
}

func unitFromHash(code string, h map[string]string) Unit {
	return Unit{Code: code, Name: h["name"], Parent: h["parent"], Kind: h["kind"]}
}

// units fetches many units in one round trip, in the order of codes,
// skipping codes that vanished meanwhile.
func (s *Store) units(ctx context.Context, codes []string) ([]Unit, error) {
	if len(codes) == 0 {
		return nil, nil
	}
	pipe := s.rdb.Pipeline()
	cmds := make([]*redis.MapStringStringCmd, len(codes))
	for i, c := range codes {
		cmds[i] = pipe.HGetAll(ctx, s.keyUnit(c))
	}
	if _, err := pipe.Exec(ctx); err != nil {
		return nil, err
	}
	out := make([]Unit, 0, len(codes))
	for i, cmd := range cmds {
		if h := cmd.Val(); len(h) > 0 {
			out = append(out, unitFromHash(codes[i], h))
		}
	}
	return out, nil
}

// Roots returns the units without a parent, by code.
func (s *Store) Roots(ctx context.Context) ([]Unit, error) {
	codes, err := s.rdb.SMembers(ctx, s.keyUnitRoots()).Result()
	if err != nil {
		return nil, fmt.Errorf("root units: %w", err)
	}
	slices.Sort(codes)
	us, err := s.units(ctx, codes)
	if err != nil {
		return nil, fmt.Errorf("root units: %w", err)
	}
	return us, nil
}

// Children returns the direct children of a unit, by code.
func (s *Store) Children(ctx context.Context, code string) ([]Unit, error) {
	live, err := s.resolveUnit(ctx, code)
	if err != nil {
		return nil, fmt.Errorf("children of %s: %w", NormalizeUnitCode(code), err)
	}
	codes, err := s.rdb.SMembers(ctx, s.keyUnitChildren(live)).Result()
	if err != nil {
		return nil, fmt.Errorf("children of %s: %w", live, err)
	}
	slices.Sort(codes)
	us, err := s.units(ctx, codes)
	if err != nil {
		return nil, fmt.Errorf("children of %s: %w", live, err)
	}
	return us, nil
}

// maxDepth guards walks up the tree against a corrupted parent chain.
const maxDepth = 64

// Ancestors returns the path from the unit's parent up to the root (the
// unit itself excluded): what an authorization check needs to decide
// whether a unit lies inside someone's scope.
func (s *Store) Ancestors(ctx context.Context, code string) ([]Unit, error) {
	u, err := s.Unit(ctx, code)
	if err != nil {
		return nil, fmt.Errorf("ancestors: %w", err)
	}
	var out []Unit
	for p := u.Parent; p != ""; p = out[len(out)-1].Parent {
		if len(out) == maxDepth {
			return nil, fmt.Errorf("ancestors of %s: deeper than %d levels", u.Code, maxDepth)
		}
		pu, err := s.unitByCode(ctx, p)
		if err != nil {
			return nil, fmt.Errorf("ancestors of %s: parent %s: %w", u.Code, p, err)
		}
		out = append(out, pu)
	}
	return out, nil
}

// IsWithin reports whether code is ancestor or lies below it.
func (s *Store) IsWithin(ctx context.Context, code, ancestor string) (bool, error) {
	u, err := s.Unit(ctx, code)
	if err != nil {
		return false, err
	}
	a, err := s.resolveUnit(ctx, ancestor)
	if err != nil {
		return false, fmt.Errorf("unit %s: %w", NormalizeUnitCode(ancestor), err)
	}
	if u.Code == a {
		return true, nil
	}
	anc, err := s.Ancestors(ctx, u.Code)
	if err != nil {
		return false, err
	}
	return slices.Contains(UnitCodes(anc), a), nil
}

// Subtree streams the unit and everything below it, level by level (each
// level fetched in two round trips), children in code order. It stops at the
// first error, which it yields.
func (s *Store) Subtree(ctx context.Context, code string) iter.Seq2[Unit, error] {
	return func(yield func(Unit, error) bool) {
		top, err := s.Unit(ctx, code)
		if err != nil {
			yield(Unit{}, fmt.Errorf("subtree: %w", err))
			return
		}
		if !yield(top, nil) {
			return
		}
		level := []string{top.Code}
		seen := map[string]bool{top.Code: true}
		for depth := 0; len(level) > 0; depth++ {
			if depth == maxDepth {
				yield(Unit{}, fmt.Errorf("subtree of %s: deeper than %d levels", top.Code, maxDepth))
				return
			}
			pipe := s.rdb.Pipeline()
			cmds := make([]*redis.StringSliceCmd, len(level))
			for i, c := range level {
				cmds[i] = pipe.SMembers(ctx, s.keyUnitChildren(c))
			}
			if _, err := pipe.Exec(ctx); err != nil {
				yield(Unit{}, fmt.Errorf("subtree of %s: %w", top.Code, err))
				return
			}
			var next []string
			for _, cmd := range cmds {
				kids := cmd.Val()
				slices.Sort(kids)
				for _, k := range kids {
					if !seen[k] {
						seen[k] = true
						next = append(next, k)
					}
				}
			}
			us, err := s.units(ctx, next)
			if err != nil {
				yield(Unit{}, fmt.Errorf("subtree of %s: %w", top.Code, err))
				return
			}
			for _, u := range us {
				if !yield(u, nil) {
					return
				}
			}
			level = next
		}
	}
}

// UnitAliases returns the merged codes and the live unit each now leads to.
func (s *Store) UnitAliases(ctx context.Context) (map[string]string, error) {
	m, err := s.rdb.HGetAll(ctx, s.keyUnitAliases()).Result()
	if err != nil {
		return nil, fmt.Errorf("unit aliases: %w", err)
	}
	return m, nil
}

// atoi64 reads a Redis integer field, treating a missing one as 0.
func atoi64(s string) int64 {
	n, _ := strconv.ParseInt(s, 10, 64)
	return n
}

// importCall prepares scriptImportUnits for a checked tree: its arguments,
// and keys, which reads what names its keys (importKeys).
func (s *Store) importCall(units []Unit) (args []any, keys func(context.Context) ([]string, error), err error) {
	rows := make([]unitRow, len(units))
	for i, u := range units {
		rows[i] = unitRow{Unit: u}
	}
	if errs := validateUnitRows(rows, ""); len(errs) > 0 {
		return nil, nil, errs
	}
	var live, merges []any
	nLive, nMerge := 0, 0
	isLive := map[string]bool{}
	var codes []string
	for _, r := range rows {
		codes = append(codes, r.Code, r.Parent, r.MergedInto)
		if r.MergedInto != "" {
			merges = append(merges, r.Code, r.MergedInto)
			nMerge++
			continue
		}
		isLive[r.Code] = true
		live = append(live, r.Code, r.Name, r.Parent, r.Kind)
		nLive++
	}
	args = make([]any, 0, 3+len(live)+len(merges))
	args = append(args, s.dirPrefix, nLive)
	args = append(args, live...)
	args = append(args, nMerge)
	args = append(args, merges...)
	return args, func(ctx context.Context) ([]string, error) { return s.importKeys(ctx, isLive, codes) }, nil
}
