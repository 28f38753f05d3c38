package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"
)

// A head says her branch's meeting did not take place ("họp tháng này bị
// huỷ"). The event is marked cancelled: it is no longer reminded nor
// listed as unreported, and staff figures count it as postponed or
// cancelled ("hoãn/hủy"). A headcount reported later for the same event
// undoes the cancellation (scriptReport): she was wrong, it took place.

// ErrEventReported refuses a cancellation of an event that has a headcount.
var ErrEventReported = errors.New("event already reported")

// scriptCancelEvent marks an event cancelled. A closed event leaves the
// unreported and reminder indexes and its aggregates count it cancelled;
// an open one is only marked (scriptCloseEvent counts it when it closes).
// ARGV: prefix, id, by, now.
// Returns "ok", "again" (already cancelled), "reported", "unknown" or
// "retry" (closed meanwhile: its aggregates were not declared).
// KEYS (cancelKeys): the event, the unreported and reminder indexes, the
// aggregates of the units the event was counted in for its periods (read
// first).
var scriptCancelEvent = redis.NewScript(luaAttLib + `
strict = true
local id = ARGV[2]
local f = redis.call("HMGET", kEvent(id), "state", "headcount", "cancelled", "path", "periods")
if not f[1] then return "unknown" end
if f[2] then return "reported" end
if f[3] then return "again" end
if f[1] == "closed" and not hasAggregates(split(f[4]), split(f[5])) then return "retry" end
redis.call("HSET", kEvent(id), "cancelled", ARGV[4], "cancelled_by", ARGV[3])
if f[1] == "closed" then
  addAll(split(f[4]), split(f[5]), "cancelled", 1)
  redis.call("ZREM", kUnreported(), id)
  redis.call("ZREM", kRemind(), id)
end
return "ok"
`)

// CancelEvent records that an event did not take place, as its head said.
// It reports false when it was already cancelled; an event with a
// headcount is refused with ErrEventReported.
func (s *Store) CancelEvent(ctx context.Context, eventID string, by Identity, now time.Time) (bool, error) {
	if err := checkIdentity(by.Platform, by.UserID); err != nil {
		return false, fmt.Errorf("cancel event: %w", err)
	}
	keys := func() ([]string, error) {
		agg, err := s.eventAggregateKeys(ctx, eventID)
		if err != nil {
			return nil, err
		}
		return append([]string{s.keyEvent(eventID), s.keyEventsUnreported(), s.keyEventsRemind()}, agg...), nil
	}
	res, err := s.runDeclared(ctx, scriptCancelEvent, keys, s.dirPrefix, eventID, by.String(), now.UnixMilli()).Text()
	if err != nil {
		return false, fmt.Errorf("cancel event: %w", err)
	}
	switch res {
	case "unknown":
		return false, fmt.Errorf("cancel event: %w", ErrEventUnknown)
	case "reported":
		return false, fmt.Errorf("cancel event: %w", ErrEventReported)
	case "again":
		return false, nil
	}
	return true, nil
}
