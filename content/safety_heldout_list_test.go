package content_test

import (
	"os"
	"slices"
	"testing"

	"gopkg.in/yaml.v3"

	"loa/content"
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
