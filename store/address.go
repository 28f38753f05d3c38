package store

import (
	"context"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"
)

// AddressMemory is how long Loa keeps in mind how one person in a chat
// wants to be called (handlers/address: "bà" for an old woman who says
// "bà hỏi", "anh" for a man asking for his wife), counted from her last
// message: each message renews it (BeginUpdate), so a slow conversation
// keeps its form and her next question, typed without the tell, is still
// answered as she calls herself. A day later she is "chị" again until
// she says otherwise.
const AddressMemory = 30 * time.Minute

// RememberAddress keeps form (a handlers/address form id, "ba", "anh" …)
// in mind for one person in a chat for AddressMemory; "" forgets, and
// she is called "chị" again. Only the form is kept, never her words.
func (s *Store) RememberAddress(ctx context.Context, platform, chatID, userID, form string) error {
	key := s.keyAddress(platform, chatID, userID)
	var err error
	if form == "" {
		err = s.rdb.Del(ctx, key).Err()
	} else {
		err = s.rdb.Set(ctx, key, form, AddressMemory).Err()
	}
	if err != nil {
		return fmt.Errorf("remember form of address: %w", err)
	}
	return nil
}

// readAddress queues, on pipe, the read of the form one person in a chat
// is called by, renewing AddressMemory (GETEX: she just wrote), and
// returns how to read it after Exec; "" when none is kept.
func (s *Store) readAddress(ctx context.Context, pipe redis.Pipeliner, platform, chatID, userID string) func() string {
	cmd := pipe.GetEx(ctx, s.keyAddress(platform, chatID, userID), AddressMemory)
	return func() string { return cmd.Val() }
}
