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
	// ("… bảo biết chỗ em làm rồi" had its line from "rồi" read as a whip,
	// roi; since session 17 it is not, and that wording gets no line.)
	story := "thằng đó nhắn tin nói biết chỗ em làm rồi, em sợ quá"
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
	// (safety21's retraining left "chi hoi oi dao nay ck em …" without
	// a line: "chị hội ơi" opens it, not "c ơi".)
	story := "c oi dao nay ck em hay nhau nhat, em so qua"
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

// Fear told alone, the first piece of a story ("c ơi e sợ quá"), is
// answered with the hotline line and a gentle word asking her to tell
// more, and a registered member's reaches her branch: the fallback had
// told her Loa had no answer and would pass "the question" to staff.
func TestFearToldAloneGetsTheLineAndReachesHerBranch(t *testing.T) {
	t.Parallel()
	r := newQRig(t)
	const fear = "c ơi e sợ quá"
	got := r.say(attMember, fear)
	if len(got) != 1 || !strings.HasPrefix(got[0].Text, "☎️") || !strings.Contains(got[0].Text, "113") {
		t.Fatalf("want the hotline line first:\n%s", allText(got))
	}
	if text := allText(got); strings.Contains(text, "chưa có câu trả lời") {
		t.Errorf("told there is no answer:\n%s", text)
	}
	expect(t, "member", got, "Chị có thể kể rõ hơn", "đã chuyển lời chị tới chi hội của chị (Chi hội Ấp 1)")
	page, err := r.st.ListOpenQuestions(context.Background(), "B11", "", 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Questions) != 1 || page.Questions[0].Text != fear {
		t.Errorf("her branch's queue holds %+v, want her message", page.Questions)
	}
}

// A member given the emergency script goes on telling in pieces: the next
// piece, which read alone names no harm or the wrong one ("e trốn trong nhà
// tắm" got the fire and ambulance lines in the web chat), gets the script's
// hotline line first and reaches her branch; an answered question in the
// same minutes carries the line too. Another member in the same group chat
// is not touched, nor is she in another chat.
func TestPiecesAfterAScriptKeepItsHotlineFirst(t *testing.T) {
	t.Parallel()
	r := newQRig(t)
	kb := r.lib.KB()
	// (Since session 17 "e ôm con trốn vào phòng rồi" alone gets the
	// violence line itself; the piece is now what she asks next, which
	// alone gets none.)
	const first, piece = "ổng say rồi đang kiếm e", "giờ e phải làm sao"
	script := kb.Ask(first).Emergency
	if script == nil {
		t.Fatalf("%q no longer gets a script; pick another example", first)
	}
	if alone := kb.Ask(piece); alone.Emergency != nil || alone.Caution == script || alone.Harm == script {
		t.Fatalf("%q alone already gets %s; pick another example", piece, script.ID)
	}
	if got := r.say(attMember, first); len(got) != 1 || got[0].Text != script.Answer {
		t.Fatalf("want the script:\n%s", allText(got))
	}
	got := r.say(attMember, piece)
	if len(got) != 1 || !strings.HasPrefix(got[0].Text, script.Caution) {
		t.Fatalf("the piece after the script: want %s's line first:\n%s", script.ID, allText(got))
	}
	expect(t, "piece", got, "đã chuyển lời chị tới chi hội của chị")
	// A piece she tells in fear is heard, not met with "Loa chưa hiểu".
	expect(t, "piece", got, "Loa vẫn đang nghe chị")
	if strings.Contains(got[0].Text, "chưa hiểu") {
		t.Errorf("the piece after the script is told Loa did not understand:\n%s", allText(got))
	}
	const question = "ngôi nhà bình yên là gì"
	if a := kb.Ask(question); len(a.Entries) == 0 || a.Caution != nil {
		t.Fatalf("%q is no longer answered plainly; pick another example", question)
	}
	if got := r.say(attMember, question); !strings.HasPrefix(got[0].Text, script.Caution) {
		t.Errorf("an answer minutes after the script: want the line first:\n%s", allText(got))
	}
	if got := r.say(attMember2, piece); len(got) > 0 && strings.HasPrefix(got[0].Text, script.Caution) {
		t.Errorf("another member got the first member's line:\n%s", allText(got))
	}
}

// The pieces of a story whose first piece got only the hotline line (the
// classifier unsure) keep that line first too: "ck e say ruou ve" got the
// violence line (113) and the next piece, "e om con tron vao phong roi",
// read alone, the self-harm line (115) instead. Both are shown, what she
// was told first on top. (Since session 16 that piece alone reads as no
// self-harm and gets no line; "con e bi sot", the ambulance's line, is
// the next piece here.)
func TestPiecesAfterAHotlineLineKeepItFirst(t *testing.T) {
	t.Parallel()
	r := newQRig(t)
	kb := r.lib.KB()
	// (Since session 17 "ck e say ruou ve" alone gets no line, a husband's
	// evening told without more; "… la het", shouting, does.)
	const first, piece = "ck e say ruou ve la het", "con e bi sot"
	a, b := kb.Ask(first), kb.Ask(piece)
	if a.Emergency != nil || a.Caution == nil || b.Emergency != nil || b.Caution == nil || a.Caution == b.Caution {
		t.Fatalf("%q and %q no longer get two different hotline lines alone; pick other examples", first, piece)
	}
	if got := r.say(attMember, first); !strings.HasPrefix(got[0].Text, a.Caution.Caution) {
		t.Fatalf("the first piece: want its line first:\n%s", allText(got))
	}
	got := r.say(attMember, piece)
	if !strings.HasPrefix(got[0].Text, a.Caution.Caution+"\n"+b.Caution.Caution) {
		t.Errorf("the next piece: want the first line, then its own:\n%s", allText(got))
	}
}

// A question answered from the knowledge base under a hotline line (the
// classifier unsure of a word in it) is no story: its line does not follow
// her next questions. In the web chat a poor mother's question about
// support ("ck e di lam an xa …") got the ambulance line, and so, for 20
// minutes, did every answer after it.
func TestALineAboveAnAnswerDoesNotFollowHerNextQuestions(t *testing.T) {
	t.Parallel()
	r := newQRig(t)
	kb := r.lib.KB()
	const first, next = "bị bạo hành phải làm sao", "ngôi nhà bình yên là gì"
	a := kb.Ask(first)
	if a.Emergency != nil || a.Caution == nil || len(a.Entries) == 0 {
		t.Fatalf("%q is no longer answered under a hotline line; pick another example", first)
	}
	if b := kb.Ask(next); len(b.Entries) == 0 || b.Caution != nil || b.Emergency != nil {
		t.Fatalf("%q is no longer answered plainly; pick another example", next)
	}
	if got := r.say(attMember, first); !strings.HasPrefix(got[0].Text, a.Caution.Caution) {
		t.Fatalf("want the line above the answer:\n%s", allText(got))
	}
	if got := r.say(attMember, next); strings.HasPrefix(got[0].Text, "☎️") {
		t.Errorf("the next question carries the line:\n%s", allText(got))
	}
}
