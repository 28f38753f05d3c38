-- Seals a job (no more recipients) and puts it in its token's ready queue.
-- KEYS (all declared): the job's keys as outboxEndKeys lists them, built
-- from its platform, token and idempotency key as the caller read them
-- (runOutboxJobScript).
-- ARGV[1] job id.
-- Returns {1 if started now else 0, 1 if the job ended (no recipients)},
-- {-1, 0} for an unknown job, or {-2, 0} without a write when the keys the
-- job's fields name were not declared (read the job again).
strict = true
local id = ARGV[1]
local jk = k_job(id)
local f = redis.call('HMGET', jk, 'state', 'kind', 'platform', 'token')
if not f[1] then return {-1, 0} end
if f[1] ~= 'open' then return {0, 0} end
if not job_keys_declared(id) then return {-2, 0} end
redis.call('HSET', jk, 'state', 'running', 'sealed', '1', 'started', fmt(now_ms()))
redis.call('ZADD', k_ready(f[3], f[4]), num(f[2]) * 1e12 + tonumber(id), id)
return {1, finish_if_done(id)}
