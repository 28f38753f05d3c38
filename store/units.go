package store

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"iter"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/redis/go-redis/v9"
	"golang.org/x/text/unicode/norm"
	"gopkg.in/yaml.v3"
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

// UnitError is one problem in a unit file, located by file and line (Line
// is 0 for units that did not come from a file).
type UnitError struct {
	File string
	Line int
	Code string // the unit concerned, when known
	Msg  string
}

func (e *UnitError) Error() string {
	var loc string
	switch {
	case e.Line > 0 && e.File != "":
		loc = fmt.Sprintf("%s:%d: ", e.File, e.Line)
	case e.Line > 0:
		loc = fmt.Sprintf("line %d: ", e.Line)
	case e.File != "":
		loc = e.File + ": "
	}
	if e.Code != "" && e.Line == 0 {
		loc += "unit " + e.Code + ": "
	}
	return loc + e.Msg
}

// UnitErrors collects every problem found in a unit file, so an operator can
// fix them all at once. Error() gives one problem per line.
type UnitErrors []*UnitError

func (es UnitErrors) Error() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// unitRow is a parsed unit with the line it came from.
type unitRow struct {
	Unit
	line int
}

// ParseUnitsCSV reads a unit file with the header code,name,parent,kind and
// an optional fifth column merged_into. Lines starting with # are comments
// (name the data's source there). It validates the whole tree and returns
// every problem as UnitErrors, each with name:line.
func ParseUnitsCSV(r io.Reader, name string) ([]Unit, error) {
	data, err := readUnitFile(r, name)
	if err != nil {
		return nil, err
	}
	if errs := checkUTF8Lines(data, name); len(errs) > 0 {
		return nil, errs
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")) // spreadsheet BOM
	cr := csv.NewReader(bytes.NewReader(data))
	cr.Comment = '#'
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err == io.EOF {
		return nil, UnitErrors{{File: name, Line: 1, Msg: "empty file: expected the header code,name,parent,kind"}}
	}
	if err != nil {
		return nil, UnitErrors{csvError(err, name)}
	}
	hline, _ := cr.FieldPos(0)
	for i := range header {
		header[i] = strings.ToLower(strings.TrimSpace(header[i]))
	}
	want := []string{"code", "name", "parent", "kind"}
	if !slices.Equal(header, want) && !slices.Equal(header, append(want, "merged_into")) {
		return nil, UnitErrors{{File: name, Line: hline, Msg: fmt.Sprintf(
			"header is %q, want code,name,parent,kind (optionally ,merged_into)", strings.Join(header, ","))}}
	}
	var rows []unitRow
	var errs UnitErrors
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			errs = append(errs, csvError(err, name))
			break
		}
		line, _ := cr.FieldPos(0)
		if len(rec) != len(header) {
			errs = append(errs, &UnitError{File: name, Line: line, Msg: fmt.Sprintf(
				"%d columns, want %d (%s)", len(rec), len(header), strings.Join(header, ","))})
			continue
		}
		u := Unit{Code: rec[0], Name: rec[1], Parent: rec[2], Kind: rec[3]}
		if len(rec) == 5 {
			u.MergedInto = rec[4]
		}
		rows = append(rows, unitRow{Unit: u, line: line})
		if len(rows) > maxUnitRows {
			return nil, append(errs, &UnitError{File: name, Line: line, Msg: fmt.Sprintf("more than %d units", maxUnitRows)})
		}
	}
	return finishUnits(rows, name, errs)
}

