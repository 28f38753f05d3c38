package content_test

import (
	"testing"

	"loa/internal/testkit"
)

// An old woman who calls Loa "cháu" or "con" and tells of her own beating
// gets the adults' numbers first (113), not the child line (111): the child
// she calls is not in the story. A child named as the one harmed still gets
// 111 first.
func TestVocativeIsNotTheVictim(t *testing.T) {
	t.Parallel()
	kb := testkit.EmbeddedLibrary(t).KB()
	cases := []struct{ q, first string }{
		{"cháu ơi bà đang bị đánh", "113"},
		{"con ơi cô bị chồng đánh chảy máu đầu", "113"},
		{"cháu ơi cứu bà với, thằng con say rượu nó đánh bà", "113"},
		{"chồng tôi đang đánh cháu tôi 5 tuổi", "111"},
	}
	for _, c := range cases {
		ans := kb.Ask(c.q)
		if ans.Emergency == nil {
			t.Errorf("%q: no emergency script", c.q)
			continue
		}
		if got := hotlineOf(ans.Emergency.Answer); got != c.first {
			t.Errorf("%q: first number %q (%s), want %s", c.q, got, ans.Emergency.ID, c.first)
		}
	}
}
