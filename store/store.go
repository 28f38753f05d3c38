// Package store owns every Redis key and script Loa uses: members, the unit
// tree, roles, invites, events, counts, the outbox and inbound dedupe. Redis is
// Loa's only database. Key names are all built in keys.go.
package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"
)

// Store is the typed face of Redis. It is safe for concurrent use.
type Store struct {
	rdb redis.UniversalClient

	// ns is "" or the namespace followed by ":"; it starts every key and
	// every hash tag (keys.go). The prefixes below are built from it once.
	ns        string
	dirPrefix string // units, members, roles, invites, events: "loa:{dir}:"
	outboxTag string // outbox jobs and queues: "{loa:ob}"
	noticeTag string // notices: "{loa:nt}"
	faqTag    string // the unanswered log: "{loa:faq}"
	// questionPrefix starts the member question queue's keys: "loa:{q}:".
	questionPrefix string
	// dashPrefix starts the staff dashboard's keys: "{loa:dash}:".
	dashPrefix string

	// fenceReplicas > 0: the outbox's "sending" fence waits for that many
	// replicas, at most fenceTimeout (WithFenceReplicas).
	fenceReplicas int
	fenceTimeout  time.Duration

	// jobNames remembers the outbox jobs' fields that name their keys.
	jobNames *outboxJobNames
}

// New wraps a client, without a namespace. A redis.UniversalClient serves a
// single server, Sentinel and Cluster alike; every multi-key operation
// touches keys of one hash tag so it also runs on Cluster.
func New(rdb redis.UniversalClient) *Store {
	s, _ := NewNamespaced(rdb, "")
	return s
}

// NewNamespaced wraps a client for one deployment among several sharing the
// same Redis (one bot per province on a national Cluster): every key it
// reads or writes starts with namespace + ":" and every hash tag names the
// namespace, so two stores with different namespaces never see each other's
// data. An empty namespace gives New's key names.
func NewNamespaced(rdb redis.UniversalClient, namespace string) (*Store, error) {
	if err := CheckNamespace(namespace); err != nil {
		return nil, err
	}
	p := ""
	if namespace != "" {
		p = namespace + ":"
	}
	return &Store{
		rdb:            rdb,
		ns:             p,
		dirPrefix:      p + "loa:{" + p + "dir}:",
		outboxTag:      p + "{" + p + "loa:ob}",
		noticeTag:      p + "{" + p + "loa:nt}",
		faqTag:         p + "{" + p + "loa:faq}",
		questionPrefix: p + "loa:{" + p + "q}:",
		dashPrefix:     p + "{" + p + "loa:dash}:",
		jobNames:       &outboxJobNames{m: map[string]outboxJobName{}},
	}, nil
}

// WithFenceReplicas returns a store whose outbox fence (MarkOutboxSending)
// waits until n replicas have it, at most timeout, before the send goes
// ahead. Use it where Redis fails over to a replica (Sentinel, Cluster):
// replication is asynchronous, and a fence lost with its master would let
// a recipient be sent twice.
func (s *Store) WithFenceReplicas(n int, timeout time.Duration) *Store {
	c := *s
	c.fenceReplicas, c.fenceTimeout = n, timeout
	return &c
}

// MaxNamespaceLen bounds LOA_NAMESPACE: it is repeated in every key.
const MaxNamespaceLen = 32

// CheckNamespace accepts "" or 1–32 of a-z 0-9 - _ (a province's short
// name): no braces, which would change the keys' hash tags, and no colon,
// which would let one namespace be a prefix of another's keys.
func CheckNamespace(ns string) error {
	if len(ns) > MaxNamespaceLen {
		return fmt.Errorf("namespace longer than %d characters", MaxNamespaceLen)
	}
	for _, r := range ns {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return fmt.Errorf("namespace %q: only a-z 0-9 - _", ns)
		}
	}
	return nil
}

// Namespace is the namespace the store's keys carry, "" for none.
func (s *Store) Namespace() string { return strings.TrimSuffix(s.ns, ":") }

// Client exposes the underlying client for components that run their own
// scripts (the delivery limiter) and for tests that inspect raw keys.
func (s *Store) Client() redis.UniversalClient { return s.rdb }

// Ping checks that Redis answers.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.rdb.Ping(ctx).Err(); err != nil {
		return fmt.Errorf("redis ping: %w", err)
	}
	return nil
}
