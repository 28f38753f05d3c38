-- Creates a job, or returns the job an idempotency key already created.
-- KEYS[1] seq counter (routing only)
-- ARGV: idem, platform, token, kind, author_platform, author_chat, label,
--       parts, payload
-- Returns {job id, 1 if created now else 0}.
local idem = ARGV[1]
if idem ~= '' then
  local ex = redis.call('GET', k_idem(idem))
  if ex then return {ex, '0'} end
end
local id = tostring(redis.call('INCR', KEYS[1]))
local jk = k_job(id)
redis.call('HSET', jk,
  'platform', ARGV[2], 'token', ARGV[3], 'kind', ARGV[4],
  'author_platform', ARGV[5], 'author_chat', ARGV[6], 'label', ARGV[7],
  'parts', ARGV[8], 'idem', idem, 'state', 'open', 'sealed', '0',
  'total', 0, 'sent', 0, 'indoubt', 0, 'blocked', 0, 'failed', 0,
  'cancelled', 0, 'inflight', 0, 'next', 0,
  'created', fmt(now_ms()), 'started', 0, 'finished', 0, 'progress_at', 0)
redis.call('EXPIRE', jk, RETENTION)
redis.call('SADD', K_LIVE, id)
redis.call('SET', k_payload(id), ARGV[9], 'EX', RETENTION)
if idem ~= '' then
  redis.call('SET', k_idem(idem), id, 'EX', RETENTION)
end
if ARGV[6] ~= '' then
  local ak = TAG .. ':author:' .. ARGV[5] .. ':' .. ARGV[6]
  redis.call('LPUSH', ak, id)
  redis.call('LTRIM', ak, 0, 49)
end
return {id, '1'}
