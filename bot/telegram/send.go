package telegram

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strconv"
	"strings"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"loa/chat"
	"loa/internal/httpfence"
)

const (
	maxTextUnits    = 4096 // sendMessage text, UTF-16 units after entity parsing
	maxCaptionUnits = 1024
)

var htmlEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// escapeHTML makes plain text safe for parse_mode HTML. Entities count as
// one character each on Telegram's side, so limits apply to the plain text.
func escapeHTML(s string) string { return htmlEscaper.Replace(s) }

func permanent(reason string) *chat.SendError {
	return &chat.SendError{Kind: chat.ErrPermanent, Reason: reason}
}

// Send delivers r to chatID and returns the id of the last message sent
// (the one carrying the buttons, the one to edit later). With
// r.EditMessageID set it edits that message instead; an edit that changes
// nothing counts as success.
//
// Text is HTML-escaped and sent with parse_mode HTML, split at natural
// boundaries into parts of at most 4096 UTF-16 units; buttons go on the last
// part. A file is sent with sendDocument or sendPhoto, with the text as its
// caption when it fits. If a later part fails, the earlier parts were
// delivered: the returned id is the last one delivered. Callers that must
// not repeat parts send one part per call (each within the limit).
//
// r.Fence, when set, runs once a request has its connection, before any
// byte of it is written (internal/httpfence); a failed fence sends nothing.
//
// Errors: ctx's error (wrapped) when ctx ends; otherwise a
// *chat.SendError: 403 → ErrBlocked, 429 → ErrRetryAfter with the
// wait, 5xx / network / timeouts / non-JSON answers → ErrTemporary, other
// 4xx and invalid replies → ErrPermanent. Reason never holds the token.
func (a *Adapter) Send(ctx context.Context, chatID string, r chat.Reply) (string, error) {
	ctx = httpfence.With(ctx, r.Fence)
	tgChat, err := strconv.ParseInt(chatID, 10, 64)
	if err != nil {
		return "", permanent("invalid chat id")
	}
	markup, err := inlineKeyboard(r.Buttons)
	if err != nil {
		return "", err
	}
	if r.EditMessageID != "" {
		return a.edit(ctx, tgChat, chatID, r, markup)
	}
	parts := chat.SplitText(r.Text, maxTextUnits, chat.UTF16Len)
	if r.File == nil {
		if len(parts) == 0 {
			return "", permanent("empty reply")
		}
		var last string
		for i, p := range parts {
			var m *tgbotapi.InlineKeyboardMarkup
			if i == len(parts)-1 {
				m = markup
			}
			replyTo := ""
			if i == 0 {
				replyTo = r.ReplyTo
			}
			id, err := a.sendText(ctx, tgChat, chatID, p, m, replyTo, pacingOf(r))
			if err != nil {
				return last, err
			}
			last = id
		}
		return last, nil
	}
	caption := ""
	if len(parts) == 1 && chat.UTF16Len(parts[0]) <= maxCaptionUnits {
		caption, parts = parts[0], nil
	}
	var last string
	for _, p := range parts { // text too long for a caption goes first
		id, err := a.sendText(ctx, tgChat, chatID, p, nil, "", pacingOf(r))
		if err != nil {
			return last, err
		}
		last = id
	}
	id, err := a.sendFile(ctx, tgChat, chatID, r.File, caption, markup, pacingOf(r))
	if err != nil {
		return last, err
	}
	return id, nil
}

// inlineKeyboard checks buttons before any call: Telegram would refuse them.
func inlineKeyboard(rows [][]chat.Button) (*tgbotapi.InlineKeyboardMarkup, error) {
	var out [][]tgbotapi.InlineKeyboardButton
	for _, row := range rows {
		var r []tgbotapi.InlineKeyboardButton
		for _, b := range row {
			if strings.TrimSpace(b.Text) == "" {
				return nil, permanent("button without text")
			}
			if b.Data == "" || len(b.Data) > chat.MaxButtonData {
				return nil, permanent(fmt.Sprintf("button data must be 1–%d bytes, got %d", chat.MaxButtonData, len(b.Data)))
			}
			r = append(r, tgbotapi.NewInlineKeyboardButtonData(b.Text, b.Data))
		}
		if len(r) > 0 {
			out = append(out, r)
		}
	}
	if len(out) == 0 {
		return nil, nil
	}
	return &tgbotapi.InlineKeyboardMarkup{InlineKeyboard: out}, nil
}

