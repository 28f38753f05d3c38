package store

import (
	"crypto/sha256"
	"encoding/hex"
)

// Every Redis key Loa uses is built here, with its type and lifetime.
//
// Naming: "loa:" + area + ":" + parts. Keys that a Lua script or a
// transaction touches together share a hash tag ({...}) so the same code runs
// on Redis Cluster. Each feature keeps its keys in its own section below.
//
// Namespace (LOA_NAMESPACE, see NewNamespaced): with namespace N every key
// starts with "N:" and every hash tag names N too ("{dir}" becomes "{N:dir}").
// The prefix keeps provinces sharing one Cluster apart (SCAN "N:*" sees one
// province); the tag spreads each province's slots over the Cluster's nodes
// instead of stacking all 34 directories on the node that owns "{dir}".
// Without a namespace the names are exactly those shown below.

// ---- inbound dedupe (foundation) ----

// keySeenUpdate marks an inbound update as processed.
// STRING: a random token of the call that claimed it (see claimSeen), TTL 48h
// (Telegram keeps updates at most 24h); 1h for the web chat, whose page
// retries for seconds.
func (s *Store) keySeenUpdate(platform, id string) string {
	return s.ns + "loa:seen:" + platform + ":" + id
}

// ---- multi-step conversations (foundation) ----

// keyPending holds what the bot waits for next from one person in one chat
// (e.g. the text of a notice after /thongbao). Keyed by chat and user: in a
// group several people talk in one chat, and the next one to speak must
// never answer someone else's step. STRING (opaque state), TTL
// ConversationTTL; deleted by Erase.
func (s *Store) keyPending(platform, chatID, userID string) string {
	return s.ns + "loa:conv:" + platform + ":" + chatID + ":" + userID
}

// keyRecentEmergency holds the id of the emergency script one person in one
// chat was last given (RememberEmergency). STRING, TTL EmergencyMemory;
// deleted by Erase.
func (s *Store) keyRecentEmergency(platform, chatID, userID string) string {
	return s.ns + "loa:sos:" + platform + ":" + chatID + ":" + userID
}

// keyChoice holds the choice Loa last offered one person in one chat to
// pick an answer from (two or three entries, likely entries, a topic's
// questions), so that "2" or "cái thứ hai" typed instead of a tap picks it
// on every platform. LIST of button data in the order shown (flattened
// rows, as Zalo numbers them), replaced whole; TTL ChoiceMemory; deleted by
// Erase.
func (s *Store) keyChoice(platform, chatID, userID string) string {
	return s.ns + "loa:choice:" + platform + ":" + chatID + ":" + userID
}

// keyLastQuestion holds what one person last asked in one chat and the
// entries Loa showed for it (RememberQuestion), so that a follow-up ("còn
// hộ cận nghèo thì sao") is read with its subject and a correction ("ko
// phải") is not answered the same way again. HASH q (subject, normalised
// words), e (entry ids, space-separated), a ("1": answered); TTL
// FollowUpMemory; deleted by Erase.
func (s *Store) keyLastQuestion(platform, chatID, userID string) string {
	return s.ns + "loa:lastq:" + platform + ":" + chatID + ":" + userID
}

// keyAddress holds how one person in one chat wants to be called
// (RememberAddress): "bà", "cô", "bác", "anh" … as she calls herself,
// so that her next question, typed without saying so, is answered in the
// same form. STRING (a form id: "ba", "anh" …), TTL AddressMemory,
// renewed by each of her messages (BeginUpdate); deleted by Erase.
func (s *Store) keyAddress(platform, chatID, userID string) string {
	return s.ns + "loa:addr:" + platform + ":" + chatID + ":" + userID
}

// ---- attempt counters (registration) ----

// keyAttempts counts attempts of one kind by one person (wrong invite codes).
// STRING counter, TTL = the counting window (set on the first attempt).
func (s *Store) keyAttempts(kind, who string) string {
	return s.ns + "loa:attempts:" + kind + ":" + who
}

// ---- unanswered questions (foundation) ----

// The unanswered log (RecordUnanswered): bounded to UnansweredCap entries,
// each dropped UnansweredLifetime after it was last asked, and every key
// expires UnansweredLifetime after the last write. Words are kept only from
// registered members, with phone and ID numbers masked. The log's four keys
// carry the hash tag {loa:faq}: one script records a question in all of
// them, so on Cluster they must share a slot. Before the tag they were
// named "loa:faq:unanswered…"; MigrateKeys renames them.

// keyUnanswered counts questions the bot could not answer, by normalised text.
// ZSET member=normalised question (masked), score=times asked.
func (s *Store) keyUnanswered() string { return s.faqTag + ":unanswered" }

// keyUnansweredSample keeps one original wording per normalised question.
// HASH field=normalised question, value=latest original text (masked, max 500 bytes).
func (s *Store) keyUnansweredSample() string { return s.faqTag + ":unanswered:sample" }

// keyUnansweredSeen says when each question was last asked, for the lifetime.
// ZSET member=normalised question, score=ms.
func (s *Store) keyUnansweredSeen() string { return s.faqTag + ":unanswered:seen" }

