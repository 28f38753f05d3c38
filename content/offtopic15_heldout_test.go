package content_test

import (
	"os"
	"slices"
	"testing"

	"gopkg.in/yaml.v3"

	"loa/internal/testkit"
)

// TestOffTopicHeldOut asks the knowledge base the held-out lists of helper
// offtopic15 (testdata/offtopic15, written before the change and never
// trained on): messages outside the Union's work made of its own words
// (a consumer loan, a bank's or a telco's app, a shop called "hợp tác xã",
// a TV show named like a programme, an address numbered like a hotline),
// and in-scope controls sharing those words. An off-topic message fails in
// two ways, counted apart: it is answered (an entry, or a choice of
// entries), or it is left unanswered with a follow-up promised
// (Answer.InScope: staff would see it in the unanswered log).
// LOA_OFFTOPIC_SHOW=1 logs every miss.
func TestOffTopicHeldOut(t *testing.T) {
	t.Parallel()
	kb := testkit.EmbeddedLibrary(t).KB()
	show := os.Getenv("LOA_OFFTOPIC_SHOW") != ""

	var off []shapeCase
	readCases(t, "testdata/offtopic15/offtopic.yaml", &off)
	if len(off) < 60 {
		t.Fatalf("off-topic list too short: %d", len(off))
	}
	var declined, answered, promised, other int
	for _, c := range off {
		a := kb.Ask(c.Q)
		switch {
		case len(a.Entries) > 0 || len(a.Clarify) > 0:
			answered++
		case a.Emergency != nil || a.SmallTalk != "":
			other++
		case a.InScope:
			promised++
		default:
			declined++
			continue
		}
		if show {
			t.Logf("off-topic not declined %q: entries %v clarify %v in scope %v emergency %v small talk %q", c.Q, ids(a.Entries), ids(a.Clarify), a.InScope, a.Emergency != nil, a.SmallTalk)
		}
	}
	t.Logf("held-out off-topic: %d of %d declined; answered with an entry %d, follow-up promised %d, other (script, small talk) %d", declined, len(off), answered, promised, other)

	controls := askHeldOut(t, kb, "testdata/offtopic15/controls.yaml", 40, show)
	t.Logf("held-out off-topic controls: %v", controls)

	// Floors: measured before → after offtopic15, off-topic declined 44 →
	// 55 of 64 (answered with an entry 5 → 4, follow-up promised 15 → 5),
	// controls right 44 → 44 of 44, none told out of scope. They leave one
	// case for other changes to the models.
	const minDeclined, maxAnswered, maxPromised = 54, 5, 6
	const minControlsRight, maxControlsOut = 43, 0
	if declined < minDeclined || answered > maxAnswered || promised > maxPromised {
		t.Errorf("off-topic held-out below its floor (declined ≥ %d, answered ≤ %d, promised ≤ %d)", minDeclined, maxAnswered, maxPromised)
	}
	if controls.right < minControlsRight || controls.outOfScope > maxControlsOut {
		t.Errorf("controls below their floor (right ≥ %d, told out of scope ≤ %d): %v", minControlsRight, maxControlsOut, controls)
	}
}

// readCases reads a held-out list of q/want cases.
func readCases(t *testing.T, path string, cases *[]shapeCase) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(data, cases); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	for _, c := range *cases {
		if !slices.Contains(c.Want, "offtopic") {
			t.Fatalf("%s: %q is not marked offtopic", path, c.Q)
		}
	}
}
