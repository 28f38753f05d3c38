package content

import "testing"

// A lethal blow is one a person does: strangling, stabbing, slashing by a
// husband or "nó"; not a knife slipping, a husband who was stabbed, or a
// blow that is no strangling.
func TestLethalByAPerson(t *testing.T) {
	for text, want := range map[string]bool{
		"chong nhau xin ve bop co e":              true,
		"thằng chồng cầm dao chém em":             true,
		"nó siết cổ con bé":                       true,
		"chồng em đánh em":                        false, // a blow, not a lethal one
		"thái rau bị dao đâm vào tay":             false, // no one did it
		"chồng em bị đâm ở công trường":           false, // harmed, not harming
		"chồng em bóp chân cho mẹ":                false, // "bóp" is a blow only before "cổ"
		"chong e dam don ly hon roi co sao khong": false, // "đâm đơn": files a petition
	} {
		if got := lethalByAPerson(typedToks(text)); got != want {
			t.Errorf("lethalByAPerson(%q) = %v, want %v", text, got, want)
		}
	}
}
