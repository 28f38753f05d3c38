package admin

import (
	"encoding/csv"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"
	"unicode/utf8"

	"loa/store"
	"loa/vntime"
)

// questionsExport prints every stored member question (open and closed),
// oldest first, for content editors: what members ask, what staff
// answered, and which answers already became knowledge. It leaves out who
// asked (name and platform id) and who answered: editors need the words.
func (c *cli) questionsExport(args []string) int {
	fs := c.newFlags("questions export", "questions export [--csv] [--unit CODE]",
		"Print the questions members sent to a person (open, answered, skipped, expired), oldest\n"+
			"first, with the answers, so content editors see what to add to the knowledge base.\n"+
			"Phone and ID numbers were masked when the questions were stored; who asked is left out.\n"+
			"Times are in Vietnam time.")
	asCSV := fs.Bool("csv", false, "print CSV (for a spreadsheet) instead of a table")
	unit := fs.String("unit", "", "only questions of this unit and the units below it")
	if status, ok := c.parseFlagsOnly(fs, args); !ok {
		return status
	}
	var in map[string]bool
	if *unit != "" {
		in = map[string]bool{}
		for u, err := range c.st.Subtree(c.ctx, *unit) {
			if err != nil {
				return c.fail(fs, explain(err))
			}
			in[u.Code] = true
		}
	}
	header := []string{"id", "state", "reason", "unit", "platform", "opened", "closed", "question", "answer", "in_knowledge_base"}
	when := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.In(vntime.Zone).Format("2006-01-02 15:04")
	}
	row := func(q store.Question) []string {
		return []string{q.ID, string(q.State), string(q.Reason), q.Unit, q.Asker.Platform, when(q.Opened), when(q.Closed),
			q.Text, q.Answer, yesNo(!q.KnowledgeAt.IsZero())}
	}
	var w *csv.Writer
	var tw *tabwriter.Writer
	if *asCSV {
		w = csv.NewWriter(c.out)
		w.Write(header)
	} else {
		tw = tabwriter.NewWriter(c.out, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, strings.ToUpper(strings.Join(header[:7], "\t"))+"\tQUESTION")
	}
	n := 0
	for q, err := range c.st.AllQuestions(c.ctx) {
		if err != nil {
			return c.fail(fs, err)
		}
		if in != nil && !in[q.Unit] {
			continue
		}
		n++
		r := row(q)
		if w != nil {
			for i := range r {
				r[i] = spreadsheetSafe(r[i])
			}
			w.Write(r)
			continue
		}
		fmt.Fprintln(tw, strings.Join(r[:7], "\t")+"\t"+oneLine(q.Text, 60))
	}
	if w != nil {
		w.Flush()
		if err := w.Error(); err != nil {
			return c.fail(fs, err)
		}
		return exitOK
	}
	tw.Flush()
	fmt.Fprintf(c.out, "%d questions\n", n)
	return exitOK
}

// oneLine fits text on one table line.
func oneLine(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) > n {
		s = string([]rune(s)[:n-1]) + "…"
	}
	return s
}
