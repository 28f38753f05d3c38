package store_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"loa/store"
	"loa/store/redistest"
)

// dirStore starts a private redis-server and returns a Store on it.
func dirStore(t testing.TB) *store.Store {
	t.Helper()
	return store.New(redistest.Start(t).Client())
}

// fourLevels is a tree deeper than today's two levels, to show depth is free.
const fourLevels = `# test tree
code,name,parent,kind
DN,Tỉnh Đồng Nai,,province
D1,Huyện cũ 1,DN,district
C1,Xã Một,D1,commune
C2,Xã Hai,D1,commune
B11,Chi hội ấp 1,C1,branch
B12,Chi hội ấp 2,C1,branch
B21,Chi hội ấp 1,C2,branch
W1,Phường Trấn Biên,DN,ward
B31,Chi hội khu phố 1,W1,branch
`

func importCSV(t testing.TB, st *store.Store, csv string) store.ImportResult {
	t.Helper()
	units, err := store.ParseUnitsCSV(strings.NewReader(csv), "tree.csv")
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	res, err := st.ImportUnits(context.Background(), units)
	if err != nil {
		t.Fatalf("import: %v", err)
	}
	return res
}

func TestParseUnitsCSVNormalises(t *testing.T) {
	t.Parallel()
	in := "\ufeffCode, Name ,parent,KIND,merged_into\n" +
		"# Source: NQ 1662/NQ-UBTVQH15\n" +
		"dn,  Tỉnh Đồng Nai ,,Province,\n" +
		"dn-tb,Phu\u031bo\u031b\u0300ng Trấn Biên,dn,ward,\n" + // decomposed diacritics
		"old,,,,dn-tb\n"
	units, err := store.ParseUnitsCSV(strings.NewReader(in), "a.csv")
	if err != nil {
		t.Fatal(err)
	}
	want := []store.Unit{
		{Code: "DN", Name: "Tỉnh Đồng Nai", Kind: "province"},
		{Code: "DN-TB", Name: "Phường Trấn Biên", Parent: "DN", Kind: "ward"},
		{Code: "OLD", MergedInto: "DN-TB"},
	}
	if !slices.Equal(units, want) {
		t.Fatalf("got %+v\nwant %+v", units, want)
	}
}

func TestParseUnitsCSVCollectsEveryError(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("ă", 10_000)
	in := strings.Join([]string{
		"code,name,parent,kind,merged_into", // 1
		"DN,Tỉnh Đồng Nai,,province,",       // 2
		"C1,Xã Một,NOPE,commune,",           // 3 unknown parent
		"C1,Xã Một lần nữa,DN,commune,",     // 4 duplicate
		",Không mã,DN,commune,",             // 5 empty code
		"C2,,DN,commune,",                   // 6 empty name
		"C3," + long + ",DN,commune,",       // 7 long name
		"C4,Xã\x07Chuông,DN,commune,",       // 8 control character
		"C5,<b>Xã</b>,DN,",                  // 9 wrong column count
		"A,Vòng A,B,commune,",               // 10 cycle A → B → A
		"B,Vòng B,A,commune,",               // 11
		"C6,Xã Sáu,DN,Commune Level,",       // 12 bad kind
		"M1,,,,M1",                          // 13 merged into itself
		"M2,,,,GONE",                        // 14 merged into nothing
		"SELF,Tự làm cha,SELF,commune,",     // 15 own parent
		"bad code,Xã,DN,commune,",           // 16 bad code
	}, "\n")
	_, err := store.ParseUnitsCSV(strings.NewReader(in), "tree.csv")
	var errs store.UnitErrors
	if !errors.As(err, &errs) {
		t.Fatalf("want UnitErrors, got %v", err)
	}
	msg := err.Error()
	for _, want := range []string{
		"tree.csv:3: parent NOPE: no such unit",
		"tree.csv:4: duplicate code C1 (first at line 3)",
		"tree.csv:5: code is empty",
		"tree.csv:6: name is empty",
		"tree.csv:7: name has 10000 characters, at most 200",
		"tree.csv:8: name contains a control character (U+0007)",
		"tree.csv:9: 4 columns, want 5",
		"tree.csv:10: units form a cycle: A → B → A",
		"tree.csv:12: kind \"commune level\"",
		"tree.csv:13: merged_into names the unit itself",
		"tree.csv:14: merged_into GONE: no such unit",
		"tree.csv:15: units form a cycle: SELF → SELF",
		"tree.csv:16: code \"BAD CODE\"",
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("missing %q in:\n%s", want, msg)
		}
	}
	if len(errs) != 13 {
		t.Errorf("got %d errors, want 13:\n%s", len(errs), msg)
	}
}

