package content_test

import (
	"os"
	"testing"

	"loa/internal/testkit"
)

// TestAskKind19HeldOut asks the knowledge base the held-out list of helper
// askkind19 (testdata/askkind19, written before the change and never
// trained on): comparisons of two programmes ("A với B khác gì", "cái nào
// lợi hơn", "nên chọn cái nào"), whose answer must hold at least one side,
// and eligibility by age or condition ("62 tuổi còn vay được không", "quá
// tuổi", "không có sổ đỏ thì"), whose answer is the entry that states the
// programme's conditions. Its controls (amounts, places and procedures of
// the same programmes; ages in a story; comparisons outside the Union's
// work) must stay as they are.
// LOA_SHAPES_SHOW=1 logs every miss.
func TestAskKind19HeldOut(t *testing.T) {
	t.Parallel()
	kb := testkit.EmbeddedLibrary(t).KB()
	show := os.Getenv("LOA_SHAPES_SHOW") != ""
	tally := askHeldOut(t, kb, "testdata/askkind19/heldout.yaml", 80, show)
	t.Logf("held-out askkind19: %v", tally)
	controls := askHeldOut(t, kb, "testdata/askkind19/controls.yaml", 20, show)
	t.Logf("controls askkind19: %v", controls)
	// Floor: measured at the start (825fe40): FILLED IN AFTER MEASURING.
	if tally.right < 0 || tally.wrong > tally.n || tally.outOfScope > tally.n {
		t.Errorf("held-out askkind19 below its floor: %v", tally)
	}
	if controls.right < controls.n || controls.offRight < controls.offN {
		t.Errorf("askkind19 controls changed: %v", controls)
	}
}
