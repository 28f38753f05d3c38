package handlers_test

import (
	"context"
	"strings"
	"testing"
)

// A story of harm that the safety classifier is unsure of and that no entry
// answers gets the fitting hotline line first and a gentle word — never
// "Loa chưa có câu trả lời" (issue 9): for a registered member and for a
// stranger alike.
func TestAStoryOfHarmNothingAnswersGetsTheHotlineNotNoAnswer(t *testing.T) {
	t.Parallel()
	r := newQRig(t)
	// ("… biết nhà em ở đâu rồi, em không dám ra đường" sat under
	// safetySure; the classifier of branch safety12 reads it at 0.86,
	// sure, and gives it the script.)
	story := "thằng đó nhắn tin bảo biết chỗ em làm rồi, em sợ quá"
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

// A registered member's story of harm that the classifier is unsure of and
// nothing answers also reaches a person: it opens a question in her branch's
// queue (the head follows up after the hotline), and her reply says so. A
// stranger's is only answered.
func TestAStoryOfHarmNothingAnswersReachesHerBranch(t *testing.T) {
	t.Parallel()
	r := newQRig(t)
	// (The story of a husband who also "tối về là chửi bới" sat at 0.81,
	// under safetySure; the classifier of branch safety9 reads it at
	// 0.90, sure, and gives it the script.)
	story := "chi hoi oi dao nay ck em hay nhau nhat, em so qua"
	ans := r.lib.KB().Ask(story)
	if ans.Emergency != nil || ans.Caution == nil || len(ans.Entries) > 0 || len(ans.Clarify) > 0 {
		t.Fatalf("the knowledge base no longer leaves %q unanswered with the classifier unsure; pick another example", story)
	}
	expect(t, "member", r.say(attMember, story), "Nếu chị hoặc ai đó đang gặp nguy hiểm", "đã chuyển lời chị tới chi hội của chị (Chi hội Ấp 1)")
	page, err := r.st.ListOpenQuestions(context.Background(), "B11", "", 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Questions) != 1 || page.Questions[0].Text != story {
		t.Fatalf("B11's queue: %+v, want her story", page.Questions)
	}
	if text := allText(r.say(attNobody, story)); strings.Contains(text, "chuyển lời") {
		t.Errorf("a stranger is told she was forwarded:\n%s", text)
	}
}
