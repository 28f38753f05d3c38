package handlers_test

import (
	"strconv"
	"strings"
	"testing"
)

// Every answer's source line is one a member, or a staff member showing it
// upward, can open: where the entry names a link, a link is shown; the
// editors' notes to themselves (content-facts.md, the project's fact sheet)
// never are; and no source is cut in the middle of a bracket (the web chat
// showed "Nguồn: content-facts.md §24 (liên hệ chi hội trưởng hoặc Hội LHPN
// xã/phường" for how to join the Union).
func TestEveryAnswerShowsASourceAMemberCanOpen(t *testing.T) {
	t.Parallel()
	r := newQRig(t)
	kb := r.lib.KB()
	linked := 0
	for i, e := range kb.Entries() {
		// One member per entry: a member pressing 300 buttons in a
		// second is held by the flood limit, as she should be.
		got := r.press(strconv.Itoa(7_000_000+i), "f:"+e.ID)
		if len(got) == 0 {
			t.Fatalf("%s: no reply to its button", e.ID)
		}
		text := got[0].Text
		_, src, ok := strings.Cut(text, "\n\nNguồn: ")
		if !ok {
			if strings.TrimSpace(e.Source) != "" {
				t.Errorf("%s: no source line, though the entry has one", e.ID)
			}
			continue
		}
		if strings.Contains(src, "content-facts") {
			t.Errorf("%s: the editors' fact sheet shown as a source: %q", e.ID, src)
		}
		if strings.Count(src, "(") != strings.Count(src, ")") {
			t.Errorf("%s: source cut inside a bracket: %q", e.ID, src)
		}
		if strings.Contains(e.Source, "http") {
			linked++
			if !strings.Contains(src, "http") {
				t.Errorf("%s: the entry names a link but the member sees none: %q", e.ID, src)
			}
		}
	}
	if linked < 100 {
		t.Fatalf("only %d entries with a link: the knowledge base did not load as expected", linked)
	}
}
