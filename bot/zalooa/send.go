package zalooa

import (
	"context"
	"errors"
	"strings"
	"unicode/utf8"

	"loa/bot/zalo"
	"loa/chat"
	"loa/internal/httpfence"
)

// pathCS is the consultation ("tin tư vấn") endpoint: replies to followers.
const pathCS = "/v3.0/oa/message/cs"

// part is one OA message: text, with buttons on the last part of a reply;
// urgent when the reply answers an emergency (chat.Reply.Urgent).
type part struct {
	text    string
	buttons []chat.Button
	urgent  bool
}

// Send delivers one reply to a follower and returns the id of the last
// message sent. Text over MaxText goes out in several messages; choices are
// buttons (≤ MaxButtons) or a numbered list on the last one; a file is a
// download link. Errors are *chat.SendError, or ctx's error.
//
// The menu is saved before the message goes out, so an answer that arrives
// at once (a button press is her text) finds it.
//
// r.Fence, when set, runs once a request has its connection, before any
// byte of it is written (internal/httpfence); a failed fence sends nothing.
func (a *Adapter) Send(ctx context.Context, chatID string, r chat.Reply) (string, error) {
	ctx = httpfence.With(ctx, r.Fence)
	parts, err := a.render(ctx, r)
	if err != nil {
		return "", err
	}
	if buttons := zalo.Flatten(r.Buttons); len(buttons) > 0 || !r.Bulk {
		a.rememberMenu(ctx, chatID, buttons)
	}
	last := ""
	for _, p := range parts {
		if last, err = a.sendPart(ctx, chatID, p, r.Paced); err != nil {
			return last, err
		}
	}
	return last, nil
}

// render turns a reply into OA messages.
func (a *Adapter) render(ctx context.Context, r chat.Reply) ([]part, error) {
	text := strings.TrimSpace(r.Text)
	if r.File != nil {
		link, err := zalo.FileLink(ctx, a.cfg.Files, a.cfg.PublicBaseURL, *r.File)
		if err != nil {
			return nil, err
		}
		text = zalo.JoinBlocks(text, zalo.FileLinkText(r.File.Name, link))
	}
	buttons := zalo.Flatten(r.Buttons)
	asButtons := len(buttons) > 0 && len(buttons) <= MaxButtons
	for _, b := range buttons {
		if n := utf8.RuneCountInString(strings.TrimSpace(b.Text)); n == 0 || n > maxButtonTitle {
			asButtons = false
		}
	}
	if len(buttons) > 0 && !asButtons {
		text = zalo.JoinBlocks(text, zalo.RenderMenu(buttons))
	}
	var parts []part
	for _, s := range chat.SplitText(text, MaxText, nil) {
		parts = append(parts, part{text: s})
	}
	if len(parts) == 0 {
		if !asButtons {
			return nil, &chat.SendError{Kind: chat.ErrPermanent, Reason: "empty reply"}
		}
		parts = []part{{text: "Chị chọn giúp Loa nhé:"}} // the OA needs a text under buttons
	}
	if asButtons {
		parts[len(parts)-1].buttons = buttons
	}
	for i := range parts {
		parts[i].urgent = r.Urgent
	}
	return parts, nil
}

// sendPart sends one message through the limiter (ahead of the chat's
// other messages when urgent), unless paced: the delivery engine already
// took its slot (chat.Reply.Paced).
func (a *Adapter) sendPart(ctx context.Context, chatID string, p part, paced bool) (string, error) {
	if a.cfg.Limiter != nil && !paced {
		wait := a.cfg.Limiter.Wait
		if p.urgent {
			wait = a.cfg.Limiter.WaitUrgent
		}
		if err := wait(ctx, chatID); err != nil {
			if ctx.Err() != nil {
				return "", ctx.Err()
			}
			return "", &chat.SendError{Kind: chat.ErrTemporary, Reason: "rate limiter: " + err.Error()}
		}
	}
	msg := map[string]any{"text": p.text}
	if len(p.buttons) > 0 {
		var bs []map[string]any
		for _, b := range p.buttons {
			// oa.query.show sends the payload as her message, visibly:
			// the label itself, matched back to the choice by its menu.
			label := strings.TrimSpace(b.Text)
			bs = append(bs, map[string]any{"title": label, "type": "oa.query.show", "payload": label})
		}
		msg["attachment"] = map[string]any{"type": "template", "payload": map[string]any{"buttons": bs}}
	}
	var res struct {
		MessageID string `json:"message_id"`
		Quota     struct {
			Type string `json:"quota_type"`
		} `json:"quota"`
	}
	body := map[string]any{"recipient": map[string]string{"user_id": chatID}, "message": msg}
	if err := a.call(ctx, pathCS, body, &res); err != nil {
		err = sendError(ctx, err)
		a.noteSent(ctx, chatID, "", err)
		return "", err
	}
	a.noteSent(ctx, chatID, res.Quota.Type, nil)
	return res.MessageID, nil
}

// sendWithRetry sends one part of an answer to her own message with the
// replies' retries shared with bot/zalo: a temporary error or -32 is tried
// again a few times; the reach refusals (-230, -211 …) are not, since
// nothing changes until she writes again.
func (a *Adapter) sendWithRetry(ctx context.Context, chatID string, p part) error {
	return zalo.RetryReply(ctx, a.backoffBase, func(ctx context.Context) error {
		_, err := a.sendPart(ctx, chatID, p, false)
		return err
	})
}

// rememberMenu saves (or, with no buttons, forgets) the chat's choices, so
// her answer — a button's label or a number — becomes the button press.
func (a *Adapter) rememberMenu(ctx context.Context, chatID string, buttons []chat.Button) {
	labels := make([]string, len(buttons))
	data := make([]string, len(buttons))
	for i, b := range buttons {
		labels[i], data[i] = strings.TrimSpace(b.Text), b.Data
	}
	if err := a.cfg.Menus.SaveMenu(ctx, chat.ZaloOA, chatID, labels, data); err != nil && !errors.Is(err, context.Canceled) {
		a.log.Warn("zalo-oa menu not saved", "error", err)
	}
}

// pressButton turns her text into the button press it stands for: a
// button's label (what oa.query.show sends), or a list number.
func (a *Adapter) pressButton(ctx context.Context, u *chat.Update) {
	if u.Text == "" || utf8.RuneCountInString(u.Text) > 200 {
		return
	}
	labels, data, err := a.cfg.Menus.Menu(ctx, chat.ZaloOA, u.ChatID)
	if err != nil {
		a.log.Warn("zalo-oa menu not read", "error", err)
		return
	}
	if i := zalo.MenuChoice(u.Text, labels); i >= 0 && i < len(data) && data[i] != "" {
		u.Data, u.Text = data[i], ""
	}
}
