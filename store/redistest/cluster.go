package redistest

import (
	"context"
	"net"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// Cluster is a real Redis Cluster on loopback: 3 masters with one replica
// each, made by `redis-cli --cluster create`, as an operator makes one. Node
// timeouts are short (1 s) so a failover takes seconds, not the default
// fifteen.
type Cluster struct {
	tb    testing.TB
	Nodes []*Server
}

// StartCluster launches six cluster-enabled redis-servers, joins them into a
// cluster with one replica per master and waits until every slot is served
// and every replica is in sync. It fails the test when redis-server or
// redis-cli is missing.
func StartCluster(tb testing.TB) *Cluster {
	tb.Helper()
	for _, bin := range []string{"redis-server", "redis-cli"} {
		if _, err := exec.LookPath(bin); err != nil {
			tb.Fatalf("%s is not installed (run `make test`, which installs redis-server): %v", bin, err)
		}
	}
	c := &Cluster{tb: tb}
	args := []string{"--cluster", "create"}
	for range 6 {
		n := startServer(tb, freeClusterPort(tb), "",
			"--cluster-enabled", "yes",
			"--cluster-config-file", "nodes.conf",
			"--cluster-node-timeout", "1000",
			// A replica takes over however long it was cut off: the test
			// kills masters on purpose.
			"--cluster-replica-validity-factor", "0",
		)
		c.Nodes = append(c.Nodes, n)
		args = append(args, n.Addr())
	}
	args = append(args, "--cluster-replicas", "1", "--cluster-yes")
	if out, err := exec.Command("redis-cli", args...).CombinedOutput(); err != nil {
		tb.Fatalf("redis-cli --cluster create: %v\n%s", err, out)
	}
	c.waitHealthy(30 * time.Second)
	return c
}

// freeClusterPort finds a free port whose cluster bus port (+10000) is free too.
func freeClusterPort(tb testing.TB) int {
	tb.Helper()
	for range 100 {
		p := freePort(tb)
		if p+10000 > 65535 {
			continue
		}
		l, err := net.Listen("tcp", "127.0.0.1:"+strconv.Itoa(p+10000))
		if err != nil {
			continue
		}
		l.Close()
		return p
	}
	tb.Fatal("no free port pair for a cluster node")
	return 0
}

// Addrs are host:port of every node, for REDIS_CLUSTER_ADDRS.
func (c *Cluster) Addrs() []string {
	var out []string
	for _, n := range c.Nodes {
		out = append(out, n.Addr())
	}
	return out
}

// Client returns a cluster client closed at the end of the test.
func (c *Cluster) Client() *redis.ClusterClient {
	// Reload the slot map every second, as the bot does (bot/redisconfig.go).
	cc := redis.NewClusterClient(&redis.ClusterOptions{Addrs: c.Addrs(), ClusterStateReloadInterval: time.Second})
	c.tb.Cleanup(func() { cc.Close() })
	return cc
}

// MasterOf returns the running node that serves key's slot as master.
func (c *Cluster) MasterOf(key string) *Server {
	c.tb.Helper()
	n := c.servingMaster(KeySlot(key))
	if n == nil {
		c.tb.Fatalf("no running master serves slot %d", KeySlot(key))
	}
	return n
}

// KillMasterOf kills (SIGKILL) the master serving key's slot and waits until
// its replica has taken the slot over and the cluster is healthy again. It
// returns how long the slot had no master.
func (c *Cluster) KillMasterOf(key string) time.Duration {
	c.tb.Helper()
	old := c.MasterOf(key)
	start := time.Now()
	old.Stop()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if n := c.servingMaster(KeySlot(key)); n != nil && n != old && c.stateOK() {
			return time.Since(start)
		}
		time.Sleep(50 * time.Millisecond)
	}
	c.tb.Fatalf("no replica took over slot %d after its master %s was killed", KeySlot(key), old.Addr())
	return 0
}

func (c *Cluster) servingMaster(slot int) *Server {
	for _, n := range c.Nodes {
		if n.cmd == nil {
			continue
		}
		nc := redis.NewClient(&redis.Options{Addr: n.Addr(), MaxRetries: -1})
		role, _ := nc.Do(context.Background(), "ROLE").Slice()
		//lint:ignore SA1019 CLUSTER SLOTS still answers on Redis 7 and says who serves a slot in one call; SHARDS would need its health fields read too.
		slots, _ := nc.ClusterSlots(context.Background()).Result()
		nc.Close()
		if len(role) == 0 || role[0] != "master" {
			continue
		}
		for _, s := range slots {
			if s.Start <= slot && slot <= s.End && len(s.Nodes) > 0 && s.Nodes[0].Addr == n.Addr() {
				return n
			}
		}
	}
	return nil
}

// stateOK reports whether every running node says cluster_state:ok.
func (c *Cluster) stateOK() bool {
	for _, n := range c.Nodes {
		if n.cmd == nil {
			continue
		}
		nc := redis.NewClient(&redis.Options{Addr: n.Addr(), MaxRetries: -1})
		info, err := nc.ClusterInfo(context.Background()).Result()
		nc.Close()
		if err != nil || !strings.Contains(info, "cluster_state:ok") {
			return false
		}
	}
	return true
}

// waitHealthy waits for cluster_state:ok on every node and for every master
// to have its replica online, so a master killed right after start has a
// replica ready to take over.
func (c *Cluster) waitHealthy(d time.Duration) {
	c.tb.Helper()
	deadline := time.Now().Add(d)
	for time.Now().Before(deadline) {
		if c.stateOK() && c.replicasOnline() == 3 {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	c.tb.Fatalf("the cluster did not become healthy within %s", d)
}

func (c *Cluster) replicasOnline() int {
	online := 0
	for _, n := range c.Nodes {
		nc := redis.NewClient(&redis.Options{Addr: n.Addr(), MaxRetries: -1})
		info, _ := nc.Info(context.Background(), "replication").Result()
		nc.Close()
		if strings.Contains(info, "role:master") && strings.Contains(info, "state=online") {
			online++
		}
	}
	return online
}

// KeySlot is Redis Cluster's slot of a key: CRC16 of its hash tag (or of
// the whole key) modulo 16384.
func KeySlot(key string) int {
	if i := strings.IndexByte(key, '{'); i >= 0 {
		if j := strings.IndexByte(key[i+1:], '}'); j > 0 {
			key = key[i+1 : i+1+j]
		}
	}
	return int(crc16(key) % 16384)
}

// crc16 is CRC-16/XMODEM, the checksum Redis Cluster hashes keys with.
func crc16(s string) uint16 {
	var crc uint16
	for i := 0; i < len(s); i++ {
		crc ^= uint16(s[i]) << 8
		for range 8 {
			if crc&0x8000 != 0 {
				crc = crc<<1 ^ 0x1021
			} else {
				crc <<= 1
			}
		}
	}
	return crc
}
