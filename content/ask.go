package content

import (
	"slices"
	"strings"
)

// Answer is what the knowledge base says to one message.
type Answer struct {
	// Emergency is set when the message tells of harm to a person (a trigger
	// phrase, or the safety classifier is sure). It wins: Entries, Clarify
	// and Related are then empty.
	Emergency *Emergency
	// Caution is set when the safety classifier is unsure: the message is
	// answered as usual, with Caution.Caution (one line of the fitting
	// hotlines) shown first.
	Caution *Emergency
	// Harm is set when neither Emergency nor Caution is but her words
	// still tell of harm to a person (a blow, a child, fire, a medical
	// sign …): if nothing answers the message, the caller shows
	// Harm.Caution gently instead of "no answer". An answered message
	// ignores it.
	Harm *Emergency
	// Entries holds 0, 1 or 2 entries, best first. Empty means no confident
	// match: the caller asks back (Clarify), answers small talk, or falls
	// back honestly and records Normalized.
	Entries []*Entry
	// Clarify holds 2 or 3 entries when they are too close to choose from:
	// the caller asks which one she means instead of guessing.
	Clarify []*Entry
	// Related holds at most 3 follow-up entries, none of them in Entries.
	Related []*Entry
	// Suggest holds up to 3 entries, best first, that an in-scope message
	// nothing answers most likely asks for (its best-ranked entries above
	// a calibrated floor): the caller offers them as "Có phải chị muốn
	// hỏi…" with the fallback. Set only when Entries and Clarify are empty
	// and the message is no emergency, small talk or off-topic chat.
	Suggest []*Entry
	// SmallTalk is "greeting", "thanks", "goodbye", "wish" (chúc Loa …),
	// "play" (sing, tell a joke, has she a lover), "bot" (a question about
	// Loa herself), "complaint" (about her answers) or "insult" when the
	// message is only that; "" otherwise. Small talk never carries a
	// hotline line and is never in scope.
	SmallTalk string
	// InScope reports, for a message with no entry, whether it still looks
	// like a question about the Union's work (it names a programme, or
	// matches the knowledge base weakly): only those are worth a follow-up
	// by staff.
	InScope bool
	// Local is set when the message asks a fact only its commune or this
	// round holds (a date, a person, a phone number, a list or result, a
	// count, tied to a place or to "this month/year"; specific.go): the
	// caller adds an honest line to the general answer and hands the
	// question on. It never changes the entries.
	Local LocalSpecific
	// Normalized is Normalize(text): the key under which staff see an
	// unanswered question.
	Normalized string
	// Score is the confidence of the best entry (also when it was not
	// confident enough to be returned): the share of the message's weight that
	// the entry matches, at least the calibrated minimum for an answer.
	Score float64
	// Safety is the classifier's verdict, for logs and measurement.
	Safety SafetyVerdict
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

// Ask finds the answer to a member's message: an emergency first (trigger
// phrases, then the safety classifier), small talk, then up to two entries
// (two when the message holds two questions about different entries) or a
// clarifying choice between close entries, and up to three related entries.
// It never fails; a message that matches nothing well gives an Answer with no
// entries.
func (kb *KB) Ask(text string) Answer {
	ans := kb.ask(text)
	if len(ans.Entries) > 0 || len(ans.Clarify) > 0 {
		// At most one short line above an ordinary answer.
		ans.Caution = ans.Caution.oneLine()
	}
	return ans
}

// ask is Ask before the line above an answer is cut to one.
func (kb *KB) ask(text string) Answer {
	m := kb.m
	s := m.pool.Get().(*scratch)
	defer m.pool.Put(s)

	// Words typed as raw Telex or VNI keys are read as the syllables she
	// meant, with their marks, for every reader below: the safety layer
	// reads the marks ("cháy" is not "chạy"), the regional pass too.
	text = decodeKeys(text)
	s.text = s.norm.appendNormalized(s.text[:0], text, true)
	s.toks, s.fixed = m.syllables(s, s.text, s.toks[:0], s.fixed[:0])
	// The safety layer reads the message without the regional pass
	// (normalizePlain), as it was trained and checked.
	// It reads the story without the call that opens it ("cháu ơi",
	// "con ơi": Loa, not a child in the story; vocative.go).
	safe, safeText := s.toks, withoutVocative(text)
	if s.norm.changed || safeText != text {
		s.plainText = s.plain.appendNormalized(s.plainText[:0], safeText, true)
		s.safeToks, _ = m.syllables(s, s.plainText, s.safeToks[:0], nil)
		safe = s.safeToks
	}
	ans := Answer{Normalized: normalizedText(s.text)}
	trigger, plea := m.emergency(safe)
	call := kb.judgeSafety(kb.safety, safeText, safe, trigger, plea)
	ans.Safety = call.verdict
	// Only what the classifier itself worries about (a script or its
	// line): faint words of harm in a question ("chồng mất rồi" in a
	// question about a house) keep their usual course.
	if kb.loss != nil && (call.emergency != nil || call.caution != nil && !call.quiet) {
		if typed := typedToks(text); toldAsLoss(typed) {
			// A loss told as grief is no harm to call for now: where the
			// script would have come, and she asks nothing, she gets a
			// warm word (KB.loss); otherwise her message is answered
			// without a "call now" line, and the warm word stands in for
			// "no answer" (Answer.Harm).
			if call.emergency != nil && !asksAnything(typed) {
				ans.Emergency = kb.loss
				return ans
			}
			call.emergency, call.caution, call.harm = nil, nil, kb.loss
		}
	}
	if call.emergency != nil {
		ans.Emergency = call.emergency
		return ans
	}
	ans.Caution, ans.Harm = call.caution, call.harm
	// Small talk is read on the syllables as typed: typo correction would
	// turn "chao" into a knowledge-base word. A place she names is news
	// about herself ("chào chị, em ở Sóc Trăng").
	typed := strings.Fields(bytesString(s.text))
	if k, self := smallTalkOfClauses(m.places.markPlaces(typed)); k != "" && !(self && call.verdict.P >= m.p.safetyQuiet) {
		// Small talk is answered as small talk, never with a hotline line
		// ("ok e hiểu rồi, thanks nha" is not a fire): the line is not
		// shown, and the Answer says so. A clause about herself is read
		// from harmless words only (readClauses); where the classifier
		// still reads harm in it above its quiet level, it is no small
		// talk and keeps the line.
		ans.SmallTalk = k
		ans.Caution, ans.Harm = nil, nil
		return ans
	}
	// Only fear or a plea, nothing else ("c ơi e sợ quá", "giúp e với"):
	// the line the safety classifier chose, or else that of harm done by a
	// person, and the caller asks her to tell more; a staff member may
	// follow it up (InScope).
	if e := kb.emergencyByKind[distressKind]; e != nil && distressOnly(strings.Fields(bytesString(s.text))) {
		if ans.Caution == nil {
			ans.Harm = e
		}
		ans.InScope = true
		return ans
	}

	// A question after a greeting or thanks ("chào chị, em muốn hỏi …",
	// "dạ cảm ơn c, cho e hỏi thêm …") is matched without the opening,
	// as the same question alone would be: the opening's syllables only
	// weigh down the confidence of the entry she asks for.
	if n := openingLength(typed); n > 0 {
		k := m.syllableCount(typed[:n])
		s.toks, s.fixed = s.toks[k:], s.fixed[k:]
	}
	// A relayed question is matched without its frame ("chị hàng xóm nhờ
	// em hỏi"): the people it names are not what she asks.
	if m.p.relayStrip > 0 {
		if a, b := relayFrame(s.toks); b > 0 {
			s.toks = append(s.toks[:a], s.toks[b:]...)
			s.fixed = append(s.fixed[:a], s.fixed[b:]...)
		}
	}
	// A letter's formulas ("Kính gửi Ban Chấp hành Hội …", "Xin chân
	// thành cảm ơn") are not what she asks either (letter.go), and a name
	// she half-remembers is read as the programme it sounds like
	// (nearname.go).
	if m.p.letterStrip > 0 {
		s.toks, s.fixed = letterFrame(s.toks, s.fixed)
	}
	if m.p.nearNames > 0 {
		s.toks, s.fixed = m.entities.nearNames(s.toks, s.fixed)
	}
	// A place name no entry asks about is not what she asks ("nhà em ở
	// Đồng Xoài …"): the matcher reads the message without it, as it
	// read its training material (places.go). Whether an unanswered
	// message is the Union's business is still judged with the names
	// weighed in (placeW): "đi Đà Lạt chơi mùa nào đẹp" stays a trip.
	placeW := m.placeWeight(s.toks)
	ans.Local = localSpecificOf(s.toks, m.places)
	s.toks, s.fixed = m.places.strip(s.toks, s.fixed)
	// A rumour or a figure she checks ("nghe nói … 200 triệu, đúng
	// không") is matched without the frame of hearsay, and her figures
	// weigh as little as function words (premise.go).
	checked := false
	if m.p.checkStrip > 0 {
		s.toks, s.fixed, checked = checkFrame(s.toks, s.fixed)
	}
	asked := m.entities.find(s.toks)
	var names []bool
	if m.p.figureWeight > 0 {
		names = m.entities.marks(s.toks)
		s.toks, s.fixed, names = splitThousands(s.toks, s.fixed, names)
	}
	s.words = appendWords(s.words[:0], s.text)
	s.loan = loanAsked(s.words)
	s.consumer = consumerCreditAsked(s.words)
	var roled bool // clause roles weighed in (weighRoles)
	if m.p.clauseRoles > 0 {
		s.mul, roled = weighRoles(s.toks, s.mul[:0], &m.p)
	} else {
		s.mul = weighSentences(s.toks, s.mul[:0], &m.p)
	}
	// A question of eligibility ("mẹ chồng em 62 tuổi còn vay được
	// không"): the age she tells is its condition, not its topic
	// (eligible.go).
	elig := m.p.eligibility > 0 && asksEligibility(s.toks)
	if elig {
		weighAges(s.toks, s.mul, m.p.eligibleAgeWeight)
	}
	if m.p.figureWeight > 0 && (checked || m.p.figureYesNo > 0 && checksYesNo(s.toks)) {
		figureWeights(s.toks, names, s.mul, m.p.figureWeight)
	}
	best, runnerUp, score, conf := m.rank(s, s.toks, s.fixed, s.mul, asked, s.scores)
	inScopeConf := conf
	if placeW > 0 && conf > 0 {
		inScopeConf = score / (score/conf + placeW)
	}
	// A weak match is worth a follow-up only for what the Union could
	// answer: consumer credit shares the loan entries' words, not their
	// business (loanask.go).
	ans.InScope = m.entities.named(asked) != 0 || s.loan || !s.consumer && best >= 0 && best < m.real && inScopeConf >= m.p.inScopeConfidence
	ratio := m.clarifyRatio()
	if m.clf != nil && best >= 0 {
		best, runnerUp, conf = m.blend(s, score/conf, asked, s.scores)
		score = m.p.minScore // the blend's confidence stands for both checks
		if words(s.toks) >= m.p.longWords {
			// A story of several sentences touches more entries in
			// passing than a short question, and its best entry is wrong
			// twice as often (TestMatcherCalibration's long figures): ask
			// back sooner.
			ratio = m.p.clarifyRatioLong
		}
	}
	if best >= m.real {
		// Closer to what lies outside the Union's work than to any entry.
		ans.InScope = m.entities.named(asked) != 0 || s.loan
		return ans
	}
	ans.Score = float64(conf)
	minConf := m.p.minConfidence
	if m.p.minConfidenceLong > 0 && (words(s.toks) >= m.p.longWords || m.p.clauseLong > 0 && roled) {
		minConf = m.p.minConfidenceLong
	}
	confident := best >= 0 && conf >= minConf && score >= m.p.minScore
	first, second := -1, -1
	if confident {
		first = best
	}

	// A message of several parts may ask two things. Each part is ranked on
	// its own; the whole message's best entry stays first when a part
	// confirms it, and a part whose own confident best is another entry adds
	// that entry. When the parts clearly ask two other things than the
	// diluted whole, the parts win.
	parted := false
	// offer is the best entry of another part that asks, not answered: a
	// message whose parts ask two things (two questions, not a question and
	// its story) gets it as the first related button (params.twoOffer).
	offer := -1
	if parts := splitParts(s.toks, s.parts[:0]); len(parts) > 1 && best >= 0 {
		var buf [4]int
		others := buf[:0] // confident bests of parts, other than best, in order
		weak := -1        // the first of others on whose part best scores poorly
		owned := false    // a part's confident best is the whole's best
		asking := 0
		for _, p := range parts {
			b, _, sc, cf := m.rank(s, s.toks[p[0]:p[1]], s.fixed[p[0]:p[1]], nil, asked, s.segScores)
			if asksStrictly(s.toks[p[0]:p[1]]) {
				asking++
			}
			switch {
			case b < 0 || b >= m.real || cf < m.p.partMinConfidence || sc < m.p.partMinScore:
			case b == best:
				owned = true
			case len(others) < cap(others) && !slices.Contains(others, b):
				others = append(others, b)
				if weak < 0 && s.segScores[best] < m.p.secondRatio*sc {
					weak = b
				}
			}
		}
		parted = true
		switch {
		case owned && len(others) > 0:
			first, second = best, others[0]
		case len(others) >= 2 && m.agrees(s.scores, others[0], best) && m.agrees(s.scores, others[1], best):
			first, second = others[0], others[1]
		case first >= 0 && weak >= 0:
			second = weak
		case first < 0 && owned:
			// A long, rambling message dilutes the whole; one of its
			// sentences asks clearly for the whole's best entry.
			first = best
		case first < 0 && len(others) == 1 && m.agrees(s.scores, others[0], best):
			first = others[0]
		default:
			parted = false
		}
		if asking >= 2 && m.p.twoOffer > 0 {
			for _, o := range others {
				if o != first && o != second {
					offer = o
					break
				}
			}
		}
	}
	// A long run-on message that no part answers: the question may sit in
	// a dozen words among fifty of story. Look for the window of the message
	// that an entry answers best.
	if first < 0 && !parted && m.p.windowSize > 0 && len(s.toks) >= 2*m.p.windowSize {
		whole := append(s.whole[:0], s.scores...)
		s.whole = whole
		if b, r, c := m.bestWindow(s, asked); b >= 0 && b < m.real && c >= m.p.windowMinConfidence && m.agrees(whole, b, best) {
			best, runnerUp, conf, first = b, r, c, b
		} else {
			copy(s.scores, whole)
		}
	}
	// Two close entries, the runner-up holding clearly more of the words
	// that tell the two apart (the words only one of them uses): the
	// runner-up is what she asks ("… đóng bao nhiêu" between two
	// insurance entries, only one of which speaks of amounts).
	if first == best && second < 0 && !parted && m.p.swapGap > 0 && runnerUp >= 0 &&
		s.scores[runnerUp] >= m.p.swapRatio*s.scores[best] &&
		m.distinctCoverage(s, runnerUp, best)-m.distinctCoverage(s, best, runnerUp) >= m.p.swapGap {
		best, runnerUp = runnerUp, best
		first = best
	}
	// A question of eligibility whose best entry does not state who may
	// take part, the close runner-up does: the runner-up is what she asks
	// ("… 62 tuổi còn vay được không" between the amount of a loan and its
	// conditions).
	if elig && second < 0 && !parted && (first == best || first < 0) && best >= 0 {
		if e := m.eligibleNear(s.scores, best); e >= 0 {
			if first == best {
				first = e
			}
			best, runnerUp = e, best
		}
		// Her words and the kind of fact both point to the conditions of
		// one programme: that is the answer, though the story around her
		// question ("mẹ chồng em", "hay quá tuổi rồi") weighs its
		// confidence down.
		// (s.scores are the blended confidences when the classifier is on.)
		if first < 0 && m.clf != nil && m.facts[best].eligible && s.scores[best] >= m.p.eligibleMinConf {
			first = best
		}
	}
	// An entry that leaves much of what she asks unsaid (the words of the
	// asking sentences appear nowhere in its questions, answer or
	// examples) is a neighbour of the fact she needs, not the fact: "có
	// cấp giấy chứng nhận không" is not answered by what the course
	// teaches. Unless the match is very sure, she gets the honest
	// fallback (or a choice when two entries are close) instead.
	coverMin := m.p.coverMin
	if words(s.toks) >= m.p.longWords {
		// A story covers less of itself with any entry: its sentences
		// about the family are not in the entry, however well they are
		// weighed down.
		coverMin = m.p.coverMinLong
	}
	// A comparison the whole message matches poorly ("vay qua hội phụ nữ
	// với vay qua hội nông dân khác gì"): the words of the two sides pull
	// to two entries and neither holds the other's, so the whole is
	// neither confident nor covered. Each side is asked on its own
	// (compareSides): two sides answered by two entries get both, each
	// holding one side of what she compares; one side answered (the other
	// a gap of the knowledge base, or the same entry) gets its entry,
	// judged on the words of the message without the unanswered side.
	sided, skip := false, [2]int{}
	if m.p.compareSides > 0 && best >= 0 && (first < 0 || conf < m.p.coverConf && m.coverage(s, first) < coverMin) {
		if a, b, ok := compareSides(s.toks); ok {
			ea, eb := m.sideBest(s, a), m.sideBest(s, b)
			switch {
			case ea >= 0 && eb >= 0 && ea != eb:
				if s.scores[eb] > s.scores[ea] {
					ea, eb = eb, ea
				}
				first, second, sided = ea, eb, true
			case ea >= 0 || eb >= 0:
				first, second, sided = max(ea, eb), -1, true
				switch {
				case ea < 0:
					skip = a
				case eb < 0:
					skip = b
				}
			}
		}
	}
	// A comparison whose two best entries are too close to choose from
	// gets both (compareBoth): each holds one side of what she compares,
	// so together they must hold what she asks ("vay CEP với vay ngân
	// hàng chính sách cái nào lợi hơn": neither entry alone names both).
	both := m.p.compareBoth > 0 && !sided && first == best && best >= 0 && best < m.real && second < 0 && !parted &&
		runnerUp >= 0 && runnerUp < m.real && s.scores[runnerUp] >= ratio*s.scores[best] && comparesTwo(s.toks)
	if first >= 0 && coverMin > 0 && (conf < m.p.coverConf || sided) {
		cover := m.coverage(s, first)
		switch {
		case both && m.distinctCoverage(s, runnerUp, best) >= compareSideMin:
			cover = m.jointCoverage(s, best, runnerUp)
		case sided && second >= 0:
			cover = m.jointCoverage(s, first, second)
		case sided && skip[1] > skip[0]:
			cover = m.coverageWithout(s, first, skip)
		}
		if cover < coverMin {
			first, second, both = -1, -1, false
		}
	}
	// An entry that does not hold the kind of figure she asks for (a year,
	// an amount, a duration …), or says itself that Loa lacks it, is a
	// neighbour of a gap: the honest fallback serves her better.
	// A second entry, found by one part, must have the whole message's
	// support: a short trailing part ("có mất tiền không") matches an
	// entry of another topic fully.
	if second >= 0 && !sided && s.scores[second] < m.p.secondAgree*s.scores[first] {
		if m.p.twoOffer > 0 {
			offer = second
		}
		second = -1
	}
	kinds := askedKinds(s.toks)
	// The unit of a figure she checks says which kind of fact she checks,
	// but only to choose between two close entries: an entry that says
	// "không" without a figure may still hold the truth ("nhận mái ấm
	// rồi phải trả lại 20 triệu?").
	choiceKinds := kinds
	if checked && m.p.figureKind > 0 {
		choiceKinds |= figureKinds(s.toks)
	}
	if first >= 0 && conf < m.p.askKindConf && !m.answersAsked(s, first, second, kinds) {
		first, second = -1, -1
	}
	// Two entries too close to choose from, in a message that compares two
	// things: she asks about both, so both answer (compareBoth).
	if both && first == best && second < 0 {
		second = runnerUp
	}
	// Two entries too close to choose from: ask back rather than guess. A
	// wrong answer costs trust; a clarifying question costs a tap.
	if second < 0 && !parted && runnerUp >= 0 && best >= 0 && best < m.real &&
		(first == best || first < 0 && conf >= m.p.clarifyMinConfidence) &&
		s.scores[runnerUp] >= ratio*s.scores[best] && !m.coversMore(s, first, runnerUp) &&
		!(m.p.clarifyKind > 0 && first >= 0 && choiceKinds != 0 && m.facts[runnerUp].held&choiceKinds == 0) &&
		!(elig && first >= 0 && m.facts[first].eligible && !m.facts[runnerUp].eligible) {
		ans.Clarify = []*Entry{m.entries[best], m.entries[runnerUp]}
		return ans
	}
	if ans.Caution != nil && (first < 0 || call.habitual && conf < m.p.safetyQuietConf) {
		// A member who tells of harm the classifier is unsure of and asks
		// what to do ("ổng đánh tui hoài mà tui hông dám bỏ, tui phải làm
		// sao") needs what a person in that harm can do, not the caution
		// line over "no answer": the entry of the caution's Answers the
		// matcher ranks best for her words. Violence that keeps coming back,
		// asked about (safetyCall.habitual), takes it over a weak match too:
		// her other words ("tui", "con nhỏ") pull the matcher elsewhere.
		if i := m.helpAnswer(s, strings.Fields(bytesString(s.text)), ans.Caution); i >= 0 {
			ans.Entries = []*Entry{m.entries[i]}
			ans.Related = m.relatedTo(i, -1)
			return ans
		}
	}
	if first < 0 {
		if ans.InScope {
			ans.Suggest = m.suggest(s, asked, best, conf)
		}
		return ans
	}
	ans.Entries = append(make([]*Entry, 0, 2), m.entries[first])
	if second >= 0 {
		ans.Entries = append(ans.Entries, m.entries[second])
	}
	ans.Related = m.relatedTo(first, second)
	if offer >= 0 && offer != first && offer != second {
		// The other question of the message, not answered: offered first.
		ans.Related = slices.DeleteFunc(ans.Related, func(e *Entry) bool { return e == m.entries[offer] })
		ans.Related = append([]*Entry{m.entries[offer]}, ans.Related[:min(len(ans.Related), maxRelated-1)]...)
	}
	if call.quiet && ans.Caution != nil && conf >= m.p.safetyQuietConf {
		ans.Caution, ans.Harm = nil, ans.Caution
	}
	return ans
}

// syllables appends to toks the syllables of the normalised text norm as
// the matcher reads them (initials expanded, typos corrected), and to fixed
// whether each is a typo correction.
func (m *matcher) syllables(s *scratch, norm []byte, toks []string, fixed []bool) ([]string, []bool) {
	// Number words said for a figure the knowledge base names ("năm
	// không ba sạch", "đề án chín ba chín") are read as the figure.
	for _, t := range m.numbers.rewrite(strings.Fields(bytesString(norm))) {
		if w, ok := m.initials[t]; ok && !hasVowel(t) {
			for _, x := range w {
				toks = append(toks, x)
				fixed = append(fixed, false)
			}
			continue
		}
		c := t
		if t != breakToken {
			c = m.correct(t, s.key)
		}
		toks = append(toks, c)
		fixed = append(fixed, c != t)
	}
	return toks, fixed
}

// syllableCount is how many of the matcher's syllables (syllables) the
// typed syllables typed become: an abbreviation without a vowel ("bhyt")
// is read as its words.
func (m *matcher) syllableCount(typed []string) int {
	n := 0
	for _, t := range typed {
		if w, ok := m.initials[t]; ok && !hasVowel(t) {
			n += len(w)
			continue
		}
		n++
	}
	return n
}

// coversMore reports whether the confident best entry first holds so much
// more of what she wrote than the close runner-up (params.clarifyCoverGap)
// that asking back would only add a tap: the runner-up's title shares the
// topic's words, but not the words of her question.
func (m *matcher) coversMore(s *scratch, first, runnerUp int) bool {
	if m.p.clarifyCoverGap <= 0 || first < 0 {
		return false
	}
	return m.coverage(s, first)-m.coverage(s, runnerUp) >= m.p.clarifyCoverGap
}

// coverage is the share of the message's weight (each syllable weighed as
// in rank, times its sentence's weight s.mul; function and question words
// capped at the filler weight) that entry i's own text uses anywhere: its
// questions, keywords, answer or training examples.
func (m *matcher) coverage(s *scratch, i int) float32 {
	return m.share(s, 1, func(f *feature) bool { return f.has(int32(i)) })
}

// share is the share of the message's weight (as in coverage) whose
// syllables' features held reports true of; empty when the message weighs
// nothing.
func (m *matcher) share(s *scratch, empty float32, held func(f *feature) bool) float32 {
	var in, total float32
	for k := range s.toks {
		w, fi, ok := m.tokenWeight(s, k)
		if !ok {
			continue
		}
		total += w
		if fi >= 0 && held(&m.feats[fi]) {
			in += w
		}
	}
	if total == 0 {
		return empty
	}
	return in / total
}

// compareSideMin is the share of a comparison's weight that the runner-up
// must hold and the best lack for the two to count as its two sides: two
// siblings of one side ("bảo hiểm nhân thọ với BHXH tự nguyện", both
// entries about the pension) hold nothing of the other.
const compareSideMin = 0.15

// jointCoverage is the share of the message's weight (as in coverage) that
// entry i's or entry j's own text uses.
func (m *matcher) jointCoverage(s *scratch, i, j int) float32 {
	return m.share(s, 1, func(f *feature) bool { return f.has(int32(i)) || f.has(int32(j)) })
}

// distinctCoverage is the share of the message's weight (as in coverage)
// that entry i's own text uses and entry j's does not.
func (m *matcher) distinctCoverage(s *scratch, i, j int) float32 {
	return m.share(s, 0, func(f *feature) bool { return f.has(int32(i)) && !f.has(int32(j)) })
}

// tokenWeight is the weight of the message's token k in coverage: its query
// weight (an unknown word's oovW), capped at the filler weight for function
// and question words, times its sentence's weight s.mul. fi is its feature
// (-1 when unknown); ok is false for a sentence break and for "vậy" after a
// question word, which count for nothing.
func (m *matcher) tokenWeight(s *scratch, k int) (w float32, fi int32, ok bool) {
	t := s.toks[k]
	if t == breakToken || t == "vay" && k > 0 && questionWords[s.toks[k-1]] {
		return 0, -1, false
	}
	w, fi = m.oovW, -1
	if f, known := m.features[t]; known {
		w, fi = m.feats[f].qw, f
	}
	if fillerWords[t] || askingWords[t] || questionWords[t] {
		w = min(w, m.fillerW)
	}
	if k < len(s.mul) {
		w *= s.mul[k]
	}
	return w, fi, true
}

// has reports whether document doc uses the feature (postings are in
// document order).
func (f *feature) has(doc int32) bool {
	ps := f.postings
	lo, hi := 0, len(ps)
	for lo < hi {
		mid := (lo + hi) / 2
		if ps[mid].doc < doc {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return lo < len(ps) && ps[lo].doc == doc
}

// sexualKind reports whether a safety kind is sexual violence (of a child
// or of an adult).
func sexualKind(k string) bool { return strings.Contains(k, "sexual") }

// urgentWords tell that harm is happening now ("đang", "cứu", "bây giờ").
var urgentWords = map[string]bool{"dang": true, "cuu": true, "gap": true, "ngay": true,
	"bay": true, "vua": true, "khan": true, "nhanh": true, "mau": true}

// graveSigns tell of a body in danger now ("nằm bất tỉnh", "không thở",
// "máu chảy"): violence that leaves them is no story of the past, whatever
// words of urgency the message lacks. Normalised.
var graveSigns = [][]string{{"bat", "tinh"}, {"ngat", "xiu"}, {"hon", "me"}, {"khong", "tinh"}, {"ko", "tinh"},
	{"khong", "tho"}, {"ko", "tho"}, {"ngung", "tho"}, {"tat", "tho"}, {"chay", "mau"}, {"mau", "chay"}, {"be", "bet"},
	{"khong", "cu", "dong"}, {"khong", "nhuc", "nhich"}, {"co", "giat"}, {"tim", "tai"}, {"lo", "mo"}}

// calmBystander reports whether a message for a bystander emergency tells
// of violence to someone else that is not happening now ("tối nào ông ấy
// cũng say về la hét … em nên làm gì"): she is asking what a neighbour can
// do, so she gets the answer to that with the hotline line above it, not
// the script for a fight in progress.
func calmBystander(e *Emergency, toks []string) bool {
	if !slices.Contains(e.Kinds, "bystander") || hasPhrase(toks, graveSigns) {
		return false
	}
	for i, t := range toks {
		if urgentWords[t] && !(t == "dang" && i+1 < len(toks) && (toks[i+1] == "ky" || toks[i+1] == "ki")) { // "đăng ký" is not "đang"
			return false
		}
	}
	return true
}

// agrees reports whether the whole message supports entry b, found by one
// of its parts or windows, nearly as well as its own best: a few words of a
// long story match some entry fully by chance ("em 28 tuổi" → the age of a
// child), but the whole message does not then lean towards that entry.
func (m *matcher) agrees(whole []float32, b, best int) bool {
	return m.p.agreeRatio == 0 || b == best || whole[b] >= m.p.agreeRatio*whole[best]
}

// asks reports whether a sentence holds a word that asks.
func asks(toks []string) bool {
	return slices.ContainsFunc(toks, func(t string) bool { return askingWords[t] })
}

// askingWords mark a sentence that asks something ("… ở đâu", "bao nhiêu",
// "có được không", "cho em hỏi").
var askingWords = map[string]bool{"gi": true, "sao": true, "nao": true, "dau": true, "ai": true,
	"nhieu": true, "may": true, "khong": true, "chua": true, "hoi": true, "khi": true, "can": true,
	"muon": true, "biet": true, "duoc": true, "phai": true}

// weighSentences gives each syllable of a long message its weight in
// matching: full in the sentences that ask, p.contextWeight in the sentences
// that only tell the story around the question, so that three sentences
// about the family do not drown the one that asks. A message of fewer than
// p.sentenceMin sentences, or with no asking sentence, keeps full weight
// everywhere. With p.askStrict a sentence asks only when it ends on a
// question word or holds a phrase that asks (see asksStrictly): "không",
// "muốn", "được" inside a story sentence ("không ai vi phạm gì") do not.
func weighSentences(toks []string, mul []float32, p *params) []float32 {
	type span struct {
		start, end int
		asks       bool
	}
	if p.clauseRoles > 0 {
		mul, _ = weighRoles(toks, mul, p)
		return mul
	}
	var spans []span
	start, asking := 0, 0
	for i := 0; i <= len(toks); i++ {
		if i < len(toks) && toks[i] != breakToken {
			continue
		}
		if i > start {
			var a bool
			if p.askStrict > 0 {
				a = asksStrictly(toks[start:i])
			} else {
				a = asks(toks[start:i])
			}
			spans = append(spans, span{start, i, a})
			if a {
				asking++
			}
		}
		start = i + 1
	}
	for range toks {
		mul = append(mul, 1)
	}
	if len(spans) < max(p.sentenceMin, 2) || asking == 0 || asking == len(spans) {
		return mul
	}
	for _, sp := range spans {
		if !sp.asks {
			for i := sp.start; i < sp.end; i++ {
				mul[i] = p.contextWeight
			}
		}
	}
	return mul
}

// weighRoles is weighSentences by the roles of the clauses (clauses.go);
// roled reports whether a role other than asking and telling the story
// weighed in: an introduction, a need read as the question, a thin
// question pointing back to a need.
func weighRoles(toks []string, mul []float32, p *params) (_ []float32, roled bool) {
	for range toks {
		mul = append(mul, 1)
	}
	ask := asks
	if p.askStrict > 0 {
		ask = asksStrictly
	}
	return weighClauses(clauses(toks, nil, ask), mul, p)
}

// endParticles may close a question after its question word ("… không
// chị", "… gì vậy ạ", "… được không em").
var endParticles = map[string]bool{"a": true, "chi": true, "em": true, "vay": true, "ha": true,
	"nhi": true, "nhe": true, "nha": true, "ta": true, "oi": true, "anh": true,
	"ban": true, "ad": true, "admin": true, "u": true, "the": true, "ne": true, "day": true,
	"luon": true, "nua": true, "voi": true, "bac": true, "minh": true}

// endQuestionWords end a sentence that asks ("… có được không", "… chưa",
// "… làm gì", "… ở đâu", "… bao nhiêu", "… hả").
var endQuestionWords = map[string]bool{"khong": true, "chua": true, "gi": true, "sao": true,
	"nao": true, "dau": true, "ai": true, "nhieu": true, "may": true, "ha": true,
	"chang": true}

// askingPhrases ask wherever they stand in a sentence. Folded, "chỉ em"
// (show me) is also "chị em" (the women) and "hỏi chị" is "hội chị": kept,
// they ask more often than not (without them, held-out long paraphrases
// answered wrong 6.4 → 6.7 %).
var askingPhrases = [][]string{{"bao", "nhieu"}, {"o", "dau"}, {"lam", "sao"}, {"the", "nao"},
	{"ra", "sao"}, {"khi", "nao"}, {"la", "gi"}, {"lam", "gi"}, {"cai", "gi"}, {"nhu", "nao"},
	{"cho", "em", "hoi"}, {"cho", "hoi"}, {"xin", "hoi"}, {"em", "hoi"}, {"hoi", "chi"},
	{"muon", "biet"}, {"chi", "em"}, {"huong", "dan"}, {"co", "phai"}, {"phai", "khong"},
	{"duoc", "khong"}, {"hay", "khong"}, {"khong", "a"}, {"tai", "sao"}, {"vi", "sao"},
	{"bang", "cach", "nao"}, {"nen", "lam"}, {"lam", "the", "nao"}, {"ai", "la"}, {"gi", "khong"}}

// negativeIndefinite reports whether a sentence ending on "gì", "ai",
// "đâu" or "nào" says "nothing", "nobody", "nowhere" after a negation
// ("không ai vi phạm gì", "chưa đi đâu") rather than asking, unless it
// says that she does not know ("không biết làm gì").
func negativeIndefinite(toks []string) bool {
	last := toks[len(toks)-1]
	if last != "gi" && last != "ai" && last != "dau" && last != "nao" {
		return false
	}
	for i, t := range toks[:len(toks)-1] {
		if t == "khong" || t == "chua" || t == "chang" {
			return i+1 >= len(toks) || toks[i+1] != "biet"
		}
	}
	return false
}

// asksStrictly reports whether a sentence asks: it ends (before closing
// particles) on a question word, or holds a phrase that asks.
func asksStrictly(toks []string) bool {
	end := len(toks)
	for end > 0 && endParticles[toks[end-1]] {
		end--
	}
	if end > 0 && endQuestionWords[toks[end-1]] {
		if !negativeIndefinite(toks[:end]) {
			return true
		}
	}
	for i := range toks {
		for _, ph := range askingPhrases {
			if i+len(ph) <= len(toks) && equalWords(toks[i:i+len(ph)], ph) {
				return true
			}
		}
	}
	return false
}

// smallTalk vocabularies: a message made only of filler and at least one
// head word of a kind is that kind of small talk. "bot" (a question about
// Loa herself: her age, whether she is a person) counts only when the
// message addresses Loa: "chồng tôi" alone is not about Loa.
var (
	smallTalkHeads = map[string]string{"chao": "greeting", "hello": "greeting", "hi": "greeting",
		"alo": "greeting", "helo": "greeting", "hey": "greeting", "loa": "greeting",
		"cam": "thanks", "thank": "thanks", "thanks": "thanks", "tks": "thanks", "cmon": "thanks",
		"camon": "thanks", "ok": "thanks", "oke": "thanks", "okie": "thanks", "okay": "thanks", "vang": "thanks",
		"ngu": "insult", "dot": "insult", "cut": "insult", "dm": "insult", "dcm": "insult", "vcl": "insult",
		"vl": "insult", "dien": "insult", "khung": "insult", "ngao": "insult", "lao": "insult",
		"xam": "insult", "ngok": "insult", "oc": "insult",
		"chuc": "wish",
		"bye":  "goodbye", "pp": "goodbye", "tam": "thanks", "gioi": "thanks",
		complaintToken: "complaint", playToken: "play",
		"hihi": "greeting", "haha": "greeting", "hehe": "greeting", "kaka": "greeting",
		"chatbot": "bot", "quen": "greeting", // "làm quen": getting to know Loa
		"tuoi": "bot", "chong": "bot", "ck": "bot", "robot": "bot", "that": "bot", "ten": "bot",
		"dep": "bot", "xinh": "bot", "yeu": "bot"}
	// "bé" is how many members call Loa ("cảm ơn bé nhiều nha").
	smallTalkFiller = map[string]bool{"xin": true, "oi": true, "a": true, "em": true, "chi": true, "ad": true, "be": true,
		"admin": true, "ban": true, "nha": true, "nhe": true, "buoi": true, "sang": true, "trua": true,
		"chieu": true, "toi": true, "co": true, "khong": true, "day": true, "on": true, "nhieu": true,
		"rat": true, "da": true, "the": true, "qua": true, "vay": true, "bot": true, "may": true,
		"tao": true, "do": true, "nhu": true, "cho": true, "vo": true, "dung": true, "tra": true,
		"loi": true, "gi": true, "ma": true, "ne": true, "moi": true, "nguoi": true,
		"ca": true, "luon": true, "roi": true, "hieu": true, "u": true, "uk": true,
		"uh": true, "ai": true, "o": true, "minh": true, "anh": true, "bac": true,
		"la": true, "hay": true, "bao": true, "chua": true, "hoi": true, "cung": true, "biet": true,
		"bit": true, "ko": true, "k": true, "vui": true, "ve": true, "ngay": true, "nam": true,
		"tet": true, "nay": true, "manh": true, "cau": true, "suc": true, "khoe": true, "hanh": true, "phuc": true, "ngon": true,
		"lam": true, "hon": true, "thong": true, "sao": true,
		"con": true, "ha": true, "cai": true, "de": true, "ra": true, "noi": true, "chuyen": true,
		"nghe": true, "hiu": true, "m": true, "nhom": true, "an": true, "com": true, "you": true, "chau": true,
		breakToken: true}
	// smallTalkAddress names Loa: a "bot" question needs one of them.
	smallTalkAddress = map[string]bool{"loa": true, "bot": true, "ad": true, "admin": true, "ban": true, "robot": true, "chatbot": true, "may": true, "m": true}
	// smallTalkRank orders the kinds when a message holds heads of several:
	// an insult is answered as such, a question about Loa before a
	// greeting ("Loa ơi, Loa bao nhiêu tuổi").
	// A goodbye with thanks is thanked back; a complaint with a rude word is
	// an insult.
	smallTalkRank = map[string]int{"greeting": 1, "goodbye": 2, "thanks": 3, "wish": 4, "play": 5, "bot": 6,
		"complaint": 7, "insult": 8}
)

// smallTalkKind returns the kind of small talk of a short message, or "".
// A message with no letter or digit at all (emoji, "?") is "empty". A
// message is small talk when every word is filler, a word of chat
// (chatWords) or a head word, and a head word or a shape of small talk
// (smallTalkRead) gives it a kind: one word that is neither keeps it a
// question, however it addresses Loa ("bot ơi vay vốn hộ nghèo lãi bao
// nhiêu").
func smallTalkKind(toks []string) string {
	k, _ := smallTalkOfClauses(toks)
	return k
}

// maxClauseSyllables: a longer message is read by smallTalkKind's
// vocabulary alone, not as opening and clause (readClauses).
const maxClauseSyllables = 30

// smallTalkOfClauses is smallTalkKind, and self reports whether the kind
// rests on a goodbye clause or a clause about herself (readClauses): Ask
// keeps such a message's hotline line when the safety classifier is more
// than faintly worried. A farewell for ever (lastFarewells) is never
// small talk.
func smallTalkOfClauses(toks []string) (kind string, self bool) {
	if hasPhrase(toks, lastFarewells) {
		return "", false // "tạm biệt mọi người, em đi xa đây"
	}
	if thanksThenStory(toks) {
		return "thanks", false
	}
	toks, sh := smallTalkRead(toks)
	if sh.away {
		return "", false
	}
	// Fear or a plea ("e sợ lắm c ơi", "giúp e với") is never read as a
	// clause about herself: distressOnly gives it the hotline line.
	if len(toks) <= maxClauseSyllables && !hasPhrase(toks, fearPhrases) && !hasPhrase(toks, pleaPhrases) {
		toks, self = readClauses(toks)
	}
	return smallTalkOfRead(toks, sh), self
}

// smallTalkOfRead is smallTalkKind of toks as smallTalkRead and
// readClauses rewrote them, sh being what smallTalkRead saw.
func smallTalkOfRead(toks []string, sh smallTalkShape) string {
	addressed := sh.addressed
	// kind is the best-ranked kind of the heads; plain the best of them
	// other than "bot", which needs the message to address Loa.
	kind, plain, words, who, strong, again := "", "", 0, false, false, false
	playing := false // after a request to play, in its sentence
	for i, t := range toks {
		if t == breakToken {
			playing = false
			continue
		}
		who = who || t == "ai"
		again = again || t == "hoai"
		if t == "ngu" && i+1 < len(toks) && toks[i+1] == "ngon" {
			t = "chuc" // "ngủ ngon" is a wish for the night, not "ngu" (stupid)
		}
		if sh.play && (t == "buon" || t == "chan") {
			t = "hihi" // "kể chuyện cười e nghe đi, buồn quá": why she asks
		}
		playing = playing || t == playToken
		if playing && askWords[t] && t != "may" {
			return "" // "kể chuyện cho con nghe có lợi gì": a question
		}
		words++
		if words > 14 {
			return ""
		}
		strong = strong || smallTalkAddress[t]
		if k, ok := smallTalkHeads[t]; ok {
			if smallTalkRank[k] > smallTalkRank[kind] {
				kind = k
			}
			if k != "bot" && smallTalkRank[k] > smallTalkRank[plain] {
				plain = k
			}
			continue
		}
		if !smallTalkFiller[t] && !smallTalkMore[t] && !chatWords[t] && !isNumber(t) {
			return ""
		}
	}
	if words == 0 {
		return "empty"
	}
	addressed = addressed || strong
	if who && addressed && smallTalkRank["bot"] > smallTalkRank[kind] {
		kind = "bot" // "Loa là ai": who she is; "alo có ai không" stays a greeting
	}
	if (sh.lost && (strong || again) || sh.answering && smallTalkRank[kind] < smallTalkRank["thanks"]) &&
		smallTalkRank[kind] < smallTalkRank["complaint"] {
		// "nói hoài không hiểu", "bot gì mà không biết gì hết", "trả
		// lời gì kỳ vậy", "sao chưa trả lời": a complaint about her
		// answers, answered with an apology and a person to ask.
		kind = "complaint"
	}
	if kind == "bot" && !addressed {
		return plain // "thanks c, để e về nói ck": thanks, not about Loa's husband
	}
	if kind == "" && sh.call {
		kind = "greeting" // "c ơi", "chị ơi có đó không": she calls, the question comes next
	}
	if kind == "" && acknowledged(toks) {
		kind = "thanks" // "dạ", "ừ": she has read the answer
	}
	return kind
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
// the best entry (-1 if none scores), the runner-up (-1 if none), the best's
// BM25 score and its confidence: the score divided by the total weight of
// the message's features, where a syllable the KB never uses weighs as much
// as the rarest one. A syllable that was a typo (fixed) still matches its
// correction but weighs as unknown in the total, so that an out-of-scope
// word near a KB word ("vàng" → "van") does not make the message look
// answerable. mul (nil: all 1) scales each syllable's part in both the
// score and the total (see weighSentences). An entry that does not name any
// of the entities the message names (asked) cannot be best.
func (m *matcher) rank(s *scratch, toks []string, fixed []bool, mul []float32, asked uint64, scores []float32) (best, runnerUp int, score, conf float32) {
	clear(scores)
	s.feats, s.fmul = s.feats[:0], s.fmul[:0]
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
		k := float32(1)
		if mul != nil {
			k = mul[i]
		}
		w := m.oovW
		if fi, ok := m.features[t]; ok {
			w = m.feats[fi].qw
			if fillerWords[t] {
				w = min(w, m.fillerW)
			}
			if fixed[i] {
				total += s.addFeature(fi, m.oovW, k)
			} else {
				total += s.addFeature(fi, w, k)
			}
		} else {
			if fillerWords[t] {
				w = m.fillerW
			}
			total += w * k
		}
		if prev != "" {
			s.key = append(append(append(s.key[:0], prev...), ' '), t...)
			if fi, ok := m.features[string(s.key)]; ok {
				total += s.addFeature(fi, m.feats[fi].qw, k)
			} else {
				total += k * m.p.oovPairFactor * float32(m.p.bigramWeight) * min(w, prevW)
			}
		}
		prev, prevW = t, w
	}
	for j, fi := range s.feats {
		k := s.fmul[j]
		for _, p := range m.feats[fi].postings {
			scores[p.doc] += p.w * k
		}
	}
	best, runnerUp = m.topTwo(scores, asked)
	if best < 0 || total == 0 {
		return -1, -1, 0, 0
	}
	return best, runnerUp, scores[best], scores[best] / total
}

// addFeature adds a feature of the message once, with the largest of the
// weights it is seen with, and returns the weight it adds to the message's
// total.
func (s *scratch) addFeature(fi int32, w, k float32) float32 {
	for j, x := range s.feats {
		if x == fi {
			if k > s.fmul[j] {
				add := w * (k - s.fmul[j])
				s.fmul[j] = k
				return add
			}
			return 0
		}
	}
	s.feats = append(s.feats, fi)
	s.fmul = append(s.fmul, k)
	return w * k
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
// breaks do not count) and no negation in between. plea reports that the
// trigger is only a call for help ("cứu với"), which names no kind of harm.
func (m *matcher) emergency(toks []string) (e *Emergency, plea bool) {
	for _, r := range m.emerg {
		for i, t := range toks {
			if t == r.words[0] && followsTrigger(toks[i+1:], r.words[1:]) {
				return r.e, r.plea
			}
		}
	}
	return nil, false
}

// pleaWords make up a trigger that only calls for help.
var pleaWords = map[string]bool{"cuu": true, "voi": true, "em": true, "e": true, "toi": true, "minh": true,
	"giup": true, "con": true, "chi": true, "me": true, "oi": true, "ai": true}

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

// blend re-ranks with the entry classifier: every document's score becomes
// (1-blend)·(its BM25 score / the message's total weight) + blend·(the
// classifier's probability of its entry), the off-topic documents sharing
// the off-topic class's probability. It returns the best document (which may
// be an off-topic one), the best real entry after it and the best's blended
// score, which stands for the confidence. s.scores holds the blended scores.
func (m *matcher) blend(s *scratch, total float32, asked uint64, scores []float32) (best, runnerUp int, conf float32) {
	p := m.clf.predict(entryFeatures(s.toks))
	bl := m.p.blend
	offMin := m.p.offTopicMin
	if words(s.toks) >= m.p.longWords {
		offMin = m.p.offTopicMinLong
	}
	if m.entities.named(asked) == 0 && !s.loan && float32(p[0]) >= offMin && m.real < len(scores) && !m.keepInScope(scores, total) {
		// The classifier is sure enough that this lies outside the
		// Union's work (and it names none of the Union's programmes): an
		// off-topic document wins. A long story needs more: its family,
		// money and fields are what off-topic chat is made of too, and
		// the classifier leans to off-topic on them even when the story
		// ends with a question about a loan or a flood.
		scores[m.real] = 1
		return m.real, -1, 1
	}
	for i := range scores {
		x := scores[i] / total
		k := m.clf.entryClass[i]
		if i >= m.real {
			if s.loan {
				// A loan question is never off-topic (loanask.go).
				scores[i] = 0
				continue
			}
			k = 0 // offClass
		}
		v := (1 - bl) * x
		if k >= 0 {
			v += bl * float32(p[k])
		}
		scores[i] = v
	}
	best, runnerUp = m.topTwo(scores, asked)
	if best < 0 {
		return -1, -1, 0
	}
	return best, runnerUp, scores[best]
}

// keepInScope reports whether BM25 alone finds an entry that matches
// enough of the message (scores are BM25 scores, total the message's
// weight) for the classifier's off-topic verdict not to be final: "con 12
// tuổi chơi điện thoại suốt ngày" shares its family words with off-topic
// chat, but also most of its words with the entry on children's phones.
func (m *matcher) keepInScope(scores []float32, total float32) bool {
	if m.p.offTopicKeep <= 0 || total <= 0 {
		return false
	}
	for _, x := range scores[:m.real] {
		if x/total >= m.p.offTopicKeep {
			return true
		}
	}
	return false
}

// clarifyRatio is the runner-up's share of the best score from which Loa
// asks back: blended scores are closer together than BM25's alone.
func (m *matcher) clarifyRatio() float32 {
	if m.clf == nil {
		return m.p.clarifyRatioAlone
	}
	return m.p.clarifyRatio
}

// bestWindow ranks every window of windowSize syllables (half overlapping)
// and returns the best entry of the window whose best is most confident,
// its runner-up, and that confidence; s.scores then holds that window's
// scores.
func (m *matcher) bestWindow(s *scratch, asked uint64) (best, runnerUp int, conf float32) {
	best, runnerUp = -1, -1
	n, w := len(s.toks), m.p.windowSize
	keep := s.winScores[:0]
	for start := 0; start < n; start += w / 2 {
		end := min(start+w, n)
		toks := s.toks[start:end]
		b, r, sc, cf := m.rank(s, toks, s.fixed[start:end], nil, asked, s.segScores)
		if b >= 0 && m.clf != nil {
			saved := s.toks
			s.toks = toks
			b, r, cf = m.blend(s, sc/cf, asked, s.segScores)
			s.toks = saved
		}
		if b >= 0 && b < m.real && cf > conf {
			best, runnerUp, conf = b, r, cf
			keep = append(keep[:0], s.segScores...)
		}
		if end == n {
			break
		}
	}
	if best >= 0 {
		copy(s.scores, keep)
	}
	s.winScores = keep
	return best, runnerUp, conf
}

// topTwo returns the best document by score among those that agree with the
// entities the message names, and the best real entry after it (an
// off-topic document is never offered as a choice); -1 for none.
func (m *matcher) topTwo(scores []float32, asked uint64) (best, runnerUp int) {
	best, runnerUp = -1, -1
	for i, x := range scores {
		if x <= 0 || !m.entities.agrees(i, asked) {
			continue
		}
		switch {
		case best < 0 || x > scores[best]:
			best, runnerUp = i, best
		case runnerUp < 0 || x > scores[runnerUp]:
			runnerUp = i
		}
	}
	if runnerUp >= m.real {
		runnerUp = -1
	}
	return best, runnerUp
}

// words counts the syllables of toks, sentence breaks left out.
func words(toks []string) int {
	n := 0
	for _, t := range toks {
		if t != breakToken {
			n++
		}
	}
	return n
}

// helpAnswer is the entry of e's Answers that the whole message's scores
// rank best, when her message (typed, its syllables normalised: the typo
// correction knows the knowledge base's words, not "mần răng") asks what to
// do or whom to tell; -1 when it does not ask or e has no Answers.
func (m *matcher) helpAnswer(s *scratch, typed []string, e *Emergency) int {
	idx := m.answers[e]
	if len(idx) == 0 || !asksForHelp(typed) {
		return -1
	}
	best := idx[0]
	for _, i := range idx[1:] {
		if s.scores[i] > s.scores[best] {
			best = i
		}
	}
	return best
}

// helpPhrases ask what to do or whom to turn to, normalised ("phải làm
// sao", "báo ai", "mần răng", "tính sao", "nhờ ai").
var helpPhrases = [][]string{{"lam", "sao"}, {"lam", "gi"}, {"lam", "j"}, {"bao", "ai"}, {"bao", "o", "dau"},
	{"goi", "ai"}, {"nho", "ai"}, {"giup", "gi"}, {"man", "rang"}, {"lam", "rang"}, {"tinh", "sao"},
	{"rang", "chu"}, {"di", "dau"}, {"lam", "the", "nao"}, {"ngan", "kieu", "gi"}, {"ngan", "sao"}, {"can", "sao"}}

// asksForHelp reports whether toks ask what to do or whom to turn to.
func asksForHelp(toks []string) bool {
	return hasPhrase(toks, helpPhrases)
}
