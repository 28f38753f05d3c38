package content

import "slices"

// Small talk of two clauses: an opening (thanks, a greeting, a goodbye,
// "Loa ơi") and a clause in which she tells what she does next, how she
// feels or a bit of news about herself ("cảm ơn c nha, chiều nay e ra xã
// nộp giấy", "tks loa, giờ e yên tâm rồi", "chào chị, lần đầu em nhắn",
// "thôi e ra đồng đây"). Such a clause is made of words that questions use
// too ("xã", "giấy", "thẻ", "làm"), so smallTalkKind's vocabulary cannot
// hold them: readClauses reads each sentence as opening + clause +
// opening, and rewrites a clause that asks nothing, names no harm and says
// something of her own into one token. The message still needs a head word
// of its own elsewhere (the thanks, the greeting): a clause alone ("chiều
// nay e ra xã nộp giấy") stays what it was.
//
// Her words are read from closed lists of harmless kinds of words (time,
// errands, family, places of the commune, feelings of relief). A word of
// none of them ("định", "kết thúc", "uống thuốc", "chạy" — also "cháy")
// keeps the message out of small talk, so that a thanks or a goodbye that
// tells of harm keeps its hotline line.

// Pseudo-tokens that smallTalkRead and readClauses write in place of a
// shape they read; none can be typed (normalised text holds no "~").
const (
	complaintToken = "~complaint" // a fault of Loa's answers: "trả lời dài quá"
	playToken      = "~play"      // asking Loa to play: "hát 1 bài đi", "có ny chưa"
	selfToken      = "~self"      // a clause about herself (clauseWords)
	placeToken     = "~place"     // a neutral place name (places.yaml)
	otherToken     = "~other"     // someone of her family acts (othersAct): never small talk
)

