package handlers_test

import (
	"strings"
	"testing"
)

// A story told in pieces whose script holds two kinds' numbers (violence
// and a wound: 113, then 115) is kept in mind like any other: the piece
// she tells next from her hiding place gets the line again, not "ngoài
// việc của Hội" (in the web chat it did: the two-kind script is a copy of
// the first kind's, and was not found among the emergencies).
func TestAPieceAfterATwoKindScriptKeepsTheLine(t *testing.T) {
	t.Parallel()
	m := newJoinedMember(t)
	m.say("ck e say ve")
	got := joined(m.say("dang dap do trong nha"))
	if !strings.Contains(got, "113") || !strings.Contains(got, "115") {
		t.Fatalf("setup: the story no longer gets both numbers: %s", got)
	}
	next := joined(m.say("e om con tron ra sau bep roi"))
	if !strings.Contains(next, "113") || strings.Contains(next, "ngoài việc của Hội") {
		t.Errorf("the piece after a two-kind script lost its line: %s", next)
	}
}
