package store

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
)

// Erase removes everything Loa stores that names a person (her /xoadulieu,
// ARCHITECTURE invariant 7): her member record, her place in her branch's
// set, her role grants; her name in attendance, notices and the outbox; the
// unanswered questions she typed, the questions she asked for a person
// (and her name where she handled one); her conversation state. Where a count
// must stay right her id is replaced by a tombstone ("erased:<random>", or
// "erased" for an author): a check-in, an outcome record, a headcount
// report, a recipient of a job still running (recorded as failed, never
// sent). Her private chat is her user id on every platform. It reports
// whether she was a member or held a role.
//
// Each part is atomic in its own slot; an error stops it, and running it
// again finishes the work (every step is idempotent).
func (s *Store) Erase(ctx context.Context, platform, userID string) (bool, error) {
	if err := checkIdentity(platform, userID); err != nil {
		return false, fmt.Errorf("erase: %w", err)
	}
	who := Identity{Platform: platform, UserID: userID}
	chatID := userID
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		return false, fmt.Errorf("erase: %w", err)
	}
	tombstone := "erased:" + hex.EncodeToString(b[:])
	id := who.String()
	n, err := s.runDeclared(ctx, scriptErase, func() ([]string, error) { return s.eraseKeys(ctx, id) },
		s.dirPrefix, id, tombstone).Int()
	if err != nil {
		return false, fmt.Errorf("erase member: %w", err)
	}
	for _, step := range []func() error{
		func() error { return s.eraseFromOutbox(ctx, who, chatID, tombstone) },
		func() error { return s.eraseFromNotices(ctx, who, chatID) },
		func() error { return s.eraseUnanswered(ctx, who) },
		func() error { return s.eraseFromDashboard(ctx, who) },
		func() error { return s.eraseQuestions(ctx, who) },
		func() error {
			pipe := s.rdb.Pipeline() // one key per command: the keys live in different slots
			keys := []string{s.keyPending(platform, chatID, userID), s.keyRecentEmergency(platform, chatID, userID), s.keyChoice(platform, chatID, userID), s.keyLastQuestion(platform, chatID, userID), s.keyAddress(platform, chatID, userID), s.keyMenu(platform, chatID), s.keyAttempts("invite", id)}
			if platform == "zalooa" {
				keys = append(keys, s.keyZaloOAReach(userID))
			}
			for _, k := range keys {
				pipe.Del(ctx, k)
			}
			pipe.SRem(ctx, s.keyHeadsToBrief(), id)
			pipe.ZRem(ctx, s.keyApologies(platform), chatID)
			if _, err := pipe.Exec(ctx); err != nil {
				return fmt.Errorf("erase conversation state: %w", err)
			}
			return nil
		},
	} {
		if err := step(); err != nil {
			return false, err
		}
	}
	return n == 1, nil
}
