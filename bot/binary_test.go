package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"loa/store"
	"loa/store/redistest"
)

var (
	buildOnce sync.Once
	builtBot  string
	builtDir  string // made by this process: removed by TestMain
	buildErr  error
	buildOut  []byte

	modelsOnce sync.Once
	modelsDir  string // one model cache for every start of the binary (sharedModelCache)
)

// TestMain removes what the test process left outside its tests' own
// folders: the built binary and the shared model cache.
func TestMain(m *testing.M) {
	code := m.Run()
	if builtDir != "" {
		_ = os.RemoveAll(builtDir)
	}
	if modelsDir != "" {
		_ = os.RemoveAll(modelsDir)
	}
	os.Exit(code)
}

// sharedModelCache is the LOA_MODEL_CACHE of every start of the real
// binary in this test process: the first start trains the classifiers
// (about 3 CPU-seconds), the others read them, as every restart of one
// build does in production. TestBinaryKeepsItsTrainedModels checks the
// cache itself with a folder of its own. `make test` names one folder for
// the whole run in LOA_TEST_MODEL_CACHE (and removes it): the child process
// of TestBinaryRestartsAfterKill9UnderASubreaper then trains no more.
func sharedModelCache(t testing.TB) string {
	if dir := os.Getenv("LOA_TEST_MODEL_CACHE"); dir != "" {
		return dir
	}
	modelsOnce.Do(func() {
		var err error
		if modelsDir, err = os.MkdirTemp("", "loa-bot-models-"); err != nil {
			t.Fatal(err)
		}
	})
	return modelsDir
}

// botBinary builds the real `bot` binary once per test run, for tests that
// use it as an operator or an init system would (admin CLI, kill -9).
// LOA_TEST_BOT_BINARY names one already built from this checkout (`make
// test` builds it before any test starts, instead of the first test that
// needs it waiting while the test process links it).
func botBinary(t testing.TB) string {
	t.Helper()
	if bin := os.Getenv("LOA_TEST_BOT_BINARY"); bin != "" {
		return bin
	}
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "loa-bot-bin-")
		if err != nil {
			buildErr = err
			return
		}
		builtDir, builtBot = dir, filepath.Join(dir, "bot")
		cmd := exec.Command("go", "build", "-o", builtBot, ".")
		buildOut, buildErr = cmd.CombinedOutput()
	})
	if buildErr != nil {
		t.Fatalf("build bot: %v\n%s", buildErr, buildOut)
	}
	return builtBot
}

// runAdminBinary runs `bot admin args…` against redisURL and returns its exit code
// and output.
func runAdminBinary(t *testing.T, redisURL string, args ...string) (int, string, string) {
	t.Helper()
	return runAdminBinaryEnv(t, map[string]string{"REDIS_URL": redisURL}, args...)
}

// runAdminBinaryEnv runs `bot admin args…` with env (the Redis settings,
// LOA_NAMESPACE) and returns its exit code and output.
func runAdminBinaryEnv(t *testing.T, env map[string]string, args ...string) (int, string, string) {
	t.Helper()
	cmd := exec.Command(botBinary(t), append([]string{"admin"}, args...)...)
	cmd.Env = append(os.Environ(), "LOA_DATA_DIR="+t.TempDir())
	return runCommand(t, cmd, env)
}

// runCommand adds env to cmd's environment, runs it and returns its exit
// code and output; only a failure to start it fails the test.
func runCommand(t *testing.T, cmd *exec.Cmd, env map[string]string) (int, string, string) {
	t.Helper()
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return code, stdout.String(), stderr.String()
}

