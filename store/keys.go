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

// ---- multi-step conversations (foundation) ----

// keyPending holds what the bot waits for next in a chat (e.g. the text of a
// notice after /thongbao). STRING (opaque state), TTL ConversationTTL.
func keyPending(platform, chatID string) string { return "loa:conv:" + platform + ":" + chatID }

// ---- unanswered questions (foundation) ----

// keyUnanswered counts questions the bot could not answer, by normalised text.
// ZSET member=normalised question, score=times asked; no TTL (staff review it).
const keyUnanswered = "loa:faq:unanswered"

// keyUnansweredSample keeps one original wording per normalised question.
// HASH field=normalised question, value=latest original text (max 500 bytes); no TTL.
const keyUnansweredSample = "loa:faq:unanswered:sample"

// ---- zalo menus and download links ----

// keyMenu holds the numbered menu last shown in a chat on a platform without
// buttons (Zalo), so a reply "2" or the words of a choice become a button press.
// LIST of alternating label, data (label_1, data_1, label_2, data_2 …),
// replaced whole on every save; TTL 24h (menuTTL).
func keyMenu(platform, chatID string) string { return "loa:menu:" + platform + ":" + chatID }

// keyDownload holds one file behind a short-lived download link.
// HASH fields name, mime, data (at most MaxFileSize bytes); TTL = the link's
// lifetime (24h for Zalo links). The token is 128 random bits, base64url.
func keyDownload(token string) string { return "loa:dl:" + token }
