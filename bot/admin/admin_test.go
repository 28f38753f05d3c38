package admin_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"loa/bot/admin"
	"loa/content"
	"loa/store"
	"loa/store/redistest"
)

type result struct {
	code        int
	out, errOut string
}

func runner(t *testing.T) (*store.Store, func(args ...string) result) {
	t.Helper()
	st := store.New(redistest.Start(t).Client())
	return st, func(args ...string) result {
		t.Helper()
		var out, errOut bytes.Buffer
		code := admin.Run(context.Background(), st, args, &out, &errOut)
		return result{code, out.String(), errOut.String()}
	}
}

func writeFile(t *testing.T, name, data string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestSampleTreeIsValidAndMarked(t *testing.T) {
	data, name := content.SampleUnits()
	if name != "dong-nai.csv" {
		t.Fatalf("name %q", name)
	}
	units, err := store.ParseUnitsCSV(bytes.NewReader(data), name)
	if err != nil {
		t.Fatal(err)
	}
	real := map[string]bool{"Tỉnh Đồng Nai": true, "Phường Trấn Biên": true, "Xã Xuân Định": true, "Xã Bù Gia Mập": true,
		"Xã Đăk Ơ": true, "Xã Phú Lý": true, "Xã Đak Lua": true, "Xã Thanh Sơn": true}
	kinds := map[string]int{}
	perCommune := map[string]int{}
	for _, u := range units {
		kinds[u.Kind]++
		if u.Kind == "branch" {
			perCommune[u.Parent]++
		}
		if !real[u.Name] && !strings.Contains(u.Name, "(mẫu)") && !strings.Contains(u.Name, "(dữ liệu mẫu)") {
			t.Errorf("%s %q is neither a sourced real name nor marked as a sample", u.Code, u.Name)
		}
		delete(real, u.Name)
	}
	if len(real) != 0 {
		t.Errorf("real names missing: %v", real)
	}
	if kinds["province"] != 1 || kinds["commune"]+kinds["ward"] != 20 {
		t.Errorf("kinds %v", kinds)
	}
	for c, n := range perCommune {
		if n < 3 || n > 5 {
			t.Errorf("%s has %d branches", c, n)
		}
	}
	if !bytes.Contains(data, []byte("NQ 1662/NQ-UBTVQH15")) {
		t.Error("the file does not name its source")
	}
}

func TestHelpAndUsageErrors(t *testing.T) {
	_, run := runner(t)
	for _, cmd := range [][]string{
		{"units", "import"}, {"units", "show"}, {"grant"}, {"revoke"}, {"roles"},
		{"invite"}, {"invite", "list"}, {"invite", "revoke"}, {"members", "list"},
	} {
		r := run(append(cmd, "--help")...)
		if r.code != 0 || !strings.Contains(r.out, "Usage: bot admin "+strings.Join(cmd, " ")) || r.errOut != "" {
			t.Errorf("%v --help: %+v", cmd, r)
		}
	}
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{nil, 2, "Usage: bot admin COMMAND"},
		{[]string{"frobnicate"}, 2, `unknown command "frobnicate"`},
		{[]string{"units"}, 2, `unknown subcommand ""`},
		{[]string{"units", "delete"}, 2, `unknown subcommand "delete"`},
		{[]string{"units", "import"}, 2, "want exactly one FILE, got 0"},
		{[]string{"units", "import", "a.csv", "b.csv"}, 2, "want exactly one FILE, got 2"},
		{[]string{"units", "import", "--sample", "a.csv"}, 2, "not both"},
		{[]string{"units", "import", "--nope"}, 2, "flag provided but not defined: -nope"},
		{[]string{"units", "import", "/no/such/file.csv"}, 1, "no such file or directory"},
		{[]string{"units", "show", "A", "B"}, 2, "at most one CODE"},
		{[]string{"units", "show", "NOPE"}, 1, "unit NOPE: unknown unit"},
		{[]string{"grant", "--platform", "telegram", "--role", "head", "--unit", "X"}, 2, "--platform and --user are required"},
		{[]string{"grant", "--platform", "viber", "--user", "1", "--role", "head", "--unit", "X"}, 2, `--platform "viber"`},
		{[]string{"grant", "--platform", "telegram", "--user", "1", "--role", "queen", "--unit", "X"}, 2, `--role "queen"`},
		{[]string{"grant", "--platform", "telegram", "--user", "1", "--role", "member", "--unit", "X"}, 2, `--role "member"`},
		{[]string{"grant", "--platform", "telegram", "--user", "1", "--role", "head"}, 2, "--unit is required for head"},
		{[]string{"grant", "--platform", "telegram", "--user", "1", "--role", "admin", "--unit", "X"}, 2, "drop --unit"},
		{[]string{"grant", "--platform", "telegram", "--user", "1", "--role", "head", "--unit", "NOPE"}, 1, "unknown unit"},
		{[]string{"revoke", "--platform", "telegram", "--user", "1", "--role", "admin"}, 1, "no such role grant"},
		{[]string{"invite"}, 2, "--unit is required"},
		{[]string{"invite", "--unit", "NOPE"}, 1, "unknown unit"},
		{[]string{"invite", "--unit", "X", "--role", "admin"}, 2, `--role "admin"`},
		{[]string{"invite", "--unit", "X", "--uses", "-5"}, 2, "--uses -5"},
		{[]string{"invite", "--unit", "X", "--expires", "soon"}, 2, `--expires "soon"`},
		{[]string{"invite", "--unit", "X", "--expires", "400d"}, 2, "at most 366d"},
		{[]string{"invite", "--unit", "X", "--bot-username", "a b"}, 2, "--bot-username"},
		{[]string{"invite", "revoke", "ABCDEFGHJKMNP"}, 1, "invite code unknown"},
		{[]string{"invite", "list"}, 2, "--unit is required"},
		{[]string{"members", "list"}, 2, "--unit is required"},
		{[]string{"members", "list", "--unit", "NOPE"}, 1, "unknown unit"},
	} {
		r := run(tc.args...)
		if r.code != tc.code || !strings.Contains(r.errOut, tc.want) || r.out != "" {
			t.Errorf("%q: got %d, stdout %q, stderr %q; want %d and %q", tc.args, r.code, r.out, r.errOut, tc.code, tc.want)
		}
	}
}

