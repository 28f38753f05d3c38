package store

import (
	"context"
	"fmt"
)

// legacyKeys maps key names of earlier releases to today's, for MigrateKeys.
// The unanswered log's keys took the hash tag {loa:faq} when the program
// learned Redis Cluster (its script touches all four at once).
func (s *Store) legacyKeys() [][2]string {
	return [][2]string{
		{"loa:faq:unanswered", s.keyUnanswered()},
		{"loa:faq:unanswered:sample", s.keyUnansweredSample()},
		{"loa:faq:unanswered:seen", s.keyUnansweredSeen()},
		{"loa:faq:unanswered:anonymous", s.keyUnansweredAnonymous()},
	}
}

// MigrateKeys moves data kept under an earlier release's key names to
// today's, so an upgrade neither loses it nor leaves it where Erase no
// longer looks (the unanswered log holds members' words). It runs at
// startup, costs a few EXISTS when there is nothing to do, and is safe to
// run by several replicas at once. Namespaces came with today's names, so
// only a store without one has anything to move.
//
// When both names exist (an older replica still wrote the old one during a
// rolling upgrade) the old key is deleted: a few lost counts of a staff log
// are better than words nobody can erase.
func (s *Store) MigrateKeys(ctx context.Context) (moved int, err error) {
	if s.ns != "" {
		return 0, nil
	}
	for _, k := range s.legacyKeys() {
		old, now := k[0], k[1]
		n, err := s.rdb.Exists(ctx, old).Result()
		if err != nil {
			return moved, fmt.Errorf("migrate %s: %w", old, err)
		}
		if n == 0 {
			continue
		}
		// RENAMENX is atomic on one server and on Sentinel. On Cluster the two
		// names hash to different slots and Redis refuses it (CROSSSLOT); an
		// earlier release never ran on Cluster, so old names are not there.
		ok, err := s.rdb.RenameNX(ctx, old, now).Result()
		if err != nil {
			return moved, fmt.Errorf("migrate %s: %w", old, err)
		}
		if !ok {
			if err := s.rdb.Del(ctx, old).Err(); err != nil {
				return moved, fmt.Errorf("migrate %s: %w", old, err)
			}
			continue
		}
		moved++
	}
	return moved, nil
}
