package zalo

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"loa/chat"
	"loa/internal/backoff"
)

// menuHint closes every numbered list: how to answer it.
const menuHint = "Chị trả lời bằng số thứ tự nhé."

// Send delivers one reply to a chat and returns the id of the last message
// sent. Zalo has neither buttons, files nor edits, so:
//   - r.Buttons become a numbered list under the text, and the chat's menu is
//     remembered (a reply without buttons forgets it, so a number typed after
//     a plain prompt stays a number);
//   - r.File is kept for FileLinkTTL and sent as a download link;
//   - r.EditMessageID cannot edit: the reply is sent as a new message.
//
// Text longer than MaxText goes out in several messages, in order, with the
// list on the last one. Errors are *chat.SendError, or ctx's error when
// ctx ended.
//
// The menu is saved before the message goes out: the member may answer the
// number the moment it arrives, and her answer is handled by the dispatcher,
// not by this (delivery engine) goroutine, so saving after sending would
// race with her answer and read the previous menu.
func (a *Adapter) Send(ctx context.Context, chatID string, r chat.Reply) (string, error) {
	parts, err := a.render(ctx, r)
	if err != nil {
		return "", err
	}
	// A notice or post the delivery engine sends without choices does not
	// forget her menu: she may be halfway through a choice when it lands.
	if buttons := flatten(r.Buttons); len(buttons) > 0 || !r.Bulk {
		a.rememberMenu(ctx, chatID, buttons)
	}
	return a.sendParts(ctx, chatID, parts, r.Paced)
}

// render turns a reply into the texts Zalo gets, in order: a file becomes
// a link under the text, long text is split at MaxText, and the numbered
// list goes on the last part (or alone after it when it does not fit).
func (a *Adapter) render(ctx context.Context, r chat.Reply) ([]string, error) {
	text := strings.TrimSpace(r.Text)
	if r.File != nil {
		link, err := a.fileLink(ctx, *r.File)
		if err != nil {
			return nil, err
		}
		text = joinBlocks(text, "📎 Tệp “"+r.File.Name+"”: "+link+"\n(Liên kết dùng được trong 24 giờ.)")
	}
	parts := chat.SplitText(text, MaxText, textLen)
	if list := renderMenu(flatten(r.Buttons)); list != "" {
		if n := len(parts); n > 0 && textLen(parts[n-1])+2+textLen(list) <= MaxText {
			parts[n-1] += "\n\n" + list
		} else {
			parts = append(parts, chat.SplitText(list, MaxText, textLen)...)
		}
	}
	if len(parts) == 0 {
		return nil, &chat.SendError{Kind: chat.ErrPermanent, Reason: "empty reply"}
	}
	return parts, nil
}

// replyAttempts bounds the tries of one part of an answer to a member.
const replyAttempts = 4

// sendWithRetry sends one part of an answer to a member's own message: a
// 429 waits its pause (up to a minute), a temporary error backs off, a few
// times. Each part is retried alone, so earlier parts are never repeated.
// (Bulk sends go through Send, whose caller, the delivery engine, retries.)
func (a *Adapter) sendWithRetry(ctx context.Context, chatID, text string) error {
	for attempt := 1; ; attempt++ {
		_, err := a.sendParts(ctx, chatID, []string{text}, false)
		var se *chat.SendError
		if err == nil || !errors.As(err, &se) {
			return err
		}
		retry := attempt < replyAttempts && (se.Kind == chat.ErrTemporary ||
			se.Kind == chat.ErrRetryAfter && se.RetryAfter <= time.Minute)
		if !retry {
			return err
		}
		d := backoff.Delay(a.backoffBase, 8*time.Second, attempt-1)
		if se.Kind == chat.ErrRetryAfter {
			d = se.RetryAfter
		}
		t := time.NewTimer(d)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
	}
}

// sendParts sends texts in order; it stops at the first failure. Each
// part waits for the shared limiter unless paced (chat.Reply.Paced).
func (a *Adapter) sendParts(ctx context.Context, chatID string, parts []string, paced bool) (string, error) {
	last := ""
	for _, p := range parts {
		if a.cfg.Limiter != nil && !paced {
			if err := a.cfg.Limiter.Wait(ctx, chatID); err != nil {
				if ctx.Err() != nil {
					return last, ctx.Err()
				}
				return last, &chat.SendError{Kind: chat.ErrTemporary, Reason: "rate limiter: " + err.Error()}
			}
		}
		var res struct {
			MessageID flexString `json:"message_id"`
		}
		err := a.call(ctx, "sendMessage", map[string]string{"chat_id": chatID, "text": p}, &res)
		if err != nil {
			return last, sendError(ctx, err)
		}
		last = string(res.MessageID)
	}
	return last, nil
}

// fileLink stores a file and returns its download link.
func (a *Adapter) fileLink(ctx context.Context, f chat.File) (string, error) {
	if len(f.Data) == 0 || len(f.Data) > MaxFileSize {
		return "", &chat.SendError{Kind: chat.ErrPermanent,
			Reason: fmt.Sprintf("file of %d bytes cannot become a download link (1 byte to 20 MB)", len(f.Data))}
	}
	token, err := a.cfg.Files.PutFile(ctx, f, FileLinkTTL)
	if err != nil {
		if ctx.Err() != nil {
			return "", ctx.Err()
		}
		return "", &chat.SendError{Kind: chat.ErrTemporary, Reason: "store file for link: " + err.Error()}
	}
	return a.cfg.PublicBaseURL + "/dl/" + token, nil
}

func joinBlocks(a, b string) string {
	if a == "" {
		return b
	}
	return a + "\n\n" + b
}

// flatten lists the buttons of all rows in reading order.
func flatten(rows [][]chat.Button) []chat.Button {
	var out []chat.Button
	for _, row := range rows {
		out = append(out, row...)
	}
	return out
}

// renderMenu writes buttons as "1. …\n2. …\n" + menuHint.
func renderMenu(buttons []chat.Button) string {
	if len(buttons) == 0 {
		return ""
	}
	var b strings.Builder
	for i, btn := range buttons {
		fmt.Fprintf(&b, "%d. %s\n", i+1, strings.TrimSpace(btn.Text))
	}
	b.WriteString(menuHint)
	return b.String()
}

// rememberMenu saves (or, with no buttons, forgets) the chat's menu. A
// failure only costs the number shortcut, so it is logged, not returned.
func (a *Adapter) rememberMenu(ctx context.Context, chatID string, buttons []chat.Button) {
	labels := make([]string, len(buttons))
	data := make([]string, len(buttons))
	for i, b := range buttons {
		labels[i], data[i] = b.Text, b.Data
	}
	if err := a.cfg.Menus.SaveMenu(ctx, chat.Zalo, chatID, labels, data); err != nil && !errors.Is(err, context.Canceled) {
		a.log.Warn("zalo menu not saved", "error", err)
	}
}
