package store_test

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"loa/store"
)

func register(t testing.TB, st *store.Store, platform, user, unit string) store.Member {
	t.Helper()
	m, err := st.Register(context.Background(), store.Member{
		Platform: platform, UserID: user, Name: "Chị " + user, Unit: unit,
		Consent: time.Now(), Active: true,
	})
	if err != nil {
		t.Fatalf("register %s:%s in %s: %v", platform, user, unit, err)
	}
	return m
}

// dumpAll reads every key and its whole content, so a test can assert what
// is (and is not) left in Redis.
func dumpAll(t testing.TB, st *store.Store) map[string]string {
	t.Helper()
	ctx := context.Background()
	rdb := st.Client()
	out := map[string]string{}
	iter := rdb.Scan(ctx, 0, "*", 100).Iterator()
	for iter.Next(ctx) {
		k := iter.Val()
		var v any
		var err error
		switch typ := rdb.Type(ctx, k).Val(); typ {
		case "string":
			v, err = rdb.Get(ctx, k).Result()
		case "hash":
			v, err = rdb.HGetAll(ctx, k).Result()
		case "set":
			var s []string
			s, err = rdb.SMembers(ctx, k).Result()
			slices.Sort(s)
			v = s
		case "zset":
			v, err = rdb.ZRangeWithScores(ctx, k, 0, -1).Result()
		case "list":
			v, err = rdb.LRange(ctx, k, 0, -1).Result()
		default:
			v = typ
		}
		if err != nil {
			t.Fatalf("dump %s: %v", k, err)
		}
		out[k] = fmt.Sprint(v)
	}
	if err := iter.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func equalDumps(a, b map[string]string) bool { return maps.Equal(a, b) }

func TestRegisterAndRead(t *testing.T) {
	t.Parallel()
	st := dirStore(t)
	ctx := context.Background()
	importCSV(t, st, fourLevels)
	consent := time.Date(2026, 11, 3, 9, 30, 0, 0, time.UTC)
	m, err := st.Register(ctx, store.Member{
		Platform: "telegram", UserID: "12345",
		Name: "  Nguyễn\x00 Thị\u202e   <b>Lan</b>\n" + strings.Repeat("a", 10_000) + "\xff",
		Unit: "b11", Consent: consent, Active: true, Muted: true,
	})
	if err != nil {
		t.Fatal(err)
	}
	got, err := st.Member(ctx, "telegram", "12345")
	if err != nil {
		t.Fatal(err)
	}
	if got != m || got.Unit != "B11" || !got.Consent.Equal(consent) || !got.Active || !got.Muted {
		t.Fatalf("got %+v\nwant %+v", got, m)
	}
	if !strings.HasPrefix(got.Name, "Nguyễn Thị <b>Lan</b> aaa") || len([]rune(got.Name)) != store.MaxDisplayName {
		t.Fatalf("name not cleaned: %q (%d runes)", got.Name, len([]rune(got.Name)))
	}
	if _, err := st.Member(ctx, "telegram", "999"); !errors.Is(err, store.ErrMemberUnknown) {
		t.Fatalf("unknown member: %v", err)
	}
}

func TestCleanDisplayName(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"":                          "",
		"   ":                       "",
		"Lan":                       "Lan",
		" Trần \t Thị\r\nHoa ":      "Trần Thị Hoa",
		"Ho\u0300a":                 "Hòa", // NFC
		"a\u200bb\ufeffc\u2066d":    "abcd",
		"\xff\xfeMai":               "Mai",
		strings.Repeat("Đ", 70):     strings.Repeat("Đ", 64),
		strings.Repeat("x ", 40):    strings.TrimSpace(strings.Repeat("x ", 32)),
		"<script>alert(1)</script>": "<script>alert(1)</script>",
	} {
		if got := store.CleanDisplayName(in); got != want {
			t.Errorf("CleanDisplayName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestRegisterRefusesBadInputAndWritesNothing(t *testing.T) {
	t.Parallel()
	st := dirStore(t)
	ctx := context.Background()
	importCSV(t, st, fourLevels)
	before := dumpAll(t, st)
	for _, tc := range []struct {
		name string
		m    store.Member
		want error
	}{
		{"unknown unit", store.Member{Platform: "telegram", UserID: "1", Unit: "NOPE", Consent: time.Now()}, store.ErrUnitUnknown},
		{"no consent", store.Member{Platform: "telegram", UserID: "1", Unit: "B11"}, nil},
		{"bad platform", store.Member{Platform: "Tele gram", UserID: "1", Unit: "B11", Consent: time.Now()}, nil},
		{"empty user", store.Member{Platform: "zalo", Unit: "B11", Consent: time.Now()}, nil},
		{"user with space", store.Member{Platform: "zalo", UserID: "1 2", Unit: "B11", Consent: time.Now()}, nil},
		{"user too long", store.Member{Platform: "zalo", UserID: strings.Repeat("9", 200), Unit: "B11", Consent: time.Now()}, nil},
	} {
		_, err := st.Register(ctx, tc.m)
		if err == nil || (tc.want != nil && !errors.Is(err, tc.want)) {
			t.Errorf("%s: got %v", tc.name, err)
		}
	}
	if !equalDumps(before, dumpAll(t, st)) {
		t.Fatal("a refused registration wrote to Redis")
	}
}

func TestMoveBranchKeepsCountsRight(t *testing.T) {
	t.Parallel()
	st := dirStore(t)
	ctx := context.Background()
	importCSV(t, st, fourLevels)
	register(t, st, "telegram", "1", "B11")
	register(t, st, "telegram", "2", "B11")
	register(t, st, "telegram", "1", "B21") // moves
	if err := st.SetActive(ctx, "telegram", "2", false); err != nil {
		t.Fatal(err)
	}
	if err := st.SetActive(ctx, "telegram", "2", false); err != nil { // idempotent
		t.Fatal(err)
	}
	for code, want := range map[string]store.Counts{
		"B11": {Registered: 1, Active: 0},
		"B21": {Registered: 1, Active: 1},
	} {
		if c, _ := st.CountMembers(ctx, code, false); c != want {
			t.Errorf("%s: %+v want %+v", code, c, want)
		}
	}
	if c, _ := st.CountMembers(ctx, "DN", true); c != (store.Counts{Registered: 2, Active: 1}) {
		t.Errorf("DN subtree: %+v", c)
	}
	register(t, st, "telegram", "2", "B11") // re-registering reactivates
	if c, _ := st.CountMembers(ctx, "B11", false); c != (store.Counts{Registered: 1, Active: 1}) {
		t.Errorf("after re-register: %+v", c)
	}
	ms, _, _ := st.MembersOfUnit(ctx, "B11", 0, 100)
	if len(ms) != 1 || ms[0].UserID != "2" {
		t.Fatalf("B11 members: %+v", ms)
	}
	if err := st.SetActive(ctx, "telegram", "404", false); !errors.Is(err, store.ErrMemberUnknown) {
		t.Fatalf("SetActive unknown: %v", err)
	}
	if err := st.SetMuted(ctx, "telegram", "404", true); !errors.Is(err, store.ErrMemberUnknown) {
		t.Fatalf("SetMuted unknown: %v", err)
	}
	if err := st.SetMuted(ctx, "telegram", "2", true); err != nil {
		t.Fatal(err)
	}
	if m, _ := st.Member(ctx, "telegram", "2"); !m.Muted {
		t.Fatal("not muted")
	}
}

func TestMembersOfUnitPagesAndSubtreeStreams(t *testing.T) {
	t.Parallel()
	st := dirStore(t)
	ctx := context.Background()
	importCSV(t, st, fourLevels)
	want := map[string]bool{}
	for i := range 700 {
		unit := []string{"B11", "B12", "C1"}[i%3]
		m := register(t, st, "zalo", fmt.Sprint(i), unit)
		if unit == "B11" {
			want[m.UserID] = true
		}
	}
	register(t, st, "zalo", "other", "B21")
	got := map[string]bool{}
	var cursor uint64
	for pages := 0; ; pages++ {
		ms, next, err := st.MembersOfUnit(ctx, "B11", cursor, 50)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range ms {
			got[m.UserID] = true
			if m.Unit != "B11" || m.Name != "Chị "+m.UserID {
				t.Fatalf("bad member %+v", m)
			}
		}
		if next == 0 {
			if pages == 0 {
				t.Fatal("234 members came in one page of 50")
			}
			break
		}
		cursor = next
	}
	if !maps.Equal(got, want) {
		t.Fatalf("paged %d members, want %d", len(got), len(want))
	}
	n := 0
	seen := map[string]bool{}
	for m, err := range st.MembersOfSubtree(ctx, "C1") {
		if err != nil {
			t.Fatal(err)
		}
		if m.UserID == "other" {
			t.Fatal("member of another commune listed")
		}
		seen[m.UserID] = true
		n++
	}
	if len(seen) != 700 {
		t.Fatalf("subtree listed %d distinct members (%d rows), want 700", len(seen), n)
	}
	for _, err := range st.MembersOfSubtree(ctx, "NOPE") {
		if !errors.Is(err, store.ErrUnitUnknown) {
			t.Fatalf("unknown unit: %v", err)
		}
	}
}

func TestEraseLeavesOnlyAnonymousCounts(t *testing.T) {
	t.Parallel()
	st := dirStore(t)
	ctx := context.Background()
	importCSV(t, st, fourLevels)
	register(t, st, "telegram", "777001", "B21") // someone else stays
	inv, err := st.CreateInvite(ctx, store.NewInvite{Kind: store.InviteHead, Unit: "B11", Uses: 1, TTL: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.JoinWithInvite(ctx, inv.Code, store.Member{
		Platform: "zalo", UserID: "5550123", Name: "Hoàng Thị Xuyến", Consent: time.Now()}); err != nil {
		t.Fatal(err)
	}
	register(t, st, "zalo", "5550123", "B12") // moved branch once
	if _, err := st.Grant(ctx, "zalo", "5550123", store.RoleStaff, "C2"); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Grant(ctx, "zalo", "5550123", store.RoleAdmin, ""); err != nil {
		t.Fatal(err)
	}
	st.SetActive(ctx, "zalo", "5550123", false)
	if err := st.RememberEmergency(ctx, "zalo", "5550123", "5550123", "bao-luc-dang-xay-ra"); err != nil {
		t.Fatal(err)
	}

	ok, err := st.Erase(ctx, "zalo", "5550123")
	if err != nil || !ok {
		t.Fatalf("erase: %v %v", ok, err)
	}
	for k, v := range dumpAll(t, st) {
		for _, trace := range []string{"5550123", "Xuyến", "Hoàng"} {
			if strings.Contains(k, trace) || strings.Contains(v, trace) {
				t.Errorf("trace %q left in %s = %s", trace, k, v)
			}
		}
	}
	if _, err := st.Member(ctx, "zalo", "5550123"); !errors.Is(err, store.ErrMemberUnknown) {
		t.Fatalf("member still readable: %v", err)
	}
	if roles, _ := st.Roles(ctx, "zalo", "5550123"); len(roles) != 0 {
		t.Fatalf("roles left: %v", roles)
	}
	for code, want := range map[string]store.Counts{"B11": {}, "B12": {}, "B21": {Registered: 1, Active: 1}} {
		if c, _ := st.CountMembers(ctx, code, false); c != want {
			t.Errorf("%s counts %+v, want %+v", code, c, want)
		}
	}
	if ok, _ := st.Erase(ctx, "zalo", "5550123"); ok {
		t.Fatal("second erase found something")
	}
}
