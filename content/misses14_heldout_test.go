package content_test

import (
	"os"
	"slices"
	"testing"

	"loa/internal/testkit"
)

// TestMisses14HeldOut asks the knowledge base the held-out list of helper
// misses14 (testdata/misses14/heldout.yaml, written before the change and
// never trained on): the shapes behind v15's in-scope misses other than
// place names — a complaint asked as "sao …", a story about someone else,
// central speech, a comparison, a word another entry shares, and words the
// off-topic class also holds ("đóng bảo hiểm", "phun thuốc muỗi"). None of
// them may be told it lies outside the Union's work.
// LOA_SHAPES_SHOW=1 logs every miss.
func TestMisses14HeldOut(t *testing.T) {
	t.Parallel()
	kb := testkit.EmbeddedLibrary(t).KB()
	show := os.Getenv("LOA_SHAPES_SHOW") != ""
	tally := askHeldOut(t, kb, "testdata/misses14/heldout.yaml", 60, show)
	t.Logf("held-out misses14: %v", tally)
	// Floors: measured at the start (main f75851f): right 49 of 63, asked
	// back with the right entry 3, wrong 4, fallback 7, none told out of scope;
	// after the comparison change: right 50, asked back 2, wrong 4, fallback 7;
	// merged with places14's and content14's material (staging integ13): right
	// 49, asked back 3 — one question back to asking, none wrong; with
	// misses14's paraphrases back (folds14): right 53, asked back 3, wrong 3,
	// fallback 4. With offtopic15's off-topic look-alikes (bank, wallet and
	// telco apps on the phone): right 52, asked back 4 — "thẻ bảo hiểm y tế
	// coi trên điện thoại răng rứa" now asked back with its entries offered,
	// none wrong, none told out of scope.
	if tally.right < 52 || tally.outOfScope > 0 {
		t.Errorf("held-out misses14 below its floor (right ≥ 52, told out of scope 0): %v", tally)
	}
}

// TestComparisonOfTwoSiblingsGetsBoth: a member who asks which of two
// lenders or programmes is better ("cái nào dễ hơn", "bên nào lợi hơn")
// names one side per entry, so no entry alone holds her words; she gets
// both entries instead of the honest fallback or a choice.
func TestComparisonOfTwoSiblingsGetsBoth(t *testing.T) {
	t.Parallel()
	kb := testkit.EmbeddedLibrary(t).KB()
	for _, c := range []struct {
		q    string
		want [2][]string // each side: any one of these entries
	}{
		{"vay von CEP hay vay quy TYM cai nao de hon", [2][]string{{"vay-cep"}, {"vay-tym", "vay-tym-cach-vay"}}},
		{"quỹ CEP với quỹ TYM bên nào cho vay dễ hơn vậy chị", [2][]string{{"vay-cep"}, {"vay-tym", "vay-tym-cach-vay"}}},
	} {
		got := ids(kb.Ask(c.q).Entries)
		if len(got) != 2 || !slices.ContainsFunc(got, func(id string) bool { return slices.Contains(c.want[0], id) }) ||
			!slices.ContainsFunc(got, func(id string) bool { return slices.Contains(c.want[1], id) }) {
			t.Errorf("%q: entries %v, want one of %v and one of %v", c.q, got, c.want[0], c.want[1])
		}
	}
}
