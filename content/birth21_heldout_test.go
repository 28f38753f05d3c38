package content_test

import "testing"

// TestBirth21HeldOut measures the held-out list of emergencies around a
// birth happening now and their harmless look-alikes
// (testdata/birth21/heldout.yaml, written blind by one author and never
// trained on; the training material for the same brief was written by
// another, and used only as a development list). In the web chat "vỡ ối rồi" (the waters broke) at home got the
// self-harm line, and a mother-in-law's "con dâu vỡ ối mà chồng nó chưa
// về" the missing-child line.
func TestBirth21HeldOut(t *testing.T) {
	t.Parallel()
	// Measured before any change for it (integ21's code): 15 of 24 first
	// (9 wrong number: 113 for a birth at home or a newborn not breathing,
	// 114, 112, 111), 0 missed; look-alikes 0 scripted, 4 lines. Training
	// material for the same brief by another author (30 stories, 30
	// harmless) gave 20 first, 4 wrong, 5 lines, but tipped the guards of
	// grief and of stories told before a question; not loaded. Its 30
	// stories served instead as the development list of the reader
	// inLabour (words of a birth happening now put the medical kind first
	// unless a person hurts her, a fire burns or water rises): 20 → 25 of
	// 30 there; here, measured once after: 20 first, 4 wrong (a road
	// flooded: 112; waters broken far from hospital: 114; bleeding after a
	// birth with no word of labour and a newborn whose back is patted:
	// 113), 0 missed; 0 scripted, 4 lines. Floors at the figures after.
	checkSafetyHeldOut(t, "birth21", "testdata/birth21/heldout.yaml", safetyFloors{right: 20, maxMissed: 0, maxScripted: 0, maxLined: 4})
}