// pacing is how a send waits for the shared limiter: not at all when the
// caller already took the slot (chat.Reply.Paced: the delivery engine),
// ahead of the chat's other messages for an emergency's reply
// (chat.Reply.Urgent).
type pacing struct{ paced, urgent bool }

func pacingOf(r chat.Reply) pacing { return pacing{paced: r.Paced, urgent: r.Urgent} }

// wait takes the chat's slot from the shared limiter, unless the caller
// already took it.
func (a *Adapter) wait(ctx context.Context, chatID string, p pacing) error {
	if a.cfg.Limiter == nil || p.paced {
		return nil
	}
	wait := a.cfg.Limiter.Wait
	if p.urgent {
		wait = a.cfg.Limiter.WaitUrgent
	}
	if err := wait(ctx, chatID); err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("telegram: limiter: %w", err)
		}
		// The shared limiter lives in Redis: Redis not answering is a
		// passing failure, retried like a 5xx, never a silent loss.
		return &chat.SendError{Kind: chat.ErrTemporary, Reason: "rate limiter unavailable (Redis)"}
	}
	return nil
}

// messageID reads result.message_id of a send or edit.
func messageID(resp *tgbotapi.APIResponse) string {
	var m struct {
		MessageID int64 `json:"message_id"`
	}
	if resp == nil || json.Unmarshal(resp.Result, &m) != nil || m.MessageID == 0 {
		return ""
	}
	return strconv.FormatInt(m.MessageID, 10)
}

// sendText sends one text message; replyTo, when a message id, shows it as
// the answer to that message, and still sends it when that message was
// deleted meanwhile (allow_sending_without_reply).
func (a *Adapter) sendText(ctx context.Context, tgChat int64, chatID, text string, markup *tgbotapi.InlineKeyboardMarkup, replyTo string, p pacing) (string, error) {
	if err := a.wait(ctx, chatID, p); err != nil {
		return "", err
	}
	msg := tgbotapi.NewMessage(tgChat, escapeHTML(text))
	msg.ParseMode = tgbotapi.ModeHTML
	if id, err := strconv.Atoi(replyTo); err == nil && id > 0 {
		msg.ReplyToMessageID, msg.AllowSendingWithoutReply = id, true
	}
	if markup != nil {
		msg.ReplyMarkup = *markup
	}
	callCtx, cancel := context.WithTimeout(ctx, sendTimeout)
	defer cancel()
	resp, err := a.api(callCtx).Request(msg)
	if err != nil {
		return "", a.classify(ctx, err)
	}
	return messageID(resp), nil
}

func (a *Adapter) sendFile(ctx context.Context, tgChat int64, chatID string, f *chat.File, caption string, markup *tgbotapi.InlineKeyboardMarkup, p pacing) (string, error) {
	if len(f.Data) == 0 {
		return "", permanent("empty file")
	}
	if err := a.wait(ctx, chatID, p); err != nil {
		return "", err
	}
	data := tgbotapi.FileBytes{Name: f.CleanName(), Bytes: f.Data}
	var c tgbotapi.Chattable
	if f.Image {
		p := tgbotapi.NewPhoto(tgChat, data)
		p.Caption, p.ParseMode = escapeHTML(caption), tgbotapi.ModeHTML
		if markup != nil {
			p.ReplyMarkup = *markup
		}
		c = p
	} else {
		d := tgbotapi.NewDocument(tgChat, data)
		d.Caption, d.ParseMode = escapeHTML(caption), tgbotapi.ModeHTML
		if markup != nil {
			d.ReplyMarkup = *markup
		}
		c = d
	}
	callCtx, cancel := context.WithTimeout(ctx, uploadTimeout)
	defer cancel()
	resp, err := a.api(callCtx).Request(c)
	if err != nil {
		return "", a.classify(ctx, err)
	}
	return messageID(resp), nil
}

