package content_test

import (
	"testing"

	"loa/internal/testkit"
)

// TestSuggestOnlyWhenNothingAnswers: Answer.Suggest offers up to three
// likely entries to an in-scope message that gets no entry and no
// clarifying choice, and nothing to an answered question, a choice, an
// off-topic one, small talk or an emergency.
func TestSuggestOnlyWhenNothingAnswers(t *testing.T) {
	t.Parallel()
	kb := testkit.EmbeddedLibrary(t).KB()
	for _, q := range []string{
		"chi hoi minh khi nao to chuc di tham quan",
		"ba noi nuoi 2 chau nho, ba me chung di lam xa khong lo, hoi co giup gi ko",
	} {
		a := kb.Ask(q)
		if len(a.Entries) > 0 || len(a.Clarify) > 0 {
			t.Fatalf("%q is answered now (%v %v); pick another example", q, ids(a.Entries), ids(a.Clarify))
		}
		if !a.InScope || len(a.Suggest) == 0 || len(a.Suggest) > 3 {
			t.Errorf("%q: in scope %v, suggested %v; want 1 to 3 entries", q, a.InScope, ids(a.Suggest))
		}
		seen := map[string]bool{}
		for _, e := range a.Suggest {
			if seen[e.ID] {
				t.Errorf("%q: %s suggested twice", q, e.ID)
			}
			seen[e.ID] = true
		}
	}
	for _, q := range []string{
		"5k3s la j z c",              // answered
		"vneid muc 2",                // a clarifying choice
		"gia vang hom nay bn 1 chi",  // off-topic
		"mk wifi la gi",              // off-topic, with a word of the KB
		"xin chào",                   // small talk
		"ck e dang danh e cuu e voi", // an emergency
	} {
		if a := kb.Ask(q); len(a.Suggest) > 0 {
			t.Errorf("%q was offered %v", q, ids(a.Suggest))
		}
	}
}
