package content

import (
	"slices"
	"strings"
)

// Answer is what the knowledge base says to one message.
type Answer struct {
	// Emergency is set when the message matches an emergency trigger. It wins:
	// Entries and Related are then empty.
	Emergency *Emergency
	// Entries holds 0, 1 or 2 entries, best first. Empty means no confident
	// match: the caller falls back honestly and records Normalized.
	Entries []*Entry
	// Related holds at most 3 follow-up entries, none of them in Entries.
	Related []*Entry
	// Normalized is Normalize(text): the key under which staff see an
	// unanswered question.
	Normalized string
	// Score is the confidence of the best entry (also when it was not
	// confident enough to be returned): the share of the message's weight that
	// the entry matches, at least the calibrated minimum for an answer.
	Score float64
}

// questionWords are the syllables after which "vay" is the particle "vậy"
// ("la gi vay") and not the loan "vay".
var questionWords = map[string]bool{"gi": true, "sao": true, "nao": true, "the": true, "khong": true,
	"nhieu": true, "dau": true, "roi": true, "chua": true, "duoc": true, "ai": true, "la": true,
	"chi": true, "em": true, "a": true, "oi": true}

// connectors split a message into its questions, like "?" does: "và",
// "với lại", "còn nữa", "thêm nữa", "ngoài ra", "hỏi thêm".
var connectors = [][]string{{"va"}, {"voi"}, {"con", "nua"}, {"them", "nua"}, {"ngoai", "ra"}, {"hoi", "them"}}

// negations inside a trigger phrase cancel it ("chồng không đánh").
var negations = map[string]bool{"khong": true, "chua": true, "chang": true}

// maxTriggerGap is how many other syllables may stand between two words of an
// emergency trigger. CONTENT_FORMAT.md promises a phrase of whole words, and
// emergency.yaml relies on it (short triggers such as "đánh em" would catch
// "đánh giá cho em" with gaps), so it is 0; only sentence punctuation may
// stand inside a phrase ("ck, đánh e").
const maxTriggerGap = 0

// Ask finds the answer to a member's message: an emergency first, then up to
// two entries (two when the message holds two questions about different
// entries) and up to three related entries. It never fails; a message that
// matches nothing well gives an Answer with no entries.
func (kb *KB) Ask(text string) Answer {
	m := kb.m
	s := m.pool.Get().(*scratch)
	defer m.pool.Put(s)

	s.text = s.norm.appendNormalized(s.text[:0], text, true)
	s.toks, s.fixed = s.toks[:0], s.fixed[:0]
	for _, t := range strings.Fields(bytesString(s.text)) {
		c := t
		if t != breakToken {
			c = m.correct(t, s.key)
		}
		s.toks = append(s.toks, c)
		s.fixed = append(s.fixed, c != t)
	}
	ans := Answer{Normalized: normalizedText(s.text)}
	if e := m.emergency(s.toks); e != nil {
		ans.Emergency = e
		return ans
	}

	best, score, conf := m.rank(s, s.toks, s.fixed, s.scores)
	ans.Score = float64(conf)
	confident := best >= 0 && conf >= m.p.minConfidence && score >= m.p.minScore
	first, second := -1, -1
	if confident {
		first = best
	}

	// A message of several parts may ask two things. Each part is ranked on
	// its own; the whole message's best entry stays first when a part
	// confirms it, and a part whose own confident best is another entry adds
	// that entry. When the parts clearly ask two other things than the
	// diluted whole, the parts win.
	if parts := splitParts(s.toks, s.parts[:0]); len(parts) > 1 && best >= 0 {
		var buf [4]int
		others := buf[:0] // confident bests of parts, other than best, in order
		weak := -1        // the first of others on whose part best scores poorly
		owned := false    // a part's confident best is the whole's best
		for _, p := range parts {
			b, sc, cf := m.rank(s, s.toks[p[0]:p[1]], s.fixed[p[0]:p[1]], s.segScores)
			switch {
			case b < 0 || cf < m.p.partMinConfidence || sc < m.p.partMinScore:
			case b == best:
				owned = true
			case len(others) < cap(others) && !slices.Contains(others, b):
				others = append(others, b)
				if weak < 0 && s.segScores[best] < m.p.secondRatio*sc {
					weak = b
				}
			}
		}
		switch {
		case owned && len(others) > 0:
			first, second = best, others[0]
		case len(others) >= 2:
			first, second = others[0], others[1]
		case first >= 0 && weak >= 0:
			second = weak
		case first < 0 && owned:
			// A long, rambling message dilutes the whole; one of its
			// sentences asks clearly for the whole's best entry.
			first = best
		case first < 0 && len(others) == 1:
			first = others[0]
		}
	}
	if first < 0 {
		return ans
	}
	ans.Entries = append(make([]*Entry, 0, 2), m.entries[first])
	if second >= 0 {
		ans.Entries = append(ans.Entries, m.entries[second])
	}
	ans.Related = m.relatedTo(first, second)
	return ans
}

// normalizedText is the matcher's text without its break marks, which is
// exactly Normalize of the message.
func normalizedText(b []byte) string {
	var sb strings.Builder
	sb.Grow(len(b))
	for _, t := range strings.Fields(bytesString(b)) {
		if t == breakToken {
			continue
		}
		if sb.Len() > 0 {
			sb.WriteByte(' ')
		}
		sb.WriteString(t)
	}
	return sb.String()
}

