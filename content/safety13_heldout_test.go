package content_test

import (
	"os"
	"testing"

	"gopkg.in/yaml.v3"

	"loa/content"
	"loa/internal/testkit"
)

// heldOutHotline is the first hotline a member sees in the reply to ans:
// the script's, the line above an answer, or the line given when nothing
// answers (Answer.Harm); "" for none.
func heldOutHotline(ans content.Answer) string {
	switch {
	case ans.Emergency != nil:
		return hotlineOf(ans.Emergency.Answer)
	case ans.Caution != nil:
		return hotlineOf(ans.Caution.Caution)
	case ans.Harm != nil && len(ans.Entries) == 0 && len(ans.Clarify) == 0:
		return hotlineOf(ans.Harm.Caution)
	}
	return ""
}

// lossID is the emergency.yaml answer to a loss told as grief.
const lossID = "chia-buon"

type heldOutStory struct {
	Text    string `yaml:"text"`
	Hotline string `yaml:"hotline"`
	Plain   string `yaml:"plain"`
}

// readSafety13 reads a held-out list of helper safety13
// (testdata/safety13), written before the changes it measures and never
// trained on.
func readSafety13(t *testing.T, name string, doc any) {
	t.Helper()
	data, err := os.ReadFile("testdata/safety13/" + name)
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(data, doc); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
}

// countDanger asks every story and counts those whose first hotline is
// theirs, and those given none.
func countDanger(t *testing.T, kb *content.KB, stories []heldOutStory) (right, missed int) {
	t.Helper()
	for _, s := range stories {
		switch got := heldOutHotline(kb.Ask(s.Text)); got {
		case s.Hotline:
			right++
		case "":
			missed++
			t.Logf("MISSED %q", s.Text)
		default:
			t.Logf("LINE %s want %s: %q", got, s.Hotline, s.Text)
		}
	}
	return right, missed
}

// TestSafety13HeldOut measures the four held-out lists of helper
// safety13 through Ask: letters stretched for emphasis, grief told of a
// harm that is over, money asked by a hacked account, small talk. Each
// list pairs the messages it is about with the danger or the questions
// that share their words.
func TestSafety13HeldOut(t *testing.T) {
	t.Parallel()
	kb := testkit.EmbeddedLibrary(t).KB()

	var stretched struct {
		Emergencies []heldOutStory `yaml:"emergencies"`
		Harmless    []heldOutStory `yaml:"harmless"`
	}
	readSafety13(t, "stretched.yaml", &stretched)
	right, missed := countDanger(t, kb, stretched.Emergencies)
	same, scripted := 0, 0
	for _, h := range stretched.Harmless {
		a, p := kb.Ask(h.Text), kb.Ask(h.Plain)
		if a.Emergency != nil {
			scripted++
			t.Logf("SCRIPT %q", h.Text)
		}
		if firstID(a) == firstID(p) && a.SmallTalk == p.SmallTalk {
			same++
		} else {
			t.Logf("READ APART %q (%s %q) from %q (%s %q)", h.Text, firstID(a), a.SmallTalk, h.Plain, firstID(p), p.SmallTalk)
		}
	}
	t.Logf("stretched: emergencies %d, fitting hotline first %d, missed %d; harmless %d, script %d, answered as typed plainly %d",
		len(stretched.Emergencies), right, missed, len(stretched.Harmless), scripted, same)

	var grief struct {
		Grief  []string       `yaml:"grief"`
		Danger []heldOutStory `yaml:"danger"`
	}
	readSafety13(t, "grief.yaml", &grief)
	callNow, warm := 0, 0
	for _, g := range grief.Grief {
		a := kb.Ask(g)
		if a.Emergency != nil && a.Emergency.ID != lossID {
			callNow++
			t.Logf("CALL NOW %s %q", a.Emergency.ID, g)
		}
		if a.Emergency != nil && a.Emergency.ID == lossID {
			warm++
		}
	}
	right, missed = countDanger(t, kb, grief.Danger)
	t.Logf("grief: %d told, given a call-now script %d, given the word for a loss %d; danger now %d, fitting hotline first %d, missed %d",
		len(grief.Grief), callNow, warm, len(grief.Danger), right, missed)

	var scams struct {
		Scams  []string       `yaml:"scams"`
		Danger []heldOutStory `yaml:"danger"`
	}
	readSafety13(t, "scams.yaml", &scams)
	alarmed, answered := 0, 0
	for _, s := range scams.Scams {
		a := kb.Ask(s)
		if a.Emergency != nil {
			alarmed++
			t.Logf("SCRIPT %s %q", a.Emergency.ID, s)
		}
		if len(a.Entries) > 0 {
			answered++
		}
	}
	right, missed = countDanger(t, kb, scams.Danger)
	t.Logf("scams: %d told, given a script %d, answered %d; trafficking, kidnap, confinement now %d, fitting hotline first %d, missed %d",
		len(scams.Scams), alarmed, answered, len(scams.Danger), right, missed)

	var talk struct {
		SmallTalk []string `yaml:"smalltalk"`
		Questions []string `yaml:"questions"`
	}
	readSafety13(t, "smalltalk.yaml", &talk)
	read, swallowed := 0, 0
	for _, q := range talk.SmallTalk {
		if kb.Ask(q).SmallTalk != "" {
			read++
		} else {
			t.Logf("NOT SMALL TALK %q", q)
		}
	}
	for _, q := range talk.Questions {
		if k := kb.Ask(q).SmallTalk; k != "" {
			swallowed++
			t.Logf("SWALLOWED %s %q", k, q)
		}
	}
	t.Logf("small talk: %d, read as such %d; questions %d, taken for small talk %d", len(talk.SmallTalk), read, len(talk.Questions), swallowed)
}

func firstID(a content.Answer) string {
	switch {
	case a.Emergency != nil:
		return "!" + a.Emergency.ID
	case len(a.Entries) > 0:
		return a.Entries[0].ID
	case len(a.Clarify) > 0:
		return "?" + a.Clarify[0].ID
	}
	return ""
}
