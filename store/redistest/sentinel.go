package redistest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// SentinelMaster is the name the test Sentinels monitor.
const SentinelMaster = "loa"

// Sentinel is a real Sentinel deployment on loopback: a master, one replica
// and three Sentinels with a quorum of two. The master is declared down
// after 1 s without an answer, so a failover takes seconds.
type Sentinel struct {
	tb        testing.TB
	Master    *Server // the first master; after a failover, see CurrentMaster
	Replica   *Server
	Sentinels []*Server
}

// StartSentinel launches the master, its replica and three Sentinels and
// waits until every Sentinel knows the replica and the other two Sentinels
// (so a failover can be voted and has somewhere to go).
func StartSentinel(tb testing.TB) *Sentinel {
	tb.Helper()
	s := &Sentinel{tb: tb}
	s.Master, s.Replica = StartWithReplica(tb)
	for range 3 {
		dir := tb.TempDir()
		conf := filepath.Join(dir, "sentinel.conf")
		// Sentinel rewrites its configuration file as it learns; it must
		// be its own and writable.
		text := fmt.Sprintf("sentinel monitor %s 127.0.0.1 %d 2\n"+
			"sentinel down-after-milliseconds %[1]s 1000\n"+
			"sentinel failover-timeout %[1]s 5000\n"+
			"sentinel parallel-syncs %[1]s 1\n", SentinelMaster, s.Master.port)
		if err := os.WriteFile(conf, []byte(text), 0o600); err != nil {
			tb.Fatal(err)
		}
		s.Sentinels = append(s.Sentinels, startServer(tb, freePort(tb), conf, "--sentinel"))
	}
	deadline := time.Now().Add(30 * time.Second)
	for !s.ready() {
		if time.Now().After(deadline) {
			tb.Fatal("the Sentinels did not discover the replica and each other within 30s")
		}
		time.Sleep(50 * time.Millisecond)
	}
	return s
}

// StartWithReplica launches a master and one replica of it and waits until
// the replica is in sync.
func StartWithReplica(tb testing.TB) (master, replica *Server) {
	tb.Helper()
	master = startServer(tb, freePort(tb), "")
	replica = startServer(tb, freePort(tb), "", "--replicaof", "127.0.0.1", strconv.Itoa(master.port))
	deadline := time.Now().Add(30 * time.Second)
	for {
		info, err := replica.info("replication")
		if err == nil && strings.Contains(info, "master_link_status:up") {
			return master, replica
		}
		if time.Now().After(deadline) {
			tb.Fatalf("the replica did not sync with its master within 30s: %v", err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func (s *Sentinel) ready() bool {
	ctx := context.Background()
	for _, sn := range s.Sentinels {
		c := redis.NewSentinelClient(&redis.Options{Addr: sn.Addr(), MaxRetries: -1})
		replicas, err1 := c.Replicas(ctx, SentinelMaster).Result()
		others, err2 := c.Sentinels(ctx, SentinelMaster).Result()
		c.Close()
		if err1 != nil || err2 != nil || len(replicas) != 1 || len(others) != 2 {
			return false
		}
	}
	info, err := s.Replica.info("replication")
	return err == nil && strings.Contains(info, "master_link_status:up")
}

// Addrs are host:port of the Sentinels, for REDIS_SENTINEL_ADDRS.
func (s *Sentinel) Addrs() []string {
	var out []string
	for _, sn := range s.Sentinels {
		out = append(out, sn.Addr())
	}
	return out
}

// Client returns a failover client closed at the end of the test.
func (s *Sentinel) Client() *redis.Client {
	c := redis.NewFailoverClient(&redis.FailoverOptions{MasterName: SentinelMaster, SentinelAddrs: s.Addrs()})
	s.tb.Cleanup(func() { c.Close() })
	return c
}

// CurrentMaster is the address the Sentinels give for the master now.
func (s *Sentinel) CurrentMaster() string {
	for _, sn := range s.Sentinels {
		if sn.cmd == nil {
			continue
		}
		c := redis.NewSentinelClient(&redis.Options{Addr: sn.Addr(), MaxRetries: -1})
		addr, err := c.GetMasterAddrByName(context.Background(), SentinelMaster).Result()
		c.Close()
		if err == nil && len(addr) == 2 {
			return addr[0] + ":" + addr[1]
		}
	}
	return ""
}

// KillMaster kills (SIGKILL) the current master and waits until the
// Sentinels have promoted the replica. It returns how long the deployment
// had no master.
func (s *Sentinel) KillMaster() time.Duration {
	s.tb.Helper()
	old := s.CurrentMaster()
	var victim, heir *Server
	switch old {
	case s.Master.Addr():
		victim, heir = s.Master, s.Replica
	case s.Replica.Addr():
		victim, heir = s.Replica, s.Master
	default:
		s.tb.Fatalf("the Sentinels name an unknown master %q", old)
	}
	start := time.Now()
	victim.Stop()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if s.CurrentMaster() == heir.Addr() {
			if info, err := heir.info("replication"); err == nil && strings.Contains(info, "role:master") {
				return time.Since(start)
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	s.tb.Fatalf("the Sentinels did not promote %s within 30s of killing %s", heir.Addr(), old)
	return 0
}

func (s *Server) info(section string) (string, error) {
	c := redis.NewClient(&redis.Options{Addr: s.Addr(), MaxRetries: -1})
	defer c.Close()
	return c.Info(context.Background(), section).Result()
}
