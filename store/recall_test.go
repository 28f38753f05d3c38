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
