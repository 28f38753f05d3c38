package store

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"
)

// CheckInStatus is what became of a check-in.
type CheckInStatus int

const (
	CheckedIn        CheckInStatus = iota // counted now
	AlreadyCheckedIn                      // she had checked in before; counted once
	CheckInNotMember                      // not a registered member
	CheckInOtherUnit                      // a member, but not of the event's unit or a unit below it
	CheckInClosed                         // the event is closed or past its close time
	CheckInTooEarly                       // more than CheckInEarly before the start
	CheckInUnknown                        // no such event or code, or a button token that does not match
	CheckInLimited                        // too many refused check-ins: she must wait
)

// Check-in guessing: a member whose check-ins were refused (wrong code,
// forged button, another unit's event) CheckInTries times within
// CheckInTriesWindow is refused until the window ends, before any lookup.
// A six-digit code space and ten tries an hour make guessing hopeless.
const (
	CheckInTries       = 10
	CheckInTriesWindow = time.Hour
)

// CheckInResult says what happened and about which event. Title, Start
// and Token are only filled in for a member of the event's units: nothing
// about an event is told to anyone else.
type CheckInResult struct {
	Status   CheckInStatus
	EventID  string
	Title    string
	Unit     string
	Start    time.Time
	Token    string
	CheckIns int64 // the event's check-ins after this one
}

// scriptCheckIn counts one member once at one event, if the event takes
// check-ins now and she belongs to its unit or a unit below it. Refusals
// that could come from guessing (a wrong code or button token, another
// unit's event) count against the member (kTries) and, when the event is
// known, on the event ("refused").
// ARGV: prefix, mode ("id" or "code"), event id or code, member id, now,
// check-in opening (ms before start), button token ("" for code mode),
// tries limit, tries window (ms).
// Returns {status} for limited, unknown and member, else {status, id,
// title, unit, start, checkins, token}; status is one of ok, again, member,
// unit, closed, early, unknown, limited.
// KEYS (checkInKeys): her tries, the code, the event and its check-ins
// (the event a code names read first), her record and events, the live
// units and aliases, the units from hers to the root (read first).
// A changed code or tree is answered {"retry"} before any write.
var scriptCheckIn = redis.NewScript(luaAttLib + `
strict = true
local who = ARGV[4]
local tries = kTries(who)
if (tonumber(redis.call("GET", tries)) or 0) >= tonumber(ARGV[8]) then return {"limited"} end
local function refuse(id)
  if redis.call("INCR", tries) == 1 then redis.call("PEXPIRE", tries, ARGV[9]) end
  if id then redis.call("HINCRBY", kEvent(id), "refused", 1) end
end
local id = ARGV[3]
if ARGV[2] == "code" then
  id = redis.call("GET", kCode(ARGV[3]))
  if not id then refuse(false) return {"unknown"} end
  if not has(kEvent, id) then return {"retry"} end
end
local f = redis.call("HMGET", kEvent(id), "unit", "title", "start", "close", "state", "checkins", "btok")
if not f[1] then refuse(false) return {"unknown"} end
if ARGV[2] == "id" and f[7] and f[7] ~= ARGV[7] then refuse(id) return {"unknown"} end
local home = redis.call("HGET", kMember(who), "unit")
if not home then return {"member"} end
local unit = resolve(f[1]) or f[1]
local units = path(home)
if not units then return {"retry"} end
local inside = false
for _, u in ipairs(units) do
  if u == unit then inside = true break end
end
if not inside then refuse(id) return {"unit"} end
local function reply(status, n) return {status, id, f[2], f[1], f[3], tostring(n or f[6] or 0), f[7] or ""} end
local now = tonumber(ARGV[5])
if f[5] ~= "open" or now >= tonumber(f[4]) then return reply("closed") end
if now < tonumber(f[3]) - tonumber(ARGV[6]) then return reply("early") end
if redis.call("SADD", kCheckIns(id), who) == 0 then return reply("again") end
redis.call("SADD", kMemberEvents(who), id)
return reply("ok", redis.call("HINCRBY", kEvent(id), "checkins", 1))
`)

var checkInStatuses = map[string]CheckInStatus{
	"ok": CheckedIn, "again": AlreadyCheckedIn, "member": CheckInNotMember, "unit": CheckInOtherUnit,
	"closed": CheckInClosed, "early": CheckInTooEarly, "unknown": CheckInUnknown, "limited": CheckInLimited,
}

// CheckIn counts a member at an event without a button token: for the
// bot's own trusted paths and events made before tokens existed. One
// check-in per member per event, whatever the concurrency.
func (s *Store) CheckIn(ctx context.Context, eventID string, who Identity, now time.Time) (CheckInResult, error) {
	e, err := s.Event(ctx, eventID)
	if errors.Is(err, ErrEventUnknown) {
		return CheckInResult{Status: CheckInUnknown}, nil
	}
	if err != nil {
		return CheckInResult{}, fmt.Errorf("check in: %w", err)
	}
	return s.checkIn(ctx, "id", eventID, e.Token, who, now)
}

