package content

import (
	"strings"
	"testing"
)

// TestRegionalReadingsAreStable: a word the regional pass writes is neither a
// regional word nor teencode, so that Normalize stays idempotent (the pass
// maps each word once, and a second pass finds nothing left to map).
func TestRegionalReadingsAreStable(t *testing.T) {
	t.Parallel()
	for _, w := range []string{"sao", "vay", "gi", "dau", "nao", "kia", "lam", "nhi", "nhe", "nay", "gio", "do", "me", "the",
		"roi", "vao", "truoc", "troi", "bo", "bao", "xuat", "huyet", "vneid", "otp", "ocop", "can", "cuoc", "trieu", "tram", "hack"} {
		if _, ok := regionalWords[w]; ok {
			t.Errorf("the reading %q is itself a regional word", w)
		}
		if _, ok := teencode[w]; ok {
			t.Errorf("the reading %q is teencode", w)
		}
	}
	for _, s := range []string{"mần răng hè", "ở mô rứa chị", "làm chi rứa", "bên tê", "bây chừ", "nhà mô cũng", "ở đâu dị chị", "ai dc vo htx zị"} {
		n := Normalize(s)
		for _, w := range []string{"rang", "rua", "mo", "te", "man", "chu", "zi"} {
			for _, x := range strings.Fields(n) {
				if x == w {
					t.Errorf("Normalize(%q) = %q keeps the regional word %q", s, n, w)
				}
			}
		}
	}
}