// keyUnansweredAnonymous counts unanswered questions whose words are not
// kept (the asker is not a registered member). STRING counter.
func (s *Store) keyUnansweredAnonymous() string { return s.faqTag + ":unanswered:anonymous" }

// keyUnansweredBy lists the normalised questions one person asked that were
// recorded as unanswered, so her erasure takes her words out of the log.
// SET of normalised questions; expires with the log (UnansweredLifetime); deleted by Erase.
// Not in the log's slot: no script touches it, and its name is unchanged
// from before the tag, so the index of questions asked before an upgrade
// still lets Erase find them.
func (s *Store) keyUnansweredBy(who string) string { return s.ns + "loa:faq:unanswered:by:" + who }

// ---- zalo menus and download links ----

// keyMenu holds the numbered menu last shown in a chat on a platform without
// buttons (Zalo), so a reply "2" or the words of a choice become a button press.
// LIST of alternating label, data (label_1, data_1, label_2, data_2 …),
// replaced whole on every save; TTL 24h (menuTTL).
func (s *Store) keyMenu(platform, chatID string) string {
	return s.ns + "loa:menu:" + platform + ":" + chatID
}

// ---- apologies owed for lost replies ----

// keyApologies lists the chats on platform whose reply was lost (an outage,
// a shutdown) and who are owed one apology, by whichever replica runs next.
// ZSET member chat id (her user id in a private chat), score the Unix time
// of the loss; no message text. TTL ApologyLifetime, renewed on every
// write; entries older than that are dropped unsent (an apology days later
// is noise). Erase removes her entry.
func (s *Store) keyApologies(platform string) string { return s.ns + "loa:apology:" + platform }

// keyDownload holds one file behind a short-lived download link.
// HASH fields name, mime, data (at most MaxFileSize bytes); TTL = the link's
// lifetime (24h for Zalo links). The token is 128 random bits, base64url.
func (s *Store) keyDownload(token string) string { return s.ns + "loa:dl:" + token }

// ---- units, members, roles, invites ----
//
// "Who is who": the unit tree, members, role grants and invite codes. Every
// key here carries the one hash tag {dir}, because the changes that matter
// touch them together in one Lua script: a registration moves a member
// between branch sets and counts, a merge moves members, invites and grants of
// a unit to another, an erase clears a member and her grants. One slot holds
// a whole province (about 180,000 members, about 280 bytes each by
// BenchmarkRegister200k); on Redis Cluster it lives on one node, and a
// national deployment runs one bot (and one {dir}) per province.
//
// The scripts name these keys in Lua with the mirror in luaDirKeys below,
// which TestLuaKeysMatchGo keeps equal to the Go builders; all such keys are
// in the {dir} slot, so the scripts stay single-slot. Every script is also
// given every key it touches in KEYS, as Redis documents for Cluster, and
// refuses any other (luaStrictKeys): names that come from data (members of
// a merged unit, the units above an event, the events naming her) are read
// by the Go caller first and checked by the script before its first write.
// TestEveryScriptTouchesOnlyDeclaredKeys watches every script of the
// package on a real server and fails on a key not in KEYS.
//
// A member's identity inside keys and sets is "platform:userID" (idKey).
// Unit codes are upper-case (NormalizeUnitCode); invite codes are
// Crockford base32 upper-case (NormalizeInviteCode).

// keyUnits lists the live unit codes.
// SET of unit codes; no TTL; rewritten by ImportUnits.
func (s *Store) keyUnits() string { return s.dirPrefix + "units" }

// keyUnitRoots lists the units with no parent (normally one province).
// SET of unit codes; no TTL; rewritten by ImportUnits.
func (s *Store) keyUnitRoots() string { return s.dirPrefix + "units:roots" }

// keyUnitAliases remembers merged units so an old code still leads somewhere.
// HASH field=old unit code, value=live unit code it was merged into; no TTL.
func (s *Store) keyUnitAliases() string { return s.dirPrefix + "units:merged" }

// keyUnit holds one unit.
// HASH name, parent (code, "" for a root), kind; no TTL.
func (s *Store) keyUnit(code string) string { return s.dirPrefix + "unit:" + code }

// keyUnitChildren lists a unit's direct children.
// SET of unit codes; no TTL; rewritten by ImportUnits.
func (s *Store) keyUnitChildren(code string) string {
	return s.dirPrefix + "unit:" + code + ":children"
}

// keyUnitMembers lists the members registered directly in a unit (a branch).
// SET of "platform:userID"; no TTL.
func (s *Store) keyUnitMembers(code string) string { return s.dirPrefix + "unit:" + code + ":members" }

// keyUnitCounts holds the anonymous counts of a unit's own members.
// HASH registered, active (integers); no TTL. The only trace an erased
// member leaves is that these numbers went down.
func (s *Store) keyUnitCounts(code string) string { return s.dirPrefix + "unit:" + code + ":counts" }

