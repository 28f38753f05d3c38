package telegramtest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"image"
	_ "image/gif" // photo uploads are decoded to check they are images
	_ "image/jpeg"
	_ "image/png"
	"net/url"
	"path"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

const (
	maxTextUnits    = 4096
	maxCaptionUnits = 1024
	maxPhotoBytes   = 10 << 20
)

func (s *Server) getMe(r *request) (any, int64, *apiError) {
	u := s.botUser()
	u["can_join_groups"] = true
	u["can_read_all_group_messages"] = false
	u["supports_inline_queries"] = false
	return u, 0, nil
}

// parseMessage reads a message's text and buttons as sendMessage and
// editMessageText both take them, refusing what Telegram refuses.
func parseMessage(r *request) (plain string, ents []Entity, buttons [][]Button, e *apiError) {
	plain, ents, e = parseText(r.params["text"], r.params["parse_mode"])
	if e != nil {
		return "", nil, nil, e
	}
	if strings.TrimSpace(plain) == "" {
		return "", nil, nil, badRequest("message text is empty")
	}
	if utf16Len(plain) > maxTextUnits {
		return "", nil, nil, badRequest("message is too long")
	}
	if buttons, e = parseMarkup(r.params["reply_markup"]); e != nil {
		return "", nil, nil, e
	}
	return plain, ents, buttons, nil
}

func (s *Server) sendMessage(r *request) (any, int64, *apiError) {
	text := r.params["text"]
	plain, ents, buttons, e := parseMessage(r)
	if e != nil {
		return nil, chatParam(r), e
	}
	replyTo, _ := strconv.ParseInt(r.params["reply_to_message_id"], 10, 64)
	return s.deliver(r, &Message{Method: "sendMessage", Text: plain, RawText: text, ParseMode: r.params["parse_mode"], Entities: ents, Buttons: buttons, ReplyTo: replyTo})
}

// deliver admits and records one new message of the bot.
func (s *Server) deliver(r *request, m *Message) (any, int64, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, id, e := s.targetChatLocked(r)
	if e != nil {
		return nil, id, e
	}
	now := time.Now()
	if e := s.gateLocked(c, now); e != nil {
		return nil, id, e
	}
	if e := s.admitLocked(c, now); e != nil {
		return nil, id, e
	}
	c.nextMsgID++
	m.ChatID, m.MessageID, m.Time = c.id, c.nextMsgID, now
	c.messages[m.MessageID] = m
	c.order = append(c.order, m)
	s.sent = append(s.sent, m)
	s.stats.Sent++
	s.notifyLocked()
	return s.messageJSON(m, c), id, nil
}

// buttonActions are the inline keyboard button fields that each are an action.
var buttonActions = []string{"url", "callback_data", "web_app", "login_url", "switch_inline_query",
	"switch_inline_query_current_chat", "switch_inline_query_chosen_chat", "callback_game", "pay", "copy_text"}

