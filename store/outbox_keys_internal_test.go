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
  k_data(ARGV[1]), k_retry(ARGV[1]), k_outcomes(ARGV[1]), k_outcomes_of(ARGV[2]), K_LEASES, K_LIVE, k_idem(ARGV[3])}
`)

// TestLuaOutboxKeysMatchGo keeps the outbox scripts' key builders
// (outbox_lib.lua) equal to the Go ones in keys.go, which document each
// key's type and lifetime.
func TestLuaOutboxKeysMatchGo(t *testing.T) {
	rdb := redistest.Start(t).Client()
	id, member, idem := "j-17", "telegram:42", hashIdempotencyKey("notice:n1:telegram")
	got, err := scriptLuaOutboxKeys.Run(context.Background(), rdb, []string{keyOutboxJob(id)}, id, member, idem).StringSlice()
	if err != nil {
		t.Fatal(err)
	}
	want := []string{keyOutboxJob(id), keyOutboxPayload(id), keyOutboxPending(id), keyOutboxChats(id), keyOutboxState(id),
		keyOutboxData(id), keyOutboxRetry(id), keyOutboxOutcomes(id), keyOutboxOutcomesOf(member), keyOutboxLeases, keyOutboxLive, keyOutboxIdem(idem)}
	if !slices.Equal(got, want) {
		t.Fatalf("lua %v\ngo  %v", got, want)
	}
}
