package main

import (
	"bytes"
	"context"
	"github.com/redis/go-redis/v9"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// runWithEnv runs the program the way main does with env as the whole
// environment and returns its exit code and what it printed on stderr.
func runWithEnv(t *testing.T, env map[string]string) (int, string) {
	t.Helper()
	var stderr bytes.Buffer
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	code := run(ctx, nil, func(k string) string { return env[k] }, io.Discard, &stderr)
	return code, stderr.String()
}

// TestConfigErrorsNameTheVariable: every wrong setting stops the program
// before it starts anything, with exit code 2 and the variable's name on
// stderr, and never echoes a token or secret back.
func TestConfigErrorsNameTheVariable(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	aFile := filepath.Join(dir, "a-file")
	if err := os.WriteFile(aFile, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	const token = "123456:AAbbCCddEEffGGhhIIjjKKllMMnn"
	tg := func(kv ...string) map[string]string {
		env := map[string]string{"TELEGRAM_BOT_TOKEN": token}
		for i := 0; i+1 < len(kv); i += 2 {
			env[kv[i]] = kv[i+1]
		}
		return env
	}
	zl := func(kv ...string) map[string]string {
		env := map[string]string{"ZALO_BOT_TOKEN": "7654321:zaloSecretPart"}
		for i := 0; i+1 < len(kv); i += 2 {
			env[kv[i]] = kv[i+1]
		}
		return env
	}
	cases := []struct {
		name    string
		env     map[string]string
		wantVar string
	}{
		{"address without port", map[string]string{"LOA_HTTP_ADDR": "localhost"}, "LOA_HTTP_ADDR"},
		{"port out of range", map[string]string{"LOA_HTTP_ADDR": "127.0.0.1:99999"}, "LOA_HTTP_ADDR"},
		{"port not a number", map[string]string{"LOA_HTTP_ADDR": "127.0.0.1:web"}, "LOA_HTTP_ADDR"},
		{"public URL not http", map[string]string{"LOA_PUBLIC_URL": "ftp://example.org"}, "LOA_PUBLIC_URL"},
		{"redis URL without scheme", map[string]string{"REDIS_URL": "localhost:6379"}, "REDIS_URL"},
		{"redis URL with a bad port", map[string]string{"REDIS_URL": "redis://localhost:port"}, "REDIS_URL"},
		{"redis URL with an unknown scheme", map[string]string{"REDIS_URL": "redisx://localhost:6379"}, "REDIS_URL"},
		{"two redis forms", map[string]string{"REDIS_URL": "redis://10.0.0.1:6379/0", "REDIS_CLUSTER_ADDRS": "10.0.0.1:7000"}, "REDIS_URL"},
		{"sentinel and cluster", map[string]string{"REDIS_SENTINEL_ADDRS": "10.0.0.1:26379", "REDIS_SENTINEL_MASTER": "loa", "REDIS_CLUSTER_ADDRS": "10.0.0.1:7000"}, "REDIS_SENTINEL_ADDRS"},
		{"sentinel without master name", map[string]string{"REDIS_SENTINEL_ADDRS": "10.0.0.1:26379,10.0.0.2:26379"}, "REDIS_SENTINEL_MASTER"},
		{"sentinel master without sentinels", map[string]string{"REDIS_SENTINEL_MASTER": "loa"}, "REDIS_SENTINEL_MASTER"},
		{"sentinel address without port", map[string]string{"REDIS_SENTINEL_ADDRS": "10.0.0.1", "REDIS_SENTINEL_MASTER": "loa"}, "REDIS_SENTINEL_ADDRS"},
		{"cluster address with a bad port", map[string]string{"REDIS_CLUSTER_ADDRS": "10.0.0.1:7000,10.0.0.2:seven"}, "REDIS_CLUSTER_ADDRS"},
		{"password without a server", map[string]string{"REDIS_PASSWORD": "hunter2-hunter2"}, "REDIS_PASSWORD"},
		{"username without a server", map[string]string{"REDIS_USERNAME": "loa"}, "REDIS_USERNAME"},
		{"tls without a server", map[string]string{"REDIS_TLS": "on"}, "REDIS_TLS"},
		{"tls with a plain URL", map[string]string{"REDIS_URL": "redis://10.0.0.1:6379/0", "REDIS_TLS": "on"}, "REDIS_TLS"},
		{"tls switch", map[string]string{"REDIS_CLUSTER_ADDRS": "10.0.0.1:7000", "REDIS_TLS": "maybe"}, "REDIS_TLS"},
		{"credentials twice", map[string]string{"REDIS_URL": "redis://loa:pw-in-url@10.0.0.1:6379/0", "REDIS_PASSWORD": "hunter2-hunter2"}, "REDIS_URL"},
		{"namespace with a brace", map[string]string{"LOA_NAMESPACE": "dong{nai}"}, "LOA_NAMESPACE"},
		{"namespace with a colon", map[string]string{"LOA_NAMESPACE": "vn:dongnai"}, "LOA_NAMESPACE"},
		{"namespace upper case", map[string]string{"LOA_NAMESPACE": "DongNai"}, "LOA_NAMESPACE"},
		{"namespace too long", map[string]string{"LOA_NAMESPACE": strings.Repeat("a", 33)}, "LOA_NAMESPACE"},
		{"log level", map[string]string{"LOA_LOG_LEVEL": "verbose"}, "LOA_LOG_LEVEL"},
		{"web chat switch", map[string]string{"LOA_WEBCHAT": "maybe"}, "LOA_WEBCHAT"},
		{"scheduler switch", map[string]string{"LOA_SCHEDULER": "sometimes"}, "LOA_SCHEDULER"},
		{"content folder missing", map[string]string{"LOA_CONTENT_DIR": filepath.Join(dir, "missing")}, "LOA_CONTENT_DIR"},
		{"content folder is a file", map[string]string{"LOA_CONTENT_DIR": aFile}, "LOA_CONTENT_DIR"},
		{"data folder is a file", map[string]string{"LOA_DATA_DIR": aFile}, "LOA_DATA_DIR"},
		{"admins without platform", map[string]string{"LOA_ADMINS": "12345"}, "LOA_ADMINS"},
		{"admins with unknown platform", map[string]string{"LOA_ADMINS": "viber:12345"}, "LOA_ADMINS"},
		{"telegram token malformed", map[string]string{"TELEGRAM_BOT_TOKEN": "not a token"}, "TELEGRAM_BOT_TOKEN"},
		{"telegram API base", tg("TELEGRAM_API_BASE", "api.telegram.org"), "TELEGRAM_API_BASE"},
		{"telegram webhook without secret", tg("TELEGRAM_WEBHOOK_URL", "https://loa.example.org/tg"), "TELEGRAM_WEBHOOK_SECRET"},
		{"telegram webhook secret with a bad character", tg("TELEGRAM_WEBHOOK_URL", "https://loa.example.org/tg", "TELEGRAM_WEBHOOK_SECRET", "abc:def"), "TELEGRAM_WEBHOOK_SECRET"},
		{"telegram webhook secret too long", tg("TELEGRAM_WEBHOOK_URL", "https://loa.example.org/tg", "TELEGRAM_WEBHOOK_SECRET", strings.Repeat("a", 257)), "TELEGRAM_WEBHOOK_SECRET"},
		{"telegram webhook not https", tg("TELEGRAM_WEBHOOK_URL", "http://loa.example.org/tg", "TELEGRAM_WEBHOOK_SECRET", "s3cret"), "TELEGRAM_WEBHOOK_URL"},
		{"telegram webhook without a path", tg("TELEGRAM_WEBHOOK_URL", "https://loa.example.org", "TELEGRAM_WEBHOOK_SECRET", "s3cret"), "TELEGRAM_WEBHOOK_URL"},
		{"telegram webhook on the root path", tg("TELEGRAM_WEBHOOK_URL", "https://loa.example.org/", "TELEGRAM_WEBHOOK_SECRET", "s3cret"), "TELEGRAM_WEBHOOK_URL"},
		{"telegram webhook on the web chat's API", tg("TELEGRAM_WEBHOOK_URL", "https://loa.example.org/api/message", "TELEGRAM_WEBHOOK_SECRET", "s3cret"), "TELEGRAM_WEBHOOK_URL"},
		{"zalo webhook without a path", zl("ZALO_WEBHOOK_URL", "https://loa.example.org", "ZALO_WEBHOOK_SECRET", "s3cretZalo"), "ZALO_WEBHOOK_URL"},
		{"zalo webhook on /healthz", zl("ZALO_WEBHOOK_URL", "https://loa.example.org/healthz", "ZALO_WEBHOOK_SECRET", "s3cretZalo"), "ZALO_WEBHOOK_URL"},
		{"telegram webhook without token", map[string]string{"TELEGRAM_WEBHOOK_URL": "https://loa.example.org/tg"}, "TELEGRAM_WEBHOOK_URL"},
		{"zalo webhook secret too short", zl("ZALO_WEBHOOK_URL", "https://loa.example.org/zl", "ZALO_WEBHOOK_SECRET", "short"), "ZALO_WEBHOOK_SECRET"},
		{"zalo webhook without secret", zl("ZALO_WEBHOOK_URL", "https://loa.example.org/zl"), "ZALO_WEBHOOK_SECRET"},
		{"zalo webhook without token", map[string]string{"ZALO_WEBHOOK_URL": "https://loa.example.org/zl"}, "ZALO_WEBHOOK_URL"},
		{"zalo API base", zl("ZALO_API_BASE", "ftp://zalo"), "ZALO_API_BASE"},
		{"telegram rate not a number", map[string]string{"LOA_TELEGRAM_RATE": "fast"}, "LOA_TELEGRAM_RATE"},
		{"telegram rate zero", map[string]string{"LOA_TELEGRAM_RATE": "0"}, "LOA_TELEGRAM_RATE"},
		{"telegram rate NaN", map[string]string{"LOA_TELEGRAM_RATE": "NaN"}, "LOA_TELEGRAM_RATE"},
		{"zalo rate infinite", map[string]string{"LOA_ZALO_RATE": "+Inf"}, "LOA_ZALO_RATE"},
		{"zalo rate negative", map[string]string{"LOA_ZALO_RATE": "-3"}, "LOA_ZALO_RATE"},
		{"workers a fraction", map[string]string{"LOA_DELIVERY_WORKERS": "0.5"}, "LOA_DELIVERY_WORKERS"},
		{"workers not a number", map[string]string{"LOA_DELIVERY_WORKERS": "many"}, "LOA_DELIVERY_WORKERS"},
		{"connections per address too few", map[string]string{"LOA_HTTP_CONNS_PER_ADDR": "2"}, "LOA_HTTP_CONNS_PER_ADDR"},
		{"write timeout shorter than a long poll", map[string]string{"LOA_HTTP_WRITE_TIMEOUT": "10s"}, "LOA_HTTP_WRITE_TIMEOUT"},
		{"connections per address not a number", map[string]string{"LOA_HTTP_CONNS_PER_ADDR": "lots"}, "LOA_HTTP_CONNS_PER_ADDR"},
		{"lease not a duration", map[string]string{"LOA_DELIVERY_LEASE": "forever"}, "LOA_DELIVERY_LEASE"},
		{"lease too short", map[string]string{"LOA_DELIVERY_LEASE": "1s"}, "LOA_DELIVERY_LEASE"},
		{"lease without unit", map[string]string{"LOA_DELIVERY_LEASE": "120"}, "LOA_DELIVERY_LEASE"},
		{"send timeout too long", map[string]string{"LOA_DELIVERY_SEND_TIMEOUT": "10m"}, "LOA_DELIVERY_SEND_TIMEOUT"},
		{"quiet hours out of range", map[string]string{"LOA_QUIET_HOURS": "21-25"}, "LOA_QUIET_HOURS"},
		{"quiet hours words", map[string]string{"LOA_QUIET_HOURS": "evening"}, "LOA_QUIET_HOURS"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			// A data folder that does not exist yet: a configuration error
			// must stop the bot before it creates anything.
			data := filepath.Join(t.TempDir(), "data")
			env := map[string]string{"LOA_DATA_DIR": data, "LOA_HTTP_ADDR": "127.0.0.1:0"}
			for k, v := range c.env {
				env[k] = v
			}
			code, stderr := runWithEnv(t, env)
			if code != 2 {
				t.Fatalf("exit %d, want 2 (configuration error); stderr:\n%s", code, stderr)
			}
			if !strings.Contains(stderr, c.wantVar+":") {
				t.Fatalf("stderr does not name %s:\n%s", c.wantVar, stderr)
			}
			if _, err := os.Stat(data); err == nil && c.wantVar != "LOA_DATA_DIR" {
				t.Fatalf("the data folder was created although the configuration is wrong")
			}
			for k, v := range c.env {
				if secret := strings.HasSuffix(k, "_TOKEN") || strings.HasSuffix(k, "_SECRET") || k == "REDIS_PASSWORD" || k == "REDIS_URL"; secret && len(v) > 4 && strings.Contains(stderr, v) {
					t.Fatalf("stderr shows the value of %s:\n%s", k, stderr)
				}
			}
			if _, err := LoadConfig(func(k string) string { return env[k] }); err == nil {
				t.Fatalf("LoadConfig accepted it")
			}
		})
	}
}

// TestConfigReportsEveryErrorAtOnce: an operator fixes all of them in one go.
func TestConfigReportsEveryErrorAtOnce(t *testing.T) {
	t.Parallel()
	env := map[string]string{
		"LOA_HTTP_ADDR":      "nowhere",
		"REDIS_URL":          "localhost:6379",
		"LOA_LOG_LEVEL":      "loud",
		"LOA_TELEGRAM_RATE":  "many",
		"LOA_DELIVERY_LEASE": "soon",
		"LOA_QUIET_HOURS":    "night",
	}
	code, stderr := runWithEnv(t, env)
	if code != 2 {
		t.Fatalf("exit %d, want 2; stderr:\n%s", code, stderr)
	}
	for k := range env {
		if !strings.Contains(stderr, k+":") {
			t.Errorf("stderr does not name %s:\n%s", k, stderr)
		}
	}
	// One problem per line, so that each is readable on its own.
	var lines int
	for _, l := range strings.Split(stderr, "\n") {
		if strings.HasPrefix(strings.TrimSpace(l), "LOA_") || strings.HasPrefix(strings.TrimSpace(l), "REDIS_") {
			lines++
		}
	}
	if lines != len(env) {
		t.Errorf("%d problem lines, want %d:\n%s", lines, len(env), stderr)
	}
}

// TestConfigAcceptsGoodValues keeps the checks from refusing what the README
// promises works.
func TestConfigAcceptsGoodValues(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	goods := []map[string]string{
		{},
		{"LOA_HTTP_ADDR": ":8080"},
		{"LOA_HTTP_ADDR": "[::1]:8080", "LOA_PUBLIC_URL": "https://loa.example.org/"},
		{"REDIS_URL": "redis://user:pw@10.0.0.5:6380/2"},
		{"REDIS_URL": "rediss://redis.example.org:6380"},
		{"REDIS_URL": "unix:///run/redis/redis.sock"},
		{"REDIS_URL": "redis://10.0.0.5:6380/0", "REDIS_USERNAME": "loa", "REDIS_PASSWORD": "pw", "LOA_NAMESPACE": "dong-nai"},
		{"REDIS_URL": "rediss://10.0.0.5:6380/0", "REDIS_TLS": "on"},
		{"REDIS_SENTINEL_ADDRS": "10.0.0.1:26379, 10.0.0.2:26379,10.0.0.3:26379", "REDIS_SENTINEL_MASTER": "loa", "REDIS_PASSWORD": "pw"},
		{"REDIS_CLUSTER_ADDRS": "10.0.0.1:7000,redis-2.internal:7000", "REDIS_TLS": "on", "LOA_NAMESPACE": "ha_noi"},
		{"LOA_CONTENT_DIR": dir, "LOA_DATA_DIR": filepath.Join(dir, "not-yet")},
		{"LOA_ADMINS": "telegram:12345, zalo:abc123"},
		{"LOA_LOG_LEVEL": "DEBUG", "LOA_WEBCHAT": "off"},
		{"LOA_SCHEDULER": "off"},
		{"TELEGRAM_BOT_TOKEN": "123:abc", "TELEGRAM_WEBHOOK_URL": "https://loa.example.org/tg", "TELEGRAM_WEBHOOK_SECRET": "A-z_09"},
		{"TELEGRAM_BOT_TOKEN": "123:abc", "TELEGRAM_WEBHOOK_URL": "http://127.0.0.1:9000/tg", "TELEGRAM_WEBHOOK_SECRET": "x"},
		{"ZALO_BOT_TOKEN": "123:abc", "ZALO_WEBHOOK_URL": "https://loa.example.org/zl", "ZALO_WEBHOOK_SECRET": "eight888"},
		{"LOA_TELEGRAM_RATE": "0.5", "LOA_ZALO_RATE": "20", "LOA_DELIVERY_WORKERS": "16"},
		{"LOA_HTTP_CONNS_PER_ADDR": "0"},
		{"LOA_HTTP_CONNS_PER_ADDR": "512", "LOA_HTTP_WRITE_TIMEOUT": "5m"},
		{"LOA_DELIVERY_LEASE": "90s", "LOA_QUIET_HOURS": "off"},
		{"LOA_QUIET_HOURS": " 22-6 "},
	}
	for _, env := range goods {
		if _, err := LoadConfig(func(k string) string { return env[k] }); err != nil {
			t.Errorf("%v refused:\n%v", env, err)
		}
	}
	c, err := LoadConfig(func(k string) string {
		return map[string]string{"LOA_DELIVERY_WORKERS": "16", "LOA_DELIVERY_LEASE": "90s", "LOA_TELEGRAM_RATE": "0.5", "LOA_DELIVERY_SEND_TIMEOUT": "5s"}[k]
	})
	if err != nil || c.Delivery.Workers != 16 || c.Delivery.Lease.Seconds() != 90 || c.Delivery.TelegramRate != 0.5 || c.Delivery.SendTimeout.Seconds() != 5 {
		t.Fatalf("values not taken: %+v, %v", c.Delivery, err)
	}
}

// TestREADMEListsEverySetting fails when a setting is added without a row in
// the README's settings table, or a row stays after its setting is gone.
func TestREADMEListsEverySetting(t *testing.T) {
	t.Parallel()
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(readme), "\n## Settings")
	if !ok {
		t.Fatal("README.md has no Settings section")
	}
	section, _, _ = strings.Cut(section, "\n## ")
	documented := map[string]bool{}
	for _, m := range regexp.MustCompile("(?m)^\\| `([A-Z][A-Z0-9_]+)` \\|").FindAllStringSubmatch(section, -1) {
		documented[m[1]] = true
	}
	if len(documented) < 10 {
		t.Fatalf("found only %d settings in README's table; did its format change?", len(documented))
	}

	// What LoadConfig asks for, with every platform turned on so that no
	// branch hides a variable.
	asked := map[string]bool{}
	LoadConfig(func(k string) string {
		asked[k] = true
		return map[string]string{
			"TELEGRAM_BOT_TOKEN": "1:a", "TELEGRAM_WEBHOOK_URL": "https://x.example/tg", "TELEGRAM_WEBHOOK_SECRET": "s",
			"ZALO_BOT_TOKEN": "1:a", "ZALO_WEBHOOK_URL": "https://x.example/zl", "ZALO_WEBHOOK_SECRET": "ssssssss",
			"REDIS_URL": "redis://x:1",
		}[k]
	})
	// And every setting name the program's sources mention, wherever they
	// read it.
	sources, _ := filepath.Glob("*.go")
	name := regexp.MustCompile(`"((?:LOA|REDIS|TELEGRAM|ZALO)_[A-Z0-9_]+)"`)
	for _, f := range sources {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range name.FindAllStringSubmatch(string(src), -1) {
			asked[m[1]] = true
		}
	}
	var undocumented, stale []string
	for k := range asked {
		if !documented[k] {
			undocumented = append(undocumented, k)
		}
	}
	for k := range documented {
		if !asked[k] {
			stale = append(stale, k)
		}
	}
	sort.Strings(undocumented)
	sort.Strings(stale)
	if len(undocumented) > 0 {
		t.Errorf("settings missing from README.md's table: %v", undocumented)
	}
	if len(stale) > 0 {
		t.Errorf("README.md documents settings the program never reads: %v", stale)
	}
	if !asked["LOA_HTTP_ADDR"] {
		t.Fatal("LoadConfig did not ask for LOA_HTTP_ADDR; the probe is broken")
	}
}

