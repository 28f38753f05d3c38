package main

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"loa/vntime"
)

// Played as the users play (issue 11): typed on a phone, without diacritics.

// TestPlayStaffAsksReportOfAPeriod: staff say "bao cao nam 2025" for the
// year's figures; Loa answered "Chi hội của chị chưa có sự kiện nào".
func TestPlayStaffAsksReportOfAPeriod(t *testing.T) {
	t.Parallel()
	r, _ := telegramRig(t)
	w := startCommuneWorld(t, r)
	now := time.Now().In(vntime.Zone)
	lastMonth := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, vntime.Zone).AddDate(0, -1, 0).Format("1/2006")
	for text, want := range map[string]string{
		"bao cao nam 2025":                "Thống kê năm 2025 – Xã Một",
		"bao cao thang 11":                "Thống kê tháng 11/",
		"Báo cáo quý này ạ":               "Thống kê quý ",
		"thong ke thang truoc":            "Thống kê tháng " + lastMonth,
		"cho em xem thong ke nam nay nhe": "Thống kê năm " + strconv.Itoa(now.Year()),
	} {
		got := w.staff.say(text, 1)[0]
		contains(t, text, got, want)
		w.staff.read(1) // the chart
		if strings.Contains(got, "Chi hội của chị") {
			t.Fatalf("%q: %s", text, got)
		}
	}
}
