package content_test

import (
	"testing"

	"loa/internal/testkit"
)

// TestSafety20HeldOut measures the held-out list of helper safety20
// (testdata/safety20/heldout.yaml, written before the changes it measures
// and never trained on) through Ask: emergencies told by men, old people,
// children, neighbours, in Southern speech, downplayed, from far away,
// hidden after a question about a programme or with only what is seen,
// each with its fitting first hotline; and everyday messages and
// look-alikes ("trời ơi", "con em 3 tuổi", a flood that has gone down, a
// scam call hung up) that must never get the script.
func TestSafety20HeldOut(t *testing.T) {
	t.Parallel()
	list := loadSafetyHeldOut(t, "testdata/safety20/heldout.yaml")
	kb := testkit.EmbeddedLibrary(t).KB()

	right, missed := askEmergencies(t, kb, list)
	scripted, lined := askLookAlikes(t, kb, list)
	t.Logf("safety20: emergencies %d, a fitting hotline first %d, wrong number first %d, missed %d; look-alikes %d, given the script %d, a hotline line %d",
		len(list.Emergencies), right, len(list.Emergencies)-right-missed, missed, len(list.Harmless), scripted, lined)
}
