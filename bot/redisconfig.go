package main

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"

	"loa/store"
)

// RedisConfig says which Redis the bot (and `bot admin`) uses. Exactly one
// form, or none for the private redis-server:
//
//   - one server: REDIS_URL (redis://, rediss://, unix://);
//   - Sentinel: REDIS_SENTINEL_ADDRS with REDIS_SENTINEL_MASTER, the client
//     asks the Sentinels for the master and follows a failover;
//   - Cluster: REDIS_CLUSTER_ADDRS (a few nodes are enough, the client
//     learns the rest and follows slot moves and promotions).
//
// REDIS_USERNAME, REDIS_PASSWORD and REDIS_TLS apply to the data nodes of
// every form (a rediss:// URL turns TLS on by itself). REDIS_TLS_CA names a
// PEM file of the certificate authorities to trust instead of the system's,
// for a Redis whose certificate a private CA signed.
type RedisConfig struct {
	URL            string   // REDIS_URL
	SentinelAddrs  []string // REDIS_SENTINEL_ADDRS
	SentinelMaster string   // REDIS_SENTINEL_MASTER
	ClusterAddrs   []string // REDIS_CLUSTER_ADDRS
	Username       string   // REDIS_USERNAME
	Password       string   // REDIS_PASSWORD
	TLS            bool     // REDIS_TLS
	TLSCA          string   // REDIS_TLS_CA: a PEM file of the CAs to trust
	// Namespace (LOA_NAMESPACE) starts every key, so several provinces
	// share one Redis; see store.NewNamespaced.
	Namespace string
}

// Form names the configured form: "url", "sentinel", "cluster", or
// "private" when the bot runs its own redis-server.
func (r RedisConfig) Form() string {
	switch {
	case r.URL != "":
		return "url"
	case len(r.SentinelAddrs) > 0:
		return "sentinel"
	case len(r.ClusterAddrs) > 0:
		return "cluster"
	}
	return "private"
}

// loadRedisConfig reads the Redis settings; bad records each problem.
func loadRedisConfig(get func(k, def string) string, bad func(v, problem string)) RedisConfig {
	r := RedisConfig{
		URL:            get("REDIS_URL", ""),
		SentinelAddrs:  splitAddrs(get("REDIS_SENTINEL_ADDRS", "")),
		SentinelMaster: get("REDIS_SENTINEL_MASTER", ""),
		ClusterAddrs:   splitAddrs(get("REDIS_CLUSTER_ADDRS", "")),
		Username:       get("REDIS_USERNAME", ""),
		Password:       get("REDIS_PASSWORD", ""),
		TLSCA:          get("REDIS_TLS_CA", ""),
		Namespace:      get("LOA_NAMESPACE", ""),
	}
	var forms []string
	for _, f := range []struct {
		name string
		set  bool
	}{{"REDIS_URL", r.URL != ""}, {"REDIS_SENTINEL_ADDRS", len(r.SentinelAddrs) > 0}, {"REDIS_CLUSTER_ADDRS", len(r.ClusterAddrs) > 0}} {
		if f.set {
			forms = append(forms, f.name)
		}
	}
	if len(forms) > 1 {
		bad(forms[0], "set only one of REDIS_URL (one server), REDIS_SENTINEL_ADDRS (Sentinel) and REDIS_CLUSTER_ADDRS (Cluster); found "+strings.Join(forms, " and "))
	}
	r.TLS = onOff(get, bad, "REDIS_TLS", "off")
	if r.URL != "" {
		// The same parser the client uses, so that every URL accepted here
		// connects. Its error is not shown: the URL may hold a password.
		opts, err := redis.ParseURL(r.URL)
		switch {
		case err != nil:
			bad("REDIS_URL", "must be a redis://, rediss:// or unix:// URL")
		case (r.Username != "" || r.Password != "") && (opts.Username != "" || opts.Password != ""):
			bad("REDIS_URL", "holds credentials and REDIS_USERNAME or REDIS_PASSWORD is set too; give them once")
		case r.TLS && opts.TLSConfig == nil:
			bad("REDIS_TLS", "is on but REDIS_URL is not a rediss:// URL")
		}
	}
	if r.TLSCA != "" {
		tlsOn := r.TLS
		if opts, err := redis.ParseURL(r.URL); r.URL != "" && err == nil && opts.TLSConfig != nil {
			tlsOn = true
		}
		if !tlsOn {
			bad("REDIS_TLS_CA", "is set but TLS is off: write rediss:// in REDIS_URL, or REDIS_TLS=on")
		} else if _, err := loadCAs(r.TLSCA); err != nil {
			bad("REDIS_TLS_CA", err.Error())
		}
	}
	checkAddrs := func(name string, addrs []string) {
		for _, a := range addrs {
			host, port, err := net.SplitHostPort(a)
			if n, perr := strconv.Atoi(port); err != nil || host == "" || perr != nil || n < 1 || n > 65535 {
				bad(name, "must be host:port,host:port…, e.g. 10.0.0.1:26379,10.0.0.2:26379")
				return
			}
		}
	}
	checkAddrs("REDIS_SENTINEL_ADDRS", r.SentinelAddrs)
	checkAddrs("REDIS_CLUSTER_ADDRS", r.ClusterAddrs)
	if len(r.SentinelAddrs) > 0 && r.SentinelMaster == "" {
		bad("REDIS_SENTINEL_MASTER", "is required with REDIS_SENTINEL_ADDRS: the name the Sentinels monitor")
	}
	if r.SentinelMaster != "" && len(r.SentinelAddrs) == 0 {
		bad("REDIS_SENTINEL_MASTER", "is set but REDIS_SENTINEL_ADDRS is not")
	}
	if r.Form() == "private" {
		for _, v := range []struct {
			name string
			set  bool
		}{{"REDIS_USERNAME", r.Username != ""}, {"REDIS_PASSWORD", r.Password != ""}, {"REDIS_TLS", r.TLS}} {
			if v.set {
				bad(v.name, "is set but no Redis is (REDIS_URL, REDIS_SENTINEL_ADDRS or REDIS_CLUSTER_ADDRS); the private redis-server needs none")
			}
		}
	}
	if err := store.CheckNamespace(r.Namespace); err != nil {
		bad("LOA_NAMESPACE", "must be at most 32 of a-z 0-9 - _ (e.g. dong-nai)")
	}
	return r
}

