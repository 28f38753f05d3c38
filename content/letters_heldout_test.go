package content_test

import (
	"fmt"
	"os"
	"testing"

	"gopkg.in/yaml.v3"

	"loa/internal/testkit"
)

// TestLongLettersHeldOut measures the matcher on long messages whose
// question is one clause at the end of a letter or a story
// (content/testdata/letters13/heldout.yaml, written by letters13 from the
// knowledge base's entries and never trained on). Reading the question
// clause apart was tried on it and dropped: it moved none of the 110 and
// nothing on the cross-validation (session 12's note). The floors sit a
// message under what the matcher gets (95 right, 5 wrong of 110), so a
// change that loses letters fails.
func TestLongLettersHeldOut(t *testing.T) {
	data, err := os.ReadFile("testdata/letters13/heldout.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var qs []struct {
		Q    string `yaml:"q"`
		Want string `yaml:"want"`
	}
	if err := yaml.Unmarshal(data, &qs); err != nil {
		t.Fatal(err)
	}
	kb := testkit.EmbeddedLibrary(t).KB()
	var right, offered, wrong, fallback, emergency int
	for _, q := range qs {
		a := kb.Ask(q.Q)
		got := "-"
		switch {
		case a.Emergency != nil:
			emergency++
			got = "emergency"
		case len(a.Entries) > 0 && a.Entries[0].ID == q.Want:
			right++
			continue
		case len(a.Entries) > 0:
			wrong++
			got = a.Entries[0].ID
		case len(a.Clarify) > 0:
			got = "clarify"
			for _, e := range a.Clarify {
				if e.ID == q.Want {
					offered++
					got = ""
				}
			}
			if got == "" {
				continue
			}
			wrong++
		default:
			fallback++
			got = fmt.Sprintf("fallback (%.2f)", a.Score)
		}
		t.Logf("miss: want %s, got %s: %q", q.Want, got, q.Q)
	}
	n := len(qs)
	pct := func(x int) float64 { return 100 * float64(x) / float64(max(n, 1)) }
	t.Logf("long letters %d: right %.1f%%, asked back (right offered) %.1f%%, wrong %.1f%%, fallback %.1f%%, emergency %d",
		n, pct(right), pct(offered), pct(wrong), pct(fallback), emergency)
	if n < 60 {
		t.Fatalf("held-out list has %d messages, want at least 60", n)
	}
	if r := pct(right); r < 85 {
		t.Errorf("held-out long letters answered right: %.1f%% < 85%%", r)
	}
	if w := pct(wrong); w > 5.5 {
		t.Errorf("held-out long letters answered with a wrong entry: %.1f%% > 5.5%%", w)
	}
}
