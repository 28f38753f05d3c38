package store

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"math/big"
	"strconv"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"
)

// Events are what attendance is counted for: a branch meeting, a
// conference. A head creates one for her branch (/sukien), or the scheduler
// creates every branch's monthly meeting from a rule. Members check in while
// it is open; the head reports the real headcount (most members are not on
// the bot); when it closes, its counts are added to the aggregates of its
// unit and of every unit above it, for its month, quarter and year.

// Event states and sources.
const (
	EventOpen   = "open"
	EventClosed = "closed"

	SourceHead = "head" // created by a person with /sukien
	SourceRule = "rule" // created by the monthly-meeting rule
)

// Attendance timing.
const (
	// CheckInEarly is how long before its start an event takes check-ins.
	CheckInEarly = time.Hour
	// ReminderDelay is how long after close a head who has not reported
	// gets the one automatic reminder.
	ReminderDelay = 24 * time.Hour
	// checkInRetention keeps the set of who checked in after close (for a
	// dispute); the counts themselves are kept forever.
	checkInRetention = 30 * 24 * time.Hour
	// codeGrace keeps a check-in code answering "closed" after close,
	// rather than "unknown".
	codeGrace = 7 * 24 * time.Hour
	// MaxEventTitle bounds an event title, in runes.
	MaxEventTitle = 120
)

// Event is one meeting of a unit and its counts.
type Event struct {
	ID        string
	Unit      string // the unit holding it (normally a branch)
	Title     string
	Start     time.Time
	Close     time.Time // check-in ends; the scheduler closes it then
	CreatedBy string    // "platform:userID", or "rule"
	Source    string    // SourceHead or SourceRule
	State     string    // EventOpen or EventClosed
	Code      string    // what members type after /diemdanh
	// Token is the secret the invitation's check-in button carries, so the
	// button's data cannot be made up from the (sequential) event id. ""
	// for events made before tokens existed.
	Token string
	// Refused counts the check-ins refused for this event: forged button
	// data, members of other units.
	Refused  int64
	CheckIns int64
	// Headcount is the head's latest figure; Reported says whether there is one.
	Headcount  int64
	Reported   bool
	ReportedAt time.Time
	ReportedBy string
	ClosedAt   time.Time
	Reminded   time.Time // zero until the automatic reminder went out
	// Cancelled is when the head said the meeting did not take place
	// (zero: it was not, or a later headcount undid it).
	Cancelled   time.Time
	CancelledBy string
}

// Present is the event's best attendance figure: the head's headcount when
// she reported one, else the check-ins.
func (e Event) Present() int64 {
	if e.Reported {
		return e.Headcount
	}
	return e.CheckIns
}

// NewEvent describes an event to create.
type NewEvent struct {
	Unit      string
	Title     string
	Start     time.Time
	Close     time.Time // zero: Start + DefaultEventLength
	CreatedBy Identity  // zero for the rule
	Source    string    // SourceHead (default) or SourceRule
}

// DefaultEventLength is how long after its start an event takes check-ins
// when no close time is given.
const DefaultEventLength = 6 * time.Hour

// Errors of events and attendance.
var (
	ErrEventUnknown = errors.New("no such event")
	ErrEventClosed  = errors.New("event closed")
	ErrBadEvent     = errors.New("invalid event")
)

