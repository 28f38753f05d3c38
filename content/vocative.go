package content

import (
	"strings"
	"unicode"
)

// vocativeKin are the kinship words an older woman calls Loa by ("cháu
// ơi", "con ơi", "em ơi"), folded. The safety layer reads who is harmed
// from the people a story names, and these name children too: "cháu ơi bà
// đang bị đánh" is an old woman beaten, not a child.
var vocativeKin = map[string]bool{"chau": true, "con": true, "em": true, "be": true}

// vocativeOpeners may come before the call ("dạ cháu ơi", "alo con ơi").
var vocativeOpeners = map[string]bool{"da": true, "alo": true, "a": true}

// withoutVocative drops the call that opens a message when she calls the
// reader by a kinship word ("cháu ơi, …", "con ơi …", "dạ em ơi …",
// "cháu Loa ơi …") and something follows it; otherwise text as it is. Only
// the opening counts: "cứu con tôi ơi" names her child.
func withoutVocative(text string) string {
	rest := text
	word := func() (folded string, after string) {
		s := strings.TrimLeftFunc(rest, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsPunct(r) })
		end := strings.IndexFunc(s, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsPunct(r) })
		if end < 0 {
			end = len(s)
		}
		return foldSyllable(s[:end]), s[end:]
	}
	w, after := word()
	if vocativeOpeners[w] {
		rest = after
		w, after = word()
	}
	if !vocativeKin[w] {
		return text
	}
	rest = after
	w, after = word()
	if w == "loa" {
		rest = after
		w, after = word()
	}
	if w != "oi" {
		return text
	}
	left := strings.TrimLeftFunc(after, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsPunct(r) })
	if left == "" {
		return text
	}
	return left
}
