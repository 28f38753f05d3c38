-- Removes one person from the outbox (her /xoadulieu), keeping every count
-- right: the jobs she asked for stay, without her as their author; her
-- outcome records move to a tombstone; in jobs not finished yet, her
-- recipient entries lose her chat and member key, so the delivery engine
-- records them as failed ("recipient erased her data") without sending.
-- KEYS (all declared): her author list, her outcome index, the live set,
-- then for each job in them the keys it touches (eraseFromOutbox).
-- ARGV: member key ("platform:userID"), her chat id, her platform, tombstone
-- Returns the number of jobs that named her, or -1 without a write when a
-- job in those lists was not declared (they changed: read them again).
strict = true
local member, chat, platform, tomb = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local touched = 0
local gone = '\031' .. tomb

local ak = k_author(platform, chat)
local authored = redis.call('LRANGE', ak, 0, -1)
local outcomes = redis.call('SMEMBERS', k_outcomes_of(member))
local live = redis.call('SMEMBERS', k_live())
for _, id in ipairs(authored) do
  if not declared(TAG .. ':job:' .. id) then return -1 end
end
for _, id in ipairs(outcomes) do
  if not declared(TAG .. ':outcomes:' .. id) then return -1 end
end
for _, id in ipairs(live) do
  if not declared(TAG .. ':job:' .. id) or not declared(TAG .. ':pending:' .. id) then return -1 end
end

for _, id in ipairs(authored) do
  local jk = k_job(id)
  local f = redis.call('HMGET', jk, 'author_platform', 'author_chat')
  if f[1] == platform and f[2] == chat then
    redis.call('HSET', jk, 'author_platform', '', 'author_chat', '')
    touched = touched + 1
  end
end
redis.call('DEL', ak)

for _, id in ipairs(outcomes) do
  local ok = k_outcomes(id)
  local v = redis.call('HGET', ok, member)
  if v then
    redis.call('HDEL', ok, member)
    redis.call('HSET', ok, tomb, v)
    touched = touched + 1
  end
end
redis.call('DEL', k_outcomes_of(member))

for _, id in ipairs(live) do
  if redis.call('EXISTS', k_job(id)) == 0 then
    redis.call('SREM', k_live(), id)
  elseif redis.call('SREM', k_chats(id), chat) == 1 then
    touched = touched + 1
    for _, entry in ipairs({chat .. '\031' .. member, chat .. '\031'}) do
      local pos = redis.call('LPOS', k_pending(id), entry)
      while pos do
        redis.call('LSET', k_pending(id), pos, gone)
        pos = redis.call('LPOS', k_pending(id), entry)
      end
    end
    local data = redis.call('HGETALL', k_data(id))
    for i = 1, #data, 2 do
      if string.sub(data[i + 1], 1, #chat + 1) == chat .. '\031' then
        redis.call('HSET', k_data(id), data[i], gone)
      end
    end
  end
end
return touched
