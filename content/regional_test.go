package content_test

import (
	"testing"

	"loa/content"
)

// TestRegionalSpeechMeansTheStandardQuestion: a question in Southern or
// Central speech normalises as its standard form, typed with marks and
// without, so that it matches as the knowledge base is written. The pairs are
// written from the dialects themselves, not from any test set.
func TestRegionalSpeechMeansTheStandardQuestion(t *testing.T) {
	t.Parallel()
	pairs := []struct{ regional, standard string }{
		// Central: răng = sao, rứa = vậy (after a question word) or thế, mô = đâu/nào, chi = gì, mần = làm,
		// tê = kia, ni = này, chừ = giờ, mạ = mẹ, hỉ/hè = nhỉ, nớ = đó.
		{"Vay vốn hộ nghèo thì mần răng hè?", "Vay vốn hộ nghèo thì làm sao nhỉ?"},
		{"vay von ho ngheo thi man rang", "vay von ho ngheo thi lam sao"},
		{"5K3S là chi rứa?", "5K3S là gì vậy?"},
		{"5k3s la chi rua", "5k3s la gi vay"},
		{"Hội phụ nữ xã ở mô rứa chị?", "Hội phụ nữ xã ở đâu vậy chị?"},
		{"hoi phu nu xa o mo rua chi", "hoi phu nu xa o dau vay chi"},
		{"Con tui ghiền điện thoại, tui phải mần răng?", "Con tôi nghiện điện thoại, tôi phải làm sao?"},
		{"con tui ghien dien thoai, tui phai man rang", "con toi nghien dien thoai, toi phai lam sao"},
		{"Răng mà hộ tui không nghèo lại không được vay?", "Sao mà hộ tôi không nghèo lại không được vay?"},
		{"rang ma ho tui khong ngheo lai khong duoc vay", "sao ma ho toi khong ngheo lai khong duoc vay"},
		{"Răng hộ cận nghèo phải đóng BHYT?", "Sao hộ cận nghèo phải đóng BHYT?"},
		{"Mẹ đỡ đầu giúp cháu tới khi mô?", "Mẹ đỡ đầu giúp cháu tới khi nào?"},
		{"Nhà mô cũng phải làm 5 không 3 sạch hả?", "Nhà nào cũng phải làm 5 không 3 sạch hả?"},
		{"nha mo cung phai lam 5 khong 3 sach ha", "nha nao cung phai lam 5 khong 3 sach ha"},
		{"Bên tê có chi hội phụ nữ không?", "Bên kia có chi hội phụ nữ không?"},
		{"ben te co chi hoi phu nu khong", "ben kia co chi hoi phu nu khong"},
		{"Bây chừ đăng ký VNeID ở mô?", "Bây giờ đăng ký VNeID ở đâu?"},
		{"bay chu dang ky vneid o mo", "bay gio dang ky vneid o dau"},
		{"Mạ tui già rồi, làm định danh cho mạ ở mô?", "Mẹ tôi già rồi, làm định danh cho mẹ ở đâu?"},
		{"Cái giấy ni nộp ở mô?", "Cái giấy này nộp ở đâu?"},
		{"cai giay ni nop o mo", "cai giay nay nop o dau"},
		{"Chồng đánh rứa là bạo lực gia đình hỉ?", "Chồng đánh thế là bạo lực gia đình nhỉ?"},
		{"Đóng BHYT hộ gia đình để làm chi?", "Đóng BHYT hộ gia đình để làm gì?"},
		{"dong bhyt ho gia dinh de lam chi", "dong bhyt ho gia dinh de lam gi"},
		{"Làm chi rứa mà phải đăng ký định danh?", "Làm gì vậy mà phải đăng ký định danh?"},
		{"Người nớ nói phải nộp tiền, đúng không?", "Người đó nói phải nộp tiền, đúng không?"},
		{"Tổ hợp tác thành lập rứa thì được vay không?", "Tổ hợp tác thành lập thế thì được vay không?"},
		// Southern: dị = vậy or thế (as rứa), zị = vậy, mần = làm, nhen/hen = nhé, hông/hổng =
		// không, tui = tôi, má = mẹ, ghiền = nghiện.
		{"Em báo ở đâu dị chị?", "Em báo ở đâu vậy chị?"},
		{"em bao o dau di chi", "em bao o dau vay chi"},
		{"Vay vốn cần giấy tờ gì dị chị?", "Vay vốn cần giấy tờ gì vậy chị?"},
		{"Làm sao dị?", "Làm sao vậy?"},
		{"lam sao di", "lam sao vay"},
		{"5k3s là gì zị", "5k3s là gì vậy"},
		{"Mần ăn nhỏ có được vay hông nhen?", "Làm ăn nhỏ có được vay không nhé?"},
		{"man an nho co duoc vay hong nhen", "lam an nho co duoc vay khong nhe"},
		{"Nhà tui hổng có sổ hộ nghèo, xin ở đâu dị?", "Nhà tôi không có sổ hộ nghèo, xin ở đâu vậy?"},
		{"Má tui 65 tuổi có được BHYT miễn phí hông?", "Mẹ tôi 65 tuổi có được BHYT miễn phí không?"},
		{"Con tui ghiền game, hội có lớp nào hông?", "Con tôi nghiện game, hội có lớp nào không?"},
		{"mai hỏi tiếp hen", "mai hỏi tiếp nhé"},
		// dialect19: rầu = rồi, vô = vào, nghen = nhé, bữa hổm = bữa trước, chèn ơi = trời ơi,
		// tía = bố, nhiêu = bao nhiêu.
		{"Tài khoản bị khóa rầu, hổng vô được", "Tài khoản bị khóa rồi, không vào được"},
		{"Bữa hổm bão sập nhà, làm đơn ở đâu nghen?", "Bữa trước bão sập nhà, làm đơn ở đâu nhé?"},
		{"Chèn ơi, BHYT đóng nhiêu một người?", "Trời ơi, BHYT đóng bao nhiêu một người?"},
		{"Tía tui già rồi có được trợ cấp hông?", "Bố tôi già rồi có được trợ cấp không?"},
		{"bam vo link la", "bam vao link la"},
		// typed decomposed (NFD): the marks still count
		{"nha\u0300 tui nghe\u0300o ru\u031b\u0301a ma\u0300 kho\u0302ng đươ\u0323c vay", "nhà tôi nghèo thế mà không được vay"},
	}
	for _, p := range pairs {
		got, want := content.Normalize(p.regional), content.Normalize(p.standard)
		if got != want {
			t.Errorf("%q → %q, but its standard form %q → %q", p.regional, got, p.standard, want)
		}
	}
}

