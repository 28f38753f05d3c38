package handlers

import (
	"context"
	"strconv"
	"strings"
	"time"

	"loa/store"
)

// Broadcaster sends notices to a unit's members on every platform and
// reports on them. Package bot/notices implements it over the delivery
// engine (which imports this package, hence the interface here).
type Broadcaster interface {
	// SendNotice creates the notice req.ID and starts delivering it, sending
	// the sender a progress message it keeps up to date. A second call with
	// the same ID creates nothing and returns created=false.
	SendNotice(ctx context.Context, req NoticeRequest) (st NoticeStatus, created bool, err error)
	// Notice reports on one notice; ErrNoticeUnknown when there is none.
	Notice(ctx context.Context, id string) (NoticeStatus, error)
	// Notices lists up to n notices sent from a chat, newest first.
	Notices(ctx context.Context, platform, chatID string, n int) ([]NoticeStatus, error)
	// CancelNotice stops a notice still going out; stopped is false when it
	// had already ended. The final summary follows as for any notice.
	CancelNotice(ctx context.Context, id string) (st NoticeStatus, stopped bool, err error)
}

// ErrNoticeUnknown: no such notice (or it expired).
var ErrNoticeUnknown = store.ErrNoticeUnknown

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
	// InDoubt are the deliveries (counted in Delivered) whose sending
	// worker died mid-request: sent once, never resent, unconfirmed.
	InDoubt int64
}

// Ended reports whether the notice sends nothing more.
func (s NoticeStatus) Ended() bool { return s.State == NoticeDone || s.State == NoticeCancelled }

// NoticeText is a notice as members see it: a short header naming the unit,
// then the sender's text.
func NoticeText(unitName, text string) string {
	return "📢 Thông báo từ " + unitName + ":\n\n" + strings.TrimSpace(text)
}

// noticeLabelRunes is how much of a notice's text lists show.
const noticeLabelRunes = 40

// NoticeLabel is the first words of a notice's text, for lists.
func NoticeLabel(text string) string {
	text = strings.Join(strings.Fields(text), " ")
	r := []rune(text)
	if len(r) <= noticeLabelRunes {
		return text
	}
	cut := string(r[:noticeLabelRunes])
	if i := strings.LastIndex(cut, " "); i > noticeLabelRunes/2 {
		cut = cut[:i]
	}
	return cut + "…"
}

// FormatCount writes n the Vietnamese way, a dot between thousands: 1.200.
func FormatCount(n int64) string {
	s := strconv.FormatInt(n, 10)
	sign := ""
	if strings.HasPrefix(s, "-") {
		sign, s = "-", s[1:]
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteByte(s[i])
	}
	return sign + b.String()
}

// NoticeProgressText is the progress message while a notice goes out.
func NoticeProgressText(s NoticeStatus) string {
	if s.Total == 0 && s.State == NoticePreparing {
		return "📢 Loa đang chuẩn bị gửi thông báo tới " + s.UnitName + "…"
	}
	done := s.Delivered + s.Blocked + s.Failed + s.Cancelled
	switch s.State {
	case NoticeDone:
		return "📢 Đã gửi xong thông báo tới " + s.UnitName + ": " + FormatCount(s.Delivered) + "/" + FormatCount(s.Total) + " chị đã nhận."
	case NoticeCancelled:
		return "📢 Đã dừng thông báo tới " + s.UnitName + ": " + FormatCount(s.Delivered) + "/" + FormatCount(s.Total) + " chị đã nhận."
	}
	return "📢 Đang gửi thông báo tới " + s.UnitName + ": đã gửi " +
		FormatCount(done) + "/" + FormatCount(s.Total) + " …"
}

// NoticeStartText is the first message on a platform that cannot edit
// messages (Zalo): only the start and the end are sent there.
func NoticeStartText(s NoticeStatus, expected int64) string {
	return "📢 Loa bắt đầu gửi thông báo tới " + FormatCount(expected) + " thành viên của " +
		s.UnitName + ". Gửi xong Loa sẽ báo chị kết quả."
}

// NoticeSummaryText is the final summary of a notice.
func NoticeSummaryText(s NoticeStatus) string {
	var b strings.Builder
	if s.State == NoticeCancelled {
		b.WriteString("⏹ Đã dừng thông báo tới " + s.UnitName + ".\n")
	} else {
		b.WriteString("✅ Đã gửi xong thông báo tới " + s.UnitName + ".\n")
	}
	if s.Total == 0 {
		if s.State == NoticeCancelled {
			b.WriteString("Loa đã dừng trước khi gửi cho ai.")
		} else {
			b.WriteString("Đơn vị chưa có thành viên nào nhận tin của Loa, nên chưa ai nhận được.")
		}
		return b.String()
	}
	b.WriteString("• Đã nhận: " + FormatCount(s.Delivered) + "/" + FormatCount(s.Total) + "\n")
	if s.Blocked > 0 {
		b.WriteString("• Đã chặn Loa: " + FormatCount(s.Blocked) + " (lần sau Loa không gửi cho các chị này nữa)\n")
	}
	if s.Failed > 0 {
		b.WriteString("• Không gửi được: " + FormatCount(s.Failed) + "\n")
	}
	if s.Cancelled > 0 {
		b.WriteString("• Chưa gửi vì đã dừng: " + FormatCount(s.Cancelled) + "\n")
	}
	if s.Blocked == 0 && s.Failed == 0 && s.Cancelled == 0 {
		b.WriteString("Cảm ơn chị! 🌸")
	}
	return strings.TrimRight(b.String(), "\n")
}
