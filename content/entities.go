package content

import (
	"slices"
	"strings"
)

// gazetteer finds the named things of entities.yaml in a message and knows
// which entries name each, so that a message about one named thing is never
// answered with an entry about another ("tổng đài VNeID" is not the child-
// protection hotline 111). Entities are bits of a uint64: the loader refuses
// more than 64.
type gazetteer struct {
	names   []gazName // longest first, so "quỹ TYM" wins over "TYM"
	entries []uint64  // per entry: the entities its questions, keywords or answer name
}

type gazName struct {
	words []string
	bit   uint64
}

func newGazetteer(entities []*Entity, entries []*Entry) *gazetteer {
	g := &gazetteer{}
	for i, e := range entities {
		if i >= 64 {
			break
		}
		for _, n := range e.Names {
			if w := strings.Fields(Normalize(n)); len(w) > 0 {
				g.names = append(g.names, gazName{words: w, bit: 1 << i})
			}
		}
	}
	slices.SortStableFunc(g.names, func(a, b gazName) int { return len(b.words) - len(a.words) })
	g.entries = make([]uint64, len(entries))
	for i, e := range entries {
		text := strings.Join(append(append(slices.Clone(e.Questions), e.Keywords...), e.Answer), " | ")
		g.entries[i] = g.find(strings.Fields(Normalize(text)))
	}
	return g
}

// find returns the entities named in toks.
func (g *gazetteer) find(toks []string) uint64 {
	if g == nil {
		return 0
	}
	var mask uint64
	for _, n := range g.names {
		if mask&n.bit != 0 {
			continue
		}
		for i := 0; i+len(n.words) <= len(toks); i++ {
			if toks[i] == n.words[0] && slices.Equal(toks[i:i+len(n.words)], n.words) {
				mask |= n.bit
				break
			}
		}
	}
	return mask
}

// agrees reports whether entry i may answer a message naming the entities
// in asked: a message that names nothing agrees with every entry; one that
// names something agrees only with entries naming at least one of them.
func (g *gazetteer) agrees(i int, asked uint64) bool {
	if asked == 0 || g == nil {
		return true
	}
	return i < len(g.entries) && g.entries[i]&asked != 0
}
