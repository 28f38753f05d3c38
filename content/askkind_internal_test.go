package content

import (
	"strings"
	"testing"
)

func TestAskedKindsReadsWhatFigureSheAsksFor(t *testing.T) {
	t.Parallel()
	for q, want := range map[string]askKind{
		"hội phí 1 năm đóng bn tiền":                      askAmount,
		"xây mái ấm tình thương bao lâu thì xong":         askDuration,
		"chi hội sinh hoạt bao nhiêu tháng một lần":       askDuration,
		"Quỹ TYM thành lập năm nào":                       askWhen,
		"5 có 3 sạch có từ khi nào":                       askWhen,
		"con mấy tuổi thì làm vneid được":                 askAge,
		"dạy con về vùng kín từ độ tuổi nào":              askAge,
		"tổng đài vneid số mấy":                           askPhone,
		"sdt hội phụ nữ xã là bn":                         askPhone | askAmount,
		"vneid là gì":                                     0,
		"năm nào nước lên cũng ngập, cần chuẩn bị gì":     0, // "every year"
		"em mới vô hội được mấy tháng, chi hội họp ở đâu": 0, // "a few months"
		"số điện thoại đăng ký vẫn còn xài":               0,
	} {
		if got := askedKinds(strings.Fields(Normalize(q))); got != want {
			t.Errorf("askedKinds(%q) = %b, want %b", q, got, want)
		}
	}
}

func TestHeldKindsReadsTheFiguresOfAnAnswer(t *testing.T) {
	t.Parallel()
	for a, want := range map[string]askKind{
		"Lãi suất 6,6%/năm.":                                     askAmount | askDuration | askWhen,
		"Hội thành lập ngày 20/10/1930.":                         askAmount | askDuration | askWhen | askPhone,
		"Trẻ dưới 14 tuổi đăng ký qua tài khoản của cha mẹ.":     askAmount | askAge,
		"Chi hội sinh hoạt hằng tháng.":                          askDuration | askWhen,
		"Tham gia miễn phí.":                                     askAmount,
		"Mái ấm tình thương là nhà Hội xây cho chị em khó khăn.": 0,
	} {
		if got := heldKinds(strings.Fields(Normalize(a))); got != want {
			t.Errorf("heldKinds(%q) = %b, want %b", a, got, want)
		}
	}
}

func TestCompareSidesSplitsAtTheJoiner(t *testing.T) {
	t.Parallel()
	for q, want := range map[string][2]string{
		"vay tym với vay ngân hàng chính sách cái nào lợi hơn": {"vay tym", "vay ngan hang chinh sach cai nao loi hon"},
		"bhyt ở trường hay bhyt hộ gia đình, cái nào rẻ hơn":   {"bao hiem y te o truong", "bao hiem y te ho gia dinh cai nao re hon"},
		"tổ tiết kiệm và vay vốn với tổ hợp tác khác gì":       {"to tiet kiem va vay von", "to hop tac khac gi"}, // "với" before "và"
		"so sánh 5 có 3 sạch so với 5 không 3 sạch":            {"so sanh 5 co 3 sach", "5 khong 3 sach"},
		"đối với hộ nghèo thì vay cái nào lợi hơn":             {"", ""}, // "đối với" joins nothing
		"vay tym lãi bao nhiêu":                                {"", ""}, // no comparison
	} {
		toks := strings.Fields(Normalize(q))
		a, b, ok := compareSides(toks)
		var got [2]string
		if ok {
			got = [2]string{strings.Join(toks[a[0]:a[1]], " "), strings.Join(toks[b[0]:b[1]], " ")}
		}
		if got != want {
			t.Errorf("compareSides(%q) = %q, want %q", q, got, want)
		}
	}
}
