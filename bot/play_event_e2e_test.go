package main

import (
	"testing"
	"time"

	"loa/vntime"
)

// Played as the users play (issue 11): typed on a phone, without diacritics.

// TestPlayHeadGivesTheDayThenTheHour: "/sukien hop mat 20/12" lost the day
// and asked "diễn ra lúc nào"; "8h" then was "Loa chưa đọc được ngày giờ
// này", and every later "thong bao" got the same answer: she was stuck.
func TestPlayHeadGivesTheDayThenTheHour(t *testing.T) {
	t.Parallel()
	r, _ := telegramRig(t)
	w := startCommuneWorld(t, r)
	day := time.Now().In(vntime.Zone).AddDate(0, 0, 10)
	ask := w.head11.say("/sukien hop mat "+day.Format("2/1"), 1)[0]
	contains(t, "the day is kept", ask, `"hop mat"`, day.Format("02/01/2006"), "mấy giờ")
	created := w.head11.say("8h sang", 1)[0]
	contains(t, "created", created, "Đã tạo sự kiện", day.Format("02/01/2006"), "08:00")

	// Waiting for a time, she moves on in plain words: the command runs.
	contains(t, "asks the time", w.head11.say("tao su kien hop to 2", 1)[0], "diễn ra lúc nào")
	contains(t, "moved on", w.head11.say("thong bao", 1)[0], "gõ nội dung thông báo")
}
