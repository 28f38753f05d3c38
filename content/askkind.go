package content

import (
	"strings"
	"unicode"
)

// askKind is the kind of fact a question asks for when it asks for a
// figure: an amount ("bao nhiêu tiền"), a duration ("bao lâu"), a date
// ("năm nào"), an age ("mấy tuổi") or a phone number ("số mấy"). An entry
// whose answer holds no fact of that kind does not answer the question,
// however well it matches its topic: "xây mái ấm tình thương bao lâu thì
// xong" is not answered by what a Mái ấm is, and "Quỹ TYM thành lập năm nào"
// not by an answer without a year. Those are gaps of the knowledge base,
// and she is better served by the honest fallback (which staff see) than
// by a near entry.
type askKind uint8

const (
	askAmount askKind = 1 << iota
	askDuration
	askWhen
	askAge
	askPhone
)

// timeUnits are the syllables that make "bao nhiêu"/"mấy" ask a duration.
var timeUnits = map[string]bool{"ngay": true, "thang": true, "nam": true, "tuan": true, "gio": true, "lau": true}

// askedKinds reads the kinds of figure a message asks for from its
// normalised syllables. "mấy" before a unit of time or money is left out:
// it is as often "a few" in a story ("được mấy tháng") as a question, and
// "năm nào cũng" is "every year", not "which year".
func askedKinds(toks []string) askKind {
	var k askKind
	at := func(i int) string {
		if i >= 0 && i < len(toks) {
			return toks[i]
		}
		return ""
	}
	// asksLater reports whether the sentence holds a word that asks
	// after position i ("số điện thoại của hội là gì").
	asksLater := func(i int) bool {
		for j := i + 1; j < len(toks) && toks[j] != breakToken; j++ {
			switch toks[j] {
			case "nhieu", "gi", "nao", "may", "dau":
				return true
			}
		}
		return false
	}
	// every reports whether "nào" at i is "every" ("năm nào cũng").
	every := func(i int) bool {
		for j := i + 1; j < len(toks) && toks[j] != breakToken; j++ {
			if toks[j] == "cung" || toks[j] == "cx" {
				return true
			}
		}
		return false
	}
	for i, t := range toks {
		next := at(i + 1)
		switch t {
		case "bao":
			switch next {
			case "lau":
				k |= askDuration
			case "nhieu":
				after := at(i + 2)
				switch {
				case after == "tuoi":
					k |= askAge
				case timeUnits[after]:
					k |= askDuration
				default:
					k |= askAmount
				}
			}
		case "may":
			if next == "tuoi" {
				k |= askAge
			}
		case "nam", "ngay", "thang":
			if next == "nao" && !every(i+1) || next == "may" && at(i+2) != "tuoi" {
				k |= askWhen
			}
		case "tu":
			if next == "khi" && at(i+2) == "nao" || next == "bao" && at(i+2) == "gio" || next == "luc" && at(i+2) == "nao" {
				k |= askWhen
			}
		case "tuoi":
			if next == "nao" && !every(i+1) || next == "bao" && at(i+2) == "nhieu" {
				k |= askAge
			}
		case "so":
			if next == "may" || next == "nao" && !every(i+1) || next == "dien" && at(i+2) == "thoai" && asksLater(i+2) {
				k |= askPhone
			}
		case "hotline", "sdt":
			if asksLater(i) {
				k |= askPhone
			}
		}
	}
	return k
}

// heldKinds reads the kinds of figure an answer holds from its normalised
// syllables: any number (or "miễn phí") for an amount; a year, a number
// next to a unit of time, or "hằng/mỗi" before one, for a duration or a
// date; a number near "tuổi" for an age; a number of three digits or more
// for a phone number.
func heldKinds(toks []string) askKind {
	var k askKind
	for i, t := range toks {
		if t == "mien" && i+1 < len(toks) && toks[i+1] == "phi" {
			k |= askAmount
		}
		if (t == "hang" || t == "moi" || t == "dinh") && i+1 < len(toks) && (timeUnits[toks[i+1]] || toks[i+1] == "quy" || toks[i+1] == "ky") {
			k |= askDuration | askWhen
		}
		if !isNumber(t) {
			continue
		}
		k |= askAmount
		if len(t) >= 3 {
			k |= askPhone
		}
		if len(t) == 4 && (strings.HasPrefix(t, "19") || strings.HasPrefix(t, "20")) {
			k |= askWhen | askDuration
		}
		for j := max(0, i-2); j <= min(len(toks)-1, i+2); j++ {
			if timeUnits[toks[j]] {
				k |= askDuration | askWhen
			}
		}
		for j := max(0, i-3); j <= min(len(toks)-1, i+3); j++ {
			if toks[j] == "tuoi" {
				k |= askAge
			}
		}
	}
	return k
}

