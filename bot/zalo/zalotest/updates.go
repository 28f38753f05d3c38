package zalotest

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"time"
	"unicode/utf8"
)

// NewID returns a fresh opaque hex-like id, the shape of Zalo's ids.
func NewID() string {
	var b [10]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

func (s *Server) newMessage(chatID, chatType, fromID, name string) *InMessage {
	return &InMessage{
		MessageID: NewID(), Date: time.Now().UnixMilli(),
		ChatID: chatID, ChatType: chatType, FromID: fromID, FromName: name,
	}
}

// UserSays injects a text message in a private chat (chat id = user id).
func (s *Server) UserSays(chatID, name, text string) Update {
	m := s.newMessage(chatID, "PRIVATE", chatID, name)
	m.Text = text
	return s.Inject(Update{EventName: EventText, Message: m})
}

// GroupSays injects a text message from userID in a GROUP chat.
func (s *Server) GroupSays(groupID, userID, name, text string) Update {
	m := s.newMessage(groupID, "GROUP", userID, name)
	m.Text = text
	return s.Inject(Update{EventName: EventText, Message: m})
}

// UserSendsImage injects a picture with an optional caption.
func (s *Server) UserSendsImage(chatID, name, photoURL, caption string) Update {
	m := s.newMessage(chatID, "PRIVATE", chatID, name)
	m.PhotoURL, m.Caption = photoURL, caption
	return s.Inject(Update{EventName: EventImage, Message: m})
}

// UserSendsSticker injects a sticker.
func (s *Server) UserSendsSticker(chatID, name, sticker string) Update {
	m := s.newMessage(chatID, "PRIVATE", chatID, name)
	m.Sticker, m.StickerURL = sticker, "https://zalo-api.zadn.vn/api/emoticon/sticker/webpc?eid="+sticker
	return s.Inject(Update{EventName: EventSticker, Message: m})
}

// UserSendsVoice injects a voice message.
func (s *Server) UserSendsVoice(chatID, name, voiceURL string) Update {
	m := s.newMessage(chatID, "PRIVATE", chatID, name)
	m.VoiceURL = voiceURL
	return s.Inject(Update{EventName: EventVoice, Message: m})
}

// Unsupported injects message.unsupported.received (a document, a contact
// card, a protected account), with or without its message object.
func (s *Server) Unsupported(chatID, name string, withMessage bool) Update {
	u := Update{EventName: EventUnsupported}
	if withMessage {
		u.Message = s.newMessage(chatID, "PRIVATE", chatID, name)
	}
	return s.Inject(u)
}

// Inject queues any update (any event name) for getUpdates, or pushes it to
// the webhook when one is set.
func (s *Server) Inject(u Update) Update {
	s.mu.Lock()
	hooked, flat := s.hookURL != "", s.flat
	if !hooked {
		s.queue = append(s.queue, u)
	}
	s.changedLocked()
	s.mu.Unlock()
	if hooked {
		s.pushQ <- pending{u: u, flat: flat}
	}
	return u
}

// payload renders an update as the platform does. nameField is "first_name"
// for getUpdates (the docs sample) and "display_name" for webhooks (captures).
func (u Update) payload(nameField string) map[string]any {
	out := map[string]any{"event_name": u.EventName}
	m := u.Message
	if m == nil {
		return out
	}
	msg := map[string]any{
		"message_id": m.MessageID,
		"date":       m.Date,
		"chat":       map[string]any{"id": m.ChatID, "chat_type": m.ChatType},
		"from":       map[string]any{"id": m.FromID, nameField: m.FromName, "is_bot": false},
	}
	for k, v := range map[string]string{"text": m.Text, "photo_url": m.PhotoURL, "caption": m.Caption,
		"sticker": m.Sticker, "url": m.StickerURL, "voice_url": m.VoiceURL} {
		if v != "" {
			msg[k] = v
		}
	}
	out["message"] = msg
	return out
}

// ---- reading what happened ----

// Webhook reports the registered webhook URL ("" when none) and updated_at (ms).
func (s *Server) Webhook() (url string, updatedAt int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hookURL, s.hookAt
}

// getUpdates holds until an update is queued or the timeout passes (408).
// A poll whose client went away takes nothing, so no update is lost to it.
func (s *Server) getUpdates(ctx context.Context, p map[string]any) (any, *apiError) {
	timeout := 30 * time.Second
	if v, ok := p["timeout"]; ok {
		var raw string
		switch v := v.(type) {
		case string:
			raw = v
		case json.Number:
			raw = v.String()
		default:
			return nil, fail(400, "timeout must be a number of seconds")
		}
		secs, err := strconv.ParseFloat(raw, 64)
		if err != nil || secs < 0 {
			return nil, fail(400, "timeout must be a number of seconds")
		}
		timeout = time.Duration(secs * float64(time.Second))
	}
	s.mu.Lock()
	if s.maxHold > 0 && timeout > s.maxHold {
		timeout = s.maxHold
	}
	s.mu.Unlock()
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	s.mu.Lock()
	s.holding++
	s.changedLocked()
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		s.holding--
		s.changedLocked()
		s.mu.Unlock()
	}()
	for {
		s.mu.Lock()
		if s.hookURL != "" {
			s.mu.Unlock()
			// [?] The real error is undocumented; Telegram's wording.
			return nil, fail(409, "can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first")
		}
		if len(s.queue) > 0 {
			var result any
			if s.arrays {
				all := make([]any, len(s.queue))
				for i, u := range s.queue {
					all[i] = u.payload("first_name")
				}
				s.queue = nil
				result = all
			} else {
				result = s.queue[0].payload("first_name")
				s.queue = s.queue[1:]
			}
			s.mu.Unlock()
			return result, nil
		}
		ch := s.changed
		s.mu.Unlock()
		select {
		case <-ch:
		case <-timer.C:
			return nil, fail(408, "")
		case <-ctx.Done():
			return nil, nil
		case <-s.done:
			return nil, fail(503, "")
		}
	}
}

