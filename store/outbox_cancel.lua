-- Cancels a job: recipients not sent yet become cancelled; sends already in
-- flight finish (a recipient halfway through a long notice gets the rest).
-- KEYS (all declared): the job's keys (outboxEndKeys). ARGV[1] job id.
-- Returns {1 cancelled now | 0 already over | -1 unknown, ended}, or
-- {-2, 0} without a write when the job's keys were not all declared.
strict = true
local id = ARGV[1]
local jk = k_job(id)
local f = redis.call('HMGET', jk, 'state', 'finished', 'platform', 'token')
if not f[1] then return {-1, 0} end
if num(f[2]) > 0 or f[1] == 'cancelled' then return {0, 0} end
if not job_keys_declared(id) then return {-2, 0} end
redis.call('HSET', jk, 'state', 'cancelled', 'sealed', '1')
-- the job stays in its ready queue until it ends, so halfway recipients finish
local n = redis.call('LLEN', k_pending(id))
redis.call('UNLINK', k_pending(id))
local waiting = redis.call('ZRANGE', k_retry(id), 0, -1)
for _, idx in ipairs(waiting) do
  local ph, p = parse(redis.call('HGET', k_state(id), idx))
  if p and p > 0 then
    -- halfway through its parts: let it finish, ready again for a worker
  else
    redis.call('ZREM', k_retry(id), idx)
    redis.call('HDEL', k_state(id), idx)
    redis.call('HDEL', k_data(id), idx)
    n = n + 1
  end
end
redis.call('HINCRBY', jk, 'cancelled', n)
return {1, finish_if_done(id)}