func splitAddrs(v string) []string {
	var out []string
	for _, a := range strings.Split(v, ",") {
		if a = strings.TrimSpace(a); a != "" {
			out = append(out, a)
		}
	}
	return out
}

// Client connects to the configured Redis; privateURL is the private
// redis-server's URL when Form is "private". go-redis's UniversalClient
// family serves all three forms: a FailoverClient asks the Sentinels, a
// ClusterClient routes by slot and follows MOVED and failovers.
func (r RedisConfig) Client(privateURL string) (redis.UniversalClient, error) {
	var roots *x509.CertPool
	if r.TLSCA != "" {
		var err error
		if roots, err = loadCAs(r.TLSCA); err != nil {
			return nil, fmt.Errorf("REDIS_TLS_CA: %w", err)
		}
	}
	var tlsConf *tls.Config
	if r.TLS {
		tlsConf = &tls.Config{MinVersion: tls.VersionTLS12, RootCAs: roots}
	}
	switch r.Form() {
	case "sentinel":
		return redis.NewFailoverClient(&redis.FailoverOptions{
			MasterName: r.SentinelMaster, SentinelAddrs: r.SentinelAddrs,
			Username: r.Username, Password: r.Password, TLSConfig: tlsConf,
		}), nil
	case "cluster":
		return redis.NewClusterClient(&redis.ClusterOptions{
			Addrs: r.ClusterAddrs, Username: r.Username, Password: r.Password, TLSConfig: tlsConf,
			// The client does not reload its slot map when a master stops
			// answering, only every ClusterStateReloadInterval (60 s by
			// default): after a failover it would send to the dead master
			// for up to a minute. One CLUSTER SLOTS a second is nothing.
			ClusterStateReloadInterval: clusterStateReload,
		}), nil
	}
	u := r.URL
	if u == "" {
		u = privateURL
	}
	opts, err := redis.ParseURL(u)
	if err != nil {
		return nil, fmt.Errorf("REDIS_URL: %w", err)
	}
	if r.Username != "" || r.Password != "" {
		opts.Username, opts.Password = r.Username, r.Password
	}
	if opts.TLSConfig != nil && roots != nil {
		opts.TLSConfig.RootCAs = roots
	}
	return redis.NewClient(opts), nil
}

// loadCAs reads a PEM file of certificate authorities (REDIS_TLS_CA).
func loadCAs(path string) (*x509.CertPool, error) {
	pem, err := os.ReadFile(path)
	if err != nil {
		return nil, errors.New("cannot be read: " + path)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pem) {
		return nil, errors.New("holds no PEM certificate: " + path)
	}
	return pool, nil
}

// clusterStateReload is how old the Cluster client's slot map may get.
const clusterStateReload = time.Second

// fenceTimeout is how long an outbox fence waits for a replica's
// acknowledgement on Sentinel and Cluster (a replica on the same network
// answers in a millisecond or two). A master without a live replica — just
// after a failover — makes every fence wait this long: 8 workers then
// still fence 160 sends a second per process, above Telegram's 30.
const fenceTimeout = 50 * time.Millisecond

// Store wraps a client in a store with the configured namespace. On
// Sentinel and Cluster, where a replica takes over from a dead master, the
// outbox's "sending" fence waits for one replica (store.WithFenceReplicas):
// a fence lost with its master would let a member get a second copy.
func (r RedisConfig) Store(rdb redis.UniversalClient) (*store.Store, error) {
	st, err := store.NewNamespaced(rdb, r.Namespace)
	if err != nil {
		return nil, fmt.Errorf("LOA_NAMESPACE: %w", err)
	}
	if f := r.Form(); f == "sentinel" || f == "cluster" {
		st = st.WithFenceReplicas(1, fenceTimeout)
	}
	return st, nil
}