func TestUnitsImportAndShow(t *testing.T) {
	st, run := runner(t)
	ctx := context.Background()
	if r := run("units", "show"); r.code != 0 || !strings.Contains(r.out, "no units yet") {
		t.Fatalf("empty show: %+v", r)
	}
	r := run("units", "import", "--sample")
	if r.code != 0 || r.out != "imported dong-nai.csv: 100 units (100 added, 0 changed, 0 unchanged), 0 merged, 0 removed, 0 members moved\n" {
		t.Fatalf("sample: %+v", r)
	}
	st.Register(ctx, store.Member{Platform: "zalo", UserID: "1", Unit: "DN-XUANDINH-02", Consent: time.Now(), Active: true})
	r = run("units", "show", "dn-xuandinh")
	want := "under DN\nDN-XUANDINH  Xã Xuân Định  [commune]  1 members\n  DN-XUANDINH-01  Chi hội ấp 1 (mẫu)  [branch]  0 members\n"
	if r.code != 0 || !strings.HasPrefix(r.out, want) {
		t.Fatalf("show: %+v", r)
	}
	if r := run("units", "show"); r.code != 0 || !strings.HasPrefix(r.out, "DN  Tỉnh Đồng Nai  [province]  1 members\n  DN-BUGIAMAP") ||
		strings.Count(r.out, "\n") != 100 {
		t.Fatalf("show all: %q", r.out)
	}

	// A broken file: every problem with file:line, nothing changed.
	bad := writeFile(t, "bad.csv", "code,name,parent,kind\nDN,Tỉnh Đồng Nai,,province\nX1,,DN,commune\nX2,Xã <b>2</b>,NOPE,commune\n")
	r = run("units", "import", bad)
	if r.code != 1 || !strings.Contains(r.errOut, "bad.csv:3: name is empty") || !strings.Contains(r.errOut, "bad.csv:4: parent NOPE") {
		t.Fatalf("bad file: %+v", r)
	}
	if r := run("units", "import", "--check", bad); r.code != 1 {
		t.Fatalf("--check of a bad file: %+v", r)
	}
	// Dropping a branch with a member is refused.
	small := writeFile(t, "small.yaml", "- {code: DN, name: Tỉnh Đồng Nai, kind: province}\n")
	r = run("units", "import", small)
	if r.code != 1 || !strings.Contains(r.errOut, "nothing changed") || !strings.Contains(r.errOut, "unit DN-XUANDINH-02: is missing") {
		t.Fatalf("refused import: %+v", r)
	}
	if r := run("units", "import", "--check", small); r.code != 0 || r.out != small+" is valid: 1 units, 0 merges\n" {
		t.Fatalf("--check: %+v", r)
	}
	// Merge the branch into DN (YAML, flags after the file).
	merge := writeFile(t, "merge.yml", "- {code: DN, name: Tỉnh Đồng Nai, kind: province}\n- {code: DN-XUANDINH-02, merged_into: DN}\n")
	r = run("units", "import", merge)
	if r.code != 0 || !strings.Contains(r.out, "1 units (0 added, 0 changed, 1 unchanged), 1 merged, 98 removed, 1 members moved") {
		t.Fatalf("merge: %+v", r)
	}
	if r := run("units", "show", "DN-XUANDINH-02"); r.code != 0 || !strings.HasPrefix(r.out, "DN-XUANDINH-02 was merged into DN\nDN  Tỉnh Đồng Nai  [province]  1 members\n") {
		t.Fatalf("show merged: %+v", r)
	}
}

