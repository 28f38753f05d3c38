-- Pauses a bot token after a 429 for exactly retry_after, measured on Redis
-- time from now; a longer pause already in force is kept.
-- KEYS[1] pause-until (µs); ARGV[1] pause µs. Returns the pause left, µs.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local untilT = now + tonumber(ARGV[1])
local cur = tonumber(redis.call('GET', KEYS[1]) or '0')
if cur >= untilT then
  return cur - now
end
redis.call('SET', KEYS[1], string.format('%.0f', untilT), 'PX', math.ceil(tonumber(ARGV[1]) / 1000))
return untilT - now
