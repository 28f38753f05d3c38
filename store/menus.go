package store

import (
	"context"
	"fmt"
	"time"
)

// menuTTL is how long a numbered menu stays answerable: a member who comes
// back the next day sees a new menu anyway.
const menuTTL = 24 * time.Hour

// maxMenuItems bounds one saved menu; a numbered list longer than this is
// unreadable in a chat anyway.
const maxMenuItems = 100

// SaveMenu remembers the choices just shown in a chat on a platform without
// buttons, in order: labels[i] is what the member saw as number i+1, data[i]
// is the button data it stands for. Empty lists forget the chat's menu, so a
// number typed after a plain prompt stays a number.
func (s *Store) SaveMenu(ctx context.Context, platform, chatID string, labels, data []string) error {
	if len(labels) != len(data) {
		return fmt.Errorf("save menu: %d labels for %d data", len(labels), len(data))
	}
	if len(data) > maxMenuItems {
		return fmt.Errorf("save menu: %d items, at most %d", len(data), maxMenuItems)
	}
	key := s.keyMenu(platform, chatID)
	pipe := s.rdb.TxPipeline()
	pipe.Del(ctx, key)
	if len(data) > 0 {
		items := make([]any, 0, 2*len(data))
		for i := range data {
			items = append(items, labels[i], data[i])
		}
		pipe.RPush(ctx, key, items...)
		pipe.Expire(ctx, key, menuTTL)
	}
	if _, err := pipe.Exec(ctx); err != nil {
		return fmt.Errorf("save %s menu: %w", platform, err)
	}
	return nil
}

// Menu returns the chat's current menu (labels and data in the order shown),
// or empty lists when none is remembered.
func (s *Store) Menu(ctx context.Context, platform, chatID string) (labels, data []string, err error) {
	items, err := s.rdb.LRange(ctx, s.keyMenu(platform, chatID), 0, -1).Result()
	if err != nil {
		return nil, nil, fmt.Errorf("read %s menu: %w", platform, err)
	}
	for i := 0; i+1 < len(items); i += 2 {
		labels = append(labels, items[i])
		data = append(data, items[i+1])
	}
	return labels, data, nil
}
