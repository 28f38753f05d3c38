package main

import (
	"context"
	"strings"
	"testing"

	"loa/internal/testkit"
	"loa/store"
)

// Played as the users play (fifth round): commune and province staff on
// Zalo, typing without diacritics.

// TestPlay5StaffSendsANoticeToTheWholeCommune: commune staff wrote "gui
// thong bao cho ca xa: toi mai 7h hop tai nha van hoa" and was asked "Chị
// muốn gửi thông báo tới đơn vị nào ạ?", then the notice went out as
// "cho ca xa: toi mai 7h hop…", her words to Loa in every member's phone.
// Whom it is for is read from those words: her commune, the notice text
// after the colon. A province staff member naming a commune without
// diacritics ("thong ke xa tan hoa") gets its figures.
func TestPlay5StaffSendsANoticeToTheWholeCommune(t *testing.T) {
	t.Parallel()
	r, _ := zaloRig(t)
	w := startCommuneWorld(t, r)
	ctx := context.Background()

	got := strings.Join(w.staff.say("gui thong bao cho ca xa: toi mai 7h hop tai nha van hoa", 2), "\n")
	if strings.Contains(got, "đơn vị nào") {
		t.Fatalf("asked which unit although she said the whole commune:\n%s", got)
	}
	contains(t, "preview", got, "Thông báo từ Xã Một", "toi mai 7h hop tai nha van hoa", "Gửi")
	if strings.Contains(got, "cho ca xa") {
		t.Fatalf("her words to Loa are in the notice:\n%s", got)
	}
	w.staff.press("Gửi", 1)
	for _, c := range []*talker{w.lan, w.mai} {
		n := c.read(1)[0]
		contains(t, "member of the commune", n, "toi mai 7h hop tai nha van hoa")
		if strings.Contains(n, "cho ca xa") {
			t.Fatalf("notice as received:\n%s", n)
		}
	}

	// Province staff, a commune by a half-remembered name.
	testkit.SeedUnits(t, w.st, communeTreeCSV+"C3,Xã Tân Hòa,DN,commune\nB31,Chi hội Ấp Tân Lập,C3,branch\n")
	prov := w.newTalker(90)
	if _, err := w.st.Grant(ctx, r.name, prov.m.ID(), store.RoleStaff, "DN"); err != nil {
		t.Fatal(err)
	}
	contains(t, "commune by name", prov.say("thong ke xa tan hoa", 1)[0], "Thống kê", "Xã Tân Hòa", "Chi hội Ấp Tân Lập")
}