// ParseUnitsYAML reads the same fields from YAML: a list of mappings with
// the keys code, name, parent, kind and optionally merged_into, for example
// "[{code: DN, name: Tỉnh Đồng Nai, kind: province}, {code: DN-TB, name:
// Phường Trấn Biên, parent: DN, kind: ward}]" or the same in block style.
func ParseUnitsYAML(r io.Reader, name string) ([]Unit, error) {
	data, err := readUnitFile(r, name)
	if err != nil {
		return nil, err
	}
	if errs := checkUTF8Lines(data, name); len(errs) > 0 {
		return nil, errs
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, UnitErrors{{File: name, Msg: strings.TrimPrefix(err.Error(), "yaml: ")}}
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return nil, UnitErrors{{File: name, Line: 1, Msg: "empty file: expected a list of units"}}
	}
	list := doc.Content[0]
	if list.Kind != yaml.SequenceNode {
		return nil, UnitErrors{{File: name, Line: list.Line, Msg: "expected a list of units (- code: …)"}}
	}
	if len(list.Content) > maxUnitRows {
		return nil, UnitErrors{{File: name, Line: list.Line, Msg: fmt.Sprintf("more than %d units", maxUnitRows)}}
	}
	var rows []unitRow
	var errs UnitErrors
	for _, item := range list.Content {
		if item.Kind != yaml.MappingNode {
			errs = append(errs, &UnitError{File: name, Line: item.Line, Msg: "expected a mapping with code, name, parent, kind"})
			continue
		}
		var u Unit
		ok := true
		for i := 0; i+1 < len(item.Content); i += 2 {
			k, v := item.Content[i], item.Content[i+1]
			if v.Kind != yaml.ScalarNode {
				errs = append(errs, &UnitError{File: name, Line: v.Line, Msg: fmt.Sprintf("%s must be a single value", k.Value)})
				ok = false
				continue
			}
			val := v.Value
			if v.Tag == "!!null" {
				val = ""
			}
			switch k.Value {
			case "code":
				u.Code = val
			case "name":
				u.Name = val
			case "parent":
				u.Parent = val
			case "kind":
				u.Kind = val
			case "merged_into":
				u.MergedInto = val
			default:
				errs = append(errs, &UnitError{File: name, Line: k.Line, Msg: fmt.Sprintf(
					"unknown field %q (want code, name, parent, kind, merged_into)", k.Value)})
				ok = false
			}
		}
		if ok {
			rows = append(rows, unitRow{Unit: u, line: item.Line})
		}
	}
	return finishUnits(rows, name, errs)
}

func readUnitFile(r io.Reader, name string) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxUnitBytes+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	if len(data) > maxUnitBytes {
		return nil, UnitErrors{{File: name, Msg: fmt.Sprintf("file larger than %d MB", maxUnitBytes>>20)}}
	}
	return data, nil
}

// checkUTF8Lines reports every line that is not valid UTF-8: the parsers
// below would otherwise report a confusing error or none at all.
func checkUTF8Lines(data []byte, name string) UnitErrors {
	if utf8.Valid(data) {
		return nil
	}
	var errs UnitErrors
	for i, line := range bytes.Split(data, []byte("\n")) {
		if !utf8.Valid(line) {
			errs = append(errs, &UnitError{File: name, Line: i + 1, Msg: "invalid UTF-8 (save the file as UTF-8)"})
		}
	}
	return errs
}

func csvError(err error, name string) *UnitError {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &UnitError{File: name, Line: pe.Line, Msg: pe.Err.Error()}
	}
	return &UnitError{File: name, Msg: err.Error()}
}

func finishUnits(rows []unitRow, name string, errs UnitErrors) ([]Unit, error) {
	errs = append(errs, validateUnitRows(rows, name)...)
	if len(errs) > 0 {
		return nil, errs
	}
	units := make([]Unit, len(rows))
	for i, r := range rows {
		units[i] = r.Unit
	}
	return units, nil
}

// normalizeUnit cleans the fields in place the way people mean them.
func normalizeUnit(u *Unit) {
	u.Code = NormalizeUnitCode(u.Code)
	u.Parent = NormalizeUnitCode(u.Parent)
	u.MergedInto = NormalizeUnitCode(u.MergedInto)
	u.Kind = strings.ToLower(strings.TrimSpace(u.Kind))
	u.Name = norm.NFC.String(strings.TrimSpace(u.Name))
}

