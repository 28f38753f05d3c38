package admin_test

import (
	"context"
	"encoding/csv"
	"strings"
	"testing"
	"time"

	"loa/store"
)

func TestQuestionsExport(t *testing.T) {
	st, run := runner(t)
	ctx := context.Background()
	run("units", "import", "--sample")
	now := time.Date(2026, 12, 6, 2, 0, 0, 0, time.UTC) // 09:00 in Vietnam
	ask := func(user, unit, text string) store.Question {
		t.Helper()
		if _, err := st.Register(ctx, store.Member{Platform: "zalo", UserID: user, Name: "Chị " + user, Unit: unit, Consent: now, Active: true}); err != nil {
			t.Fatal(err)
		}
		q, _, err := st.OpenQuestion(ctx, store.NewQuestion{Asker: store.Identity{Platform: "zalo", UserID: user}, Text: text, Reason: store.QuestionFallback, Now: now})
		if err != nil {
			t.Fatal(err)
		}
		return q
	}
	a := ask("1", "DN-DAKO-01", "Khi nào họp chi hội? Số em 0912345678")
	ask("2", "DN-PHULY-01", "=cmd|' /C calc'!A0")
	head := store.Identity{Platform: "telegram", UserID: "77"}
	if _, err := st.AnswerQuestion(ctx, a.ID, head, "Thứ Bảy, 8 giờ.", now.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if _, err := st.MarkQuestionInKnowledge(ctx, a.ID, head, now); err != nil {
		t.Fatal(err)
	}
	r := run("questions", "export", "--csv")
	if r.code != 0 {
		t.Fatalf("%+v", r)
	}
	recs, err := csv.NewReader(strings.NewReader(r.out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"id", "state", "reason", "unit", "platform", "opened", "closed", "question", "answer", "in_knowledge_base"},
		{"1", "answered", "fallback", "DN-DAKO-01", "zalo", "2026-12-06 09:00", "2026-12-06 10:00", "Khi nào họp chi hội? Số em ***", "Thứ Bảy, 8 giờ.", "yes"},
		{"2", "open", "fallback", "DN-PHULY-01", "zalo", "2026-12-06 09:00", "", "'=cmd|' /C calc'!A0", "", "no"},
	}
	if len(recs) != len(want) {
		t.Fatalf("csv %q", r.out)
	}
	for i := range want {
		if strings.Join(recs[i], "¦") != strings.Join(want[i], "¦") {
			t.Errorf("row %d: %q, want %q", i, recs[i], want[i])
		}
	}
	if strings.Contains(r.out, "Chị 1") || strings.Contains(r.out, "77") {
		t.Fatalf("export names a person: %q", r.out)
	}
	r = run("questions", "export", "--unit", "DN-DAKO")
	if r.code != 0 || !strings.HasPrefix(r.out, "ID ") || !strings.HasSuffix(r.out, "\n1 questions\n") || strings.Contains(r.out, "calc") {
		t.Fatalf("table for one commune: %q", r.out)
	}
	if r := run("questions", "export", "--unit", "NOWHERE"); r.code != 1 {
		t.Fatalf("unknown unit: %+v", r)
	}
}
