package store

import (
	"context"
	"fmt"
)

// ChoiceMemory is how long a choice Loa offered stays answerable by typing
// its number: as long as a conversation step waits (ConversationTTL).
const ChoiceMemory = ConversationTTL

// maxChoiceItems bounds one remembered choice (the topic menu is the
// longest, about twenty).
const maxChoiceItems = 100

// OfferChoice remembers the choice just offered to one person in a chat:
// data[i] is the button she would tap as number i+1. An empty list forgets
// it (her next question's answer offers no choice).
func (s *Store) OfferChoice(ctx context.Context, platform, chatID, userID string, data []string) error {
	if len(data) > maxChoiceItems {
		return fmt.Errorf("offer choice: %d items, at most %d", len(data), maxChoiceItems)
	}
	key := s.keyChoice(platform, chatID, userID)
	pipe := s.rdb.TxPipeline()
	pipe.Del(ctx, key)
	if len(data) > 0 {
		items := make([]any, len(data))
		for i, d := range data {
			items[i] = d
		}
		pipe.RPush(ctx, key, items...)
		pipe.Expire(ctx, key, ChoiceMemory)
	}
	if _, err := pipe.Exec(ctx); err != nil {
		return fmt.Errorf("offer choice: %w", err)
	}
	return nil
}

// OpenChoice returns the button data of the choice offered to one person
// in a chat within ChoiceMemory, in the order shown; nil when none.
func (s *Store) OpenChoice(ctx context.Context, platform, chatID, userID string) ([]string, error) {
	data, err := s.rdb.LRange(ctx, s.keyChoice(platform, chatID, userID), 0, -1).Result()
	if err != nil {
		return nil, fmt.Errorf("read open choice: %w", err)
	}
	return data, nil
}
