package handlers

import (
	"context"
	"strings"

	"loa/chat"
)

// A head tells Loa a meeting did not take place ("họp hôm qua bị huỷ",
// "buổi họp thứ 7 huỷ rồi, không họp"). Loa keeps no cancelled state for
// a meeting: it says so plainly, records nothing, and tells her what to do,
// instead of reading the words as a figure it cannot find or as a
// question for the knowledge base.

const msgMeetingCancelled = "Loa chưa ghi được việc huỷ hay hoãn buổi họp ạ, nên Loa không ghi số người nào cho buổi này. " +
	"Chị báo cán bộ Hội xã biết giúp Loa nhé; khi họp bù, chị báo cáo số người như thường (ví dụ: /baocao họp chủ nhật 20 người)."

// saysCancelled tells whether text says a meeting did not take place.
func saysCancelled(text string) bool {
	var folded []string
	for _, f := range strings.Fields(text) {
		folded = append(folded, foldWord(f))
	}
	all := " " + strings.Join(folded, " ") + " "
	has := func(words ...string) bool {
		for _, w := range words {
			if strings.Contains(all, " "+w+" ") {
				return true
			}
		}
		return false
	}
	return !has("hop tac", "thong bao") &&
		has("huy", "bi huy", "hoan", "bi hoan", "khong hop", "khong to chuc", "khong hop duoc", "khong sinh hoat") &&
		has("hop", "sinh hoat", "buoi", "su kien")
}

// cancelledCommand answers "họp … bị huỷ" typed alone (intents_staff.go).
func (r *attendance) cancelledCommand(ctx context.Context, u chat.Update, _ string) []chat.Reply {
	r.log.Info("head says a meeting was cancelled", "platform", u.Platform)
	return []chat.Reply{{Text: msgMeetingCancelled}}
}
