package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"loa/vntime"
)

// Played as the users play (issue 11): typed on a phone, without diacritics.

// TestPlayHeadReportsAndCorrectsInPlainWords: "hop hom qua co 23 nguoi" is
// a report, "sua lai 21 nguoi" its correction, and "huy thong bao" stops a
// notice: none of them is a question for the knowledge base.
func TestPlayHeadReportsAndCorrectsInPlainWords(t *testing.T) {
	t.Parallel()
	r, _ := telegramRig(t)
	w := startCommuneWorld(t, r)
	ctx := context.Background()
	yesterday := time.Now().In(vntime.Zone).AddDate(0, 0, -1)

	ask := w.head11.say("hop hom qua co 23 nguoi", 1)[0]
	contains(t, "report without bao cao", ask, "Loa sẽ ghi", yesterday.Format("02/01/2006"), "23 người", "Đúng không")
	// She corrects the figure before confirming: read back again.
	contains(t, "correction in the step", w.head11.say("sua lai 21 nguoi", 1)[0], "21 người", "Đúng không")
	done := w.head11.press("✅ Đúng, ghi lại", 2)
	contains(t, "recorded", done[1], "Đã ghi nhận 21 người")

	// A correction after it was saved: the meeting is picked, the figure changes.
	picks := w.head11.say("sua lai 19 nguoi", 1)[0]
	contains(t, "correction after saving", picks, "19 người")
	changed := w.head11.press(eventChoice(t, w.head11, "(đã báo 21)"), 1)[0]
	contains(t, "changed", changed, "từ 21 thành 19")
	evs, err := w.st.UnitEvents(ctx, "B11", yesterday.Add(-24*time.Hour), time.Now())
	if err != nil || len(evs) != 1 || evs[0].Headcount != 19 {
		t.Fatalf("stored %+v, %v", evs, err)
	}

	// A head's question that starts with "họp" and has no figure stays a question.
	q := w.head11.say("hop chi hoi can chuan bi gi", 1)[0]
	if strings.Contains(q, "Loa sẽ ghi") || strings.Contains(q, "chọn sự kiện") {
		t.Fatalf("a question was taken as a report:\n%s", q)
	}
	contains(t, "cancel in plain words", w.head11.say("huy thong bao", 1)[0], "không có thông báo nào đang gửi")
}