// entryFacts is what an entry's answer holds, for the checks of askKind
// and of what it says it lacks.
type entryFacts struct {
	held askKind
	// lacks holds the syllables of the answer's sentences that say Loa
	// does not have a fact ("Mức vay tối đa cho hộ cận nghèo, Loa chưa có
	// thông tin chắc chắn"); says those of its other sentences, questions
	// and keywords.
	lacks, says map[string]bool
	// eligible: the entry states who may take part (statesEligibility),
	// preferred for a question of eligibility (asksEligibility).
	eligible bool
}

// lackPhrases mark a sentence of an answer that says Loa lacks a fact.
var lackPhrases = [][]string{{"loa", "chua", "co"}, {"chua", "co", "con", "so"}, {"chua", "kiem", "chung"}, {"chua", "co", "thong", "tin"}}

// newEntryFacts reads what entry e's answer holds; with byQuestions, the
// kinds of figure its own questions ask count as held too: whoever wrote
// "Lãi suất vay hộ nghèo bao nhiêu?" above an answer meant it to answer that,
// even in words ("do Thủ tướng quy định"). Not for an answer that says it
// lacks a fact: "Mức hội phí … Loa chưa có con số" under "Hội phí bao nhiêu?".
func newEntryFacts(e *Entry, byQuestions bool) entryFacts {
	f := entryFacts{says: map[string]bool{}}
	for _, q := range append(append([]string{}, e.Questions...), e.Keywords...) {
		for _, t := range strings.Fields(Normalize(q)) {
			f.says[t] = true
		}
	}
	sentences := strings.FieldsFunc(e.Answer, func(r rune) bool {
		return r == '.' || r == '\n' || r == ';' || r == '!' || r == '?' || r == ':' || unicode.IsControl(r)
	})
	var all []string
	for _, sn := range sentences {
		toks := strings.Fields(Normalize(sn))
		all = append(all, toks...)
		lack := false
		for _, p := range lackPhrases {
			lack = lack || containsPhrase(toks, p)
		}
		for _, t := range toks {
			if lack {
				if f.lacks == nil {
					f.lacks = map[string]bool{}
				}
				f.lacks[t] = true
			} else {
				f.says[t] = true
			}
		}
	}
	f.held = heldKinds(all)
	if byQuestions && f.lacks == nil {
		for _, q := range e.Questions {
			f.held |= askedKinds(strings.Fields(Normalize(q)))
		}
	}
	f.eligible = statesEligibility(e, f.held)
	return f
}

func containsPhrase(toks, p []string) bool {
	for i := 0; i+len(p) <= len(toks); i++ {
		if equalWords(toks[i:i+len(p)], p) {
			return true
		}
	}
	return false
}

// answersAsked reports whether entry i's answer (or the second entry's,
// for a message of two questions) holds the kind of figure
// the message asks for (every message that asks for none passes), and does
// not say that what she asks is what Loa lacks: the words of her question
// weigh more in the answer's "Loa chưa có …" sentences than in the rest of
// the entry.
func (m *matcher) answersAsked(s *scratch, i, second int, asked askKind) bool {
	f := &m.facts[i]
	held := f.held
	if second >= 0 {
		held |= m.facts[second].held // two questions: either may ask the figure
	}
	if asked != 0 && held&asked == 0 {
		return false
	}
	if f.lacks == nil || m.p.lackCheck <= 0 {
		return true
	}
	var lack, say float32
	for j, t := range s.toks {
		if t == breakToken || fillerWords[t] || askingWords[t] || questionWords[t] {
			continue
		}
		w := m.oovW
		if fi, ok := m.features[t]; ok {
			w = m.feats[fi].qw
		}
		if j < len(s.mul) {
			w *= s.mul[j]
		}
		if f.lacks[t] {
			lack += w
		}
		if f.says[t] {
			say += w
		}
	}
	return lack <= m.p.lackCheck*say
}
