package telegram

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"loa/bot/inbound"
	"loa/chat"
	"loa/internal/backoff"
)

// Run receives updates until ctx ends and hands them to h, then lets the
// work in flight finish (up to 10 s) and returns nil.
//
// Polling (no WebhookURL): the webhook is deleted once at start (pending
// updates kept), then getUpdates is long-polled. retry_after is honoured;
// 5xx and network errors back off with jitter; a 409 from another poller is
// logged and retried with backoff. Run returns an error on 401 (bad token)
// and on a 409 saying a webhook is active (someone switched the bot to
// webhook mode: fighting over it would lose updates). Each update is decoded
// on its own: one that cannot be decoded is logged and skipped, and the
// offset still moves past it.
//
// Webhook (WebhookURL set): the webhook is registered with secret_token
// and Run only waits for ctx; serve WebhookHandler(h) on the HTTP server.
func (a *Adapter) Run(ctx context.Context, h Handler) error {
	defer func() {
		ctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
		defer cancel()
		if err := a.disp.Stop(ctx); err != nil {
			a.log.Warn("telegram updates cut short at shutdown", "error", err)
		}
	}()
	if a.cfg.WebhookURL != "" {
		if err := a.registerWebhook(ctx); err != nil {
			return err
		}
		<-ctx.Done()
		return nil
	}
	return a.poll(ctx, h)
}

func (a *Adapter) registerWebhook(ctx context.Context) error {
	params := tgbotapi.Params{"url": a.cfg.WebhookURL, "secret_token": a.cfg.WebhookSecret, "allowed_updates": allowedUpdates}
	bo := backoff.Backoff{Min: time.Second, Max: 30 * time.Second}
	for {
		callCtx, cancel := context.WithTimeout(ctx, sendTimeout)
		_, err := a.api(callCtx).MakeRequest("setWebhook", params)
		cancel()
		if err == nil {
			a.log.Info("telegram webhook registered")
			return nil
		}
		var se *chat.SendError
		cerr := a.classify(ctx, err)
		if !errors.As(cerr, &se) || se.Kind == chat.ErrPermanent || se.Kind == chat.ErrBlocked {
			return fmt.Errorf("telegram: setWebhook: %w", cerr)
		}
		d := bo.Next()
		if se.Kind == chat.ErrRetryAfter {
			d = se.RetryAfter
		}
		a.log.Warn("telegram setWebhook failed, retrying", "error", cerr, "retry_in", d)
		if !sleep(ctx, d) {
			return nil
		}
	}
}

func (a *Adapter) poll(ctx context.Context, h Handler) error {
	callCtx, cancel := context.WithTimeout(ctx, sendTimeout)
	_, err := a.api(callCtx).Request(tgbotapi.DeleteWebhookConfig{})
	cancel()
	if err != nil {
		var te *tgbotapi.Error
		if errors.As(err, &te) && te.Code == 401 {
			return fmt.Errorf("telegram: deleteWebhook: token rejected: %w", a.redactErr(err))
		}
		if ctx.Err() != nil {
			return nil
		}
		a.log.Warn("telegram deleteWebhook failed", "error", a.redactErr(err))
	}
	offset := 0
	bo := backoff.Backoff{Min: 500 * time.Millisecond, Max: 30 * time.Second}
	for {
		if !a.disp.WaitRoom(ctx) {
			break
		}
		raws, err := a.getUpdates(ctx, offset, int(a.cfg.PollTimeout/time.Second), 100)
		if ctx.Err() != nil {
			break
		}
		if err != nil {
			var te *tgbotapi.Error
			errors.As(err, &te)
			d := bo.Next()
			switch {
			case te != nil && te.Code == 401:
				return fmt.Errorf("telegram: getUpdates: token rejected: %w", a.redactErr(err))
			case te != nil && te.Code == 409 && strings.Contains(te.Message, "webhook"):
				return fmt.Errorf("telegram: getUpdates: %w", a.redactErr(err))
			case te != nil && te.Code == 409:
				a.log.Warn("telegram: another instance is polling with this token", "error", a.redactErr(err), "retry_in", d)
			case te != nil && te.RetryAfter > 0:
				d = time.Duration(te.RetryAfter) * time.Second
				a.log.Warn("telegram getUpdates flood control", "retry_in", d)
			default:
				a.log.Warn("telegram getUpdates failed", "error", a.redactErr(err), "retry_in", d)
			}
			if !sleep(ctx, d) {
				break
			}
			continue
		}
		bo.Reset()
	batch:
		for _, raw := range raws {
			id, u, err := decodeUpdate(raw)
			if err != nil {
				a.log.Warn("telegram: skipping an update that does not decode", "update_id", id, "error", err)
				offset = max(offset, id+1)
				continue
			}
			// The offset moves past an update only once it is queued, so a
			// full queue or a shutdown leaves the rest for the next poll.
			if !a.disp.WaitRoom(ctx) || !a.accept(ctx, h, u) {
				break batch
			}
			offset = max(offset, id+1)
		}
	}
	a.confirm(offset)
	return nil
}