func TestParseUnitsCSVRejectsBadFiles(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ name, in, want string }{
		{"empty", "", "t.csv:1: empty file"},
		{"header", "id,name,parent,kind\n", `t.csv:1: header is "id,name,parent,kind"`},
		{"invalid UTF-8", "code,name,parent,kind\nDN,T\xffnh,,province\nC,X\xe1,DN,commune\n",
			"t.csv:2: invalid UTF-8 (save the file as UTF-8)\nt.csv:3: invalid UTF-8"},
		{"bare quote", "code,name,parent,kind\nDN,Tỉnh \"Đồng\" Nai,,province\n", "t.csv:2: bare \" in non-quoted-field"},
		{"only header", "code,name,parent,kind\n", "no units"},
		{"bidi override", "code,name,parent,kind\nDN,abc\u202edef,,province\n", "t.csv:2: name contains a control character (U+202E)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := store.ParseUnitsCSV(strings.NewReader(tc.in), "t.csv")
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want %q", err, tc.want)
			}
		})
	}
}

func TestParseUnitsYAML(t *testing.T) {
	t.Parallel()
	good := `# test
- code: DN
  name: Tỉnh Đồng Nai
  kind: province
- {code: w1, name: "Phường Trấn Biên", parent: dn, kind: ward}
- code: OLD
  merged_into: W1
`
	units, err := store.ParseUnitsYAML(strings.NewReader(good), "t.yaml")
	if err != nil {
		t.Fatal(err)
	}
	want := []store.Unit{
		{Code: "DN", Name: "Tỉnh Đồng Nai", Kind: "province"},
		{Code: "W1", Name: "Phường Trấn Biên", Parent: "DN", Kind: "ward"},
		{Code: "OLD", MergedInto: "W1"},
	}
	if !slices.Equal(units, want) {
		t.Fatalf("got %+v", units)
	}

	bad := `- code: DN
  name: Tỉnh Đồng Nai
  kind: province
- code: C1
  name: Xã
  parent: NOPE
  kind: commune
- code: C2
  nam: typo
  parent: DN
  kind: commune
- code: DN
  name: [a, b]
  kind: ward
`
	_, err = store.ParseUnitsYAML(strings.NewReader(bad), "t.yaml")
	if err == nil {
		t.Fatal("no error")
	}
	for _, w := range []string{
		"t.yaml:4: parent NOPE: no such unit",
		`t.yaml:9: unknown field "nam"`,
		"t.yaml:13: name must be a single value",
	} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("missing %q in:\n%s", w, err)
		}
	}
	for _, tc := range []struct{ in, want string }{
		{"code: DN\n", "t.yaml:1: expected a list of units"},
		{"- code: DN\n  name: \xff\n", "t.yaml:2: invalid UTF-8"},
		{"- [a, b]\n", "t.yaml:1: expected a mapping"},
		{"- code: DN\n  name: x\n   bad: indent\n", "t.yaml: line 3"},
		{"", "t.yaml:1: empty file"},
	} {
		_, err := store.ParseUnitsYAML(strings.NewReader(tc.in), "t.yaml")
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: got %v, want %q", tc.in, err, tc.want)
		}
	}
}

func TestImportAndWalkTree(t *testing.T) {
	t.Parallel()
	st := dirStore(t)
	ctx := context.Background()
	res := importCSV(t, st, fourLevels)
	if res.Added != 9 || res.Changed+res.Unchanged+res.Merged+res.Removed != 0 {
		t.Fatalf("first import: %+v", res)
	}
	u, err := st.Unit(ctx, "b11") // codes are case-insensitive
	if err != nil || u != (store.Unit{Code: "B11", Name: "Chi hội ấp 1", Parent: "C1", Kind: "branch"}) {
		t.Fatalf("Unit: %+v %v", u, err)
	}
	if _, err := st.Unit(ctx, "NOPE"); !errors.Is(err, store.ErrUnitUnknown) {
		t.Fatalf("unknown unit: %v", err)
	}
	kids, err := st.Children(ctx, "DN")
	if err != nil || !slices.Equal(store.UnitCodes(kids), []string{"D1", "W1"}) {
		t.Fatalf("Children: %v %v", store.UnitCodes(kids), err)
	}
	anc, err := st.Ancestors(ctx, "B21")
	if err != nil || !slices.Equal(store.UnitCodes(anc), []string{"C2", "D1", "DN"}) {
		t.Fatalf("Ancestors: %v %v", store.UnitCodes(anc), err)
	}
	if anc, _ := st.Ancestors(ctx, "DN"); len(anc) != 0 {
		t.Fatalf("root has ancestors %v", anc)
	}
	var sub []string
	for u, err := range st.Subtree(ctx, "D1") {
		if err != nil {
			t.Fatal(err)
		}
		sub = append(sub, u.Code)
	}
	if !slices.Equal(sub, []string{"D1", "C1", "C2", "B11", "B12", "B21"}) {
		t.Fatalf("Subtree: %v", sub)
	}
	for _, tc := range []struct {
		code, anc string
		want      bool
	}{
		{"B11", "DN", true}, {"B11", "C1", true}, {"B11", "B11", true},
		{"B11", "C2", false}, {"C1", "B11", false}, {"B31", "D1", false},
	} {
		got, err := st.IsWithin(ctx, tc.code, tc.anc)
		if err != nil || got != tc.want {
			t.Errorf("IsWithin(%s, %s) = %v, %v; want %v", tc.code, tc.anc, got, err, tc.want)
		}
	}
	roots, _ := st.Roots(ctx)
	if !slices.Equal(store.UnitCodes(roots), []string{"DN"}) {
		t.Fatalf("Roots: %v", roots)
	}
}

