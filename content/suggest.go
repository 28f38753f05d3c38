package content

// maxSuggest is how many likely entries a member is offered when nothing
// answers her in-scope message: three buttons still fit a phone's screen
// above "Không phải, xem chủ đề khác".
const maxSuggest = 3

// suggest returns up to maxSuggest entries to offer as "Có phải chị muốn
// hỏi…" when the message, in scope, gets no entry and no clarifying choice:
// a story or a question relayed for someone else often ranks the right
// entry first without the confidence to answer it, and a tap on a likely
// entry serves her sooner than the staff's reply.
//
// s.scores are the ranking of the whole message, best its best document and
// conf that one's confidence. An entry is offered when its own confidence
// (conf scaled by its score against the best's) reaches params.suggestMin
// and its score is at least params.suggestRatio of the best's. Two checks
// keep them from questions that only share the Union's words
// (TestMatcherCalibration): the entry classifier must give off-topic chat
// less than params.suggestOffTopic (suggestOffTopicLong for a story, which
// the classifier leans off-topic on), and one of the offered entries must
// hold at least coverMin (coverMinLong for a story) of her words, as an
// answer would. It returns nil when best is not an entry.
func (m *matcher) suggest(s *scratch, asked uint64, best int, conf float32) []*Entry {
	if m.p.suggestMin <= 0 || best < 0 || best >= m.real || s.scores[best] <= 0 || conf < m.p.suggestMin {
		return nil
	}
	long := words(s.toks) >= m.p.longWords
	if m.clf != nil {
		offMax := m.p.suggestOffTopic
		if long {
			offMax = m.p.suggestOffTopicLong
		}
		if float32(m.clf.predict(entryFeatures(s.toks))[0]) >= offMax {
			return nil
		}
	}
	top := s.scores[best]
	var pick [maxSuggest]int
	n := 0
	for i, x := range s.scores[:m.real] {
		if x <= 0 || x < m.p.suggestRatio*top || conf*x/top < m.p.suggestMin || !m.entities.agrees(i, asked) {
			continue
		}
		// Insert i into pick, kept best first; ties keep entry order.
		j := min(n, maxSuggest-1)
		if n == maxSuggest && x <= s.scores[pick[j]] {
			continue
		}
		for j > 0 && x > s.scores[pick[j-1]] {
			pick[j] = pick[j-1]
			j--
		}
		pick[j] = i
		n = min(n+1, maxSuggest)
	}
	coverMin := m.p.coverMin
	if long {
		coverMin = m.p.coverMinLong
	}
	held := false
	for _, i := range pick[:n] {
		held = held || m.coverage(s, i) >= coverMin
	}
	if !held {
		return nil
	}
	out := make([]*Entry, n)
	for k, i := range pick[:n] {
		out[k] = m.entries[i]
	}
	return out
}
