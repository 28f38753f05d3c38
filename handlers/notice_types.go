package handlers

import (
	"context"

	"loa/chat"
	"loa/store"
)

// Broadcaster sends notices to a unit's members on every platform and
// reports on them; *notices.Service (bot/notices) implements it. It is
// declared here, by its user, with the types of package chat.
type Broadcaster interface {
	// SendNotice creates the notice req.ID and starts delivering it, sending
	// the sender a progress message it keeps up to date. A second call with
	// the same ID creates nothing and returns created=false.
	SendNotice(ctx context.Context, req chat.NoticeRequest) (st chat.NoticeStatus, created bool, err error)
	// Notice reports on one notice; ErrNoticeUnknown when there is none.
	Notice(ctx context.Context, id string) (chat.NoticeStatus, error)
	// Notices lists up to n notices sent from a chat, newest first.
	Notices(ctx context.Context, platform, chatID string, n int) ([]chat.NoticeStatus, error)
	// CancelNotice stops a notice still going out; stopped is false when it
	// had already ended. The final summary follows as for any notice.
	CancelNotice(ctx context.Context, id string) (st chat.NoticeStatus, stopped bool, err error)
}

// ErrNoticeUnknown: no such notice (or it expired).
var ErrNoticeUnknown = store.ErrNoticeUnknown
