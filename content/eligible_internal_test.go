package content

import (
	"strings"
	"testing"
)

func TestAsksEligibilityReadsAConditionAndACanI(t *testing.T) {
	t.Parallel()
	for q, want := range map[string]bool{
		"ba tui 66 tuổi còn vay vốn được không":          true,  // an age told, "được không"
		"già rồi, hay quá tuổi rồi chị":                  true,  // "quá tuổi" asks it alone
		"nhà không có giấy tờ đất thì vay được không":    true,  // something she lacks
		"chưa có tên trong danh sách thì nhận được chưa": true,  // "chưa có", "được chưa"
		"bao nhiêu tuổi thì được vô hội":                 true,  // an age limit
		"vay vốn hộ nghèo được bao nhiêu tiền":           false, // an amount, no condition
		"con tui 5 tuổi bị sốt 2 ngày rồi":               false, // an age, nothing asked
		"không có thời gian đi họp thì sao":              false, // a lack, no "được không"
		"muốn vô hội thì làm sao, có được không chị":     false, // "được không" with no condition
		"em 40t rồi, đóng bhxh tự nguyện được không chị": true,  // "40t" is an age
	} {
		if got := asksEligibility(strings.Fields(Normalize(q))); got != want {
			t.Errorf("asksEligibility(%q) = %v, want %v", q, got, want)
		}
	}
}

func TestStatesEligibilityReadsQuestionsAndAges(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		e    Entry
		want bool
	}{
		{Entry{Questions: []string{"Điều kiện vay vốn hộ nghèo là gì?"}, Answer: "Cư trú tại địa phương."}, true},
		{Entry{Questions: []string{"Ai được hỗ trợ mái ấm?"}, Answer: "Hội viên nghèo."}, true},
		{Entry{Questions: []string{"Ai được vào Hội?"}, Answer: "Phụ nữ từ 18 tuổi trở lên."}, true},
		{Entry{Questions: []string{"Vào hội ở đâu?"}, Answer: "Phụ nữ từ 18 tuổi trở lên."}, true}, // an age in the answer
		{Entry{Questions: []string{"Hộ nghèo được vay tối đa bao nhiêu?"}, Answer: "Tối đa 100 triệu đồng."}, false},
		{Entry{Questions: []string{"Phát hiện bạo lực thì báo cho ai?"}, Answer: "Gọi 111."}, false},
	} {
		f := newEntryFacts(&c.e, true)
		if f.eligible != c.want {
			t.Errorf("eligible(%q) = %v, want %v", c.e.Questions[0], f.eligible, c.want)
		}
	}
}

func TestWeighAgesLowersOnlyAnAgeToldAsANumber(t *testing.T) {
	t.Parallel()
	toks := strings.Fields(Normalize("mẹ em 62 tuổi, quá tuổi rồi"))
	mul := make([]float32, len(toks))
	for i := range mul {
		mul[i] = 1
	}
	weighAges(toks, mul, 0.3)
	for i, tok := range toks {
		want := float32(1)
		if tok == "62" || tok == "tuoi" && toks[i-1] == "62" {
			want = 0.3
		}
		if mul[i] != want {
			t.Errorf("weight of %q (%d in %v) = %v, want %v", tok, i, toks, mul[i], want)
		}
	}
}
