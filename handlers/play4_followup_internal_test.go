package handlers

import "testing"

// TestVagueFollowUp: a follow-up that only points back ("con cai kia thi
// sao") is asked to name its subject; anything with a subject, a loan
// question or an emergency is not.
func TestVagueFollowUp(t *testing.T) {
	for text, want := range map[string]bool{
		"con cai kia thi sao":                   true,
		"Còn cái đó thì sao ạ?":                 true,
		"cai nay la gi z":                       true,
		"the con viec do thi sao":               true,
		"vay bao nhieu":                         false,
		"vay the nao":                           false,
		"hom nay co hop khong":                  false,
		"cuu em voi":                            false,
		"kia":                                   false,
		"con cai kia thi sao, chong em danh em": false,
	} {
		if got := vagueFollowUp(text); got != want {
			t.Errorf("vagueFollowUp(%q) = %v, want %v", text, got, want)
		}
	}
}
