package handlers_test

import (
	"strings"
	"testing"

	"loa/chat"
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

// "ko phải" right after the emergency script (or with nothing asked
// before) was read as a question: the hotline line, then "Chị muốn hỏi
// điều nào" between a policy loan and the tax on selling online. It says
// no question; she gets an apology and a person, the hotline line kept
// first while the emergency is recent.
func TestACorrectionWithNothingToCorrectIsNotAQuestion(t *testing.T) {
	t.Parallel()
	m := newMemberRig(t)
	check := func(label string, got []chat.Reply) {
		t.Helper()
		text := joined(got)
		if !strings.Contains(text, "xin lỗi") || strings.Contains(text, "điều nào") {
			t.Fatalf("%s: want an apology, not a choice of entries:\n%s", label, text)
		}
		person := false
		for _, d := range flat(got) {
			if strings.HasPrefix(d, "f:") {
				t.Fatalf("%s: entry %s offered for a bare \"ko phải\"", label, d)
			}
			person = person || d == "hp"
		}
		if !person {
			t.Fatalf("%s: want the hand-off to a person, got %v", label, flat(got))
		}
	}
	check("nothing asked", m.say("ko phải"))

	m.say("vay von ho ngheo")
	script := joined(m.say("chồng e đánh e"))
	if !strings.Contains(script, "113") {
		t.Fatalf("\"chồng e đánh e\" no longer gets the script; pick another example:\n%s", script)
	}
	got := m.say("ko phải")
	check("after the emergency", got)
	if !strings.Contains(got[0].Text, "113") {
		t.Fatalf("after the emergency: want the hotline line first, got:\n%s", joined(got))
	}
}

// Offered two entries, she picked the first, then wrote "còn cái kia":
// Loa answered "Loa chưa rõ chị hỏi tiếp về việc nào" though it had just
// offered the other one itself. "cái kia" is the other entry of her open
// choice.
func TestTheOtherOneIsTheOtherEntryOfHerChoice(t *testing.T) {
	t.Parallel()
	m := newMemberRig(t)
	asked := m.say(clarifyingQuestion)
	var entries []string
	for _, d := range flat(asked) {
		if strings.HasPrefix(d, "f:") {
			entries = append(entries, d)
		}
	}
	if len(entries) != 2 {
		t.Fatalf("%q: want a choice of two entries, got %v", clarifyingQuestion, flat(asked))
	}
	m.say("1")
	want := joined(m.pressAs("other", "other", entries[1], false))
	if got := joined(m.say("còn cái kia")); got != want {
		t.Fatalf("\"còn cái kia\" after picking 1 of 2: want the other:\n%s\ngot:\n%s", want, got)
	}
	// With no choice open it still asks her to name it.
	if got := joined(m.sayAs("fresh", "fresh", "còn cái kia", false)); !strings.Contains(got, "chưa rõ") {
		t.Fatalf("\"còn cái kia\" with nothing before: want her asked to name it, got:\n%s", got)
	}
}

// A woman in danger writing in pieces: after the hotline line for
// violence, "e trốn trong nhà tắm" got the same line twice, a fire line
// between (the piece's own lines hold violence's too). Each hotline line
// is shown once, the one she was given first.
func TestAPieceOfAnEmergencyShowsEachHotlineOnce(t *testing.T) {
	t.Parallel()
	m := newMemberRig(t)
	for _, piece := range []string{"bao luc gia dinh la gi", "con neu ong ay say roi dang kiem e thi sao", "e trốn trong nhà tắm", "e sợ quá"} {
		got := m.say(piece)
		if len(got) == 0 {
			t.Fatalf("%q: no reply", piece)
		}
		seen := map[string]bool{}
		for _, line := range strings.Split(got[0].Text, "\n") {
			if strings.HasPrefix(line, "☎️") && seen[line] {
				t.Fatalf("%q: hotline line twice:\n%s", piece, got[0].Text)
			}
			seen[line] = true
		}
	}
}
