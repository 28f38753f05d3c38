package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"loa/store"
	"loa/vntime"
)

// Played as the users play (fifth round): a branch head on Zalo, on a
// cheap phone, after the fact.

// lastMonthsMeeting creates unit's meeting of last month (the 15th, 19:00
// Vietnam time), the one a head reports on weeks late.
func lastMonthsMeeting(t *testing.T, w *communeWorld, unit string) store.Event {
	t.Helper()
	now := time.Now().In(vntime.Zone)
	start := time.Date(now.Year(), now.Month(), 15, 19, 0, 0, 0, vntime.Zone).AddDate(0, -1, 0)
	e, err := w.st.CreateEvent(context.Background(), store.NewEvent{Unit: unit,
		Title: "Sinh hoạt chi hội tháng " + start.Format("1/2006"), Start: start})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// TestPlay5HeadWritesBcForBaoCao: "bc hop thang truoc 32 nguoi" (bc, as
// every head writes báo cáo in a hurry) was answered "câu này nằm ngoài
// việc của Hội" with a list of topics. It is a report: last month's
// meeting is read back with the figure; then "nham, 23 nguoi chu ko phai
// 32" corrects it. The same report sent again asked her to confirm 23
// once more, as if nothing were recorded: it says it is already in.
func TestPlay5HeadWritesBcForBaoCao(t *testing.T) {
	t.Parallel()
	r, _ := zaloRig(t)
	w := startCommuneWorld(t, r)
	ctx := context.Background()
	e := lastMonthsMeeting(t, w, "B11")

	got := w.head11.say("bc hop thang truoc 32 nguoi", 1)[0]
	if strings.Contains(got, "ngoài việc của Hội") {
		t.Fatalf("a report answered as a question:\n%s", got)
	}
	contains(t, "last month's meeting read back", got, "32 người", e.Title, "Đúng không")
	contains(t, "recorded", w.head11.press("✅ Đúng, 32 người", 1)[0], "Đã ghi nhận 32 người")

	got = w.head11.say("nham, 23 nguoi chu ko phai 32", 1)[0]
	contains(t, "the correction", got, "23", e.Title)
	if c := w.head11.m.Choices(); len(c) > 0 {
		w.head11.press(c[0], 1)
	}
	if ev, err := w.st.Event(ctx, e.ID); err != nil || ev.Headcount != 23 {
		t.Fatalf("after the correction: %+v, %v", ev, err)
	}

	// The same report again (she thought it was lost): it is in, nothing
	// to confirm; a figure typed then still corrects it.
	got = w.head11.say("bc hop thang truoc 23 nguoi", 1)[0]
	contains(t, "reported twice", got, "đã ghi nhận 23 người", e.Title, "rồi")
	if strings.Contains(got, "Đúng, 23") {
		t.Fatalf("asked to confirm the same figure again:\n%s", got)
	}
	contains(t, "a figure after it", w.head11.say("24", 1)[0], "24")
}

// TestPlay5HeadReportsForABranchNotHers: the head of Ấp 1 wrote "bao cao
// ap 2 hop thang nay 15 nguoi" (for her neighbour) and was offered her own
// branch's meeting for the 15: Ấp 2 was not heard, and a press would have
// put Ấp 2's figure on Ấp 1. Loa now says it records only her own branch,
// and records nothing; naming her own branch still reports.
func TestPlay5HeadReportsForABranchNotHers(t *testing.T) {
	t.Parallel()
	r, _ := zaloRig(t)
	w := startCommuneWorld(t, r)
	ctx := context.Background()
	mine := lastMonthsMeeting(t, w, "B11")
	theirs := lastMonthsMeeting(t, w, "B12")

	got := w.head11.say("bao cao ap 2 hop thang truoc 15 nguoi", 1)[0]
	contains(t, "another branch", got, "Chi hội Ấp 2", "chưa ghi gì", "Chi hội Ấp 1")
	if strings.Contains(got, "Đúng") || strings.Contains(got, mine.Title) {
		t.Fatalf("offered to record another branch's figure on hers:\n%s", got)
	}
	for _, e := range []store.Event{mine, theirs} {
		if ev, err := w.st.Event(ctx, e.ID); err != nil || ev.Reported {
			t.Fatalf("recorded: %+v, %v", ev, err)
		}
	}

	got = w.head11.say("bc chi hoi ap 1 hop thang truoc 20 nguoi", 1)[0]
	contains(t, "her own branch named", got, "20 người", mine.Title, "Đúng không")
}

// TestPlay5HeadSaysTheFigureAsASentence: "thang truoc chi hoi ap 1 co 23
// nguoi di hop" (the period first, no "báo cáo") was answered with what a
// chi hội is. It is her report: last month's meeting is read back with 23.
func TestPlay5HeadSaysTheFigureAsASentence(t *testing.T) {
	t.Parallel()
	r, _ := zaloRig(t)
	w := startCommuneWorld(t, r)
	e := lastMonthsMeeting(t, w, "B11")
	got := w.head11.say("thang truoc chi hoi ap 1 co 23 nguoi di hop", 1)[0]
	contains(t, "a report in a sentence", got, "23", e.Title)
	// A member saying the same is not reporting: she gets an answer, not
	// "/baocao dành cho chi hội trưởng".
	if got := w.lan.say("thang truoc chi hoi ap 1 co 23 nguoi di hop", 1)[0]; strings.Contains(got, "/baocao") {
		t.Fatalf("a member's sentence taken as a report:\n%s", got)
	}
}
