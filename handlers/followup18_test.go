package handlers_test

import (
	"slices"
	"strings"
	"testing"
)

// A few words that name nothing ("nop o dau": where do I hand it in) right
// after the loan's steps are about the loan. Alone they matched where an
// OCOP file is handed in, and the web chat answered the OCOP entry as if
// she had changed programme. She is asked which one she means.
func TestBareFollowUpDoesNotJumpToAnotherProgramme(t *testing.T) {
	t.Parallel()
	m := newJoinedMember(t)
	if got := joined(m.say("vay von ngan hang chinh sach can giay to gi")); !strings.Contains(got, "Giấy đề nghị vay vốn") {
		t.Fatalf("setup: the loan's papers are no longer the answer: %s", got)
	}
	replies := m.say("nop o dau")
	got, data := joined(replies), flat(replies)
	if strings.Contains(got, "OCOP") && !slices.Contains(data, "f:vay-ho-so") {
		t.Errorf("a bare follow-up jumped to another programme: %s %v", got, data)
	}
	if !slices.Contains(data, "f:vay-ho-so") {
		t.Errorf("the loan's papers are not offered: %s %v", got, data)
	}
	if got := joined(m.say("lam vneid muc 2 o dau")); !strings.Contains(got, "Công an xã") {
		t.Fatalf("setup: where to get level 2 is no longer the answer: %s", got)
	}
	if replies := m.say("mat bao lau"); !slices.ContainsFunc(flat(replies), func(d string) bool { return strings.HasPrefix(d, "f:vneid-") }) {
		t.Errorf("'mat bao lau' after VNeID level 2 does not offer VNeID: %s %v", joined(replies), flat(replies))
	}
	// Naming another programme is a new question.
	if got := joined(m.say("the bhyt ho gia dinh mua o dau")); !strings.Contains(got, "BHYT") {
		t.Errorf("a question naming its programme was not answered as asked: %s", got)
	}
}