// Scripts of this file and of attendance.go. Each runs over keys of the
// {dir} slot; ARGV[1] is s.dirPrefix and KEYS[1] a key of the slot.
var luaAttLib = luaDirLib + luaAttKeys + `
-- path returns the unit and its ancestors up to the root (at most 64).
-- In a strict script it returns nil when a unit on the way was not
-- declared (the tree changed since the caller read it: answer "retry").
local function path(unit)
  local out = {unit}
  local c = unit
  for i = 1, 64 do
    if strict and not has(kUnit, c) then return nil end
    local p = redis.call("HGET", kUnit(c), "parent")
    if not p or p == "" then break end
    out[#out + 1] = p
    c = p
  end
  return out
end

-- split cuts "a,b,c" into {"a","b","c"}.
local function split(s)
  local out = {}
  if not s or s == "" then return out end
  for part in string.gmatch(s, "[^,]+") do out[#out + 1] = part end
  return out
end

-- hasAggregates reports whether the aggregates of every unit of units for
-- every period of periods were declared.
local function hasAggregates(units, periods)
  for _, u in ipairs(units) do
    for _, p in ipairs(periods) do
      if not has(kAgg, u, p) then return false end
    end
  end
  return true
end

-- addAll adds field += n to the aggregates of every unit of units for
-- every period of periods.
local function addAll(units, periods, field, n)
  if n == 0 then return end
  for _, u in ipairs(units) do
    for _, p in ipairs(periods) do
      redis.call("HINCRBY", kAgg(u, p), field, n)
    end
  end
end
`

// scriptCreateEvent creates an event.
// ARGV: prefix, unit, title, start, close, by, source, periods, month key
// for the rule ("" for none), code expiry (ms), button token, then
// candidate codes.
// KEYS: the live units and aliases, the unit's events (its live code read
// first), the month's meetings, the sequence and the events the next
// seqWindow numbers name, the candidate codes, the open events, the
// creator's events.
// Returns {"ok", id, code, unit}, {"exists", id} (the rule already made this
// month's meeting), {"unit"} (unknown unit), {"busy"} (no free code) or
// {"retry"}.
var scriptCreateEvent = redis.NewScript(luaAttLib + `
strict = true
local unit = resolve(ARGV[2])
if not unit then return {"unit"} end
if not has(kUnitEvents, unit) then return {"retry"} end
local month = ARGV[9]
if month ~= "" then
  local id = redis.call("HGET", kMonthly(month), unit)
  if id then return {"exists", id} end
end
local id = tostring((tonumber(redis.call("GET", kEventSeq())) or 0) + 1)
if not has(kEvent, id) then return {"retry"} end
redis.call("INCR", kEventSeq())
local code = false
for i = 12, #ARGV do
  if redis.call("SET", kCode(ARGV[i]), id, "NX", "PXAT", ARGV[10]) then
    code = ARGV[i]
    break
  end
end
if not code then return {"busy"} end
redis.call("HSET", kEvent(id), "unit", unit, "title", ARGV[3], "start", ARGV[4], "close", ARGV[5],
  "by", ARGV[6], "source", ARGV[7], "state", "open", "code", code, "btok", ARGV[11], "periods", ARGV[8], "checkins", 0)
redis.call("ZADD", kOpen(), ARGV[5], id)
redis.call("ZADD", kUnitEvents(unit), ARGV[4], id)
if ARGV[6] ~= "rule" then redis.call("SADD", kMemberEvents(ARGV[6]), id) end
if month ~= "" then redis.call("HSET", kMonthly(month), unit, id) end
return {"ok", id, code, unit}
`)

// CreateEvent stores a new open event and gives it a free six-digit
// check-in code. The unit may be a merged code (the event goes to the live
// unit). Title is cleaned like a display name and limited to MaxEventTitle.
func (s *Store) CreateEvent(ctx context.Context, ne NewEvent) (Event, error) {
	e, _, err := s.createEvent(ctx, ne, "")
	return e, err
}

// CreateMonthlyMeeting creates the rule's meeting of a unit for the month
// of ne.Start, once: if the rule already made it, it returns that event and
// created=false.
func (s *Store) CreateMonthlyMeeting(ctx context.Context, ne NewEvent) (e Event, created bool, err error) {
	ne.Source = SourceRule
	return s.createEvent(ctx, ne, MonthOf(ne.Start).Key())
}