func TestAdminCLIAsAnOperatorRunsIt(t *testing.T) {
	t.Parallel()
	r := redistest.Start(t)
	tree := filepath.Join(t.TempDir(), "tree.csv")
	if err := os.WriteFile(tree, []byte("code,name,parent,kind\nDN,Tỉnh Đồng Nai,,province\nXD,Xã Xuân Định,DN,commune\nXD-1,Chi hội ấp 1,XD,branch\nXD-2,Chi hội ấp 2,XD,branch\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		args     []string
		code     int
		stdout   string // substring expected on stdout
		stderr   string // substring expected on stderr
		firstWas func(t *testing.T, line string)
	}{
		{args: []string{"--help"}, code: 0, stdout: "units import"},
		{args: []string{"units", "import", tree}, code: 0},
		{args: []string{"units", "show", "XD"}, code: 0, stdout: "Chi hội ấp 2"},
		{args: []string{"grant", "--platform", "telegram", "--user", "12345", "--role", "head", "--unit", "XD-1"}, code: 0},
		{args: []string{"invite", "--unit", "XD-1", "--uses", "30", "--expires", "720h", "--bot-username", "loa_bot"}, code: 0, stdout: "https://t.me/loa_bot?start=",
			firstWas: func(t *testing.T, line string) {
				if len(line) < 10 || strings.ContainsAny(line, " :/") {
					t.Fatalf("the first line must be the code alone, got %q", line)
				}
			}},
		{args: []string{"members", "list", "--unit", "XD", "--csv"}, code: 0},
		// Wrong input: a clear message on stderr and a non-zero exit.
		{args: []string{"grant", "--platform", "telegram", "--user", "12345", "--role", "queen", "--unit", "XD-1"}, code: 2, stderr: "role"},
		{args: []string{"invite", "--unit", "NOWHERE"}, code: 1, stderr: "NOWHERE"},
		{args: []string{"units", "import", "/no/such/file.csv"}, code: 1, stderr: "file.csv"},
		{args: []string{"frobnicate"}, code: 2},
	}
	for _, s := range steps {
		code, out, errOut := runAdminBinary(t, r.URL(), s.args...)
		if code != s.code {
			t.Fatalf("bot admin %v: exit %d, want %d\nstdout:\n%s\nstderr:\n%s", s.args, code, s.code, out, errOut)
		}
		if !strings.Contains(out, s.stdout) || !strings.Contains(errOut, s.stderr) {
			t.Fatalf("bot admin %v:\nstdout:\n%s\nstderr:\n%s\nwant %q on stdout and %q on stderr", s.args, out, errOut, s.stdout, s.stderr)
		}
		if s.firstWas != nil {
			s.firstWas(t, strings.SplitN(out, "\n", 2)[0])
		}
	}
	code, out, _ := runAdminBinary(t, r.URL(), "roles", "--platform", "telegram", "--user", "12345")
	if code != 0 || !strings.Contains(out, "XD-1") {
		t.Fatalf("roles after grant: exit %d\n%s", code, out)
	}
}

// adminSeesOnlyItsNamespace: `bot admin` run with LOA_NAMESPACE writes and
// reads that namespace only. redisEnv names the Redis and a namespace;
// other is a second namespace on the same Redis.
func adminSeesOnlyItsNamespace(t *testing.T, redisEnv map[string]string, other string) {
	t.Helper()
	otherEnv := map[string]string{}
	for k, v := range redisEnv {
		otherEnv[k] = v
	}
	otherEnv["LOA_NAMESPACE"] = other
	if code, out, errOut := runAdminBinaryEnv(t, redisEnv, "units", "import", "--sample"); code != 0 {
		t.Fatalf("units import --sample: exit %d\n%s%s", code, out, errOut)
	}
	if code, out, errOut := runAdminBinaryEnv(t, redisEnv, "units", "show"); code != 0 || !strings.Contains(out, "Đồng Nai") {
		t.Fatalf("units show in %s: exit %d\n%s%s", redisEnv["LOA_NAMESPACE"], code, out, errOut)
	}
	if code, out, errOut := runAdminBinaryEnv(t, otherEnv, "units", "show"); code != 0 || !strings.Contains(out, "no units yet") {
		t.Fatalf("units show in %s sees another namespace's tree: exit %d\n%s%s", other, code, out, errOut)
	}
}

func TestAdminCLITakesTheNamespace(t *testing.T) {
	t.Parallel()
	r := redistest.Start(t)
	adminSeesOnlyItsNamespace(t, map[string]string{"REDIS_URL": r.URL(), "LOA_NAMESPACE": "dong-nai"}, "ha-noi")
	// And the store of a namespace sees what the CLI wrote there.
	st, err := store.NewNamespaced(r.Client(), "dong-nai")
	if err != nil {
		t.Fatal(err)
	}
	if roots, err := st.Roots(context.Background()); err != nil || len(roots) != 1 {
		t.Fatalf("roots in dong-nai: %v, %v", roots, err)
	}
	if roots, _ := store.New(r.Client()).Roots(context.Background()); len(roots) != 0 {
		t.Fatalf("the CLI wrote outside its namespace: %v", roots)
	}
}