// validateUnitRows normalises the rows in place and checks each field and
// the tree as a whole. It returns every problem found.
func validateUnitRows(rows []unitRow, file string) UnitErrors {
	var errs UnitErrors
	bad := func(r unitRow, format string, args ...any) {
		errs = append(errs, &UnitError{File: file, Line: r.line, Code: r.Code, Msg: fmt.Sprintf(format, args...)})
	}
	if len(rows) == 0 {
		return UnitErrors{{File: file, Msg: "no units: the tree needs at least its root"}}
	}
	for i := range rows {
		r := &rows[i]
		for _, f := range []*string{&r.Code, &r.Name, &r.Parent, &r.Kind, &r.MergedInto} {
			if !utf8.ValidString(*f) {
				bad(*r, "invalid UTF-8")
				*f = strings.ToValidUTF8(*f, "\uFFFD")
			}
		}
		normalizeUnit(&r.Unit)
		if msg := checkCode(r.Code); msg != "" {
			bad(*r, "code %s", msg)
		}
		if r.MergedInto != "" {
			if msg := checkCode(r.MergedInto); msg != "" {
				bad(*r, "merged_into %s", msg)
			}
			if r.Name != "" {
				if msg := checkUnitName(r.Name); msg != "" {
					bad(*r, "name %s", msg)
				}
			}
			continue
		}
		if msg := checkUnitName(r.Name); msg != "" {
			bad(*r, "name %s", msg)
		}
		if r.Parent != "" {
			if msg := checkCode(r.Parent); msg != "" {
				bad(*r, "parent %s", msg)
			}
		}
		if !unitKindRe.MatchString(r.Kind) {
			if r.Kind == "" {
				bad(*r, "kind is empty (province, commune, ward, branch …)")
			} else {
				bad(*r, "kind %q: use lower-case ASCII letters, digits and _ (province, commune, ward, branch …)", r.Kind)
			}
		}
	}

	// Duplicates, merge targets, parents.
	first := map[string]unitRow{}
	for _, r := range rows {
		if r.Code == "" {
			continue
		}
		if f, dup := first[r.Code]; dup {
			bad(r, "duplicate code %s (first at line %d)", r.Code, f.line)
			continue
		}
		first[r.Code] = r
	}
	merged := map[string]string{} // merged code -> live target
	for _, r := range rows {
		if r.MergedInto == "" || r.Code == "" {
			continue
		}
		t, ok := first[r.MergedInto]
		switch {
		case r.MergedInto == r.Code:
			bad(r, "merged_into names the unit itself")
		case !ok:
			bad(r, "merged_into %s: no such unit in this file", r.MergedInto)
		case t.MergedInto != "":
			bad(r, "merged_into %s: that unit is itself merged into %s; name %s directly", r.MergedInto, t.MergedInto, t.MergedInto)
		default:
			merged[r.Code] = r.MergedInto
		}
	}
	for i := range rows {
		r := &rows[i]
		if r.MergedInto != "" || r.Parent == "" {
			continue
		}
		if t, ok := merged[r.Parent]; ok {
			// The parent was merged: its children follow it.
			r.Parent = t
			continue
		}
		p, ok := first[r.Parent]
		switch {
		case !ok:
			bad(*r, "parent %s: no such unit in this file", r.Parent)
		case p.MergedInto != "":
			// Reported on the merge row already.
		}
	}

	// Cycles: walk up from every unit; colour 1 = on the current path, 2 = done.
	parent := map[string]string{}
	for _, r := range rows {
		if r.MergedInto == "" && r.Code != "" {
			parent[r.Code] = r.Parent
		}
	}
	colour := map[string]int{}
	for _, r := range rows {
		if r.MergedInto != "" || colour[r.Code] != 0 {
			continue
		}
		var path []string
		c := r.Code
		for c != "" && colour[c] == 0 {
			if _, ok := parent[c]; !ok {
				break
			}
			colour[c] = 1
			path = append(path, c)
			c = parent[c]
		}
		if c != "" && colour[c] == 1 {
			start := slices.Index(path, c)
			cycle := append(slices.Clone(path[start:]), c)
			bad(first[c], "units form a cycle: %s", strings.Join(cycle, " → "))
		}
		for _, p := range path {
			colour[p] = 2
		}
	}
	return errs
}

func checkCode(c string) string {
	switch {
	case c == "":
		return "is empty"
	case len(c) > maxUnitCode:
		return fmt.Sprintf("is longer than %d characters", maxUnitCode)
	case !unitCodeRe.MatchString(c):
		return fmt.Sprintf("%q: use ASCII letters, digits, '.', '_' and '-'", c)
	}
	return ""
}

func checkUnitName(n string) string {
	if n == "" {
		return "is empty"
	}
	if k := utf8.RuneCountInString(n); k > MaxUnitName {
		return fmt.Sprintf("has %d characters, at most %d", k, MaxUnitName)
	}
	for _, r := range n {
		if unicode.IsControl(r) || isBidiControl(r) {
			return fmt.Sprintf("contains a control character (%U)", r)
		}
	}
	return ""
}

// isBidiControl reports the invisible direction overrides that can make a
// name display as something else.
func isBidiControl(r rune) bool {
	return (r >= 0x202A && r <= 0x202E) || (r >= 0x2066 && r <= 0x2069) || r == 0x200E || r == 0x200F
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
