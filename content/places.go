package content

import (
	"slices"
	"strings"
)

// placesFile lists the place names that are neutral in matching.
const placesFile = "places.yaml"

// placeNames finds the place names of places.yaml in a message's
// syllables so that the matcher can leave them out: "nhà em ở Đồng Xoài"
// asks what "nhà em" asks, and a name no entry uses is only a rare word
// that dilutes the confidence of the entry she asks for. A name the
// knowledge base uses in an entry's questions or keywords ("Đồng Nai",
// "Bình Phước") is not neutral: it tells that entry apart.
type placeNames struct {
	names [][]string            // normalised, longest first
	first map[string][][]string // first syllable → the names starting with it, longest first
	list  []string              // the neutral names as written, for the classifier's key
}

// newPlaceNames returns the neutral names among names: each normalised with
// and without the regional pass (the matcher reads a message with it, its
// training material without), minus those that an entry's questions or
// keywords use. It returns nil when none is left.
func newPlaceNames(names []string, entries []*Entry) *placeNames {
	used := map[string]bool{}
	for _, e := range entries {
		for _, q := range append(slices.Clone(e.Questions), e.Keywords...) {
			used[" "+normalizePlain(q)+" "] = true
		}
	}
	usedByKB := func(w []string) bool {
		name := " " + strings.Join(w, " ") + " "
		for q := range used {
			if strings.Contains(q, name) {
				return true
			}
		}
		return false
	}
	p := &placeNames{first: map[string][][]string{}}
	seen := map[string]bool{}
	for _, n := range names {
		neutral := false
		for _, norm := range []string{normalizePlain(n), Normalize(n)} {
			w := strings.Fields(norm)
			if len(w) == 0 || seen[norm] || usedByKB(w) {
				continue
			}
			seen[norm] = true
			neutral = true
			p.names = append(p.names, w)
		}
		if neutral {
			p.list = append(p.list, n)
		}
	}
	if len(p.names) == 0 {
		return nil
	}
	slices.SortStableFunc(p.names, func(a, b []string) int { return len(b) - len(a) })
	for _, w := range p.names {
		p.first[w[0]] = append(p.first[w[0]], w)
	}
	return p
}

// at returns the number of syllables of the longest neutral name that
// starts at toks[i], 0 when none does.
func (p *placeNames) at(toks []string, i int) int {
	if p == nil {
		return 0
	}
	for _, w := range p.first[toks[i]] {
		if i+len(w) <= len(toks) && slices.Equal(toks[i:i+len(w)], w) {
			return len(w)
		}
	}
	return 0
}

// strip removes the neutral names from toks, and the same positions from
// fixed when it is not nil (the two are parallel), in place.
func (p *placeNames) strip(toks []string, fixed []bool) ([]string, []bool) {
	if p == nil {
		return toks, fixed
	}
	out := 0
	for i := 0; i < len(toks); {
		if n := p.at(toks, i); n > 0 {
			i += n
			continue
		}
		toks[out] = toks[i]
		if fixed != nil {
			fixed[out] = fixed[i]
		}
		out++
		i++
	}
	if fixed != nil {
		fixed = fixed[:out]
	}
	return toks[:out], fixed
}

// placeWeight is the weight that the neutral names of toks would add to
// the message's total in rank: each syllable its query weight, the rarest
// for one the knowledge base does not use.
func (m *matcher) placeWeight(toks []string) float32 {
	if m.places == nil {
		return 0
	}
	var w float32
	for i := 0; i < len(toks); {
		n := m.places.at(toks, i)
		if n == 0 {
			i++
			continue
		}
		for _, t := range toks[i : i+n] {
			if fi, ok := m.features[t]; ok {
				w += m.feats[fi].qw
			} else {
				w += m.oovW
			}
		}
		i += n
	}
	return w
}

// syllables returns the syllables of the neutral names, so that the typo
// correction leaves them as typed ("Xoài" is no typo of another word).
func (p *placeNames) syllables() []string {
	if p == nil {
		return nil
	}
	var out []string
	for _, w := range p.names {
		out = append(out, w...)
	}
	slices.Sort(out)
	return slices.Compact(out)
}
