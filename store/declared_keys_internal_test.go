package store

import (
	"context"
	"errors"
	"testing"
	"time"

	"loa/store/redistest"
)

// Issue 14 point 2: a script touches only keys it was given in KEYS. The
// scripts whose keys depend on data read them first and refuse, without a
// write, when the data changed in between; these tests pin that refusal.

func TestEraseFromNoticesForgetsHerAndRefusesAStaleRead(t *testing.T) {
	ctx := context.Background()
	s := New(redistest.Start(t).Client())
	her := Identity{Platform: "telegram", UserID: "501"}
	newNotice := func() string {
		id, err := NewNoticeID()
		if err != nil {
			t.Fatal(err)
		}
		_, _, err = s.CreateNotice(ctx, Notice{ID: id, AuthorPlatform: her.Platform, AuthorChat: "501",
			AuthorUser: her.UserID, Unit: "B1", Label: "Họp chi hội"}, time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	first := newNotice()
	draft, _ := NewNoticeID()
	if err := s.SaveNoticeDraft(ctx, NoticeDraft{ID: draft, Platform: her.Platform, ChatID: "501",
		UserID: her.UserID, Unit: "B1", Text: "Mời chị em họp"}); err != nil {
		t.Fatal(err)
	}

	// What a caller read before a second notice arrived: refused, nothing written.
	second := newNotice()
	stale, err := scriptEraseNotices.Run(ctx, s.rdb,
		[]string{s.keyNoticesByAuthor(her.Platform, "501"), s.keyNoticeDraftsByAuthor(her.Platform, her.UserID),
			s.keyNotice(first), s.keyNoticeDraft(draft)},
		her.Platform, "501", her.UserID, 1, first, draft).Int()
	if err != nil || stale != 0 {
		t.Fatalf("a stale read was not refused: %d, %v", stale, err)
	}
	if n, _ := s.Notice(ctx, first); n.AuthorUser != her.UserID {
		t.Fatalf("the refused call wrote: %+v", n)
	}

	if err := s.eraseFromNotices(ctx, her, "501"); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{first, second} {
		n, err := s.Notice(ctx, id)
		if err != nil || n.AuthorUser != "" || n.AuthorChat != "" || n.AuthorPlatform != "" {
			t.Fatalf("notice %s still names her: %+v, %v", id, n, err)
		}
	}
	if _, err := s.NoticeDraft(ctx, draft); !errors.Is(err, ErrNoticeDraftUnknown) {
		t.Fatalf("her draft is still there: %v", err)
	}
	if n := s.rdb.Exists(ctx, s.keyNoticeDraft(draft), s.keyNoticesByAuthor(her.Platform, "501"),
		s.keyNoticeDraftsByAuthor(her.Platform, her.UserID)).Val(); n != 0 {
		t.Fatalf("%d of her draft and lists are left", n)
	}
}
