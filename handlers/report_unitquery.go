package handlers

import (
	"strings"
	"unicode"

	"loa/store"
)

// Staff name a unit together with its parent to tell apart the many
// "Ấp 1" of a province: "ap 1 xa mot", "chi hoi ap 3 tan hoa", "ấp 1 - xã
// Một", "ap1 xa mot". A unitQuery reads such a name: the whole of it may be
// one unit's name, or a first part the unit's name and the rest the name
// of one of its ancestors. The kind of a unit ("xã", "ấp", "chi hội") may
// be left out, except that a bare number names nothing ("2" is no "Ấp 2").

// unitSeparator stands for what splits a name from its parent's: "-", ",",
// brackets, "thuộc".
const unitSeparator = "|"

// unitKindWords are the words a unit's name starts with to say its kind, as
// folded words; the longest are tried first.
var unitKindWords = [][]string{
	{"to", "dan", "pho"}, {"thi", "tran"}, {"thi", "xa"}, {"thanh", "pho"}, {"khu", "pho"}, {"dac", "khu"},
	{"xa"}, {"phuong"}, {"ap"}, {"khu"}, {"to"}, {"thon"}, {"xom"}, {"ban"}, {"buon"}, {"tinh"}, {"huyen"}, {"quan"},
}

// unitQuery is a unit's name as she typed it, as folded words.
type unitQuery struct{ words []string }

// parseUnitQuery reads what she typed as a unit's name. A last word "cũ"
// (a commune's name before the 2025 merger, "xã Tân Hòa cũ") is dropped:
// the name is looked up among the units as they are now.
func parseUnitQuery(typed string) unitQuery {
	words := nameTokens(typed)
	n := 0
	for _, w := range words {
		if w != unitSeparator {
			n++
		}
	}
	for i := len(words) - 1; i >= 0 && n > 1; i-- {
		if words[i] == unitSeparator {
			continue
		}
		if words[i] == "cu" {
			words = append(words[:i:i], words[i+1:]...)
		}
		break
	}
	return unitQuery{words: words}
}

// empty tells whether the query names nothing at all.
func (q unitQuery) empty() bool {
	d, _ := unitNameKeys(q.words)
	return d == ""
}

// nameTokens folds a name into words: marks dropped, letters and digits
// apart ("ap1" is "ap", "1"), separators as unitSeparator.
func nameTokens(s string) []string {
	s = strings.NewReplacer(",", " | ", "-", " | ", "–", " | ", "(", " | ", ")", " | ", ";", " | ").Replace(s)
	var out []string
	for _, f := range strings.Fields(s) {
		if f == unitSeparator {
			out = append(out, unitSeparator)
			continue
		}
		w := foldWord(f)
		if w == "thuoc" {
			out = append(out, unitSeparator)
			continue
		}
		start := 0
		for i, r := range w {
			if i > 0 && unicode.IsDigit(r) != unicode.IsDigit(rune(w[i-1])) {
				out = append(out, w[start:i])
				start = i
			}
		}
		if start < len(w) {
			out = append(out, w[start:])
		}
	}
	return out
}

// withoutSeparators is words less the separators and the noise words.
func withoutSeparators(words []string) []string {
	out := make([]string, 0, len(words))
	for _, w := range words {
		if w != unitSeparator && !unitNameNoise[w] {
			out = append(out, w)
		}
	}
	return out
}

// kindLen is how many leading words of words (without separators or
// noise) say the unit's kind; 0 when they don't.
func kindLen(words []string) int {
	for _, k := range unitKindWords {
		if len(words) > len(k) && equalWords(words[:len(k)], k) {
			return len(k)
		}
	}
	return 0
}

