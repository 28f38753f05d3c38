package content

// Small talk beyond single words (smallTalkKind reads a vocabulary): a
// complaint about Loa ("trả lời chậm quá, chán ghê"), a question about her
// addressed as "c", "chị" or "em" ("c ơi c tên gì, bao nhiêu tuổi") and a
// goodbye with its reason ("thôi e đi nấu cơm đây, bye c") are made of
// words that real questions use too ("chậm", "tên", "nấu cơm"). They are
// told by their shape, and smallTalkRead rewrites each shape into the
// vocabulary's words before smallTalkKind reads the message.

var (
	// smallTalkMore are filler words of chat that smallTalkFiller lacks:
	// short forms of address and question words ("c", "e", "j", "bn"),
	// particles of the South ("nghen", "nhen", "ghê", "wá") and the words
	// of a complaint that carry no question ("hoài", "hết").
	smallTalkMore = map[string]bool{"c": true, "e": true, "j": true, "bn": true, "nghen": true, "nhen": true,
		"ghe": true, "wa": true, "hoai": true, "het": true, "ak": true, "z": true, "v": true}
	// complaintWords are a complaint when an intensifier follows them:
	// "chậm quá", "chán ghê", "tệ thật", "dở ẹc".
	complaintWords = map[string]bool{"cham": true, "chan": true, "te": true, "do": true}
	intensifiers   = map[string]bool{"qua": true, "wa": true, "ghe": true, "the": true, "that": true, "vay": true, "z": true, "ec": true}
	// weakAddress call Loa as one calls a woman ("c", "chị", "em"), but
	// also the member herself: only with a question about a name or an
	// age do they address Loa.
	weakAddress   = map[string]bool{"c": true, "chi": true, "em": true, "e": true}
	aboutLoaHeads = map[string]bool{"ten": true, "tuoi": true}
	askWords      = map[string]bool{"gi": true, "j": true, "bn": true, "bao": true, "may": true, "nhieu": true, "sao": true}
)

// smallTalkRead rewrites the shapes of small talk in toks (the message's
// syllables as typed) into smallTalkKind's vocabulary, and reports whether
// the message asks Loa about herself through a weak address. The result is
// a new slice; toks is not changed.
func smallTalkRead(toks []string) (out []string, addressed bool) {
	out = make([]string, 0, len(toks))
	head, ask, weak := false, false, false
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		next := func(k int) string {
			if i+k < len(toks) {
				return toks[i+k]
			}
			return ""
		}
		switch {
		case t == "thoi" && (i == 0 || toks[i-1] == breakToken):
			// "thôi e đi nấu cơm đây": a clause from "thôi" to "đây"
			// with "đi" in it is a goodbye, whatever she goes to do.
			if end := goodbyeEnd(toks, i); end > i {
				out = append(out, "bye")
				i = end
				continue
			}
		case t == "di" && next(1) == "ngu":
			out = append(out, "bye") // "đi ngủ", not "ngu"
			i++
			continue
		case t == "ai" && next(1) == "o" && (next(2) == "do" || next(2) == "day"):
			out = append(out, "alo") // "có ai ở đó không"
			i += 2
			continue
		case t == "la" && next(1) == "bot":
			out = append(out, "la", "robot") // "mày là bot hả"
			i++
			continue
		case complaintWords[t] && intensifiers[next(1)] && (t != "do" || next(1) == "ec"):
			out = append(out, "ngu", next(1)) // "chậm quá": a complaint, answered as one
			i++
			continue
		}
		head = head || aboutLoaHeads[t]
		ask = ask || askWords[t]
		weak = weak || weakAddress[t]
		out = append(out, t)
	}
	return out, head && ask && weak
}

// goodbyeEnd returns the index of the "đây" that closes a goodbye clause
// starting with "thôi" at toks[start] ("thôi e đi nấu cơm đây"): "đi"
// within its first three syllables, "đây" at most six syllables later,
// before a break. It returns start when there is none.
func goodbyeEnd(toks []string, start int) int {
	went := false
	for i := start + 1; i < len(toks) && i <= start+8; i++ {
		switch t := toks[i]; {
		case t == breakToken:
			return start
		case t == "di" && i <= start+3:
			went = true
		case t == "day" && went:
			if i+1 == len(toks) || toks[i+1] == breakToken || smallTalkFiller[toks[i+1]] || smallTalkMore[toks[i+1]] {
				return i
			}
		}
	}
	return start
}
