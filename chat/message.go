// Package chat holds the platform-neutral message types every part of Loa
// speaks: the Update an adapter hands in, the Reply it sends out, the
// SendError it maps platform failures to, and the platform names. It imports
// nothing of Loa's, so adapters (bot/telegram, bot/zalo, bot/zalooa,
// bot/webchat), inbound dispatch, delivery, notices and posts depend on these
// types without depending on the conversation (handlers); the compiler, not
// a comment, keeps them apart (see layering_test.go).
package chat

import (
	"fmt"
	"path"
	"strings"
	"time"
	"unicode"
)

// Platform names, used in Update.Platform, in Redis keys and in logs.
const (
	Telegram = "telegram"
	Zalo     = "zalo"
	Web      = "web"
	ZaloOA   = "zalooa" // a Zalo Official Account (bot/zalooa)
)

// Update is one inbound event from a person, as every adapter delivers it.
type Update struct {
	Platform string // Telegram, Zalo or Web
	// ID is the platform's identity of this event (Telegram update_id, Zalo
	// event name + message id, web chat client message id); the router drops
	// an ID it has already seen, so at-least-once delivery becomes idempotent.
	ID        string
	ChatID    string // where replies go (a private chat is the user's own chat)
	UserID    string // who wrote; opaque string on every platform
	UserName  string // display name, untrusted input
	Text      string // the message text; empty for a button press
	Data      string // callback data of a pressed button; empty for a message
	MessageID string // the platform message this update carries or refers to (the pressed button's message)
	Group     bool   // sent in a group chat rather than a private one
	// Addressed: the platform marks this group message as meant for the
	// bot (Telegram: it @mentions the bot or replies to one of its
	// messages; Zalo delivers nothing else from a group). Members talk
	// among themselves in their branch's group, so Loa speaks there only
	// when called (see handlers/group.go).
	Addressed bool
	Time      time.Time
	// Admitted says the per-member flood limit was already applied when
	// the update arrived (an adapter with a queue calls Router.Admit then,
	// so a flood is measured as it comes, not as it is worked off); the
	// router then does not apply it again.
	Admitted bool
}

// IsButton reports whether the update is a button press.
func (u Update) IsButton() bool { return u.Data != "" }

// Button is one choice offered under a reply. Data is what comes back in
// Update.Data when it is pressed; it must be at most MaxButtonData bytes
// because Telegram refuses longer callback_data.
type Button struct {
	Text string
	Data string
}

// MaxButtonData is Telegram's callback_data limit in bytes.
const MaxButtonData = 64

// File is a document or picture sent with a reply (an .xlsx report, a QR code,
// a chart). Platforms that cannot send files (Zalo) turn it into a link.
type File struct {
	Name  string // clean file name shown to the user, never a local path
	MIME  string
	Data  []byte
	Image bool // send as a photo rather than a document
}

