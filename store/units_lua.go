package store

import (
	"context"
	"errors"
	"strings"

	"github.com/redis/go-redis/v9"
)

// The Lua scripts of "who is who". Each runs atomically over keys of the
// {dir} slot (see keys.go). Every script gets ARGV[1] = s.dirPrefix; KEYS[1] is
// a key of the slot so a Cluster client routes the call. Scripts check
// everything before their first write, so a refusal leaves nothing
// half-written.

// luaDirLib holds the helpers the scripts share.
const luaDirLib = luaDirKeys + `
-- resolve returns the live code of a unit, following a merge alias, or false.
local function resolve(c)
  if c == nil or c == "" then return false end
  if redis.call("SISMEMBER", kUnits(), c) == 1 then return c end
  local t = redis.call("HGET", kAliases(), c)
  if t and redis.call("SISMEMBER", kUnits(), t) == 1 then return t end
  return false
end

-- register writes a member's record in unit, moving her out of her old unit
-- and keeping both units' counts right.
local function register(id, unit, name, consent, active, muted)
  local k = kMember(id)
  local old = redis.call("HMGET", k, "unit", "active")
  if old[1] and redis.call("SREM", kMembers(old[1]), id) == 1 then
    redis.call("HINCRBY", kCounts(old[1]), "registered", -1)
    if old[2] == "1" then redis.call("HINCRBY", kCounts(old[1]), "active", -1) end
  end
  redis.call("HSET", k, "name", name, "unit", unit, "consent", consent, "active", active, "muted", muted)
  redis.call("SADD", kMembers(unit), id)
  redis.call("HINCRBY", kCounts(unit), "registered", 1)
  if active == "1" then redis.call("HINCRBY", kCounts(unit), "active", 1) end
end

-- grant gives id a role on unit (admin has no unit); returns 1 if new.
local function grant(id, role, unit)
  if role == "admin" then return redis.call("SADD", kRoles(id), "admin:") end
  redis.call("SADD", kGrants(unit), role .. "|" .. id)
  return redis.call("SADD", kRoles(id), role .. ":" .. unit)
end

-- redeem checks an invite for id at time now (unix ms) and uses it once.
-- Returns status ("ok", "unknown", "revoked", "expired", "exhausted"), kind
-- and live unit. Someone who already has what the invite gives (member of
-- that unit, or that role there) succeeds without using it up, so a retried
-- join does not exhaust a one-time code.
local function redeem(code, id, now)
  local k = kInvite(code)
  local f = redis.call("HMGET", k, "kind", "unit", "left", "expires", "revoked")
  if not f[1] then return "unknown" end
  if f[5] == "1" then return "revoked" end
  if tonumber(f[4]) <= now then return "expired" end
  local unit = resolve(f[2])
  if not unit then return "unknown" end
  local kind = f[1]
  local done
  if kind == "member" then
    done = redis.call("HGET", kMember(id), "unit") == unit
  else
    done = redis.call("SISMEMBER", kRoles(id), kind .. ":" .. unit) == 1
  end
  if done then return "ok", kind, unit end
  local left = tonumber(f[3])
  if left == 0 then return "exhausted" end
  if left > 0 then redis.call("HINCRBY", k, "left", -1) end
  redis.call("HINCRBY", k, "used", 1)
  return "ok", kind, unit
end
`

