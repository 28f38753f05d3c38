-- Shared helpers, prepended to every outbox script (Lua scripts cannot
-- include each other). All outbox keys carry the hash tag {loa:ob}; see
-- keys.go, section "outbox and limiter", for each key's type and lifetime.
local TAG = '{loa:ob}'
local RETENTION = 7776000 -- seconds a finished job stays listable (90 days)
local function k_job(id) return TAG .. ':job:' .. id end
local function k_payload(id) return TAG .. ':payload:' .. id end
local function k_idem(key) return TAG .. ':idem:' .. key end
local function k_pending(id) return TAG .. ':pending:' .. id end
local function k_chats(id) return TAG .. ':chats:' .. id end
local function k_state(id) return TAG .. ':state:' .. id end
local function k_data(id) return TAG .. ':data:' .. id end
local function k_retry(id) return TAG .. ':retry:' .. id end
local function k_outcomes(id) return TAG .. ':outcomes:' .. id end
local function k_ready(platform, token) return TAG .. ':ready:' .. platform .. ':' .. token end
local K_LEASES = TAG .. ':leases'
local K_LIVE = TAG .. ':live'
local function k_outcomes_of(member) return TAG .. ':outcomes-of:' .. member end

local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local function num(v) return tonumber(v) or 0 end
local function fmt(n) return string.format('%.0f', n) end

-- A recipient's working state: "phase|partsDone|attempts|doubt|owner".
local function parse(v)
  if not v then return nil end
  local ph, p, a, d, o = string.match(v, '^(%a)|(%d+)|(%d+)|(%d)|?(.*)$')
  return ph, tonumber(p), tonumber(a), d, o
end
local function state(ph, p, a, d, o)
  local s = ph .. '|' .. p .. '|' .. a .. '|' .. d
  if o and o ~= '' then s = s .. '|' .. o end
  return s
end
local function member_of(data)
  if not data then return '' end
  return string.match(data, '\031(.*)$') or ''
end
local function lease_member(id, idx) return id .. '|' .. idx end

-- Ends a job when nothing is left to do; returns 1 if this call ended it.
local function finish_if_done(id)
  local jk = k_job(id)
  local f = redis.call('HMGET', jk, 'sealed', 'inflight', 'finished', 'state', 'platform', 'token', 'idem')
  if f[1] ~= '1' or num(f[2]) > 0 or num(f[3]) > 0 then return 0 end
  if redis.call('LLEN', k_pending(id)) > 0 or redis.call('ZCARD', k_retry(id)) > 0 then return 0 end
  local st = 'done'
  if f[4] == 'cancelled' then st = 'cancelled' end
  redis.call('HSET', jk, 'state', st, 'finished', fmt(now_ms()))
  redis.call('ZREM', k_ready(f[5], f[6]), id)
  redis.call('SREM', K_LIVE, id)
  redis.call('UNLINK', k_pending(id), k_chats(id), k_state(id), k_data(id), k_retry(id))
  redis.call('EXPIRE', jk, RETENTION)
  redis.call('EXPIRE', k_payload(id), RETENTION)
  redis.call('EXPIRE', k_outcomes(id), RETENTION)
  if f[7] and f[7] ~= '' then redis.call('EXPIRE', k_idem(f[7]), RETENTION) end
  return 1
end

-- Moves a recipient to a final state: counts it, forgets its working state.
-- kind is one of sent, indoubt, blocked, failed, cancelled.
local function finalize(id, idx, kind, note)
  local data = redis.call('HGET', k_data(id), idx)
  redis.call('HDEL', k_state(id), idx)
  redis.call('HDEL', k_data(id), idx)
  redis.call('HINCRBY', k_job(id), kind, 1)
  if note and note ~= '' then
    local m = member_of(data)
    if m == '' then
      m = '#' .. idx
    else
      -- indexed by member, so an erasure finds her records
      redis.call('SADD', k_outcomes_of(m), id)
      redis.call('EXPIRE', k_outcomes_of(m), RETENTION)
    end
    redis.call('HSET', k_outcomes(id), m, note)
    redis.call('EXPIRE', k_outcomes(id), RETENTION)
  end
end

-- Leaves the lease set and the in-flight count (claimed or sending → other).
local function unlease(id, idx)
  redis.call('ZREM', K_LEASES, lease_member(id, idx))
  redis.call('HINCRBY', k_job(id), 'inflight', -1)
end
