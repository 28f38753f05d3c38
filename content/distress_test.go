package content_test

import (
	"strings"
	"testing"

	"loa/content"
	"loa/internal/testkit"
)

// A member who writes only that she is afraid or needs help, the first
// piece of a story she may not be able to finish, gets the hotline line of
// harm done by a person (113, Ngôi nhà Bình yên) and is asked to tell more
// (Answer.Harm), and a staff member may follow it up (InScope): the
// fallback had answered "c ơi e sợ quá" with "Loa chưa có câu trả lời …
// đã ghi lại để cán bộ Hội bổ sung". Fear in a question about something
// ("em sợ không được vay vốn") is that question.
func TestFearOrAPleaAloneGetsTheHotlineLineAndIsAskedToSayMore(t *testing.T) {
	t.Parallel()
	kb := testkit.EmbeddedLibrary(t).KB()
	for _, q := range []string{"c ơi e sợ quá", "e so qua", "giup e voi", "em sợ ở nhà lắm", "e hoảng quá c ơi",
		"chị ơi giúp em với", "sợ quá trời luôn", "e so lam c oi"} {
		a := kb.Ask(q)
		if a.Emergency != nil {
			continue // a script is more than a line: the safety layer read harm in it
		}
		if a.Caution != nil {
			a.Harm = a.Caution // the classifier's own line stands
		}
		if !lineAlone(a) {
			t.Errorf("%q: harm %v, entries %d, clarify %d, small talk %q; want the hotline line alone", q, a.Harm, len(a.Entries), len(a.Clarify), a.SmallTalk)
			continue
		}
		if !a.InScope {
			t.Errorf("%q: not in scope: no person would follow it up", q)
		}
		if got := a.Harm.Caution; a.Caution == nil && (!strings.Contains(got, "113") || !strings.Contains(got, "1900 969 680")) {
			t.Errorf("%q: line %q, want 113 and Ngôi nhà Bình yên", q, got)
		}
	}
	for _, q := range []string{"em sợ không được vay vốn", "c ơi số mấy", "em sợ bị lừa qua mạng thì làm sao", "chị ơi"} {
		if a := kb.Ask(q); lineAlone(a) {
			t.Errorf("%q: answered as fear alone, want it read as what it asks", q)
		}
	}
}

// lineAlone: nothing answers the message but a hotline line (Harm).
func lineAlone(a content.Answer) bool {
	return a.Harm != nil && len(a.Entries) == 0 && len(a.Clarify) == 0 && len(a.Suggest) == 0 && a.SmallTalk == ""
}
