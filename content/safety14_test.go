package content_test

import (
	"testing"

	"loa/internal/testkit"
)

// TestAFormTypedWithoutMarksIsNoBlood: "mau" is "máu" (blood) but also
// "mẫu" (a form), "màu" and "mau" (quick). v15's "… co mau san ko" (is
// there a ready form?) got the medical script; a form asked for gets no
// hotline at all, and blood told with what it does keeps the script.
func TestAFormTypedWithoutMarksIsNoBlood(t *testing.T) {
	t.Parallel()
	kb := testkit.EmbeddedLibrary(t).KB()
	for _, q := range []string{
		"mau don xin tro cap co san ko",
		"co mau giay xac nhan viet san ko c",
		"nguoi gia ko biet chu, xin mau ho so vay von co san",
	} {
		ans := kb.Ask(q)
		if ans.Emergency != nil || ans.Caution != nil || ans.Harm != nil && len(ans.Entries) == 0 && len(ans.Clarify) == 0 {
			t.Errorf("%q: script %v, line %v, harm line %v (verdict %+v)", q, ans.Emergency != nil, ans.Caution != nil,
				ans.Harm != nil, ans.Safety)
		}
	}
	checkFirstHotline(t, []hotlineCase{
		{"con e dut tay chay mau nhieu ko cam dc", "115"},
		{"vo e sinh xong ra mau nhieu qua", "115"},
	})
}

// TestWhoAndWhatDecideTheFirstNumber: an elder beaten or shut in by a grown
// son, daughter-in-law or grandson is an adult harmed (113, not the child
// line, v15's "bà cụ … bị thằng con trai say rượu đánh"); a child trapped
// alone in a car or a machine needs the ambulance (115, not 111); water
// rising into the house is a flood (112), boiling water spilt on a child
// and a body lying still in a ditch are the ambulance's (115). The
// counterparts keep their number: an elder who beats a child (111), a
// stranger who shuts a child in a car and drives off (not the ambulance).
func TestWhoAndWhatDecideTheFirstNumber(t *testing.T) {
	t.Parallel()
	checkFirstHotline(t, []hotlineCase{
		{"ông ngoại bị thằng con trai út say rượu đánh chảy máu", "113"},
		{"thang con trai nghien dap ong noi tai nha", "113"},
		{"ong noi lay roi danh thang be 6 tuoi", "111"},
		{"co be bi nhot trong xe hoi ngoai nang, khoc ngat", "115"},
		{"bé nhà em bị kẹt tay trong máy ép mía, khóc thét", "115"},
		{"nuoc song dang len vao toi gac, e bong con tren lau", "112"},
		{"con e lam do noi nuoc soi len bung, rop het", "115"},
		{"ong gia nam bat dong duoi muong, ko biet con song ko", "115"},
	})
	kb := testkit.EmbeddedLibrary(t).KB()
	if got := replyHotline(kb.Ask("nguoi la nhot be trong xe roi chay mat")); got == "115" || got == "" {
		t.Errorf("a child taken away in a car: first hotline %q, want the police's or the child line's", got)
	}
}
