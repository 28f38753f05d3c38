package telegramtest

import (
	"encoding/json"
	"strconv"
	"time"
)

// chatState is what a scripted chat answers to sends.
type chatState int

const (
	chatOK chatState = iota
	chatBlocked
	chatDeactivated
	chatKicked
	chatMigrated
	chatNoStart
)

type chat struct {
	id        int64
	name      string // private: the user's first name; group: the title
	state     chatState
	migrateTo int64
	nextMsgID int64
	messages  map[int64]*Message // the bot's messages by id
	said      map[int64]string   // the users' group messages by id: what a reply of the bot answers
	order     []*Message         // the bot's messages in the order sent
	failCodes []int              // scripted failures for the next calls
	flood     time.Time          // scripted flood control until
	stall     time.Duration      // every call into the chat is answered this late
	rate      chatRate
}

func (c *chat) isGroup() bool { return c.id < 0 }

func (c *chat) json() map[string]any {
	switch {
	case c.id <= -1000000000000:
		return map[string]any{"id": c.id, "type": "supergroup", "title": c.name}
	case c.id < 0:
		return map[string]any{"id": c.id, "type": "group", "title": c.name}
	}
	return map[string]any{"id": c.id, "type": "private", "first_name": c.name}
}

// Message is one message the bot sent, as the server recorded it.
type Message struct {
	ChatID    int64
	MessageID int64
	Method    string // "sendMessage", "sendDocument" or "sendPhoto"
	// Text is what the user sees: the text (or caption) after entity
	// parsing, so "&lt;b&gt;" sent with parse_mode HTML reads "<b>".
	Text      string
	RawText   string // as the bot sent it, markup included
	ParseMode string
	Entities  []Entity
	Buttons   [][]Button // the inline keyboard, nil when none
	File      *File      // sendDocument / sendPhoto
	Time      time.Time  // when it was sent
	Edits     int        // successful editMessageText calls on it
	EditedAt  time.Time
	Deleted   bool
	// ReplyTo is the message this one answers (reply_to_message_id), 0
	// when none.
	ReplyTo int64
}

// Button is one inline keyboard button with its single action.
type Button struct {
	Text         string `json:"text"`
	CallbackData string `json:"callback_data,omitempty"`
	URL          string `json:"url,omitempty"`
}

// File is an uploaded document or photo.
type File struct {
	FileID string
	Name   string
	MIME   string
	Data   []byte
	Photo  bool
	Width  int // photos: the decoded image size
	Height int
	path   string
}

func (m *Message) clone() Message {
	c := *m
	c.Entities = append([]Entity(nil), m.Entities...)
	if m.Buttons != nil {
		c.Buttons = make([][]Button, len(m.Buttons))
		for i, row := range m.Buttons {
			c.Buttons[i] = append([]Button(nil), row...)
		}
	}
	return c
}

// Stats are the server's counters since it started.
type Stats struct {
	Sent            int // successful sendMessage/sendDocument/sendPhoto
	Edits           int // successful editMessageText
	TooManyRequests int // 429 answers, scripted ones included
	// PeakPerSecond is the most sends and edits counted within one global
	// rate window (Limits.Window minus Limits.Tolerance).
	PeakPerSecond int
	Calls         int // every authorised API call
}

type callbackQuery struct {
	id        string
	chatID    int64
	messageID int64
	data      string
	created   time.Time
	answered  bool
	answer    CallbackAnswer
}

// CallbackAnswer is what the bot answered to a button press.
type CallbackAnswer struct {
	Text      string
	ShowAlert bool
	Time      time.Time
}

type pendingUpdate struct {
	id      int64
	kind    string // "message", "callback_query", "my_chat_member", ...
	body    map[string]any
	created time.Time
}

func (u pendingUpdate) json() json.RawMessage {
	m := map[string]any{"update_id": u.id}
	for k, v := range u.body {
		m[k] = v
	}
	b, _ := json.Marshal(m)
	return b
}