// confirm tells Telegram which updates were taken, so a restart does not
// fetch them again (the router deduplicates those anyway).
func (a *Adapter) confirm(offset int) {
	if offset == 0 {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	_, _ = a.getUpdates(ctx, offset, 0, 1)
}

func (a *Adapter) getUpdates(ctx context.Context, offset, timeoutSec, limit int) ([]json.RawMessage, error) {
	params := tgbotapi.Params{"timeout": strconv.Itoa(timeoutSec), "limit": strconv.Itoa(limit), "allowed_updates": allowedUpdates}
	if offset != 0 {
		params["offset"] = strconv.Itoa(offset)
	}
	ctx, cancel := context.WithTimeout(ctx, time.Duration(timeoutSec)*time.Second+15*time.Second)
	defer cancel()
	resp, err := a.api(ctx).MakeRequest("getUpdates", params)
	if err != nil {
		return nil, err
	}
	var raws []json.RawMessage
	if err := json.Unmarshal(resp.Result, &raws); err != nil {
		return nil, fmt.Errorf("decode getUpdates result: %w", err)
	}
	return raws, nil
}

// decodeUpdate decodes one update; the id is returned even when the rest
// does not decode, so the offset can move past a poison update.
func decodeUpdate(raw []byte) (int, tgbotapi.Update, error) {
	var head struct {
		UpdateID int `json:"update_id"`
	}
	if err := json.Unmarshal(raw, &head); err != nil {
		return 0, tgbotapi.Update{}, err
	}
	var u tgbotapi.Update
	if err := json.Unmarshal(raw, &u); err != nil {
		return head.UpdateID, tgbotapi.Update{}, err
	}
	return head.UpdateID, u, nil
}

// accept answers a button press at once (the client shows a spinner until
// then), and offers the update to the shared admission (bot/inbound: room,
// flood limit, its chat's order). It returns false when the queues are
// full or shutting down (leave the update with Telegram); an update the
// flood limit refuses, or one of a chat whose own backlog is full, is
// taken and dropped (true): that chat is flooding, and others must not
// wait for it.
func (a *Adapter) accept(ctx context.Context, h Handler, u tgbotapi.Update) bool {
	if m := u.MyChatMember; m != nil {
		if m.NewChatMember.Status == "kicked" && a.cfg.OnBlocked != nil {
			chatID := strconv.FormatInt(m.Chat.ID, 10)
			return a.disp.Offer(ctx, h, inbound.Arrival{Key: chatID,
				Work: func(ctx context.Context) { a.cfg.OnBlocked(ctx, chatID) }}) != inbound.Busy
		}
		return true
	}
	up, ok := toUpdate(u)
	if ok && up.Group && u.Message != nil {
		up.Addressed = addressesBot(u.Message, a.bot.Self)
	}
	if cq := u.CallbackQuery; cq != nil {
		if ok && !a.disp.HasRoom() {
			return false // Telegram will redeliver; answer then
		}
		a.disp.Go(func(ctx context.Context) { a.answerCallback(ctx, cq.ID) })
	}
	if !ok {
		return true
	}
	return a.disp.Offer(ctx, h, inbound.Arrival{
		Key:    up.ChatID,
		Update: &up,
		Work:   func(ctx context.Context) { a.handle(ctx, h, up) },
		Notify: func(ctx context.Context, notice []chat.Reply) { a.sendReplies(ctx, up.ChatID, notice) },
	}) != inbound.Busy
}

func (a *Adapter) answerCallback(ctx context.Context, id string) {
	ctx, cancel := context.WithTimeout(ctx, sendTimeout)
	defer cancel()
	if _, err := a.api(ctx).Request(tgbotapi.NewCallback(id, "")); err != nil {
		a.log.Warn("telegram answerCallbackQuery failed", "error", a.redactErr(err))
	}
}

// toUpdate maps a Telegram update to the neutral shape; false for kinds
// Loa does not handle.
func toUpdate(u tgbotapi.Update) (chat.Update, bool) {
	out := chat.Update{Platform: chat.Telegram, ID: strconv.Itoa(u.UpdateID)}
	switch {
	case u.Message != nil && u.Message.Chat != nil:
		m := u.Message
		out.ChatID = strconv.FormatInt(m.Chat.ID, 10)
		out.UserID = out.ChatID
		if m.From != nil {
			out.UserID, out.UserName = strconv.FormatInt(m.From.ID, 10), displayName(m.From)
		}
		out.Text = m.Text
		if out.Text == "" {
			out.Text = m.Caption
		}
		out.MessageID = strconv.Itoa(m.MessageID)
		out.Group = !m.Chat.IsPrivate()
		out.Time = m.Time()
		return out, true
	case u.CallbackQuery != nil && u.CallbackQuery.Message != nil && u.CallbackQuery.Message.Chat != nil && u.CallbackQuery.Data != "":
		q := u.CallbackQuery
		out.ChatID = strconv.FormatInt(q.Message.Chat.ID, 10)
		out.UserID = out.ChatID
		if q.From != nil {
			out.UserID, out.UserName = strconv.FormatInt(q.From.ID, 10), displayName(q.From)
		}
		out.Data = q.Data
		out.MessageID = strconv.Itoa(q.Message.MessageID)
		out.Group = !q.Message.Chat.IsPrivate()
		out.Time = time.Now()
		return out, true
	}
	return out, false
}

// addressesBot reports whether a group message is meant for the bot: it
// @mentions the bot (a "mention" of its username, or a "text_mention" of
// its account), or it replies to one of the bot's messages. Entity offsets
// count UTF-16 units.
func addressesBot(m *tgbotapi.Message, self tgbotapi.User) bool {
	if r := m.ReplyToMessage; r != nil && r.From != nil && r.From.ID == self.ID {
		return true
	}
	text, ents := m.Text, m.Entities
	if text == "" {
		text, ents = m.Caption, m.CaptionEntities
	}
	units := utf16.Encode([]rune(text))
	for _, e := range ents {
		switch {
		case e.Type == "text_mention" && e.User != nil && e.User.ID == self.ID:
			return true
		case e.Type == "mention" && self.UserName != "" && e.Offset >= 0 && e.Length > 0 && e.Offset+e.Length <= len(units):
			name := string(utf16.Decode(units[e.Offset : e.Offset+e.Length]))
			if strings.EqualFold(name, "@"+self.UserName) {
				return true
			}
		}
	}
	return false
}

func displayName(u *tgbotapi.User) string {
	if n := strings.TrimSpace(u.FirstName + " " + u.LastName); n != "" {
		return n
	}
	return u.UserName
}

// handle runs h and sends its replies in order. Long texts are split here,
// so a retried part is never repeated with earlier ones. A 429 waits its
// retry_after (up to a minute) and a temporary error backs off, a few times.
// Once every reply went out, OnReplied hears of it.
func (a *Adapter) handle(ctx context.Context, h Handler, u chat.Update) {
	replies := h.Handle(ctx, u)
	if a.sendReplies(ctx, u.ChatID, replies) && len(replies) > 0 && a.cfg.OnReplied != nil {
		a.cfg.OnReplied(ctx, u.ChatID)
	}
}

// sendReplies sends replies in order and reports whether all went out.
func (a *Adapter) sendReplies(ctx context.Context, chatID string, replies []chat.Reply) bool {
	for _, r := range replies {
		for _, part := range splitReply(r) {
			if !a.sendWithRetry(ctx, chatID, part) {
				return false // the rest would fail the same way, and out of order
			}
		}
	}
	return true
}

func splitReply(r chat.Reply) []chat.Reply {
	if r.File != nil || r.EditMessageID != "" {
		return []chat.Reply{r}
	}
	parts := chat.SplitText(r.Text, maxTextUnits, chat.UTF16Len)
	out := make([]chat.Reply, len(parts))
	for i, p := range parts {
		out[i] = chat.Reply{Text: p, Urgent: r.Urgent}
	}
	if len(out) > 0 {
		out[0].ReplyTo = r.ReplyTo
		out[len(out)-1].Buttons = r.Buttons
	}
	return out
}

// sendWithRetry sends one part of a reply and reports whether it went out.
// A reply it gives up on is logged (never its text) and, unless Telegram
// refused it for good or the member blocked the bot, reported to
// OnReplyLost.
func (a *Adapter) sendWithRetry(ctx context.Context, chatID string, r chat.Reply) bool {
	bo := backoff.Backoff{Min: 500 * time.Millisecond, Max: 8 * time.Second}
	for attempt := 1; ; attempt++ {
		_, err := a.Send(ctx, chatID, r)
		if err == nil {
			return true
		}
		var se *chat.SendError
		if !errors.As(err, &se) {
			a.replyLost(chatID, "shutting down", err)
			return false
		}
		d := bo.Next()
		retry := attempt < 4 && (se.Kind == chat.ErrTemporary || se.Kind == chat.ErrRetryAfter && se.RetryAfter <= time.Minute)
		if se.Kind == chat.ErrRetryAfter {
			d = se.RetryAfter
		}
		if !retry {
			if se.Kind == chat.ErrBlocked || se.Kind == chat.ErrPermanent {
				a.log.Warn("telegram reply not delivered", "chat_id", chatID, "kind", se.Kind.String(), "error", se)
				return false
			}
			a.replyLost(chatID, se.Kind.String(), se)
			return false
		}
		if !sleep(ctx, d) {
			a.replyLost(chatID, "shutting down", ctx.Err())
			return false
		}
	}
}

// replyLost logs a reply to a member that did not go out for a passing
// reason, and tells OnReplyLost.
func (a *Adapter) replyLost(chatID, kind string, err error) {
	a.log.Warn("telegram reply lost", "chat_id", chatID, "kind", kind, "error", err)
	if a.cfg.OnReplyLost != nil {
		a.cfg.OnReplyLost(chatID)
	}
}

// maxWebhookBody bounds one webhook request; real updates are a few kB.
const maxWebhookBody = 1 << 20

// secretHeader carries the webhook's secret_token on every push.
const secretHeader = "X-Telegram-Bot-Api-Secret-Token"

// WebhookHandler serves Telegram's webhook POSTs for h behind the shared
// door (inbound.Webhook: POST only; the secret header compared after
// hashing, in constant time, missing: 401, wrong: 403, nothing processed;
// bodies over 1 MiB: 413); malformed JSON gets 400. A valid update is
// queued and answered 200 at once; when the queue is full or the adapter
// is shutting down it answers 503 so Telegram delivers it again.
func (a *Adapter) WebhookHandler(h Handler) http.Handler {
	return inbound.Webhook{
		Log:          a.log,
		MaxBody:      maxWebhookBody,
		SecretHeader: secretHeader,
		Secret:       a.cfg.WebhookSecret,
		Serve: func(w http.ResponseWriter, r *http.Request, body []byte) {
			id, u, err := decodeUpdate(body)
			if err != nil || id <= 0 {
				a.log.Warn("telegram webhook: malformed update", "update_id", id, "error", err)
				http.Error(w, "malformed update", http.StatusBadRequest)
				return
			}
			if !a.accept(r.Context(), h, u) {
				http.Error(w, "busy", http.StatusServiceUnavailable)
				return
			}
			w.WriteHeader(http.StatusOK)
		},
	}.Handler()
}

// sleep waits d or until ctx ends; false when ctx ended.
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}
