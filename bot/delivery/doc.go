// Package delivery drains the outbox: it sends bulk messages (notices,
// scheduled posts, queued replies) at each bot token's platform limit, shared
// by every replica through Redis, and records each recipient's outcome so a
// crash, a restart or a second replica never loses a recipient and never
// sends one a second copy.
//
// # How a job goes out
//
// A caller creates a job (CreateJob, idempotent on its key), appends
// recipients in batches (AddRecipients; a chat already in the job is
// skipped), then starts it (Start). Enqueue does all three for one reply.
// Workers in every engine process (Run) claim a few recipients at a time
// from Redis, in delivery order: replies to an emergency (KindUrgent), other
// replies (KindReply), then notices (KindNotice), then scheduled posts
// (KindPost), oldest job first. The order is the job's score in its token's
// ready queue, in Redis, so it survives a crash and a restart. Recipients
// are popped from a Redis list as they are claimed, so neither the engine's
// memory nor a claim grows with the number of recipients.
//
// Long texts are split here, not by the adapter: CreateJob cuts the text with
// chat.SplitText under the platform's limit (Telegram 4,096 UTF-16 units,
// Zalo 2,000 characters) so each part is exactly one platform message and
// its delivery is recorded on its own. Buttons and a file ride on the last
// part. A recipient gets its parts in order; a part that is delivered is
// never sent again.
//
// # Per-recipient state and exactly once
//
// Each recipient moves: pending (in the list) → claimed (a lease: owner and
// deadline) → sending (the fence: written when the request is about to be
// written on its connection) → sent | blocked | failed(reason) | cancelled,
// or back to waiting (a transient error or a 429) for another claim. Every
// step is one Lua script, fenced by the owner, and the counts change in the
// same script.
//
// When a worker disappears (kill -9, or cut off from Redis beyond its lease),
// any engine reaps its expired leases:
//   - claimed, not sending: the request never left; the recipient is due
//     again at once and gets its copy from another worker;
//   - sending: the request may or may not have reached the platform — the
//     in-doubt window. Telegram and Zalo take no idempotency key, so no
//     policy can be exact here. Loa counts that part as delivered and never
//     resends it (at most once). The recipient ends as "in doubt"
//     (JobStatus.InDoubt, and "in doubt" in the outcomes) rather than
//     "sent", so the count stays honest; any later parts of a long notice
//     are still sent.
//
// At most once must not turn into never, so the fence is written as late as
// it can be: not when the worker starts a send, but by the adapter once the
// request has its connection — dialled, TLS done, or taken from the pool —
// and before its first byte is written (chat.Reply.Fence, run from the
// GotConn hook of net/http; internal/httpfence). Everything slow before a
// request leaves (dialling, the TLS handshake, waiting for a pooled
// connection, a goroutine waiting to run) happens while the recipient is
// only claimed: a worker killed there sent nothing, and she is sent once by
// another worker. The fence reaches Redis before any byte of the request can
// reach the platform (the request waits for the script's reply), and a fence
// that fails (Redis down, her claim lost while connecting) sends nothing.
// What is left between the fence and the request is the fence's own reply
// (on Sentinel and Cluster, its WAIT for a replica, up to 50 ms) and the
// write of a request already in hand on a live connection (on a loaded
// machine, the writing goroutine's turn to run; on HTTP/2, a free stream on
// the connection). Against a real platform the round trip that follows is
// far longer, so a worker killed while a recipient is in doubt has most
// likely handed her request over, and resending would duplicate it. A
// send that fails before its fence (no connection, a bad chat id) sent
// nothing and is recorded from the claim as unsent, with its own outcome: a
// transient error is tried again, a permanent one fails her.
//
// The window is one request per worker at a time; a graceful stop (ctx
// cancelled) lets in-flight sends finish and record, so it leaves no
// recipient in doubt.
//
// A send whose record cannot reach Redis is retried until the sending lease
// (SendTimeout + Lease) runs out; Redis down for longer than that turns the
// recipient "in doubt" as above, and a mark that reached Redis but whose
// reply was lost in such an outage can, rarely, leave a recipient in doubt
// that was never sent.
//
// # Rate limit
//
// One limiter per bot token lives in Redis (store.TakeRateSlot): a GCRA over
// the token's overall lane (Telegram 30/s), the chat's lane (1/s for a
// private chat, 20/min for a group) and a 429 pause, checked in one script on
// Redis time, so every replica shares one budget. Slots are spaced
// (1 s + 10 ms)/rate apart and a bulk grant may come up to 10 ms late without
// losing its slot, so no one-second window ever holds more than the limit
// while polling jitter costs no rate (29.7/s of Telegram's 30). A 429 pauses
// the whole token for exactly retry_after. Bulk workers only take a slot
// that is free now; a reply (Limiter.Wait, used by adapters for direct
// replies, and by queued KindReply jobs) books the next free slot ahead of
// them, so a reply waits about one slot even during a 100-minute notice.
// An emergency's reply (Limiter.WaitUrgent, and KindUrgent jobs) also goes
// ahead of what waits for its chat: while the chat's lane keeps it waiting
// it holds the lane, so the chat's next slot is its own (in a group at
// twenty a minute, three seconds instead of a minute behind the answers
// queued before it); it gets that slot like any other message, so the
// chat's limit holds.
//
// Exactly once across a crash of Redis itself needs appendfsync always:
// with everysec, Redis may acknowledge a write and lose it on kill -9 when
// a background fsync is slow (it postpones writing up to 2 s), and a lost
// claim would send its recipient again.
//
// Transient errors (5xx, timeouts) are retried with exponential backoff and
// jitter up to MaxAttempts, then recorded as failed with their reason; a
// permanent error is recorded at once; a blocked recipient is recorded and
// reported to OnBlocked so the member can be left out next time.
package delivery
