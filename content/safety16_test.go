package content_test

import (
	"testing"

	"loa/internal/testkit"
)

// TestGoneHarmedOrOwnDeathDecideTheFirstNumber: the readers of safety16 (training
// stories of TestSafetyDecisions' wrong-number list, not its held-out
// list). A child gone with no blow told is a child missing (113), not the
// child line first; a child beaten while the mother is pushed is the
// child line's (111), unless the blow on the child is only feared; an
// elder beaten by a grown son is the police's, whatever her body shows; a
// man who holds his own death over his wife, a poison drunk, a farewell
// by a river are self-harm (115); a pregnant woman bleeding with no one
// harming her is the ambulance's; a child made to kneel and starved till
// she faints is the child line's; a fire next door is still a fire.
func TestGoneHarmedOrOwnDeathDecideTheFirstNumber(t *testing.T) {
	t.Parallel()
	checkFirstHotline(t, []hotlineCase{
		{"con gái em 9 tuổi đi học về tới giờ chưa thấy về, có người nói thấy nó đi với người lạ", "113"},
		{"có ông lạ xưng là cậu nó tới trường đón thằng bé lớp 2 đi rồi, nhà em không có ai như vậy", "113"},
		{"ck e danh thang cu 6 tuoi bang cay, e vo can thi ong xo e nga", "111"},
		{"chồng tôi đánh tôi, tôi chạy ra ngoài, tôi sợ ổng đánh con", "113"},
		{"ba noi e 78 tuoi bi thang chu say ruou danh, gio ba nam im tho yeu", "113"},
		{"ck e cam dao ke co minh, noi e ma ve ngoai thi chet cho e coi", "115"},
		{"ba e vua uong thuoc tru sau sau khi cai nhau, dang oi", "115"},
		{"em nợ nhiều quá, em đang đứng trên cầu, xin lỗi mọi người", "115"},
		{"bau 7 thang ra huyet nhieu qua", "115"},
		{"mẹ kế bắt con bé 7 tuổi quỳ giữa trưa, bỏ đói từ hôm qua, giờ nó xỉu", "111"},
		{"nha ben canh chay lon lam", "114"},
		{"nhà kho cháy, lửa bốc cao", "114"},
	})
	kb := testkit.EmbeddedLibrary(t).KB()
	for _, q := range []string{
		"nồi thịt kho cháy cạnh mất rồi, khét lẹt",
		"cơm cháy đáy nồi, ngâm nước bao lâu thì cạo được",
		"chiên cá cháy đen hết một mặt",
		"muốn chết cười với con bé nhà em",
	} {
		a := kb.Ask(q)
		if a.Emergency != nil || a.Caution != nil || a.Harm != nil && len(a.Entries) == 0 && len(a.Clarify) == 0 {
			t.Errorf("%q names no harm: got a hotline (verdict %+v)", q, a.Safety)
		}
	}
}
