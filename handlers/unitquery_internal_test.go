package handlers

import (
	"slices"
	"testing"
	"time"

	"loa/store"
	"loa/vntime"
)

// provinceUnits is a province with two "Ấp 1" in two communes, and a
// commune named in two words.
var provinceUnits = []store.Unit{
	{Code: "DN", Name: "Tỉnh Đồng Nai", Kind: "province"},
	{Code: "C1", Name: "Xã Một", Parent: "DN", Kind: "commune"},
	{Code: "B11", Name: "Chi hội Ấp 1", Parent: "C1", Kind: "branch"},
	{Code: "B12", Name: "Chi hội Ấp 2", Parent: "C1", Kind: "branch"},
	{Code: "C2", Name: "Xã Hai", Parent: "DN", Kind: "commune"},
	{Code: "B21", Name: "Chi hội Ấp Hai Một", Parent: "C2", Kind: "branch"},
	{Code: "TH", Name: "Xã Tân Hòa", Parent: "DN", Kind: "commune"},
	{Code: "T1", Name: "Chi hội Ấp 1", Parent: "TH", Kind: "branch"},
	{Code: "T3", Name: "Chi hội Ấp 3", Parent: "TH", Kind: "branch"},
	{Code: "KP1", Name: "Khu phố 1", Parent: "TH", Kind: "branch"},
}

func TestUnitQueryNamesAUnitWithItsParent(t *testing.T) {
	for _, c := range []struct {
		typed string
		want  []string
	}{
		{"ap 1 xa mot", []string{"B11"}},
		{"ấp 1 - xã Một", []string{"B11"}},
		{"ap1 xa mot", []string{"B11"}},
		{"Ấp 1, xã Một", []string{"B11"}},
		{"ap 1 thuoc xa mot", []string{"B11"}},
		{"chi hoi ap 3 tan hoa", []string{"T3"}},
		{"ap 1 tan hoa", []string{"T1"}},
		{"ap 1 xa tan hoa", []string{"T1"}},
		{"ap mot tam hoa", []string{"T1"}}, // a letter off in the parent
		{"chi hoi ap 1 dong nai", []string{"B11", "T1"}},
		{"ap 1", []string{"B11", "T1"}}, // ambiguous: she must choose
		{"ấp 1 xã Hai", nil},            // no Ấp 1 there
		{"xa tan hoa", []string{"TH"}},
		{"tan hoa", []string{"TH"}},
		{"xa tan hoa cu", []string{"TH"}},
		{"xã Tân Hòa (cũ)", []string{"TH"}},
		{"khu pho 1", []string{"KP1"}},
		{"khu pho 1 tan hoa", []string{"KP1"}},
		{"chi hoi ap hai mot", []string{"B21"}},
		{"ap hai mot", []string{"B21"}}, // the branch's whole name, not Ấp 2 of Xã Một
		{"ap 2", []string{"B12"}},
		{"chi hoi ap hay", []string{"B12"}},
		{"2", nil}, // a bare number names nothing
		{"mot", nil},
		{"ap 3 xa mot", nil},
	} {
		var got []string
		for _, u := range parseUnitQuery(c.typed).match(provinceUnits) {
			got = append(got, u.Code)
		}
		slices.Sort(got)
		if !slices.Equal(got, c.want) {
			t.Errorf("%q: got %v, want %v", c.typed, got, c.want)
		}
	}
}

func TestUnitQueryOnlyAmongTheUnitsGiven(t *testing.T) {
	// Her subtree is Xã Tân Hòa: "ấp 1" is its own, not the other commune's.
	var hers []store.Unit
	for _, u := range provinceUnits {
		if u.Code == "TH" || u.Parent == "TH" {
			hers = append(hers, u)
		}
	}
	got := parseUnitQuery("ap 1").match(hers)
	if len(got) != 1 || got[0].Code != "T1" {
		t.Fatalf("got %v", got)
	}
	if got := parseUnitQuery("ap 1 xa mot").match(hers); len(got) != 0 {
		t.Fatalf("a branch outside her subtree: %v", got)
	}
}

func TestPeriodArgsReadBack(t *testing.T) {
	now := time.Date(2026, 12, 6, 10, 0, 0, 0, vntime.Zone)
	for _, args := range []string{"thang 11/2026", "quy 3/2026", "nam 2025", "thang truoc"} {
		_, p, ok := parseStatsArgs(args, now)
		if !ok {
			t.Fatalf("%q not read", args)
		}
		_, back, ok := parseStatsArgs(periodArgs(p), now)
		if !ok || back != p {
			t.Errorf("%q: %q read back as %v, want %v", args, periodArgs(p), back, p)
		}
	}
}

// A note in a unit's name, in parentheses, is no word she types: in the
// sample tree every branch is "Chi hội ấp N (mẫu)", and "thống kê ấp 1"
// found none. Two units the note alone tells apart are both found, for her
// to choose.
func TestUnitQueryLeavesOutTheNoteOfAName(t *testing.T) {
	units := []store.Unit{
		{Code: "C", Name: "Xã Đak Lua", Kind: "commune"},
		{Code: "C-01", Name: "Chi hội ấp 1 (mẫu)", Parent: "C", Kind: "branch"},
		{Code: "C-02", Name: "Chi hội ấp 2 (mẫu)", Parent: "C", Kind: "branch"},
		{Code: "C-07", Name: "Chi hội ấp 7 (cũ)", Parent: "C", Kind: "branch"},
		{Code: "C-07B", Name: "Chi hội ấp 7 (mới)", Parent: "C", Kind: "branch"},
	}
	for typed, want := range map[string][]string{
		"ap 1": {"C-01"}, "ấp 2": {"C-02"}, "ap 1 mau": {"C-01"}, "ap 1 xa dak lua": {"C-01"}, "ap 7": {"C-07", "C-07B"},
	} {
		var got []string
		for _, u := range parseUnitQuery(typed).match(units) {
			got = append(got, u.Code)
		}
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Errorf("%q: got %v, want %v", typed, got, want)
		}
	}
}
