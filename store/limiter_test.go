package store_test

import (
	"context"
	"testing"
	"time"

	"loa/store"
)

// The limiter tests space slots a second and more apart and leave half a
// second in each bound on a wait: the race-checked suite beside them can
// stall a goroutine for a few hundred milliseconds between two calls (CI
// once saw a second take 100 ms after the first granted).
func TestRateSlotBulkSpacingChatLaneAndPause(t *testing.T) {
	ctx := context.Background()
	s, _ := newOutboxStore(t)
	slot := store.RateSlot{Platform: "telegram", TokenID: "t", ChatID: "1", Overall: time.Second, Chat: 4 * time.Second}
	ok, _, err := s.TakeRateSlot(ctx, slot)
	if !ok || err != nil {
		t.Fatalf("first take: %v %v", ok, err)
	}
	slot.ChatID = "2"
	ok, wait, _ := s.TakeRateSlot(ctx, slot)
	if ok || wait <= 500*time.Millisecond || wait > time.Second {
		t.Fatalf("second take within the interval: granted=%v wait=%s", ok, wait)
	}
	time.Sleep(wait)
	slot.ChatID = "1"
	ok, wait, _ = s.TakeRateSlot(ctx, slot)
	if ok || wait < 2500*time.Millisecond {
		t.Fatalf("same chat within its interval: granted=%v wait=%s", ok, wait)
	}
	slot.ChatID = "3"
	if ok, _, _ = s.TakeRateSlot(ctx, slot); !ok {
		t.Fatal("another chat after the interval was refused")
	}

	left, err := s.PauseToken(ctx, "telegram", "t", 7*time.Second)
	if err != nil || left != 7*time.Second {
		t.Fatalf("pause: %s %v", left, err)
	}
	if left, _ = s.PauseToken(ctx, "telegram", "t", time.Second); left < 6*time.Second {
		t.Fatalf("a shorter pause shortened a longer one: %s", left)
	}
	slot.ChatID = "4"
	ok, wait, _ = s.TakeRateSlot(ctx, slot)
	if ok || wait < 6500*time.Millisecond || wait > 7*time.Second {
		t.Fatalf("take while paused: granted=%v wait=%s", ok, wait)
	}
	slot.Book = true
	if ok, wait, _ = s.TakeRateSlot(ctx, slot); ok || wait < 6500*time.Millisecond {
		t.Fatalf("a reply booked while paused: granted=%v wait=%s", ok, wait)
	}
}

func TestRateSlotReplyBooksAheadOfBulk(t *testing.T) {
	ctx := context.Background()
	s, _ := newOutboxStore(t)
	bulk := store.RateSlot{Platform: "zalo", TokenID: "z", ChatID: "b1", Overall: time.Second}
	if ok, _, _ := s.TakeRateSlot(ctx, bulk); !ok {
		t.Fatal("bulk refused on an idle token")
	}
	reply := store.RateSlot{Platform: "zalo", TokenID: "z", ChatID: "r1", Overall: time.Second, Chat: 4 * time.Second, Book: true}
	ok, wait, _ := s.TakeRateSlot(ctx, reply)
	if !ok || wait <= 500*time.Millisecond || wait > time.Second {
		t.Fatalf("reply booking: granted=%v wait=%s; want the next slot", ok, wait)
	}
	// Bulk polling now must wait for the slot after the reply's.
	bulk.ChatID = "b2"
	ok, bw, _ := s.TakeRateSlot(ctx, bulk)
	if ok || bw < wait+500*time.Millisecond {
		t.Fatalf("bulk after a booked reply: granted=%v wait=%s (reply waits %s)", ok, bw, wait)
	}
}

func TestChatLaneBusyUntilItsLastSlotHasPassed(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, _ := newOutboxStore(t)
	if d, err := s.ChatLaneBusy(ctx, "telegram", "t", "1"); d != 0 || err != nil {
		t.Fatalf("an unused lane is busy for %s (%v)", d, err)
	}
	slot := store.RateSlot{Platform: "telegram", TokenID: "t", ChatID: "1", Overall: time.Millisecond, Chat: 2 * time.Second, Book: true}
	if ok, _, err := s.TakeRateSlot(ctx, slot); !ok || err != nil {
		t.Fatalf("book: %v %v", ok, err)
	}
	d, err := s.ChatLaneBusy(ctx, "telegram", "t", "1")
	if err != nil || d <= 1500*time.Millisecond || d > 2*time.Second {
		t.Fatalf("a reply just sent: lane busy for %s (%v), want its interval", d, err)
	}
	if ok, wait, _ := s.TakeRateSlot(ctx, slot); ok || wait < d-500*time.Millisecond {
		t.Fatalf("a second reply while the lane is busy: granted=%v wait=%s", ok, wait)
	}
	if other, _ := s.ChatLaneBusy(ctx, "telegram", "t", "2"); other != 0 {
		t.Fatalf("another chat's lane is busy for %s", other)
	}
	time.Sleep(d)
	if d, err := s.ChatLaneBusy(ctx, "telegram", "t", "1"); d != 0 || err != nil {
		t.Fatalf("after its last slot the lane is still busy for %s (%v)", d, err)
	}
}
