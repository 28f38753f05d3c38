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

// An emergency's reply (Urgent) waiting for a busy chat lane keeps the
// lane's next slot for itself: a reply or a bulk message that was already
// waiting for the chat is refused until it has had it, other chats are
// not held, and the slot it gets keeps the chat's spacing.
func TestRateSlotUrgentTakesTheChatsNextSlot(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, _ := newOutboxStore(t)
	reply := store.RateSlot{Platform: "telegram", TokenID: "t", ChatID: "-100", Overall: time.Millisecond, Chat: 2 * time.Second, Book: true}
	if ok, _, err := s.TakeRateSlot(ctx, reply); !ok || err != nil {
		t.Fatalf("first reply: %v %v", ok, err)
	}
	bulk := reply
	bulk.Book = false
	urgent := reply
	urgent.Urgent = true
	ok, wait, err := s.TakeRateSlot(ctx, urgent)
	if ok || err != nil || wait < 1500*time.Millisecond || wait > 2*time.Second {
		t.Fatalf("the emergency while the lane is busy: granted=%v wait=%s (%v), want the lane's next slot", ok, wait, err)
	}
	// Those who were waiting for the same slot are told to wait past it.
	for what, slot := range map[string]store.RateSlot{"reply": reply, "bulk": bulk} {
		if ok, w, _ := s.TakeRateSlot(ctx, slot); ok || w < wait+1500*time.Millisecond {
			t.Fatalf("a %s while the emergency waits: granted=%v wait=%s (the emergency's: %s)", what, ok, w, wait)
		}
	}
	other := reply
	other.ChatID = "-200"
	if ok, _, _ := s.TakeRateSlot(ctx, other); !ok {
		t.Fatal("another chat was held back by this chat's emergency")
	}
	time.Sleep(wait)
	ok, late, _ := s.TakeRateSlot(ctx, reply)
	if ok {
		t.Fatal("a reply took the slot the emergency was waiting for")
	}
	if ok, w, _ := s.TakeRateSlot(ctx, urgent); !ok || w > 500*time.Millisecond {
		t.Fatalf("the emergency at its slot: granted=%v wait=%s", ok, w)
	}
	// After it, the chat's interval again.
	ok, w, _ := s.TakeRateSlot(ctx, reply)
	if ok || w < 1500*time.Millisecond {
		t.Fatalf("a reply right after the emergency: granted=%v wait=%s (it was told %s before)", ok, w, late)
	}
}

// A 429 pause does not let the lane go to whoever wakes first when it
// ends: an emergency that waited through it is first.
func TestRateSlotUrgentHoldsTheLaneThroughAPause(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, _ := newOutboxStore(t)
	reply := store.RateSlot{Platform: "zalo", TokenID: "z", ChatID: "c1", Overall: time.Millisecond, Chat: time.Second, Book: true}
	urgent := reply
	urgent.Urgent = true
	if _, err := s.PauseToken(ctx, "zalo", "z", 2*time.Second); err != nil {
		t.Fatal(err)
	}
	ok, wait, _ := s.TakeRateSlot(ctx, urgent)
	if ok || wait < 1500*time.Millisecond || wait > 2*time.Second {
		t.Fatalf("the emergency while paused: granted=%v wait=%s", ok, wait)
	}
	time.Sleep(wait + 50*time.Millisecond)
	if ok, w, _ := s.TakeRateSlot(ctx, reply); ok || w <= 0 {
		t.Fatalf("a reply first after the pause: granted=%v wait=%s", ok, w)
	}
	if ok, _, _ := s.TakeRateSlot(ctx, urgent); !ok {
		t.Fatal("the emergency was refused after the pause")
	}
}
