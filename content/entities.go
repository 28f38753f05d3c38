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
	// own holds, per entry whose every question names a programme, fund,
	// document or hotline, the ones its questions name: such an entry is
	// about them, whatever its answer mentions in passing, and gives way
	// to a message that names another (agrees).
	own []uint64
	// subjects holds the bits of the entities that belong to a group
	// (Entity.Group); groups, one mask per group.
	subjects uint64
	groups   []uint64
	// topics holds the bits of the words of a Union topic (Entity.Topic):
	// they keep a message off the off-topic documents but restrict no
	// entry.
	topics uint64
}

type gazName struct {
	words []string
	bit   uint64
	short bool // counts only where it stands as a name (standsAsName)
}

func newGazetteer(entities []*Entity, entries []*Entry) *gazetteer {
	g := &gazetteer{}
	groupAt := map[string]int{}
	for i, e := range entities {
		if i >= 64 {
			break
		}
		if e.Topic {
			g.topics |= 1 << i
		}
		if e.Group != "" {
			k, ok := groupAt[e.Group]
			if !ok {
				k = len(g.groups)
				groupAt[e.Group] = k
				g.groups = append(g.groups, 0)
			}
			g.groups[k] |= 1 << i
			g.subjects |= 1 << i
		}
		for _, n := range e.Names {
			if w := strings.Fields(Normalize(n)); len(w) > 0 {
				g.names = append(g.names, gazName{words: w, bit: 1 << i})
			}
		}
		for _, n := range e.Short {
			if w := strings.Fields(Normalize(n)); len(w) > 0 {
				g.names = append(g.names, gazName{words: w, bit: 1 << i, short: true})
			}
		}
	}
	slices.SortStableFunc(g.names, func(a, b gazName) int { return len(b.words) - len(a.words) })
	g.entries = make([]uint64, len(entries))
	g.own = make([]uint64, len(entries))
	for i, e := range entries {
		text := strings.Join(append(append(slices.Clone(e.Questions), e.Keywords...), e.Answer), " | ")
		g.entries[i] = g.find(strings.Fields(Normalize(text)))
		var own uint64
		for _, q := range e.Questions {
			n := g.find(strings.Fields(Normalize(q))) &^ g.subjects &^ g.topics
			if n == 0 {
				own = 0
				break
			}
			own |= n
		}
		g.own[i] = own
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
			if g.namedAt(n, toks, i) {
				mask |= n.bit
				break
			}
		}
	}
	return mask
}

// namedAt reports whether name n stands in toks at i.
func (g *gazetteer) namedAt(n gazName, toks []string, i int) bool {
	end := i + len(n.words)
	return toks[i] == n.words[0] && slices.Equal(toks[i:end], n.words) && !questionTail(n.words, toks[end:]) &&
		!addressNumber(n.words, toks[:i], toks[end:]) && (!n.short || standsAsName(toks[:i], toks[end:]))
}

// standsAsName reports whether a short name between before and rest
// stands as a name: at the start of a sentence or after a word that
// introduces one ("mô hình 5 có", "tiêu chí 5 có", "trong 5 có"), and not
// before a word that makes it a count and a verb ("nhà 5 người, 5 có được
// không", "5 có phải").
func standsAsName(before, rest []string) bool {
	if len(rest) > 0 && notNameNext[rest[0]] {
		return false
	}
	return len(before) == 0 || before[len(before)-1] == breakToken || nameIntro[before[len(before)-1]]
}

var (
	nameIntro = map[string]bool{"hinh": true, "dinh": true, "chi": true, "trong": true, "cai": true,
		"ve": true, "trinh": true, "trao": true, "dong": true, "la": true, "va": true, "voi": true,
		"hay": true, "theo": true, "cua": true, "dat": true, "nhan": true, "ky": true}
	notNameNext = map[string]bool{"duoc": true, "phai": true, "the": true, "nguoi": true, "dua": true,
		"trieu": true, "ngan": true, "tuoi": true, "nam": true, "thang": true, "ngay": true, "lan": true,
		"khong": true, "chua": true}
)

