package store

import (
	"strings"
	"testing"
)

// TestInviteCodesMixLettersAndDigits: a code typed alone is taken for a
// join only when it mixes letters and digits, so every code must. 2,000
// draws would hold dozens of letters-only codes without the redraw.
func TestInviteCodesMixLettersAndDigits(t *testing.T) {
	t.Parallel()
	for range 2000 {
		code, err := newInviteCode()
		if err != nil {
			t.Fatal(err)
		}
		if len(code) != InviteCodeLen || NormalizeInviteCode(code) != code {
			t.Fatalf("code %q is not canonical", code)
		}
		if !strings.ContainsAny(code, "0123456789") || strings.Trim(code, "0123456789") == "" {
			t.Fatalf("code %q does not mix letters and digits", code)
		}
	}
}
