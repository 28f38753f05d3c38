package content_test

import (
	"os"
	"testing"

	"gopkg.in/yaml.v3"

	"loa/internal/testkit"
)

// TestEverydayMessagesRarelyGetAHotline asks the everyday messages a
// member writes between her questions (testdata/everyday16: where she
// lives, her family, a cold, the weather, a quarrel; no one in danger).
// None may get the emergency script, and few a hotline line: a line above
// every other message is one she learns to skip, on the day it matters.
// At 63427d1 35 of 79 got a line; with a short message needing words of
// harm for the line when the classifier is barely unsure (safetyShortNamed),
// 15 (after safety19's own changes, 30).
func TestEverydayMessagesRarelyGetAHotline(t *testing.T) {
	t.Parallel()
	raw, err := os.ReadFile("testdata/everyday16/everyday.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var msgs []string
	if err := yaml.Unmarshal(raw, &msgs); err != nil {
		t.Fatal(err)
	}
	kb := testkit.EmbeddedLibrary(t).KB()
	lines := 0
	for _, m := range msgs {
		a := kb.Ask(m)
		switch {
		case a.Emergency != nil:
			t.Errorf("%q given the emergency script %s", m, a.Emergency.ID)
		case a.Caution != nil:
			lines++
			t.Logf("LINE %s above %q", a.Caution.ID, m)
		}
	}
	t.Logf("everyday16: %d messages, %d given a hotline line", len(msgs), lines)
	if lines > 17 {
		t.Errorf("%d of %d everyday messages given a hotline line, want at most 17", lines, len(msgs))
	}
}
