package content_test

import (
	"fmt"
	"os"
	"slices"
	"testing"

	"gopkg.in/yaml.v3"

	"loa/content"
	"loa/internal/testkit"
)

// shapeCase is one question of a held-out shape list: the entries that
// answer it (any one of them; "offtopic" for a message Loa must decline),
// and whether one entry per side answers it (a comparison).
type shapeCase struct {
	Q    string   `yaml:"q"`
	Want []string `yaml:"want"`
	Both bool     `yaml:"both"`
}

// shapeTally counts how the knowledge base answers one list.
type shapeTally struct {
	n, right, clarify, wrong, fallback, suggested, outOfScope, both, bothAsked int
	offN, offRight                                                             int
}

func (t shapeTally) String() string {
	return fmt.Sprintf("in scope %d: right %d, asked back with it %d, wrong %d, fallback %d (the right entry suggested %d), told out of scope %d; both sides %d of %d; off-topic controls declined %d of %d",
		t.n, t.right, t.clarify, t.wrong, t.fallback, t.suggested, t.outOfScope, t.both, t.bothAsked, t.offRight, t.offN)
}

// TestShapesHeldOut asks the knowledge base the held-out lists of helper
// shape13 (testdata/shape13, written before the change and never trained
// on): loan questions with an amount and a purpose, which a member must
// never hear are outside the Union's work, next to consumer-credit
// controls that must be declined; belief checks ("nghe nói … đúng không");
// comparisons ("A với B khác nhau sao", "nên chọn A hay B").
// LOA_SHAPES_SHOW=1 logs every miss.
func TestShapesHeldOut(t *testing.T) {
	t.Parallel()
	kb := testkit.EmbeddedLibrary(t).KB()
	show := os.Getenv("LOA_SHAPES_SHOW") != ""
	// floors: at least this many right first, at most this many told out
	// of scope (in-scope questions), at least this many controls declined.
	// Measured before → after shape13 (right; told out of scope; controls):
	// amounts 17 → 19 of 29, 2 → 0, 7 → 7 of 8; beliefs 36 → 36 of 39;
	// comparisons 32 → 33 of 35 (both sides 0 → 1 of 5). The floors leave
	// two right answers for other changes to the models; none told out of
	// scope.
	floors := map[string]struct{ right, outOfScope, offRight int }{
		"amounts":     {17, 0, 7},
		"beliefs":     {34, 0, 0},
		"comparisons": {31, 0, 0},
	}
	for _, name := range []string{"amounts", "beliefs", "comparisons"} {
		tally := askHeldOut(t, kb, "testdata/shape13/"+name+".yaml", 25, show)
		t.Logf("held-out %s: %v", name, tally)
		f := floors[name]
		if tally.right < f.right || tally.outOfScope > f.outOfScope || tally.offRight < f.offRight {
			t.Errorf("held-out %s below its floor (right ≥ %d, told out of scope ≤ %d, controls declined ≥ %d): %v", name, f.right, f.outOfScope, f.offRight, tally)
		}
	}
}

// askHeldOut reads a held-out list (at least minCases questions), asks kb
// each question and tallies the answers: right when the first entry is one
// of those wanted, asked back when a choice offers one, wrong, fallback,
// or declined as outside the Union's work; a question wanted "offtopic" is
// a control that must be declined. show logs every miss.
func askHeldOut(t *testing.T, kb *content.KB, path string, minCases int, show bool) shapeTally {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var cases []shapeCase
	if err := yaml.Unmarshal(data, &cases); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if len(cases) < minCases {
		t.Fatalf("%s: held-out list too short: %d", path, len(cases))
	}
	var tally shapeTally
	for _, c := range cases {
		a := kb.Ask(c.Q)
		got := ids(a.Entries)
		declined := a.Emergency == nil && len(a.Entries) == 0 && len(a.Clarify) == 0 && a.SmallTalk == "" && !a.InScope
		if slices.Contains(c.Want, "offtopic") {
			tally.offN++
			if declined {
				tally.offRight++
			} else if show {
				t.Logf("%s: control not declined %q: entries %v clarify %v in scope %v", path, c.Q, got, ids(a.Clarify), a.InScope)
			}
			continue
		}
		tally.n++
		if c.Both {
			tally.bothAsked++
		}
		switch {
		case len(got) > 0 && slices.Contains(c.Want, got[0]):
			tally.right++
			if c.Both && len(got) == 2 && slices.Contains(c.Want, got[1]) {
				tally.both++
			}
			continue
		case len(a.Clarify) > 0 && slices.ContainsFunc(ids(a.Clarify), func(id string) bool { return slices.Contains(c.Want, id) }):
			tally.clarify++
		case len(got) > 0 || len(a.Clarify) > 0:
			tally.wrong++
		case declined:
			tally.outOfScope++
		default:
			tally.fallback++
			if slices.ContainsFunc(ids(a.Suggest), func(id string) bool { return slices.Contains(c.Want, id) }) {
				tally.suggested++
			}
		}
		if show {
			t.Logf("%s: miss %q want %v: entries %v clarify %v in scope %v score %.2f", path, c.Q, c.Want, got, ids(a.Clarify), a.InScope, a.Score)
		}
	}
	return tally
}