func TestGrantRevokeRoles(t *testing.T) {
	_, run := runner(t)
	run("units", "import", "--sample")
	for _, args := range [][]string{
		{"grant", "--platform", "telegram", "--user", "12345", "--role", "head", "--unit", "dn-phuly-01"},
		{"grant", "--platform", "telegram", "--user", "12345", "--role", "staff", "--unit", "DN-PHULY"},
		{"grant", "--role", "admin", "--platform", "telegram", "--user", "12345"},
	} {
		if r := run(args...); r.code != 0 || !strings.HasPrefix(r.out, "granted ") {
			t.Fatalf("%v: %+v", args, r)
		}
	}
	r := run("roles", "--platform", "telegram", "--user", "12345")
	if r.code != 0 || r.out != "admin\nstaff@DN-PHULY\nhead@DN-PHULY-01\n" {
		t.Fatalf("roles: %+v", r)
	}
	if r := run("revoke", "--platform", "telegram", "--user", "12345", "--role", "head", "--unit", "DN-PHULY-01"); r.code != 0 || r.out != "revoked head@DN-PHULY-01 from telegram:12345\n" {
		t.Fatalf("revoke: %+v", r)
	}
	if r := run("revoke", "--platform", "telegram", "--user", "12345", "--role", "head", "--unit", "DN-PHULY-01"); r.code != 1 {
		t.Fatalf("second revoke: %+v", r)
	}
	if r := run("roles", "--platform", "zalo", "--user", "9"); r.out != "zalo:9 has no roles (member only)\n" {
		t.Fatalf("no roles: %+v", r)
	}
}

