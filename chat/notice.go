package chat

import (
	"strings"
	"time"
)

// A notice is one message from a branch head or staff to every member of a
// unit. The conversation (handlers) drafts and confirms it; the notice
// service (bot/notices) sends it and reports on it. These are the types the
// two exchange.

// NoticeRequest is a notice a sender confirmed with "Gửi".
type NoticeRequest struct {
	ID       string // the draft id: one draft makes at most one notice
	Platform string // the sender: her platform, chat and user
	ChatID   string
	UserID   string
	Unit     string // code of the unit whose members (and sub-units') receive it
	UnitName string
	Text     string // what the sender typed; NoticeText adds the header
}

// Notice states, as NoticeStatus.State reports them.
const (
	NoticePreparing = "preparing" // recipients are being queued
	NoticeSending   = "sending"
	NoticeDone      = "done"
	NoticeCancelled = "cancelled"
)

// NoticeStatus is a notice's progress summed over its platforms.
type NoticeStatus struct {
	ID       string
	Platform string // the sender's platform and chat
	ChatID   string
	UserID   string
	Unit     string
	UnitName string
	Label    string // its first words
	State    string
	Created  time.Time
	// Total recipients queued; Delivered includes the rare "in doubt" sends
	// (see bot/delivery), Blocked are members who blocked Loa (now
	// inactive), Failed could not be reached, Cancelled were left when it
	// was stopped, Pending have no outcome yet.
	Total, Delivered, Blocked, Failed, Cancelled, Pending int64
	// Unreachable counts, by chat.Unreachable* code, the members among
	// Failed whom a platform's reach rules kept out: not attempted, or
	// refused and never retried.
	Unreachable map[string]int64
	// InDoubt are the deliveries (counted in Delivered) whose sending
	// worker died mid-request: sent once, never resent, unconfirmed.
	InDoubt int64
}

// Why a member could not be reached on a platform with reach rules (the Zalo
// OA, platforms.md D3): SendError.Unreachable and NoticeStatus.Unreachable.
// The codes are short and fixed (they are metric labels and Redis fields).
const (
	// UnreachableWindow: she has not written to the OA in the last 7 days
	// (-230, -232).
	UnreachableWindow = "window"
	// UnreachableQuota: her free replies are used and the OA's paid quota is
	// empty (-211, -218).
	UnreachableQuota = "quota"
	// UnreachableNotFollower: she does not follow the OA (-213).
	UnreachableNotFollower = "not_follower"
)

// UnreachableCodes lists the codes in the order reports show them.
var UnreachableCodes = []string{UnreachableWindow, UnreachableQuota, UnreachableNotFollower}

// UnreachableText says a code in plain Vietnamese, after "N chị ".
func UnreachableText(code string) string {
	switch code {
	case UnreachableWindow:
		return "chưa nhắn với Hội trên Zalo OA trong 7 ngày qua"
	case UnreachableQuota:
		return "không nhận được vì đã hết lượt gửi miễn phí của Zalo OA"
	case UnreachableNotFollower:
		return "chưa quan tâm Zalo OA của Hội"
	}
	return "không nhận được tin vì lý do khác"
}

// Ended reports whether the notice sends nothing more.
func (s NoticeStatus) Ended() bool { return s.State == NoticeDone || s.State == NoticeCancelled }

// NoticeText is a notice as members see it: a short header naming the unit,
// then the sender's text.
func NoticeText(unitName, text string) string {
	return "📢 Thông báo từ " + unitName + ":\n\n" + strings.TrimSpace(text)
}
