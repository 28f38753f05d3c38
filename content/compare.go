package content

import "slices"

// comparePhrases ask how two things differ or which to choose: "khác nhau
// sao", "khác gì", "khác chỗ nào", "giống nhau không", "phân biệt", "so
// sánh", "nên chọn", "chênh nhau", "cái nào lợi hơn".
var comparePhrases = [][]string{{"khac", "nhau"}, {"khac", "gi"}, {"khac", "cho", "nao"}, {"khac", "the", "nao"},
	{"khac", "sao"}, {"giong", "nhau"}, {"phan", "biet"}, {"so", "sanh"}, {"nen", "chon"}, {"chenh", "nhau"},
	{"cai", "nao", "loi"}, {"cai", "nao", "hon"}, {"ben", "nao", "hon"}}

// comparesTwo reports whether toks compare two things: a phrase of
// comparePhrases, or "nên" with "hay" after it ("nên làm mức 1 hay mức 2").
func comparesTwo(toks []string) bool {
	if hasPhrase(toks, comparePhrases) {
		return true
	}
	if i := slices.Index(toks, "nen"); i >= 0 {
		return slices.Contains(toks[i+1:], "hay")
	}
	return false
}
