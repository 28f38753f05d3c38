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