// keyUnitGrants indexes the role grants on a unit, so a merge or a removal
// of the unit can move or drop them.
// SET of "role|platform:userID"; no TTL.
func (s *Store) keyUnitGrants(code string) string { return s.dirPrefix + "unit:" + code + ":grants" }

// keyUnitInvites indexes a unit's invite codes for ListInvites and merges.
// SET of invite codes; no TTL; codes whose invite key has expired are
// pruned by ListInvites.
func (s *Store) keyUnitInvites(code string) string { return s.dirPrefix + "unit:" + code + ":invites" }

// keyMember holds one member's minimal record (ARCHITECTURE invariant 7).
// HASH name, unit, consent (unix ms), active ("1"/"0"), muted ("1"/"0");
// no TTL; deleted by Erase.
func (s *Store) keyMember(id string) string { return s.dirPrefix + "member:" + id }

// keyRoles holds one person's role grants (members and operators alike).
// SET of "role:unit" ("admin:" for admin); no TTL; deleted by Erase.
func (s *Store) keyRoles(id string) string { return s.dirPrefix + "roles:" + id }

// keyHeadsToBrief lists heads made outside the chat (`bot admin grant`) who
// have not yet been sent the check-in codes of their branch's open
// meetings (an invited head gets them as she joins). SET of identities
// ("platform:user"); no TTL; each is removed once her codes are queued
// (DoneBriefingHead) or when she is erased.
func (s *Store) keyHeadsToBrief() string { return s.dirPrefix + "heads:to-brief" }

// keyInvite holds one invite code.
// HASH kind, unit, left (-1 = unlimited), used, expires (unix ms), revoked
// ("1"/"0"), created (unix ms); expires inviteGrace after its expiry, so an
// expired code is reported as expired for a while, then as unknown.
func (s *Store) keyInvite(code string) string { return s.dirPrefix + "invite:" + code }

// luaStrictKeys starts every script whose builders check their names (the
// sections {dir}, attendance and questions; the outbox has its own in
// outbox_lib.lua). Every key a script touches belongs in KEYS. A script
// sets strict = true first; a builder (K) then stops it on a name the
// caller did not declare: a bug of the Go caller, which
// TestEveryScriptTouchesOnlyDeclaredKeys catches. Keys whose names come
// from data (a merge alias, a member's unit, the events naming her, the
// units above an event) are read by the Go caller first; before its first
// write the script checks them with has(builder, args...) and answers
// "retry" (or, in the {dir} section, {"declare", unit...}) when the data
// changed in between. runDeclared reads again and retries.
const luaStrictKeys = `
local DECLARED = {}
for _, k in ipairs(KEYS) do DECLARED[k] = true end
local strict = false
local probing = false
local function K(kind, k)
  if strict and not probing and not DECLARED[k] then error("script touched an undeclared " .. kind .. " key") end
  return k
end
-- has reports whether the key build(...) names was declared.
local function has(build, ...)
  probing = true
  local k = build(...)
  probing = false
  return DECLARED[k] == true
end
`

// luaDirKeys is the Lua mirror of the builders above, prepended to every
// script of this section. ARGV[1] is always dirPrefix.
const luaDirKeys = luaStrictKeys + `
local P = ARGV[1]
local function kUnits() return K("units", P .. "units") end
local function kRoots() return K("roots", P .. "units:roots") end
local function kAliases() return K("aliases", P .. "units:merged") end
local function kUnit(c) return K("unit", P .. "unit:" .. c) end
local function kChildren(c) return K("children", P .. "unit:" .. c .. ":children") end
local function kMembers(c) return K("members", P .. "unit:" .. c .. ":members") end
local function kCounts(c) return K("counts", P .. "unit:" .. c .. ":counts") end
local function kGrants(c) return K("grants", P .. "unit:" .. c .. ":grants") end
local function kInvites(c) return K("invites", P .. "unit:" .. c .. ":invites") end
local function kMember(id) return K("member", P .. "member:" .. id) end
local function kRoles(id) return K("roles", P .. "roles:" .. id) end
local function kInvite(c) return K("invite", P .. "invite:" .. c) end
-- undeclared_units returns {"declare", code...} for the units among codes
-- (a list; false and "" are skipped) whose keys (dirUnitKeys) were not
-- declared, or nil when all were.
local function undeclared_units(codes)
  local out = {"declare"}
  for i = 1, #codes do
    local c = codes[i]
    if c and c ~= "" and not DECLARED[P .. "unit:" .. c .. ":members"] then out[#out + 1] = c end
  end
  if #out > 1 then return out end
  return nil
end
`

// ---- outbox and limiter ----
//
// Every outbox key carries the hash tag {loa:ob}: the outbox scripts read and
// write a job, its recipients and the shared queues in one step, so on Redis
// Cluster they must all live in one slot. Every outbox script is strict (see
// outbox_lib.lua): it is given every key it touches in KEYS, read first where
// the names depend on data (the jobs in a queue, a job's token), and it
// refuses a name it was not given. One slot carries the outbox comfortably:
// it moves tens to hundreds of messages a second.
// Limiter keys carry one tag per bot token instead, so tokens spread out.

