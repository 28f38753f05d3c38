package notices

import (
	"strings"

	"loa/chat"
)

// The texts a notice's sender sees while it goes out and when it ends.

// labelRunes is how much of a notice's text lists show.
const labelRunes = 40

// Label is the first words of a notice's text, for lists.
func Label(text string) string {
	text = strings.Join(strings.Fields(text), " ")
	r := []rune(text)
	if len(r) <= labelRunes {
		return text
	}
	cut := string(r[:labelRunes])
	if i := strings.LastIndex(cut, " "); i > labelRunes/2 {
		cut = cut[:i]
	}
	return cut + "…"
}

// ProgressText is the progress message while a notice goes out.
func ProgressText(s chat.NoticeStatus) string {
	if s.Total == 0 && s.State == chat.NoticePreparing {
		return "📢 Loa đang chuẩn bị gửi thông báo tới " + s.UnitName + "…"
	}
	done := s.Delivered + s.Blocked + s.Failed + s.Cancelled
	switch s.State {
	case chat.NoticeDone:
		return "📢 Đã gửi xong thông báo tới " + s.UnitName + ": " + chat.FormatCount(s.Delivered) + "/" + chat.FormatCount(s.Total) + " chị đã nhận."
	case chat.NoticeCancelled:
		return "📢 Đã dừng thông báo tới " + s.UnitName + ": " + chat.FormatCount(s.Delivered) + "/" + chat.FormatCount(s.Total) + " chị đã nhận."
	}
	return "📢 Đang gửi thông báo tới " + s.UnitName + ": đã gửi " +
		chat.FormatCount(done) + "/" + chat.FormatCount(s.Total) + " …"
}

// StartText is the first message on a platform that cannot edit
// messages (Zalo): only the start and the end are sent there.
func StartText(s chat.NoticeStatus, expected int64) string {
	return "📢 Loa bắt đầu gửi thông báo tới " + chat.FormatCount(expected) + " thành viên của " +
		s.UnitName + ". Gửi xong Loa sẽ báo chị kết quả."
}

// SummaryText is the final summary of a notice.
func SummaryText(s chat.NoticeStatus) string {
	var b strings.Builder
	if s.State == chat.NoticeCancelled {
		b.WriteString("⏹ Đã dừng thông báo tới " + s.UnitName + ".\n")
	} else {
		b.WriteString("✅ Đã gửi xong thông báo tới " + s.UnitName + ".\n")
	}
	if s.Total == 0 {
		if s.State == chat.NoticeCancelled {
			b.WriteString("Loa đã dừng trước khi gửi cho ai.")
		} else {
			b.WriteString("Đơn vị chưa có thành viên nào nhận tin của Loa, nên chưa ai nhận được.")
		}
		return b.String()
	}
	b.WriteString("• Đã nhận: " + chat.FormatCount(s.Delivered) + "/" + chat.FormatCount(s.Total) + "\n")
	if s.Blocked > 0 {
		b.WriteString("• Đã chặn Loa: " + chat.FormatCount(s.Blocked) + " (lần sau Loa không gửi cho các chị này nữa)\n")
	}
	if s.Failed > 0 {
		b.WriteString("• Không gửi được: " + chat.FormatCount(s.Failed) + "\n")
		b.WriteString(UnreachableLines(s))
	}
	if s.Cancelled > 0 {
		b.WriteString("• Chưa gửi vì đã dừng: " + chat.FormatCount(s.Cancelled) + "\n")
	}
	if s.Blocked == 0 && s.Failed == 0 && s.Cancelled == 0 {
		b.WriteString("Cảm ơn chị! 🌸")
	}
	return strings.TrimRight(b.String(), "\n")
}

// UnreachableLines says, one line per reason, how many members a
// platform's reach rules kept out (the Zalo OA's 7-day window, its quota,
// followers), in plain words; "" when none. Loa did not retry them: only
// their next message brings them back in reach.
func UnreachableLines(s chat.NoticeStatus) string {
	var b strings.Builder
	for _, code := range chat.UnreachableCodes {
		if n := s.Unreachable[code]; n > 0 {
			b.WriteString("   – " + chat.FormatCount(n) + " chị " + chat.UnreachableText(code) + "\n")
		}
	}
	if b.Len() > 0 {
		b.WriteString("   Loa không gửi lại cho các chị này; khi chị ấy nhắn cho Hội trên Zalo, lần sau chị ấy sẽ nhận được.\n")
	}
	return b.String()
}
