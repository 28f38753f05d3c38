package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"
)

// FollowUpMemory is how long Loa keeps in mind what one person last asked
// in a chat. Members talk rather than ask one self-contained question:
// "còn hộ cận nghèo thì sao", "vậy vay được bao nhiêu" lean on the
// question before, and "ko phải" says its answer was wrong. A quarter of
// an hour covers a conversation; a question asked later is a new one.
const FollowUpMemory = 15 * time.Minute

// maxLastQuestionRunes bounds the remembered subject.
const maxLastQuestionRunes = 400

// LastQuestion is what one person last asked in a chat and what Loa
// showed for it.
type LastQuestion struct {
	// Subject is her question as the knowledge base read it (normalised
	// words, no punctuation), or the question of the entry she tapped;
	// "" when nothing is remembered.
	Subject string
	// Entries are the ids of the entries Loa answered it with, or offered
	// her to pick from, best first.
	Entries []string
	// Answered: Entries answered it (rather than being offered as a choice).
	Answered bool
	// Corrected: she has already said its answer was wrong ("ko phải") and
	// was offered the other entries; a second "sai rồi" goes to a person
	// rather than round the same entries again.
	Corrected bool
}

// RememberQuestion keeps q in mind for FollowUpMemory for one person in a
// chat, replacing what was there; with neither a Subject nor Entries it
// forgets. Phone and ID numbers in the Subject are masked (MaskNumbers);
// the caller leaves the Subject empty for anyone whose words may not be
// kept (Recall.Member).
func (s *Store) RememberQuestion(ctx context.Context, platform, chatID, userID string, q LastQuestion) error {
	key := s.keyLastQuestion(platform, chatID, userID)
	if q.Subject == "" && len(q.Entries) == 0 {
		if err := s.rdb.Del(ctx, key).Err(); err != nil {
			return fmt.Errorf("forget last question: %w", err)
		}
		return nil
	}
	subject := MaskNumbers(q.Subject)
	if r := []rune(subject); len(r) > maxLastQuestionRunes {
		subject = string(r[len(r)-maxLastQuestionRunes:]) // her latest words
	}
	answered, corrected := "0", "0"
	if q.Answered {
		answered = "1"
	}
	if q.Corrected {
		corrected = "1"
	}
	pipe := s.rdb.TxPipeline()
	pipe.Del(ctx, key)
	pipe.HSet(ctx, key, "q", subject, "e", strings.Join(q.Entries, " "), "a", answered, "c", corrected)
	pipe.Expire(ctx, key, FollowUpMemory)
	if _, err := pipe.Exec(ctx); err != nil {
		return fmt.Errorf("remember last question: %w", err)
	}
	return nil
}

// LastQuestionOf returns what one person last asked in a chat within
// FollowUpMemory; a zero LastQuestion when nothing.
func (s *Store) LastQuestionOf(ctx context.Context, platform, chatID, userID string) (LastQuestion, error) {
	fields, err := s.rdb.HGetAll(ctx, s.keyLastQuestion(platform, chatID, userID)).Result()
	if err != nil {
		return LastQuestion{}, fmt.Errorf("read last question: %w", err)
	}
	return lastQuestionFrom(fields), nil
}

// readLastQuestion queues the read of LastQuestionOf on pipe (BeginUpdate
// reads it in its round trip) and returns how to read it after Exec.
func (s *Store) readLastQuestion(ctx context.Context, pipe redis.Pipeliner, platform, chatID, userID string) func() LastQuestion {
	cmd := pipe.HGetAll(ctx, s.keyLastQuestion(platform, chatID, userID))
	return func() LastQuestion {
		if cmd.Err() != nil {
			return LastQuestion{}
		}
		return lastQuestionFrom(cmd.Val())
	}
}

func lastQuestionFrom(fields map[string]string) LastQuestion {
	if fields["q"] == "" && fields["e"] == "" {
		return LastQuestion{}
	}
	return LastQuestion{Subject: fields["q"], Entries: strings.Fields(fields["e"]), Answered: fields["a"] == "1", Corrected: fields["c"] == "1"}
}
