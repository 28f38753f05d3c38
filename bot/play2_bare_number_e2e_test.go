package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"loa/store"
)

// Played as the users play (second round): typed on a phone, without diacritics.

// TestPlay2HeadTypesABareNumber: "30" with nothing asked got "Lựa chọn này
// đã đóng rồi". A head is told what the number could be for, and the way
// to report it; a member still hears that the choice is closed.
func TestPlay2HeadTypesABareNumber(t *testing.T) {
	t.Parallel()
	r, _ := telegramRig(t)
	w := startCommuneWorld(t, r)
	if _, err := w.st.CreateEvent(context.Background(), store.NewEvent{Unit: "B11", Title: "Sinh hoạt chi hội tháng này", Start: time.Now().Add(-2 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
	got := w.head11.say("30", 1)[0]
	contains(t, "a head's number", got, "báo cáo 30 người dự họp", "/baocao 30")
	if strings.Contains(got, "Chị gõ câu hỏi") {
		t.Fatalf("a head got the closed-choice answer:\n%s", got)
	}
	contains(t, "the way shown works", w.head11.say("/baocao 30", 1)[0], "có 30 người tham dự")
	contains(t, "a member's number", w.lan.say("30", 1)[0], "Lựa chọn này đã đóng rồi")
}
