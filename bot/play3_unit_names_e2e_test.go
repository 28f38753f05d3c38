package main

import (
	"strings"
	"testing"
)

// Played as the users play (third round): staff name a branch as they say it.

// TestPlay3StaffNamesABranch: "thong ke ap 2", "thong ke chi hoi ap hai"
// got "Loa chưa hiểu yêu cầu này" (only codes were read). A unit is found
// by its name as staff say it, a letter off included, among the units she
// may see only.
func TestPlay3StaffNamesABranch(t *testing.T) {
	t.Parallel()
	w, province, _ := staffFiguresWorld(t)

	for _, said := range []string{"thong ke ap 2", "thong ke chi hoi ap hai", "thong ke ap2", "thong ke chi hoi ap hay"} {
		contains(t, said, w.staff.say(said, 1)[0], "Thống kê", "– Chi hội Ấp 2", "Chưa báo cáo")
	}
	contains(t, "ap 1 last month", w.staff.say("thong ke ap 1 thang truoc", 1)[0], "– Chi hội Ấp 1")
	// A branch of another commune is not hers: not found, nothing shown.
	got := w.staff.say("thong ke ap hai mot", 1)[0]
	contains(t, "outside her commune", got, "chưa hiểu", "ap hai mot")
	if strings.Contains(got, "Thống kê") {
		t.Fatalf("figures of another commune shown:\n%s", got)
	}

	contains(t, "a commune by name", province.say("thong ke xa mot", 2)[0], "– Xã Một", "Chi hội Ấp 2")
	contains(t, "a branch of the other commune", province.say("thong ke chi hoi ap hai mot", 1)[0], "– Chi hội Ấp Hai Một")
}
