package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"loa/store"
	"loa/vntime"
)

// Played as the users play (sixth round): province and commune staff ask
// for figures in plain words.

// TestPlay6StaffAsksForNewMembersOfAMonth: "so hoi vien moi thang 11" was
// recorded as a question Loa could not answer and "hoi vien moi thang nay"
// got a pick of topics. They are the members who joined on Loa in that
// month, of her unit or the one she names; "thủ tục kết nạp hội viên mới"
// stays a question.
func TestPlay6StaffAsksForNewMembersOfAMonth(t *testing.T) {
	t.Parallel()
	r, _ := telegramRig(t)
	w := startCommuneWorld(t, r)
	ctx := context.Background()
	now := time.Now().In(vntime.Zone)
	lastMonth := time.Date(now.Year(), now.Month(), 10, 9, 0, 0, 0, vntime.Zone).AddDate(0, -1, 0)
	for i, unit := range []string{"B11", "B11", "B12", "B21"} {
		if _, err := w.st.Register(ctx, store.Member{Platform: r.name, UserID: "70000009" + string(rune('0'+i)) + "1",
			Name: "Chị", Unit: unit, Consent: lastMonth, Active: true}); err != nil {
			t.Fatal(err)
		}
	}
	label := "tháng " + lastMonth.Format("1/2006")

	got := w.staff.say("so hoi vien moi thang "+lastMonth.Format("1"), 1)[0]
	contains(t, "last month, her commune", got, "Xã Một", label, "3 hội viên mới")
	got = w.staff.say("hoi vien moi thang nay", 1)[0]
	contains(t, "this month", got, "Xã Một", "tháng "+now.Format("1/2006"), "2 hội viên mới") // Lan and Mai, seeded now
	got = w.staff.say("thang truoc ap 1 co bao nhieu hoi vien moi", 1)[0]
	contains(t, "a branch by name", got, "Chi hội Ấp 1", label, "2 hội viên mới")

	prov := w.newTalker(90)
	if _, err := w.st.Grant(ctx, r.name, prov.m.ID(), store.RoleStaff, "DN"); err != nil {
		t.Fatal(err)
	}
	got = prov.say("so hoi vien moi thang truoc", 1)[0]
	contains(t, "the province", got, "Tỉnh Đồng Nai", label, "4 hội viên mới", "Xã Một: 3", "Xã Hai: 1")

	if got := w.staff.say("thu tuc ket nap hoi vien moi the nao", 1)[0]; strings.Contains(got, "hội viên mới trên Loa") {
		t.Fatalf("a question about admitting members taken for the figures:\n%s", got)
	}
}