// scriptImportUnits replaces the tree.
// ARGV: prefix, nLive, nLive×(code,name,parent,kind), nMerge, nMerge×(old,target).
// KEYS (importKeys): the unit sets, the keys and children of every unit
// old, new or merged into, and for each unit that goes (merged or removed)
// the records of its members and the roles and invites it holds (read
// first; "retry" when the tree changed in between, before any write).
// Reply: {"refused", code, members, …},
// {"ok", added, changed, unchanged, merged, removed, membersMoved} or
// {"retry"}.
var scriptImportUnits = redis.NewScript(luaDirLib + `
strict = true
local n = tonumber(ARGV[2])
local live, order = {}, {}
local i = 3
for j = 1, n do
  live[ARGV[i]] = {ARGV[i+1], ARGV[i+2], ARGV[i+3]}
  order[#order+1] = ARGV[i]
  i = i + 4
end
local m = tonumber(ARGV[i]); i = i + 1
local merges, mergeOrder = {}, {}
for j = 1, m do
  merges[ARGV[i]] = ARGV[i+1]
  mergeOrder[#mergeOrder+1] = ARGV[i]
  i = i + 2
end

local old = redis.call("SMEMBERS", kUnits())
local isOld = {}
local refused = {"refused"}
for _, c in ipairs(old) do
  isOld[c] = true
  if not live[c] and not merges[c] then
    local k = redis.call("SCARD", kMembers(c))
    if k > 0 then refused[#refused+1] = c; refused[#refused+1] = k end
  end
end
if #refused > 1 then return refused end
for _, c in ipairs(old) do
  if not has(kChildren, c) or undeclared_units({c}) then return {"retry"} end
  if not live[c] then
    if merges[c] then
      for _, id in ipairs(redis.call("SMEMBERS", kMembers(c))) do
        if not has(kMember, id) then return {"retry"} end
      end
    end
    for _, code in ipairs(redis.call("SMEMBERS", kInvites(c))) do
      if not has(kInvite, code) then return {"retry"} end
    end
    for _, g in ipairs(redis.call("SMEMBERS", kGrants(c))) do
      local _, id = string.match(g, "^([^|]*)|(.*)$")
      if not has(kRoles, id) then return {"retry"} end
    end
  end
end

local merged, removed, moved = 0, 0, 0
for _, c in ipairs(mergeOrder) do
  local t = merges[c]
  if isOld[c] then
    local ms = redis.call("SMEMBERS", kMembers(c))
    for _, id in ipairs(ms) do
      redis.call("HSET", kMember(id), "unit", t)
      redis.call("SADD", kMembers(t), id)
    end
    moved = moved + #ms
    local cnt = redis.call("HMGET", kCounts(c), "registered", "active")
    redis.call("HINCRBY", kCounts(t), "registered", tonumber(cnt[1] or 0))
    redis.call("HINCRBY", kCounts(t), "active", tonumber(cnt[2] or 0))
    for _, code in ipairs(redis.call("SMEMBERS", kInvites(c))) do
      if redis.call("EXISTS", kInvite(code)) == 1 then
        redis.call("HSET", kInvite(code), "unit", t)
        redis.call("SADD", kInvites(t), code)
      end
    end
    for _, g in ipairs(redis.call("SMEMBERS", kGrants(c))) do
      local role, id = string.match(g, "^([^|]*)|(.*)$")
      redis.call("SREM", kRoles(id), role .. ":" .. c)
      redis.call("SADD", kRoles(id), role .. ":" .. t)
      redis.call("SADD", kGrants(t), g)
    end
    redis.call("DEL", kUnit(c), kChildren(c), kMembers(c), kCounts(c), kInvites(c), kGrants(c))
    merged = merged + 1
  end
  redis.call("HSET", kAliases(), c, t)
end

for _, c in ipairs(old) do
  if not live[c] and not merges[c] then
    for _, code in ipairs(redis.call("SMEMBERS", kInvites(c))) do
      redis.call("DEL", kInvite(code))
    end
    for _, g in ipairs(redis.call("SMEMBERS", kGrants(c))) do
      local role, id = string.match(g, "^([^|]*)|(.*)$")
      redis.call("SREM", kRoles(id), role .. ":" .. c)
    end
    redis.call("DEL", kUnit(c), kChildren(c), kMembers(c), kCounts(c), kInvites(c), kGrants(c))
    removed = removed + 1
  end
end

-- Aliases lead to live units only: follow new merges, drop the rest.
local al = redis.call("HGETALL", kAliases())
for j = 1, #al, 2 do
  local from, to = al[j], al[j+1]
  if live[from] then
    redis.call("HDEL", kAliases(), from)
  elseif merges[to] then
    redis.call("HSET", kAliases(), from, merges[to])
  elseif not live[to] then
    redis.call("HDEL", kAliases(), from)
  end
end

for _, c in ipairs(old) do redis.call("DEL", kChildren(c)) end
redis.call("DEL", kRoots(), kUnits())
local added, changed, same = 0, 0, 0
for _, c in ipairs(order) do
  local u = live[c]
  if isOld[c] then
    local cur = redis.call("HMGET", kUnit(c), "name", "parent", "kind")
    if cur[1] == u[1] and cur[2] == u[2] and cur[3] == u[3] then same = same + 1 else changed = changed + 1 end
  else
    added = added + 1
  end
  redis.call("HSET", kUnit(c), "name", u[1], "parent", u[2], "kind", u[3])
  redis.call("SADD", kUnits(), c)
  if u[2] == "" then
    redis.call("SADD", kRoots(), c)
  else
    redis.call("SADD", kChildren(u[2]), c)
  end
end
return {"ok", added, changed, same, merged, removed, moved}
`)