// keyOutboxSeq numbers outbox jobs. STRING counter; no TTL.
func (s *Store) keyOutboxSeq() string { return s.outboxTag + ":seq" }

// keyOutboxJob holds one job: fields platform, token, kind, author_platform,
// author_chat, label, parts, state, sealed, total, sent, blocked, failed,
// cancelled, indoubt, inflight, created, started, finished, progress_at, idem,
// and unreachable:<code> (failed recipients a platform's reach rules kept
// out, per chat.Unreachable* code).
// HASH; no TTL while the job runs, outboxRetention after it ends.
func (s *Store) keyOutboxJob(id string) string { return s.outboxTag + ":job:" + id }

// keyOutboxPayload is the encoded message of a job (its parts), opaque to store.
// STRING; same lifetime as the job hash.
func (s *Store) keyOutboxPayload(id string) string { return s.outboxTag + ":payload:" + id }

// keyOutboxIdem maps an idempotency key to the job it created. The key is
// stored hashed (hashIdempotencyKey): callers build it from ids of people.
// STRING job id; outboxRetention.
func (s *Store) keyOutboxIdem(key string) string { return s.outboxTag + ":idem:" + key }

// keyOutboxPending lists the recipients not claimed yet, "chat\x1fmember", in
// the order they were added. LIST; deleted when the job ends.
func (s *Store) keyOutboxPending(id string) string { return s.outboxTag + ":pending:" + id }

// keyOutboxChats is the set of chats already added to a job, so a chat gets
// one copy even when two members share it or a batch is added twice.
// SET; deleted when the job ends.
func (s *Store) keyOutboxChats(id string) string { return s.outboxTag + ":chats:" + id }

// keyOutboxState holds the state of every claimed, not yet final recipient:
// field = recipient index, value = "phase|partsDone|attempts|doubt|owner"
// (phase c = claimed, s = sending, w = waiting for a retry). A recipient in a
// final state has no field. HASH; deleted when the job ends.
func (s *Store) keyOutboxState(id string) string { return s.outboxTag + ":state:" + id }

// keyOutboxData holds "chat\x1fmember" of every claimed, not yet final
// recipient. HASH field = recipient index; deleted when the job ends.
func (s *Store) keyOutboxData(id string) string { return s.outboxTag + ":data:" + id }

// keyOutboxRetry orders the recipients waiting for a retry.
// ZSET member = recipient index, score = due time (ms); deleted when the job ends.
func (s *Store) keyOutboxRetry(id string) string { return s.outboxTag + ":retry:" + id }

// keyOutboxOutcomes records, for reports, the members not simply delivered:
// field = member key, value = "blocked", "failed: <reason>" or "in doubt".
// HASH; outboxRetention.
func (s *Store) keyOutboxOutcomes(id string) string { return s.outboxTag + ":outcomes:" + id }

// keyOutboxOutcomesOf lists the jobs with an outcome record about one
// member, so her erasure finds them. SET of job ids; outboxRetention,
// renewed on each record; deleted by Erase.
func (s *Store) keyOutboxOutcomesOf(memberKey string) string {
	return s.outboxTag + ":outcomes-of:" + memberKey
}

// keyOutboxLive lists the jobs not finished yet (created, not ended), so an
// erasure finds the ones that still have her as a recipient. SET of job ids;
// no TTL (a job leaves when it ends; an expired one when an erasure sees it).
func (s *Store) keyOutboxLive() string { return s.outboxTag + ":live" }

// keyOutboxLeases holds every claim with its deadline across all jobs.
// ZSET member = "job|index", score = deadline (ms); no TTL (entries leave when
// the recipient moves on or the lease is reaped).
func (s *Store) keyOutboxLeases() string { return s.outboxTag + ":leases" }

// keyOutboxReady lists the started, unfinished jobs of one bot token in
// delivery order. ZSET member = job id, score = kind*1e12 + job number; no TTL.
func (s *Store) keyOutboxReady(platform, tokenID string) string {
	return s.outboxTag + ":ready:" + platform + ":" + tokenID
}

// keyOutboxByAuthor lists the jobs one sender created, newest first.
// LIST of job ids, trimmed to 50; no TTL; deleted by Erase (which also
// blanks author_platform and author_chat of her jobs).
func (s *Store) keyOutboxByAuthor(platform, chatID string) string {
	return s.outboxTag + ":author:" + platform + ":" + chatID
}

// limiterTag is the hash tag of one bot token's limiter keys.
func (s *Store) limiterTag(platform, tokenID string) string {
	return s.ns + "{" + s.ns + "loa:lim:" + platform + ":" + tokenID + "}"
}

// keyLimiterOverall is the token's theoretical arrival time (GCRA), in µs of
// Redis time. STRING; PX until it lies in the past.
func (s *Store) keyLimiterOverall(platform, tokenID string) string {
	return s.limiterTag(platform, tokenID) + ":all"
}

