package handlers_test

import (
	"context"
	"slices"
	"strings"
	"testing"
)

// A member who does not understand an answer says so the way she would on
// a phone. She gets the main point of the same answer again and a person
// to ask, never "Loa chưa có câu trả lời" nor an unanswered question for
// her branch; and her next short question still reads with what she asked
// before. "e hiểu rồi" is thanks, and a question that names its subject
// after "ko hiểu" is answered as a question.
func TestAskingToExplainAgainKeepsHerQuestion(t *testing.T) {
	t.Parallel()
	m := newMemberRig(t)
	m.say(m.code)
	m.say("dong y")
	if !m.isMember() {
		t.Fatal("setup: not a member")
	}
	first := joined(m.say("bhyt ho gia dinh mua o dau"))
	if !strings.Contains(first, "đại lý thu") {
		t.Fatalf("setup: the BHYT question is no longer answered with where to buy it: %s", first)
	}
	main, _, _ := strings.Cut(first, "\n")
	for _, text := range []string{"ko hieu, noi ro hon di c", "chị ơi em đọc chưa hiểu", "giai thich lai giup e voi", "khó hiểu quá c ơi"} {
		replies := m.say(text)
		got := joined(replies)
		switch {
		case !strings.Contains(got, "Ý chính là") || !strings.Contains(got, strings.TrimSpace(main)):
			t.Errorf("%q: want the main point of the last answer again, got %s", text, got)
		case strings.Contains(got, "chưa có câu trả lời") || strings.Contains(got, "đã chuyển"):
			t.Errorf("%q: taken for an unanswered question: %s", text, got)
		case !slices.Contains(flat(replies), "hp"):
			t.Errorf("%q: no button to ask a person: %v", text, flat(replies))
		}
	}
	if got := joined(m.say("bao nhieu tien 1 nam")); !strings.Contains(got, "BHYT hộ gia đình") || strings.Contains(got, "Chị muốn hỏi điều nào") {
		t.Errorf("the follow-up after asking to explain lost its subject: %s", got)
	}
	if got := joined(m.say("dạ e hiểu rồi, cảm ơn c")); strings.Contains(got, "Ý chính là") {
		t.Errorf("thanks taken for a request to explain: %s", got)
	}
	if got := joined(m.say("ko hieu vneid muc 2 la gi")); strings.Contains(got, "Ý chính là") || !strings.Contains(got, "VNeID") {
		t.Errorf("a question after \"ko hiểu\" not answered as a question: %s", got)
	}
	if n, err := m.st.CountOpenQuestions(context.Background(), "B11"); err != nil || n != 0 {
		t.Errorf("asking to explain opened %d questions for her branch (%v)", n, err)
	}
}
