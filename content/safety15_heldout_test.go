package content_test

import (
	"os"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"loa/internal/testkit"
)

// TestSafety15HeldOut measures the held-out list of helper safety15
// (testdata/safety15/doers.yaml, written before the changes it measures and
// never trained on) through Ask: emergencies where a person does, forces or
// threatens the harm (the police first, or the child line for a child) and
// bare pleas for help (the police or the rescue line, not the ambulance
// alone), and look-alikes ("cháy", "khét", "cứu" of food and things,
// prevention questions, the news, a harm long past) that must never get the
// script, nor more than one hotline line above an ordinary answer.
func TestSafety15HeldOut(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile("testdata/safety15/doers.yaml")
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
	scripted, stacked := 0, 0
	for _, h := range list.Harmless {
		a := kb.Ask(h)
		if a.Emergency != nil {
			scripted++
			t.Errorf("SCRIPT %s for a harmless question %q", a.Emergency.ID, h)
		}
		answered := len(a.Entries) > 0 || len(a.Clarify) > 0
		if answered && a.Caution != nil && strings.Count(strings.TrimSpace(a.Caution.Caution), "\n") > 0 {
			stacked++
			t.Errorf("STACKED %d hotline lines above the answer to %q", strings.Count(a.Caution.Caution, "\n")+1, h)
		}
	}
	t.Logf("safety15: emergencies %d, a fitting hotline first %d, wrong number first %d, missed %d; look-alikes %d, given the script %d, stacked lines %d",
		len(list.Emergencies), right, len(list.Emergencies)-right-missed, missed, len(list.Harmless), scripted, stacked)
}
