package zalo

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"loa/chat"
	"loa/internal/httpfence"
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
//
// r.Fence, when set, runs once a request has its connection, before any
// byte of it is written (internal/httpfence); a failed fence sends nothing.
func (a *Adapter) Send(ctx context.Context, chatID string, r chat.Reply) (string, error) {
	ctx = httpfence.With(ctx, r.Fence)
	parts, err := a.render(ctx, r)
	if err != nil {
		return "", err
	}
	// A notice or post the delivery engine sends without choices does not
	// forget her menu: she may be halfway through a choice when it lands.
	if buttons := Flatten(r.Buttons); len(buttons) > 0 || !r.Bulk {
		a.rememberMenu(ctx, chatID, buttons)
	}
	return a.sendParts(ctx, chatID, parts, r.Paced, r.Urgent)
}

// render turns a reply into the texts Zalo gets, in order: a file becomes
// a link under the text, long text is split at MaxText, and the numbered
// list goes on the last part (or alone after it when it does not fit).
func (a *Adapter) render(ctx context.Context, r chat.Reply) ([]string, error) {
	text := strings.TrimSpace(r.Text)
	if r.File != nil {
		link, err := FileLink(ctx, a.cfg.Files, a.cfg.PublicBaseURL, *r.File)
		if err != nil {
			return nil, err
		}
		text = JoinBlocks(text, FileLinkText(r.File.Name, link))
	}
	parts := chat.SplitText(text, MaxText, textLen)
	if list := renderMenu(Flatten(r.Buttons)); list != "" {
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

// replyPart sends one part of an answer to a member's own message, with
// the replies' retries (RetryReply); urgent: it answers an emergency
// (chat.Reply.Urgent).
func (a *Adapter) replyPart(ctx context.Context, chatID, text string, urgent bool) error {
	return RetryReply(ctx, a.backoffBase, func(ctx context.Context) error {
		_, err := a.sendParts(ctx, chatID, []string{text}, false, urgent)
		return err
	})
}

// sendParts sends texts in order; it stops at the first failure. Each
// part waits for the shared limiter unless paced (chat.Reply.Paced), ahead
// of the chat's other messages when urgent (chat.Reply.Urgent).
func (a *Adapter) sendParts(ctx context.Context, chatID string, parts []string, paced, urgent bool) (string, error) {
	last := ""
	for _, p := range parts {
		if a.cfg.Limiter != nil && !paced {
			wait := a.cfg.Limiter.Wait
			if urgent {
				wait = a.cfg.Limiter.WaitUrgent
			}
			if err := wait(ctx, chatID); err != nil {
				if ctx.Err() != nil {
					return last, ctx.Err()
				}
				return last, &chat.SendError{Kind: chat.ErrTemporary, Reason: "rate limiter: " + err.Error()}
			}
		}
		var res struct {
			MessageID FlexString `json:"message_id"`
		}
		err := a.call(ctx, "sendMessage", map[string]string{"chat_id": chatID, "text": p}, &res)
		if err != nil {
			return last, sendError(ctx, err)
		}
		last = string(res.MessageID)
	}
	return last, nil
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
