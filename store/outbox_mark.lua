-- Fences a send: the recipient moves from claimed to sending, only if the
-- caller still owns it and the part is the one it means to send. From here
-- on a lost worker leaves the recipient "in doubt", never resent.
-- KEYS (all declared): the job's keys (outboxEndKeys), then leases.
-- ARGV: job id, idx, owner, part, lease ms.
-- Returns {"ok"}, {"stale"} (someone else owns it now),
-- {"cancelled", ended} (the job was cancelled before its first part), or
-- {"retry"} without a write when the job's keys were not all declared.
strict = true
local id, idx, owner, part = ARGV[1], ARGV[2], ARGV[3], tonumber(ARGV[4])
local ph, p, a, d, o = parse(redis.call('HGET', k_state(id), idx))
if not ph or o ~= owner or p ~= part then return {'stale'} end
if ph == 's' then return {'ok'} end
if ph ~= 'c' then return {'stale'} end
if not job_keys_declared(id) then return {'retry'} end
if p == 0 and redis.call('HGET', k_job(id), 'state') == 'cancelled' then
  unlease(id, idx)
  finalize(id, idx, 'cancelled', '')
  return {'cancelled', tostring(finish_if_done(id))}
end
redis.call('HSET', k_state(id), idx, state('s', p, a, d, owner))
redis.call('ZADD', k_leases(), now_ms() + tonumber(ARGV[5]), lease_member(id, idx))
return {'ok'}