func TestReimportRenamesMovesAndRemoves(t *testing.T) {
	t.Parallel()
	st := dirStore(t)
	ctx := context.Background()
	importCSV(t, st, fourLevels)
	// The 2025 reform: district D1 disappears, its communes hang from the
	// province; C2 is renamed; B12 (no members) is dropped.
	next := `code,name,parent,kind
DN,Tỉnh Đồng Nai,,province
C1,Xã Một,DN,commune
C2,Xã Hai Mới,DN,commune
B11,Chi hội ấp 1,C1,branch
B21,Chi hội ấp 1,C2,branch
W1,Phường Trấn Biên,DN,ward
B31,Chi hội khu phố 1,W1,branch
`
	res := importCSV(t, st, next)
	if res != (store.ImportResult{Changed: 2, Unchanged: 5, Removed: 2}) {
		t.Fatalf("result %+v", res)
	}
	kids, _ := st.Children(ctx, "DN")
	if got := store.UnitCodes(kids); !slices.Equal(got, []string{"C1", "C2", "W1"}) {
		t.Fatalf("children of DN: %v", got)
	}
	if u, _ := st.Unit(ctx, "C2"); u.Name != "Xã Hai Mới" {
		t.Fatalf("rename: %+v", u)
	}
	for _, gone := range []string{"D1", "B12"} {
		if _, err := st.Unit(ctx, gone); !errors.Is(err, store.ErrUnitUnknown) {
			t.Errorf("%s still there: %v", gone, err)
		}
	}
	keys, _ := st.Client().Keys(ctx, "*:D1*").Result()
	if len(keys) != 0 {
		t.Fatalf("keys of removed unit remain: %v", keys)
	}
}

func TestImportRefusesToDropUnitWithMembers(t *testing.T) {
	t.Parallel()
	st := dirStore(t)
	ctx := context.Background()
	importCSV(t, st, fourLevels)
	register(t, st, "telegram", "1", "B12")
	before := dumpAll(t, st)
	units, _ := store.ParseUnitsCSV(strings.NewReader(strings.Replace(fourLevels, "B12,Chi hội ấp 2,C1,branch\n", "", 1)), "x.csv")
	_, err := st.ImportUnits(ctx, units)
	if err == nil || !strings.Contains(err.Error(), "unit B12: is missing from the new file but has 1 registered members") {
		t.Fatalf("got %v", err)
	}
	if after := dumpAll(t, st); !equalDumps(before, after) {
		t.Fatal("a refused import changed Redis")
	}
}

