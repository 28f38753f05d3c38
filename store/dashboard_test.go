package store_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"loa/store"
)

func TestDashboardLoginLinkWorksOnceAndIsStoredHashed(t *testing.T) {
	t.Parallel()
	st := dirStore(t)
	ctx := context.Background()
	who := store.Identity{Platform: "telegram", UserID: "4242"}
	token, err := st.CreateDashboardLogin(ctx, who, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	keys, err := st.Client().Keys(ctx, "*").Result()
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range keys {
		if strings.Contains(k, token) {
			t.Fatalf("the token is in a key: %s", k)
		}
		if v, err := st.Client().Get(ctx, k).Result(); err == nil && strings.Contains(v, token) {
			t.Fatalf("the token is in the value of %s", k)
		}
	}
	if ok, err := st.DashboardLoginValid(ctx, token); err != nil || !ok {
		t.Fatalf("valid = %v, %v", ok, err)
	}
	// Ten clicks at once: exactly one gets in.
	var wg sync.WaitGroup
	var mu sync.Mutex
	wins := 0
	for range 10 {
		wg.Go(func() {
			got, err := st.UseDashboardLogin(ctx, token)
			if err == nil {
				mu.Lock()
				wins++
				mu.Unlock()
				if got != who {
					t.Errorf("link names %v, want %v", got, who)
				}
			} else if !errors.Is(err, store.ErrDashboardLinkGone) {
				t.Errorf("use: %v", err)
			}
		})
	}
	wg.Wait()
	if wins != 1 {
		t.Fatalf("%d uses of a one-time link succeeded", wins)
	}
	if ok, _ := st.DashboardLoginValid(ctx, token); ok {
		t.Fatal("a used link is still valid")
	}
	for _, bad := range []string{"", "x", strings.Repeat("a", 43), token + "a"} {
		if _, err := st.UseDashboardLogin(ctx, bad); !errors.Is(err, store.ErrDashboardLinkGone) {
			t.Errorf("token %q: %v", bad, err)
		}
	}
}

func TestDashboardLoginLinkExpires(t *testing.T) {
	t.Parallel()
	st := dirStore(t)
	ctx := context.Background()
	token, err := st.CreateDashboardLogin(ctx, store.Identity{Platform: "zalo", UserID: "abc"}, 50*time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(120 * time.Millisecond)
	if _, err := st.UseDashboardLogin(ctx, token); !errors.Is(err, store.ErrDashboardLinkGone) {
		t.Fatalf("expired link: %v", err)
	}
}

func TestDashboardSessionLivesUntilSignOut(t *testing.T) {
	t.Parallel()
	st := dirStore(t)
	ctx := context.Background()
	who := store.Identity{Platform: "telegram", UserID: "7"}
	token, sess, err := st.CreateDashboardSession(ctx, who, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	got, err := st.DashboardSessionOf(ctx, token)
	if err != nil || got.Who != who || got.CSRF != sess.CSRF || len(got.CSRF) < 40 {
		t.Fatalf("session = %+v, %v", got, err)
	}
	ttl := st.Client().TTL(ctx, mustOnlyKey(t, st, "*session*")).Val()
	if ttl <= 0 || ttl > time.Hour {
		t.Fatalf("session TTL %s", ttl)
	}
	if err := st.EndDashboardSession(ctx, token); err != nil {
		t.Fatal(err)
	}
	if _, err := st.DashboardSessionOf(ctx, token); !errors.Is(err, store.ErrDashboardSessionGone) {
		t.Fatalf("after sign-out: %v", err)
	}
}

func mustOnlyKey(t *testing.T, st *store.Store, pattern string) string {
	t.Helper()
	keys, err := st.Client().Keys(context.Background(), pattern).Result()
	if err != nil || len(keys) != 1 {
		t.Fatalf("keys %s = %v, %v", pattern, keys, err)
	}
	return keys[0]
}

func TestAuditLogNewestFirstAndErasedPeopleBecomeAnonymous(t *testing.T) {
	t.Parallel()
	st := dirStore(t)
	ctx := context.Background()
	her := store.Identity{Platform: "telegram", UserID: "555"}
	other := store.Identity{Platform: "zalo", UserID: "999"}
	base := time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)
	for i, who := range []store.Identity{her, other, her} {
		if err := st.AddAudit(ctx, store.AuditRecord{At: base.Add(time.Duration(i) * time.Minute), Who: who.String(), Action: "notice_send", Unit: "B1"}); err != nil {
			t.Fatal(err)
		}
	}
	if _, _, err := st.CreateDashboardSession(ctx, her, time.Hour); err != nil {
		t.Fatal(err)
	}
	if _, err := st.CreateDashboardLogin(ctx, her, time.Minute); err != nil {
		t.Fatal(err)
	}
	recs, err := st.AuditRecords(ctx, 0, 10)
	if err != nil || len(recs) != 3 || !recs[0].At.After(recs[1].At) || recs[1].Who != other.String() {
		t.Fatalf("records = %+v, %v", recs, err)
	}
	if _, err := st.Erase(ctx, her.Platform, her.UserID); err != nil {
		t.Fatal(err)
	}
	recs, _ = st.AuditRecords(ctx, 0, 10)
	if len(recs) != 3 || recs[0].Who != "erased" || recs[2].Who != "erased" || recs[1].Who != other.String() || recs[0].Action != "notice_send" {
		t.Fatalf("after erasure: %+v", recs)
	}
	keys, _ := st.Client().Keys(ctx, "*").Result()
	for _, k := range keys {
		if strings.Contains(k, her.UserID) {
			t.Errorf("key %s still names her", k)
		}
		if strings.Contains(k, "session") || strings.Contains(k, "login") {
			t.Errorf("her session or link %s survived her erasure", k)
		}
	}
}
