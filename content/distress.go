package content

// A member in danger often writes first only that she is afraid or needs
// help ("c ơi e sợ quá", "giúp e với", "em hoảng quá"), and tells what
// happens in a later message, if she can. Such a message names nothing the
// knowledge base answers, and the fallback answered it "Loa chưa có câu
// trả lời … đã ghi lại để cán bộ Hội bổ sung". distressOnly reads it, so
// that Ask sets Answer.Harm: the caller answers with the hotline line of
// harm done by a person (the first danger members tell of) and asks her
// to say more.

// distressKind is the kind of harm whose hotline line answers fear told
// alone: harm done by a person at home, the danger members most often
// write of (113, and Ngôi nhà Bình yên).
const distressKind = "domestic-violence"

var (
	// fearPhrases say she is afraid or panicking: "sợ quá", "em sợ",
	// "hoảng quá", "run quá". A bare "so" is also "số" (a number) when
	// typed without marks: it counts only next to a person or an
	// intensifier.
	fearPhrases = [][]string{{"so", "qua"}, {"so", "lam"}, {"so", "wa"}, {"so", "ghe"}, {"so", "that"}, {"so", "thiet"},
		{"e", "so"}, {"em", "so"}, {"toi", "so"}, {"tui", "so"}, {"minh", "so"}, {"con", "so"},
		{"hoang", "qua"}, {"hoang", "lam"}, {"hoang", "wa"}, {"run", "qua"}, {"run", "lam"}, {"hoang", "so"}}
	// pleaPhrases ask for help with nothing said about what for: "giúp em
	// với", "cứu em", "help".
	pleaPhrases = [][]string{{"giup", "e", "voi"}, {"giup", "em", "voi"}, {"giup", "toi", "voi"}, {"giup", "tui", "voi"},
		{"giup", "voi"}, {"cuu", "e"}, {"cuu", "em"}, {"cuu", "toi"}, {"cuu", "tui"}, {"cuu", "voi"}, {"help"}}
	// distressMore are the other words such a message is made of, beyond
	// small talk's filler: where she is ("ở nhà"), that it is now or
	// again ("lại", "nữa", "bây giờ"), and how much ("lắm", "quá trời").
	distressMore = map[string]bool{"so": true, "hoang": true, "run": true, "cuu": true, "giup": true, "help": true,
		"nha": true, "lam": true, "troi": true, "gio": true, "bay": true, "h": true, "nua": true, "lai": true,
		"qua": true, "that": true, "thiet": true, "tui": true, "con": true, "luon": true, "di": true, "nay": true}
)

// distressOnly reports whether toks (the message's syllables, normalised,
// with break marks) say only that she is afraid or pleads for help: a fear
// or plea phrase, and every other syllable filler, a word of chat or of
// distressMore. "Em sợ không được vay" names a loan and is a question.
func distressOnly(toks []string) bool {
	if !hasPhrase(toks, fearPhrases) && !hasPhrase(toks, pleaPhrases) {
		return false
	}
	words := 0
	for _, t := range toks {
		if t == breakToken {
			continue
		}
		words++
		if !distressMore[t] && !smallTalkFiller[t] && !smallTalkMore[t] && !chatWords[t] && !callWords[t] {
			return false
		}
	}
	return words <= 14
}
