-- Appends a batch of recipients to a job that is not sealed yet. A chat
-- already in the job is skipped, so a batch added twice or two members
-- sharing one chat still give one copy per chat.
-- KEYS: job hash, chats set, pending list (all declared).
-- ARGV[1] job id, then pairs chat, member.
-- Returns the number added, -1 for an unknown job, -2 for a sealed one.
strict = true
local id = ARGV[1]
-- Name every key before the first write: a caller that forgot one stops
-- here, not with half a batch added.
k_chats(id)
k_pending(id)
local f = redis.call('HMGET', k_job(id), 'sealed', 'state')
if not f[2] then return -1 end
if f[1] == '1' then return -2 end
local added = 0
for i = 2, #ARGV, 2 do
  local chat = ARGV[i]
  if redis.call('SADD', k_chats(id), chat) == 1 then
    redis.call('RPUSH', k_pending(id), chat .. '\031' .. (ARGV[i + 1] or ''))
    added = added + 1
  end
end
redis.call('HINCRBY', k_job(id), 'total', added)
redis.call('EXPIRE', k_chats(id), RETENTION)
redis.call('EXPIRE', k_pending(id), RETENTION)
return added
