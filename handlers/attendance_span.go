package handlers

import (
	"context"
	"fmt"
	"time"

	"loa/chat"
	"loa/store"
)

// A report that names a period instead of a day ("họp tuần trước 15
// người", "tháng trước"): only the branch's meetings of that period are
// offered, and with none Loa says so and asks for the day, so the figure
// never lands on a meeting of another week.

const (
	msgReportNoneOnDay  = "Chi hội chưa có buổi họp nào ngày %s trên Loa. "
	msgReportNoneInSpan = "Chi hội chưa có buổi họp nào %s (%s – %s) trên Loa. Chị gõ ngày họp để Loa ghi lại buổi này, ví dụ: /baocao họp %s%s"
)

// reportInSpan is /baocao with "tuần trước" or "tháng trước": one meeting of
// that period is read back (or its figure asked), several are listed, and
// none is said so with the way to record it by its day. count is -1 when
// she gave none.
func (r *attendance) reportInSpan(ctx context.Context, u chat.Update, unit string, w when, count int64) []chat.Reply {
	now := r.now()
	evs, err := r.store.UnitEvents(ctx, unit, w.From.Add(-reportLookback), w.To)
	if err != nil {
		return r.failed(u, "list events", err)
	}
	var within, spanning []store.Event
	for _, e := range evs {
		switch {
		case e.Start.After(now):
		case !e.Start.Before(w.From):
			within = append(within, e)
		case e.Source == store.SourceRule && e.Close.After(w.From):
			spanning = append(spanning, e) // the month's meeting, open all month
		}
	}
	if len(within) == 0 {
		within = spanning
	}
	switch len(within) {
	case 0:
		if p, ok := wholeMonth(w.From, w.To); ok {
			// "tháng trước", "tháng 11": the branch's meeting of that month.
			if replies, ok := r.offerMonthly(ctx, u, unit, p, time.Time{}, count); ok {
				return replies
			}
		}
		period := "trong tuần trước"
		switch p, month := wholeMonth(w.From, w.To); {
		case month:
			period = "trong " + p.Label()
		case w.To.Sub(w.From) > 8*24*time.Hour:
			period = "trong tháng trước"
		case w.To.Before(now.AddDate(0, 0, -7)):
			period = "trong tuần" // "2 tuần trước": the dates say which
		}
		figure := ""
		if count >= 0 {
			figure = " " + chat.FormatCount(count) + " người"
		}
		r.log.Info("report for a period without meetings", "platform", u.Platform)
		return []chat.Reply{{Text: fmt.Sprintf(msgReportNoneInSpan, period, eventDay(w.From), eventDay(w.To.Add(-time.Minute)),
			eventDay(w.From), figure)}}
	case 1:
		if count < 0 {
			return r.askStep(ctx, u, stepHeadcount+":"+within[0].ID, askCountText(within[0]))
		}
		return r.confirmCount(ctx, u, within[0], count)
	}
	return []chat.Reply{pickList(within, count)}
}