func TestMergeMovesMembersChildrenInvitesGrantsAndCounts(t *testing.T) {
	t.Parallel()
	st := dirStore(t)
	ctx := context.Background()
	importCSV(t, st, fourLevels)
	register(t, st, "telegram", "10", "C2") // registered at commune level
	register(t, st, "zalo", "20", "B21")
	register(t, st, "telegram", "30", "B11")
	if _, err := st.Grant(ctx, "telegram", "99", store.RoleStaff, "C2"); err != nil {
		t.Fatal(err)
	}
	inv, err := st.CreateInvite(ctx, store.NewInvite{Kind: store.InviteMember, Unit: "C2", TTL: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	// C2 merges into C1; B21 still names C2 as parent and follows it.
	merged := strings.Replace(fourLevels, "C2,Xã Hai,D1,commune\n", "", 1)
	merged = strings.Replace(merged, "code,name,parent,kind\n", "code,name,parent,kind,merged_into\n", 1)
	merged = strings.ReplaceAll(merged, ",province\n", ",province,\n")
	merged = strings.ReplaceAll(merged, ",district\n", ",district,\n")
	merged = strings.ReplaceAll(merged, ",commune\n", ",commune,\n")
	merged = strings.ReplaceAll(merged, ",branch\n", ",branch,\n")
	merged = strings.ReplaceAll(merged, ",ward\n", ",ward,\n")
	merged += "C2,Xã Hai,,,C1\n"
	res := importCSV(t, st, merged)
	if res.Merged != 1 || res.MembersMoved != 1 || res.Changed != 1 || res.Removed != 0 {
		t.Fatalf("result %+v", res)
	}
	if u, _ := st.Unit(ctx, "B21"); u.Parent != "C1" {
		t.Fatalf("B21 did not follow: %+v", u)
	}
	if u, err := st.Unit(ctx, "C2"); err != nil || u.Code != "C1" {
		t.Fatalf("old code should lead to C1: %+v %v", u, err)
	}
	if m, _ := st.Member(ctx, "telegram", "10"); m.Unit != "C1" {
		t.Fatalf("member did not follow: %+v", m)
	}
	c, _ := st.CountMembers(ctx, "C1", false)
	if c != (store.Counts{Registered: 1, Active: 1}) {
		t.Fatalf("counts of C1: %+v", c)
	}
	c, _ = st.CountMembers(ctx, "C1", true)
	if c.Registered != 3 {
		t.Fatalf("subtree counts of C1: %+v", c)
	}
	roles, _ := st.Roles(ctx, "telegram", "99")
	if !slices.Equal(roles, []store.Grant{{Role: store.RoleStaff, Unit: "C1"}}) {
		t.Fatalf("grant did not follow: %v", roles)
	}
	got, err := st.JoinWithInvite(ctx, inv.Code, store.Member{Platform: "zalo", UserID: "40", Name: "Lan", Consent: time.Now()})
	if err != nil || got.Unit != "C1" {
		t.Fatalf("old invite: %+v %v", got, err)
	}
	keys, _ := st.Client().Keys(ctx, "*unit:C2*").Result()
	if len(keys) != 0 {
		t.Fatalf("keys of merged unit remain: %v", keys)
	}
	// A later merge of C1 into W1 re-points the old alias C2 too.
	later := strings.Replace(merged, "C2,Xã Hai,,,C1\n", "C2,,,,W1\n", 1)
	later = strings.Replace(later, "C1,Xã Một,D1,commune,\n", "C1,,,,W1\n", 1)
	importCSV(t, st, later)
	if u, _ := st.Unit(ctx, "C2"); u.Code != "W1" {
		t.Fatalf("alias chain: %+v", u)
	}
	aliases, _ := st.UnitAliases(ctx)
	if aliases["C1"] != "W1" || aliases["C2"] != "W1" {
		t.Fatalf("aliases %v", aliases)
	}
}

func TestRemovedUnitDropsItsInvitesAndGrants(t *testing.T) {
	t.Parallel()
	st := dirStore(t)
	ctx := context.Background()
	importCSV(t, st, fourLevels)
	st.Grant(ctx, "telegram", "5", store.RoleHead, "B12")
	st.Grant(ctx, "telegram", "5", store.RoleHead, "B11")
	inv, _ := st.CreateInvite(ctx, store.NewInvite{Kind: store.InviteMember, Unit: "B12", TTL: time.Hour})
	importCSV(t, st, strings.Replace(fourLevels, "B12,Chi hội ấp 2,C1,branch\n", "", 1))
	roles, _ := st.Roles(ctx, "telegram", "5")
	if !slices.Equal(roles, []store.Grant{{Role: store.RoleHead, Unit: "B11"}}) {
		t.Fatalf("roles: %v", roles)
	}
	if _, err := st.CheckInvite(ctx, inv.Code); !errors.Is(err, store.ErrInviteUnknown) {
		t.Fatalf("invite of removed unit: %v", err)
	}
}

func TestImportUnitsValidatesDirectInput(t *testing.T) {
	t.Parallel()
	st := dirStore(t)
	_, err := st.ImportUnits(context.Background(), []store.Unit{
		{Code: "A", Name: "A", Parent: "B", Kind: "x"},
		{Code: "B", Name: "B", Parent: "A", Kind: "x"},
	})
	if err == nil || !strings.Contains(err.Error(), "unit A: units form a cycle: A → B → A") {
		t.Fatalf("got %v", err)
	}
	if n, _ := st.Client().DBSize(context.Background()).Result(); n != 0 {
		t.Fatalf("%d keys written", n)
	}
}
