package content

import (
	"strings"
	"testing"
)

// TestSpokenNumbersBecomeKnownFigures: a run of number words is read as the
// figure the knowledge base names next to the same word ("năm không ba
// sạch", "đề án chín ba chín", "tổng đài một trăm mười một"), and left as
// words where no known term is made ("ba tôi", "năm nay", "sau khi").
func TestSpokenNumbersBecomeKnownFigures(t *testing.T) {
	t.Parallel()
	ctx := numberContextOf([]*Entry{
		{Questions: []string{"5 không 3 sạch là gì?", "Đề án 939 là gì?", "Đề án 8 là gì?", "Tổng đài 111 là gì?", "Làm VNeID mức 2 ở đâu?", "Bão cấp 12 mạnh cỡ nào?", "Mức 2 thì làm sao?", "5 có 3 sạch là gì?"}},
		{Keywords: []string{"gọi 111", "6 tháng"}},
	})
	for in, want := range map[string]string{
		"nam khong ba sach la gi":      "5 khong 3 sach la gi",
		"nam co ba sach":               "5 co 3 sach",
		"de an chin ba chin":           "de an 939",
		"de an chin tram ba muoi chin": "de an 939",
		"tong dai mot mot mot":         "tong dai 111",
		"goi mot tram muoi mot":        "goi 111",
		"vneid muc hai o dau":          "vneid muc 2 o dau",
		"bao cap muoi hai":             "bao cap 12",
		"ba toi gia roi":               "ba toi gia roi",
		"nam nay mua bao":              "nam nay mua bao",
		"sau thang ba":                 "sau thang ba",
		"mot nguoi dong bao nhieu":     "mot nguoi dong bao nhieu",
		"vay 50 trieu":                 "vay 50 trieu",
	} {
		if got := strings.Join(ctx.rewrite(strings.Fields(in)), " "); got != want {
			t.Errorf("%q → %q, want %q", in, got, want)
		}
	}
	for run, want := range map[string]int{
		"chin tram ba muoi chin": 939, "mot tram muoi mot": 111, "hai muoi lam": 25, "muoi hai": 12,
		"mot tram linh nam": 105, "hai muoi mot": 21, "bon": 4, "muoi": 10,
	} {
		if got, ok := placeValue(strings.Fields(run)); !ok || got != want {
			t.Errorf("placeValue(%q) = %d, %v, want %d", run, got, ok, want)
		}
	}
	for _, run := range []string{"nam khong", "mot muoi", "tram", "hai hai"} {
		if got, ok := placeValue(strings.Fields(run)); ok {
			t.Errorf("placeValue(%q) = %d, want no number", run, got)
		}
	}
}
