package handlers_test

import (
	"context"
	"regexp"
	"slices"
	"strings"
	"testing"

	"loa/internal/testkit"
)

// hotlineNumber is any hotline Loa may give.
var hotlineNumber = regexp.MustCompile(`\b(111|112|113|114|115)\b|1900`)

// TestSmallTalkKindsAnswered plays a registered member's talk that is not
// a question (helper smalltalk18): a goodbye gets a warm goodbye and no
// buttons; a request to sing or joke a kind word and the topics; a
// complaint about Loa an apology and the hand-off to a person; thanks that
// tell what she does next are thanked back. None of them gets a hotline
// line, "no answer", or a question opened for her branch. A question
// after thanks is still answered, and "sai hết rồi" right after an answer
// still corrects it with other entries.
func TestSmallTalkKindsAnswered(t *testing.T) {
	t.Parallel()
	m := newJoinedMember(t)
	for _, c := range []struct {
		text, want string
		buttons    func(data []string) bool
	}{
		{"thôi em về cho heo ăn đây c", "chào chị nhé", func(d []string) bool { return len(d) == 0 }},
		{"bye loa nha, bua khac e nhan tiep", "chào chị nhé", func(d []string) bool { return len(d) == 0 }},
		{"loa hat cho e nghe 1 bai di", "không biết hát", func(d []string) bool { return slices.ContainsFunc(d, isTopic) }},
		{"c co bo chua", "người yêu", func(d []string) bool { return slices.ContainsFunc(d, isTopic) }},
		{"trả lời gì mà dài quá trời", "xin lỗi", func(d []string) bool { return slices.Contains(d, "hp") }},
		{"bot nay vo dung", "xin lỗi", func(d []string) bool { return slices.Contains(d, "hp") }},
		{"cam on c, sang mai e len uy ban nop don", "không có gì", func(d []string) bool { return slices.ContainsFunc(d, isTopic) }},
		{"dạ cảm ơn chị, giờ em hết lo rồi", "không có gì", func(d []string) bool { return slices.ContainsFunc(d, isTopic) }},
	} {
		replies := m.say(c.text)
		got := joined(replies)
		switch {
		case !strings.Contains(got, c.want):
			t.Errorf("%q: want %q in the reply, got %s", c.text, c.want, got)
		case hotlineNumber.MatchString(got):
			t.Errorf("%q: small talk given a hotline: %s", c.text, got)
		case strings.Contains(got, "chưa có câu trả lời") || strings.Contains(got, "đã chuyển"):
			t.Errorf("%q: small talk taken for an unanswered question: %s", c.text, got)
		case !c.buttons(flat(replies)):
			t.Errorf("%q: unexpected buttons %v", c.text, flat(replies))
		}
	}
	if n, err := m.st.CountOpenQuestions(context.Background(), "B11"); err != nil || n != 0 {
		t.Errorf("small talk opened %d questions for her branch (%v)", n, err)
	}

	kb := testkit.EmbeddedLibrary(t).KB()
	asked := m.say("dạ cảm ơn c, cho e hỏi vay hộ nghèo lãi suất bao nhiêu")
	first := shownEntry(asked, kb)
	if first == nil {
		t.Fatalf("a question after thanks was not answered: %s", joined(asked))
	}
	if again := m.say("sai het roi c"); !goodCorrection(again, first) {
		t.Errorf("a correction after an answer is no correction: %s %v", joined(again), flat(again))
	}
}

// isTopic reports whether button data opens a topic ("t:…").
func isTopic(data string) bool { return strings.HasPrefix(data, "t:") }