// rank scores every entry against the syllables toks into scores and returns
// the best entry (-1 if none scores), its BM25 score and its confidence: the
// score divided by the total weight of the message's features, where a
// syllable the KB never uses weighs as much as the rarest one. A syllable
// that was a typo (fixed) still matches its correction but weighs as unknown
// in the total, so that an out-of-scope word near a KB word ("vàng" →
// "van") does not make the message look answerable.
func (m *matcher) rank(s *scratch, toks []string, fixed []bool, scores []float32) (best int, score, conf float32) {
	clear(scores)
	s.feats = s.feats[:0]
	var total float32
	prev := ""
	prevW := float32(0)
	for i, t := range toks {
		if t == breakToken {
			prev = ""
			continue
		}
		if t == "vay" && i > 0 && questionWords[toks[i-1]] {
			continue // the particle "vậy"
		}
		w := m.oovW
		if fi, ok := m.features[t]; ok {
			w = m.feats[fi].qw
			if fillerWords[t] {
				w = min(w, m.fillerW)
			}
			if fixed[i] {
				total += s.addFeature(fi, m.oovW)
			} else {
				total += s.addFeature(fi, w)
			}
		} else {
			if fillerWords[t] {
				w = m.fillerW
			}
			total += w
		}
		if prev != "" {
			s.key = append(append(append(s.key[:0], prev...), ' '), t...)
			if fi, ok := m.features[string(s.key)]; ok {
				total += s.addFeature(fi, m.feats[fi].qw)
			} else {
				total += m.p.oovPairFactor * float32(m.p.bigramWeight) * min(w, prevW)
			}
		}
		prev, prevW = t, w
	}
	for _, fi := range s.feats {
		for _, p := range m.feats[fi].postings {
			scores[p.doc] += p.w
		}
	}
	best = -1
	for i, x := range scores {
		if x > 0 && (best < 0 || x > scores[best]) {
			best = i
		}
	}
	if best < 0 || total == 0 {
		return -1, 0, 0
	}
	return best, scores[best], scores[best] / total
}

// addFeature adds a feature of the message once and returns the weight it
// adds to the message's total (0 when it was already there).
func (s *scratch) addFeature(fi int32, w float32) float32 {
	for _, x := range s.feats {
		if x == fi {
			return 0
		}
	}
	s.feats = append(s.feats, fi)
	return w
}

// splitParts cuts the message at breaks and connectors into the parts that
// may be separate questions, as [start, end) ranges of toks appended to
// parts. It returns nil for a message of one part.
func splitParts(toks []string, parts [][2]int) [][2]int {
	start := 0
	cut := func(end, next int) {
		if end > start {
			parts = append(parts, [2]int{start, end})
		}
		start = next
	}
	// "A với B khác nhau chỗ nào": in a comparison "và"/"với" join the two
	// things compared, they do not separate two questions.
	comparison := slices.ContainsFunc(toks, func(t string) bool { return t == "khac" || t == "giong" })
	for i := 0; i < len(toks); i++ {
		if toks[i] == breakToken {
			cut(i, i+1)
			continue
		}
		if comparison && (toks[i] == "va" || toks[i] == "voi") {
			continue
		}
		for _, c := range connectors {
			if i+len(c) <= len(toks) && equalWords(toks[i:i+len(c)], c) {
				cut(i, i+len(c))
				i += len(c) - 1
				break
			}
		}
	}
	cut(len(toks), len(toks))
	if len(parts) < 2 {
		return nil
	}
	return parts
}

func equalWords(a, b []string) bool {
	for i := range b {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// emergency returns the first emergency with a trigger in toks: its words in
// order, at most maxTriggerGap other syllables between two of them (sentence
// breaks do not count) and no negation in between.
func (m *matcher) emergency(toks []string) *Emergency {
	for _, r := range m.emerg {
		for i, t := range toks {
			if t == r.words[0] && followsTrigger(toks[i+1:], r.words[1:]) {
				return r.e
			}
		}
	}
	return nil
}

func followsTrigger(toks, words []string) bool {
	gap := 0
	for _, t := range toks {
		if len(words) == 0 {
			return true
		}
		switch {
		case t == words[0]:
			words = words[1:]
			gap = 0
		case t == breakToken:
		case negations[t]:
			return false
		default:
			gap++
			if gap > maxTriggerGap {
				return false
			}
		}
	}
	return len(words) == 0
}

// relatedTo returns up to 3 entries to offer after first (and second).
func (m *matcher) relatedTo(first, second int) []*Entry {
	out := make([]*Entry, 0, maxRelated)
	add := func(from int) {
		if from < 0 {
			return
		}
		for _, j := range m.related[from] {
			if len(out) == maxRelated {
				return
			}
			if int(j) == first || int(j) == second {
				continue
			}
			e := m.entries[j]
			dup := false
			for _, o := range out {
				dup = dup || o == e
			}
			if !dup {
				out = append(out, e)
			}
		}
	}
	add(first)
	add(second)
	return out
}