func (s *Store) createEvent(ctx context.Context, ne NewEvent, month string) (Event, bool, error) {
	title := CleanDisplayName(ne.Title)
	if r := []rune(title); len(r) > MaxEventTitle {
		title = string(r[:MaxEventTitle])
	}
	if title == "" {
		return Event{}, false, fmt.Errorf("create event: %w: empty title", ErrBadEvent)
	}
	if ne.Start.IsZero() {
		return Event{}, false, fmt.Errorf("create event: %w: no start time", ErrBadEvent)
	}
	if ne.Close.IsZero() {
		ne.Close = ne.Start.Add(DefaultEventLength)
	}
	if !ne.Close.After(ne.Start) {
		return Event{}, false, fmt.Errorf("create event: %w: closes before it starts", ErrBadEvent)
	}
	if ne.Source == "" {
		ne.Source = SourceHead
	}
	by := "rule"
	if ne.CreatedBy.Platform != "" {
		by = ne.CreatedBy.String()
	}
	periods := PeriodKeys(ne.Start)
	args := []any{s.dirPrefix, NormalizeUnitCode(ne.Unit), title, ne.Start.UnixMilli(), ne.Close.UnixMilli(),
		by, ne.Source, strings.Join(periods, ","), month, ne.Close.Add(codeGrace).UnixMilli()}
	token, err := newInviteCode()
	if err != nil {
		return Event{}, false, fmt.Errorf("create event: %w", err)
	}
	args = append(args, token)
	for range 8 {
		args = append(args, randomCode())
	}
	keys := func() ([]string, error) {
		unit, err := s.resolveUnit(ctx, ne.Unit)
		if err != nil && !errors.Is(err, ErrUnitUnknown) {
			return nil, err
		}
		next, err := s.rdb.Get(ctx, s.keyEventSeq()).Int64()
		if err != nil && !errors.Is(err, redis.Nil) {
			return nil, err
		}
		keys := []string{s.keyUnits(), s.keyUnitAliases(), s.keyUnitEvents(unit), s.keyMonthlyMeetings(month),
			s.keyEventSeq(), s.keyEventsOpen(), s.keyMemberEvents(by)}
		for i := range int64(seqWindow) {
			keys = append(keys, s.keyEvent(strconv.FormatInt(next+1+i, 10)))
		}
		for _, c := range args[11:] {
			keys = append(keys, s.keyEventCode(c.(string)))
		}
		return keys, nil
	}
	res, err := s.runDeclared(ctx, scriptCreateEvent, keys, args...).StringSlice()
	if err != nil {
		return Event{}, false, fmt.Errorf("create event: %w", err)
	}
	switch res[0] {
	case "unit":
		return Event{}, false, fmt.Errorf("create event in %s: %w", NormalizeUnitCode(ne.Unit), ErrUnitUnknown)
	case "busy":
		return Event{}, false, errors.New("create event: no free check-in code, try again")
	case "exists":
		e, err := s.Event(ctx, res[1])
		return e, false, err
	}
	return Event{
		ID: res[1], Unit: res[3], Title: title, Start: time.UnixMilli(ne.Start.UnixMilli()),
		Close: time.UnixMilli(ne.Close.UnixMilli()), CreatedBy: by, Source: ne.Source,
		State: EventOpen, Code: res[2], Token: token,
	}, true, nil
}

// randomCode is a six-digit check-in code: easy to read aloud at a meeting
// and to type on any phone.
func randomCode() string {
	n, err := rand.Int(rand.Reader, big.NewInt(1_000_000))
	if err != nil {
		panic(err) // crypto/rand does not fail on supported platforms
	}
	return fmt.Sprintf("%06d", n.Int64())
}