// TestRegionalLookAlikesKeepTheirMeaning: the syllables that fold like a
// regional word keep their own reading (a tooth, a model, an allergy, the
// Union's branch, "chị", washing, an insult, asthma, an appointment).
func TestRegionalLookAlikesKeepTheirMeaning(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"con bị đau răng":               "con bi dau rang",
		"dạy con đánh răng":             "day con danh rang",
		"chảy máu chân răng":            "chay mau chan rang",
		"bé sốt, răng cắn chặt":         "be sot rang can chat",
		"nói rằng không được":           "noi rang khong duoc",
		"buồn rầu, trồng rau":           "buon rau trong rau",
		"người vô gia cư, vô hiệu hóa":  "nguoi vo gia cu vo hieu hoa",
		"chồng bỏ vo, vo toi":           "chong bo vo vo toi",
		"bé bị nghẹn":                   "be bi nghen",
		"bữa hôm qua, tím tía, tía tô":  "bua hom qua tim tia tia to",
		"nhiều quá":                     "nhieu qua",
		"gãy xương hông":                "gay xuong hong",
		"mô hình tổ tiết kiệm":          "mo hinh to tiet kiem",
		"quy mô hợp tác xã":             "quy mo hop tac xa",
		"tổ chức tài chính vi mô":       "to chuc tai chinh vi mo",
		"trẻ mồ côi":                    "tre mo coi",
		"khi mở tài khoản":              "khi mo tai khoan",
		"con bị dị ứng":                 "con bi di ung",
		"thủ tục ly dị":                 "thu tuc li di",
		"em đi làm xa":                  "em di lam xa",
		"thành lập chi hội":             "thanh lap chi hoi",
		"chị ơi cho em hỏi":             "chi oi cho em hoi",
		"em muốn hỏi chị":               "em muon hoi chi",
		"làm sao rửa tay cho sạch":      "lam sao rua tay cho sach",
		"chậm như rùa":                  "cham nhu rua",
		"chồng lăng mạ vợ":              "chong lang ma vo",
		"bị tát sưng má":                "bi tat sung ma",
		"bao ni lông":                   "bao ni long",
		"bé bị hen suyễn":               "be bi hen suyen",
		"có lịch hẹn":                   "co lich hen",
		"kinh tế khó khăn, thẻ y tế":    "kinh te kho khan the y te",
		"nghỉ hè cho con học bơi ở đâu": "nghi he cho con hoc boi o dau",
		"mà em không biết":              "ma em khong biet",
	} {
		if got := content.Normalize(in); got != want {
			t.Errorf("Normalize(%q) = %q, want %q", in, got, want)
		}
	}
}
