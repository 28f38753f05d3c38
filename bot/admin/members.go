package admin

import (
	"cmp"
	"encoding/csv"
	"fmt"
	"slices"
	"strings"
	"text/tabwriter"

	"loa/store"
	"loa/vntime"
)

func (c *cli) membersList(args []string) int {
	fs := c.newFlags("members list", "members list --unit CODE [--csv]",
		"List the members registered in a unit and every unit below it (for a commune: all\n"+
			"its branches), sorted by unit and name. Consent times are in Vietnam time.")
	unit := fs.String("unit", "", "unit code (required)")
	asCSV := fs.Bool("csv", false, "print CSV (for a spreadsheet) instead of a table")
	if status, ok := c.parseFlagsOnly(fs, args); !ok {
		return status
	}
	if *unit == "" {
		return c.usageError(fs, "--unit is required")
	}
	var ms []store.Member
	for m, err := range c.st.MembersOfSubtree(c.ctx, *unit) {
		if err != nil {
			return c.fail(fs, explain(err))
		}
		ms = append(ms, m)
	}
	slices.SortFunc(ms, func(a, b store.Member) int {
		return cmp.Or(strings.Compare(a.Unit, b.Unit), strings.Compare(a.Name, b.Name),
			strings.Compare(a.Platform, b.Platform), strings.Compare(a.UserID, b.UserID))
	})
	header := []string{"unit", "platform", "user_id", "name", "consent", "active", "muted"}
	row := func(m store.Member) []string {
		return []string{m.Unit, m.Platform, m.UserID, m.Name, m.Consent.In(vntime.Zone).Format("2006-01-02 15:04"),
			yesNo(m.Active), yesNo(m.Muted)}
	}
	if *asCSV {
		w := csv.NewWriter(c.out)
		w.Write(header)
		for _, m := range ms {
			r := row(m)
			for i := range r {
				r[i] = spreadsheetSafe(r[i])
			}
			w.Write(r)
		}
		w.Flush()
		if err := w.Error(); err != nil {
			return c.fail(fs, err)
		}
		return exitOK
	}
	tw := tabwriter.NewWriter(c.out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, strings.ToUpper(strings.Join(header, "\t")))
	for _, m := range ms {
		fmt.Fprintln(tw, strings.Join(row(m), "\t"))
	}
	tw.Flush()
	fmt.Fprintf(c.out, "%d members\n", len(ms))
	return exitOK
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// spreadsheetSafe stops a display name such as "=HYPERLINK(…)" from running
// as a formula when the CSV is opened in a spreadsheet.
func spreadsheetSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
