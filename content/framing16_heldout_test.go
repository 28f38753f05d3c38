package content_test

import (
	"os"
	"testing"

	"loa/internal/testkit"
)

// TestFraming16HeldOut asks the knowledge base the held-out list of helper
// framing16 (testdata/framing16, written before the change and never trained
// on): questions wrapped in a letter's formulas, a subject told in one
// sentence and a generic ask ("thủ tục", "ở đâu") in the next, and a
// programme's name half-remembered ("quỹ tim tim gì đó", "ô cóp"). Its
// controls (plain questions, off-topic letters and "gì đó" that names no
// programme) must stay as they are.
// LOA_SHAPES_SHOW=1 logs every miss.
func TestFraming16HeldOut(t *testing.T) {
	t.Parallel()
	kb := testkit.EmbeddedLibrary(t).KB()
	show := os.Getenv("LOA_SHAPES_SHOW") != ""
	tally := askHeldOut(t, kb, "testdata/framing16/heldout.yaml", 60, show)
	t.Logf("held-out framing16: %v", tally)
	controls := askHeldOut(t, kb, "testdata/framing16/controls.yaml", 15, show)
	t.Logf("controls framing16: %v", controls)
	// Floor: measured at the start (integ15 40d37d3): right 58 of 67, wrong
	// 0, fallback 9, none told out of scope; with a letter's formulas left
	// out and half-remembered names read (letterStrip, nearNames): right
	// 63, fallback 4.
	if tally.right < 63 || tally.wrong > 0 || tally.outOfScope > 0 {
		t.Errorf("held-out framing16 below its floor (right ≥ 63, wrong 0, told out of scope 0): %v", tally)
	}
	if controls.right < controls.n || controls.offRight < controls.offN {
		t.Errorf("framing16 controls changed: %v", controls)
	}
}
