package store_test

import (
	"context"
	"testing"

	"loa/store"
)

// The emergency script given to one person in a chat is remembered for
// EmergencyMemory, for her alone: another person in the same group chat,
// or she in another chat, has none.
func TestRecentEmergencyIsKeptPerPersonAndChatForAWhile(t *testing.T) {
	t.Parallel()
	st := dirStore(t)
	ctx := context.Background()
	if got, err := st.RecentEmergency(ctx, "telegram", "-100", "7"); err != nil || got != "" {
		t.Fatalf("before: %q, %v", got, err)
	}
	if err := st.RememberEmergency(ctx, "telegram", "-100", "7", "bao-luc-dang-xay-ra"); err != nil {
		t.Fatal(err)
	}
	if got, _ := st.RecentEmergency(ctx, "telegram", "-100", "7"); got != "bao-luc-dang-xay-ra" {
		t.Fatalf("after: %q", got)
	}
	for _, other := range [][2]string{{"-100", "8"}, {"7", "7"}} {
		if got, _ := st.RecentEmergency(ctx, "telegram", other[0], other[1]); got != "" {
			t.Errorf("chat %s, user %s: %q, want none", other[0], other[1], got)
		}
	}
	prefix := st.Namespace()
	if prefix != "" {
		prefix += ":"
	}
	ttl := st.Client().TTL(ctx, prefix+"loa:sos:telegram:-100:7").Val()
	if ttl <= 0 || ttl > store.EmergencyMemory {
		t.Errorf("kept for %v, want at most %v", ttl, store.EmergencyMemory)
	}
}