// marks returns, for each of toks, whether it is part of a name the
// message names (as find reads them): a figure inside a name ("111", "đề
// án 939", "mức 2") names a thing, it is not a figure she checks.
func (g *gazetteer) marks(toks []string) []bool {
	m := make([]bool, len(toks))
	if g == nil {
		return m
	}
	for _, n := range g.names {
		for i := 0; i+len(n.words) <= len(toks); i++ {
			if g.namedAt(n, toks, i) {
				for k := i; k < i+len(n.words); k++ {
					m[k] = true
				}
			}
		}
	}
	return m
}

// questionTail reports whether a name's last syllable and the syllable
// after it (rest[0]) are a question word: without marks "mưa bão" is
// "mua bao", and "mua bao nhiêu" asks a price.
func questionTail(name, rest []string) bool {
	return len(rest) > 0 && name[len(name)-1] == "bao" && (rest[0] == "nhieu" || rest[0] == "lau" || rest[0] == "gio")
}

// addressNumber reports whether a name made of digits (a hotline: 111,
// 113, 115 …) stands in the message as a house number or a bus route
// instead: "quán cơm số 113 đường Phan Trung", "xe buýt số 111". Such a
// message names no hotline, so it neither restricts the entries nor
// makes the message the Union's business (InScope).
func addressNumber(name, before, rest []string) bool {
	if len(name) != 1 || !isNumber(name[0]) {
		return false
	}
	if len(rest) > 0 && streetWords[rest[0]] && !(len(rest) > 1 && rest[0] == "duong" && rest[1] == "day") {
		return true // "đường dây nóng" is the hotline itself
	}
	if len(before) > 0 && before[len(before)-1] == "so" {
		before = before[:len(before)-1]
	}
	return len(before) > 0 && routeWords[before[len(before)-1]]
}

// streetWords follow a house number ("số 113 đường …", "115 hẻm …");
// routeWords come before a route's number ("xe buýt số 111", "tuyến 115").
var (
	streetWords = map[string]bool{"duong": true, "pho": true, "hem": true, "ngo": true, "kiet": true, "ql": true}
	routeWords  = map[string]bool{"buyt": true, "bus": true, "tuyen": true}
)

// agrees reports whether entry i may answer a message naming the entities
// in asked: a message that names nothing, or only a topic's words, agrees
// with every entry (an off-topic document agrees with neither); one that
// names a programme, fund, document or hotline agrees only with entries
// naming at least one of them — and, for an entry whose every question
// names one (own), in its questions: "5 có ai phát động" is not answered
// by the entry on who launched 5 không 3 sạch, even where its answer
// compares the two. A subject of a group (hộ cận nghèo) is
// softer: only an entry naming another subject of that group and not hers
// disagrees ("cận nghèo vay được tối đa bao nhiêu" is not answered by the
// poor household's ceiling), an entry naming none of the group agrees.
func (g *gazetteer) agrees(i int, asked uint64) bool {
	if asked == 0 || g == nil {
		return true
	}
	if i >= len(g.entries) {
		return asked&^g.subjects == 0
	}
	if asked &^= g.topics; asked == 0 {
		return true
	}
	e := g.entries[i]
	if named := asked &^ g.subjects; named != 0 && (e&named == 0 || g.own[i] != 0 && g.own[i]&named == 0) {
		return false
	}
	if asked&g.subjects == 0 {
		return true
	}
	for _, grp := range g.groups {
		if asked&grp != 0 && e&grp != 0 && e&asked&grp == 0 {
			return false
		}
	}
	return true
}

// named returns the entities of asked that are not subjects of a group:
// the programmes, funds, documents, hotlines and topic words that make a
// message the Union's business whatever else it says.
func (g *gazetteer) named(asked uint64) uint64 {
	if g == nil {
		return asked
	}
	return asked &^ g.subjects
}
