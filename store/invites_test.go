package store_test

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"loa/store"
)

func newInvite(t testing.TB, st *store.Store, kind store.InviteKind, unit string, uses int, ttl time.Duration) store.Invite {
	t.Helper()
	inv, err := st.CreateInvite(context.Background(), store.NewInvite{Kind: kind, Unit: unit, Uses: uses, TTL: ttl})
	if err != nil {
		t.Fatalf("create invite: %v", err)
	}
	return inv
}

func TestInviteCodesAreUnguessableAndLinkSafe(t *testing.T) {
	t.Parallel()
	st := dirStore(t)
	importCSV(t, st, fourLevels)
	deepLinkSafe := regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)
	seen := map[string]bool{}
	for range 200 {
		inv := newInvite(t, st, store.InviteMember, "B11", 0, time.Hour)
		if len(inv.Code) != store.InviteCodeLen || !deepLinkSafe.MatchString(inv.Code) || strings.ContainsAny(inv.Code, "ILOU") {
			t.Fatalf("code %q", inv.Code)
		}
		if seen[inv.Code] {
			t.Fatalf("duplicate code %q", inv.Code)
		}
		seen[inv.Code] = true
	}
	// 13 symbols of 32 = 65 bits; every symbol should show up across 2,600 draws.
	used := map[rune]bool{}
	for c := range seen {
		for _, r := range c {
			used[r] = true
		}
	}
	if len(used) != 32 {
		t.Fatalf("only %d distinct symbols used", len(used))
	}
}

