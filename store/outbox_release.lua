-- Gives back claimed recipients the caller will not send to now (shutdown,
-- long pause): they are due for any worker at once. Sending ones are kept.
-- KEYS (all declared): the job's keys (outboxEndKeys), then leases.
-- ARGV: job id, owner, idx...
-- Returns {released, ended}, or {-2, 0} without a write when the job's
-- keys were not all declared.
strict = true
local id, owner = ARGV[1], ARGV[2]
if not job_keys_declared(id) then return {-2, 0} end
local cancelled = redis.call('HGET', k_job(id), 'state') == 'cancelled'
local now = now_ms()
local n = 0
for i = 3, #ARGV do
  local idx = ARGV[i]
  local ph, p, a, d, o = parse(redis.call('HGET', k_state(id), idx))
  if ph == 'c' and o == owner then
    unlease(id, idx)
    if cancelled and p == 0 then
      finalize(id, idx, 'cancelled', '')
    else
      redis.call('HSET', k_state(id), idx, state('w', p, a, d))
      redis.call('ZADD', k_retry(id), now, idx)
    end
    n = n + 1
  end
end
return {n, finish_if_done(id)}
