package store_test

import (
	"context"
	"slices"
	"testing"

	"loa/store"
)

// What one person last asked in a chat is kept for FollowUpMemory, for her
// alone, read back in the update's first round trip, replaced by her next
// question, and erased with her data.
func TestLastQuestionIsKeptPerPersonAndChatForAWhile(t *testing.T) {
	t.Parallel()
	st := dirStore(t)
	ctx := context.Background()
	q := store.LastQuestion{Subject: "dieu kien vay von ho ngheo la gi", Entries: []string{"vay-ho-ngheo-dieu-kien"}, Answered: true}
	if err := st.RememberQuestion(ctx, "web", "s1", "s1", q); err != nil {
		t.Fatal(err)
	}
	got, err := st.LastQuestionOf(ctx, "web", "s1", "s1")
	if err != nil || got.Subject != q.Subject || !slices.Equal(got.Entries, q.Entries) || !got.Answered {
		t.Fatalf("read back %+v, %v; want %+v", got, err, q)
	}
	begin, err := st.BeginUpdate(ctx, "web", "u1", "s1", "s1")
	if err != nil || begin.Recall.Last.Subject != q.Subject || !slices.Equal(begin.Recall.Last.Entries, q.Entries) {
		t.Fatalf("BeginUpdate: %+v, %v; want %+v", begin.Recall.Last, err, q)
	}
	if other, _ := st.LastQuestionOf(ctx, "web", "s1", "s2"); other.Subject != "" {
		t.Errorf("another person in the chat: %+v, want none", other)
	}
	prefix := st.Namespace()
	if prefix != "" {
		prefix += ":"
	}
	ttl := st.Client().TTL(ctx, prefix+"loa:lastq:web:s1:s1").Val()
	if ttl <= 0 || ttl > store.FollowUpMemory {
		t.Errorf("kept for %v, want at most %v", ttl, store.FollowUpMemory)
	}
	// A choice offered replaces the answer; nothing answered is not Answered.
	choice := store.LastQuestion{Subject: "vneid muc 2", Entries: []string{"a", "b"}}
	if err := st.RememberQuestion(ctx, "web", "s1", "s1", choice); err != nil {
		t.Fatal(err)
	}
	if got, _ := st.LastQuestionOf(ctx, "web", "s1", "s1"); got.Answered || !slices.Equal(got.Entries, choice.Entries) {
		t.Errorf("after a choice: %+v, want %+v", got, choice)
	}
	// A corrected question is read back as corrected, and only it.
	if got, _ := st.LastQuestionOf(ctx, "web", "s1", "s1"); got.Corrected {
		t.Errorf("never corrected, read back %+v", got)
	}
	corrected := q
	corrected.Corrected = true
	if err := st.RememberQuestion(ctx, "web", "s1", "s1", corrected); err != nil {
		t.Fatal(err)
	}
	if got, _ := st.LastQuestionOf(ctx, "web", "s1", "s1"); !got.Corrected || !got.Answered {
		t.Errorf("after a correction: %+v, want %+v", got, corrected)
	}
	// An empty subject forgets.
	if err := st.RememberQuestion(ctx, "web", "s1", "s1", store.LastQuestion{}); err != nil {
		t.Fatal(err)
	}
	if got, _ := st.LastQuestionOf(ctx, "web", "s1", "s1"); got.Subject != "" {
		t.Errorf("after forgetting: %+v", got)
	}
	// Erase forgets it with the rest of her data.
	if err := st.RememberQuestion(ctx, "web", "s1", "s1", q); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Erase(ctx, "web", "s1"); err != nil {
		t.Fatal(err)
	}
	if got, _ := st.LastQuestionOf(ctx, "web", "s1", "s1"); got.Subject != "" {
		t.Errorf("after Erase: %+v", got)
	}
}
