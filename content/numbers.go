package content

// Numbers said to the phone. Speech recognition writes a number as words:
// "năm không ba sạch", "đề án chín ba chín", "tổng đài một trăm mười một",
// "mức hai". The knowledge base writes the names of its programmes, hotlines
// and levels with digits ("5 không 3 sạch", "Đề án 939", "Tổng đài 111",
// "mức 2"), so the name she said is lost. A run of number words is read as
// its digits only where the result is a known term: the figure stands next
// to a word it stands next to in the entries' own questions and keywords
// (numberContext), the way telex.go decodes raw keys only into a valid
// syllable. Elsewhere number words stay words: "ba" is a father, "năm" a
// year, "sau" after, "tám" may be "tạm", "một" an article.

import (
	"strconv"
	"strings"
)

// numberWordValue is the digit a number word says; "mốt" (one), "lăm" (five)
// and "tư" (four) after "mươi", "linh"/"lẻ" (and zero) inside a number.
var numberWordValue = map[string]int{
	"khong": 0, "mot": 1, "hai": 2, "ba": 3, "bon": 4, "nam": 5, "sau": 6, "bay": 7, "tam": 8, "chin": 9,
}

// loneNumberWordsKept are number words that alone are too often another word
// to be read as a figure ("sau" after, "tám"/"tạm", "một" an article,
// "không" the negation); inside a longer run they count.
var loneNumberWordsKept = setOf("sau", "tam", "mot", "khong")

// numberContext holds, for each figure written in the knowledge base's
// questions and keywords, the words right before and right after it: "an
// 939", "939 la", "5 khong", "khong 3", "3 sach", "dai 111".
type numberContext map[string]bool

// numberContextOf reads the figures of the entries' questions and keywords.
func numberContextOf(entries []*Entry) numberContext {
	ctx := numberContext{}
	for _, e := range entries {
		for _, group := range [][]string{e.Questions, e.Keywords} {
			for _, q := range group {
				w := strings.Fields(normalizePlain(q))
				for i, t := range w {
					if !isNumber(t) {
						continue
					}
					if i > 0 && !isNumber(w[i-1]) {
						ctx[w[i-1]+" "+t] = true
					}
					if i+1 < len(w) && !isNumber(w[i+1]) {
						ctx[t+" "+w[i+1]] = true
					}
				}
			}
		}
	}
	return ctx
}

// isNumberWord reports whether w is a word of a spoken number.
func isNumberWord(w string) bool {
	_, ok := numberWordValue[w]
	return ok || w == "muoi" || w == "tram" || w == "linh" || w == "le" || w == "lam" || w == "tu"
}

// rewrite returns toks with every run of number words that makes a known
// figure next to its neighbour written as that figure, or toks itself when
// there is none.
func (c numberContext) rewrite(toks []string) []string {
	if len(c) == 0 {
		return toks
	}
	var out []string
	for i := 0; i < len(toks); {
		fig, k := c.figureAt(toks, i)
		if k == 0 {
			if out != nil {
				out = append(out, toks[i])
			}
			i++
			continue
		}
		if out == nil {
			out = append(make([]string, 0, len(toks)), toks[:i]...)
		}
		out = append(out, fig)
		i += k
	}
	if out == nil {
		return toks
	}
	return out
}

// figureAt returns the figure the longest run of number words starting at
// toks[i] makes next to a neighbour it is known with, and the run's length,
// or 0. A run is read as a place-value number ("chín trăm ba mươi chín") or
// digit by digit ("chín ba chín", "một một một").
func (c numberContext) figureAt(toks []string, i int) (string, int) {
	if _, ok := numberWordValue[toks[i]]; (!ok || toks[i] == "khong") && toks[i] != "muoi" {
		return "", 0
	}
	end := i
	for end < len(toks) && end-i < 12 && isNumberWord(toks[end]) {
		end++
	}
	left := ""
	if i > 0 {
		left = toks[i-1]
	}
	for j := end; j > i; j-- {
		right := ""
		if j < len(toks) {
			right = toks[j]
		}
		for _, fig := range spokenFigures(toks[i:j]) {
			if c[left+" "+fig] || c[fig+" "+right] && c.rightSuffices(toks, i, j) {
				return fig, j - i
			}
		}
	}
	return "", 0
}

// spokenFigures returns the figures a run of number words may say: its
// place-value reading and, for two words or more, its digit-by-digit one.
func spokenFigures(run []string) []string {
	var out []string
	if v, ok := placeValue(run); ok {
		out = append(out, strconv.Itoa(v))
	}
	if len(run) > 1 {
		var b strings.Builder
		for k, w := range run {
			d, ok := numberWordValue[w]
			if w == "lam" && k > 0 {
				d, ok = 5, true // "lăm", said for a 5 after another digit
			}
			if !ok {
				return out
			}
			b.WriteByte(byte('0' + d))
		}
		if s := b.String(); len(out) == 0 || out[0] != s {
			out = append(out, s)
		}
	}
	return out
}

// placeValue reads a number below a thousand said the Vietnamese way: "chín
// trăm ba mươi chín", "một trăm mười một", "hai mươi lăm", "mười hai", "một
// trăm linh năm".
func placeValue(run []string) (int, bool) {
	v, i := 0, 0
	digit := func(w string, afterTens bool) (int, bool) {
		switch {
		case afterTens && w == "lam", afterTens && w == "tu":
			if w == "lam" {
				return 5, true
			}
			return 4, true
		}
		d, ok := numberWordValue[w]
		return d, ok && d > 0
	}
	if len(run) >= 2 && run[1] == "tram" {
		d, ok := digit(run[0], false)
		if !ok {
			return 0, false
		}
		v, i = 100*d, 2
		if i == len(run) {
			return v, true
		}
		if run[i] == "linh" || run[i] == "le" {
			if i+2 != len(run) {
				return 0, false
			}
			d, ok := digit(run[i+1], false)
			return v + d, ok
		}
	}
	rest := run[i:]
	switch {
	case len(rest) >= 1 && rest[0] == "muoi":
		v += 10
		rest = rest[1:]
	case len(rest) >= 2 && rest[1] == "muoi":
		d, ok := digit(rest[0], false)
		if !ok || d == 1 {
			return 0, false
		}
		v += 10 * d
		rest = rest[2:]
	case len(rest) == 1:
		d, ok := digit(rest[0], false)
		return v + d, ok
	default:
		return 0, false
	}
	switch len(rest) {
	case 0:
		return v, true
	case 1:
		d, ok := digit(rest[0], true)
		if rest[0] == "mot" && v >= 20 {
			d, ok = 1, true // "hai mươi mốt"
		}
		return v + d, ok
	}
	return 0, false
}

// rightSuffices reports whether the word after the run toks[i:j] is
// evidence enough for its figure without the word before it. A single
// number word is too often another syllable ("xâm hại thì", "sau tháng"):
// it needs the message to start with it ("ba sạch là gì") or a second
// figure said after the word ("năm không ba sạch": "không" then "ba",
// known as "không 3"). A word that alone is mostly another word ("sau",
// "tám", "một", "không") needs the word before it ("dự án tám").
func (c numberContext) rightSuffices(toks []string, i, j int) bool {
	if j-i > 1 {
		return true
	}
	if loneNumberWordsKept[toks[i]] {
		return false
	}
	if i == 0 || toks[i-1] == breakToken {
		return true
	}
	if j+1 < len(toks) {
		if _, ok := numberWordValue[toks[j+1]]; ok {
			for _, f := range spokenFigures(toks[j+1 : j+2]) {
				if c[toks[j]+" "+f] {
					return true
				}
			}
		}
	}
	return false
}
