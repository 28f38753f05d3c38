package content

import "testing"

// TestRunnerUpHoldingTheTellingWordsIsAnswered: each question names what
// tells its entry from a close sibling ("tã bỉm" among kinds of waste, a
// figure of Đề án 939's results, "pod"), and is answered with that entry
// rather than asked back or left unanswered. Without the runner-up rule
// (swapGap 0) none is answered with it.
func TestRunnerUpHoldingTheTellingWordsIsAnswered(t *testing.T) {
	t.Parallel()
	lib, err := NewLibrary("")
	if err != nil {
		t.Fatal(err)
	}
	kb := lib.KB()
	off := *kb
	p := defaultParams()
	p.swapGap = 0
	// The same examples: the memoised entry classifier is reused.
	off.m = newMatcher(kb.entries, kb.emergencies, p, kb.offTopic, kb.places)
	off.m.entities = kb.m.entities
	// "118000 phu nu dc ho tro khoi nghiep la that ko vậy" was a case here
	// until premise19 (session 16): it was answered only because the
	// check's "là thật" weighed the best entry down (asked "… đúng không"
	// or "… không vậy", the matcher answered the wrong kn-ho-tro). Read
	// without the frame, all three are asked back with kn-939-ket-qua
	// offered (TestPremise19HeldOut's rumours of a result).
	for q, want := range map[string]string{
		"tã bỉm bỏ vào nhóm rác nào ạ vậy": "rac-phan-loai",
		"xài pod có phạm luật không":       "5k3s-thuoc-la-dien-tu",
	} {
		if a := kb.Ask(q); len(a.Entries) == 0 || a.Entries[0].ID != want {
			t.Errorf("%q: entries %v, choice %v; want %s answered", q, ids(a.Entries), ids(a.Clarify), want)
		}
		if a := off.Ask(q); len(a.Entries) > 0 && a.Entries[0].ID == want {
			t.Errorf("%q: answered with %s without the runner-up rule too: the case tests nothing", q, want)
		}
	}
}