// scriptRegister places a member in a unit.
// KEYS (all declared, runDirScript): dirBaseKeys, her record, the keys of
// the unit asked for. ARGV: prefix, id, unit, name, consent, active, muted.
// Reply: {"ok", liveUnit}, {"unknown"} or {"declare", unit...}.
var scriptRegister = redis.NewScript(luaDirLib + `
strict = true
local unit = resolve(ARGV[3])
if not unit then return {"unknown"} end
local more = undeclared_units({unit, redis.call("HGET", kMember(ARGV[2]), "unit")})
if more then return more end
register(ARGV[2], unit, ARGV[4], ARGV[5], ARGV[6], ARGV[7])
return {"ok", unit}
`)

// scriptErase removes everything about one person in the {dir} slot:
// record, branch set entry, grants, and her name in attendance. Where a
// count must stay right her id becomes a tombstone (ARGV[3]): her place in
// an event's check-in set (the set's size is the check-ins), and "erased"
// as an event's creator, reporter or a headcount report's author. The
// unit's counts keep the trace of a number only.
// KEYS (eraseKeys): her events index and those events (with their
// check-ins and reports), her record, roles and the keys of her unit and
// of the units of her roles (all read first).
// ARGV: prefix, id, tombstone. Reply: 1 if anything was there, else 0, or
// "retry" (nothing written) when what it found was not declared.
var scriptErase = redis.NewScript(luaAttLib + `
strict = true
local id, tomb = ARGV[2], ARGV[3]
local events = redis.call("SMEMBERS", kMemberEvents(id))
for _, e in ipairs(events) do
  if not has(kEvent, e) then return "retry" end
end
local roles = redis.call("SMEMBERS", kRoles(id))
local units = {redis.call("HGET", kMember(id), "unit")}
for _, g in ipairs(roles) do
  local _, unit = string.match(g, "^([^:]*):(.*)$")
  units[#units + 1] = unit
end
if undeclared_units(units) then return "retry" end
for _, e in ipairs(events) do
  if redis.call("SREM", kCheckIns(e), id) == 1 then redis.call("SADD", kCheckIns(e), tomb) end
  local f = redis.call("HMGET", kEvent(e), "by", "reported_by")
  if f[1] == id then redis.call("HSET", kEvent(e), "by", "erased") end
  if f[2] == id then redis.call("HSET", kEvent(e), "reported_by", "erased") end
  local reps = redis.call("LRANGE", kReports(e), 0, -1)
  for i, r in ipairs(reps) do
    local at, who, n = string.match(r, "^([^|]*)|([^|]*)|(.*)$")
    if who == id then redis.call("LSET", kReports(e), i - 1, at .. "|erased|" .. n) end
  end
end
redis.call("DEL", kMemberEvents(id))
local k = kMember(id)
local found = 0
local f = redis.call("HMGET", k, "unit", "active")
if f[1] then
  found = 1
  if redis.call("SREM", kMembers(f[1]), id) == 1 then
    redis.call("HINCRBY", kCounts(f[1]), "registered", -1)
    if f[2] == "1" then redis.call("HINCRBY", kCounts(f[1]), "active", -1) end
  end
  redis.call("DEL", k)
end
for _, g in ipairs(roles) do
  found = 1
  local role, unit = string.match(g, "^([^:]*):(.*)$")
  if unit and unit ~= "" then redis.call("SREM", kGrants(unit), role .. "|" .. id) end
end
redis.call("DEL", kRoles(id))
return found
`)

// scriptSetActive flips a member's active flag and the unit's active count.
// KEYS (all declared, runDirScript): dirBaseKeys, her record.
// ARGV: prefix, id, "1"|"0". Reply: -1 unknown member, 0 unchanged, 1
// changed, or {"declare", unit}.
var scriptSetActive = redis.NewScript(luaDirLib + `
strict = true
local k = kMember(ARGV[2])
local f = redis.call("HMGET", k, "unit", "active")
if not f[1] then return -1 end
if f[2] == ARGV[3] then return 0 end
local more = undeclared_units({f[1]})
if more then return more end
redis.call("HSET", k, "active", ARGV[3])
if ARGV[3] == "1" then
  redis.call("HINCRBY", kCounts(f[1]), "active", 1)
else
  redis.call("HINCRBY", kCounts(f[1]), "active", -1)
end
return 1
`)

// scriptSetMuted sets a member's muted flag without creating a record.
// KEYS: her record. ARGV: prefix, id, "1"|"0". Reply: -1 unknown member, 1 done.
var scriptSetMuted = redis.NewScript(luaDirLib + `
strict = true
local k = kMember(ARGV[2])
if redis.call("EXISTS", k) == 0 then return -1 end
redis.call("HSET", k, "muted", ARGV[3])
return 1
`)

