package store_test

import (
	"context"
	"slices"
	"testing"

	"loa/store"
)

// BeginUpdate reads, in its one round trip, everything Loa keeps in mind
// of one person's conversation in a chat: what she last asked, the
// emergency she was given and her open choice. Another person in the same
// group chat starts with none of it.
func TestBeginUpdateRecallsHerConversation(t *testing.T) {
	t.Parallel()
	st := dirStore(t)
	ctx := context.Background()
	q := store.LastQuestion{Subject: "vay von ho ngheo", Entries: []string{"vay-ho-ngheo-dieu-kien"}, Answered: true}
	choice := []string{"faq:vay-ho-ngheo-dieu-kien", "faq:vay-can-ngheo"}
	if err := st.RememberQuestion(ctx, "telegram", "-100", "7", q); err != nil {
		t.Fatal(err)
	}
	if err := st.RememberEmergency(ctx, "telegram", "-100", "7", "bao-luc-dang-xay-ra"); err != nil {
		t.Fatal(err)
	}
	if err := st.OfferChoice(ctx, "telegram", "-100", "7", choice); err != nil {
		t.Fatal(err)
	}
	begin, err := st.BeginUpdate(ctx, "telegram", "u1", "-100", "7")
	if err != nil {
		t.Fatal(err)
	}
	got := begin.Recall
	if got.Last.Subject != q.Subject || got.Emergency != "bao-luc-dang-xay-ra" || !slices.Equal(got.Choice, choice) {
		t.Errorf("BeginUpdate recalled %+v; want her question, the emergency and the choice %v", got, choice)
	}
	other, err := st.BeginUpdate(ctx, "telegram", "u2", "-100", "8")
	if err != nil {
		t.Fatal(err)
	}
	if other.Recall.Last.Subject != "" || other.Recall.Emergency != "" || len(other.Recall.Choice) != 0 {
		t.Errorf("another person in the group recalled %+v, want nothing", other.Recall)
	}
}

// A remembered question keeps phone and ID numbers masked, and a memory of
// the entries alone (a visitor's, whose words are not kept) is still
// recalled.
func TestRememberedQuestionMasksNumbersAndMayHoldEntriesAlone(t *testing.T) {
	t.Parallel()
	st := dirStore(t)
	ctx := context.Background()
	q := store.LastQuestion{Subject: "vay von goi em 0912 345 678", Entries: []string{"vay-ho-ngheo-dieu-kien"}, Answered: true}
	if err := st.RememberQuestion(ctx, "web", "s1", "s1", q); err != nil {
		t.Fatal(err)
	}
	got, err := st.LastQuestionOf(ctx, "web", "s1", "s1")
	if err != nil || got.Subject != "vay von goi em ***" {
		t.Errorf("kept %q, %v; want the number masked", got.Subject, err)
	}
	visitor := store.LastQuestion{Entries: []string{"vneid-la-gi"}, Answered: true}
	if err := st.RememberQuestion(ctx, "web", "s2", "s2", visitor); err != nil {
		t.Fatal(err)
	}
	if got, _ := st.LastQuestionOf(ctx, "web", "s2", "s2"); got.Subject != "" || !slices.Equal(got.Entries, visitor.Entries) || !got.Answered {
		t.Errorf("entries alone recalled as %+v, want %+v", got, visitor)
	}
}
