package store_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"loa/store"
	"loa/store/redistest"
)

// province is one deployment's data, written through its own namespace.
type province struct {
	st     *store.Store
	root   string // its unit tree's root
	branch string
	member string // a member's user id
	head   string // the chat that sent its outbox job
	jobID  string
}

// seedProvince writes a unit tree, members, a grant, an unanswered
// question, an outbox job and a scheduler firing through st.
func seedProvince(t *testing.T, st *store.Store, root string, members int) province {
	t.Helper()
	ctx := context.Background()
	p := province{st: st, root: root, branch: root + "-B1", member: root + "-m0", head: root + "-head"}
	units, err := store.ParseUnitsCSV(strings.NewReader("code,name,parent,kind\n"+
		root+",Tỉnh "+root+",,province\n"+root+"-C1,Xã Một,"+root+",commune\n"+p.branch+",Chi hội Ấp 1,"+root+"-C1,branch\n"), "units.csv")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.ImportUnits(ctx, units); err != nil {
		t.Fatal(err)
	}
	for i := range members {
		id := root + "-m" + string(rune('0'+i))
		if _, err := st.Register(ctx, store.Member{Platform: "telegram", UserID: id, Name: "Chị", Unit: p.branch, Consent: time.Now(), Active: true}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := st.Grant(ctx, "telegram", p.head, store.RoleHead, p.branch); err != nil {
		t.Fatal(err)
	}
	if err := st.RecordUnanswered(ctx, store.Identity{Platform: "telegram", UserID: p.member}, "gia vang "+strings.ToLower(root), "giá vàng "+root); err != nil {
		t.Fatal(err)
	}
	p.jobID, _, err = st.CreateOutboxJob(ctx, store.OutboxJob{Platform: "telegram", TokenID: "tok", AuthorPlatform: "telegram",
		AuthorChat: p.head, Label: "Thông báo " + root, Parts: 1, Payload: []byte("x"), IdempotencyKey: "notice:" + root})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.AddOutboxRecipients(ctx, p.jobID, []store.OutboxRecipient{{ChatID: p.member, MemberKey: "telegram:" + p.member}}); err != nil {
		t.Fatal(err)
	}
	return p
}

// checkIsolated: each province sees its own members, counts, questions,
// jobs and scheduler firings, and nothing of the other's; every key either
// wrote starts with its namespace.
func checkIsolated(t *testing.T, a, b province, allKeys func(match string) []string) {
	t.Helper()
	ctx := context.Background()
	for _, pair := range [][2]province{{a, b}, {b, a}} {
		own, other := pair[0], pair[1]
		ns := own.st.Namespace()
		if c, err := own.st.CountMembers(ctx, own.root, true); err != nil || c.Registered != 3 {
			t.Fatalf("%s counts its own members: %+v, %v", ns, c, err)
		}
		if _, err := own.st.Member(ctx, "telegram", other.member); !errors.Is(err, store.ErrMemberUnknown) {
			t.Fatalf("%s sees %s's member: %v", ns, other.st.Namespace(), err)
		}
		if _, err := own.st.Unit(ctx, other.root); err == nil {
			t.Fatalf("%s sees %s's unit tree", ns, other.st.Namespace())
		}
		if c, _ := own.st.CountMembers(ctx, other.root, true); c.Registered != 0 {
			t.Fatalf("%s counts %d members under %s's root", ns, c.Registered, other.st.Namespace())
		}
		top, err := own.st.TopUnanswered(ctx, 10)
		if err != nil || len(top) != 1 || !strings.Contains(strings.ToLower(top[0].Normalized), strings.ToLower(own.root)) {
			t.Fatalf("%s's unanswered questions: %+v, %v", ns, top, err)
		}
		if jobs, err := own.st.OutboxJobsByAuthor(ctx, "telegram", own.head, 5); err != nil || len(jobs) != 1 {
			t.Fatalf("%s's own jobs: %+v, %v", ns, jobs, err)
		}
		if jobs, _ := own.st.OutboxJobsByAuthor(ctx, "telegram", other.head, 5); len(jobs) != 0 {
			t.Fatalf("%s lists %s's jobs: %+v", ns, other.st.Namespace(), jobs)
		}
		// The same job id and slot fire once in each province, not once
		// in all.
		slot := time.Date(2026, 3, 8, 1, 0, 0, 0, time.UTC)
		if ok, err := own.st.ClaimSlot(ctx, "post:8-3", slot, "replica-"+ns, time.Hour); err != nil || !ok {
			t.Fatalf("%s could not fire its own slot: %v, %v", ns, ok, err)
		}
	}
	keysA, keysB := allKeys(a.st.Namespace()+":*"), allKeys(b.st.Namespace()+":*")
	every := allKeys("*")
	if len(keysA) < 10 || len(keysB) < 10 {
		t.Fatalf("SCAN found %d keys of %s and %d of %s; the seeding wrote more", len(keysA), a.st.Namespace(), len(keysB), b.st.Namespace())
	}
	if len(every) != len(keysA)+len(keysB) {
		t.Fatalf("%d keys in all, %d of %s and %d of %s: some key has no namespace:\n%v",
			len(every), len(keysA), a.st.Namespace(), len(keysB), b.st.Namespace(), every)
	}
	for _, k := range keysA {
		if strings.Contains(k, b.st.Namespace()) {
			t.Fatalf("%s wrote a key naming %s: %s", a.st.Namespace(), b.st.Namespace(), k)
		}
	}
}

func scanAll(t *testing.T, c redis.Cmdable, match string) []string {
	t.Helper()
	var out []string
	iter := c.Scan(context.Background(), 0, match, 1000).Iterator()
	for iter.Next(context.Background()) {
		out = append(out, iter.Val())
	}
	if err := iter.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func namespaced(t *testing.T, rdb redis.UniversalClient, ns string) *store.Store {
	t.Helper()
	st, err := store.NewNamespaced(rdb, ns)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// TestNamespacesIsolatedOnOneServer: two provinces on one redis-server.
func TestNamespacesIsolatedOnOneServer(t *testing.T) {
	t.Parallel()
	rdb := redistest.Start(t).Client()
	a := seedProvince(t, namespaced(t, rdb, "dong-nai"), "DN", 3)
	b := seedProvince(t, namespaced(t, rdb, "ha-noi"), "HN", 3)
	checkIsolated(t, a, b, func(match string) []string { return scanAll(t, rdb, match) })
}

// TestNamespacesIsolatedOnCluster: two provinces on one Redis Cluster, with
// SCAN run on every master; their directories land in different slots.
func TestNamespacesIsolatedOnCluster(t *testing.T) {
	t.Parallel()
	cc := redistest.StartCluster(t).Client()
	a := seedProvince(t, namespaced(t, cc, "dong-nai"), "DN", 3)
	b := seedProvince(t, namespaced(t, cc, "ha-noi"), "HN", 3)
	checkIsolated(t, a, b, func(match string) []string {
		var mu sync.Mutex
		var out []string
		err := cc.ForEachMaster(context.Background(), func(ctx context.Context, node *redis.Client) error {
			keys := scanAll(t, node, match)
			mu.Lock()
			out = append(out, keys...)
			mu.Unlock()
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return out
	})
	ctx := context.Background()
	slotA, _ := cc.ClusterKeySlot(ctx, "dong-nai:loa:{dong-nai:dir}:units").Result()
	slotB, _ := cc.ClusterKeySlot(ctx, "ha-noi:loa:{ha-noi:dir}:units").Result()
	if slotA == slotB {
		t.Fatalf("both provinces' directories hash to slot %d", slotA)
	}
}
