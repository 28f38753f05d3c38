package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"loa/content"
	"loa/store"
)

// seedSampleTree imports the shipped sample tree of Đồng Nai.
func seedSampleTree(t *testing.T, st *store.Store) {
	t.Helper()
	data, name := content.SampleUnits()
	units, err := store.ParseUnitsCSV(bytes.NewReader(data), name)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.ImportUnits(context.Background(), units); err != nil {
		t.Fatal(err)
	}
}

// twoBranches returns two branch codes of the sample tree.
func twoBranches(t *testing.T, st *store.Store) (string, string) {
	t.Helper()
	var branches []string
	for u, err := range st.Subtree(context.Background(), "DN") {
		if err != nil {
			t.Fatal(err)
		}
		if u.Kind == "branch" {
			branches = append(branches, u.Code)
		}
	}
	if len(branches) < 2 {
		t.Fatalf("sample tree has %d branches", len(branches))
	}
	return branches[0], branches[1]
}

func newInvite(t *testing.T, st *store.Store, unit string, uses int, ttl time.Duration) string {
	t.Helper()
	inv, err := st.CreateInvite(context.Background(), store.NewInvite{Kind: store.InviteMember, Unit: unit, Uses: uses, TTL: ttl})
	if err != nil {
		t.Fatal(err)
	}
	return inv.Code
}

// noKeysMentioning waits until no Redis key or value mentions s: adapters
// tidy chat state right after a reply, but on a loaded machine one scan of
// the whole keyspace alone may take seconds, so the bound is generous (it
// only matters when the test fails).
func noKeysMentioning(t *testing.T, rdb *redis.Client, s, when string) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		keys := keysMentioning(t, rdb, s)
		if len(keys) == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s Redis still holds %v", when, keys)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// keysMentioning lists every Redis key whose name or value contains s.
func keysMentioning(t *testing.T, rdb *redis.Client, s string) []string {
	t.Helper()
	ctx := context.Background()
	var found []string
	iter := rdb.Scan(ctx, 0, "*", 500).Iterator()
	for iter.Next(ctx) {
		key := iter.Val()
		if strings.Contains(key, s) {
			found = append(found, key)
			continue
		}
		var values []string
		switch rdb.Type(ctx, key).Val() {
		case "string":
			values = []string{rdb.Get(ctx, key).Val()}
		case "hash":
			for k, v := range rdb.HGetAll(ctx, key).Val() {
				values = append(values, k, v)
			}
		case "set":
			values = rdb.SMembers(ctx, key).Val()
		case "zset":
			values = rdb.ZRange(ctx, key, 0, -1).Val()
		case "list":
			values = rdb.LRange(ctx, key, 0, -1).Val()
		}
		for _, v := range values {
			if strings.Contains(v, s) {
				found = append(found, key)
				break
			}
		}
	}
	if err := iter.Err(); err != nil {
		t.Fatal(err)
	}
	return found
}

func TestJoiningABranchOnEveryPlatform(t *testing.T) {
	t.Parallel()
	for _, rig := range rigs(t) {
		t.Run("", func(t *testing.T) {
			t.Parallel()
			r := rig(t)
			t.Run(r.name, func(t *testing.T) {
				p := startProgram(t, r.env, r.secrets...)
				rdb := p.redis.Client()
				st := store.New(rdb)
				seedSampleTree(t, st)
				first, second := twoBranches(t, st)
				ctx := context.Background()
				firstUnit, _ := st.Unit(ctx, first)
				secondUnit, _ := st.Unit(ctx, second)

				t.Run("refusing consent stores nothing", func(t *testing.T) {
					m := r.newMember(t, 1)
					m.Say("/dangky " + newInvite(t, st, first, 0, time.Hour))
					contains(t, "privacy notice", m.Replies(1)[0], "Loa chỉ lưu", "/xoadulieu")
					m.Press("Không đồng ý")
					contains(t, "refusal", m.Replies(2)[1], "không lưu")
					noKeysMentioning(t, rdb, m.ID(), "after refusing consent")
				})

				t.Run("join, see my data, move branch, erase", func(t *testing.T) {
					m := r.newMember(t, 2)
					code := newInvite(t, st, first, 0, time.Hour)
					// Members type codes loosely: lower case, dashes.
					m.Say("/dangky " + strings.ToLower(code[:4]+"-"+code[4:]))
					m.Replies(1)
					m.Press("Đồng ý")
					contains(t, "joined", m.Replies(2)[1], firstUnit.Name)

					m.Say("/toi")
					contains(t, "my data", m.Replies(3)[2], firstUnit.Name, m.ID(), "Đồng ý lưu thông tin lúc")

					m.Say("/dangky " + newInvite(t, st, second, 0, time.Hour))
					m.Replies(4)
					m.Press("Đồng ý")
					contains(t, "moved", m.Replies(5)[4], "chuyển sang", secondUnit.Name)
					if c, _ := st.CountMembers(ctx, first, false); c.Registered != 0 {
						t.Fatalf("first branch still counts %d members after the move", c.Registered)
					}

					m.Say("/xoadulieu")
					m.Replies(6)
					m.Press("Xoá dữ liệu")
					contains(t, "erased", m.Replies(7)[6], "đã xoá")
					noKeysMentioning(t, rdb, m.ID(), "after /xoadulieu")
					m.Say("/toi")
					contains(t, "nothing left", m.Replies(8)[7], "chưa lưu thông tin nào")
				})

				t.Run("expired, used up and unknown codes get a clear message", func(t *testing.T) {
					m := r.newMember(t, 3)
					expired := newInvite(t, st, first, 0, time.Second)
					oneUse := newInvite(t, st, first, 1, time.Hour)
					other := r.newMember(t, 4)
					other.Say("/dangky " + oneUse)
					other.Replies(1)
					other.Press("Đồng ý")
					other.Replies(2)
					time.Sleep(1100 * time.Millisecond) // let the one-second code expire

					m.Say("/dangky " + expired)
					contains(t, "expired", m.Replies(1)[0], "hết hạn")
					m.Say("/dangky " + oneUse)
					contains(t, "used up", m.Replies(2)[1], "hết lượt")
					m.Say("/dangky KHONGCOMA12345")
					contains(t, "unknown", m.Replies(3)[2], "không đúng")
					if _, err := st.Member(ctx, r.name, m.ID()); err == nil {
						t.Fatal("a refused code registered the member")
					}
				})
			})
		})
	}
}
