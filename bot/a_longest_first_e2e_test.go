package main

import (
	"strings"
	"testing"
	"time"

	"loa/store/redistest"
)

// The tests with the longest chains of steps, in the file go test lists
// first: it starts a package's parallel tests in the order of its files and
// of the functions in them, so a long test declared late started when most
// of the package had run and ended alone, long after the rest (the
// scale-out suites' ~60 s, from scaleout_e2e_test.go, ended 150 s into the
// run).

func TestScaleOutOnRedisCluster(t *testing.T) {
	t.Parallel()
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
}

func TestScaleOutOnRedisSentinel(t *testing.T) {
	t.Parallel()
	s := redistest.StartSentinel(t)
	addrs := strings.Join(s.Addrs(), ",")
	scaleOutSuite(t,
		func(ns string) map[string]string {
			return map[string]string{"REDIS_SENTINEL_ADDRS": addrs, "REDIS_SENTINEL_MASTER": redistest.SentinelMaster, "LOA_NAMESPACE": ns}
		},
		func(string) time.Duration { return s.KillMaster() })
}
