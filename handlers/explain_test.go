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
	m := newJoinedMember(t)
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

// Her own case put to the last answer ("nhà e 5 người thì sao" after the
// BHYT rates) is asked back among entries of her topic, not met with "Loa
// chưa có câu trả lời" and entries of other programmes, nor recorded as an
// unanswered question.
func TestHerCaseAfterAnAnswerStaysInItsTopic(t *testing.T) {
	t.Parallel()
	m := newJoinedMember(t)
	if got := joined(m.say("bhyt ho gia dinh bao nhieu tien")); !strings.Contains(got, "Người thứ nhất") {
		t.Fatalf("setup: the BHYT rates are no longer the answer: %s", got)
	}
	replies := m.say("nha e 5 nguoi thi sao")
	got := joined(replies)
	if strings.Contains(got, "chưa có câu trả lời") || !slices.Contains(flat(replies), "f:bhyt-ho-gia-dinh") {
		t.Errorf("her case after the BHYT rates: want the rates offered, got %s %v", got, flat(replies))
	}
	for _, d := range flat(replies) {
		if id, ok := strings.CutPrefix(d, "f:"); ok && !strings.HasPrefix(id, "bhyt") && !strings.HasPrefix(id, "bhxh") {
			t.Errorf("her case after the BHYT rates offered %s, of another programme", id)
		}
	}
	if n, err := m.st.CountOpenQuestions(context.Background(), "B11"); err != nil || n != 0 {
		t.Errorf("her case opened %d questions for her branch (%v)", n, err)
	}
}

// A member who says where she lives in the middle of her questions, as to
// a person at the office, is thanked, not told "Loa chưa có câu trả lời"
// nor recorded as an unanswered question; the loan she was asking about
// stays her subject. A question that opens the same way is still a
// question, and an emergency told after where she lives still gets its
// hotline.
func TestSelfIntroductionKeepsHerSubject(t *testing.T) {
	t.Parallel()
	m := newJoinedMember(t)
	if got := joined(m.say("dieu kien vay von ho ngheo")); !strings.Contains(got, "hộ nghèo") {
		t.Fatalf("setup: the loan conditions are no longer answered: %s", got)
	}
	for _, text := range []string{"e o ap 3 xa Phu Ly", "tui là hội viên chi hội ấp Bàu Tre", "em tên Lan, ở thôn 2 ạ"} {
		got := joined(m.say(text))
		if !strings.Contains(got, "Loa cảm ơn chị") || strings.Contains(got, "chưa có câu trả lời") {
			t.Errorf("%q: want a thanks, got %s", text, got)
		}
	}
	if got := joined(m.say("còn hộ cận nghèo thì sao")); strings.Contains(got, "Chị muốn hỏi điều nào") || !strings.Contains(got, "cận nghèo") {
		t.Errorf("the loan question after she said where she lives lost its subject: %s", got)
	}
	if got := joined(m.say("e o ap 3, muon hoi cach lam vneid muc 2")); strings.Contains(got, "Loa cảm ơn chị") {
		t.Errorf("a question after where she lives taken for an introduction: %s", got)
	}
	if got := joined(m.say("e o ap 3 xa Phu Ly, ck e dang cam dao doi giet e")); !strings.Contains(got, "113") {
		t.Errorf("an emergency after where she lives lost its hotline: %s", got)
	}
	if n, err := m.st.CountOpenQuestions(context.Background(), "B11"); err != nil || n != 0 {
		t.Errorf("her introductions opened %d questions for her branch (%v)", n, err)
	}
}

// newJoinedMember is a member rig whose member has joined with her code
// and consented, as a member who asks questions has.
func newJoinedMember(t *testing.T) *memberRig {
	t.Helper()
	m := newMemberRig(t)
	m.say(m.code)
	m.say("dong y")
	if !m.isMember() {
		t.Fatal("setup: not a member")
	}
	return m
}

// A follow-up that changes what she asks about her subject ("vay được bao
// nhiêu" after the poor households' loan conditions) is about that subject:
// when Loa is not sure, the choice it offers holds the poor households'
// limit first, not the loans of other groups that the follow-up alone
// brings to mind, and never the answer she already has.
func TestFollowUpChoiceKeepsWhatSetHerSubjectApart(t *testing.T) {
	t.Parallel()
	m := newJoinedMember(t)
	if got := joined(m.say("dk vay von ho ngheo")); !strings.Contains(got, "danh sách hộ nghèo") {
		t.Fatalf("setup: the poor households' loan conditions are no longer the answer: %s", got)
	}
	replies := m.say("vay được bao nhiêu")
	got := joined(replies)
	var offered []string
	for _, d := range flat(replies) {
		if id, ok := strings.CutPrefix(d, "f:"); ok {
			offered = append(offered, id)
		}
	}
	answered := strings.Contains(got, "tối đa") && !strings.Contains(got, "Chị muốn hỏi điều nào")
	if !answered && (len(offered) == 0 || offered[0] != "vay-ho-ngheo-muc-vay") {
		t.Errorf("\"vay được bao nhiêu\" after the poor households' loan: want their limit answered or offered first, got %s %v", got, offered)
	}
	if slices.Contains(offered, "vay-ho-ngheo-dieu-kien") {
		t.Errorf("the follow-up offered the answer she already has: %v", offered)
	}
}
