package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"loa/store"
	"loa/store/redistest"
)

// Issue 14: TLS to Redis proven on a real TLS-only redis-server, through
// the program's own configuration (loadRedisConfig → Client → Store) and
// `bot admin`'s connection (adminRedis), trusting a private CA with
// REDIS_TLS_CA. The servers listen on TLS only (--port 0), so a store
// operation that succeeds went over TLS.
func TestRedisOverTLSWithAPrivateCA(t *testing.T) {
	t.Parallel()
	plain := redistest.StartTLS(t)
	secured := redistest.StartTLS(t, "--requirepass", "default-pw",
		"--user", "loa", "on", ">loa-secret", "~*", "&*", "+@all")
	cases := []struct {
		name string
		env  map[string]string
	}{
		{"rediss URL", map[string]string{"REDIS_URL": plain.TLSURL(), "REDIS_TLS_CA": plain.CAFile}},
		{"rediss URL and REDIS_TLS=on, ACL user", map[string]string{"REDIS_URL": secured.TLSURL(), "REDIS_TLS": "on",
			"REDIS_TLS_CA": secured.CAFile, "REDIS_USERNAME": "loa", "REDIS_PASSWORD": "loa-secret", "LOA_NAMESPACE": "dong-nai"}},
	}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			cfg, problems := redisConfigFrom(c.env)
			if len(problems) > 0 {
				t.Fatalf("config: %v", problems)
			}
			rdb, err := cfg.Client("")
			if err != nil {
				t.Fatal(err)
			}
			defer rdb.Close()
			st, err := cfg.Store(rdb)
			if err != nil {
				t.Fatal(err)
			}
			units, err := store.ParseUnitsCSV(strings.NewReader("code,name,parent,kind\nDN,Tỉnh,,province\nB1,Chi hội 1,DN,branch\n"), "tree.csv")
			if err != nil {
				t.Fatal(err)
			}
			if _, err := st.ImportUnits(ctx, units); err != nil {
				t.Fatalf("import over TLS: %v", err)
			}
			userID := "70" + string(rune('0'+i))
			if _, err := st.Register(ctx, store.Member{Platform: "telegram", UserID: userID, Name: "Lan", Unit: "B1",
				Consent: time.Now(), Active: true}); err != nil {
				t.Fatalf("register over TLS: %v", err)
			}

			// bot admin connects the same way and sees her.
			var stderr bytes.Buffer
			admin, done, err := adminRedis(ctx, Config{Redis: cfg}, &stderr)
			if err != nil {
				t.Fatalf("admin: %v (%s)", err, stderr.String())
			}
			defer done()
			ast, err := cfg.Store(admin)
			if err != nil {
				t.Fatal(err)
			}
			if m, err := ast.Member(ctx, "telegram", userID); err != nil || m.Unit != "B1" {
				t.Fatalf("admin reads %+v, %v", m, err)
			}
		})
	}

	t.Run("without the CA the certificate is refused", func(t *testing.T) {
		if err := pingWith(t, map[string]string{"REDIS_URL": plain.TLSURL()}); err == nil || !strings.Contains(err.Error(), "certificate") {
			t.Fatalf("a server signed by an unknown CA was trusted: %v", err)
		}
	})

	t.Run("a wrong password is refused", func(t *testing.T) {
		env := map[string]string{"REDIS_URL": secured.TLSURL(), "REDIS_TLS_CA": secured.CAFile,
			"REDIS_USERNAME": "loa", "REDIS_PASSWORD": "wrong"}
		if err := pingWith(t, env); err == nil || !strings.Contains(err.Error(), "WRONGPASS") {
			t.Fatalf("a wrong password was accepted: %v", err)
		}
	})
}

func TestRedisTLSCAIsChecked(t *testing.T) {
	for _, c := range []struct {
		name string
		env  map[string]string
	}{
		{"TLS off", map[string]string{"REDIS_URL": "redis://10.0.0.1:6379/0", "REDIS_TLS_CA": "/etc/hostname"}},
		{"missing file", map[string]string{"REDIS_URL": "rediss://10.0.0.1:6380/0", "REDIS_TLS_CA": "/nonexistent/ca.pem"}},
		{"not PEM", map[string]string{"REDIS_CLUSTER_ADDRS": "10.0.0.1:7000", "REDIS_TLS": "on", "REDIS_TLS_CA": "redis_tls_e2e_test.go"}},
	} {
		_, problems := redisConfigFrom(c.env)
		if len(problems) != 1 || !strings.HasPrefix(problems[0], "REDIS_TLS_CA ") {
			t.Errorf("%s: %q", c.name, problems)
		}
	}
}

// redisConfigFrom reads the program's Redis settings from env alone and
// returns the problems it reports ("VAR problem").
func redisConfigFrom(env map[string]string) (RedisConfig, []string) {
	var problems []string
	cfg := loadRedisConfig(func(k, def string) string {
		if v, ok := env[k]; ok {
			return v
		}
		return def
	}, func(v, p string) { problems = append(problems, v+" "+p) })
	return cfg, problems
}

// pingWith connects as the program would with the Redis settings env and
// returns the PING's error.
func pingWith(t *testing.T, env map[string]string) error {
	t.Helper()
	cfg, problems := redisConfigFrom(env)
	if len(problems) > 0 {
		t.Fatalf("config: %v", problems)
	}
	rdb, err := cfg.Client("")
	if err != nil {
		t.Fatal(err)
	}
	defer rdb.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return rdb.Ping(ctx).Err()
}
