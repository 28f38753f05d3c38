package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"loa/store"
)

// Played as the users play (issue 11): typed on a phone, without diacritics.

// TestPlayHeadTypesTheFigureAfterTheList: after /baocao lists the meetings
// she types "19 ng" instead of pressing one; the figure is kept.
func TestPlayHeadTypesTheFigureAfterTheList(t *testing.T) {
	t.Parallel()
	r, _ := telegramRig(t)
	w := startCommuneWorld(t, r)
	ctx := context.Background()
	e, err := w.st.CreateEvent(ctx, store.NewEvent{Unit: "B11", Title: "Sinh hoạt chi hội tháng này", Start: time.Now().Add(-2 * time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	contains(t, "list", w.head11.say("/baocao", 1)[0], "chọn sự kiện")
	got := w.head11.say("19 ng", 1)[0]
	contains(t, "figure instead of a press", got, "19 người")
	contains(t, "saved", w.head11.press(eventChoice(t, w.head11, "Sinh hoạt chi hội tháng này"), 1)[0], "Đã ghi nhận 19 người")
	if got, _ := w.st.Event(ctx, e.ID); got.Headcount != 19 || !got.Reported {
		t.Fatalf("event %+v", got)
	}
	// The list no longer waits: a question after it is a question.
	w.head11.say("/baocao", 1)
	q := w.head11.say("vay von ho ngheo lai suat bao nhieu", 1)[0]
	if strings.Contains(q, "người") && strings.Contains(q, "chọn sự kiện") {
		t.Fatalf("a question after the list was taken as a figure:\n%s", q)
	}
}
