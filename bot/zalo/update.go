package zalo

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"loa/chat"
)

// Event names (platforms.md C3). Others seen in the wild (link, reaction,
// document) are ignored.
const (
	eventText        = "message.text.received"
	eventImage       = "message.image.received"
	eventSticker     = "message.sticker.received"
	eventVoice       = "message.voice.received"
	eventUnsupported = "message.unsupported.received"
)

// wireUpdate is one update as Zalo sends it: {event_name, message}.
type wireUpdate struct {
	EventName string       `json:"event_name"`
	Message   *wireMessage `json:"message"`
}

type wireMessage struct {
	MessageID FlexString `json:"message_id"`
	Date      flexInt    `json:"date"`
	Text      string     `json:"text"`
	Caption   string     `json:"caption"`
	Chat      struct {
		ID       FlexString `json:"id"`
		ChatType string     `json:"chat_type"`
	} `json:"chat"`
	From struct {
		ID          FlexString `json:"id"`
		DisplayName string     `json:"display_name"`
		FirstName   string     `json:"first_name"`
		Name        string     `json:"name"`
		IsBot       bool       `json:"is_bot"`
	} `json:"from"`
}

// flexInt is a millisecond timestamp, as a number or a numeric string.
type flexInt int64

func (f *flexInt) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) == 0 || string(b) == "null" {
		*f = 0
		return nil
	}
	s := string(b)
	if b[0] == '"' {
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
	}
	n, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return fmt.Errorf("date must be a number of milliseconds")
	}
	*f = flexInt(n)
	return nil
}

// decodeUpdates reads getUpdates' result tolerantly: "[" → an array, "{" →
// one update, null or {} → none. An element that does not decode is counted
// in bad and skipped, so one odd update never hides the others.
func decodeUpdates(raw json.RawMessage) (ups []wireUpdate, bad int) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return nil, 0
	}
	switch raw[0] {
	case '[':
		var items []json.RawMessage
		if err := json.Unmarshal(raw, &items); err != nil {
			return nil, 1
		}
		for _, it := range items {
			u, ok, err := decodeOne(it)
			switch {
			case err != nil:
				bad++
			case ok:
				ups = append(ups, u)
			}
		}
		return ups, bad
	case '{':
		u, ok, err := decodeOne(raw)
		if err != nil {
			return nil, 1
		}
		if ok {
			return []wireUpdate{u}, 0
		}
		return nil, 0
	case 'n':
		return nil, 0
	}
	return nil, 1
}

// decodeOne decodes one update object; ok is false for null and {}.
func decodeOne(raw json.RawMessage) (u wireUpdate, ok bool, err error) {
	raw = bytes.TrimSpace(raw)
	if string(raw) == "null" {
		return u, false, nil
	}
	if len(raw) == 0 || raw[0] != '{' {
		return u, false, errors.New("update is not an object")
	}
	if err := json.Unmarshal(raw, &u); err != nil {
		return u, false, err
	}
	return u, u.EventName != "" || u.Message != nil, nil
}

// decodeWebhook reads a webhook body in either shape: wrapped
// {"ok":true,"result":{…}} (docs sample, SDKs) or flat {event_name,message}
// (real captures). ok is false for an empty update.
func decodeWebhook(raw []byte) (u wireUpdate, ok bool, err error) {
	var probe map[string]json.RawMessage
	if err := json.Unmarshal(raw, &probe); err != nil {
		return u, false, fmt.Errorf("webhook body: %w", err)
	}
	if res, wrapped := probe["result"]; wrapped {
		if _, hasOK := probe["ok"]; hasOK {
			raw = res
		}
	}
	u, ok, err = decodeOne(raw)
	if err != nil {
		return u, false, fmt.Errorf("webhook body: %w", err)
	}
	return u, ok, nil
}

// action says what to do with an inbound update.
type action int

const (
	actIgnore action = iota // unknown event, no chat, a bot
	actHandle               // a message for the handlers
)

// classify turns a wire update into a neutral Update and says what to do.
// A message without words (a picture, a sticker, a voice note) goes to the
// handlers with no text, as on Telegram: the router decides what to say
// (nothing in a group; in private, that Loa reads only words, and to a
// head that nothing was recorded from the photo of her sign-in sheet).
func classify(w wireUpdate) (chat.Update, action) {
	m := w.Message
	if m == nil || m.Chat.ID == "" || m.From.IsBot {
		return chat.Update{}, actIgnore
	}
	u := chat.Update{
		Platform:  chat.Zalo,
		ID:        w.EventName + ":" + string(m.MessageID),
		ChatID:    string(m.Chat.ID),
		UserID:    string(m.From.ID),
		UserName:  firstNonEmpty(m.From.DisplayName, m.From.FirstName, m.From.Name),
		MessageID: string(m.MessageID),
		Group:     strings.EqualFold(m.Chat.ChatType, "GROUP"),
		Time:      msTime(int64(m.Date)),
	}
	// A Zalo bot in a group receives only the messages that @mention it
	// or reply to it: every one is meant for it.
	u.Addressed = u.Group
	if u.UserID == "" && !u.Group {
		u.UserID = u.ChatID // in private chats chat.id equals from.id
	}
	switch w.EventName {
	case eventText:
		u.Text = strings.TrimSpace(m.Text)
		if u.Text == "" {
			return u, actIgnore
		}
		return u, actHandle
	case eventImage:
		// A picture with words under it: the words are the message.
		u.Text = strings.TrimSpace(m.Caption)
		return u, actHandle
	case eventVoice, eventUnsupported, eventSticker:
		return u, actHandle
	}
	// Unknown events (link, reaction, document …): nothing to answer.
	return u, actIgnore
}

// msTime reads Zalo's millisecond dates; a value that can only be seconds
// (before 1973 in ms) is read as seconds, and none means now.
func msTime(v int64) time.Time {
	switch {
	case v <= 0:
		return time.Now()
	case v < 100_000_000_000:
		return time.Unix(v, 0)
	}
	return time.UnixMilli(v)
}
