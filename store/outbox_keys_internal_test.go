package store

import (
	"context"
	"slices"
	"testing"

	"github.com/redis/go-redis/v9"

	"loa/store/redistest"
)

var scriptLuaOutboxKeys = redis.NewScript(outboxLibLua + `
return {k_job(ARGV[1]), k_payload(ARGV[1]), k_pending(ARGV[1]), k_chats(ARGV[1]), k_state(ARGV[1]),
  k_data(ARGV[1]), k_retry(ARGV[1]), k_outcomes(ARGV[1]), k_outcomes_of(ARGV[2]), k_leases(), k_live(), k_idem(ARGV[3])}
`)

// TestLuaOutboxKeysMatchGo keeps the outbox scripts' key builders
// (outbox_lib.lua) equal to the Go ones in keys.go, which document each
// key's type and lifetime.
func TestLuaOutboxKeysMatchGo(t *testing.T) {
	t.Parallel()
	rdb := redistest.Start(t).Client()
	plain := New(rdb)
	spaced, err := NewNamespaced(rdb, "dongnai")
	if err != nil {
		t.Fatal(err)
	}
	id, member, idem := "j-17", "telegram:42", hashIdempotencyKey("notice:n1:telegram")
	for _, s := range []*Store{plain, spaced} {
		got, err := scriptLuaOutboxKeys.Run(context.Background(), rdb, []string{s.keyOutboxJob(id)}, id, member, idem).StringSlice()
		if err != nil {
			t.Fatal(err)
		}
		want := []string{s.keyOutboxJob(id), s.keyOutboxPayload(id), s.keyOutboxPending(id), s.keyOutboxChats(id), s.keyOutboxState(id),
			s.keyOutboxData(id), s.keyOutboxRetry(id), s.keyOutboxOutcomes(id), s.keyOutboxOutcomesOf(member), s.keyOutboxLeases(), s.keyOutboxLive(), s.keyOutboxIdem(idem)}
		if !slices.Equal(got, want) {
			t.Fatalf("lua %v\ngo  %v", got, want)
		}
	}
}
