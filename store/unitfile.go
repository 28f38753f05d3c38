package store

// Reading a unit tree file (CSV or YAML) and checking it, with file and
// line in every error, before ImportUnits writes anything.

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
	"gopkg.in/yaml.v3"
)

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
