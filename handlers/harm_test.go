package handlers_test

import (
	"strings"
	"testing"
)

// A story of harm that the safety classifier is unsure of and that no entry
// answers gets the fitting hotline line first and a gentle word — never
// "Loa chưa có câu trả lời" (issue 9): for a registered member and for a
// stranger alike.
func TestAStoryOfHarmNothingAnswersGetsTheHotlineNotNoAnswer(t *testing.T) {
	r := newQRig(t)
	story := "thằng đó nhắn tin bảo biết nhà em ở đâu rồi, em không dám ra đường"
	ans := r.lib.KB().Ask(story)
	line := ans.Caution
	if line == nil {
		line = ans.Harm
	}
	if ans.Emergency != nil || line == nil || len(ans.Entries) > 0 || len(ans.Clarify) > 0 {
		t.Fatalf("the knowledge base no longer leaves %q unanswered with a hotline line; pick another example", story)
	}
	for _, who := range []string{attMember, attNobody} {
		got := r.say(who, story)
		if len(got) != 1 || !strings.HasPrefix(got[0].Text, line.Caution) {
			t.Fatalf("%s: want the hotline line first:\n%s", who, allText(got))
		}
		if text := allText(got); strings.Contains(text, "chưa có câu trả lời") || strings.Contains(text, "nằm ngoài việc của Hội") {
			t.Errorf("%s: told there is no answer:\n%s", who, text)
		}
		expect(t, who, got, "Nếu chị hoặc ai đó đang gặp nguy hiểm")
	}
}
