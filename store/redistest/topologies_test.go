package redistest

import (
	"context"
	"testing"
	"time"
)

// TestClusterServesAndFailsOver: the six nodes form a working cluster whose
// slot map agrees with keySlot, and killing a master promotes its replica
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
		if got := keySlot(key); int64(got) != want {
			t.Fatalf("keySlot(%q) = %d, Redis says %d", key, got, want)
		}
	}
	if err := rdb.Set(ctx, "{loa:ob}:probe", "before", 0).Err(); err != nil {
		t.Fatal(err)
	}
	if err := rdb.Do(ctx, "WAIT", 1, 1000).Err(); err != nil {
		t.Fatal(err)
	}
	took := c.KillMasterOf("{loa:ob}:probe")
	t.Logf("slot without a master for %s", took)
	// The client learns the new slot map on its first errors; a few
	// commands may fail until then.
	var v string
	var err error
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
	if err := rdb.Set(ctx, "probe", "before", 0).Err(); err != nil {
		t.Fatal(err)
	}
	if err := rdb.Do(ctx, "WAIT", 1, 1000).Err(); err != nil {
		t.Fatal(err)
	}
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