func TestInviteCommands(t *testing.T) {
	st, run := runner(t)
	ctx := context.Background()
	run("units", "import", "--sample")

	r := run("invite", "--unit", "DN-TRANBIEN-01", "--role", "head", "--bot-username", "@loa_test_bot")
	if r.code != 0 {
		t.Fatalf("invite: %+v", r)
	}
	lines := strings.Split(strings.TrimSuffix(r.out, "\n"), "\n")
	if len(lines) != 3 || !regexp.MustCompile(`^[0-9A-Z]{13}$`).MatchString(lines[0]) ||
		lines[1] != "https://t.me/loa_test_bot?start="+lines[0] ||
		!strings.HasPrefix(lines[2], "head invite for DN-TRANBIEN-01 (Chi hội khu phố 1 (mẫu)), 1 use left, valid until ") {
		t.Fatalf("output %q", r.out)
	}
	code := lines[0]
	inv, err := st.JoinWithInvite(ctx, code, store.Member{Platform: "telegram", UserID: "7", Name: "Hà", Consent: time.Now()})
	if err != nil || inv.Kind != store.InviteHead {
		t.Fatalf("join: %+v %v", inv, err)
	}
	if roles, _ := st.Roles(ctx, "telegram", "7"); len(roles) != 1 || roles[0].Unit != "DN-TRANBIEN-01" {
		t.Fatalf("roles %v", roles)
	}

	// Without a bot username: the code alone, then the description; a member
	// invite is unlimited by default; --expires in days.
	r = run("invite", "--unit", "DN-TRANBIEN-01", "--expires", "7d")
	lines = strings.Split(strings.TrimSuffix(r.out, "\n"), "\n")
	if r.code != 0 || len(lines) != 2 || len(lines[0]) != 13 || !strings.Contains(lines[1], "member invite for DN-TRANBIEN-01") ||
		!strings.Contains(lines[1], "unlimited uses") {
		t.Fatalf("member invite: %+v", r)
	}
	got, _ := st.CheckInvite(ctx, lines[0])
	if d := time.Until(got.Expires); d < 7*24*time.Hour-time.Minute || d > 7*24*time.Hour {
		t.Fatalf("expires in %s", d)
	}
	// Options carry the bot username from the configuration.
	var out, errOut bytes.Buffer
	admin.RunWithOptions(ctx, st, admin.Options{BotUsername: "loa_dn_bot"}, []string{"invite", "--unit", "DN", "--role", "staff", "--uses", "3"}, &out, &errOut)
	if lines := strings.Split(out.String(), "\n"); len(lines) < 3 || !strings.HasPrefix(lines[1], "https://t.me/loa_dn_bot?start=") ||
		!strings.Contains(lines[2], "staff invite for DN (Tỉnh Đồng Nai), 3 uses left") {
		t.Fatalf("with options: %q %q", out.String(), errOut.String())
	}

	if r := run("invite", "revoke", strings.ToLower(lines[0])); r.code != 0 || r.out != "revoked invite "+lines[0]+"\n" {
		t.Fatalf("revoke: %+v", r)
	}
	r = run("invite", "list", "--unit", "DN-TRANBIEN-01")
	rows := strings.Split(strings.TrimSuffix(r.out, "\n"), "\n")
	if r.code != 0 || len(rows) != 3 || !strings.HasPrefix(rows[0], "CODE") ||
		!strings.Contains(rows[1], "revoked") || !strings.Contains(rows[2], code) || !strings.Contains(rows[2], "used up") {
		t.Fatalf("list: %q", r.out)
	}
}

func TestMembersList(t *testing.T) {
	st, run := runner(t)
	ctx := context.Background()
	run("units", "import", "--sample")
	consent := time.Date(2026, 11, 20, 1, 2, 0, 0, time.UTC)
	for _, m := range []store.Member{
		{Platform: "telegram", UserID: "1", Name: "Trần Thị Bình", Unit: "DN-DAKO-02"},
		{Platform: "zalo", UserID: "2", Name: "=HYPERLINK(\"http://x\")", Unit: "DN-DAKO-01"},
		{Platform: "telegram", UserID: "3", Name: "An, \"Út\"", Unit: "DN-DAKO-01", Muted: true},
		{Platform: "telegram", UserID: "4", Name: "Ở xã khác", Unit: "DN-PHULY-01"},
	} {
		m.Consent, m.Active = consent, true
		if _, err := st.Register(ctx, m); err != nil {
			t.Fatal(err)
		}
	}
	st.SetActive(ctx, "telegram", "1", false)
	r := run("members", "list", "--unit", "DN-DAKO", "--csv")
	if r.code != 0 {
		t.Fatalf("%+v", r)
	}
	recs, err := csv.NewReader(strings.NewReader(r.out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"unit", "platform", "user_id", "name", "consent", "active", "muted"},
		{"DN-DAKO-01", "zalo", "2", "'=HYPERLINK(\"http://x\")", "2026-11-20 08:02", "yes", "no"},
		{"DN-DAKO-01", "telegram", "3", "An, \"Út\"", "2026-11-20 08:02", "yes", "yes"},
		{"DN-DAKO-02", "telegram", "1", "Trần Thị Bình", "2026-11-20 08:02", "no", "no"},
	}
	if len(recs) != len(want) {
		t.Fatalf("csv %q", r.out)
	}
	for i := range want {
		if strings.Join(recs[i], "|") != strings.Join(want[i], "|") {
			t.Errorf("row %d: %q, want %q", i, recs[i], want[i])
		}
	}
	r = run("members", "list", "--unit", "dn-dako-01")
	if r.code != 0 || !strings.HasPrefix(r.out, "UNIT ") || !strings.HasSuffix(r.out, "\n2 members\n") || strings.Contains(r.out, "Bình") {
		t.Fatalf("table: %q", r.out)
	}
}