var (
	// openingWords open or close a sentence of small talk around what she
	// says: the heads of thanks, greetings and goodbyes, forms of address
	// and the particles that go with them ("dạ em cảm ơn chị nhiều nha",
	// "… đây bye c", "Loa ơi").
	openingWords = map[string]bool{"chao": true, "xin": true, "hello": true, "hi": true, "alo": true, "helo": true,
		"hey": true, "cam": true, "on": true, "camon": true, "cmon": true, "thank": true, "thanks": true, "tks": true,
		"you": true, "ok": true, "oke": true, "okie": true, "okay": true, "vang": true, "da": true, "bye": true, "pp": true,
		"loa": true, "ad": true, "admin": true, "ban": true, "bot": true, "c": true, "chi": true, "em": true, "e": true,
		"co": true, "bac": true, "chau": true, "oi": true, "a": true, "nha": true, "nhe": true, "nhieu": true,
		"nhiu": true, "nghen": true, "nhen": true, "ne": true, "ha": true}
	// clauseMarkers say what she does or feels: the verbs of an errand
	// ("để", "sẽ", "đi", "ra", "lên", "nộp", "photo", "bàn", "dẫn"), of
	// relief and understanding ("yên tâm", "đỡ", "mừng", "hiểu", "đọc",
	// "xong") and of arriving ("mới", "lần đầu", "quay lại", "tải", "vô",
	// "nghe … nhắc", "giới thiệu"). A neutral place ("em ở Sóc Trăng",
	// "ấp 3") is news about herself too.
	clauseMarkers = map[string]bool{"de": true, "se": true, "tinh": true, "di": true, "ra": true, "len": true,
		"ve": true, "ghe": true, "dan": true, "dua": true, "mang": true, "nop": true, "photo": true,
		"gui": true, "noi": true, "ban": true, "hoi": true, "lam": true, "chup": true,
		"yen": true, "tam": true, "het": true, "do": true, "mung": true, "vui": true, "hieu": true, "biet": true,
		"ro": true, "doc": true, "xem": true, "nho": true, "xong": true, "on": true, "ok": true,
		"moi": true, "lan": true, "quay": true, "nghe": true, "nhac": true, "gioi": true, "tai": true, "cai": true,
		"vo": true, "vao": true, "tham": true, placeToken: true, "ap": true, "xom": true, "thon": true}
	// clauseWords are the other words of such a clause: time ("chiều
	// nay", "mốt", "khuya"), family ("mẹ", "má", "ck", "bé"), the places
	// of an errand ("xã", "ủy ban", "đồng", "chợ", "trường"), what she
	// carries or does there ("giấy tờ", "hồ sơ", "thẻ", "cơm", "heo"), the
	// people of the Union ("hội viên", "chi hội trưởng", "mấy chị trong
	// tổ"), relief ("lo" after "hết", "đỡ"), the app, "bữa nào" (some
	// day) and "làm được".
	clauseWords = map[string]bool{"mai": true, "mot": true, "chieu": true, "toi": true, "sang": true, "trua": true,
		"nay": true, "lat": true, "gio": true, "bua": true, "hom": true, "khuya": true, "som": true, "tuan": true,
		"thang": true, "sau": true, "dem": true, "luc": true, "nua": true, "lien": true, "luon": true,
		"me": true, "ma": true, "ba": true, "ck": true, "chong": true, "vk": true, "con": true, "be": true, "chau": true,
		"ong": true, "nha": true, "nguoi": true, "may": true, "gia": true, "dinh": true,
		"xa": true, "phuong": true, "uy": true, "dong": true, "ruong": true, "cho": true, "truong": true,
		"khu": true, "pho": true, "que": true, "to": true, "trong": true,
		"giay": true, "ho": true, "so": true, "the": true, "don": true, "com": true, "nau": true, "heo": true,
		"ga": true, "an": true, "giat": true, "viec": true, "hoc": true, "vien": true, "thieu": true,
		"lo": true, "duong": true, "dau": true, "app": true, "zalo": true, "nhom": true, "thu": true, "lai": true,
		"voi": true, "den": true, "cung": true, "nao": true, "duoc": true}
	// clauseVeto are words that make a clause ask, want or regret
	// something: a negation or "chưa" ("em chưa hiểu", "mà chưa nhận
	// được"), "nhưng", wanting and needing ("muốn", "cần", "xin"), asking
	// for help ("giúp"), a condition ("nếu"). After them the message is a
	// question or a story, not thanks.
	clauseVeto = map[string]bool{"khong": true, "ko": true, "k": true, "hong": true, "hok": true, "kh": true,
		"chua": true, "nhung": true, "muon": true, "can": true, "xin": true, "giup": true, "neu": true}
	// leaveWords are how she leaves: "đi", "ra", "về", "lên", "off"
	// (squeezed to "of"), "ngủ", "nghỉ", and the "bye" that smallTalkRead
	// made of "đi ngủ". Not "xuống": "bé rơi xuống …" reads as harmless
	// words.
	leaveWords = map[string]bool{"di": true, "ra": true, "ve": true, "len": true, "off": true, "of": true,
		"ngu": true, "nghi": true, "bye": true}
	// familyWords name the people of her house: before the verb of a
	// goodbye clause they are who comes or goes, not her.
	// Not "ma": it is "mà" more often than "má".
	familyWords = map[string]bool{"me": true, "ba": true, "ck": true, "chong": true, "vk": true,
		"vo": true, "con": true, "be": true, "ong": true, "anh": true}
	// selfWords are how she names herself at the start of a goodbye clause.
	selfWords = map[string]bool{"e": true, "em": true, "c": true, "chi": true, "toi": true, "tui": true,
		"minh": true, "chau": true, "bac": true, "co": true, "phai": true}
)

