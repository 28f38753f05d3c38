package content_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"loa/content"
	"loa/internal/testkit"
)

// labelled is one question of content/testdata/accuracy: want is an entry id,
// a list of two entry ids (a message that asks two things), "emergency" or
// "none" (out of scope: the bot must fall back).
type labelled struct {
	Q    string    `yaml:"q"`
	Want yaml.Node `yaml:"want"`
	file string
}

func (l labelled) wants() []string {
	if l.Want.Kind == yaml.SequenceNode {
		var out []string
		for _, n := range l.Want.Content {
			out = append(out, n.Value)
		}
		return out
	}
	return []string{l.Want.Value}
}

// hotline matches the numbers of content-facts.md §18.
var hotline = regexp.MustCompile(`\b(113|114|115|112|111)\b|1900[ .]?969[ .]?680|1900[ .]?0368`)

func readLabelled(t testing.TB) []labelled {
	t.Helper()
	files, err := filepath.Glob("testdata/accuracy/*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no accuracy data: %v", err)
	}
	var all []labelled
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var qs []labelled
		if err := yaml.Unmarshal(data, &qs); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		for i := range qs {
			qs[i].file = strings.TrimSuffix(filepath.Base(f), ".yaml")
		}
		all = append(all, qs...)
	}
	return all
}

// TestAccuracy asks every labelled question and fails when top-1 accuracy is
// below 90%, when an emergency is not answered with a hotline, or when an
// out-of-scope question gets an entry.
func TestAccuracy(t *testing.T) {
	t.Parallel()
	lib := testkit.EmbeddedLibrary(t)
	kb := lib.KB()
	phrasings := map[string]string{}
	for _, e := range kb.Entries() {
		for _, q := range e.Questions {
			phrasings[content.Normalize(q)] = e.ID
		}
	}
	type tally struct{ n, ok int }
	byFile := map[string]*tally{}
	var total tally
	var misses []string
	extra := 0     // one-question messages answered with two entries
	clarified := 0 // answered by asking back with the right entry among the choices
	for _, l := range readLabelled(t) {
		wants := l.wants()
		if id, copied := phrasings[content.Normalize(l.Q)]; copied {
			t.Errorf("%s: %q is a copy of a phrasing of entry %s", l.file, l.Q, id)
		}
		ans := kb.Ask(l.Q)
		var got []string
		for _, e := range ans.Entries {
			got = append(got, e.ID)
		}
		ok := false
		switch {
		case len(wants) == 1 && wants[0] == "emergency":
			ok = ans.Emergency != nil && hotline.MatchString(ans.Emergency.Answer) ||
				ans.Caution != nil && hotline.MatchString(ans.Caution.Caution)
			if !ok {
				t.Errorf("%s: emergency %q got no emergency answer with a hotline (entries %v)", l.file, l.Q, got)
			}
			if ans.Emergency != nil {
				got = []string{"emergency:" + ans.Emergency.ID}
			}
		case len(wants) == 1 && wants[0] == "none":
			ok = len(ans.Entries) == 0 && ans.Emergency == nil && len(ans.Clarify) == 0
			if len(ans.Entries) > 0 || len(ans.Clarify) > 0 {
				t.Errorf("%s: out-of-scope %q got entries %v (score %.2f)", l.file, l.Q, got, ans.Score)
			}
		default:
			for _, w := range wants {
				if kb.Entry(w) == nil {
					t.Errorf("%s: %q wants unknown entry %q", l.file, l.Q, w)
				}
			}
			if len(wants) == 1 {
				ok = len(got) > 0 && got[0] == wants[0]
				// A choice that offers the right entry is a tap away from it.
				for _, e := range ans.Clarify {
					if e.ID == wants[0] {
						ok = true
						clarified++
					}
				}
				if len(got) > 1 {
					extra++
					if testing.Verbose() {
						t.Logf("second entry: %q → %v", l.Q, got)
					}
				}
			} else {
				ok = len(got) == len(wants)
				for _, w := range wants {
					ok = ok && strings.Contains(" "+strings.Join(got, " ")+" ", " "+w+" ")
				}
			}
		}
		tl := byFile[l.file]
		if tl == nil {
			tl = &tally{}
			byFile[l.file] = tl
		}
		tl.n++
		total.n++
		if ok {
			tl.ok++
			total.ok++
		} else {
			misses = append(misses, fmt.Sprintf("%-12s %-55q want %-40s got %v score %.2f norm %q",
				l.file, l.Q, strings.Join(wants, ","), got, ans.Score, ans.Normalized))
		}
	}
	names := make([]string, 0, len(byFile))
	for n := range byFile {
		names = append(names, n)
	}
	sort.Strings(names)
	var b strings.Builder
	fmt.Fprintf(&b, "\n%-14s %5s %5s %7s\n", "topic", "n", "ok", "top-1")
	for _, n := range names {
		tl := byFile[n]
		fmt.Fprintf(&b, "%-14s %5d %5d %6.1f%%\n", n, tl.n, tl.ok, 100*float64(tl.ok)/float64(tl.n))
	}
	acc := float64(total.ok) / float64(total.n)
	fmt.Fprintf(&b, "%-14s %5d %5d %6.1f%%\n", "OVERALL", total.n, total.ok, 100*acc)
	fmt.Fprintf(&b, "one-question messages answered with a second entry: %d\n", extra)
	fmt.Fprintf(&b, "answered by asking back with the right entry among the choices: %d\n", clarified)
	t.Log(b.String())
	if testing.Verbose() {
		for _, m := range misses {
			t.Log("miss: " + m)
		}
	}
	if acc < 0.90 {
		t.Errorf("top-1 accuracy %.1f%% < 90%%", 100*acc)
	}
}
