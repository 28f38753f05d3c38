package telegramtest

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// This file holds the test hooks: what users do (inbound updates), how a
// chat misbehaves (scripted failures), and what the bot did (read-back).

func (s *Server) fail(format string, args ...any) {
	if s.tb != nil {
		s.tb.Helper()
		s.tb.Errorf("telegramtest: "+format, args...)
	}
}

// enqueueLocked adds an update; the allowed_updates setting in force now
// decides whether it will ever be delivered. It returns the update_id.
func (s *Server) enqueueLocked(kind string, body map[string]any) int64 {
	id := s.nextUpdateID
	s.nextUpdateID++
	if s.allowedLocked(kind) {
		s.updates = append(s.updates, pendingUpdate{id: id, kind: kind, body: map[string]any{kind: body}, created: time.Now()})
	}
	s.notifyLocked()
	return id
}

func userJSON(id int64, name string) map[string]any {
	return map[string]any{"id": id, "is_bot": false, "first_name": name, "language_code": "vi"}
}

func textMessage(msgID int64, from map[string]any, c *chat, text string) map[string]any {
	m := map[string]any{"message_id": msgID, "from": from, "chat": c.json(), "date": time.Now().Unix(), "text": text}
	if strings.HasPrefix(text, "/") {
		cmd, _, _ := strings.Cut(text, " ")
		m["entities"] = []Entity{{Type: "bot_command", Offset: 0, Length: utf16Len(cmd)}}
	}
	return m
}

// AddChat makes a chat known (private when chatID > 0, group when < 0) with
// a name (first name or group title), as if its user had pressed Start.
func (s *Server) AddChat(chatID int64, name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.chatLocked(chatID, true, name)
}

// UserSays queues a text message from the user of private chat chatID
// (user id = chat id) and returns its update_id. A command ("/start ref")
// carries a bot_command entity. Writing unblocks a chat blocked earlier.
func (s *Server) UserSays(chatID int64, name, text string) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.chatLocked(chatID, true, name)
	if c.state == chatBlocked || c.state == chatNoStart {
		c.state = chatOK
	}
	c.nextMsgID++
	return s.enqueueLocked("message", textMessage(c.nextMsgID, userJSON(chatID, c.name), c, text))
}

// UserSaysInGroup queues a text message written by userID in group chat
// groupID (a negative id) and returns its update_id. "@<bot username>" in
// the text carries a "mention" entity, as the apps mark a mention.
func (s *Server) UserSaysInGroup(groupID, userID int64, name, text string) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.enqueueLocked("message", s.groupMessageLocked(groupID, userID, name, text))
}

// UserRepliesInGroup queues a text message written by userID in group
// chat groupID as a reply to the bot's message messageID there (the
// apps' "Reply"), and returns its update_id. The bot's message must exist.
func (s *Server) UserRepliesInGroup(groupID, userID int64, name string, messageID int64, text string) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.chats[groupID]
	if c == nil || c.messages[messageID] == nil {
		s.fail("UserRepliesInGroup: group %d has no message %d of the bot", groupID, messageID)
		return 0
	}
	m := s.groupMessageLocked(groupID, userID, name, text)
	m["reply_to_message"] = s.messageJSON(c.messages[messageID], c)
	return s.enqueueLocked("message", m)
}

func (s *Server) groupMessageLocked(groupID, userID int64, name, text string) map[string]any {
	c := s.chatLocked(groupID, true, "")
	c.nextMsgID++
	m := textMessage(c.nextMsgID, userJSON(userID, name), c, text)
	c.said[c.nextMsgID] = text
	mention := "@" + s.opts.BotUserName
	if i := strings.Index(strings.ToLower(text), strings.ToLower(mention)); i >= 0 && !strings.HasPrefix(text, "/") {
		m["entities"] = []Entity{{Type: "mention", Offset: utf16Len(text[:i]), Length: utf16Len(mention)}}
	}
	return m
}

// Inject queues an update of any kind with body as its content (for
// example kind "edited_message", or a malformed "message" to test that a
// client skips a poison update) and returns its update_id.
func (s *Server) Inject(kind string, body map[string]any) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.enqueueLocked(kind, body)
}

// PressButton queues a callback_query: the user of private chat chatID
// pressed the button with callback data under the bot's message messageID.
// The button must exist on that message now, as in a real client; misuse
// fails the test and returns "". It returns the callback query id the bot
// must answer within Options.CallbackTTL.
func (s *Server) PressButton(chatID, messageID int64, data string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.chats[chatID]
	if c == nil {
		s.fail("PressButton: chat %d unknown", chatID)
		return ""
	}
	m := c.messages[messageID]
	if m == nil || m.Deleted {
		s.fail("PressButton: chat %d has no message %d of the bot", chatID, messageID)
		return ""
	}
	if !hasButton(m, func(b Button) bool { return b.CallbackData == data }) {
		s.fail("PressButton: message %d in chat %d has no button with data %q", messageID, chatID, data)
		return ""
	}
	return s.pressLocked(c, m, data)
}

