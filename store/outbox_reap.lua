-- Recovers the recipients of lost workers (killed, cut off from Redis past
-- their lease). A claimed recipient was never sent: it is due again at once.
-- A sending one is in doubt, since the request may have reached the
-- platform: that part counts as delivered (never resent), and any later
-- part is due at once; the recipient ends "in doubt" rather than "sent".
-- KEYS (all declared): leases, then the keys (outboxEndKeys) of the jobs
-- of the first leases, then the outcome indexes of members it named.
-- ARGV[1] max leases to look at.
-- Returns {reaped, n, ended job id (n of them)..., platform...}: one
-- platform per recipient this call finished in doubt, so the caller reports
-- each exactly once (the lease is removed here, atomically with it).
-- Without a write it may answer {"retry"} (a lease of a job whose keys were
-- not declared: read again) or {"members", member key...} (recipients that
-- end in doubt, recorded under the member: declare their outcome indexes too).
strict = true
local now = now_ms()
local expired = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, tonumber(ARGV[1]))
local members = {'members'}
for _, m in ipairs(expired) do
  local id, idx = string.match(m, '^(.-)|(.*)$')
  if not declared(TAG .. ':job:' .. id) or not job_keys_declared(id) then return {'retry'} end
  local ph, p = parse(redis.call('HGET', k_state(id), idx))
  if ph == 's' then p = p + 1 end
  if (ph == 'c' or ph == 's') and p >= num(redis.call('HGET', k_job(id), 'parts')) then
    local who = member_of(redis.call('HGET', k_data(id), idx))
    if who ~= '' and not declared(TAG .. ':outcomes-of:' .. who) then members[#members + 1] = who end
  end
end
if #members > 1 then return members end
local touched, order, doubted = {}, {}, {}
for _, m in ipairs(expired) do
  redis.call('ZREM', KEYS[1], m)
  local id, idx = string.match(m, '^(.-)|(.*)$')
  local ph, p, a, d = parse(redis.call('HGET', k_state(id), idx))
  if ph == 'c' or ph == 's' then
    redis.call('HINCRBY', k_job(id), 'inflight', -1)
    local f = redis.call('HMGET', k_job(id), 'parts', 'state', 'platform')
    if ph == 's' then
      p = p + 1
      a = 0
      d = '1'
    end
    if p >= num(f[1]) then
      finalize(id, idx, 'indoubt', 'in doubt')
      doubted[#doubted + 1] = f[3] or ''
    elseif f[2] == 'cancelled' and p == 0 then
      finalize(id, idx, 'cancelled', '')
    else
      redis.call('HSET', k_state(id), idx, state('w', p, a, d))
      redis.call('ZADD', k_retry(id), now, idx)
    end
    if not touched[id] then
      touched[id] = true
      order[#order + 1] = id
    end
  end
end
local ended = {}
for _, id in ipairs(order) do
  if finish_if_done(id) == 1 then ended[#ended + 1] = id end
end
local out = {tostring(#expired), tostring(#ended)}
for _, id in ipairs(ended) do out[#out + 1] = id end
for _, p in ipairs(doubted) do out[#out + 1] = p end
return out