// CleanName is f.Name safe to show and to send as a file name, on every
// platform: no directories (a library would send a local path), no
// control characters or quotes, not empty, at most 100 characters (the
// end kept, with its extension).
func (f File) CleanName() string {
	name := path.Base(strings.ReplaceAll(f.Name, `\`, "/"))
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == '"' {
			return -1
		}
		return r
	}, name)
	name = strings.TrimSpace(name)
	if name == "" || name == "." || name == "/" || name == ".." {
		name = "tep-tin"
	}
	if r := []rune(name); len(r) > 100 {
		name = string(r[len(r)-100:])
	}
	return name
}

// Reply is one outbound message. Text is plain text: adapters escape it for
// their parse mode and split it when it exceeds the platform's limit.
type Reply struct {
	Text    string
	Buttons [][]Button // rows of buttons; Zalo renders them as a numbered list
	File    *File
	// ReplyTo, when set, is the platform message this reply answers: in a
	// group, where two members may ask at once, the adapter shows the
	// answer under her message (Telegram's reply_to_message_id); a
	// platform without replies ignores it.
	ReplyTo string
	// EditMessageID, when set, edits that earlier message of the bot in
	// place (progress of a notice) instead of sending a new one.
	EditMessageID string
	// Superseded, when set on an edit, is asked by the adapter after its
	// pacing wait, right before the request: true drops the edit as done,
	// because a newer edit of the same message was issued meanwhile. Edits
	// queued behind the per-chat pacing would otherwise land out of order
	// (a progress message going back from "done" to "0/2").
	Superseded func() bool `json:"-"`

	// Paced and Bulk are how a sender of many messages (the delivery
	// engine) tells the adapter what kind of send this is. They are two
	// facts, set on the reply rather than hidden in the context, because
	// they change what the adapter does and a reader of the call should see
	// it; neither is stored with a queued reply (the engine sets them as it
	// sends).
	//
	// Paced: the caller already took this message's slot from the shared
	// rate limiter, so the adapter must not wait for a second one (a second
	// wait would halve the rate). Direct replies leave it false and are
	// paced by the adapter.
	Paced bool `json:"-"`
	// Bulk: this is one of many identical messages (a notice, a post, a
	// reminder), not an answer to her. On Zalo a bulk message without
	// buttons keeps the numbered menu she may be halfway through instead of
	// clearing it.
	Bulk bool `json:"-"`
	// Urgent: this reply answers an emergency (the hotline to someone in
	// danger). It must not wait behind the other messages queued for the
	// chat: the adapter takes the chat's next slot from the shared limiter
	// ahead of them (in a busy group, twenty messages a minute, the earlier
	// answers would hold it back by a minute), and the delivery engine
	// queues it before everything else. Set by the conversation, which
	// knows; like Paced and Bulk it is not stored with a queued reply (the
	// engine's job kind keeps it).
	Urgent bool `json:"-"`
	// Fence, when set, is the caller's record that this message is leaving
	// (the delivery engine's "sending" state: a crash after it leaves her
	// "in doubt", never resent). A sender must call it before anything of
	// the message can reach the platform, and as late as it can: for an
	// HTTP API, once the request has its connection and before its first
	// byte is written (internal/httpfence), so a crash while connecting
	// leaves her to another worker. If it returns an error the sender sends
	// nothing and returns an error. A sender that returns before any
	// request (a bad chat id, an empty text, no connection) does not call
	// it, and the caller knows nothing left. It may be called more than
	// once (a multi-request message, a request retried on a new
	// connection): calls after the first return the first one's result.
	Fence func() error `json:"-"`
}

// SendErrorKind is the small neutral set every adapter maps platform errors to.
type SendErrorKind int

const (
	// ErrPermanent: this message will never go through as it is (bad request,
	// chat not found); record it and move on.
	ErrPermanent SendErrorKind = iota
	// ErrBlocked: the person blocked the bot or deleted the account; mark the
	// member inactive and stop sending to them.
	ErrBlocked
	// ErrRetryAfter: flood control; the whole token must pause for RetryAfter.
	ErrRetryAfter
	// ErrTemporary: 5xx, timeouts, network; retry with backoff.
	ErrTemporary
	// ErrUnreachable: the chat is not there now (a web chat page closed, its
	// session ended or the bot restarted). Not her refusal, unlike
	// ErrBlocked: this message fails, she stays active, and she is reached
	// again once she comes back.
	ErrUnreachable
)

func (k SendErrorKind) String() string {
	switch k {
	case ErrBlocked:
		return "blocked"
	case ErrRetryAfter:
		return "retry_after"
	case ErrTemporary:
		return "temporary"
	case ErrUnreachable:
		return "unreachable"
	default:
		return "permanent"
	}
}

// SendError is what adapters return from Send and Edit. Reason is the
// platform's description (never containing a token or a message body), safe to
// log and to record as a recipient's failure reason.
type SendError struct {
	Kind       SendErrorKind
	RetryAfter time.Duration
	Reason     string
	// Unreachable, when set, names why a platform with reach rules (the
	// Zalo OA's 7-day window and reply quota) refused or would refuse this
	// member: one of the Unreachable* codes. Delivery counts failures per
	// code so a notice's sender is told why, in plain words.
	Unreachable string
}

func (e *SendError) Error() string {
	if e.Kind == ErrRetryAfter {
		return fmt.Sprintf("%s (%s): %s", e.Kind, e.RetryAfter, e.Reason)
	}
	return fmt.Sprintf("%s: %s", e.Kind, e.Reason)
}