// PressForgedButton queues a callback_query with data that no button of
// message messageID carries, as a modified client can send (the Bot API
// passes callback data through unchecked; bots must not trust it). It
// returns the callback query id, which the bot answers as usual.
func (s *Server) PressForgedButton(chatID, messageID int64, data string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.chats[chatID]
	if c == nil {
		s.fail("PressForgedButton: chat %d unknown", chatID)
		return ""
	}
	m := c.messages[messageID]
	if m == nil {
		s.fail("PressForgedButton: chat %d has no message %d of the bot", chatID, messageID)
		return ""
	}
	return s.pressLocked(c, m, data)
}

// PressButtonText presses the button labelled text on the most recent
// message of the bot in chat chatID that shows it, and returns the callback
// query id; misuse fails the test and returns "".
func (s *Server) PressButtonText(chatID int64, text string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.chats[chatID]
	if c == nil {
		s.fail("PressButtonText: chat %d unknown", chatID)
		return ""
	}
	for i := len(s.sent) - 1; i >= 0; i-- {
		m := s.sent[i]
		if m.ChatID != chatID || m.Deleted {
			continue
		}
		for _, row := range m.Buttons {
			for _, b := range row {
				if b.Text == text && b.CallbackData != "" {
					return s.pressLocked(c, m, b.CallbackData)
				}
			}
		}
	}
	s.fail("PressButtonText: no button %q in chat %d", text, chatID)
	return ""
}

func hasButton(m *Message, match func(Button) bool) bool {
	for _, row := range m.Buttons {
		for _, b := range row {
			if match(b) {
				return true
			}
		}
	}
	return false
}

func (s *Server) pressLocked(c *chat, m *Message, data string) string {
	s.nextCallbackID++
	id := fmt.Sprintf("%d", 4403917288000000000+s.nextCallbackID)
	s.callbacks[id] = &callbackQuery{id: id, chatID: c.id, messageID: m.MessageID, data: data, created: time.Now()}
	s.enqueueLocked("callback_query", map[string]any{
		"id":            id,
		"from":          userJSON(c.id, c.name),
		"message":       s.messageJSON(m, c),
		"chat_instance": fmt.Sprintf("-%d", 7000000000000000000+c.id),
		"data":          data,
	})
	return id
}

// UserBlocksBot makes every later call to chat chatID fail with 403
// "Forbidden: bot was blocked by the user" and queues the my_chat_member
// update (new status "kicked") Telegram sends; it returns its update_id.
func (s *Server) UserBlocksBot(chatID int64) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.chatLocked(chatID, true, "")
	c.state = chatBlocked
	now := time.Now().Unix()
	return s.enqueueLocked("my_chat_member", map[string]any{
		"chat":            c.json(),
		"from":            userJSON(chatID, c.name),
		"date":            now,
		"old_chat_member": map[string]any{"user": s.botUser(), "status": "member"},
		"new_chat_member": map[string]any{"user": s.botUser(), "status": "kicked", "until_date": 0},
	})
}

func (s *Server) setState(chatID int64, st chatState, migrateTo int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.chatLocked(chatID, true, "")
	c.state, c.migrateTo = st, migrateTo
	if st == chatMigrated {
		s.chatLocked(migrateTo, true, c.name)
	}
}

// DeactivateUser makes chat chatID answer 403 "Forbidden: user is deactivated".
func (s *Server) DeactivateUser(chatID int64) { s.setState(chatID, chatDeactivated, 0) }

// NeverStarted makes chat chatID answer 403 "Forbidden: bot can't initiate
// conversation with a user" (the user never pressed Start).
func (s *Server) NeverStarted(chatID int64) { s.setState(chatID, chatNoStart, 0) }

// KickBotFromGroup makes group groupID answer 403 "Forbidden: bot was
// kicked from the group chat" (or "supergroup chat").
func (s *Server) KickBotFromGroup(groupID int64) { s.setState(groupID, chatKicked, 0) }

// MigrateGroup makes group groupID answer 400 "Bad Request: group chat was
// upgraded to a supergroup chat" with parameters.migrate_to_chat_id newID;
// newID becomes a known chat.
func (s *Server) MigrateGroup(groupID, newID int64) { s.setState(groupID, chatMigrated, newID) }

// ForgetChat removes chat chatID: calls to it answer "chat not found".
func (s *Server) ForgetChat(chatID int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.chats, chatID)
}