// CheckInWithToken is CheckIn for the data of the invitation's button: it
// counts only when token is the event's own (events made before tokens
// existed take any). A wrong token is refused as CheckInUnknown and counted
// against the member and on the event.
func (s *Store) CheckInWithToken(ctx context.Context, eventID, token string, who Identity, now time.Time) (CheckInResult, error) {
	return s.checkIn(ctx, "id", eventID, token, who, now)
}

// CheckInByCode is CheckIn for a typed code (/diemdanh 482913).
func (s *Store) CheckInByCode(ctx context.Context, code string, who Identity, now time.Time) (CheckInResult, error) {
	code = NormalizeEventCode(code)
	if code == "" {
		return CheckInResult{Status: CheckInUnknown}, nil
	}
	return s.checkIn(ctx, "code", code, "", who, now)
}

func (s *Store) checkIn(ctx context.Context, mode, value, token string, who Identity, now time.Time) (CheckInResult, error) {
	if err := checkIdentity(who.Platform, who.UserID); err != nil {
		return CheckInResult{}, fmt.Errorf("check in: %w", err)
	}
	keys := func() ([]string, error) { return s.checkInKeys(ctx, mode, value, who.String()) }
	res, err := s.runDeclared(ctx, scriptCheckIn, keys, s.dirPrefix, mode, value,
		who.String(), now.UnixMilli(), CheckInEarly.Milliseconds(), token,
		CheckInTries, CheckInTriesWindow.Milliseconds()).StringSlice()
	if err != nil {
		return CheckInResult{}, fmt.Errorf("check in: %w", err)
	}
	r := CheckInResult{Status: checkInStatuses[res[0]]}
	if len(res) == 7 {
		r.EventID, r.Title, r.Unit = res[1], res[2], res[3]
		r.Start = msTime(res[4])
		r.CheckIns = atoi64(res[5])
		r.Token = res[6]
	}
	return r, nil
}

// CheckInRefusals is how many of who's check-ins were refused in the
// current window (see CheckInTries).
func (s *Store) CheckInRefusals(ctx context.Context, who Identity) (int64, error) {
	n, err := s.rdb.Get(ctx, s.keyCheckInTries(who.String())).Int64()
	if err != nil && !errors.Is(err, redis.Nil) {
		return 0, fmt.Errorf("check-in refusals: %w", err)
	}
	return n, nil
}

// CheckedIn reports whether a member checked in at an event.
func (s *Store) CheckedIn(ctx context.Context, eventID string, who Identity) (bool, error) {
	ok, err := s.rdb.SIsMember(ctx, s.keyEventCheckIns(eventID), who.String()).Result()
	if err != nil {
		return false, fmt.Errorf("checked in: %w", err)
	}
	return ok, nil
}

// MaxHeadcount bounds a reported headcount: no branch meeting is larger,
// and a typo of extra digits must not swamp a province's totals.
const MaxHeadcount = 100_000

// ErrEventNotStarted refuses a headcount for an event that has not begun.
var ErrEventNotStarted = errors.New("event not started")

// HeadcountReport is one figure a head reported, kept even when corrected.
type HeadcountReport struct {
	At    time.Time
	By    string // "platform:userID"
	Count int64
}

// ReportResult says what a headcount report replaced.
type ReportResult struct {
	Previous    int64 // the figure it replaced, when Corrected
	Corrected   bool  // there was an earlier figure
	EventClosed bool  // the aggregates were adjusted at once
}

// scriptReport records a head's headcount: the latest figure replaces the
// earlier one, every figure is kept in the event's report list, and if the
// event is already closed its aggregates change by the difference, all in
// one step so concurrent corrections keep every level exact.
// ARGV: prefix, id, count, by, now.
// Returns {"ok", previous or "", state}, {"unknown"} or {"early"}.
// KEYS (reportKeys): the event and its reports, the reporter's events, the
// unreported and reminder indexes, the aggregates of the units the event
// was counted in for its periods (read first; {"retry"} when it closed
// meanwhile).
var scriptReport = redis.NewScript(luaAttLib + `
strict = true
local id, count = ARGV[2], tonumber(ARGV[3])
local f = redis.call("HMGET", kEvent(id), "state", "start", "headcount", "checkins", "path", "periods", "cancelled")
if not f[1] then return {"unknown"} end
if tonumber(ARGV[5]) < tonumber(f[2]) then return {"early"} end
if f[1] == "closed" and not hasAggregates(split(f[5]), split(f[6])) then return {"retry"} end
redis.call("RPUSH", kReports(id), ARGV[5] .. "|" .. ARGV[4] .. "|" .. ARGV[3])
redis.call("HSET", kEvent(id), "headcount", ARGV[3], "reported_at", ARGV[5], "reported_by", ARGV[4])
redis.call("SADD", kMemberEvents(ARGV[4]), id)
-- A figure after a cancellation says the meeting took place after all.
if f[7] then redis.call("HDEL", kEvent(id), "cancelled", "cancelled_by") end
if f[1] == "closed" then
  local units, periods = split(f[5]), split(f[6])
  if f[3] then
    local old = tonumber(f[3])
    addAll(units, periods, "headcount", count - old)
    addAll(units, periods, "present", count - old)
  else
    addAll(units, periods, "reported", 1)
    addAll(units, periods, "headcount", count)
    addAll(units, periods, "present", count - (tonumber(f[4]) or 0))
    if f[7] then addAll(units, periods, "cancelled", -1) end
    redis.call("ZREM", kUnreported(), id)
    redis.call("ZREM", kRemind(), id)
  end
end
return {"ok", f[3] or "", f[1]}
`)

