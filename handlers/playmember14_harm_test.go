package handlers_test

import (
	"strings"
	"testing"
)

// A woman in danger writes in pieces ("ck e say ruou ve la het", "giup e
// voi"):
// each piece Loa cannot answer gets the hotline line. Under it she saw the
// whole topic menu (eighteen programmes, from "Gia đình 5 không 3 sạch" to
// OCOP; on Zalo eighteen numbered lines after the number to call). One
// button to the topics is enough; the hotline stays the last thing she reads.
func TestTheHotlineLineIsNotBuriedUnderTheTopicMenu(t *testing.T) {
	t.Parallel()
	m := newMemberRig(t)
	for _, piece := range []string{"ck e say ruou ve la het", "giup e voi"} {
		got := m.say(piece)
		if len(got) == 0 || !strings.Contains(got[0].Text, "☎️") {
			t.Fatalf("%q: want the hotline line, got %+v", piece, got)
		}
		last := got[len(got)-1]
		if len(last.Buttons) > 1 {
			t.Fatalf("%q: the hotline came with %d rows of buttons under it", piece, len(last.Buttons))
		}
	}
}
