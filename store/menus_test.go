package store_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"loa/store"
	"loa/store/redistest"
)

func TestMenuRoundTripReplaceAndForget(t *testing.T) {
	t.Parallel()
	srv := redistest.Start(t)
	rdb := srv.Client()
	st := store.New(rdb)
	ctx := context.Background()

	labels := []string{"Hỏi đáp pháp luật", "Đăng ký hội viên", "Sự kiện"}
	data := []string{"faq:law", "reg:start", "ev:list"}
	if err := st.SaveMenu(ctx, "zalo", "6ede9afa66b88fe6d6a9", labels, data); err != nil {
		t.Fatal(err)
	}
	gotL, gotD, err := st.Menu(ctx, "zalo", "6ede9afa66b88fe6d6a9")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(gotL, labels) || !slices.Equal(gotD, data) {
		t.Fatalf("menu = %q %q, want %q %q", gotL, gotD, labels, data)
	}
	ttl := rdb.TTL(ctx, "loa:menu:zalo:6ede9afa66b88fe6d6a9").Val()
	if ttl <= 23*time.Hour || ttl > 24*time.Hour {
		t.Fatalf("menu TTL = %s, want about 24h", ttl)
	}

	// A new menu replaces the old one whole, even when shorter.
	if err := st.SaveMenu(ctx, "zalo", "6ede9afa66b88fe6d6a9", []string{"Có"}, []string{"yes"}); err != nil {
		t.Fatal(err)
	}
	gotL, gotD, _ = st.Menu(ctx, "zalo", "6ede9afa66b88fe6d6a9")
	if !slices.Equal(gotL, []string{"Có"}) || !slices.Equal(gotD, []string{"yes"}) {
		t.Fatalf("replaced menu = %q %q", gotL, gotD)
	}

	// Other chats and platforms are separate.
	if l, d, _ := st.Menu(ctx, "telegram", "6ede9afa66b88fe6d6a9"); len(l)+len(d) != 0 {
		t.Fatalf("telegram sees zalo menu: %q %q", l, d)
	}

	// Empty lists forget it.
	if err := st.SaveMenu(ctx, "zalo", "6ede9afa66b88fe6d6a9", nil, nil); err != nil {
		t.Fatal(err)
	}
	if n := rdb.Exists(ctx, "loa:menu:zalo:6ede9afa66b88fe6d6a9").Val(); n != 0 {
		t.Fatalf("forgotten menu key still exists")
	}
	if l, _, _ := st.Menu(ctx, "zalo", "6ede9afa66b88fe6d6a9"); len(l) != 0 {
		t.Fatalf("forgotten menu = %q", l)
	}
}

func TestSaveMenuRejectsMismatchedLists(t *testing.T) {
	t.Parallel()
	st := store.New(redistest.Start(t).Client())
	if err := st.SaveMenu(context.Background(), "zalo", "c1", []string{"a", "b"}, []string{"x"}); err == nil {
		t.Fatal("mismatched labels and data accepted")
	}
}