// NormalizeEventCode keeps the digits of a typed code ("482 913" → "482913").
func NormalizeEventCode(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Event loads one event, or ErrEventUnknown.
func (s *Store) Event(ctx context.Context, id string) (Event, error) {
	h, err := s.rdb.HGetAll(ctx, s.keyEvent(id)).Result()
	if err != nil {
		return Event{}, fmt.Errorf("event %s: %w", id, err)
	}
	if len(h) == 0 {
		return Event{}, fmt.Errorf("event %s: %w", id, ErrEventUnknown)
	}
	return eventFromHash(id, h), nil
}

// EventByCode finds the event a check-in code belongs to.
func (s *Store) EventByCode(ctx context.Context, code string) (Event, error) {
	id, err := s.rdb.Get(ctx, s.keyEventCode(NormalizeEventCode(code))).Result()
	if errors.Is(err, redis.Nil) {
		return Event{}, fmt.Errorf("event code: %w", ErrEventUnknown)
	}
	if err != nil {
		return Event{}, fmt.Errorf("event code: %w", err)
	}
	return s.Event(ctx, id)
}

func eventFromHash(id string, h map[string]string) Event {
	e := Event{
		ID: id, Unit: h["unit"], Title: h["title"],
		Start: msTime(h["start"]), Close: msTime(h["close"]),
		CreatedBy: h["by"], Source: h["source"], State: h["state"], Code: h["code"], Token: h["btok"],
		Refused:  atoi64(h["refused"]),
		CheckIns: atoi64(h["checkins"]), ReportedBy: h["reported_by"],
		ReportedAt: msTime(h["reported_at"]), ClosedAt: msTime(h["closed_at"]),
		Cancelled: msTime(h["cancelled"]), CancelledBy: h["cancelled_by"],
		Reminded: msTime(h["reminded"]),
	}
	if v, ok := h["headcount"]; ok {
		e.Reported, e.Headcount = true, atoi64(v)
	}
	return e
}

func msTime(s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	return time.UnixMilli(atoi64(s))
}

// events loads many events in one round trip, in order, skipping missing ones.
func (s *Store) events(ctx context.Context, ids []string) ([]Event, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	pipe := s.rdb.Pipeline()
	cmds := make([]*redis.MapStringStringCmd, len(ids))
	for i, id := range ids {
		cmds[i] = pipe.HGetAll(ctx, s.keyEvent(id))
	}
	if _, err := pipe.Exec(ctx); err != nil {
		return nil, err
	}
	out := make([]Event, 0, len(ids))
	for i, c := range cmds {
		if h := c.Val(); len(h) > 0 {
			out = append(out, eventFromHash(ids[i], h))
		}
	}
	return out, nil
}

// UnitEvents lists a unit's own events that start in [from, to), oldest first.
func (s *Store) UnitEvents(ctx context.Context, unit string, from, to time.Time) ([]Event, error) {
	live, err := s.resolveUnit(ctx, unit)
	if err != nil {
		return nil, fmt.Errorf("events of %s: %w", NormalizeUnitCode(unit), err)
	}
	ids, err := s.rdb.ZRangeByScore(ctx, s.keyUnitEvents(live), &redis.ZRangeBy{
		Min: strconv.FormatInt(from.UnixMilli(), 10), Max: "(" + strconv.FormatInt(to.UnixMilli(), 10),
	}).Result()
	if err != nil {
		return nil, fmt.Errorf("events of %s: %w", live, err)
	}
	evs, err := s.events(ctx, ids)
	if err != nil {
		return nil, fmt.Errorf("events of %s: %w", live, err)
	}
	return evs, nil
}

// scriptCloseEvent closes an open event and adds its counts to the
// aggregates of its unit and every unit above it, for each of its periods.
// KEYS (eventCloseKeys): the event and its check-ins, the open,
// unreported and reminder indexes, the live units and aliases, the units
// from the event's unit to the root and their aggregates for the event's
// periods (read first).
// ARGV: prefix, id, now, reminder due. Returns "ok", "closed" (already),
// "unknown" or "retry".
var scriptCloseEvent = redis.NewScript(luaAttLib + `
strict = true
local id, now = ARGV[2], ARGV[3]
local f = redis.call("HMGET", kEvent(id), "state", "unit", "periods", "checkins", "headcount", "cancelled")
if not f[1] then return "unknown" end
if f[1] ~= "open" then return "closed" end
local unit = resolve(f[2]) or f[2]
local units = path(unit)
local periods = split(f[3])
if not units or not hasAggregates(units, periods) then return "retry" end
local checkins = tonumber(f[4]) or 0
redis.call("HSET", kEvent(id), "state", "closed", "closed_at", now, "path", table.concat(units, ","))
redis.call("ZREM", kOpen(), id)
redis.call("PEXPIRE", kCheckIns(id), ` + strconv.FormatInt(checkInRetention.Milliseconds(), 10) + `)
addAll(units, periods, "events", 1)
addAll(units, periods, "checkins", checkins)
if f[5] then
  local h = tonumber(f[5])
  addAll(units, periods, "reported", 1)
  addAll(units, periods, "headcount", h)
  addAll(units, periods, "present", h)
elseif f[6] then
  addAll(units, periods, "present", checkins)
  addAll(units, periods, "cancelled", 1)
else
  addAll(units, periods, "present", checkins)
  redis.call("ZADD", kUnreported(), now, id)
  redis.call("ZADD", kRemind(), ARGV[4], id)
end
return "ok"
`)

// CloseEvent closes an event now: check-ins stop and its counts join the
// aggregates. It reports false when it was already closed.
func (s *Store) CloseEvent(ctx context.Context, id string, now time.Time) (bool, error) {
	keys := func() ([]string, error) { return s.eventCloseKeys(ctx, id) }
	res, err := s.runDeclared(ctx, scriptCloseEvent, keys, s.dirPrefix, id, now.UnixMilli(),
		now.Add(ReminderDelay).UnixMilli()).Text()
	if err != nil {
		return false, fmt.Errorf("close event %s: %w", id, err)
	}
	switch res {
	case "unknown":
		return false, fmt.Errorf("close event %s: %w", id, ErrEventUnknown)
	case "closed":
		return false, nil
	}
	return true, nil
}

// DueEvents lists open events whose close time is at or before now, at
// most limit, soonest first.
func (s *Store) DueEvents(ctx context.Context, now time.Time, limit int64) ([]string, error) {
	ids, err := s.rdb.ZRangeByScore(ctx, s.keyEventsOpen(), &redis.ZRangeBy{
		Min: "-inf", Max: strconv.FormatInt(now.UnixMilli(), 10), Count: limit,
	}).Result()
	if err != nil {
		return nil, fmt.Errorf("due events: %w", err)
	}
	return ids, nil
}

// CloseDueEvents closes every open event whose close time has come and
// returns how many it closed. Several replicas may run it at once: each
// event is closed (and counted) once.
func (s *Store) CloseDueEvents(ctx context.Context, now time.Time) (int, error) {
	closed := 0
	for {
		ids, err := s.DueEvents(ctx, now, 500)
		if err != nil {
			return closed, err
		}
		if len(ids) == 0 {
			return closed, nil
		}
		for _, id := range ids {
			ok, err := s.CloseEvent(ctx, id, now)
			if errors.Is(err, ErrEventUnknown) {
				// A dangling index entry must not stop the loop forever.
				if err := s.rdb.ZRem(ctx, s.keyEventsOpen(), id).Err(); err != nil {
					return closed, fmt.Errorf("close due events: %w", err)
				}
				continue
			}
			if err != nil {
				return closed, err
			}
			if ok {
				closed++
			}
		}
	}
}

// DueReminders lists closed, unreported events whose reminder is due at
// now and has not gone out, at most limit.
func (s *Store) DueReminders(ctx context.Context, now time.Time, limit int64) ([]Event, error) {
	ids, err := s.rdb.ZRangeByScore(ctx, s.keyEventsRemind(), &redis.ZRangeBy{
		Min: "-inf", Max: strconv.FormatInt(now.UnixMilli(), 10), Count: limit,
	}).Result()
	if err != nil {
		return nil, fmt.Errorf("due reminders: %w", err)
	}
	evs, err := s.events(ctx, ids)
	if err != nil {
		return nil, fmt.Errorf("due reminders: %w", err)
	}
	if len(evs) < len(ids) { // events deleted by hand: drop their entries
		have := map[string]bool{}
		for _, e := range evs {
			have[e.ID] = true
		}
		for _, id := range ids {
			if !have[id] {
				s.rdb.ZRem(ctx, s.keyEventsRemind(), id)
			}
		}
	}
	return evs, nil
}

// scriptMarkReminded records that an event's reminder went out.
// ARGV: prefix, id, now. Returns 1 if it was still due, 0 otherwise.
// KEYS: the reminder index, the event.
var scriptMarkReminded = redis.NewScript(luaAttLib + `
strict = true
if redis.call("ZREM", kRemind(), ARGV[2]) == 0 then return 0 end
redis.call("HSET", kEvent(ARGV[2]), "reminded", ARGV[3])
return 1
`)

// MarkReminded records the automatic reminder of an event; it reports
// false when it was no longer due (reported meanwhile, or marked already).
func (s *Store) MarkReminded(ctx context.Context, id string, now time.Time) (bool, error) {
	n, err := scriptMarkReminded.Run(ctx, s.rdb, []string{s.keyEventsRemind(), s.keyEvent(id)}, s.dirPrefix, id, now.UnixMilli()).Int()
	if err != nil {
		return false, fmt.Errorf("mark reminded %s: %w", id, err)
	}
	return n == 1, nil
}

// UnreportedEvents lists closed events without a headcount that closed at
// or after since, oldest first.
func (s *Store) UnreportedEvents(ctx context.Context, since time.Time) ([]Event, error) {
	ids, err := s.rdb.ZRangeByScore(ctx, s.keyEventsUnreported(), &redis.ZRangeBy{
		Min: strconv.FormatInt(since.UnixMilli(), 10), Max: "+inf",
	}).Result()
	if err != nil {
		return nil, fmt.Errorf("unreported events: %w", err)
	}
	evs, err := s.events(ctx, ids)
	if err != nil {
		return nil, fmt.Errorf("unreported events: %w", err)
	}
	return evs, nil
}

// unitPath reads the unit and its ancestors up to the root (at most 64), as
// the scripts' path does, so they can be declared.
func (s *Store) unitPath(ctx context.Context, unit string) ([]string, error) {
	out := []string{unit}
	for range 64 {
		p, err := s.rdb.HGet(ctx, s.keyUnit(out[len(out)-1]), "parent").Result()
		if errors.Is(err, redis.Nil) || p == "" {
			break
		}
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

// aggregateKeys names, for every unit of units, unitKey(unit) (nil: none)
// and the unit's aggregates for every period of periods ("" skipped).
func (s *Store) aggregateKeys(units, periods []string, unitKey func(string) string) []string {
	var keys []string
	for _, u := range units {
		if unitKey != nil {
			keys = append(keys, unitKey(u))
		}
		for _, p := range periods {
			if p != "" {
				keys = append(keys, s.keyAggregate(u, p))
			}
		}
	}
	return keys
}

// eventAggregateKeys reads an event's unit path and periods and gives the
// aggregate keys a script changing its figures touches (the scripts declare
// every key; the event's hash says which).
func (s *Store) eventAggregateKeys(ctx context.Context, eventID string) ([]string, error) {
	f, err := s.rdb.HMGet(ctx, s.keyEvent(eventID), "path", "periods").Result()
	if err != nil {
		return nil, err
	}
	path, _ := f[0].(string)
	periods, _ := f[1].(string)
	return s.aggregateKeys(strings.Split(path, ","), strings.Split(periods, ","), nil), nil
}

// eventCloseKeys names the keys scriptCloseEvent touches: the event's
// live unit, the units above it and its periods are read here.
func (s *Store) eventCloseKeys(ctx context.Context, id string) ([]string, error) {
	f, err := s.rdb.HMGet(ctx, s.keyEvent(id), "unit", "periods").Result()
	if err != nil {
		return nil, err
	}
	unit, _ := f[0].(string)
	periods, _ := f[1].(string)
	if live, err := s.resolveUnit(ctx, unit); err == nil {
		unit = live
	} else if !errors.Is(err, ErrUnitUnknown) {
		return nil, err
	}
	path, err := s.unitPath(ctx, unit)
	if err != nil {
		return nil, err
	}
	keys := []string{s.keyEvent(id), s.keyEventCheckIns(id), s.keyEventsOpen(), s.keyEventsUnreported(),
		s.keyEventsRemind(), s.keyUnits(), s.keyUnitAliases()}
	return append(keys, s.aggregateKeys(path, strings.Split(periods, ","), s.keyUnit)...), nil
}