// lastFarewells are the words of a farewell for ever ("đi xa", "về với
// ông bà", "kiếp sau", "vĩnh biệt", "mãi mãi", "ra đi", "lần cuối",
// "không gặp lại"): a message with one of them is never small talk,
// however it is shaped, so that the safety layer's line, if any, stays.
var lastFarewells = [][]string{{"di", "xa"}, {"ve", "voi", "ong", "ba"}, {"ve", "voi", "to", "tien"},
	{"kiep", "sau"}, {"vinh", "biet"}, {"mai", "mai"}, {"ra", "di"}, {"lan", "cuoi"}, {"khong", "gap", "lai"},
	{"khong", "con", "gap"}}

// readClauses rewrites, sentence by sentence, what stands between a
// sentence's opening and closing words (openingWords): a clause that says
// she is leaving ("thôi e ra đồng đây", "e off đây") becomes "bye"; a
// clause about herself (aboutHerself) that smallTalkKind's vocabulary does
// not hold becomes selfToken. self reports either: a goodbye clause and a
// clause about herself are read from word lists, and the classifier has
// the last word on them (Ask). Other sentences are
// kept as they are. toks are syllables as typed, with breaks, after
// smallTalkRead's rewrites; the result is a new slice.
func readClauses(toks []string) (out []string, self bool) {
	out = make([]string, 0, len(toks))
	for start := 0; start < len(toks); {
		end := start
		for end < len(toks) && toks[end] != breakToken {
			end++
		}
		sent := toks[start:end]
		lead := 0
		for lead < len(sent) && openingWords[sent[lead]] {
			lead++
		}
		trail := len(sent)
		for trail > lead && openingWords[sent[trail-1]] {
			trail--
		}
		mid := sent[lead:trail]
		switch {
		case len(mid) == 0:
			out = append(out, sent...)
		case othersAct(mid):
			// "cảm ơn chị, chồng em về rồi": what he does is no small
			// talk, whatever words it uses.
			out = append(out, otherToken)
		case leaving(mid):
			out = append(append(append(out, sent[:lead]...), "bye"), sent[trail:]...)
			self = true // "thôi em về với ông bà đây" reads as harmless as "thôi e về nấu cơm đây"
		case !slices.ContainsFunc(mid, notChatOrFamily) || !aboutHerself(mid):
			out = append(out, sent...)
		default:
			out = append(append(append(out, sent[:lead]...), selfToken), sent[trail:]...)
			// Only a clause the vocabulary could not read is news to it
			// ("để e về nói ck" was thanks before).
			self = self || slices.ContainsFunc(mid, notChat)
		}
		if end < len(toks) {
			out = append(out, breakToken)
		}
		start = end + 1
	}
	return out, self
}

// othersAct reports whether clause tells what someone of her family
// does: one of familyWords (but "con", also how she names herself) before
// the first clauseMarker, and a marker after it ("chồng em về rồi", "ck
// lại đi nhậu").
func othersAct(clause []string) bool {
	family := false
	for _, t := range clause {
		switch {
		case clauseMarkers[t]:
			return family
		case familyWords[t] && t != "con":
			family = true
		}
	}
	return false
}

// notChatOrFamily reports whether t is outside smallTalkKind's
// vocabulary, or a "bot" head that names her family in a clause about
// herself ("để tối e bàn lại với ck"): there it is no question about
// Loa's husband.
func notChatOrFamily(t string) bool {
	return notChat(t) || smallTalkHeads[t] == "bot" && clauseWords[t]
}

// notChat reports whether t is outside smallTalkKind's vocabulary.
func notChat(t string) bool {
	_, head := smallTalkHeads[t]
	return !head && !smallTalkFiller[t] && !smallTalkMore[t] && !chatWords[t] && !isNumber(t)
}

// aboutHerself reports whether clause (one sentence, without its opening)
// tells what she does next, how she feels or a bit of news: at most twelve
// syllables, all of them filler, chat or clauseWords, at least one of
// them a clauseMarker, none a clauseVeto, and nothing that asks
// (readClauses has made sure that no one of her family acts in it).
func aboutHerself(clause []string) bool {
	if len(clause) > 12 || asksStrictly(clause) {
		return false
	}
	marked := false
	for _, t := range clause {
		switch {
		case clauseVeto[t]:
			return false
		case clauseMarkers[t]:
			marked = true
		case clauseWords[t] || !notChat(t):
		default:
			return false
		}
	}
	return marked
}

