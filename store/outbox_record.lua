-- Records the outcome of sending one part to one recipient, only if the
-- caller still owns the send (fence); counts change atomically with it. An
-- unsent record (nothing of the part left: the sender failed before its
-- fence) may also come from the claim, and cannot be "ok".
-- KEYS (all declared): the job's keys (outboxEndKeys), leases, then the
-- member's outcome index when the caller knows the outcome needs it.
-- ARGV: job id, idx, owner, part, outcome, reason, delay ms, max attempts,
--       lease ms, progress interval ms, unreachable code ("" or [a-z_]+:
--       a failed recipient is also counted in the job's unreachable:<code>),
--       unsent ("1": nothing of the part left, the send was not fenced)
-- outcome: ok | blocked | failed | retry (transient: counts an attempt) |
--          later (429: does not count an attempt)
-- Returns {result, ended, progress due}: result is "final" (recipient done),
-- "next" (send part+1 now, still yours), "waiting" (queued for a retry) or
-- "stale" (not yours any more: nothing changed). Without a write it may
-- answer {"retry"} (the job's keys were not all declared: read the job
-- again) or {"member", member key} (the outcome is recorded under the
-- member: declare her outcome index too).
strict = true
local id, idx, owner, part = ARGV[1], ARGV[2], ARGV[3], tonumber(ARGV[4])
local outcome, reason = ARGV[5], ARGV[6]
local delay, maxA, lease, every = tonumber(ARGV[7]), tonumber(ARGV[8]), tonumber(ARGV[9]), tonumber(ARGV[10])
local unreachable = ARGV[11] or ''
local unsent = ARGV[12] == '1'
local ph, p, a, d, o = parse(redis.call('HGET', k_state(id), idx))
local mine = ph == 's' or (unsent and ph == 'c' and outcome ~= 'ok')
if not mine or o ~= owner or p ~= part then return {'stale', '0', '0'} end
local jk = k_job(id)
local f = redis.call('HMGET', jk, 'parts', 'state', 'progress_at')
local parts = num(f[1])
local now = now_ms()
if not job_keys_declared(id) then return {'retry', '0', '0'} end
-- The outcomes with a note (finalize) index it under the member.
local noted = outcome == 'blocked' or (outcome == 'ok' and p + 1 >= parts and d == '1')
  or (outcome == 'retry' and a + 1 >= maxA)
  or (outcome ~= 'ok' and outcome ~= 'retry' and outcome ~= 'later')
if noted then
  local m = member_of(redis.call('HGET', k_data(id), idx))
  if m ~= '' and not declared(TAG .. ':outcomes-of:' .. m) then return {'member', m, '0'} end
end
local result = 'final'
if outcome == 'ok' then
  if p + 1 >= parts then
    unlease(id, idx)
    if d == '1' then finalize(id, idx, 'indoubt', 'in doubt') else finalize(id, idx, 'sent', '') end
  else
    result = 'next'
    redis.call('HSET', k_state(id), idx, state('c', p + 1, 0, d, owner))
    redis.call('ZADD', k_leases(), now + lease, lease_member(id, idx))
  end
elseif outcome == 'blocked' then
  unlease(id, idx)
  finalize(id, idx, 'blocked', 'blocked')
elseif outcome == 'retry' and a + 1 >= maxA then
  unlease(id, idx)
  finalize(id, idx, 'failed', 'failed: ' .. reason)
elseif outcome == 'retry' or outcome == 'later' then
  unlease(id, idx)
  if f[2] == 'cancelled' and p == 0 then
    finalize(id, idx, 'cancelled', '')
  else
    if outcome == 'retry' then a = a + 1 end
    result = 'waiting'
    redis.call('HSET', k_state(id), idx, state('w', p, a, d))
    redis.call('ZADD', k_retry(id), now + delay, idx)
  end
else
  unlease(id, idx)
  finalize(id, idx, 'failed', 'failed: ' .. reason)
  if unreachable ~= '' then redis.call('HINCRBY', jk, 'unreachable:' .. unreachable, 1) end
end
local ended = finish_if_done(id)
local progress = 0
if ended == 0 and now - num(f[3]) >= every then
  redis.call('HSET', jk, 'progress_at', fmt(now))
  progress = 1
end
return {result, tostring(ended), tostring(progress)}
