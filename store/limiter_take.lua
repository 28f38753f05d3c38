-- One rate-limit decision for one message of one bot token: the token's
-- overall lane, the destination chat's lane and the token's 429 pause are
-- checked together, atomically, on Redis time (so every replica shares one
-- clock). GCRA: each lane keeps a theoretical arrival time (TAT, µs).
--
-- KEYS[1] overall TAT, KEYS[2] chat TAT, KEYS[3] pause-until,
-- KEYS[4] the chat's urgent hold: until when an emergency's reply waiting
--         for this chat's lane keeps it for itself (µs)
-- ARGV[1] overall emission interval µs (1e6 / rate)
-- ARGV[2] chat emission interval µs (0 = no chat limit)
-- ARGV[3] mode:
--   "take": bulk. Granted only when a slot is free now; otherwise nothing is
--           written and the wait is returned, so bulk never queues ahead.
--   "book": reply. Books the next overall slot even if it lies in the future
--           (returning the wait until it), so a reply overtakes bulk workers
--           that are merely polling. A reply whose chat lane is busy or whose
--           token is paused books nothing and is told how long to wait.
--   "urgent": an emergency's reply. It books like "book"; while the chat's
--           lane (or a pause) keeps it waiting, it holds the lane until one
--           chat interval after the lane frees, and every "take" and "book"
--           of the chat is refused until then: the lane's next slot is the
--           emergency's, whoever was waiting for it before. It gets that
--           slot like any other grant, so the chat's spacing is kept.
-- ARGV[4] grace µs (take mode): a grant up to grace late keeps the slot grid,
--         so scheduling jitter does not leak rate; it never lets a grant
--         come early.
-- Returns {granted 0|1, wait µs}.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local oT = tonumber(ARGV[1])
local cT = tonumber(ARGV[2])
local mode = ARGV[3]
local grace = tonumber(ARGV[4])

local function store(key, tat)
  local ms = math.ceil((tat - now) / 1000) + 1000
  redis.call('SET', key, string.format('%.0f', tat), 'PX', ms)
end

local pause = tonumber(redis.call('GET', KEYS[3]) or '0')
local otat = tonumber(redis.call('GET', KEYS[1]) or '0')
local ctat = 0
local hold = 0
if cT > 0 then
  ctat = tonumber(redis.call('GET', KEYS[2]) or '0')
  hold = tonumber(redis.call('GET', KEYS[4]) or '0')
end

-- An emergency's reply waits until free: it holds the lane until one chat
-- interval past then, time enough to wake and take it.
local function hold_lane(free)
  if cT > 0 then
    store(KEYS[4], math.max(hold, free + cT))
  end
end

if pause > now then
  if mode == 'urgent' then hold_lane(math.max(pause, ctat)) end
  return {0, pause - now}
end
if mode ~= 'urgent' and hold > now then
  return {0, hold - now}
end

local at
local onext
if mode == 'take' then
  at = math.max(now, otat, ctat)
  if at > now then
    return {0, at - now}
  end
  if otat >= now - grace then
    onext = otat + oT
  else
    onext = now + oT
  end
else
  at = math.max(now, otat)
  if ctat > at then
    if mode == 'urgent' then hold_lane(ctat) end
    return {0, ctat - now}
  end
  onext = at + oT
end

store(KEYS[1], onext)
if cT > 0 then
  store(KEYS[2], at + cT)
end
return {1, at - now}