// defaultAllowed is every update type except those that must be asked for.
func (s *Server) allowedLocked(kind string) bool {
	if s.allowedUpdates == nil {
		return kind != "chat_member" && kind != "message_reaction" && kind != "message_reaction_count"
	}
	return s.allowedUpdates[kind]
}

// chatLocked finds (or, for hooks, creates) a chat.
func (s *Server) chatLocked(id int64, create bool, name string) *chat {
	c := s.chats[id]
	if c == nil && (create || s.opts.AnyChat) {
		if name == "" {
			name = "Chat " + strconv.FormatInt(id, 10)
		}
		c = &chat{id: id, name: name, messages: map[int64]*Message{}, said: map[int64]string{}}
		s.chats[id] = c
	}
	if c != nil && name != "" && create {
		c.name = name
	}
	return c
}

// targetChatLocked resolves the chat_id parameter of a send.
func (s *Server) targetChatLocked(r *request) (*chat, int64, *apiError) {
	raw, ok := r.params["chat_id"]
	if !ok || raw == "" {
		return nil, 0, badRequest("chat_id is empty")
	}
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil {
		return nil, 0, badRequest("chat not found")
	}
	c := s.chatLocked(id, false, "")
	if c == nil {
		return nil, id, badRequest("chat not found")
	}
	return c, id, nil
}

// gateLocked applies the chat's scripted state before a call to it.
func (s *Server) gateLocked(c *chat, now time.Time) *apiError {
	switch c.state {
	case chatBlocked:
		return &apiError{code: 403, desc: "Forbidden: bot was blocked by the user"}
	case chatDeactivated:
		return &apiError{code: 403, desc: "Forbidden: user is deactivated"}
	case chatNoStart:
		return &apiError{code: 403, desc: "Forbidden: bot can't initiate conversation with a user"}
	case chatKicked:
		if c.id <= -1000000000000 {
			return &apiError{code: 403, desc: "Forbidden: bot was kicked from the supergroup chat"}
		}
		return &apiError{code: 403, desc: "Forbidden: bot was kicked from the group chat"}
	case chatMigrated:
		return &apiError{code: 400, desc: "Bad Request: group chat was upgraded to a supergroup chat", migrateTo: c.migrateTo}
	}
	if len(c.failCodes) > 0 {
		code := c.failCodes[0]
		c.failCodes = c.failCodes[1:]
		return statusError(code)
	}
	if now.Before(c.flood) {
		return tooMany(ceilSeconds(c.flood.Sub(now)))
	}
	if now.Before(s.floodAll) {
		return tooMany(ceilSeconds(s.floodAll.Sub(now)))
	}
	return nil
}

func (s *Server) botUser() map[string]any {
	return map[string]any{"id": s.botID, "is_bot": true, "first_name": "Loa", "username": s.opts.BotUserName}
}

// messageJSON renders a bot message the way the API returns it.
func (s *Server) messageJSON(m *Message, c *chat) map[string]any {
	out := map[string]any{
		"message_id": m.MessageID,
		"from":       s.botUser(),
		"chat":       c.json(),
		"date":       m.Time.Unix(),
	}
	if m.EditedAt.After(m.Time) {
		out["edit_date"] = m.EditedAt.Unix()
	}
	textKey, entKey := "text", "entities"
	if m.File != nil {
		textKey, entKey = "caption", "caption_entities"
		if m.File.Photo {
			out["photo"] = []map[string]any{{"file_id": m.File.FileID, "file_unique_id": "u" + m.File.FileID, "width": m.File.Width, "height": m.File.Height, "file_size": len(m.File.Data)}}
		} else {
			out["document"] = map[string]any{"file_id": m.File.FileID, "file_unique_id": "u" + m.File.FileID, "file_name": m.File.Name, "mime_type": m.File.MIME, "file_size": len(m.File.Data)}
		}
	}
	if m.Text != "" {
		out[textKey] = m.Text
	}
	if len(m.Entities) > 0 {
		out[entKey] = m.Entities
	}
	if len(m.Buttons) > 0 {
		out["reply_markup"] = map[string]any{"inline_keyboard": m.Buttons}
	}
	return out
}
