package handlers_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"loa/chat"
)

// A member answers Loa's "Chị muốn hỏi điều nào dưới đây ạ?" by typing
// the number, as Zalo taught her, on every platform (found by playing the
// web chat: "2" got "Lựa chọn này đã đóng rồi" with the choice on screen).

// sayAs sends text as user in chat on the web chat, with a fresh id.
func (m *memberRig) sayAs(chatID, user, text string, group bool) []chat.Reply {
	m.t.Helper()
	m.n++
	return m.router.Handle(context.Background(), chat.Update{
		// In a group she says it to Loa (an @mention): words not said to
		// Loa are the members' own (TestCalledByName).
		Platform: chat.Web, ID: fmt.Sprint("u", m.n), ChatID: chatID, UserID: user, UserName: user, Text: text, Group: group, Addressed: group,
	})
}

// pressAs is a tap on a button as user in chat.
func (m *memberRig) pressAs(chatID, user, data string, group bool) []chat.Reply {
	m.t.Helper()
	m.n++
	return m.router.Handle(context.Background(), chat.Update{
		Platform: chat.Web, ID: fmt.Sprint("u", m.n), ChatID: chatID, UserID: user, UserName: user, Data: data, Group: group,
	})
}

// clarifyingQuestion fits two entries almost equally: Loa asks which one.
const clarifyingQuestion = "vneid muc 2"

// flat is the button data of replies' last choice, in the order shown.
func flat(replies []chat.Reply) []string {
	var data []string
	for _, r := range replies {
		if len(r.Buttons) == 0 {
			continue
		}
		data = data[:0]
		for _, row := range r.Buttons {
			for _, b := range row {
				data = append(data, b.Data)
			}
		}
	}
	return data
}

func TestATypedNumberPicksTheOpenChoice(t *testing.T) {
	t.Parallel()
	m := newMemberRig(t)
	asked := m.say(clarifyingQuestion)
	if !strings.Contains(joined(asked), "điều nào") {
		t.Fatalf("%q no longer asks back; pick another example:\n%s", clarifyingQuestion, joined(asked))
	}
	choice := flat(asked)
	if len(choice) < 3 {
		t.Fatalf("want two or three entries and a way out, got %v", choice)
	}
	for _, c := range []struct {
		text string
		pick int
	}{
		{"2", 1}, {"1.", 0}, {"cái 2", 1}, {"câu thứ hai", 1}, {"số 1 á", 0}, {"cai dau tien", 0},
		{"Cái thứ nhất", 0}, {"chọn 2 nha", 1},
	} {
		want := joined(m.pressAs("lan", "lan", choice[c.pick], false))
		if got := joined(m.say(c.text)); got != want {
			t.Fatalf("%q: want the answer of choice %d (%s):\n%s\ngot:\n%s", c.text, c.pick+1, choice[c.pick], want, got)
		}
	}
	// A number beyond the choice is not one of it.
	if got := joined(m.say("9")); !strings.Contains(got, "Lựa chọn này đã đóng rồi") {
		t.Fatalf("9 of %d choices: want the closed-choice answer, got:\n%s", len(choice), got)
	}
}

// With no choice open the answer stays as it was; her next question's
// answer closes the choice it does not offer.
func TestATypedNumberWithNoOpenChoiceStaysClosed(t *testing.T) {
	t.Parallel()
	m := newMemberRig(t)
	if got := joined(m.say("2")); !strings.Contains(got, "Lựa chọn này đã đóng rồi") {
		t.Fatalf("nothing offered: want the closed-choice answer, got:\n%s", got)
	}
	m.say(clarifyingQuestion)
	answered := m.say("lãi suất vay vốn hộ nghèo bao nhiêu")
	if strings.Contains(joined(answered), "điều nào") || strings.Contains(joined(answered), "Có phải chị muốn hỏi") {
		t.Fatalf("the loan question no longer has a plain answer; pick another example:\n%s", joined(answered))
	}
	if got := joined(m.say("2.")); !strings.Contains(got, "Lựa chọn này đã đóng rồi") {
		t.Fatalf("after a plain answer: want the closed-choice answer, got:\n%s", got)
	}
	// Words that only look like a pick stay a question ("thứ hai" is Monday).
	choice := flat(m.say(clarifyingQuestion + " a")) // not a repeat of the first
	if len(choice) < 3 {
		t.Fatalf("want a choice, got %v", choice)
	}
	second := joined(m.pressAs("lan", "lan", choice[1], false))
	for _, text := range []string{"thứ hai họp mấy giờ", "thứ 2", "2 người"} {
		if got := joined(m.say(text)); got == second {
			t.Fatalf("%q was taken as a pick of the second choice", text)
		}
	}
}

// In a group, her choice is hers: another woman's "2" does not pick it.
func TestAnotherPersonsNumberDoesNotPickHerChoice(t *testing.T) {
	t.Parallel()
	m := newMemberRig(t)
	asked := m.sayAs("group1", "lan", clarifyingQuestion, true)
	choice := flat(asked)
	if len(choice) < 3 {
		t.Fatalf("want a choice in the group, got %v", choice)
	}
	if got := joined(m.sayAs("group1", "mai", "2", true)); !strings.Contains(got, "Lựa chọn này đã đóng rồi") {
		t.Fatalf("another person's 2: want the closed-choice answer, got:\n%s", got)
	}
	want := joined(m.pressAs("group1", "lan", choice[1], true))
	if got := joined(m.sayAs("group1", "lan", "2", true)); got != want {
		t.Fatalf("her own 2 in the group: want\n%s\ngot\n%s", want, got)
	}
}
