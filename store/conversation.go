package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"
)

// ConversationTTL is how long the bot waits for the next step of a
// multi-step command (the text of a notice typed after /thongbao, a
// confirmation) before forgetting it.
const ConversationTTL = 30 * time.Minute

// SetPending remembers what the bot is waiting for from one person (userID)
// in a chat. state is opaque to the store (the handlers encode it).
func (s *Store) SetPending(ctx context.Context, platform, chatID, userID, state string) error {
	if err := s.rdb.Set(ctx, s.keyPending(platform, chatID, userID), state, ConversationTTL).Err(); err != nil {
		return fmt.Errorf("save conversation step: %w", err)
	}
	return nil
}

// TakePending returns and forgets what the bot was waiting for from one
// person in a chat; "" when nothing. Taking it atomically means a step is
// acted on once even when two messages arrive together.
func (s *Store) TakePending(ctx context.Context, platform, chatID, userID string) (string, error) {
	v, err := s.rdb.GetDel(ctx, s.keyPending(platform, chatID, userID)).Result()
	if errors.Is(err, redis.Nil) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("read conversation step: %w", err)
	}
	return v, nil
}

// ClearPending forgets one person's pending step in a chat (a command typed
// instead).
func (s *Store) ClearPending(ctx context.Context, platform, chatID, userID string) error {
	if err := s.rdb.Del(ctx, s.keyPending(platform, chatID, userID)).Err(); err != nil {
		return fmt.Errorf("clear conversation step: %w", err)
	}
	return nil
}

// EmergencyMemory is how long Loa keeps in mind that she gave one person an
// emergency script, or its hotline line, in a chat. A member in danger
// writes in pieces ("ổng say rồi đang kiếm e", then "e trốn trong nhà
// tắm"): the next pieces, read alone, name no harm or the wrong one, and
// must keep that hotline first.
const EmergencyMemory = 20 * time.Minute

// RememberEmergency notes that one person in a chat was just given the
// emergency script or hotline line emergencyID (content.Emergency.ID); it is
// forgotten after
// EmergencyMemory, or by Erase.
func (s *Store) RememberEmergency(ctx context.Context, platform, chatID, userID, emergencyID string) error {
	if err := s.rdb.Set(ctx, s.keyRecentEmergency(platform, chatID, userID), emergencyID, EmergencyMemory).Err(); err != nil {
		return fmt.Errorf("remember emergency: %w", err)
	}
	return nil
}

// RecentEmergency returns the emergency script one person in a chat was
// given within EmergencyMemory, "" when none.
func (s *Store) RecentEmergency(ctx context.Context, platform, chatID, userID string) (string, error) {
	v, err := s.rdb.Get(ctx, s.keyRecentEmergency(platform, chatID, userID)).Result()
	if errors.Is(err, redis.Nil) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("read recent emergency: %w", err)
	}
	return v, nil
}
