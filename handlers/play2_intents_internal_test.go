package handlers

import "testing"

// TestSpacedInviteCodeInGroupsOfFour: a code copied in groups of four may
// have pieces without a digit ("jkjy qcnx e34p3"; about one code in eight),
// and is still a code; words spelling 13 symbols are not.
func TestSpacedInviteCodeInGroupsOfFour(t *testing.T) {
	for text, want := range map[string]string{
		"jkjy qcnx e34p3":  "dangky",
		"6dvb 97cs eexe5":  "dangky",
		"bao cao nam 2025": "thongke",
	} {
		if name, _, _, ok := plainCommand(text); !ok || name != want {
			t.Errorf("%q: %q (%v), want %q", text, name, ok, want)
		}
	}
}