// TestRedisFormsMakeTheirClients: each form of the Redis settings gives the
// go-redis client that speaks it, with the credentials and TLS of every form.
func TestRedisFormsMakeTheirClients(t *testing.T) {
	load := func(env map[string]string) RedisConfig {
		t.Helper()
		c, err := LoadConfig(func(k string) string { return env[k] })
		if err != nil {
			t.Fatalf("%v refused: %v", env, err)
		}
		return c.Redis
	}
	client := func(r RedisConfig) redis.UniversalClient {
		t.Helper()
		c, err := r.Client("unix:///tmp/private.sock")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close() })
		return c
	}

	private := load(map[string]string{})
	if private.Form() != "private" {
		t.Fatalf("no Redis setting: form %q, want private", private.Form())
	}
	if c, ok := client(private).(*redis.Client); !ok || c.Options().Network != "unix" || c.Options().Addr != "/tmp/private.sock" {
		t.Fatalf("private: %T %+v", client(private), client(private))
	}

	one := load(map[string]string{"REDIS_URL": "redis://10.0.0.5:6380/2", "REDIS_USERNAME": "loa", "REDIS_PASSWORD": "pw"})
	if c, ok := client(one).(*redis.Client); !ok || c.Options().Addr != "10.0.0.5:6380" || c.Options().DB != 2 ||
		c.Options().Username != "loa" || c.Options().Password != "pw" || c.Options().TLSConfig != nil {
		t.Fatalf("one server: %T", client(one))
	}
	tlsURL := load(map[string]string{"REDIS_URL": "rediss://10.0.0.5:6380/0"})
	if c := client(tlsURL).(*redis.Client); c.Options().TLSConfig == nil {
		t.Fatal("rediss:// did not turn TLS on")
	}

	sentinel := load(map[string]string{"REDIS_SENTINEL_ADDRS": "10.0.0.1:26379,10.0.0.2:26379", "REDIS_SENTINEL_MASTER": "loa",
		"REDIS_USERNAME": "loa", "REDIS_PASSWORD": "pw", "REDIS_TLS": "on"})
	if sentinel.Form() != "sentinel" || len(sentinel.SentinelAddrs) != 2 {
		t.Fatalf("sentinel: %+v", sentinel)
	}
	if c, ok := client(sentinel).(*redis.Client); !ok || c.Options().Username != "loa" || c.Options().Password != "pw" || c.Options().TLSConfig == nil {
		t.Fatalf("sentinel: want a failover *redis.Client with credentials and TLS, got %T", client(sentinel))
	}

	cluster := load(map[string]string{"REDIS_CLUSTER_ADDRS": "10.0.0.1:7000,10.0.0.2:7000,10.0.0.3:7000", "REDIS_PASSWORD": "pw", "REDIS_TLS": "yes"})
	c, ok := client(cluster).(*redis.ClusterClient)
	if !ok || len(c.Options().Addrs) != 3 || c.Options().Password != "pw" || c.Options().TLSConfig == nil {
		t.Fatalf("cluster: want a *redis.ClusterClient with 3 seeds, password and TLS, got %T", client(cluster))
	}
}