// keyLimiterChat is one chat's theoretical arrival time (1/s private chat,
// 20/min group), µs. STRING; PX until it lies in the past. The chat id is
// hashed: pacing needs no personal identifier, and a member who erases her
// data leaves no trace here.
func (s *Store) keyLimiterChat(platform, tokenID, chatID string) string {
	sum := sha256.Sum256([]byte(chatID))
	return s.limiterTag(platform, tokenID) + ":chat:" + hex.EncodeToString(sum[:8])
}

// keyLimiterUrgent is until when an emergency's reply keeps one chat's lane
// for itself (limiter_take.lua, mode "urgent"), µs of Redis time: every
// other message to the chat waits until then. STRING; PX until it lies in
// the past. The chat id is hashed, as in keyLimiterChat.
func (s *Store) keyLimiterUrgent(platform, tokenID, chatID string) string {
	sum := sha256.Sum256([]byte(chatID))
	return s.limiterTag(platform, tokenID) + ":urgent:" + hex.EncodeToString(sum[:8])
}

// keyLimiterPause is the end of a 429 pause of the token, µs of Redis time.
// STRING; PX = the pause.
func (s *Store) keyLimiterPause(platform, tokenID string) string {
	return s.limiterTag(platform, tokenID) + ":pause"
}

// keyFlood is one lane of an inbound flood limit (FloodLimit): a member, a
// web session or an address. HASH fields tat (GCRA theoretical arrival
// time, µs of Redis time) and told (until when she was told to slow down);
// PX until both lie in the past, so a lane costs memory only while it is
// busy. The identifier is hashed, like keyLimiterChat's, so an erasure has
// nothing to find here. One key per lane: no hash tag needed.
func (s *Store) keyFlood(kind, who string) string {
	sum := sha256.Sum256([]byte(who))
	return s.ns + "loa:flood:" + kind + ":" + hex.EncodeToString(sum[:8])
}

// ---- scheduler ----
//
// A job's own keys carry the hash tag {loa:sched:<job id>}: the slot script
// reads the last slot and takes the slot's lock in one step. Job ids are
// checked by CheckJobID (no braces). The registry, paused flags and run
// requests are one key each.

// keySchedJobs is the registry of scheduled jobs the running bot publishes.
// HASH field = job id, value = JSON ScheduledJob; no TTL; replaced whole.
func (s *Store) keySchedJobs() string { return s.ns + "loa:sched:jobs" }

// keySchedPaused lists the paused jobs. SET of job ids; no TTL.
func (s *Store) keySchedPaused() string { return s.ns + "loa:sched:paused" }

// keySchedRunRequests lists run-now requests from the admin CLI.
// SET of job ids; no TTL (an entry leaves when a scheduler takes it).
func (s *Store) keySchedRunRequests() string { return s.ns + "loa:sched:runnow" }

func (s *Store) schedTag(id string) string { return s.ns + "loa:{" + s.ns + "sched:" + id + "}" }

// keySchedLast is the last slot of a job that was fired or skipped.
// STRING unix seconds; no TTL.
func (s *Store) keySchedLast(id string) string { return s.schedTag(id) + ":last" }

// keySchedLock is the lock of one firing (job × slot), so N replicas fire
// it once. Slot = unix seconds. STRING owner; TTL Options.LockTTL of the
// scheduler (default 48h).
func (s *Store) keySchedLock(id, slot string) string { return s.schedTag(id) + ":lock:" + slot }

// keySchedRunLock is the lock of one run-now (job × minute).
// STRING owner; TTL Options.LockTTL.
func (s *Store) keySchedRunLock(id, slot string) string { return s.schedTag(id) + ":run:" + slot }

// ---- events and attendance ----
//
// Events, check-ins, head-reported headcounts and the counts rolled up the
// unit tree. They share the {dir} hash tag with units and members on
// purpose: a check-in checks in one script that the person is a member of
// the event's unit or a unit below it, and closing an event walks the unit
// tree from its branch to the root to add its counts to every level; both
// read the tree and write attendance keys atomically, so they must live in
// the tree's slot. A province's whole year of attendance is small next to
// its members (about 11,000 events, aggregates of ~1,000 units × 17
// periods); check-in sets, the one large part, expire a while after close.
// The scripts name these keys in Lua (luaAttKeys) from ARGV[1] = dirPrefix;
// TestLuaAttKeysMatchGo keeps both sides equal; the Go callers declare every
// one in KEYS (the event a code names, the units up to the root and the
// aggregates read first).
//
// Times are unix milliseconds. Periods are "2026-12" (month), "2026-Q4"
// (quarter), "2026" (year) in Asia/Ho_Chi_Minh, of the event's start time.

// keyEventSeq numbers events. STRING counter; no TTL.
func (s *Store) keyEventSeq() string { return s.dirPrefix + "att:seq" }

// keyEvent holds one event: unit, title, start, close, by, source
// (head|rule), state (open|closed), code, btok (the secret the invitation's
// check-in button carries), refused (check-ins refused for it), periods ("2026-12,2026-Q4,2026"),
// checkins, headcount (absent until reported), reported_at, reported_by,
// closed_at, path (units counted at close, event unit first), reminded.
// HASH; no TTL (the history staff export).
func (s *Store) keyEvent(id string) string { return s.dirPrefix + "att:event:" + id }

