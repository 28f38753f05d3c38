// Package store owns every Redis key and script Loa uses: members, the unit
// tree, roles, invites, events, counts, the outbox and inbound dedupe. Redis is
// Loa's only database. Key names are all built in keys.go.
package store

import (
	"context"
	"fmt"

	"github.com/redis/go-redis/v9"
)

// Store is the typed face of Redis. It is safe for concurrent use.
type Store struct {
	rdb redis.UniversalClient
}

// New wraps a client. A redis.UniversalClient serves a single server,
// Sentinel and Cluster alike; every multi-key operation touches keys of one
// hash tag so it also runs on Cluster.
func New(rdb redis.UniversalClient) *Store { return &Store{rdb: rdb} }

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
