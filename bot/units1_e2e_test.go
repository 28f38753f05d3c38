package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"loa/internal/testkit"
	"loa/store"
)

// Staff name units the way they speak (units1): a branch with its commune
// to tell apart the many "Ấp 1" of a province, a name several units share
// asked back with buttons, and only units of her own subtree.

// unitsProvinceCSV is a province with an "Ấp 1" in each of three communes.
const unitsProvinceCSV = `code,name,parent,kind
DN,Tỉnh Đồng Nai,,province
C1,Xã Một,DN,commune
B11,Chi hội Ấp 1,C1,branch
B12,Chi hội Ấp 2,C1,branch
C2,Xã Hai,DN,commune
B21,Chi hội Ấp 1,C2,branch
TH,Xã Tân Hòa,DN,commune
T1,Chi hội Ấp 1,TH,branch
T3,Chi hội Ấp 3,TH,branch
`

// unitsWorld starts the program over that province, with a meeting of 20
// reported in Ấp 1 of Xã Một and one of 7 in Ấp 3 of Tân Hòa, and returns
// a province staff member and one of Xã Tân Hòa.
func unitsWorld(t *testing.T, r platformRig) (province, commune *talker) {
	t.Helper()
	p := startProgram(t, r.env, r.secrets...)
	st := store.New(p.redis.Client())
	testkit.SeedUnits(t, st, unitsProvinceCSV)
	ctx := context.Background()
	next := 0
	talk := func(unit string, role store.Role) *talker {
		next++
		c := &talker{t: t, m: r.newMember(t, 900+next)}
		if _, err := st.Grant(ctx, r.name, c.m.ID(), role, unit); err != nil {
			t.Fatal(err)
		}
		return c
	}
	head := talk("B11", store.RoleHead)
	for unit, n := range map[string]int64{"B11": 20, "T3": 7} {
		e, err := st.CreateEvent(ctx, store.NewEvent{Unit: unit, Title: "Họp chi hội", Start: time.Now().Add(-3 * time.Hour)})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.ReportHeadcount(ctx, e.ID, store.Identity{Platform: r.name, UserID: head.m.ID()}, n, time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	return talk("DN", store.RoleStaff), talk("TH", store.RoleStaff)
}

// TestUnits1BranchNamedWithItsCommune: "thong ke ap 1 xa mot" answered
// "không có đơn vị nào tên như vậy". A name followed by its parent's is
// that parent's child, however it is written.
func TestUnits1BranchNamedWithItsCommune(t *testing.T) {
	t.Parallel()
	r, _ := telegramRig(t)
	province, commune := unitsWorld(t, r)

	for _, said := range []string{"thong ke ap 1 xa mot", "thống kê ấp 1 - xã Một", "thong ke ap1 xa mot", "/thongke Ấp 1, xã Một"} {
		got := province.say(said, 1)[0]
		contains(t, said, got, "Thống kê", "– Chi hội Ấp 1", "20 người theo báo cáo")
	}
	got := province.say("thong ke chi hoi ap 3 tan hoa", 1)[0]
	contains(t, "a branch with its commune, no kind word", got, "– Chi hội Ấp 3", "7 người theo báo cáo")
	contains(t, "a commune without diacritics", province.say("thong ke xa tan hoa", 2)[0], "– Xã Tân Hòa", "Chi hội Ấp 3")
	contains(t, "a commune said as before the merger", province.say("thong ke xa tan hoa cu", 2)[0], "– Xã Tân Hòa")
	contains(t, "a branch's file", province.say("xuat excel ap 1 xa mot", 1)[0], "Báo cáo Chi hội Ấp 1")
	contains(t, "in a question", province.say("ap 1 xa mot thang nay bao nhieu nguoi di hop", 1)[0], "– Chi hội Ấp 1", "20 người theo báo cáo")

	// Her commune has one Ấp 1: hers, never another commune's.
	got = commune.say("thong ke ap 1", 1)[0]
	contains(t, "her own Ấp 1", got, "– Chi hội Ấp 1")
	if strings.Contains(got, "20 người") {
		t.Fatalf("the figures of Xã Một's Ấp 1 shown to Tân Hòa:\n%s", got)
	}
	got = commune.say("thong ke ap 1 xa mot", 1)[0]
	contains(t, "outside her commune", got, "không có đơn vị nào tên như vậy")
	if strings.Contains(got, "Thống kê") {
		t.Fatalf("figures of another commune shown:\n%s", got)
	}
}

// TestUnits1AmbiguousNameAskedBack: "ấp 1" alone, in a province with
// three, is asked back with the three and their communes as buttons; the
// one she presses answers, for the period she asked. On Zalo the buttons
// are a numbered list.
func TestUnits1AmbiguousNameAskedBack(t *testing.T) {
	t.Parallel()
	for _, rig := range rigs(t) {
		t.Run("", func(t *testing.T) {
			t.Parallel()
			askedBack(t, rig(t))
		})
	}
}

func askedBack(t *testing.T, r platformRig) {
	province, _ := unitsWorld(t, r)

	got := province.say("thong ke ap 1 thang nay", 1)[0]
	contains(t, "asked back", got, "nhiều đơn vị", "ap 1")
	if strings.Contains(got, "Thống kê") {
		t.Fatalf("one of several picked silently:\n%s", got)
	}
	choices := province.m.Choices()
	for _, want := range []string{"Chi hội Ấp 1 – Xã Một", "Chi hội Ấp 1 – Xã Hai", "Chi hội Ấp 1 – Xã Tân Hòa"} {
		if !containsString(choices, want) {
			t.Fatalf("choice %q missing from %q", want, choices)
		}
	}
	if len(choices) != 3 {
		t.Fatalf("choices %q: want the three Ấp 1 only", choices)
	}
	got = province.press("Chi hội Ấp 1 – Xã Một", 1)[0]
	contains(t, "the pressed one", got, "Thống kê tháng", "– Chi hội Ấp 1", "20 người theo báo cáo")

	// The Excel export asks back the same way and sends the chosen file.
	contains(t, "export asked back", province.say("xuat excel ap 1", 1)[0], "nhiều đơn vị")
	contains(t, "the chosen file", province.press("Chi hội Ấp 1 – Xã Tân Hòa", 1)[0], "Báo cáo Chi hội Ấp 1")
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
