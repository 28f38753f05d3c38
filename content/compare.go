package content

import "slices"

// comparePhrases ask how two things differ or which to choose: "khác nhau
// sao", "khác gì", "khác chỗ nào", "giống nhau không", "phân biệt", "so
// sánh", "nên chọn", "chênh nhau", "cái nào lợi hơn".
var comparePhrases = [][]string{{"khac", "nhau"}, {"khac", "gi"}, {"khac", "cho", "nao"}, {"khac", "the", "nao"},
	{"khac", "sao"}, {"giong", "nhau"}, {"phan", "biet"}, {"so", "sanh"}, {"nen", "chon"}, {"chenh", "nhau"},
	{"cai", "nao", "loi"}, {"cai", "nao", "hon"}, {"ben", "nao", "hon"}}

// whichGap is how many words may stand between "cái nào" and "hơn".
const whichGap = 4

// comparesTwo reports whether toks compare two things: a phrase of
// comparePhrases, "nên" with "hay" after it ("nên làm mức 1 hay mức 2"), or
// "cái nào"/"bên nào" with "hơn" a few words after it.
func comparesTwo(toks []string) bool {
	if hasPhrase(toks, comparePhrases) {
		return true
	}
	if i := slices.Index(toks, "nen"); i >= 0 && slices.Contains(toks[i+1:], "hay") {
		return true
	}
	// "cái nào dễ hơn", "bên nào được nhiều tiền hơn": which of the two,
	// with "hơn" a few words after it.
	for i := 0; i+1 < len(toks); i++ {
		if (toks[i] == "cai" || toks[i] == "ben") && toks[i+1] == "nao" &&
			slices.Contains(toks[i+2:min(len(toks), i+2+whichGap)], "hon") {
			return true
		}
	}
	return false
}