// keyEventCheckIns lists who checked in, so a member counts once.
// SET of "platform:userID"; no TTL while open, checkInRetention after close.
// Erase replaces her entry with a tombstone, so the set's size stays the
// event's check-ins.
func (s *Store) keyEventCheckIns(id string) string { return s.dirPrefix + "att:event:" + id + ":in" }

// keyEventReports keeps every headcount a head reported, corrections
// included. LIST of "unixms|platform:userID|count", oldest first; no TTL.
func (s *Store) keyEventReports(id string) string {
	return s.dirPrefix + "att:event:" + id + ":reports"
}

// keyMemberEvents lists the events that name one person (she checked in,
// created the event or reported its headcount), so her erasure finds them.
// SET of event ids; no TTL; deleted by Erase.
func (s *Store) keyMemberEvents(id string) string {
	return s.dirPrefix + "att:member:" + id + ":events"
}

// keyEventCode maps a check-in code (/diemdanh CODE) to its event.
// STRING event id; expires codeGrace after the event's close time.
func (s *Store) keyEventCode(code string) string { return s.dirPrefix + "att:code:" + code }

// keyEventsOpen orders the open events by close time, for CloseDueEvents.
// ZSET member=event id, score=close ms; no TTL.
func (s *Store) keyEventsOpen() string { return s.dirPrefix + "att:open" }

// keyUnitEvents lists the events of one unit by start time.
// ZSET member=event id, score=start ms; no TTL.
func (s *Store) keyUnitEvents(unit string) string {
	return s.dirPrefix + "att:unit:" + unit + ":events"
}

// keyEventsUnreported lists closed events without a headcount report.
// ZSET member=event id, score=closed ms; an event leaves when reported.
func (s *Store) keyEventsUnreported() string { return s.dirPrefix + "att:unreported" }

// keyEventsRemind queues the one automatic reminder of an unreported event.
// ZSET member=event id, score=due ms (closed + ReminderDelay); an event
// leaves when reported or reminded.
func (s *Store) keyEventsRemind() string { return s.dirPrefix + "att:remind" }

// keyMonthlyMeetings makes the rule's monthly meeting idempotent per branch.
// HASH field=unit code, value=event id; one per month ("2026-12"); no TTL.
func (s *Store) keyMonthlyMeetings(month string) string { return s.dirPrefix + "att:monthly:" + month }

// keyAggregate holds the counts of a unit and everything below it for one
// period: events (closed), reported (closed with a headcount), checkins,
// headcount (sum of reported headcounts), present (per event the reported
// headcount, else its check-ins). HASH of integers; no TTL.
func (s *Store) keyAggregate(unit, period string) string {
	return s.dirPrefix + "att:agg:" + unit + ":" + period
}

// keyCheckInTries counts one member's refused check-ins (wrong codes,
// forged buttons, events of other units) in the current window, so codes
// cannot be guessed one after another. STRING counter; expires
// CheckInTriesWindow after the first refusal.
func (s *Store) keyCheckInTries(member string) string { return s.dirPrefix + "att:tries:" + member }

// luaAttKeys is the Lua mirror of the builders of this section.
const luaAttKeys = `
local function kEventSeq() return K("event seq", P .. "att:seq") end
local function kEvent(id) return K("event", P .. "att:event:" .. id) end
local function kCheckIns(id) return K("check-ins", P .. "att:event:" .. id .. ":in") end
local function kReports(id) return K("reports", P .. "att:event:" .. id .. ":reports") end
local function kCode(c) return K("code", P .. "att:code:" .. c) end
local function kOpen() return K("open events", P .. "att:open") end
local function kUnitEvents(u) return K("unit events", P .. "att:unit:" .. u .. ":events") end
local function kUnreported() return K("unreported", P .. "att:unreported") end
local function kRemind() return K("remind", P .. "att:remind") end
local function kMonthly(m) return K("monthly", P .. "att:monthly:" .. m) end
local function kAgg(u, p) return K("aggregate", P .. "att:agg:" .. u .. ":" .. p) end
local function kTries(m) return K("tries", P .. "att:tries:" .. m) end
local function kMemberEvents(id) return K("member events", P .. "att:member:" .. id .. ":events") end
`

// ---- notices ----
//
// A notice is one message from a head or staff to a unit's members; it is
// carried by one outbox job per platform. These keys hold the draft shown in
// the preview, the notice record that ties its jobs together (for progress,
// the final summary and /thongbaocu), and the sender's list. Every key
// carries the hash tag {loa:nt}: creating a notice writes its record and
// the sender's list in one script, and linking a job writes the record and
// the job's back-reference together. Notices are few (a handful a day per
// branch), so one slot carries them easily.

// keyNoticeDraft holds a notice being written, shown in a preview.
// HASH platform, chat, user (its author), unit, text; TTL NoticeDraftTTL.
// The draft id is also the id of the notice it becomes, which makes "Gửi"
// idempotent.
func (s *Store) keyNoticeDraft(id string) string { return s.noticeTag + ":draft:" + id }

