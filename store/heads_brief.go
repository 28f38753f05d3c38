package store

import (
	"context"
	"fmt"
)

// A head made with `bot admin grant` is not in a chat with the bot when she
// gets her role, so the running bot briefs her later: the codes of her
// branch's open meetings, as an invited head gets them on joining. The CLI
// asks (BriefHead); the bot's job reads the heads waiting (HeadsToBrief),
// queues their codes (idempotent by outbox key) and only then forgets them
// (DoneBriefingHead), so a job that dies in between briefs her again rather
// than never.

// BriefHead asks the running bot to send who the codes of her branch's
// open meetings.
func (s *Store) BriefHead(ctx context.Context, who Identity) error {
	if err := checkIdentity(who.Platform, who.UserID); err != nil {
		return fmt.Errorf("brief head: %w", err)
	}
	if err := s.rdb.SAdd(ctx, s.keyHeadsToBrief(), who.String()).Err(); err != nil {
		return fmt.Errorf("brief head: %w", err)
	}
	return nil
}

// HeadsToBrief lists the heads waiting for their codes.
func (s *Store) HeadsToBrief(ctx context.Context) ([]Identity, error) {
	raw, err := s.rdb.SMembers(ctx, s.keyHeadsToBrief()).Result()
	if err != nil {
		return nil, fmt.Errorf("heads to brief: %w", err)
	}
	out := make([]Identity, 0, len(raw))
	for _, r := range raw {
		out = append(out, parseIdentity(r))
	}
	return out, nil
}

// DoneBriefingHead forgets a head whose codes are queued.
func (s *Store) DoneBriefingHead(ctx context.Context, who Identity) error {
	if err := s.rdb.SRem(ctx, s.keyHeadsToBrief(), who.String()).Err(); err != nil {
		return fmt.Errorf("done briefing head: %w", err)
	}
	return nil
}