func (s *Server) setWebhook(p map[string]any) (any, *apiError) {
	raw, _ := p["url"].(string)
	secret, _ := p["secret_token"].(string)
	u, err := url.Parse(raw)
	if raw == "" || err != nil || u.Host == "" {
		return nil, fail(400, "url is required")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	local := u.Hostname() == "127.0.0.1" || u.Hostname() == "localhost"
	if u.Scheme != "https" && !(s.allowHTTP && u.Scheme == "http" && local) {
		return nil, fail(400, "url must be HTTPS")
	}
	if n := utf8.RuneCountInString(secret); n < 8 || n > 256 {
		return nil, fail(400, "secret_token must be 8-256 characters")
	}
	s.hookURL, s.hookSecret, s.hookAt = raw, secret, time.Now().UnixMilli()
	s.changedLocked()
	return map[string]any{"url": s.hookURL, "updated_at": s.hookAt}, nil
}

// pusher delivers injected updates to the webhook one at a time, in order.
func (s *Server) pusher() {
	defer s.pushWG.Done()
	for {
		select {
		case <-s.done:
			return
		case p := <-s.pushQ:
			s.pushOne(p.u, p.flat)
		}
	}
}

func (s *Server) pushOne(u Update, flat bool) {
	s.mu.Lock()
	hook, secret := s.hookURL, s.hookSecret
	s.mu.Unlock()
	d := Delivery{EventName: u.EventName, Flat: flat}
	if u.Message != nil {
		d.MessageID = u.Message.MessageID
	}
	var body any = u.payload("display_name")
	if !flat {
		body = map[string]any{"ok": true, "result": body}
	}
	raw, _ := json.Marshal(body)
	if hook == "" {
		d.Err = "no webhook set"
	} else if req, err := http.NewRequest(http.MethodPost, hook, bytes.NewReader(raw)); err != nil {
		d.Err = err.Error()
	} else {
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Bot-Api-Secret-Token", secret)
		resp, err := s.push.Do(req)
		if err != nil {
			d.Err = err.Error()
		} else {
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			d.Status = resp.StatusCode
		}
	}
	s.mu.Lock()
	s.deliveries = append(s.deliveries, d)
	s.stats.Pushed++
	s.changedLocked()
	s.mu.Unlock()
}
