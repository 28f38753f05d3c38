package content

import "strings"

// A question of eligibility asks whether she, or the person she tells of,
// may take part in a programme given an age or a condition: "mẹ chồng em
// 62 tuổi còn vay được không", "già vậy vô hội được không", "không có sổ
// đỏ thì vay được không". What answers it is the entry that states the
// programme's conditions (who may take part, from what age), not its
// neighbour about the same programme (the amount, the way to apply), and
// the age she tells is the condition, not the topic: "tuổi" pulls towards
// the entries that ask an age (marriage, VNeID, children), and a person's
// age in a question about a loan is not one of them.

// eligibilityPhrases in an entry's own questions mark an entry that states
// who may take part: "điều kiện …", "ai được …", "đối tượng", "những ai",
// "dành cho ai", "ai có thể", "giới hạn tuổi", "được tham gia".
var eligibilityPhrases = [][]string{{"dieu", "kien"}, {"ai", "duoc"}, {"doi", "tuong"}, {"nhung", "ai"},
	{"danh", "cho", "ai"}, {"ai", "co", "the"}, {"gioi", "han", "tuoi"}, {"duoc", "tham", "gia"}}

// statesEligibility reports whether an entry states who may take part: its
// own questions ask it (eligibilityPhrases), or its answer (or questions)
// hold an age (held has askAge: "phụ nữ từ 18 tuổi trở lên").
func statesEligibility(e *Entry, held askKind) bool {
	if held&askAge != 0 {
		return true
	}
	for _, q := range e.Questions {
		toks := strings.Fields(Normalize(q))
		for _, p := range eligibilityPhrases {
			if containsPhrase(toks, p) {
				return true
			}
		}
	}
	return false
}

// ageWords say a person is old without a number: "quá tuổi", "hết tuổi",
// "lớn tuổi", "cao tuổi".
var ageWords = map[string]bool{"qua": true, "het": true, "lon": true, "cao": true}

// lackWords before what she has not: "không có sổ đỏ", "chưa có tên",
// "không phải hộ nghèo".
var lackWords = [][]string{{"khong", "co"}, {"chua", "co"}, {"khong", "phai"}, {"chua", "vo"}, {"chua", "vao"}}

// asksEligibility reports whether toks ask whether someone may take part
// ("được không", "được chưa", "được nữa không", "quá tuổi rồi") under a
// condition told in the message: an age ("62 tuổi", "ngoài 60"), an age in
// words ("quá tuổi", "lớn tuổi"), or something she lacks ("không có sổ
// đỏ"). A message that asks for an age ("tuổi nào thì không còn là hội
// viên", "bao nhiêu tuổi thì được vay") asks a programme's age limit, one
// of its conditions, too.
func asksEligibility(toks []string) bool {
	if askedKinds(toks)&askAge != 0 {
		return true
	}
	may, cond := false, false
	for i, t := range toks {
		switch {
		case t == "duoc":
			for j := i + 1; j < min(len(toks), i+4) && toks[j] != breakToken; j++ {
				if toks[j] == "khong" || toks[j] == "chua" {
					may = true
				}
			}
		case t == "tuoi" && i > 0 && (isNumber(toks[i-1]) || ageWords[toks[i-1]]):
			cond = true
			if toks[i-1] == "qua" || toks[i-1] == "het" {
				may = true // "hay quá tuổi rồi" asks it too
			}
		}
	}
	if may && !cond {
		for _, p := range lackWords {
			if containsPhrase(toks, p) {
				cond = true
				break
			}
		}
	}
	return may && cond
}

// weighAges scales the weight (mul, as in weighSentences) of an age told as
// a number ("62 tuổi", "40t") by w: in a question of eligibility the age is
// the condition, and what she asks about is the programme.
func weighAges(toks []string, mul []float32, w float32) {
	for i := 1; i < len(toks) && i < len(mul); i++ {
		if toks[i] == "tuoi" && isNumber(toks[i-1]) {
			mul[i-1] *= w
			mul[i] *= w
		}
	}
}

// eligibleNear is the best-scoring entry that states who may take part
// (entryFacts.eligible), when best does not and it scores at least
// swapRatio of best's score: -1 otherwise.
func (m *matcher) eligibleNear(scores []float32, best int) int {
	if best < 0 || best >= m.real || m.facts[best].eligible {
		return -1
	}
	e := -1
	for i := range m.real {
		if m.facts[i].eligible && (e < 0 || scores[i] > scores[e]) {
			e = i
		}
	}
	if e < 0 || scores[e] < m.p.swapRatio*scores[best] {
		return -1
	}
	return e
}
