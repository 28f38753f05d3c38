package content

import (
	"fmt"
	"regexp"
	"strings"
)

// The shapes of member messages that cost most on the blind measures (issue
// 9): a question relayed for someone else, two questions in one message, a
// message of two to five syllables. TestMatcherCalibration reports the
// held-out paraphrases of each shape apart (a slice detected by the simple
// rules below), and two slices built from held-out paraphrases: each with a
// relaying frame put before it, and two of different entries joined into one
// message. The rules read the text only, never the entry.

// relayRe finds a frame that relays a question for someone else: "chị hàng
// xóm nhờ em hỏi", "hỏi giùm", "má em hỏi", "cho má em", "chi hội em có
// chị …".
var relayRe = regexp.MustCompile(`\b(nho (e|em|minh|toi|tui|chau|con) (hoi|hoi giup|hoi gium|hoi dum)|hoi (gium|dum|giup|ho)( cho)? (ban|chi|ma|me|ba|bo|ong|co|di|bac|chong|vo|con|nguoi|nha|hang)|hoi (gium|dum)|(ma|me|ba|bo|ong|ba noi|ba ngoai|chong|vo|ban|chi|di|co|bac|em gai|con gai|hang xom) (cua )?(e|em|minh|toi|tui|con) (hoi|muon biet|muon hoi|can biet|nho)|cho (ma|me|ba|bo|ong|chong|vo|ban|chi|di|co|bac|con) (e|em|minh|toi|tui)|(chi|to) hoi (e|em|minh|toi) co (chi|ba|co|mot|1|em))\b`)

func relayedShape(q string) bool { return relayRe.MatchString(Normalize(q)) }

// twoAsksShape: at least two parts of the message (splitParts) ask
// (asksStrictly), or it holds two question marks.
func twoAsksShape(q string) bool {
	if strings.Count(q, "?") >= 2 {
		return true
	}
	var n normalizer
	toks := strings.Fields(string(n.appendNormalized(nil, q, true)))
	asking := 0
	for _, p := range splitParts(toks, nil) {
		if asksStrictly(toks[p[0]:p[1]]) {
			asking++
		}
	}
	return asking >= 2
}

func shortShape(q string) bool {
	n := len(strings.Fields(Normalize(q)))
	return n >= 2 && n <= 5
}

// relayFrames are put before held-out paraphrases for the relayed slice.
var relayFrames = []string{
	"Chị hàng xóm nhờ em hỏi: %s",
	"ma e hoi %s",
	"Chi hội em có chị hỏi là %s",
	"hỏi giùm bạn em với, %s",
	"Mẹ chồng em nhờ em hỏi Loa, %s",
	"e hoi dum co ut, %s",
	"Có chị trong tổ nhờ mình hỏi: %s",
	"ba em muon biet %s",
}

// shapeFigures counts one slice's answers.
type shapeFigures struct {
	n, correct, clarifyRight, wrong, fallback int
	both, otherOffered                        int // two-question slice: both answered; one answered and the other offered
}

func (s shapeFigures) String() string {
	p := func(a int) string { return fmt.Sprintf("%.1f%%", 100*float64(a)/float64(max(s.n, 1))) }
	return fmt.Sprintf("%d: right %s, asked back (right offered) %s, wrong %s, fallback %s", s.n, p(s.correct), p(s.clarifyRight), p(s.wrong), p(s.fallback))
}

// tally counts ans to held-out question id in s.
func (s *shapeFigures) tally(ans Answer, id string) {
	s.n++
	switch {
	case hasEntry(ans.Entries, id):
		s.correct++
	case hasEntry(ans.Clarify, id):
		s.clarifyRight++
	case len(ans.Entries) > 0:
		s.wrong++
	case len(ans.Clarify) == 0:
		s.fallback++
	}
}

// tallyTwo counts the answer to two held-out questions of entries a and b
// joined into one message: right when it answers at least one of them and no
// other entry, both when it answers both, otherOffered when the other is a
// choice or a related button.
func (s *shapeFigures) tallyTwo(ans Answer, a, b string) {
	s.n++
	ha, hb := hasEntry(ans.Entries, a), hasEntry(ans.Entries, b)
	others := 0
	for _, e := range ans.Entries {
		if e.ID != a && e.ID != b {
			others++
		}
	}
	switch {
	case others > 0:
		s.wrong++
	case ha && hb:
		s.correct++
		s.both++
	case ha || hb:
		s.correct++
		other := b
		if hb {
			other = a
		}
		if hasEntry(ans.Related, other) || hasEntry(ans.Clarify, other) {
			s.otherOffered++
		}
	case hasEntry(ans.Clarify, a) || hasEntry(ans.Clarify, b):
		s.clarifyRight++
	case len(ans.Clarify) == 0:
		s.fallback++
	}
}

func hasEntry(es []*Entry, id string) bool {
	for _, e := range es {
		if e.ID == id {
			return true
		}
	}
	return false
}
