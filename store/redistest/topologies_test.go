package redistest

import (
	"context"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// TestClusterServesAndFailsOver: the six nodes form a working cluster whose
// slot map agrees with KeySlot, and killing a master promotes its replica
// without losing a write made before.
func TestClusterServesAndFailsOver(t *testing.T) {
	t.Parallel()
	c := StartCluster(t)
	rdb := c.Client()
	ctx := context.Background()
	for _, key := range []string{"loa:{dir}:units", "{loa:ob}:seq", "dongnai:{dongnai:loa:ob}:seq", "plain"} {
		want, err := rdb.ClusterKeySlot(ctx, key).Result()
		if err != nil {
			t.Fatal(err)
		}
		if got := KeySlot(key); int64(got) != want {
			t.Fatalf("KeySlot(%q) = %d, Redis says %d", key, got, want)
		}
	}
	// WAIT covers the writes of its own connection only: SET and WAIT go
	// in one pipeline to the key's master, so the replica surely has it.
	node, err := rdb.MasterForKey(ctx, "{loa:ob}:probe")
	if err != nil {
		t.Fatal(err)
	}
	setAndWait(t, node, "{loa:ob}:probe")
	took := c.KillMasterOf("{loa:ob}:probe")
	t.Logf("slot without a master for %s", took)
	// The client reloads its slot map every second; commands may fail
	// until it has.
	var v string
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if v, err = rdb.Get(ctx, "{loa:ob}:probe").Result(); err == nil {
			break
		}
	}
	if err != nil || v != "before" {
		t.Fatalf("after the failover: %q, %v", v, err)
	}
}

// TestSentinelServesAndFailsOver: the failover client writes through the
// Sentinels' master, and killing it promotes the replica with the write.
func TestSentinelServesAndFailsOver(t *testing.T) {
	t.Parallel()
	s := StartSentinel(t)
	rdb := s.Client()
	ctx := context.Background()
	setAndWait(t, rdb, "probe")
	took := s.KillMaster()
	t.Logf("no master for %s", took)
	var v string
	var err error
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if v, err = rdb.Get(ctx, "probe").Result(); err == nil {
			break
		}
	}
	if err != nil || v != "before" {
		t.Fatalf("after the failover: %q, %v", v, err)
	}
}

// setAndWait writes key = "before" and waits until one replica has it.
func setAndWait(t *testing.T, c *redis.Client, key string) {
	t.Helper()
	ctx := context.Background()
	var acks *redis.Cmd
	_, err := c.Pipelined(ctx, func(p redis.Pipeliner) error {
		p.Set(ctx, key, "before", 0)
		acks = p.Do(ctx, "WAIT", 1, 5000)
		return nil
	})
	if n, _ := acks.Int(); err != nil || n != 1 {
		t.Fatalf("SET + WAIT: %d replicas, %v", n, err)
	}
}