// keyNotice holds one notice: author_platform, author_chat, author_user,
// unit, unit_name, label, expected, state (preparing|sending|done|cancelled),
// created (unix ms), prep_until (unix ms, the lease of whoever adds its
// recipients), job:<platform> (outbox job id per platform), progress_msg
// (the sender's progress message id), summarized ("1" once the final summary
// went out). HASH; TTL noticeRetention from creation.
func (s *Store) keyNotice(id string) string { return s.noticeTag + ":notice:" + id }

// keyNoticeOfJob maps an outbox job to the notice it carries.
// STRING notice id; TTL noticeRetention.
func (s *Store) keyNoticeOfJob(jobID string) string { return s.noticeTag + ":job:" + jobID }

// keyNoticesByAuthor lists the notices one chat sent, newest first.
// LIST of notice ids, trimmed to maxNoticesByAuthor; TTL noticeRetention,
// renewed on each notice; deleted by Erase (which also blanks the author
// fields of her notices).
func (s *Store) keyNoticesByAuthor(platform, chatID string) string {
	return s.noticeTag + ":author:" + platform + ":" + chatID
}

// keyNoticesRecent lists every unit's notices, for the dashboard's history.
// ZSET member=notice id, score=created (unix ms); trimmed to
// maxRecentNotices and to noticeRetention; TTL noticeRetention. It names
// no person (the author is in the notice record).
func (s *Store) keyNoticesRecent() string { return s.noticeTag + ":recent" }

// keyNoticeDraftsByAuthor lists the drafts one person started, so her
// erasure finds them. SET of draft ids; TTL NoticeDraftTTL, renewed on each
// draft; deleted by Erase.
func (s *Store) keyNoticeDraftsByAuthor(platform, userID string) string {
	return s.noticeTag + ":drafts:" + platform + ":" + userID
}

// keyNoticeTick throttles progress edits of one notice across its jobs and
// replicas. STRING "1"; PX = the progress interval.
func (s *Store) keyNoticeTick(id string) string { return s.noticeTag + ":tick:" + id }

// ---- Zalo Official Account ----
//
// The OA's token pair and its refresh lock carry the OA id in a hash tag,
// so the compare-and-set of a rotated pair and the lock live on one slot.
// A follower's reach record is keyed by her user id alone (Zalo ids are
// per OA, and Loa serves one OA), so her erasure finds it.

func (s *Store) zaloOATag(oaID string) string { return s.ns + "loa:zalooa:{" + s.ns + oaID + "}" }

// keyZaloOATokens holds the OA's token pair. HASH fields access, refresh,
// expires (unix ms of the access token's end); no TTL (the refresh token
// lives 3 months and is the only way back in without a login).
func (s *Store) keyZaloOATokens(oaID string) string { return s.zaloOATag(oaID) + ":tokens" }

// keyZaloOARefreshLock is held by the one replica refreshing. STRING random
// owner id, TTL the refresh lock's (a crashed holder frees it).
func (s *Store) keyZaloOARefreshLock(oaID string) string { return s.zaloOATag(oaID) + ":refresh-lock" }

// keyZaloOALoginVerifier keeps the PKCE code verifier between `bot admin
// zalo-oa login-url` and `bot admin zalo-oa code`. STRING, TTL the login's.
func (s *Store) keyZaloOALoginVerifier(oaID string) string {
	return s.zaloOATag(oaID) + ":login-verifier"
}

// keyZaloOAPackageEmpty says the OA's paid quota ran out (a -211): until it
// expires, followers whose free replies are used are not attempted.
// STRING "1", TTL ZaloOAPackageEmptyFor; deleted when a paid send succeeds.
func (s *Store) keyZaloOAPackageEmpty(oaID string) string {
	return s.zaloOATag(oaID) + ":package-empty"
}

// keyZaloOAReach is what Loa knows of one follower's reach: HASH seen (unix
// ms of her last event: a message or a follow), replies (free replies sent
// since), unfollowed ("1" after an unfollow event). TTL ZaloOAReachTTL,
// renewed by each event; deleted by Erase.
func (s *Store) keyZaloOAReach(userID string) string { return s.ns + "loa:zalooa:reach:" + userID }

// ---- dashboard ----
//
// The staff dashboard (bot/dashboard): one-time login links, sessions and
// the audit log. Tokens appear only as their SHA-256 (hex). Every key
// carries the hash tag {loa:dash}: erasure drops a person's links and
// sessions and rewrites her audit records in one script.

// s.dashPrefix starts every key of this section: "{loa:dash}:", with a
// namespace N "N:{N:loa:dash}:".

// keyDashLogin is one unused login link. STRING "platform:user";
// TTL DashboardLinkTTL; deleted when used (GETDEL) and by Erase.
func (s *Store) keyDashLogin(hash string) string { return s.dashPrefix + "login:" + hash }

