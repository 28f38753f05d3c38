package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// adminIn runs `bot admin args…` in folder dir with env added to a clean
// environment (no LOA_*/REDIS_URL of the machine), as an operator's shell
// in another folder would.
func adminIn(t *testing.T, dir string, env map[string]string, args ...string) (int, string, string) {
	t.Helper()
	cmd := exec.Command(botBinary(t), append([]string{"admin"}, args...)...)
	cmd.Dir = dir
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(k, "LOA_") || k == "REDIS_URL" || k == "XDG_RUNTIME_DIR" {
			continue
		}
		cmd.Env = append(cmd.Env, kv)
	}
	return runCommand(t, cmd, env)
}

// TestAdminFindsTheRunningBotsRedis: an operator runs `bot admin` from
// another folder. With no bot running and no data there it says so, in
// Vietnamese and English, and creates nothing; with the bot running (its
// private Redis in its own data folder) it finds that Redis and says which;
// with the bot stopped it uses the bot's data when told the data folder.
func TestAdminFindsTheRunningBotsRedis(t *testing.T) {
	t.Parallel()
	run := t.TempDir() // the user's run folder ($XDG_RUNTIME_DIR)
	data := filepath.Join(t.TempDir(), "data")
	elsewhere := t.TempDir()
	adminEnv := map[string]string{"XDG_RUNTIME_DIR": run}

	code, out, errOut := adminIn(t, elsewhere, adminEnv, "units", "show")
	if code == 0 || !strings.Contains(errOut, "không tìm thấy Loa đang chạy") || !strings.Contains(errOut, "No running bot") {
		t.Fatalf("no bot: exit %d\nstdout:\n%s\nstderr:\n%s\nwant a failure that says no bot runs", code, out, errOut)
	}
	if _, err := os.Stat(filepath.Join(elsewhere, "data")); err == nil {
		t.Fatal("admin created an empty data folder where it was run")
	}

	p := startBinary(t, map[string]string{"LOA_HTTP_ADDR": freeAddr(t), "LOA_DATA_DIR": data, "XDG_RUNTIME_DIR": run})
	code, out, errOut = adminIn(t, elsewhere, adminEnv, "units", "show")
	if code != 0 || !strings.Contains(out, "Đồng Nai") || !strings.Contains(errOut, data) {
		t.Fatalf("bot running: exit %d\nstdout:\n%s\nstderr:\n%s\nwant the sample tree and the bot's data folder named", code, out, errOut)
	}
	// The first step of the walk-through: her own tree replaces the sample.
	tree := filepath.Join(elsewhere, "units.csv")
	if err := os.WriteFile(tree, []byte("code,name,parent,kind\nXA,Hội LHPN xã Xuân An,,commune\nB1,Chi hội Ấp 1,XA,branch\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if code, out, errOut := adminIn(t, elsewhere, adminEnv, "units", "import", tree); code != 0 {
		t.Fatalf("units import from another folder: exit %d\n%s%s", code, out, errOut)
	}
	p.stop()

	code, _, errOut = adminIn(t, elsewhere, adminEnv, "units", "show")
	if code == 0 || !strings.Contains(errOut, "No running bot") {
		t.Fatalf("bot stopped, no folder given: exit %d\n%s", code, errOut)
	}
	code, out, errOut = adminIn(t, elsewhere, map[string]string{"XDG_RUNTIME_DIR": run, "LOA_DATA_DIR": data}, "units", "show")
	if code != 0 || !strings.Contains(out, "Xuân An") || !strings.Contains(errOut, "no bot running") {
		t.Fatalf("bot stopped, its folder given: exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
}