// scriptGrant gives a role. KEYS (all declared, runDirScript):
// dirBaseKeys, her roles, the keys of the unit asked for.
// ARGV: prefix, id, role, unit.
// Reply: {"ok", liveUnit, added(0|1)}, {"unknown"} or {"declare", unit}.
var scriptGrant = redis.NewScript(luaDirLib + `
strict = true
local id, role = ARGV[2], ARGV[3]
if role == "admin" then return {"ok", "", grant(id, role, "")} end
local unit = resolve(ARGV[4])
if not unit then return {"unknown"} end
local more = undeclared_units({unit})
if more then return more end
return {"ok", unit, grant(id, role, unit)}
`)

// scriptRevoke takes a role away. KEYS as scriptGrant's.
// ARGV: prefix, id, role, unit.
// Reply: {"ok", liveUnit, removed(0|1)}, {"unknown"} or {"declare", unit}.
var scriptRevoke = redis.NewScript(luaDirLib + `
strict = true
local id, role = ARGV[2], ARGV[3]
if role == "admin" then return {"ok", "", redis.call("SREM", kRoles(id), "admin:")} end
local unit = resolve(ARGV[4])
if not unit then return {"unknown"} end
local more = undeclared_units({unit})
if more then return more end
redis.call("SREM", kGrants(unit), role .. "|" .. id)
return {"ok", unit, redis.call("SREM", kRoles(id), role .. ":" .. unit)}
`)

// scriptCreateInvite stores a new invite code.
// KEYS (all declared, runDirScript): dirBaseKeys, the invite, the keys of
// the unit asked for.
// ARGV: prefix, code, kind, unit, left, expires, created, keyExpireAt (ms).
// Reply: {"ok", liveUnit}, {"unknown"} (unit), {"collision"} or
// {"declare", unit}.
var scriptCreateInvite = redis.NewScript(luaDirLib + `
strict = true
local unit = resolve(ARGV[4])
if not unit then return {"unknown"} end
local more = undeclared_units({unit})
if more then return more end
local k = kInvite(ARGV[2])
if redis.call("EXISTS", k) == 1 then return {"collision"} end
redis.call("HSET", k, "kind", ARGV[3], "unit", unit, "left", ARGV[5], "used", 0,
  "expires", ARGV[6], "revoked", "0", "created", ARGV[7])
redis.call("PEXPIREAT", k, ARGV[8])
redis.call("SADD", kInvites(unit), ARGV[2])
return {"ok", unit}
`)

// redeemUnits (Lua) asks for the units an invite use may touch: the
// invite's live unit and the person's current unit.
const luaRedeemUnits = `
strict = true
local invited = redis.call("HGET", kInvite(ARGV[2]), "unit")
local more = undeclared_units({invited and resolve(invited), redis.call("HGET", kMember(ARGV[3]), "unit")})
if more then return more end
`

// scriptRedeemInvite uses an invite once. KEYS (all declared,
// runDirScript): dirBaseKeys, the invite, her record and roles.
// ARGV: prefix, code, id, now (ms). Reply: {status, kind, unit} or
// {"declare", unit...}.
var scriptRedeemInvite = redis.NewScript(luaDirLib + luaRedeemUnits + `
local st, kind, unit = redeem(ARGV[2], ARGV[3], tonumber(ARGV[4]))
return {st, kind or "", unit or ""}
`)

// scriptJoinWithInvite uses an invite and applies it in the same step:
// registers the person in the invite's unit and, for a head or staff
// invite, grants that role there. A branch member who takes a staff
// invite stays registered in her branch (she is counted there, once: see
// Counts); anyone else is registered in the staff unit.
// KEYS as scriptRedeemInvite's.
// ARGV: prefix, code, id, now (ms), name, consent, muted. Reply: {status,
// kind, unit} or {"declare", unit...}.
var scriptJoinWithInvite = redis.NewScript(luaDirLib + luaRedeemUnits + `
local id = ARGV[3]
local st, kind, unit = redeem(ARGV[2], id, tonumber(ARGV[4]))
if st ~= "ok" then return {st, "", ""} end
local home = redis.call("HGET", kMember(id), "unit")
local branchMember = home and redis.call("HGET", kUnit(home), "kind") == "branch"
if not (kind == "staff" and branchMember) then
  register(id, unit, ARGV[5], ARGV[6], "1", ARGV[7])
end
if kind == "head" or kind == "staff" then grant(id, kind, unit) end
return {st, kind, unit}
`)

// scriptRevokeInvite marks an invite revoked. KEYS: the invite.
// ARGV: prefix, code. Reply: 1 done, 0 unknown.
var scriptRevokeInvite = redis.NewScript(luaDirLib + `
strict = true
local k = kInvite(ARGV[2])
if redis.call("EXISTS", k) == 0 then return 0 end
redis.call("HSET", k, "revoked", "1")
return 1
`)

