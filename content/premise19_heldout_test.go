package content_test

import (
	"os"
	"slices"
	"testing"

	"loa/internal/testkit"
)

// TestPremise19HeldOut asks the knowledge base the held-out list of helper
// premise19 (testdata/premise19, written before the change and never
// trained on): a member who checks a rumour or her own figures ("nghe nói
// hộ nghèo vay được 200 triệu", "nhà 5 người thu nhập 7 triệu có được cận
// nghèo không") needs the entry holding the true fact, and one who names a
// programme ("5 có", "sốt xuất huyết", "mẹ đỡ đầu") needs that programme's
// entry, not another's that speaks of the same thing. Its controls (plain
// questions, figures that are the question, hearsay about prices and
// football) must stay as they are.
// LOA_SHAPES_SHOW=1 logs every miss.
func TestPremise19HeldOut(t *testing.T) {
	t.Parallel()
	kb := testkit.EmbeddedLibrary(t).KB()
	show := os.Getenv("LOA_SHAPES_SHOW") != ""
	tally := askHeldOut(t, kb, "testdata/premise19/heldout.yaml", 80, show)
	t.Logf("held-out premise19: %v", tally)
	controls := askHeldOut(t, kb, "testdata/premise19/controls.yaml", 20, show)
	t.Logf("controls premise19: %v", controls)
	// Floor: measured at the start (825fe40): right 63 of 84, asked back
	// with it 5, wrong 3, fallback 13; controls 18 of 18, off-topic
	// declined 3 of 4 (the football score is kept in scope, before and
	// after). With the frame of hearsay left out, figures weighed as
	// function words and "5 có" read as a name (checkStrip, figureWeight,
	// figureYesNo, figureKind, entities.yaml short): right 69, asked back
	// with it 7, wrong 3, fallback 5.
	if tally.right < 69 || tally.wrong > 3 || tally.outOfScope > 0 {
		t.Errorf("held-out premise19 below its floor (right ≥ 69, wrong ≤ 3, told out of scope 0): %v", tally)
	}
	// A result she heard as a long figure ("118000"), the knowledge base
	// writing it "118.000": however she closes the check, the entry of the
	// result is answered or offered, never another.
	for _, q := range []string{"118000 phu nu dc ho tro khoi nghiep la that ko vậy",
		"118000 phu nu dc ho tro khoi nghiep dung khong", "118000 phu nu dc ho tro khoi nghiep khong vậy"} {
		a := kb.Ask(q)
		if got := ids(a.Entries); len(got) > 0 && got[0] != "kn-939-ket-qua" || len(got) == 0 && !slices.Contains(ids(a.Clarify), "kn-939-ket-qua") {
			t.Errorf("%q: entries %v, choice %v; want kn-939-ket-qua answered or offered", q, got, ids(a.Clarify))
		}
	}
	if controls.right < controls.n || controls.offRight < 3 {
		t.Errorf("premise19 controls changed: %v", controls)
	}
}
