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
