package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"loa/store"
	"loa/vntime"
)

// Played as the users play (fourth round): a branch head reporting late,
// by photo, and two meetings at once.

// TestPlay4HeadReportsLateByPhotoAndTwoAtOnce:
//   - "bao cao hop 2 tuan truoc 22 nguoi" was read as "tuần trước" (last
//     week) and answered that there was no meeting then, while the meeting
//     of two weeks ago was there: that week's meeting is read back;
//   - a photo of the sign-in sheet, sent while Loa waited for the figure,
//     got "Chị gõ câu hỏi giúp Loa nhé"; sent alone, the same: she is told
//     nothing was recorded from it and to type the figure;
//   - "hop thu 7 20 nguoi, chu nhat hop to 15 nguoi" offered to record one
//     meeting titled "Hop chu nhat hop to 15 nguoi" with 20 people: with two
//     figures nothing is offered and she is asked for one message a meeting.
func TestPlay4HeadReportsLateByPhotoAndTwoAtOnce(t *testing.T) {
	t.Parallel()
	r, srv := telegramRig(t)
	w := startCommuneWorld(t, r)
	ctx := context.Background()
	now := time.Now().In(vntime.Zone)
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, vntime.Zone)
	thisMonday := today.AddDate(0, 0, -((int(today.Weekday()) + 6) % 7))
	// A Saturday two weeks back: "2 tuần trước" whatever day it is today.
	held := thisMonday.AddDate(0, 0, -14+5).Add(19 * time.Hour)
	e, err := w.st.CreateEvent(ctx, store.NewEvent{Unit: "B11", Title: "Họp chi hội", Start: held})
	if err != nil {
		t.Fatal(err)
	}

	got := w.head11.say("bao cao hop 2 tuan truoc 22 nguoi", 1)[0]
	contains(t, "two weeks ago read back", got, "22 người", "Họp chi hội", held.Format("02/01"), "Đúng không")
	contains(t, "saved", w.head11.press("✅ Đúng, 22 người", 1)[0], "Đã ghi nhận 22 người")
	if got, _ := w.st.Event(ctx, e.ID); got.Headcount != 22 {
		t.Fatalf("the meeting of two weeks ago: %+v", got)
	}

	head := w.head11.m.(*telegramMember)
	if _, err := w.st.CreateEvent(ctx, store.NewEvent{Unit: "B11", Title: "Họp tổ phụ nữ", Start: today.Add(-5 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
	contains(t, "asked for the figure", w.head11.say("/baocao", 1)[0], "chọn sự kiện")
	w.head11.press(eventChoice(t, w.head11, "Họp tổ phụ nữ"), 1)
	tgMedia(srv, head.chat, head.chat, head.name, "photo")
	got = w.head11.read(1)[0]
	contains(t, "photo while a figure is awaited", got, "chưa xem được ảnh", "số người dự", "25")
	if strings.Contains(got, "câu hỏi") {
		t.Fatalf("a photo of the sign-in sheet answered as a question:\n%s", got)
	}
	contains(t, "the figure still answers the step", w.head11.say("18", 1)[0], "18 người")
	tgMedia(srv, head.chat, head.chat, head.name, "photo")
	contains(t, "photo alone", w.head11.read(1)[0], "chưa ghi gì", "danh sách điểm danh", "/baocao")

	for _, text := range []string{"hop thu 7 20 nguoi, chu nhat hop to 15 nguoi", "bao cao hom qua 20 nguoi, hom kia 15 nguoi"} {
		got = w.head11.say(text, 1)[0]
		contains(t, "two figures", got, "hai con số", "chưa ghi gì", "mỗi buổi một tin nhắn")
	}
	msgs := srv.Messages(head.chat)
	if last := msgs[len(msgs)-1]; len(last.Buttons) > 0 {
		t.Fatalf("two figures offered a button: %+v", last.Buttons)
	}
}
