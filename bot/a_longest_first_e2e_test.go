package main

import (
	"strings"
	"testing"
	"time"

	"loa/store/redistest"
)

// TestScaleOut runs the scale-out suite (scaleout_e2e_test.go) on a Redis
// Cluster and on Sentinel at once, in one slot of -parallel, and is the
// first test of the package's first file. go test hands the slots out in
// no fixed order once the parallel tests are released, except that the
// first declared started first in each of six runs measured; the two
// suites as two tests started anywhere (once 199 s into a 277 s run), and
// a chain of ~60-80 s that starts late ends alone, long after the rest.
func TestScaleOut(t *testing.T) {
	t.Parallel()
	concurrently(t,
		subtest{"OnRedisCluster", func(t *testing.T) {
			c := redistest.StartCluster(t)
			addrs := strings.Join(c.Addrs(), ",")
			scaleOutSuite(t,
				func(ns string) map[string]string {
					return map[string]string{"REDIS_CLUSTER_ADDRS": addrs, "LOA_NAMESPACE": ns}
				},
				func(ns string) time.Duration {
					// The namespace's outbox slot (store/keys.go: "N:{N:loa:ob}").
					return c.KillMasterOf(ns + ":{" + ns + ":loa:ob}:seq")
				})
		}},
		subtest{"OnRedisSentinel", func(t *testing.T) {
			s := redistest.StartSentinel(t)
			addrs := strings.Join(s.Addrs(), ",")
			scaleOutSuite(t,
				func(ns string) map[string]string {
					return map[string]string{"REDIS_SENTINEL_ADDRS": addrs, "REDIS_SENTINEL_MASTER": redistest.SentinelMaster, "LOA_NAMESPACE": ns}
				},
				func(string) time.Duration { return s.KillMaster() })
		}},
	)
}
