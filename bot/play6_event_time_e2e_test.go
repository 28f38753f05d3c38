package main

import (
	"strings"
	"testing"
	"time"

	"loa/vntime"
)

// Played as the users play (sixth round): a branch head on the Zalo OA
// creates tonight's meeting in words.

// TestPlay6HeadCreatesTheMeetingForTonight: "tao su kien hop chi hoi 19h
// toi nay" was answered 'Sự kiện "hop chi hoi nay" diễn ra lúc nào ạ?':
// "tối nay" (tonight) was not a day, and "nay" stayed in the title. "tối
// nay", "sáng mai", "tối mai" are days with their part of the day: "7h tối
// mai" is tomorrow at 19:00, not at 7 in the morning; "thứ 6 tuần này" is
// the coming Friday.
func TestPlay6HeadCreatesTheMeetingForTonight(t *testing.T) {
	t.Parallel()
	r, _ := oaRig(t)
	w := startCommuneWorld(t, r)
	now := time.Now().In(vntime.Zone)
	tomorrow := now.AddDate(0, 0, 1).Format("02/01/2006")

	got := w.head11.say("tao su kien hop chi hoi 7h toi mai", 1)[0]
	contains(t, "tomorrow evening", got, "Đã tạo sự kiện", `"hop chi hoi"`, "19:00", tomorrow)

	got = w.head11.say("/sukien hop to phu nu 8h sang mai", 1)[0]
	contains(t, "tomorrow morning", got, "Đã tạo sự kiện", `"hop to phu nu"`, "08:00", tomorrow)

	if now.Hour() < 21 {
		got = w.head11.say("tao su kien hop khan 22h toi nay", 1)[0]
		contains(t, "tonight", got, "Đã tạo sự kiện", `"hop khan"`, "22:00", now.Format("02/01/2006"))
	}

	friday := now.AddDate(0, 0, (int(time.Friday)-int(now.Weekday())+7)%7)
	if now.Weekday() == time.Friday && now.Hour() >= 19 {
		friday = friday.AddDate(0, 0, 7)
	}
	got = w.head11.say("/sukien hop 19h30 thu 6 tuan nay", 1)[0]
	contains(t, "this friday", got, "Đã tạo sự kiện", "19:30", "Thứ Sáu", friday.Format("02/01/2006"))
	if strings.Contains(got, "tuan nay") {
		t.Fatalf("the week left in the title:\n%s", got)
	}
}
