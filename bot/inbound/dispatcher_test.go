package inbound_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"loa/bot/inbound"
)

// A chat whose handling is stuck keeps its backlog at the bound, further
// updates of it are dropped, and another chat is handled meanwhile.
func TestFloodingChatIsBoundedAndHoldsUpNobody(t *testing.T) {
	d := inbound.New(inbound.Bounds{Total: 100, PerChat: 5}, nil)
	release := make(chan struct{})
	var mu sync.Mutex
	var order []int
	results := map[inbound.Result]int{}
	for i := range 1000 {
		r := d.Submit("flooder", func(context.Context) {
			<-release
			mu.Lock()
			order = append(order, i)
			mu.Unlock()
		})
		results[r]++
	}
	// Five waiting, and maybe one more already taken out to run.
	if a := results[inbound.Accepted]; a < 5 || a > 6 || results[inbound.ChatFull] != 1000-a || results[inbound.Busy] != 0 {
		t.Fatalf("results = %v, want 5 or 6 accepted and the rest dropped", results)
	}
	if !d.HasRoom() {
		t.Fatal("one chat's flood filled the shared bound")
	}
	other := make(chan struct{})
	if r := d.Submit("other", func(context.Context) { close(other) }); r != inbound.Accepted {
		t.Fatalf("another chat: %v", r)
	}
	select {
	case <-other:
	case <-time.After(10 * time.Second):
		t.Fatal("another chat waited for the flooder")
	}
	close(release)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := d.Stop(ctx); err != nil {
		t.Fatal(err)
	}
	for i := 1; i < len(order); i++ {
		if order[i] <= order[i-1] {
			t.Fatalf("the flooder's accepted jobs ran out of order: %v", order)
		}
	}
	if r := d.Submit("late", func(context.Context) {}); r != inbound.Busy {
		t.Fatalf("submit after Stop: %v", r)
	}
}

// The shared bound still applies across chats: past it Submit says Busy.
func TestTotalBoundIsBusyNotDropped(t *testing.T) {
	d := inbound.New(inbound.Bounds{Total: 3, PerChat: 5}, nil)
	release := make(chan struct{})
	for _, chat := range []string{"a", "b", "c"} {
		if r := d.Submit(chat, func(context.Context) { <-release }); r != inbound.Accepted {
			t.Fatalf("%s: %v", chat, r)
		}
	}
	if r := d.Submit("d", func(context.Context) {}); r != inbound.Busy {
		t.Fatalf("past the total bound: %v, want Busy", r)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	if d.WaitRoom(ctx) {
		t.Fatal("WaitRoom returned with the bound full")
	}
	close(release)
	if !d.WaitRoom(context.Background()) {
		t.Fatal("no room after the jobs ran")
	}
	_ = d.Stop(context.Background())
}