// keyDashSession is one dashboard session. HASH platform, user, csrf,
// created (unix ms); TTL DashboardSessionTTL; deleted on sign-out and by Erase.
func (s *Store) keyDashSession(hash string) string { return s.dashPrefix + "session:" + hash }

// keyDashOf lists one person's login links and sessions ("login:<hash>",
// "session:<hash>") so her erasure reaches them. SET; TTL renewed to the
// longest of them; deleted by Erase.
func (s *Store) keyDashOf(id string) string { return s.dashPrefix + "of:" + id }

// keyDashAudit is the audit log of dashboard actions, newest first.
// LIST of JSON AuditRecord, trimmed to MaxAuditRecords; TTL auditRetention
// after the last record; Erase rewrites her records' "who" to "erased".
func (s *Store) keyDashAudit() string { return s.dashPrefix + "audit" }

// ---- member questions for a person (the staff queue) ----
//
// A question a member could not get answered by Loa, or where she asked for
// a person, waits in her unit's queue until a head or staff member answers
// or skips it (questions.go). Every key carries the hash tag {loa:q}: opening,
// claiming, answering and erasing read a question and its indexes in one
// script, and listing a unit's subtree merges the per-unit queues in one
// script, so on Redis Cluster they share one slot. The queue is small next to
// the directory (thousands of open questions at most per province). The
// scripts name these keys in Lua from ARGV[1] = questionPrefix (luaQKeys);
// TestLuaQuestionKeysMatchGo keeps both sides equal; the Go callers declare
// every one in KEYS (the questions a script reaches read first).

// s.questionPrefix starts every key of this section: "loa:{q}:", with a
// namespace N "N:loa:{N:q}:".

// keyQuestionSeq numbers questions; a question's id is its number, so ids
// grow with time and "newest first" is "highest id first". STRING; no TTL.
func (s *Store) keyQuestionSeq() string { return s.questionPrefix + "seq" }

// keyQuestion holds one question: platform, user (who asked), chat (where
// the answer goes), name (her display name), unit, text (phone and ID
// numbers masked), reason (fallback|person), state (open|answered|skipped|
// expired), opened (ms), claimed_by ("platform:user"), claimed_until (ms),
// closed_by, closed_at (ms), answer, kb_by, kb_at (ms, once added to the
// knowledge base). HASH; no TTL while open (an open question is closed as
// expired QuestionOpenLifetime after it was opened), QuestionRetention after
// it closes; deleted by Erase when she asked it (who answered, claimed or
// added it becomes "erased").
func (s *Store) keyQuestion(id string) string { return s.questionPrefix + "q:" + id }

// keyUnitQuestions lists the open questions of one unit (the asker's unit).
// ZSET member = question id, score = the id; no TTL (a question leaves when
// it closes). A subtree's queue is the merge of its units' sets.
func (s *Store) keyUnitQuestions(unit string) string { return s.questionPrefix + "unit:" + unit }

// keyQuestionsOpen lists every open question by when it was opened, so old
// ones can be expired. ZSET member = id, score = opened ms; no TTL.
func (s *Store) keyQuestionsOpen() string { return s.questionPrefix + "open" }

// keyQuestionsAll lists every question still stored, for the export.
// ZSET member = id, score = the id; no TTL (an id leaves once its question
// hash has expired, pruned when questions are opened or expired).
func (s *Store) keyQuestionsAll() string { return s.questionPrefix + "all" }

// keyQuestionAlerts lists the questions opened but not yet announced to the
// heads and staff above them (TakeQuestionAlerts). ZSET member = id, score =
// the id; no TTL.
func (s *Store) keyQuestionAlerts() string { return s.questionPrefix + "alerts" }

// keyQuestionsOf lists the questions that name one person: she asked,
// claimed, answered, skipped or added them to the knowledge base, so her
// erasure finds them. SET of ids; TTL questionPersonTTL (longer than any
// question lives), renewed on each write; deleted by Erase.
func (s *Store) keyQuestionsOf(who string) string { return s.questionPrefix + "of:" + who }

// keyQuestionsAnonymous counts questions from people whose words are not
// kept (not registered members: anonymous web visitors, strangers).
// HASH field = month "2026-12" (Asia/Ho_Chi_Minh), value = count; no TTL.
func (s *Store) keyQuestionsAnonymous() string { return s.questionPrefix + "anonymous" }

// luaQKeys is the Lua mirror of the builders of this section. ARGV[1] is
// always s.questionPrefix.
const luaQKeys = luaStrictKeys + `
local Q = ARGV[1]
local function kQSeq() return K("question seq", Q .. "seq") end
local function kQ(id) return K("question", Q .. "q:" .. id) end
local function kQUnit(u) return K("unit queue", Q .. "unit:" .. u) end
local function kQOpen() return K("open questions", Q .. "open") end
local function kQAll() return K("all questions", Q .. "all") end
local function kQAlerts() return K("question alerts", Q .. "alerts") end
local function kQOf(who) return K("her questions", Q .. "of:" .. who) end
local function kQAnon() return K("anonymous questions", Q .. "anonymous") end
`
