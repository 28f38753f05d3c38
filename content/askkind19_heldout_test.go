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
	// Floor: measured at the start (66ac831): right 72 of 81, asked back
	// with it 2, wrong 2, fallback 5; with a comparison's sides asked on
	// their own (compareSides) and questions of eligibility preferring
	// the entry of a programme's conditions (eligible.go): right 76,
	// wrong 2, fallback 1.
	if tally.right < 76 || tally.wrong > 2 || tally.outOfScope > 0 {
		t.Errorf("held-out askkind19 below its floor (right ≥ 76, wrong ≤ 2, told out of scope 0): %v", tally)
	}
	// The in-scope controls are answered with their entry; of the six
	// off-topic ones, "xe máy 50 phân khối thì mấy tuổi được chạy" was
	// already kept in scope (a fallback a staff member sees, not an
	// answer) at the start, so five are declined.
	if controls.right < controls.n || controls.wrong > 0 || controls.offRight < controls.offN-1 {
		t.Errorf("askkind19 controls changed: %v", controls)
	}
}