// leaving reports whether clause says she leaves now: it opens with
// "thôi", how she names herself or how she leaves, holds a leaveWord and
// words of an errand (clauseWords), and ends with "đây" ("thôi e ra đồng
// đây", "e đi đây", "thôi em đi cho heo ăn đây", "e off đây", "thôi khuya
// rồi e ngủ đây"), or says she has to go (mustGo). "đây" followed by
// anything but a particle ("… ở đây được không") is no goodbye.
func leaving(clause []string) bool {
	if len(clause) < 2 || len(clause) > 10 || asksStrictly(clause) {
		return false
	}
	if clause[len(clause)-1] != "day" && !mustGo(clause) {
		return false
	}
	if clause[0] != "thoi" && !selfWords[clause[0]] && !leaveWords[clause[0]] {
		return false // "ck e về đây" is her husband coming, not her leaving
	}
	went := false
	for _, t := range clause[:len(clause)-1] {
		switch {
		case clauseVeto[t], familyWords[t] && !went:
			return false // "thôi ck e về đây": he comes, she does not leave
		case leaveWords[t]:
			went = true
		case t == "thoi" || selfWords[t] || clauseWords[t] || clauseMarkers[t] || !notChat(t):
		default:
			return false
		}
	}
	return went
}

// mustGo reports whether clause says she has to go ("e phải đi đón bé
// rồi", "phải về nấu cơm"): "phải" right before a leaveWord.
func mustGo(clause []string) bool {
	for i := 0; i+1 < len(clause); i++ {
		if clause[i] == "phai" && leaveWords[clause[i+1]] {
			return true
		}
	}
	return false
}

// markPlaces returns toks with every neutral place name (places.yaml)
// written as placeToken: "em ở Sóc Trăng" is news about herself, whatever
// the place.
func (p *placeNames) markPlaces(toks []string) []string {
	if p == nil {
		return toks
	}
	out := make([]string, 0, len(toks))
	for i := 0; i < len(toks); {
		if n := p.at(toks, i); n > 0 {
			out = append(out, placeToken)
			i += n
			continue
		}
		out = append(out, toks[i])
		i++
	}
	return out
}

// openingKinds are the kinds of small talk that only open a message: a
// first sentence about Loa ("Loa là người hay máy vậy, …") or asking her
// to play is what the message is about.
var openingKinds = map[string]bool{"greeting": true, "thanks": true, "goodbye": true, "wish": true}

// openingLength is how many syllables at the start of typed (a message's
// syllables as typed, with breaks) only open it: a first sentence that is
// small talk on its own ("chào chị,", "dạ cảm ơn c nhiều,") with a
// question after it, or else a leading run of openingWords that holds a
// greeting or thanks ("xin chào chị ạ cho em hỏi …"). The matcher reads
// the question without it, as it would read the question alone: the
// opening's syllables only weigh down the confidence of the entry she
// asks for. It is 0 when nothing after the opening is left to read.
func openingLength(typed []string) int {
	n := 0
	if first := slices.Index(typed, breakToken); first > 0 && openingKinds[smallTalkKind(typed[:first])] {
		n = first + 1
	} else {
		head := false
		for n < len(typed) && openingWords[typed[n]] {
			k, ok := smallTalkHeads[typed[n]]
			head = head || ok && (k == "greeting" || k == "thanks") && typed[n] != "loa" && typed[n] != "ok"
			n++
		}
		if !head {
			return 0
		}
	}
	rest := 0
	for _, t := range typed[n:] {
		if t != breakToken {
			rest++
		}
	}
	if rest < 2 {
		return 0
	}
	return n
}
