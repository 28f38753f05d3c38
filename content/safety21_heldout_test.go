package content_test

import "testing"

// TestSafety21HeldOut measures the held-out list of helper safety21
// (testdata/safety21/heldout.yaml, written before the changes it measures
// and never trained on) through Ask: the four kinds of emergency still
// told wrong in session 17 — a scam call under way, an old person fallen
// behind a locked door, an old person beaten by a relative who is still
// there, someone trapped in a lift or a grill — each with its fitting
// first hotline; and look-alikes (scams in general or over, a fall long
// past, a broken lift with nobody inside) that must never get the script.
func TestSafety21HeldOut(t *testing.T) {
	t.Parallel()
	// Measured before any change for this list (session 17's code): 25
	// of 41 first, 14 wrong, 2 missed (scam calls told as a medical
	// emergency or missed, an old person fallen behind a locked door given
	// 113 or 112, someone trapped given 111 or 115); no look-alike
	// scripted, 5 lines. After helper safety21's readers (kind scam, the
	// rescue of byTrap, byAccident on confinement): 34 first, 7 wrong, 0
	// missed; 0 scripted, 5 lines. Still wrong: an old person lying on the
	// floor told with no word of a fall (113, 112), a lift whose children
	// "đập cửa" (a blow to the reader), a 15-year-old who tells of his
	// grandfather beaten (111). Floors at the figures after: a change may
	// only do better.
	checkSafetyHeldOut(t, "safety21", "testdata/safety21/heldout.yaml", safetyFloors{right: 34, maxMissed: 0, maxScripted: 0, maxLined: 5})
}