// FailNext makes the next n calls of method (case-insensitive; "*" for any
// method) fail with code before anything else is checked: 429 carries
// retry_after 1; 5xx use Telegram's texts ("Internal Server Error",
// "Bad Gateway", ...); 403 is "bot was blocked by the user".
func (s *Server) FailNext(method string, n, code int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	key := strings.ToLower(method)
	for range n {
		s.failNext[key] = append(s.failNext[key], code)
	}
}

// FailChat makes the next n calls into chat chatID fail with code (after
// the chat is found, before rate limits).
func (s *Server) FailChat(chatID int64, n, code int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.chatLocked(chatID, true, "")
	for range n {
		c.failCodes = append(c.failCodes, code)
	}
}

// outage is a window in which the whole API answers one error.
type outage struct {
	until time.Time
	code  int
}

// FailFor makes every call, of any method, fail with code (a 5xx: an outage
// of Telegram's servers) for d from now. Nothing the failed calls carried
// is recorded as sent.
func (s *Server) FailFor(d time.Duration, code int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.outage = outage{until: time.Now().Add(d), code: code}
}

// FloodChat puts chat chatID under flood control for d: calls into it get
// 429 with the remaining seconds as retry_after.
func (s *Server) FloodChat(chatID int64, d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.chatLocked(chatID, true, "").flood = time.Now().Add(d)
}

// StallChat makes every call into chat chatID wait d before it is answered
// (and then handled as usual): a platform call that hangs for one chat.
// Zero ends the stall.
func (s *Server) StallChat(chatID int64, d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.chatLocked(chatID, true, "").stall = d
}

// FloodAll puts the whole token under flood control for d, as Telegram
// does after a mass send.
func (s *Server) FloodAll(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.floodAll = time.Now().Add(d)
}

// Said is the text of a user's message msgID in group chatID (written
// with UserSaysInGroup or UserRepliesInGroup), "" when there is none: what
// a bot's Message.ReplyTo answers.
func (s *Server) Said(chatID, msgID int64) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c := s.chats[chatID]; c != nil {
		return c.said[msgID]
	}
	return ""
}

// Messages returns the bot's messages in chat chatID in the order sent,
// with later edits and deletions applied.
func (s *Server) Messages(chatID int64) []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.chats[chatID]
	if c == nil {
		return nil
	}
	out := make([]Message, len(c.order))
	for i, m := range c.order {
		out[i] = m.clone()
	}
	return out
}

// AllSent returns every message the bot sent successfully, in order; a
// message rejected (429, 403, 400...) is never in it.
func (s *Server) AllSent() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Message, len(s.sent))
	for i, m := range s.sent {
		out[i] = m.clone()
	}
	return out
}

// Calls returns every authorised API call in arrival order with its answer.
func (s *Server) Calls() []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Call(nil), s.calls...)
}

// Stats returns the counters.
func (s *Server) Stats() Stats {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stats
}

// CallbackAnswer returns the bot's answer to callback query id, if answered.
func (s *Server) CallbackAnswer(id string) (CallbackAnswer, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	q := s.callbacks[id]
	if q == nil || !q.answered {
		return CallbackAnswer{}, false
	}
	return q.answer, true
}

// Commands returns the command list set with setMyCommands (default scope).
func (s *Server) Commands() []Command {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Command(nil), s.commands...)
}

// PendingUpdates is the number of updates not yet confirmed (polling) or
// delivered (webhook): getWebhookInfo's pending_update_count.
func (s *Server) PendingUpdates() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.updates)
}

// Polling reports whether a getUpdates request is being held open now.
func (s *Server) Polling() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.pollCancel != nil
}

// Webhook returns the registered webhook URL and secret ("" when polling).
func (s *Server) Webhook() (url, secret string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.webhook.url, s.webhook.secret
}

// Deliveries returns every webhook POST made, in order.
func (s *Server) Deliveries() []Delivery {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Delivery(nil), s.deliveries...)
}

// WaitFor blocks until cond returns true or ctx ends. cond is evaluated
// after every change of the server's state (no polling); it may call the
// server's other methods.
func (s *Server) WaitFor(ctx context.Context, cond func() bool) error {
	for {
		s.mu.Lock()
		ch := s.changed
		s.mu.Unlock()
		if cond() {
			return nil
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return fmt.Errorf("telegramtest: wait: %w", ctx.Err())
		}
	}
}

// WaitForMessages waits until the bot has sent at least n messages into
// chat chatID and returns them all; on timeout it returns what there is
// with ctx's error.
func (s *Server) WaitForMessages(ctx context.Context, chatID int64, n int) ([]Message, error) {
	var got []Message
	err := s.WaitFor(ctx, func() bool {
		got = s.Messages(chatID)
		return len(got) >= n
	})
	if err != nil {
		return got, fmt.Errorf("telegramtest: %d of %d messages in chat %d: %w", len(got), n, chatID, err)
	}
	return got, nil
}
