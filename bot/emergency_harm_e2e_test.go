package main

import (
	"strings"
	"testing"

	"loa/content"
)

// TestEmergencyUnsureStoryNothingAnswersGetsTheHotline sends, through the
// whole program and the fake Telegram, a story of harm the safety
// classifier is unsure of and no entry answers: her first reply starts with
// the fitting hotline line and never says "Loa chưa có câu trả lời".
func TestEmergencyUnsureStoryNothingAnswersGetsTheHotline(t *testing.T) {
	t.Parallel()
	// ("… biết nhà em ở đâu rồi, em không dám ra đường" was one until
	// session 11's safety12 classifier read it as sure: it gets the script.)
	// ("… bảo biết chỗ em làm rồi" had its line only from "rồi" read as a
	// whip; since session 17 it is not.)
	story := "thằng đó nhắn tin nói biết chỗ em làm rồi, em sợ quá"
	lib, err := content.NewLibrary("")
	if err != nil {
		t.Fatal(err)
	}
	ans := lib.KB().Ask(story)
	line := ans.Caution
	if line == nil {
		line = ans.Harm
	}
	if ans.Emergency != nil || line == nil || len(ans.Entries) > 0 || len(ans.Clarify) > 0 {
		t.Fatalf("the knowledge base no longer leaves %q unanswered with a hotline line; pick another example", story)
	}
	r, _ := telegramRig(t)
	startProgram(t, r.env, r.secrets...)
	m := r.newMember(t, 301)
	m.Say(story)
	reply := m.Replies(1)[0]
	if !strings.HasPrefix(reply, line.Caution) || firstHotline(reply) != firstHotline(line.Caution) {
		t.Errorf("want the hotline line first, got:\n%s", reply)
	}
	if strings.Contains(reply, "chưa có câu trả lời") {
		t.Errorf("told there is no answer:\n%s", reply)
	}
}
