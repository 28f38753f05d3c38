package content_test

import (
	"os"
	"testing"

	"loa/content"
	"loa/internal/testkit"
)

// TestMisses21MidLengthHeldOut asks the knowledge base the held-out list
// of helper misses21 (testdata/misses21/midlength.yaml, written before the
// change and never trained on): questions of middle length, a clause or
// two of her situation around what she asks — the class of the dev sets'
// (v16–v20) fallbacks whose best entry was right but scored just under the
// confidence a short question must reach, while a message a few syllables
// longer is held to the long-story confidence.
// LOA_SHAPES_SHOW=1 logs every miss.
func TestMisses21MidLengthHeldOut(t *testing.T) {
	t.Parallel()
	kb := testkit.EmbeddedLibrary(t).KB()
	show := os.Getenv("LOA_SHAPES_SHOW") != ""
	tally := askHeldOut(t, kb, "testdata/misses21/midlength.yaml", 18, show)
	t.Logf("held-out misses21 (middle length): %v", tally)
	// Floors: measured at the start (misses21 679c119, unchanged code):
	// right 12 of 18, asked back 0, wrong 1, fallback 5 (3 of them with
	// the right entry first among the suggestions).
	// Two changes tried against this list and dropped (not kept in code):
	// the confidence to reach falling in a straight line from 0.34 at 15
	// syllables to 0.17 at 25 instead of the step at 25: this list right
	// 12 → 13; dev sets v16–v20 answered 1053 → 1059, +offered 1148 →
	// 1155, but wrong 50 → 52 and gaps answered honestly 135 → 125 (from 20
	// syllables: this list unchanged). The coverage to reach falling from
	// 0.7 at 15 syllables to 0.5 at 25: this list right 12, asked back
	// 0 → 1; dev answered 1053 → 1062, +offered 1148 → 1159, wrong 50 → 53,
	// gaps honest 135 → 127. The step at longWords trades answers against
	// wrong entries and honest gaps; it is no plain bug.
	if tally.right < 12 || tally.outOfScope > 0 {
		t.Errorf("held-out misses21 below its floor (right ≥ 12, told out of scope 0): %v", tally)
	}
}

// TestMisses21InitialsHeldOut asks the held-out list of helper misses21
// (testdata/misses21/initials.yaml, written before the change and never
// trained on): a programme's or body's initials typed with two letters
// swapped ("bldg" for "blgd": v17's misses, twice).
// LOA_SHAPES_SHOW=1 logs every miss.
func TestMisses21InitialsHeldOut(t *testing.T) {
	t.Parallel()
	kb := testkit.EmbeddedLibrary(t).KB()
	show := os.Getenv("LOA_SHAPES_SHOW") != ""
	tally := askHeldOut(t, kb, "testdata/misses21/initials.yaml", 12, show)
	t.Logf("held-out misses21 (swapped initials): %v", tally)
	// Floors: measured at the start (misses21 5045929, unchanged code):
	// right 5 of 12, asked back with the right entry 2, wrong 1, fallback 4;
	// with swapped initials read (teencode.go, swappedInitials): right 9,
	// asked back 1, wrong 1, fallback 1.
	if tally.right < 9 || tally.outOfScope > 0 {
		t.Errorf("held-out misses21 swapped initials below its floor (right ≥ 9, told out of scope 0): %v", tally)
	}
}

// TestSwappedInitialsRead: initials typed with two neighbouring letters
// swapped are read as the initials ("bldg" as "blgd"); a token with a
// vowel, or of fewer than four letters, is left as typed.
func TestSwappedInitialsRead(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ in, want string }{
		{"bldg", "bao luc gia dinh"},
		{"bhhx", "bao hiem xa hoi"},
		{"byht", "bao hiem y te"},
		{"lphn", "lien hiep phu nu"},
		{"blgd", "bao luc gia dinh"},
		{"bdlg", "bdlg"}, // two swaps away: not read
		{"hcm", "hcm"},   // three letters: too short to tell
		{"bhxa", "bhxa"}, // a vowel: not initials
	} {
		if got := content.Normalize(c.in); got != c.want {
			t.Errorf("Normalize(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
