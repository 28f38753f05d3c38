package content

import "testing"

// TestTwoQuestionsAnswerOneOfferTheOther: a message asking two things of
// different topics gets one of them answered and the other answered too or
// offered as the first button (params.twoOffer), never left out.
func TestTwoQuestionsAnswerOneOfferTheOther(t *testing.T) {
	t.Parallel()
	lib, err := NewLibrary("")
	if err != nil {
		t.Fatal(err)
	}
	kb := lib.KB()
	for _, c := range []struct{ q, a, b string }{
		{"Ở Ngôi nhà Bình yên được bao lâu? VNeID là gì?", "blgd-nha-binh-yen-o-bao-lau", "vneid-la-gi"},
		{"Sốt xuất huyết có dấu hiệu gì thì phải đi viện ngay? Nam nữ bao nhiêu tuổi thì được kết hôn?", "sxh-dau-hieu", "hn-tuoi-ket-hon"},
		{"Đề án 2415 là gì? Lao động nữ làm công ty được nghỉ thai sản mấy tháng?", "kn-de-an-2415", "bhxh-nghi-thai-san"},
		{"Báo tin trẻ bị xâm hại thì thông tin của bé có được giữ bí mật không? Lãi suất vay hộ nghèo là bao nhiêu?", "treem-bao-tin-bi-mat", "vay-ho-ngheo-lai-suat"},
	} {
		ans := kb.Ask(c.q)
		ha, hb := hasEntry(ans.Entries, c.a), hasEntry(ans.Entries, c.b)
		switch {
		case ha && hb:
		case ha && len(ans.Related) > 0 && ans.Related[0].ID == c.b:
		case hb && len(ans.Related) > 0 && ans.Related[0].ID == c.a:
		default:
			t.Errorf("%q: entries %v, related %v; want %s and %s, one answered and the other answered or offered first", c.q, ids(ans.Entries), ids(ans.Related), c.a, c.b)
		}
	}
}