// parseMarkup checks reply_markup; it returns the inline keyboard, if any.
func parseMarkup(raw string) ([][]Button, *apiError) {
	if raw == "" {
		return nil, nil
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal([]byte(raw), &obj); err != nil || obj == nil {
		return nil, badRequest("can't parse reply keyboard markup JSON object")
	}
	ik, ok := obj["inline_keyboard"]
	if !ok {
		for _, k := range []string{"keyboard", "remove_keyboard", "force_reply"} {
			if _, ok := obj[k]; ok {
				return nil, nil
			}
		}
		return nil, badRequest("can't parse reply keyboard markup JSON object")
	}
	var rows [][]map[string]json.RawMessage
	if string(ik) == "null" || json.Unmarshal(ik, &rows) != nil {
		return nil, badRequest("field \"inline_keyboard\" of the InlineKeyboardMarkup must be an Array of Arrays")
	}
	out := [][]Button{}
	count := 0
	for _, row := range rows {
		var outRow []Button
		for _, b := range row {
			count++
			var btn Button
			if json.Unmarshal(b["text"], &btn.Text) != nil {
				return nil, badRequest("can't parse inline keyboard button: Field \"text\" must be of type String")
			}
			if btn.Text == "" {
				return nil, badRequest("BUTTON_TEXT_INVALID")
			}
			actions := 0
			for _, a := range buttonActions {
				if _, ok := b[a]; ok {
					actions++
				}
			}
			if actions == 0 {
				return nil, badRequest("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard")
			}
			if actions > 1 {
				return nil, badRequest("can't parse inline keyboard button: exactly one of the optional fields must be used")
			}
			if d, ok := b["callback_data"]; ok {
				if json.Unmarshal(d, &btn.CallbackData) != nil || btn.CallbackData == "" || len(btn.CallbackData) > 64 {
					return nil, badRequest("BUTTON_DATA_INVALID")
				}
			}
			if u, ok := b["url"]; ok {
				pu, err := url.Parse(strings.Trim(string(u), `"`))
				if json.Unmarshal(u, &btn.URL) != nil || err != nil || (pu.Scheme != "http" && pu.Scheme != "https" && pu.Scheme != "tg") || pu.Host == "" && pu.Scheme != "tg" {
					return nil, badRequest("BUTTON_URL_INVALID")
				}
			}
			outRow = append(outRow, btn)
		}
		if len(outRow) > 0 {
			out = append(out, outRow)
		}
	}
	if count > 100 {
		return nil, badRequest("BUTTONS_TOO_MUCH")
	}
	return out, nil
}

func (s *Server) messageIDParam(r *request) (int64, bool) {
	id, err := strconv.ParseInt(r.params["message_id"], 10, 64)
	return id, err == nil && id > 0
}

func (s *Server) editMessageText(r *request) (any, int64, *apiError) {
	if r.params["inline_message_id"] != "" {
		return nil, 0, badRequest("MESSAGE_ID_INVALID")
	}
	text := r.params["text"]
	plain, ents, buttons, e := parseMessage(r)
	if e != nil {
		return nil, chatParam(r), e
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c, id, e := s.targetChatLocked(r)
	if e != nil {
		return nil, id, e
	}
	now := time.Now()
	if e := s.gateLocked(c, now); e != nil {
		return nil, id, e
	}
	msgID, ok := s.messageIDParam(r)
	m := c.messages[msgID]
	if !ok || m == nil || m.Deleted {
		return nil, id, badRequest("message to edit not found")
	}
	if m.File != nil {
		return nil, id, badRequest("there is no text in the message to edit")
	}
	if m.Text == plain && reflect.DeepEqual(normEntities(m.Entities), normEntities(ents)) && reflect.DeepEqual(normButtons(m.Buttons), normButtons(buttons)) {
		return nil, id, badRequest("message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message")
	}
	if e := s.admitLocked(c, now); e != nil {
		return nil, id, e
	}
	m.Text, m.RawText, m.ParseMode, m.Entities, m.Buttons = plain, text, r.params["parse_mode"], ents, buttons
	m.Edits++
	m.EditedAt = now
	s.stats.Edits++
	s.notifyLocked()
	return s.messageJSON(m, c), id, nil
}

func normEntities(e []Entity) []Entity {
	if len(e) == 0 {
		return nil
	}
	return e
}

func normButtons(b [][]Button) [][]Button {
	if len(b) == 0 {
		return nil
	}
	return b
}

func (s *Server) answerCallbackQuery(r *request) (any, int64, *apiError) {
	tooOld := badRequest("query is too old and response timeout expired or query ID is invalid")
	id := r.params["callback_query_id"]
	text := r.params["text"]
	if utf8.RuneCountInString(text) > 200 {
		return nil, 0, badRequest("MESSAGE_TOO_LONG")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	q := s.callbacks[id]
	now := time.Now()
	if q == nil || q.answered || now.Sub(q.created) > s.opts.CallbackTTL {
		chatID := int64(0)
		if q != nil {
			chatID = q.chatID
		}
		return nil, chatID, tooOld
	}
	q.answered = true
	q.answer = CallbackAnswer{Text: text, ShowAlert: r.params["show_alert"] == "true", Time: now}
	s.notifyLocked()
	return true, q.chatID, nil
}

var commandName = regexp.MustCompile(`^[a-z0-9_]{1,32}$`)

func (s *Server) setMyCommands(r *request) (any, int64, *apiError) {
	raw, ok := r.params["commands"]
	if !ok {
		return nil, 0, badRequest("parameter \"commands\" is required")
	}
	var cmds []Command
	if err := json.Unmarshal([]byte(raw), &cmds); err != nil {
		return nil, 0, badRequest("can't parse BotCommand array")
	}
	if len(cmds) > 100 {
		return nil, 0, badRequest("BOT_COMMANDS_TOO_MUCH")
	}
	for _, c := range cmds {
		if !commandName.MatchString(c.Command) {
			return nil, 0, badRequest("BOT_COMMAND_INVALID")
		}
		if n := utf8.RuneCountInString(c.Description); n < 1 || n > 256 {
			return nil, 0, badRequest("BOT_COMMAND_DESCRIPTION_INVALID")
		}
	}
	if !defaultScope(r) {
		return true, 0, nil // validated; only the default scope is kept
	}
	s.mu.Lock()
	s.commands = cmds
	s.notifyLocked()
	s.mu.Unlock()
	return true, 0, nil
}

func defaultScope(r *request) bool {
	if r.params["language_code"] != "" {
		return false
	}
	sc := r.params["scope"]
	return sc == "" || strings.Contains(strings.ReplaceAll(sc, " ", ""), `"type":"default"`)
}

func (s *Server) getMyCommands(r *request) (any, int64, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !defaultScope(r) {
		return []Command{}, 0, nil
	}
	return append([]Command{}, s.commands...), 0, nil
}

func (s *Server) deleteMyCommands(r *request) (any, int64, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if defaultScope(r) {
		s.commands = nil
	}
	return true, 0, nil
}

func (s *Server) sendDocument(r *request) (any, int64, *apiError) {
	return s.sendFile(r, "document", false)
}

func (s *Server) sendPhoto(r *request) (any, int64, *apiError) {
	return s.sendFile(r, "photo", true)
}

func (s *Server) sendFile(r *request, field string, photo bool) (any, int64, *apiError) {
	var f *File
	if up := r.files[field]; up != nil {
		if len(up.data) == 0 {
			return nil, chatParam(r), badRequest("file must be non-empty")
		}
		f = &File{Name: path.Base(up.name), MIME: up.mime, Data: up.data, Photo: photo}
		if strings.ContainsAny(up.name, `/\`) {
			f.Name = up.name // kept as given: a leaked local path must show in tests
		}
		if photo {
			if len(up.data) > maxPhotoBytes {
				return nil, chatParam(r), badRequest("PHOTO_INVALID_DIMENSIONS")
			}
			cfg, _, err := image.DecodeConfig(bytes.NewReader(up.data))
			if err != nil {
				return nil, chatParam(r), badRequest("IMAGE_PROCESS_FAILED")
			}
			f.Width, f.Height = cfg.Width, cfg.Height
		}
	} else if ref := r.params[field]; ref != "" {
		s.mu.Lock()
		known := s.files[ref]
		s.mu.Unlock()
		switch {
		case known != nil:
			cp := *known
			f = &cp
		case strings.HasPrefix(ref, "https://") || strings.HasPrefix(ref, "http://"):
			f = &File{Name: path.Base(ref), Photo: photo}
		default:
			return nil, chatParam(r), badRequest("wrong file identifier/HTTP URL specified")
		}
	} else {
		return nil, chatParam(r), badRequest("there is no %s in the request", field)
	}
	caption := r.params["caption"]
	plain, ents, e := parseText(caption, r.params["parse_mode"])
	if e != nil {
		return nil, chatParam(r), e
	}
	if utf16Len(plain) > maxCaptionUnits {
		return nil, chatParam(r), badRequest("message caption is too long")
	}
	buttons, e := parseMarkup(r.params["reply_markup"])
	if e != nil {
		return nil, chatParam(r), e
	}
	if f.FileID == "" {
		s.mu.Lock()
		s.nextFile++
		f.FileID = fmt.Sprintf("BQACAgIAAxkBAAI%06d", s.nextFile)
		dir := "documents"
		if photo {
			dir = "photos"
		}
		f.path = fmt.Sprintf("%s/file_%d%s", dir, s.nextFile, path.Ext(f.Name))
		s.files[f.FileID] = f
		s.mu.Unlock()
	}
	method := "sendDocument"
	if photo {
		method = "sendPhoto"
	}
	return s.deliver(r, &Message{Method: method, Text: plain, RawText: caption, ParseMode: r.params["parse_mode"], Entities: ents, Buttons: buttons, File: f})
}

var chatActions = map[string]bool{"typing": true, "upload_photo": true, "record_video": true, "upload_video": true,
	"record_voice": true, "upload_voice": true, "upload_document": true, "choose_sticker": true,
	"find_location": true, "record_video_note": true, "upload_video_note": true}

func (s *Server) sendChatAction(r *request) (any, int64, *apiError) {
	if !chatActions[r.params["action"]] {
		return nil, chatParam(r), badRequest("wrong parameter action in request")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c, id, e := s.targetChatLocked(r)
	if e != nil {
		return nil, id, e
	}
	if e := s.gateLocked(c, time.Now()); e != nil {
		return nil, id, e
	}
	return true, id, nil
}

func (s *Server) deleteMessage(r *request) (any, int64, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, id, e := s.targetChatLocked(r)
	if e != nil {
		return nil, id, e
	}
	if e := s.gateLocked(c, time.Now()); e != nil {
		return nil, id, e
	}
	msgID, ok := s.messageIDParam(r)
	m := c.messages[msgID]
	if !ok || m == nil || m.Deleted {
		return nil, id, badRequest("message to delete not found")
	}
	m.Deleted = true
	s.notifyLocked()
	return true, id, nil
}

func (s *Server) getFile(r *request) (any, int64, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f := s.files[r.params["file_id"]]
	if f == nil {
		return nil, 0, badRequest("invalid file_id")
	}
	return map[string]any{"file_id": f.FileID, "file_unique_id": "u" + f.FileID, "file_size": len(f.Data), "file_path": f.path}, 0, nil
}
