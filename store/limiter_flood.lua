-- One flood-limit decision for one lane (a member, a web client, an
-- address): GCRA with a burst, on Redis time, so every replica shares one
-- clock and one budget. The lane is a HASH:
--   tat  theoretical arrival time, µs
--   told until when the person has been told to slow down, µs
--
-- KEYS[1] the lane
-- ARGV[1] emission interval µs (one event per interval, sustained)
-- ARGV[2] burst (events allowed at once on an idle lane, >= 1)
-- ARGV[3] notice window µs: after a refusal that was told, later refusals
--         stay silent for this long (at least until the lane admits again)
-- Returns {allowed 0|1, retry µs, notify 0|1}: notify is 1 on the first
-- refusal of a window, so the caller says "slow down" once, not per message.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local T = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local window = tonumber(ARGV[3])

local v = redis.call('HMGET', KEYS[1], 'tat', 'told')
local tat = math.max(tonumber(v[1] or '0') or 0, now)
local told = tonumber(v[2] or '0') or 0

local newTat = tat + T
local allowAt = newTat - burst * T
if now >= allowAt then
  redis.call('HSET', KEYS[1], 'tat', string.format('%.0f', newTat))
  local keep = math.max(newTat, told) - now
  redis.call('PEXPIRE', KEYS[1], math.ceil(keep / 1000) + 1000)
  return {1, 0, 0}
end

local retry = allowAt - now
local notify = 0
if told <= now then
  notify = 1
  told = now + math.max(retry, window)
  redis.call('HSET', KEYS[1], 'told', string.format('%.0f', told))
end
local keep = math.max(tat, told) - now
redis.call('PEXPIRE', KEYS[1], math.ceil(keep / 1000) + 1000)
return {0, retry, notify}
