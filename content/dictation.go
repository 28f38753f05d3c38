package content

// Dictated questions. Many members speak to the phone instead of typing, and
// its speech recognition writes what it heard: the Union's acronyms spelt
// letter by letter ("vê nê ích" for VNeID, "bê hát y tê" for BHYT), a
// syllable of a term as its homophone ("sốt suất huyết", "vai vốn", "căn
// cướt"), and money as it is said in the South ("50 chiệu", "trăm củ",
// "chăm chiệu": tr spoken as ch). Left as written, each is a word the
// knowledge base never uses, and the term she asked about is lost.
//
// Like raw Telex keys (telex.go), which are decoded only when they make a
// valid syllable, a dictated form is read back only when it makes one of
// the Union's known terms: the table lists whole phrases, never a single
// common syllable on its own ("vai" alone is a shoulder, "suất" a share,
// "củ" a tuber, "chịu" to bear), and the money words need a figure before
// them. Every reading is stable (no word it writes starts a phrase of the
// table or is a money word), so Normalize stays idempotent.

// dictated maps a folded phrase as speech recognition writes it to the
// term it stands for.
var dictated = map[string]string{
	// acronyms spelt out, letter by letter, as Vietnamese names the letters
	"ve ne ich":   "vneid",
	"vi ne ich":   "vneid",
	"ve en i di":  "vneid",
	"vi en i di":  "vneid",
	"be hat y te": "bao hiem y te", "be hat i te": "bao hiem y te",
	"be hat xe hat": "bao hiem xa hoi", "be hat ich hat": "bao hiem xa hoi",
	"o te pe":     "otp",
	"o cop":       "ocop",
	"xe xe xe de": "can cuoc cong dan",
	// homophones of a syllable of a term
	"suat huyet": "xuat huyet",
	"vai von":    "vay von",
	"can cuot":   "can cuoc",
	"can cuong":  "can cuoc",
	"bi hach":    "bi hack",
}

// dictatedMaxWords is the length of the longest phrase of dictated.
const dictatedMaxWords = 4

// moneyAfterFigure maps a word that is a unit of money after a figure
// ("50 chiu", "trăm củ") to the standard unit. Folded, "chieu" is also
// "chiều" and "chiếu" ("2/3 chiều dài", "VTV3 chiếu"), and "cu" is "cũ"
// ("S23 cũ"): those two count only as typed, "chiệu" and "củ", or after
// a figure said as a word ("trăm cu"); "chiu" ("chịu") follows no figure.
var moneyAfterFigure = map[string]string{"chieu": "trieu", "chiu": "trieu", "cu": "trieu"}

// moneyTyped is how a unit of money of moneyAfterFigure that folds like
// another word is typed with its marks.
var moneyTyped = map[string]string{"chieu": "chiệu", "cu": "củ"}

// figureWords may stand before a unit of money as the figure itself
// ("trăm củ", "năm chục chiệu").
var figureWords = setOf("tram", "chuc")

// undictate reads the dictated phrases of n.words back as the terms they
// stand for.
func (n *normalizer) undictate() {
	var out []string
	var tok []int
	for i := 0; i < len(n.words); {
		if std, k := n.dictatedAt(i); k > 0 {
			if out == nil {
				out, tok = append(out, n.words[:i]...), append(tok, n.tok[:i]...)
			}
			for _, w := range splitWords(std) {
				out, tok = append(out, w), append(tok, -1)
			}
			i += k
			continue
		}
		w := n.words[i]
		if std := n.moneyAt(i); std != "" {
			if out == nil {
				out, tok = append(out, n.words[:i]...), append(tok, n.tok[:i]...)
			}
			out, tok = append(out, std), append(tok, -1)
			i++
			continue
		}
		if out != nil {
			out, tok = append(out, w), append(tok, n.tok[i])
		}
		i++
	}
	if out != nil {
		n.words, n.tok = out, tok
	}
}

// dictatedAt returns the term a dictated phrase starting at word i stands
// for and how many words it spans, or 0.
func (n *normalizer) dictatedAt(i int) (string, int) {
	// Sentence breaks are skipped, not stops: Normalize's output has
	// none, and a phrase it writes must read the same again.
	if n.words[i] == breakToken {
		return "", 0
	}
	phrase, words := "", 0
	for j := i; j < len(n.words) && words < dictatedMaxWords; j++ {
		w := n.words[j]
		if w == breakToken {
			continue
		}
		if words > 0 {
			phrase += " "
		}
		phrase += w
		words++
		if words > 1 {
			if std, ok := dictated[phrase]; ok {
				return std, j - i + 1
			}
		}
	}
	return "", 0
}

// moneyAt returns the standard unit for word i when it is a unit of money
// said after a figure ("50 chiệu", "năm chục chiệu", "trăm củ"), or "".
// "chăm" before a unit is "trăm" ("chăm chiệu").
func (n *normalizer) moneyAt(i int) string {
	// Neighbours are read across sentence breaks, which Normalize's output
	// does not keep.
	w := n.words[i]
	if w == "cham" {
		if x := n.next(i); x >= 0 && (moneyAfterFigure[n.words[x]] != "" || n.words[x] == "trieu") {
			return "tram"
		}
		return ""
	}
	std, ok := moneyAfterFigure[w]
	p := n.prev(i)
	if !ok || p < 0 {
		return ""
	}
	pw := n.words[p]
	if figureWords[pw] || pw == "cham" {
		return std
	}
	if !isNumber(pw) {
		return ""
	}
	if typed, ok := moneyTyped[w]; ok && (n.plain || !n.typedAs(i, typed)) {
		return "" // "S23 cũ", "VTV3 chiếu"; the plain reading has no marks
	}
	return std
}

// splitWords splits a phrase of the tables at its spaces.
func splitWords(s string) []string {
	var out []string
	for len(s) > 0 {
		k := 0
		for k < len(s) && s[k] != ' ' {
			k++
		}
		out = append(out, s[:k])
		if k == len(s) {
			break
		}
		s = s[k+1:]
	}
	return out
}
