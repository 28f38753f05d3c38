package content_test

import (
	"os"
	"slices"
	"testing"

	"gopkg.in/yaml.v3"

	"loa/internal/testkit"
)

// TestSafety16HeldOut measures the held-out list of helper safety16
// (testdata/safety16/who.yaml, written before the changes it measures and
// never trained on) through Ask: who is harmed (a child by age, grade or
// "bé", 111 first; a grown daughter, a wife, an elder, 113), a child gone
// (113, not the child line first), self-harm (115, not the police first),
// short stories of the kinds missed; and look-alikes (a kitchen's "cháy",
// a child late who called, prevention questions) that must never get the
// script, and whose hotline lines above an ordinary answer it counts.
func TestSafety16HeldOut(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile("testdata/safety16/who.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var list struct {
		Emergencies []struct {
			Text     string   `yaml:"text"`
			Hotlines []string `yaml:"hotlines"`
		} `yaml:"emergencies"`
		Harmless []string `yaml:"harmless"`
	}
	if err := yaml.Unmarshal(data, &list); err != nil {
		t.Fatal(err)
	}
	kb := testkit.EmbeddedLibrary(t).KB()

	right, missed := 0, 0
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
	scripted, lined := 0, 0
	for _, h := range list.Harmless {
		a := kb.Ask(h)
		switch {
		case a.Emergency != nil:
			scripted++
			t.Errorf("SCRIPT %s for a harmless question %q", a.Emergency.ID, h)
		case heldOutHotline(a) != "":
			lined++
			t.Logf("HOTLINE LINE %s above %q", heldOutHotline(a), h)
		}
	}
	t.Logf("safety16: emergencies %d, a fitting hotline first %d, wrong number first %d, missed %d; look-alikes %d, given the script %d, a hotline line %d",
		len(list.Emergencies), right, len(list.Emergencies)-right-missed, missed, len(list.Harmless), scripted, lined)
}
