package content_test

import (
	"os"
	"slices"
	"testing"

	"gopkg.in/yaml.v3"

	"loa/content"
	"loa/internal/testkit"
)

// safetyHeldOutList is the shape of the safety helpers' held-out lists
// (testdata/safety14, safety15, safety16): emergencies with the hotlines
// that fit them, and harmless look-alikes.
type safetyHeldOutList struct {
	Emergencies []struct {
		Text     string   `yaml:"text"`
		Hotlines []string `yaml:"hotlines"`
	} `yaml:"emergencies"`
	Harmless []string `yaml:"harmless"`
}

// loadSafetyHeldOut reads a held-out list of that shape.
func loadSafetyHeldOut(t *testing.T, path string) safetyHeldOutList {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var list safetyHeldOutList
	if err := yaml.Unmarshal(data, &list); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return list
}

// askEmergencies asks kb each emergency of list and counts those whose
// first hotline fits and those given none, logging every other.
func askEmergencies(t *testing.T, kb *content.KB, list safetyHeldOutList) (right, missed int) {
	t.Helper()
	for _, e := range list.Emergencies {
		switch got := heldOutHotline(kb.Ask(e.Text)); {
		case slices.Contains(e.Hotlines, got):
			right++
		case got == "":
			missed++
			t.Logf("MISSED %q", e.Text)
		default:
			t.Logf("LINE %s want %v: %q", got, e.Hotlines, e.Text)
		}
	}
	return right, missed
}

// askLookAlikes asks kb each harmless message of list and counts those
// given the emergency script and those given a hotline line, logging each.
func askLookAlikes(t *testing.T, kb *content.KB, list safetyHeldOutList) (scripted, lined int) {
	t.Helper()
	for _, h := range list.Harmless {
		a := kb.Ask(h)
		switch {
		case a.Emergency != nil:
			scripted++
			t.Logf("SCRIPT %s for a harmless message %q", a.Emergency.ID, h)
		case heldOutHotline(a) != "":
			lined++
			t.Logf("HOTLINE LINE %s above %q", heldOutHotline(a), h)
		}
	}
	return scripted, lined
}

// safetyFloors are what a held-out list must keep: at least right
// emergencies with a fitting hotline first; at most maxMissed missed,
// maxScripted look-alikes given the script and maxLined given a hotline
// line (a negative bound is not checked).
type safetyFloors struct {
	right                            int
	maxMissed, maxScripted, maxLined int
}

// unbounded marks a figure of safetyFloors that is not checked.
const unbounded = -1

// checkSafetyHeldOut measures the held-out list at path through the
// embedded knowledge base's Ask, logs its figures under name and fails
// below floor: the body every safety helper's held-out test shares.
func checkSafetyHeldOut(t *testing.T, name, path string, floor safetyFloors) {
	t.Helper()
	list := loadSafetyHeldOut(t, path)
	kb := testkit.EmbeddedLibrary(t).KB()
	right, missed := askEmergencies(t, kb, list)
	scripted, lined := askLookAlikes(t, kb, list)
	t.Logf("%s: emergencies %d, a fitting hotline first %d, wrong number first %d, missed %d; look-alikes %d, given the script %d, a hotline line %d",
		name, len(list.Emergencies), right, len(list.Emergencies)-right-missed, missed, len(list.Harmless), scripted, lined)
	over := func(got, bound int) bool { return bound >= 0 && got > bound }
	if right < floor.right || over(missed, floor.maxMissed) {
		t.Errorf("%s: fitting hotline first %d (floor %d), missed %d (at most %d)", name, right, floor.right, missed, floor.maxMissed)
	}
	if over(scripted, floor.maxScripted) || over(lined, floor.maxLined) {
		t.Errorf("%s: look-alikes given the script %d (at most %d), a hotline line %d (at most %d)", name, scripted, floor.maxScripted, lined, floor.maxLined)
	}
}