// nameDistance is how many letters part (typed words, without separators
// or noise) is off the unit name words; ok is false when it is no match.
// Typed with its kind ("ấp 2"), the kind must match as well; typed
// without ("tân hòa"), the name's kind is left out too.
func nameDistance(part, name []string) (int, bool) {
	if kindLen(part) == 0 {
		name = name[kindLen(name):]
		if d, _ := unitNameKeys(part); strings.Trim(d, "0123456789") == "" {
			return 0, false // a bare number: "2" is no "Ấp 2"
		}
	}
	wantDigits, wantWords := unitNameKeys(part)
	digits, words := unitNameKeys(name)
	if wantDigits == "" || digits == "" {
		return 0, false
	}
	d, ok := 0, false
	if dw := editDistance(wantWords, words); dw <= maxNameTypos(len(words)) {
		d, ok = dw, true
	}
	if dd := editDistance(wantDigits, digits); dd <= maxNameTypos(len(digits)) && (!ok || dd < d) {
		d, ok = dd, true
	}
	return d, ok
}

// match returns the units the query names best: the fewest letters off,
// a unit named whole before one named with its parent. Several means
// she must choose.
func (q unitQuery) match(units []store.Unit) []store.Unit {
	byCode := make(map[string]store.Unit, len(units))
	names := make(map[string][][]string, len(units))
	for _, un := range units {
		byCode[un.Code] = un
		// The name as written, and without its note (withoutNote).
		names[un.Code] = [][]string{withoutSeparators(nameTokens(un.Name)), withoutSeparators(nameTokens(withoutNote(un.Name)))}
	}
	whole := withoutSeparators(q.words)
	// Where the words may split into the unit's name and its parent's.
	type split struct{ name, parent []string }
	var splits []split
	for k := 1; k < len(q.words); k++ {
		name, parent := withoutSeparators(q.words[:k]), withoutSeparators(q.words[k:])
		if len(name) == 0 || len(parent) == 0 || q.words[k-1] == unitSeparator {
			continue
		}
		// A one-word parent needs its kind or a separator: "ap hai mot" is
		// the branch "Ấp Hai Một", not "Ấp 2" of "Xã Một".
		if q.words[k] != unitSeparator && kindLen(parent) == 0 && len(parent) < 2 {
			continue
		}
		splits = append(splits, split{name, parent})
	}
	const none = int(^uint(0) >> 1)
	best, bestRank := []store.Unit(nil), none
	for _, un := range units {
		rank := none
		if d, ok := nearestName(whole, names[un.Code]); ok {
			rank = 2 * d
		}
		for _, s := range splits {
			d, ok := nearestName(s.name, names[un.Code])
			if !ok || 2*d+1 >= rank {
				continue
			}
			for p, hops := byCode[un.Parent], 0; p.Code != "" && hops < 8; p, hops = byCode[p.Parent], hops+1 {
				if dp, ok := nearestName(s.parent, names[p.Code]); ok && 2*(d+dp)+1 < rank {
					rank = 2*(d+dp) + 1
				}
			}
		}
		switch {
		case rank == none || rank > bestRank:
		case rank < bestRank:
			best, bestRank = []store.Unit{un}, rank
		default:
			best = append(best, un)
		}
	}
	return best
}

// nearestName is nameDistance to the closest of a unit's names.
func nearestName(typed []string, names [][]string) (int, bool) {
	best, found := 0, false
	for _, n := range names {
		if d, ok := nameDistance(typed, n); ok && (!found || d < best) {
			best, found = d, true
		}
	}
	return best, found
}

// withoutNote is a unit's name without what it says in parentheses: a
// note for the reader ("Chi hội ấp 1 (mẫu)" of the sample tree, "(cũ)"),
// not a word anybody types when she names it ("thống kê ấp 1" found no
// unit in the sample tree). Two units the note alone tells apart are
// asked back, their whole names on the buttons.
func withoutNote(name string) string {
	for {
		open := strings.IndexByte(name, '(')
		if open < 0 {
			return name
		}
		end := strings.IndexByte(name[open:], ')')
		if end < 0 {
			return name[:open]
		}
		name = name[:open] + " " + name[open+end+1:]
	}
}
