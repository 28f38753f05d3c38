package store

// Every Redis key Loa uses is built here, with its type and lifetime.
//
// Naming: "loa:" + area + ":" + parts. Keys that a Lua script or a
// transaction touches together share a hash tag ({...}) so the same code runs
// on Redis Cluster. Each feature keeps its keys in its own section below.

// ---- inbound dedupe (foundation) ----

// keySeenUpdate marks an inbound update as processed.
// STRING "1", TTL 48h (Telegram keeps updates at most 24h).
func keySeenUpdate(platform, id string) string { return "loa:seen:" + platform + ":" + id }

// ---- unanswered questions (foundation) ----

// keyUnanswered counts questions the bot could not answer, by normalised text.
// ZSET member=normalised question, score=times asked; no TTL (staff review it).
const keyUnanswered = "loa:faq:unanswered"

// keyUnansweredSample keeps one original wording per normalised question.
// HASH field=normalised question, value=latest original text (max 500 bytes); no TTL.
const keyUnansweredSample = "loa:faq:unanswered:sample"
