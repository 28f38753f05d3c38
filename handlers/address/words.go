package address

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// word is one word of a message, as Tell reads it.
type word struct {
	low   string // lower case, composed (NFC)
	fold  string // without marks, đ as d
	plain bool   // written without marks: it may stand for any marked word with the same fold
	title bool   // a capital, then lower case: a name ("Tư", "Lan"), when it does not open a sentence
	start bool   // opens a clause: the first word, or after punctuation
	end   bool   // closes a clause: the last word, or before punctuation
}

// fold is w lower-cased, without marks, đ as d.
func fold(w string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(strings.ToLower(w)) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case r == 'đ':
			b.WriteByte('d')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// clauseMarks end a clause: what follows opens a new one.
const clauseMarks = ".,;:!?…()[]\"“”«»\n-–—"

// splitWords reads text's words: runs of letters and digits. Emoji, marks
// of punctuation and other signs separate them.
func splitWords(text string) []word {
	text = norm.NFC.String(text)
	var out []word
	var cur []rune
	broken := true // a clause mark since the last word
	flush := func() {
		if len(cur) == 0 {
			return
		}
		raw := string(cur)
		w := word{low: strings.ToLower(raw), start: broken}
		w.fold = fold(w.low)
		w.plain = w.fold == w.low
		w.title = len(cur) > 1 && unicode.IsUpper(cur[0]) && raw[len(string(cur[:1])):] == strings.ToLower(raw[len(string(cur[:1])):])
		if broken && len(out) > 0 {
			out[len(out)-1].end = true
		}
		out = append(out, w)
		cur, broken = cur[:0], false
	}
	for _, r := range text {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r):
			cur = append(cur, r)
		default:
			flush()
			if strings.ContainsRune(clauseMarks, r) {
				broken = true
			}
		}
	}
	flush()
	if len(out) > 0 {
		out[len(out)-1].end = true
	}
	// A word after a filler ("dạ", "ơi", "thì", "mà") opens a clause too:
	// "cháu ơi bà hỏi", "dạ bà muốn".
	for i := 1; i < len(out); i++ {
		if fillers[out[i-1].low] {
			out[i].start = true
		}
	}
	return out
}

// fillers are words after which a new clause begins.
var fillers = set("dạ", "da", "ừ", "ờ", "ơi", "oi", "thì", "thi", "mà", "nhưng", "nhung", "vì", "nên", "nen", "rồi", "roi", "thưa", "thua", "loa", "giờ", "gio")

func set(ws ...string) map[string]bool {
	m := make(map[string]bool, len(ws))
	for _, w := range ws {
		m[w] = true
	}
	return m
}

// is reports whether w is one of the marked words, or written without marks
// as one of them ("ba" for "bà"): a plain word is read as any word it may
// stand for.
func (w word) is(marked ...string) bool {
	for _, m := range marked {
		if w.low == m || (w.plain && w.fold == fold(m)) {
			return true
		}
	}
	return false
}

// exactly reports whether w is written as one of the words, marks and all.
func (w word) exactly(marked ...string) bool {
	for _, m := range marked {
		if w.low == m {
			return true
		}
	}
	return false
}

// number: w is a number ("70").
func (w word) number() bool {
	for _, r := range w.low {
		if r < '0' || r > '9' {
			return false
		}
	}
	return w.low != ""
}
