package store_test

import (
	"context"
	"testing"
	"time"
)

// A follower's reach moves only forward in time (a redelivered old event
// changes nothing), counts the free replies since her last event, and is
// gone after her erasure.
func TestZaloOAReachRecordAndErase(t *testing.T) {
	t.Parallel()
	st := dirStore(t)
	ctx := context.Background()
	const user = "1234567890123456789"
	now := time.Now().Truncate(time.Millisecond)
	if r, err := st.ZaloOAReachOf(ctx, user); err != nil || r.Known {
		t.Fatalf("before any event: %+v, %v; want unknown", r, err)
	}
	if err := st.ZaloOASeen(ctx, user, now, false); err != nil {
		t.Fatal(err)
	}
	for range 3 {
		if err := st.ZaloOAReplied(ctx, user); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.ZaloOASeen(ctx, user, now.Add(-time.Hour), false); err != nil { // a late redelivery
		t.Fatal(err)
	}
	r, err := st.ZaloOAReachOf(ctx, user)
	if err != nil || !r.Known || !r.Seen.Equal(now) || r.Replies != 3 || r.Unfollowed {
		t.Fatalf("reach %+v, %v; want seen now with 3 replies", r, err)
	}
	if err := st.ZaloOAUnfollowed(ctx, user); err != nil {
		t.Fatal(err)
	}
	if r, _ = st.ZaloOAReachOf(ctx, user); !r.Unfollowed {
		t.Fatalf("after unfollow: %+v", r)
	}
	if err := st.ZaloOASeen(ctx, user, now.Add(time.Minute), true); err != nil { // she follows again
		t.Fatal(err)
	}
	if r, _ = st.ZaloOAReachOf(ctx, user); r.Unfollowed || r.Replies != 0 {
		t.Fatalf("after a new follow: %+v; want followed with no replies used", r)
	}
	if _, err := st.Erase(ctx, "zalooa", user); err != nil {
		t.Fatal(err)
	}
	if r, _ = st.ZaloOAReachOf(ctx, user); r.Known {
		t.Fatalf("after erasure: %+v; want nothing kept", r)
	}
}
