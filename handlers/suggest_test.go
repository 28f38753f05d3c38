package handlers_test

import (
	"strings"
	"testing"
)

// TestUnsureQuestionOffersLikelyEntriesAndStillReachesStaff: a registered
// member's in-scope question the knowledge base cannot answer with
// confidence, but ranks likely entries for (content.Answer.Suggest), gets
// the fallback with "Có phải chị muốn hỏi…": one button per likely entry
// ("f:<id>", the clarifying choice's buttons) above the topic menu. Her
// question still goes to her branch's queue, and a tap on a suggestion
// answers with that entry.
func TestUnsureQuestionOffersLikelyEntriesAndStillReachesStaff(t *testing.T) {
	t.Parallel()
	r := newQRig(t)
	ans := r.lib.KB().Ask(localQuestion)
	if len(ans.Entries) > 0 || len(ans.Clarify) > 0 || len(ans.Suggest) == 0 || len(ans.Suggest) > 3 {
		t.Fatalf("the knowledge base no longer falls back on %q with suggestions (%d entries, %d to clarify, %d suggested); pick another example",
			localQuestion, len(ans.Entries), len(ans.Clarify), len(ans.Suggest))
	}
	replies := r.say(attMember, localQuestion)
	expect(t, "fallback with suggestions", replies, "chuyển câu hỏi tới chi hội của chị (Chi hội Ấp 1)", "Có phải chị muốn hỏi")
	if len(replies) != 1 {
		t.Fatalf("want one reply, got %d", len(replies))
	}
	rows := replies[0].Buttons
	if len(rows) < len(ans.Suggest)+10 {
		t.Fatalf("want the suggestions above the topic menu, got %d rows", len(rows))
	}
	for i, e := range ans.Suggest {
		if b := rows[i][0]; b.Data != "f:"+e.ID || b.Text != e.Questions[0] && !strings.HasSuffix(b.Text, "…") {
			t.Fatalf("button %d = %+v, want the entry %s", i, b, e.ID)
		}
	}
	if b := rows[len(ans.Suggest)][0]; !strings.HasPrefix(b.Data, "t:") {
		t.Fatalf("after the suggestions, want the topics, got %+v", b)
	}

	// Staff still get the question.
	list := r.say(attHead, "/cauhoi")
	expect(t, "head's list", list, "Có 1 câu hỏi", localQuestion)
	if ids := questionIDs(list); len(ids) != 1 {
		t.Fatalf("want the question in the queue, got %v", ids)
	}

	// A tap on a suggestion answers with its entry.
	first := ans.Suggest[0]
	got := r.press(attMember, rows[0][0].Data)
	if len(got) == 0 || !strings.Contains(got[0].Text, strings.TrimSpace(first.Answer)[:min(40, len(strings.TrimSpace(first.Answer)))]) {
		t.Fatalf("pressing %s gave %q", first.ID, allText(got))
	}
}

// TestConfidentAnswerOffersNoSuggestions: an answered question and an
// off-topic one never carry "Có phải chị muốn hỏi…".
func TestConfidentAnswerOffersNoSuggestions(t *testing.T) {
	t.Parallel()
	r := newQRig(t)
	for _, q := range []string{"5k3s la gi", "gia vang hom nay bn 1 chi", "xin chào"} {
		if got := allText(r.say(attMember, q)); strings.Contains(got, "Có phải chị muốn hỏi") {
			t.Fatalf("%q was offered suggestions:\n%s", q, got)
		}
	}
}
