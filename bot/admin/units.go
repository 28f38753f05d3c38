package admin

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"loa/content"
	"loa/store"
)

func (c *cli) unitsImport(args []string) int {
	fs := c.newFlags("units import", "units import FILE | --sample [--check]",
		"Replace the unit tree with the units in FILE: CSV with the header\n"+
			"code,name,parent,kind[,merged_into] (lines starting with # are comments), or YAML\n"+
			"(.yaml/.yml: a list of mappings with the same keys). The root has an empty parent.\n"+
			"A unit left out of the file is removed; it must then have no members. To merge a\n"+
			"unit into another, keep a row for it with merged_into naming the target: its\n"+
			"members, child units, invites and roles move there. FILE - reads CSV from stdin.")
	sample := fs.Bool("sample", false, "load the sample tree shipped with the bot instead of FILE")
	check := fs.Bool("check", false, "only validate the file; change nothing")
	pos, status, ok := c.parse(fs, args)
	if !ok {
		return status
	}
	var data []byte
	var name string
	switch {
	case *sample && len(pos) == 0:
		data, name = content.SampleUnits()
	case *sample:
		return c.usageError(fs, "give FILE or --sample, not both")
	case len(pos) != 1:
		return c.usageError(fs, "want exactly one FILE, got %d arguments", len(pos))
	case pos[0] == "-":
		b, err := io.ReadAll(os.Stdin)
		if err != nil {
			return c.fail(fs, err)
		}
		data, name = b, "stdin"
	default:
		b, err := os.ReadFile(pos[0])
		if err != nil {
			return c.fail(fs, err)
		}
		data, name = b, pos[0]
	}
	parse := store.ParseUnitsCSV
	switch strings.ToLower(filepath.Ext(name)) {
	case ".yaml", ".yml":
		parse = store.ParseUnitsYAML
	}
	units, err := parse(bytes.NewReader(data), name)
	if err != nil {
		fmt.Fprintf(c.err, "%s: %s is not valid:\n%v\n", fs.Name(), name, err)
		return exitFail
	}
	live := 0
	for _, u := range units {
		if u.MergedInto == "" {
			live++
		}
	}
	if *check {
		fmt.Fprintf(c.out, "%s is valid: %d units, %d merges\n", name, live, len(units)-live)
		return exitOK
	}
	res, err := c.st.ImportUnits(c.ctx, units)
	if err != nil {
		fmt.Fprintf(c.err, "%s: nothing changed:\n%v\n", fs.Name(), err)
		return exitFail
	}
	fmt.Fprintf(c.out, "imported %s: %d units (%d added, %d changed, %d unchanged), %d merged, %d removed, %d members moved\n",
		name, live, res.Added, res.Changed, res.Unchanged, res.Merged, res.Removed, res.MembersMoved)
	return exitOK
}

func (c *cli) unitsShow(args []string) int {
	fs := c.newFlags("units show", "units show [CODE]",
		"Print the unit tree, or the part under CODE, one unit a line, indented by depth:\n"+
			"code, name, kind and the members registered in the unit and below it.")
	pos, status, ok := c.parse(fs, args)
	if !ok {
		return status
	}
	var tops []store.Unit
	switch len(pos) {
	case 0:
		roots, err := c.st.Roots(c.ctx)
		if err != nil {
			return c.fail(fs, err)
		}
		if len(roots) == 0 {
			fmt.Fprintln(c.out, "no units yet: load them with `bot admin units import FILE` (or --sample)")
			return exitOK
		}
		tops = roots
	case 1:
		u, err := c.st.Unit(c.ctx, pos[0])
		if err != nil {
			return c.fail(fs, explain(err))
		}
		if asked := store.NormalizeUnitCode(pos[0]); u.Code != asked {
			fmt.Fprintf(c.out, "%s was merged into %s\n", asked, u.Code)
		}
		anc, err := c.st.Ancestors(c.ctx, u.Code)
		if err != nil {
			return c.fail(fs, err)
		}
		if len(anc) > 0 {
			path := make([]string, 0, len(anc))
			for i := len(anc) - 1; i >= 0; i-- {
				path = append(path, anc[i].Code)
			}
			fmt.Fprintf(c.out, "under %s\n", strings.Join(path, " > "))
		}
		tops = []store.Unit{u}
	default:
		return c.usageError(fs, "want at most one CODE, got %d", len(pos))
	}
	for _, top := range tops {
		if err := c.printTree(top.Code); err != nil {
			return c.fail(fs, err)
		}
	}
	return exitOK
}

// printTree prints a subtree with each unit's members counted below it.
func (c *cli) printTree(code string) error {
	var units []store.Unit
	for u, err := range c.st.Subtree(c.ctx, code) {
		if err != nil {
			return err
		}
		units = append(units, u)
	}
	total := map[string]int64{}
	for i := len(units) - 1; i >= 0; i-- { // children come after parents
		n, err := c.st.CountMembers(c.ctx, units[i].Code, false)
		if err != nil {
			return err
		}
		total[units[i].Code] += n.Registered
		total[units[i].Parent] += total[units[i].Code]
	}
	kids := map[string][]store.Unit{}
	for _, u := range units[1:] {
		kids[u.Parent] = append(kids[u.Parent], u)
	}
	var walk func(u store.Unit, depth int)
	walk = func(u store.Unit, depth int) {
		fmt.Fprintf(c.out, "%s%s  %s  [%s]  %d members\n", strings.Repeat("  ", depth), u.Code, u.Name, u.Kind, total[u.Code])
		for _, k := range kids[u.Code] {
			walk(k, depth+1)
		}
	}
	walk(units[0], 0)
	return nil
}
