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

// joiners join the two things a comparison compares, strongest first: "với"
// ("vay TYM với vay ngân hàng"), then "hay"/"hoặc" ("BHYT ở trường hay BHYT
// hộ gia đình"), then "và", which also sits inside names ("Tổ tiết kiệm và
// vay vốn") and so is read only when no other joins.
var joiners = []string{"voi", "vs", "hay", "hoac", "va"}

// compareSides returns the two sides of the comparison in toks, as [start,
// end) ranges: the words before and after the joiner (joiners) of the first
// sentence that holds one with words on both sides. "so với" and "đối với"
// are one word; the comparing words themselves ("khác nhau", "cái nào lợi
// hơn") stay with the second side, where they weigh little. ok is false when
// toks compare nothing (comparesTwo) or no sentence joins two things.
func compareSides(toks []string) (a, b [2]int, ok bool) {
	if !comparesTwo(toks) {
		return a, b, false
	}
	for start := 0; start < len(toks); {
		end := start
		for end < len(toks) && toks[end] != breakToken {
			end++
		}
		for _, j := range joiners {
			for i := start + 1; i < end-1; i++ {
				if toks[i] != j || j == "voi" && toks[i-1] == "doi" {
					continue
				}
				left := i
				if j == "voi" && toks[i-1] == "so" {
					left = i - 1
				}
				if left > start {
					return [2]int{start, left}, [2]int{i + 1, end}, true
				}
			}
		}
		start = end + 1
	}
	return a, b, false
}

// sideBest is the entry that one side of a comparison asks about on its own
// (ranked like a part of a message, with the programmes that side names):
// -1 when no entry answers that side confidently.
func (m *matcher) sideBest(s *scratch, side [2]int) int {
	toks := s.toks[side[0]:side[1]]
	b, _, sc, cf := m.rank(s, toks, s.fixed[side[0]:side[1]], nil, m.entities.find(toks), s.segScores)
	if b < 0 || b >= m.real || cf < m.p.partMinConfidence || sc < m.p.partMinScore {
		return -1
	}
	return b
}

// coverageWithout is entry i's coverage (see coverage) of the message
// without the words of the range skip: the side of a comparison that no
// entry holds ("gửi tiết kiệm ngân hàng") is a gap of the knowledge base, not
// a sign that the entry of the other side is a neighbour.
func (m *matcher) coverageWithout(s *scratch, i int, skip [2]int) float32 {
	var in, total float32
	for k := range s.toks {
		if k >= skip[0] && k < skip[1] {
			continue
		}
		w, fi, ok := m.tokenWeight(s, k)
		if !ok {
			continue
		}
		total += w
		if fi >= 0 && m.feats[fi].has(int32(i)) {
			in += w
		}
	}
	if total == 0 {
		return 1
	}
	return in / total
}