func (a *Adapter) edit(ctx context.Context, tgChat int64, chatID string, r chat.Reply, markup *tgbotapi.InlineKeyboardMarkup) (string, error) {
	msgID, err := strconv.Atoi(r.EditMessageID)
	if err != nil || msgID <= 0 {
		return "", permanent("invalid message id to edit")
	}
	text := strings.TrimSpace(r.Text)
	if text == "" {
		return "", permanent("empty reply")
	}
	if chat.UTF16Len(text) > maxTextUnits {
		return "", permanent("text too long to edit in place")
	}
	if err := a.wait(ctx, chatID, pacingOf(r)); err != nil {
		return "", err
	}
	if r.Superseded != nil && r.Superseded() {
		return r.EditMessageID, nil // a newer edit of this message is on its way
	}
	cfg := tgbotapi.NewEditMessageText(tgChat, msgID, escapeHTML(text))
	cfg.ParseMode = tgbotapi.ModeHTML
	cfg.ReplyMarkup = markup
	callCtx, cancel := context.WithTimeout(ctx, sendTimeout)
	defer cancel()
	if _, err := a.api(callCtx).Request(cfg); err != nil {
		var te *tgbotapi.Error
		if errors.As(err, &te) && strings.HasPrefix(te.Message, "Bad Request: message is not modified") {
			return r.EditMessageID, nil
		}
		return "", a.classify(ctx, err)
	}
	return r.EditMessageID, nil
}

// classify maps a library error to the neutral kinds. Errors from uploads
// carry Code 0 (pitfall B4), so the description and retry_after decide.
func (a *Adapter) classify(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return fmt.Errorf("telegram: send: %w", ctx.Err())
	}
	var te *tgbotapi.Error
	if errors.As(err, &te) {
		reason := a.redact.Replace(te.Message)
		code := te.Code
		if code == 0 {
			code = codeFromDescription(te.Message, te.RetryAfter)
		}
		switch {
		case code == 429:
			wait := te.RetryAfter
			if wait <= 0 {
				wait = retryAfterFromDescription(te.Message)
			}
			return &chat.SendError{Kind: chat.ErrRetryAfter, RetryAfter: time.Duration(wait) * time.Second, Reason: reason}
		case code == 403:
			return &chat.SendError{Kind: chat.ErrBlocked, Reason: reason}
		case code >= 500 || code == 0:
			return &chat.SendError{Kind: chat.ErrTemporary, Reason: reason}
		default:
			return &chat.SendError{Kind: chat.ErrPermanent, Reason: reason}
		}
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		if ue.Timeout() {
			return &chat.SendError{Kind: chat.ErrTemporary, Reason: "timeout"}
		}
		return &chat.SendError{Kind: chat.ErrTemporary, Reason: "network: " + a.redact.Replace(ue.Err.Error())}
	}
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	if errors.As(err, &syn) || errors.As(err, &typ) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return &chat.SendError{Kind: chat.ErrTemporary, Reason: "answer is not Bot API JSON"}
	}
	return &chat.SendError{Kind: chat.ErrTemporary, Reason: a.redact.Replace(err.Error())}
}

// codeFromDescription recovers the error code from a description.
func codeFromDescription(desc string, retryAfter int) int {
	switch {
	case retryAfter > 0 || strings.HasPrefix(desc, "Too Many Requests"):
		return 429
	case strings.HasPrefix(desc, "Forbidden"):
		return 403
	case strings.HasPrefix(desc, "Unauthorized"):
		return 401
	case strings.HasPrefix(desc, "Not Found"):
		return 404
	case strings.HasPrefix(desc, "Conflict"):
		return 409
	case strings.HasPrefix(desc, "Bad Request"), strings.HasPrefix(desc, "Request Entity Too Large"):
		return 400
	}
	return 0 // unknown: treated as temporary
}

func retryAfterFromDescription(desc string) int {
	i := strings.LastIndex(desc, "retry after ")
	if i >= 0 {
		if n, err := strconv.Atoi(strings.TrimSpace(desc[i+len("retry after "):])); err == nil && n > 0 {
			return n
		}
	}
	return 1
}
