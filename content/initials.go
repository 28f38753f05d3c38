package content

import "strings"

// Members shorten the knowledge base's own names to their initials: "sxh"
// for sốt xuất huyết, "tcm" for tay chân miệng, "ntm" for nông thôn mới,
// "pcblgd" for phòng chống bạo lực gia đình. teencode.go lists the common
// ones; the rest are read from the entries' keywords: a token without a
// vowel (no Vietnamese syllable lacks one) that spells the initials of
// exactly one keyword of three syllables or more stands for that keyword
// (two letters are too often something else: "tq" is Trung Quốc, not
// toàn quốc).

// initialsOf builds the map from initials to the keyword's syllables;
// initials shared by two different keywords are left out.
func initialsOf(entries []*Entry) map[string][]string {
	out := map[string][]string{}
	clash := map[string]bool{}
	for _, e := range entries {
		for _, k := range e.Keywords {
			w := strings.Fields(Normalize(k))
			if len(w) < 3 || len(w) > 6 {
				continue
			}
			var b strings.Builder
			ok := true
			for _, s := range w {
				ok = ok && hasVowel(s) && !isNumber(s)
				b.WriteByte(s[0])
			}
			in := b.String()
			if !ok || clash[in] || teencode[in] != "" {
				continue
			}
			if old, seen := out[in]; seen && strings.Join(old, " ") != strings.Join(w, " ") {
				delete(out, in)
				clash[in] = true
				continue
			}
			out[in] = w
		}
	}
	return out
}

// hasVowel reports whether a normalised token holds a vowel letter.
func hasVowel(s string) bool { return strings.ContainsAny(s, "aeiouy") }

// expandInitials appends toks to dst with every token that spells the
// initials of a keyword replaced by the keyword's syllables.
func expandInitials(dst, toks []string, initials map[string][]string) []string {
	for _, t := range toks {
		if w, ok := initials[t]; ok && !hasVowel(t) {
			dst = append(dst, w...)
			continue
		}
		dst = append(dst, t)
	}
	return dst
}
