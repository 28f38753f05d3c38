-- Records one unanswered question, keeping the log bounded: an entry not
-- asked again for the lifetime is dropped, and past the cap the least asked
-- entries go (the oldest first among equals).
--
-- KEYS[1] counts ZSET, KEYS[2] sample HASH, KEYS[3] last-asked ZSET,
-- KEYS[4] anonymous counter STRING
-- ARGV[1] mode: "text" (a consenting member: her masked words are kept)
--               or "count" (anyone else: only the counter moves)
-- ARGV[2] normalised question (masked), ARGV[3] example (masked)
-- ARGV[4] now ms, ARGV[5] lifetime ms, ARGV[6] cap (entries)
local now = tonumber(ARGV[4])
local life = tonumber(ARGV[5])
local cap = tonumber(ARGV[6])

if ARGV[1] == 'count' then
  redis.call('INCR', KEYS[4])
  redis.call('PEXPIRE', KEYS[4], life)
  return 0
end

redis.call('ZINCRBY', KEYS[1], 1, ARGV[2])
redis.call('HSET', KEYS[2], ARGV[2], ARGV[3])
redis.call('ZADD', KEYS[3], now, ARGV[2])

local function drop(names)
  if #names == 0 then return end
  redis.call('ZREM', KEYS[1], unpack(names))
  redis.call('HDEL', KEYS[2], unpack(names))
  redis.call('ZREM', KEYS[3], unpack(names))
end

-- Expired entries, a bounded batch per call (each call adds at most one).
drop(redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', now - life, 'LIMIT', 0, 100))
local over = redis.call('ZCARD', KEYS[1]) - cap
if over > 0 then
  drop(redis.call('ZRANGE', KEYS[1], 0, over - 1))
end
for i = 1, 3 do
  redis.call('PEXPIRE', KEYS[i], life)
end
return 1
