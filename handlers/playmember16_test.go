package handlers_test

import (
	"strings"
	"testing"
)

// Played on the web chat as members on cheap phones (playmember16): the
// conversation around an answer, not which entry a question matches.

// wrongAnswerQuestion is answered with one entry and related questions,
// so "ko phải" after it gets other entries to pick from.
const wrongAnswerQuestion = "lam vneid muc 2 o dau"

// A correction offers other entries as buttons; on Zalo they are numbered,
// and she typed "2": she was told "Lựa chọn này đã đóng rồi" with the
// choice still on her screen.
func TestATypedNumberPicksFromACorrection(t *testing.T) {
	t.Parallel()
	m := newMemberRig(t)
	m.say(wrongAnswerQuestion)
	corrected := m.say("ko phải")
	if !strings.Contains(joined(corrected), "xin lỗi") {
		t.Fatalf("\"ko phải\" no longer corrects; pick another example:\n%s", joined(corrected))
	}
	choice := flat(corrected)
	if len(choice) < 2 || !strings.HasPrefix(choice[1], "f:") {
		t.Fatalf("want at least two entries offered, got %v", choice)
	}
	want := joined(m.pressAs("lan", "lan", choice[1], false))
	if got := joined(m.say("2")); got != want {
		t.Fatalf("\"2\" after the correction: want the second entry offered:\n%s\ngot:\n%s", want, got)
	}
}

// "ko phải", "sai rồi c", "ko phai": each got the same apology with the
// same three entries, a loop. A second correction in a row sends her to a
// person instead, without the entries she already refused.
func TestASecondCorrectionSendsToAPerson(t *testing.T) {
	t.Parallel()
	m := newMemberRig(t)
	m.say(wrongAnswerQuestion)
	first := m.say("ko phải")
	offered := map[string]bool{}
	for _, d := range flat(first) {
		if strings.HasPrefix(d, "f:") {
			offered[d] = true
		}
	}
	if len(offered) == 0 {
		t.Fatalf("\"ko phải\" offered no entries; pick another example:\n%s", joined(first))
	}
	for _, again := range []string{"sai rồi c", "ko phai"} {
		got := m.say(again)
		if joined(got) == joined(first) {
			t.Fatalf("%q: the same correction again:\n%s", again, joined(got))
		}
		person := false
		for _, d := range flat(got) {
			if offered[d] {
				t.Fatalf("%q: entry %s offered again", again, d)
			}
			person = person || d == "hp"
		}
		if !person || !strings.Contains(joined(got), "xin lỗi") {
			t.Fatalf("%q: want an apology and the hand-off to a person, got:\n%s %v", again, joined(got), flat(got))
		}
	}
}