func TestNormalizeInviteCode(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"ABCDEFGHJKMNP":       "ABCDEFGHJKMNP",
		"abcd-efgh-jkmnp":     "ABCDEFGHJKMNP",
		" abcd efgh jkmnp ":   "ABCDEFGHJKMNP",
		"OOOOIIIILLLLA":       "0000111111110"[:12] + "A",
		"ABCDEFGHJKMN":        "", // too short
		"ABCDEFGHJKMNPQ":      "", // too long
		"ABCDEFGHJKMNU":       "", // U is not in the alphabet
		"DN-TRANBIEN":         "",
		"ĐĐĐĐĐĐĐĐĐĐĐĐĐ":       "",
		"<b>ABCDEFGHJKMN</b>": "",
	} {
		if got := store.NormalizeInviteCode(in); got != want {
			t.Errorf("NormalizeInviteCode(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestRedeemInviteStates(t *testing.T) {
	t.Parallel()
	st := dirStore(t)
	ctx := context.Background()
	importCSV(t, st, fourLevels)
	who := func(i int) store.Identity { return store.Identity{Platform: "telegram", UserID: fmt.Sprint(i)} }

	two := newInvite(t, st, store.InviteMember, "B11", 2, time.Hour)
	for i := range 2 {
		inv, err := st.RedeemInvite(ctx, strings.ToLower(two.Code), who(i))
		if err != nil || inv.Unit != "B11" || inv.Kind != store.InviteMember || inv.UsesLeft != 1-i || inv.Used != i+1 {
			t.Fatalf("use %d: %+v %v", i, inv, err)
		}
	}
	if _, err := st.RedeemInvite(ctx, two.Code, who(3)); !errors.Is(err, store.ErrInviteExhausted) {
		t.Fatalf("third use: %v", err)
	}
	if _, err := st.CheckInvite(ctx, two.Code); !errors.Is(err, store.ErrInviteExhausted) {
		t.Fatalf("check exhausted: %v", err)
	}

	unlimited := newInvite(t, st, store.InviteMember, "B11", 0, time.Hour)
	for i := range 50 {
		if _, err := st.RedeemInvite(ctx, unlimited.Code, who(100+i)); err != nil {
			t.Fatal(err)
		}
	}
	if inv, _ := st.CheckInvite(ctx, unlimited.Code); inv.UsesLeft != -1 || inv.Used != 50 {
		t.Fatalf("unlimited: %+v", inv)
	}

	revoked := newInvite(t, st, store.InviteMember, "B11", 5, time.Hour)
	if err := st.RevokeInvite(ctx, revoked.Code); err != nil {
		t.Fatal(err)
	}
	if _, err := st.RedeemInvite(ctx, revoked.Code, who(1)); !errors.Is(err, store.ErrInviteRevoked) {
		t.Fatalf("revoked: %v", err)
	}

	expired := newInvite(t, st, store.InviteMember, "B11", 5, 30*time.Millisecond)
	time.Sleep(60 * time.Millisecond)
	if _, err := st.RedeemInvite(ctx, expired.Code, who(1)); !errors.Is(err, store.ErrInviteExpired) {
		t.Fatalf("expired: %v", err)
	}
	if ttl := st.Client().PTTL(ctx, "loa:{dir}:invite:"+expired.Code).Val(); ttl < 29*24*time.Hour {
		t.Fatalf("expired invite kept only %s", ttl)
	}

	for _, code := range []string{"", "ABCDEFGHJKMNP", "DN-TRANBIEN", strings.Repeat("x", 10_000), "\xff\xfe"} {
		if _, err := st.RedeemInvite(ctx, code, who(1)); !errors.Is(err, store.ErrInviteUnknown) {
			t.Errorf("%.20q: %v", code, err)
		}
	}
	if err := st.RevokeInvite(ctx, "ABCDEFGHJKMNP"); !errors.Is(err, store.ErrInviteUnknown) {
		t.Fatalf("revoke unknown: %v", err)
	}
}

func TestOneTimeInviteUnderRace(t *testing.T) {
	t.Parallel()
	st := dirStore(t)
	importCSV(t, st, fourLevels)
	inv := newInvite(t, st, store.InviteHead, "B11", 1, time.Hour)
	var wg sync.WaitGroup
	var mu sync.Mutex
	won, lost := 0, 0
	for i := range 20 {
		wg.Go(func() {
			_, err := st.JoinWithInvite(context.Background(), inv.Code, store.Member{
				Platform: "telegram", UserID: fmt.Sprint(i), Name: "x", Consent: time.Now()})
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err == nil:
				won++
			case errors.Is(err, store.ErrInviteExhausted):
				lost++
			default:
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if won != 1 || lost != 19 {
		t.Fatalf("won %d lost %d", won, lost)
	}
	if on, _ := st.GrantsOnUnit(context.Background(), "B11"); len(on) != 1 {
		t.Fatalf("heads: %v", on)
	}
}

func TestJoinWithInviteRegistersGrantsAndIsIdempotent(t *testing.T) {
	t.Parallel()
	st := dirStore(t)
	ctx := context.Background()
	importCSV(t, st, fourLevels)
	m := store.Member{Platform: "zalo", UserID: "84901", Name: "Lê Thị Hồng", Consent: time.Now(), Unit: "ignored", Muted: true}

	head := newInvite(t, st, store.InviteHead, "B12", 1, time.Hour)
	if _, err := st.JoinWithInvite(ctx, head.Code, m); err != nil {
		t.Fatal(err)
	}
	// A retry (double tap, lost reply) neither fails nor uses the code again.
	if inv, err := st.JoinWithInvite(ctx, head.Code, m); err != nil || inv.UsesLeft != 0 || inv.Used != 1 {
		t.Fatalf("retry: %+v %v", inv, err)
	}
	got, _ := st.Member(ctx, "zalo", "84901")
	if got.Unit != "B12" || !got.Active || !got.Muted || got.Name != "Lê Thị Hồng" {
		t.Fatalf("member %+v", got)
	}
	if roles, _ := st.Roles(ctx, "zalo", "84901"); !slices.Equal(roles, []store.Grant{{Role: store.RoleHead, Unit: "B12"}}) {
		t.Fatalf("roles %v", roles)
	}

	staff := newInvite(t, st, store.InviteStaff, "C2", 1, time.Hour)
	if inv, err := st.JoinWithInvite(ctx, staff.Code, m); err != nil || inv.Kind != store.InviteStaff {
		t.Fatalf("staff: %+v %v", inv, err)
	}
	roles, _ := st.Roles(ctx, "zalo", "84901")
	if !slices.Contains(roles, store.Grant{Role: store.RoleStaff, Unit: "C2"}) {
		t.Fatalf("roles %v", roles)
	}
	// A branch member who becomes staff stays in her branch, counted once there.
	if got, _ := st.Member(ctx, "zalo", "84901"); got.Unit != "B12" {
		t.Fatalf("the staff invite moved her out of her branch: %+v", got)
	}
	if c, _ := st.CountMembers(ctx, "DN", true); c.Registered != 1 {
		t.Fatalf("counted %d members, want 1", c.Registered)
	}

	// Failures write nothing.
	revoked := newInvite(t, st, store.InviteMember, "B11", 1, time.Hour)
	st.RevokeInvite(ctx, revoked.Code)
	before := dumpAll(t, st)
	other := store.Member{Platform: "zalo", UserID: "84902", Name: "Mai", Consent: time.Now()}
	if _, err := st.JoinWithInvite(ctx, revoked.Code, other); !errors.Is(err, store.ErrInviteRevoked) {
		t.Fatalf("revoked: %v", err)
	}
	if _, err := st.JoinWithInvite(ctx, revoked.Code, store.Member{Platform: "zalo", UserID: "84902"}); err == nil {
		t.Fatal("join without consent accepted")
	}
	if !equalDumps(before, dumpAll(t, st)) {
		t.Fatal("a failed join wrote to Redis")
	}
}

func TestCreateAndListInvites(t *testing.T) {
	t.Parallel()
	st := dirStore(t)
	ctx := context.Background()
	importCSV(t, st, fourLevels)
	for _, tc := range []struct {
		n    store.NewInvite
		want string
	}{
		{store.NewInvite{Kind: store.InviteMember, Unit: "NOPE", TTL: time.Hour}, "unknown unit"},
		{store.NewInvite{Kind: "admin", Unit: "B11", TTL: time.Hour}, "unknown invite kind"},
		{store.NewInvite{Kind: store.InviteMember, Unit: "B11"}, "validity"},
		{store.NewInvite{Kind: store.InviteMember, Unit: "B11", TTL: 400 * 24 * time.Hour}, "validity"},
		{store.NewInvite{Kind: store.InviteMember, Unit: "B11", TTL: time.Hour, Uses: -1}, "uses -1"},
	} {
		if _, err := st.CreateInvite(ctx, tc.n); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: %v, want %q", tc.n, err, tc.want)
		}
	}
	a := newInvite(t, st, store.InviteMember, "B11", 0, time.Hour)
	time.Sleep(2 * time.Millisecond)
	b := newInvite(t, st, store.InviteHead, "b11", 1, 48*time.Hour)
	newInvite(t, st, store.InviteMember, "B12", 0, time.Hour)
	st.RevokeInvite(ctx, a.Code)
	list, err := st.ListInvites(ctx, "B11")
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || list[0].Code != b.Code || list[1].Code != a.Code || !list[1].Revoked || list[0].Kind != store.InviteHead {
		t.Fatalf("list %+v", list)
	}
	if d := time.Until(list[0].Expires); d < 47*time.Hour || d > 48*time.Hour {
		t.Fatalf("expires in %s", d)
	}
	// An invite key gone from Redis drops out of the list and the index.
	st.Client().Del(ctx, "loa:{dir}:invite:"+b.Code)
	list, _ = st.ListInvites(ctx, "B11")
	if len(list) != 1 {
		t.Fatalf("list after expiry %+v", list)
	}
	if n := st.Client().SCard(ctx, "loa:{dir}:unit:B11:invites").Val(); n != 1 {
		t.Fatalf("index keeps %d codes", n)
	}
}