// dirBaseKeys are the keys every strict script of the section may read
// (resolve reads the live units and the merge aliases).
func (s *Store) dirBaseKeys() []string { return []string{s.keyUnits(), s.keyUnitAliases()} }

// dirUnitKeys are the keys of one unit a strict script may touch.
func (s *Store) dirUnitKeys(code string) []string {
	return []string{s.keyUnit(code), s.keyUnitMembers(code), s.keyUnitCounts(code), s.keyUnitGrants(code),
		s.keyUnitInvites(code)}
}

// runDirScript runs a strict script of this section with keys declared
// (the Cluster client routes by the first), adding the keys of the units
// it asks for ({"declare", unit...}, found through data: a merge alias, a
// member's unit, an invite's unit; the script asks before its first write).
func (s *Store) runDirScript(ctx context.Context, script *redis.Script, keys []string, args ...any) *redis.Cmd {
	for range 4 {
		cmd := script.Run(ctx, s.rdb, keys, args...)
		a, err := cmd.Slice()
		if err != nil || len(a) == 0 || a[0] != "declare" {
			return cmd
		}
		for _, u := range a[1:] {
			code, _ := u.(string)
			keys = append(keys, s.dirUnitKeys(code)...)
		}
	}
	cmd := redis.NewCmd(ctx)
	cmd.SetErr(errors.New("the units kept changing; try again"))
	return cmd
}

// importKeys names the keys scriptImportUnits touches for a tree of the
// codes in codes (live, merged and merge targets): the current units and,
// for each that is neither live in the new tree, its members, invites and
// grant holders are read here.
func (s *Store) importKeys(ctx context.Context, live map[string]bool, codes []string) ([]string, error) {
	old, err := s.rdb.SMembers(ctx, s.keyUnits()).Result()
	if err != nil {
		return nil, err
	}
	keys := []string{s.keyUnits(), s.keyUnitRoots(), s.keyUnitAliases()}
	seen := map[string]bool{}
	for _, c := range append(old, codes...) {
		if c == "" || seen[c] {
			continue
		}
		seen[c] = true
		keys = append(keys, s.keyUnitChildren(c))
		keys = append(keys, s.dirUnitKeys(c)...)
	}
	var going []string
	for _, c := range old {
		if !live[c] {
			going = append(going, c)
		}
	}
	if len(going) == 0 {
		return keys, nil
	}
	pipe := s.rdb.Pipeline()
	type held struct{ members, invites, grants *redis.StringSliceCmd }
	reads := make([]held, len(going))
	for i, c := range going {
		reads[i] = held{pipe.SMembers(ctx, s.keyUnitMembers(c)), pipe.SMembers(ctx, s.keyUnitInvites(c)),
			pipe.SMembers(ctx, s.keyUnitGrants(c))}
	}
	if _, err := pipe.Exec(ctx); err != nil {
		return nil, err
	}
	for _, r := range reads {
		for _, id := range r.members.Val() {
			keys = append(keys, s.keyMember(id))
		}
		for _, code := range r.invites.Val() {
			keys = append(keys, s.keyInvite(code))
		}
		for _, g := range r.grants.Val() {
			if _, id, ok := strings.Cut(g, "|"); ok {
				keys = append(keys, s.keyRoles(id))
			}
		}
	}
	return keys, nil
}

// eraseKeys names the keys scriptErase touches for member id: the events
// naming her, her unit and the units of her roles are read here.
func (s *Store) eraseKeys(ctx context.Context, id string) ([]string, error) {
	pipe := s.rdb.Pipeline()
	events := pipe.SMembers(ctx, s.keyMemberEvents(id))
	unit := pipe.HGet(ctx, s.keyMember(id), "unit")
	roles := pipe.SMembers(ctx, s.keyRoles(id))
	if _, err := pipe.Exec(ctx); err != nil && !errors.Is(err, redis.Nil) {
		return nil, err
	}
	keys := []string{s.keyMemberEvents(id), s.keyMember(id), s.keyRoles(id)}
	for _, e := range events.Val() {
		keys = append(keys, s.keyEvent(e), s.keyEventCheckIns(e), s.keyEventReports(e))
	}
	if u := unit.Val(); u != "" {
		keys = append(keys, s.dirUnitKeys(u)...)
	}
	for _, g := range roles.Val() {
		if _, u, ok := strings.Cut(g, ":"); ok && u != "" {
			keys = append(keys, s.dirUnitKeys(u)...)
		}
	}
	return keys, nil
}