// ReportHeadcount records the number present at an event, as its head
// counted them. A later report replaces the figure and is kept alongside
// the earlier ones (HeadcountReports).
func (s *Store) ReportHeadcount(ctx context.Context, eventID string, by Identity, count int64, now time.Time) (ReportResult, error) {
	if count < 0 || count > MaxHeadcount {
		return ReportResult{}, fmt.Errorf("report headcount: %w: %d is not between 0 and %d", ErrBadEvent, count, MaxHeadcount)
	}
	if err := checkIdentity(by.Platform, by.UserID); err != nil {
		return ReportResult{}, fmt.Errorf("report headcount: %w", err)
	}
	keys := func() ([]string, error) {
		agg, err := s.eventAggregateKeys(ctx, eventID)
		if err != nil {
			return nil, err
		}
		keys := []string{s.keyEvent(eventID), s.keyEventReports(eventID), s.keyMemberEvents(by.String()),
			s.keyEventsUnreported(), s.keyEventsRemind()}
		return append(keys, agg...), nil
	}
	res, err := s.runDeclared(ctx, scriptReport, keys, s.dirPrefix, eventID, count,
		by.String(), now.UnixMilli()).StringSlice()
	if err != nil {
		return ReportResult{}, fmt.Errorf("report headcount: %w", err)
	}
	switch res[0] {
	case "unknown":
		return ReportResult{}, fmt.Errorf("report headcount: %w", ErrEventUnknown)
	case "early":
		return ReportResult{}, fmt.Errorf("report headcount: %w", ErrEventNotStarted)
	}
	r := ReportResult{EventClosed: res[2] == EventClosed}
	if res[1] != "" {
		r.Corrected, r.Previous = true, atoi64(res[1])
	}
	return r, nil
}

// HeadcountReports lists every figure reported for an event, oldest first.
func (s *Store) HeadcountReports(ctx context.Context, eventID string) ([]HeadcountReport, error) {
	raw, err := s.rdb.LRange(ctx, s.keyEventReports(eventID), 0, -1).Result()
	if err != nil {
		return nil, fmt.Errorf("headcount reports: %w", err)
	}
	out := make([]HeadcountReport, 0, len(raw))
	for _, r := range raw {
		parts := strings.SplitN(r, "|", 3)
		if len(parts) != 3 {
			continue
		}
		n, _ := strconv.ParseInt(parts[2], 10, 64)
		out = append(out, HeadcountReport{At: msTime(parts[0]), By: parts[1], Count: n})
	}
	return out, nil
}

// checkInKeys names the keys scriptCheckIn touches: the event a code names
// and the units from her unit to the root are read here.
func (s *Store) checkInKeys(ctx context.Context, mode, value, who string) ([]string, error) {
	id := value
	keys := []string{s.keyCheckInTries(who), s.keyMember(who), s.keyMemberEvents(who), s.keyUnits(), s.keyUnitAliases()}
	if mode == "code" {
		keys = append(keys, s.keyEventCode(value))
		var err error
		id, err = s.rdb.Get(ctx, s.keyEventCode(value)).Result()
		if errors.Is(err, redis.Nil) {
			return keys, nil
		}
		if err != nil {
			return nil, err
		}
	}
	keys = append(keys, s.keyEvent(id), s.keyEventCheckIns(id))
	home, err := s.rdb.HGet(ctx, s.keyMember(who), "unit").Result()
	if errors.Is(err, redis.Nil) {
		return keys, nil
	}
	if err != nil {
		return nil, err
	}
	path, err := s.unitPath(ctx, home)
	if err != nil {
		return nil, err
	}
	for _, u := range path {
		keys = append(keys, s.keyUnit(u))
	}
	return keys, nil
}
