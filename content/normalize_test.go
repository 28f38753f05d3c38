package content_test

import (
	"testing"
	"unicode/utf8"

	"loa/content"
)

func TestNormalize(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in, want string
	}{
		{"diacritics and question mark", "VNeID là gì?", "vneid la gi"},
		{"đ becomes d", "Đăng ký định danh điện tử", "dang ki dinh danh dien tu"},
		{"decomposed input (NFD) equals composed", "Ðu\u031bo\u031b\u0323c", "duoc"},
		{"teencode question", "5k3s la j z c", "5 khong 3 sach la gi vay chi"},
		{"5c3s", "gia đình 5C3S là sao", "gia dinh 5 co 3 sach la sao"},
		{"an age typed 40t", "e 40t rồi, t muốn hỏi", "em 40 tuoi roi toi muon hoi"},
		{"emergency teencode", "ck e đánh e quá trời ơiii cứu e", "chong em danh em qua troi oi cuu em"},
		{"stretched letters", "khôngggg hiểuuu quaaaa", "khong hieu qua"},
		{"stretched cứu keeps uu", "cứuuuu", "cuu"},
		// safety13: a run of three or more is one letter, none when it
		// repeats the toned vowel before it; two stay (xoong, ưu), and a
		// run of u after a consonant typed without marks is cứu's "uu".
		{"stretched cháy", "cháyyyyy", "chay"},
		{"stretched without marks", "chayyyy nguyyy điii", "chay nguy di"},
		{"stretched cứu without marks", "cuuuu", "cuu"},
		{"stretched after a toned vowel", "dạaaa chịiii", "da chi"},
		{"stretched o is one o", "hộ ngheooo, khooong", "ho ngheo khong"},
		{"doubled o and u stay", "xoong nồi, tàu boong, ưu tiên", "xoong noi tau boong uu tien"},
		{"stretched ưu", "ưuuu", "uu"},
		{"stretched ko", "kooo dc", "khong duoc"},
		{"abbreviations of bodies", "vay vốn NHCSXH, BHYT, bhxh", "vay von ngan hang chinh sach xa hoi bao hiem y te bao hiem xa hoi"},
		{"cccd and sdt", "đổi sđt trên cccd", "doi so dien thoai tren can cuoc cong dan"},
		{"abbreviations keep their doubled letters", "vay hssv, tập huấn pccc", "vay hssv tap huan pccc"},
		{"vn eid merged", "vn eid la gi", "vneid la gi"},
		{"vn alone", "phụ nữ vn", "phu nu viet nam"},
		{"mk as password after quên", "e quên mk vneid r", "em quen mat khau vneid roi"},
		{"mk as mình", "mk muốn hỏi", "minh muon hoi"},
		{"dk before a particle is được", "làm dk ko", "lam duoc khong"},
		{"dk before vneid is đăng ký", "đk vneid ở đâu", "dang ki vneid o dau"},
		{"ký and kí are one syllable", "đăng ký, đăng kí, lý do, tay, huy", "dang ki dang ki li do tay huy"},
		{"dk before vay is điều kiện", "đk vay vốn", "dieu kien vay von"},
		{"tổ TK&VV", "tổ TK&VV", "to tiet kiem vay von"},
		{"tkvv in one word", "to tkvv", "to tiet kiem vay von"},
		{"number and unit split", "vay 50tr đc ko", "vay 50 trieu duoc khong"},
		{"numbers kept", "gọi 1900 0368 hay 113", "goi 1900 0368 hay 113"},
		{"thousands separator", "1.000.000 đồng", "1 000 000 dong"},
		{"j for gi and i", "jup e vs, tieu chj nay la j", "giup em voi tieu chi nay la gi"},
		{"ntn and bn", "đk ntn, lãi bn", "dang ki nhu the nao lai bao nhieu"},
		{"emoji and symbols folded", "chị ơi 😭😭 giúp e!!!", "chi oi giup em"},
		{"whitespace collapsed", "  \tmẹ   đỡ\n\nđầu  ", "me do dau"},
		{"dictated acronyms", "vê nê ích, bê hát y tê, ô tê pê", "vneid bao hiem y te otp"},
		{"dictated homophones", "sốt suất huyết, vai vốn, căn cướt", "sot xuat huyet vay von can cuoc"},
		{"money said in the South", "vay 50 chiu, trăm củ, chăm chiệu", "vay 50 trieu tram trieu tram trieu"},
		{"money words alone keep their meaning", "củ khoai, chịu không nổi, vai đau", "cu khoai chiu khong noi vai dau"},
		{"money words after a figure as typed", "vay 50 củ, S23 cũ, VTV3 chiếu, 2/3 chiều dài, 50 chiệu", "vay 50 trieu sao 23 cu vtv 3 chieu 2 3 chieu dai 50 trieu"},
		{"empty", "", ""},
		{"only punctuation", "?!...", ""},
		{"invalid UTF-8 does not leak", "vay\xffvốn", "vay von"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := content.Normalize(tt.in)
			if got != tt.want {
				t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if again := content.Normalize(got); again != got {
				t.Errorf("not idempotent: Normalize(%q) = %q", got, again)
			}
		})
	}
}

func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"VNeID là gì?", "5k3s la j z c", "ck e đánh e quá trời ơiii cứu e",
		"Ðu\u031bo\u031b\u0323c", "vn eid mk quên rồi", "tổ TK&VV", "1.000.000 đ", "\xff\xfe", "İstanbul Ǆ",
		"vay von nhcsxh can gi, lai suat bn?", "chị ơi 😭 giúp e với",
		"răng mà phải mần rứa hè", "o mo rua chi, chi rua. lam chi", "bây chừ ở mô dị", "ben te. ma ma mạ má",
		"choongf em ddanhs em, cuwus", "toj oj phuj nuwx", "la2 gi2 lop5", "cos2 caachs jaf hongf"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := content.Normalize(s)
		if !utf8.ValidString(n) {
			t.Fatalf("Normalize(%q) = %q: invalid UTF-8", s, n)
		}
		if again := content.Normalize(n); again != n {
			t.Fatalf("not idempotent: Normalize(%q) = %q, then %q", s, n, again)
		}
	})
}

func BenchmarkNormalize(b *testing.B) {
	inputs := []string{"5k3s la j z c", "Chị ơi cho em hỏi đăng ký tài khoản định danh điện tử mức 2 thì cần mang giấy tờ gì ạ?",
		"vay von nhcsxh can gi, lai suat bn", "ck e đánh e quá trời ơiii cứu e"}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		content.Normalize(inputs[i%len(inputs)])
	}
}
