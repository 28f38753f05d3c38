-- Claims up to n recipients of the first job, in delivery order, that has
-- work now: due retries first, then recipients never tried. Each claimed
-- recipient gets a lease (owner, deadline); only its owner may send to it.
-- KEYS (all declared): leases, the ready queues of the caller's tokens,
-- then for each job it read in them the job's hash, retry, state, data and
-- pending keys.
-- ARGV: owner, n, lease ms, jobs to look at per queue, number of queues,
--       1 to look only at jobs of a kind below 0 (score < 0: those ahead of
--       every queued reply), else 0
-- Returns {job id, parts, idx, partsDone, attempts, doubt, "chat\31member", ...},
-- {"", ms until the earliest retry is due (-1 = none)}, or {"", "retry"}
-- without a write when a queue holds a job the caller did not declare.
strict = true
local owner = ARGV[1]
local n = tonumber(ARGV[2])
local lease = tonumber(ARGV[3])
local scan = tonumber(ARGV[4])
local now = now_ms()

local cands = {}
for i = 2, 1 + tonumber(ARGV[5]) do
  local r = redis.call('ZRANGE', KEYS[i], 0, scan - 1, 'WITHSCORES')
  for j = 1, #r, 2 do
    if not declared(TAG .. ':job:' .. r[j]) then return {'', 'retry'} end
    cands[#cands + 1] = {r[j], tonumber(r[j + 1])}
  end
end
table.sort(cands, function(a, b) return a[2] < b[2] end)

local ahead_only = ARGV[6] == '1'

local earliest = -1
for _, c in ipairs(cands) do
  if ahead_only and c[2] >= 0 then break end
  local id = c[1]
  local jk = k_job(id)
  local f = redis.call('HMGET', jk, 'state', 'parts')
  if f[1] == 'running' or f[1] == 'cancelled' then
    local out = {id, tostring(f[2])}
    local got = 0
    local due = redis.call('ZRANGEBYSCORE', k_retry(id), '-inf', now, 'LIMIT', 0, n)
    for _, idx in ipairs(due) do
      redis.call('ZREM', k_retry(id), idx)
      local ph, p, a, d = parse(redis.call('HGET', k_state(id), idx))
      if ph == 'w' then
        redis.call('HSET', k_state(id), idx, state('c', p, a, d, owner))
        redis.call('ZADD', k_leases(), now + lease, lease_member(id, idx))
        local data = redis.call('HGET', k_data(id), idx) or ''
        for _, v in ipairs({idx, p, a, d, data}) do out[#out + 1] = tostring(v) end
        got = got + 1
      end
    end
    if got < n then
      local popped = redis.call('LPOP', k_pending(id), n - got)
      if popped then
        local first = redis.call('HINCRBY', jk, 'next', #popped) - #popped
        for k, data in ipairs(popped) do
          local idx = tostring(first + k - 1)
          redis.call('HSET', k_state(id), idx, state('c', 0, 0, 0, owner))
          redis.call('HSET', k_data(id), idx, data)
          redis.call('ZADD', k_leases(), now + lease, lease_member(id, idx))
          for _, v in ipairs({idx, 0, 0, 0, data}) do out[#out + 1] = tostring(v) end
          got = got + 1
        end
      end
    end
    if got > 0 then
      redis.call('HINCRBY', jk, 'inflight', got)
      return out
    end
    local nx = redis.call('ZRANGE', k_retry(id), 0, 0, 'WITHSCORES')
    if nx[2] then
      local w = math.max(0, tonumber(nx[2]) - now)
      if earliest < 0 or w < earliest then earliest = w end
    end
  end
end
return {'', tostring(earliest)}
