package content

import "strings"

// A member who half-remembers a programme's name says so: "cái quỹ gì …
// tên nó tim tim gì đó" (TYM), "quỹ xép xép gì đó" (CEP), "cái ô cóp gì
// đó" (OCOP). She writes the name as it sounds, and what she writes is an
// everyday word ("tim" is a heart) or none, so the name is not found. Right
// before her "gì đó" / "gì đấy" / "tên gì", or between "cái" and "ấy", a
// syllable (or two run together) that sounds like a one-word name of a
// programme (entities.yaml) is read as that name; nowhere else, where "tim"
// stays a heart. A single syllable counts only in a message that says
// what kind of thing she half-remembers (a fund, an app, a programme: "cái
// bài hát tim tim gì đó" is a song); two run together ("ô cóp") are no
// everyday word.

// nearNameKinds are the kinds of named things a programme's name stands
// for: a fund, an app, a programme, a project, a product, a bank, a
// movement, a model, a hotline.
var nearNameKinds = [][]string{{"quy"}, {"app"}, {"ung", "dung"}, {"chuong", "trinh"},
	{"du", "an"}, {"de", "an"}, {"san", "pham"}, {"ngan", "hang"}, {"phong", "trao"},
	{"mo", "hinh"}, {"tong", "dai"}}

// nearNameWindow is how many syllables before a marker may hold the name.
const nearNameWindow = 3

// nearNames returns toks and fixed with the sound-alikes of one-word
// programme names read as the names, where she marks a name she
// half-remembers.
func (g *gazetteer) nearNames(toks []string, fixed []bool) ([]string, []bool) {
	if g == nil {
		return toks, fixed
	}
	at := func(i int, w string) bool { return i >= 0 && i < len(toks) && toks[i] == w }
	var spans [][2]int // where a half-remembered name may stand
	for i := range toks {
		switch {
		case at(i, "gi") && (at(i+1, "do") || at(i+1, "day")), at(i, "ten") && at(i+1, "gi"):
			s := i
			for s > 0 && i-s < nearNameWindow && toks[s-1] != breakToken && toks[s-1] != "gi" {
				s--
			}
			spans = append(spans, [2]int{s, i})
		case at(i, "cai"):
			for e := i + 2; e <= i+1+nearNameWindow && e < len(toks) && toks[e] != breakToken; e++ {
				if toks[e] == "ay" {
					spans = append(spans, [2]int{i + 1, e})
					break
				}
			}
		}
	}
	if len(spans) == 0 {
		return toks, fixed
	}
	// A name she already says in full ("quỹ tim" is one) is no half-
	// remembered name: it is left as she wrote it.
	said := g.find(toks)
	names := map[string]string{} // sound key → name
	for _, n := range g.names {
		if len(n.words) == 1 && len(n.words[0]) >= 3 && lettersOnly(n.words[0]) && said&n.bit == 0 {
			names[soundKey(n.words[0])] = n.words[0]
		}
	}
	kind := false
	for i := range toks {
		for _, k := range nearNameKinds {
			kind = kind || i+len(k) <= len(toks) && equalWords(toks[i:i+len(k)], k)
		}
	}
	drop := map[int]bool{}
	for _, sp := range spans {
		for i := sp[0]; i < sp[1]; i++ {
			if drop[i] {
				continue
			}
			if n, ok := names[soundKey(toks[i])]; ok && kind && len(toks[i]) >= 3 {
				toks[i] = n
				continue
			}
			if i+1 < sp[1] {
				if n, ok := names[soundKey(toks[i]+toks[i+1])]; ok {
					toks[i] = n
					drop[i+1] = true
				}
			}
		}
	}
	if len(drop) == 0 {
		return toks, fixed
	}
	return keepToks(toks, fixed, func(i int) bool { return !drop[i] })
}

// soundKey folds the spellings of a syllable that sound alike as she would
// write a foreign name: y as i, c before e and i as x (CEP is read "xép"),
// c, k and q as k, ph as f, d as z.
func soundKey(w string) string {
	var b strings.Builder
	for i := 0; i < len(w); i++ {
		c := w[i]
		next := byte(0)
		if i+1 < len(w) {
			next = w[i+1]
		}
		switch {
		case c == 'y':
			b.WriteByte('i')
		case c == 'c' && (next == 'e' || next == 'i' || next == 'y'), c == 'x', c == 's':
			b.WriteByte('s')
		case c == 'c' || c == 'q':
			b.WriteByte('k')
		case c == 'p' && next == 'h':
			b.WriteByte('f')
			i++
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

func lettersOnly(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] < 'a' || w[i] > 'z' {
			return false
		}
	}
	return true
}
