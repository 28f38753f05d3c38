package content

import "testing"

func TestRelatedOffersTheEntrysOwnFollowUpsFirst(t *testing.T) {
	t.Parallel()
	lib, err := NewLibrary("")
	if err != nil {
		t.Fatal(err)
	}
	kb := lib.KB()
	for _, e := range kb.Entries() {
		got := kb.Related(e)
		if len(got) == 0 || len(got) > 3 {
			t.Fatalf("%s: %d related entries, want 1–3", e.ID, len(got))
		}
		for i, r := range got {
			if r == e {
				t.Fatalf("%s is offered as its own follow-up", e.ID)
			}
			if i < len(e.Related) && r.ID != e.Related[i] {
				t.Fatalf("%s: follow-up %d is %s, want its own related %s first", e.ID, i, r.ID, e.Related[i])
			}
		}
	}
	if kb.Related(&Entry{ID: "x"}) != nil {
		t.Fatal("an entry of no KB has related entries")
	}
}
