package content

import (
	"strings"
	"testing"
)

// Normalize is idempotent only if no expansion produces a key again.
func TestTeencodeExpansionsAreStable(t *testing.T) {
	t.Parallel()
	for key, exp := range teencode {
		n := Normalize(exp)
		for _, w := range strings.Fields(n) {
			if _, isKey := teencode[w]; isKey && teencode[w] != w {
				t.Errorf("expansion %q of %q contains the key %q", exp, key, w)
			}
		}
		n = Normalize(key)
		if again := Normalize(n); again != n {
			t.Errorf("key %q: %q then %q", key, n, again)
		}
	}
}
