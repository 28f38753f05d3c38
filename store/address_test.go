package store_test

import (
	"context"
	"testing"
	"time"

	"loa/store"
)

// The form one person is called by is kept for her alone in one chat,
// read back in the update's first round trip, renewed by each of her
// messages, forgotten on request and erased with her data.
func TestAddressIsKeptPerPersonAndRenewedByHerMessages(t *testing.T) {
	t.Parallel()
	st := dirStore(t)
	ctx := context.Background()
	if err := st.RememberAddress(ctx, "web", "s1", "s1", "ba"); err != nil {
		t.Fatal(err)
	}
	begin, err := st.BeginUpdate(ctx, "web", "u1", "s1", "s1")
	if err != nil || begin.Recall.Address != "ba" {
		t.Fatalf("BeginUpdate: %q, %v; want ba", begin.Recall.Address, err)
	}
	for _, other := range [][2]string{{"s1", "s2"}, {"s2", "s1"}} {
		if b, _ := st.BeginUpdate(ctx, "web", "", other[0], other[1]); b.Recall.Address != "" {
			t.Errorf("chat %s, user %s: %q, want none", other[0], other[1], b.Recall.Address)
		}
	}
	prefix := st.Namespace()
	if prefix != "" {
		prefix += ":"
	}
	key := prefix + "loa:addr:web:s1:s1"
	// Her next message, minutes later, renews the memory.
	if err := st.Client().Expire(ctx, key, time.Minute).Err(); err != nil {
		t.Fatal(err)
	}
	if _, err := st.BeginUpdate(ctx, "web", "u2", "s1", "s1"); err != nil {
		t.Fatal(err)
	}
	if ttl := st.Client().TTL(ctx, key).Val(); ttl <= time.Minute || ttl > store.AddressMemory {
		t.Errorf("after her message kept for %v, want renewed to %v", ttl, store.AddressMemory)
	}
	// A later tell replaces it; "" forgets.
	if err := st.RememberAddress(ctx, "web", "s1", "s1", "anh"); err != nil {
		t.Fatal(err)
	}
	if b, _ := st.BeginUpdate(ctx, "web", "", "s1", "s1"); b.Recall.Address != "anh" {
		t.Errorf("after a new tell: %q, want anh", b.Recall.Address)
	}
	if err := st.RememberAddress(ctx, "web", "s1", "s1", ""); err != nil {
		t.Fatal(err)
	}
	if n := st.Client().Exists(ctx, key).Val(); n != 0 {
		t.Errorf("after forgetting the key is still there")
	}
	// Erase forgets it with the rest of her data.
	if err := st.RememberAddress(ctx, "web", "s1", "s1", "co"); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Erase(ctx, "web", "s1"); err != nil {
		t.Fatal(err)
	}
	if b, _ := st.BeginUpdate(ctx, "web", "", "s1", "s1"); b.Recall.Address != "" {
		t.Errorf("after Erase: %q", b.Recall.Address)
	}
}
