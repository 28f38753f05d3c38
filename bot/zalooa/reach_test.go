package zalooa_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"loa/bot/zalooa/zalooatest"
	"loa/chat"
	"loa/store"
)

// members registers users as OA members of a small tree: Loa keeps the
// reach of members only.
func members(t *testing.T, r *rig, users ...string) {
	t.Helper()
	ctx := context.Background()
	st := store.New(r.rdb)
	units, err := store.ParseUnitsCSV(strings.NewReader("code,name,parent,kind\nXA,Xã A,,commune\nB1,Chi hội 1,XA,branch\n"), "u.csv")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.ImportUnits(ctx, units); err != nil {
		t.Fatal(err)
	}
	for _, u := range users {
		if _, err := st.Register(ctx, store.Member{Platform: chat.ZaloOA, UserID: u, Name: "Chị", Unit: "B1", Consent: time.Now(), Active: true}); err != nil {
			t.Fatal(err)
		}
	}
}

func unreachable(err error) string {
	var se *chat.SendError
	if errors.As(err, &se) {
		return se.Unreachable
	}
	return ""
}

// Precheck follows what the webhook saw: a follower who wrote 8 days ago is
// outside the window, one who writes again is back, an unfollow keeps her
// out until she follows again; a follower Loa knows nothing of is left to
// the platform.
func TestPrecheckFollowsTheFollowersEvents(t *testing.T) {
	t.Parallel()
	r := start(t)
	ctx := context.Background()
	user := zalooatest.NewUserID()
	members(t, r, user)
	if err := r.a.Precheck(ctx, user); err != nil {
		t.Fatalf("unknown follower: %v; want nil (the platform decides)", err)
	}
	r.fake.UserSaysAt(user, "chào", r.fake.Now().Add(-8*24*time.Hour))
	waitFor(t, func() bool { return unreachable(r.a.Precheck(ctx, user)) == chat.UnreachableWindow })

	r.fake.UserSays(user, "chào Loa")
	waitFor(t, func() bool { return r.a.Precheck(ctx, user) == nil })

	r.fake.PushEvent(map[string]any{"app_id": r.fake.AppID, "oa_id": r.fake.OAID, "event_name": "unfollow",
		"follower": map[string]any{"id": user}, "timestamp": "1"}, "")
	waitFor(t, func() bool { return unreachable(r.a.Precheck(ctx, user)) == chat.UnreachableNotFollower })

	r.fake.Follow(user)
	waitFor(t, func() bool { return r.a.Precheck(ctx, user) == nil })
}

// After 8 free replies the OA's paid quota pays; when it is empty the
// platform says -211, and from then on a follower whose free replies are
// used is not attempted, while one with free replies left still is.
func TestPrecheckKnowsTheQuotaIsEmpty(t *testing.T) {
	t.Parallel()
	r := start(t)
	ctx := context.Background()
	used, fresh := zalooatest.NewUserID(), zalooatest.NewUserID()
	members(t, r, used, fresh)
	r.fake.UserSays(used, "chào")
	r.fake.UserSays(fresh, "chào")
	r.wait(used, 1)
	r.wait(fresh, 1)
	for i := 0; i < zalooatest.FreeReplies-1; i++ {
		if _, err := r.a.Send(ctx, used, chat.Reply{Text: "Tin của chi hội", Bulk: true}); err != nil {
			t.Fatalf("free reply %d: %v", i+2, err)
		}
	}
	if err := r.a.Precheck(ctx, used); err != nil {
		t.Fatalf("before any -211: %v; want nil (the quota may have room)", err)
	}
	_, err := r.a.Send(ctx, used, chat.Reply{Text: "Tin thứ chín", Bulk: true})
	if unreachable(err) != chat.UnreachableQuota {
		t.Fatalf("ninth message: %v; want the quota refusal", err)
	}
	if got := unreachable(r.a.Precheck(ctx, used)); got != chat.UnreachableQuota {
		t.Fatalf("after -211: precheck %q; want quota", got)
	}
	if err := r.a.Precheck(ctx, fresh); err != nil {
		t.Fatalf("a follower with free replies left: %v; want nil", err)
	}
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not met in 5s")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// Loa keeps nothing about a follower who is not a member: her messages
// leave no reach record (she has not agreed to Loa keeping anything).
func TestNoReachIsKeptForAFollowerWhoIsNotAMember(t *testing.T) {
	t.Parallel()
	r := start(t)
	user := zalooatest.NewUserID()
	r.fake.UserSays(user, "chào")
	r.wait(user, 1)
	time.Sleep(100 * time.Millisecond) // the record follows the reply
	if reach, err := store.New(r.rdb).ZaloOAReachOf(context.Background(), user); err != nil || reach.Known {
		t.Fatalf("reach of a non-member: %+v, %v; want nothing kept", reach, err)
	}
}
