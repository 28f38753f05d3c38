package address

// Tell reads how the writer of text calls herself, and so how Loa should
// call her: ok is false when the message says nothing about her, or says
// two things at odds; the form kept from before then stands. A Chi with ok
// is a tell too ("em hỏi", "chồng tôi"): it takes back an earlier "bà" or
// "anh".
//
// What counts, strongest first:
//   - a man's words: his wife ("vợ tôi", "vk t", "bà xã tui", "hỏi giùm
//     vợ"), "tôi là đàn ông / nam / con trai / chồng …": Anh, or the man's
//     own pronoun when he uses one ("chú", "ông"); a woman's: her husband
//     ("chồng tôi", "ck e"): Chi, or her own "bà", "cô", "bác";
//   - the pronoun she says "I" with, where a sentence begins and a verb
//     follows ("bà hỏi", "cô năm nay 52", "bác già rồi"), or after "cho"
//     and "chỉ" ("cho bà hỏi", "chỉ cô cách"): "em" is Chi;
//   - Loa called "cháu" (Ba) or "con" (Co), as an elder calls a young one:
//     "… không cháu", "con ơi", "nhờ cháu".
//
// Other people are never her: "bà con" (folks), "bà bầu", "bà ngoại",
// "bà hàng xóm", "cô giáo", "cô ấy", "bác sĩ", "anh hàng xóm", names ("bà
// Tư"), "bả", "ổng" all leave her as she was, because only a pronoun
// followed by a verb, or a pronoun after "cho"/"chỉ", is read as "I". A
// writer who says "tôi", "tui" or "em" is never "bà" or "cô": the "bà" of
// her message is her mother, and the "con" at its end her child; nor is a
// "bà" after "bà cụ", "bà hàng xóm" in the same message.
// A word written without marks is read with care: "co" is far more often
// "có" than "cô", "ba" may be a father or a three, so such a pronoun counts
// only in a message that also calls Loa "cháu"/"con" or tells of a wife.
func Tell(text string) (Form, bool) {
	ws := splitWords(text)
	if len(ws) == 0 {
		return Chi, false
	}
	man, woman := husbandOrWife(ws)
	vocative := calledYoung(ws)
	// She says "tôi", "tui", "em": a "bà" or a "cô" in her message is
	// someone else ("tôi hỏi cho mẹ tôi, bà ở một mình"), and a "con" or
	// "cháu" at its end is her child, not Loa.
	saysI := firstPerson(ws)
	if saysI {
		vocative = map[Form]bool{}
	}
	selves := map[Form]bool{}
	spoken := map[Form]bool{} // pronouns already used for someone else
	for i := range ws {
		f, strong, ok := selfPronoun(ws, i)
		if !ok {
			if pf, other := namesSomeoneElse(ws, i); other {
				spoken[pf] = true
			}
			continue
		}
		if f != Chi && (saysI || spoken[f]) {
			continue // "bà cụ ở một mình … bà đang khóa cửa": the same old woman
		}
		if strong || len(vocative) > 0 || (man && f.man()) {
			selves[f] = true
		}
	}
	// Without a pronoun of his own, a man who calls Loa "cháu" is an elder
	// (bác); a woman who speaks of her husband is called as she calls Loa.
	young, youngOK := onlyVocative(vocative)
	switch {
	case man && woman:
		return Chi, false
	case man && youngOK:
		return onlyOne(selves, Bac, Anh, Chu, Ong, Bac)
	case man:
		return onlyOne(selves, Anh, Anh, Chu, Ong, Bac)
	case woman && youngOK:
		return onlyOne(selves, young, Chi, Ba, Co, Bac)
	case woman:
		return onlyOne(selves, Chi, Chi, Ba, Co, Bac)
	case len(selves) > 0:
		return onlyOne(selves, Chi, Chi, Ba, Co, Bac, Anh, Chu, Ong)
	case youngOK:
		return young, true
	}
	return Chi, false
}

// onlyVocative is the one way the message calls Loa young, if one.
func onlyVocative(vocative map[Form]bool) (Form, bool) {
	if len(vocative) != 1 {
		return Chi, false
	}
	for f := range vocative {
		return f, true
	}
	return Chi, false
}

// onlyOne is the one form of selves among allowed, or none when there is
// none among them; two at odds tell nothing.
func onlyOne(selves map[Form]bool, none Form, allowed ...Form) (Form, bool) {
	var found []Form
	for _, f := range allowed {
		if selves[f] {
			found = append(found, f)
		}
	}
	switch len(found) {
	case 0:
		return none, true
	case 1:
		return found[0], true
	}
	return Chi, false
}

// selfPronouns are the words one may say "I" with, and the form each asks
// for. "em" and "cháu" are a younger woman: "chị" is right for her.
var selfPronouns = []struct {
	word string
	form Form
}{{"bà", Ba}, {"cô", Co}, {"bác", Bac}, {"ông", Ong}, {"chú", Chu}, {"anh", Anh}, {"em", Chi}, {"cháu", Chi}}

// predicates are the words that, right after a pronoun opening a clause,
// make it the subject: "bà hỏi", "cô muốn", "bác không biết". Nouns that
// make it someone else ("bà con", "bà ngoại", "cô giáo", "bác sĩ") are not
// among them.
var predicates = []string{"hỏi", "muốn", "có", "không", "ko", "k", "kg", "hông", "hổng", "hok", "hem", "chưa", "đang", "đã",
	"sẽ", "sắp", "vừa", "mới", "bị", "cần", "định", "tính", "là", "tên", "ở", "thì", "cũng", "được", "đc", "dc", "làm", "nghe",
	"đọc", "biết", "xin", "nhờ", "về", "đi", "mua", "đóng", "vay", "nhìn", "coi", "xem", "thấy", "hiểu", "quên", "tới", "đến",
	"yếu"}

// plainPredicates are those read after a pronoun written without marks
// ("ba", "co", "bac"): "co" is far more often "có", and "có được", "có
// không", "có bị" are everyday words, so only verbs one rarely says after
// "có" are left.
var plainPredicates = []string{"hỏi", "muốn", "đang", "mới", "vừa", "tính", "định", "nhờ", "xin"}

// youngPredicates are those read after "em" and "cháu": "em bị sốt", "cháu
// có giấy khen" are often a child spoken of, never the writer for sure.
var youngPredicates = []string{"hỏi", "muốn", "xin", "cần", "định", "tính", "đang", "là", "không", "ko", "chưa", "mới", "vừa", "cũng", "biết", "nhờ", "thấy"}

// objectVerbs take the writer as their object: "chỉ bà", "giúp cô", "nói
// bác nghe".
var objectVerbs = []string{"chỉ", "giúp", "giùm", "dùm", "dẫn", "nhắc", "nói", "kêu", "bảo"}

// afterObject are the words after "chỉ bà …" that keep "bà" the writer
// ("chỉ bà làm", "giúp bà với") rather than a noun phrase ("giúp bà ngoại").
var afterObject = []string{"làm", "cách", "với", "vs", "nha", "nhé", "nhe", "đi", "coi", "xem", "hiểu", "đọc", "biết", "cái", "hỏi",
	"nghe", "viết", "đăng", "mở", "vào", "tải", "cài", "chút", "tí", "xíu", "bấm", "gọi", "nhắn"}

// selfPronoun reports whether ws[i] is a pronoun the writer uses for
// herself, its form, and whether it is strong: written with its marks
// ("bà", not "ba") or a word with none to lose ("anh", "em").
func selfPronoun(ws []word, i int) (f Form, strong, ok bool) {
	w := ws[i]
	found := false
	for _, p := range selfPronouns {
		if w.is(p.word) {
			f, found, strong = p.form, true, w.exactly(p.word)
			break
		}
	}
	if !found {
		return Chi, false, false
	}
	var next, after *word
	if i+1 < len(ws) && !w.end {
		next = &ws[i+1]
		if i+2 < len(ws) && !next.end {
			after = &ws[i+2]
		}
	}
	young := f == Chi
	if next != nil && next.title {
		return Chi, false, false // a title before a name: "bà Tư", "cô Lan"
	}
	// "cho bà hỏi", "cho em hỏi"
	if i > 0 && !ws[i-1].end && ws[i-1].is("cho") && next != nil && next.is("hỏi", "biết", "xin") {
		return f, strong, true
	}
	// "chỉ bà làm", "giúp bác với", "nói cô nghe"
	if !young && i > 0 && !ws[i-1].end && ws[i-1].is(objectVerbs...) && (next == nil || next.is(afterObject...)) {
		return f, strong, true
	}
	if !w.start || next == nil {
		return Chi, false, false
	}
	preds := predicates
	switch {
	case young:
		preds = youngPredicates
	case !strong:
		preds = plainPredicates
	}
	switch {
	case next.number() && after != nil && after.is("tuổi", "t", "tuoi"):
		return f, strong, !young // "bà 70 tuổi"
	case next.is("năm") && next.low != "nằm":
		// "bà năm nay 70", not "bà Năm" (a name by birth order).
		return f, strong, !young && after != nil && (after.is("nay") || after.number())
	case next.is("già"):
		// "bà già rồi", not "bà già hàng xóm".
		return f, strong, !young && (next.end || after == nil || after.is("rồi", "quá", "lắm", "yếu", "cả", "cả", "mắt", "không", "ko"))
	case next.is(preds...):
		return f, strong, true
	}
	return Chi, false, false
}

// calledYoung is how the message calls Loa, when it calls her "cháu" (an
// old woman's word to a grandchild: Ba) or "con" (Co): "… không cháu",
// "cháu ơi", "nha con", "nhờ cháu", "cháu chỉ bà".
func calledYoung(ws []word) map[Form]bool {
	out := map[Form]bool{}
	for i, w := range ws {
		var f Form
		switch {
		case w.is("cháu"):
			f = Ba
		case w.exactly("con"):
			f = Co
		default:
			continue
		}
		var prev, next *word
		if i > 0 && !ws[i-1].end {
			prev = &ws[i-1]
		}
		if i+1 < len(ws) && !w.end {
			next = &ws[i+1]
		}
		switch {
		case next != nil && next.is("ơi"):
			out[f] = true
		case w.end && prev != nil && prev.is(closingWords...):
			out[f] = true // "… không cháu", "vậy con"
		case next != nil && next.end && next.is("à", "nha", "nhé", "nhe", "nghen", "nhen"):
			out[f] = true // "cháu à", "con nha" ("con ạ" is said up to an elder: her child's)
		case next != nil && next.is("chỉ", "cho", "giúp", "giùm", "dùm", "đọc", "coi", "xem", "hướng") && elderFollows(ws, i+1):
			out[f] = true // "cháu chỉ bà", "con đọc giùm cô" (not "dạy con giúp mẹ", "con chó")
		case prev != nil && prev.is("nhờ") && (next == nil || !next.is(owners...)):
			out[f] = true // "nhờ cháu", not "nhờ cháu tôi"
		case prev != nil && prev.is("hỏi") && i >= 2 && !ws[i-2].end && isPronounWord(ws[i-2]) &&
			(w.end || next == nil || next.is("tí", "chút", "xíu", "cái", "nha", "nhé", "ti", "chut", "xiu")):
			out[f] = true // "bác hỏi cháu tí", "chu hoi chau,"
		}
	}
	return out
}

// elderFollows reports whether one of the three words after ws[i] is an
// elder's pronoun ("chỉ bà", "đọc giùm cô").
func elderFollows(ws []word, i int) bool {
	for j := i + 1; j < len(ws) && j <= i+3; j++ {
		if ws[j].is("bà", "cô", "bác", "ông", "chú") {
			return true
		}
		if ws[j].end {
			break
		}
	}
	return false
}

// closingWords end a question, a request or a statement to someone: the
// name after them is who it is said to ("được không cháu", "vậy con",
// "già rồi con").
var closingWords = []string{"không", "ko", "k", "hông", "hong", "hok", "hem", "chưa", "nha", "nhé", "nhe", "nghe", "nhen", "hả",
	"ha", "hen", "vậy", "z", "đi", "nè", "nhỉ", "sao", "đâu", "gì", "j", "chứ", "rồi"}

// plainWifeOwners may follow "vo" written without marks: "vo toi", "vo
// tui"; "vo e", "vo co", "vo t" are as often "vô" (in).
var plainWifeOwners = []string{"tôi", "tui", "anh", "chú", "ông"}

// owners are words that make a wife or a husband the writer's: "vợ tôi".
var owners = []string{"tôi", "tui", "t", "mình", "tớ", "em", "e", "anh", "chú", "ông", "bác", "chị", "c", "cô", "bà"}

// isPronounWord: w is one of the pronouns one says "I" with.
func isPronounWord(w word) bool {
	_, ok := pronounForm(w)
	return ok
}

// pronounForm is the form of the pronoun w, whoever it names.
func pronounForm(w word) (Form, bool) {
	for _, p := range selfPronouns {
		if w.is(p.word) {
			return p.form, true
		}
	}
	return Chi, false
}

// namesSomeoneElse reports whether ws[i] is a pronoun that, with the word
// after it, names another person: "bà cụ", "bà hàng xóm", "cô giáo", "bà
// Tư"; and its form. ("chồng bà", "nhà bà" may be her own.)
func namesSomeoneElse(ws []word, i int) (Form, bool) {
	f, ok := pronounForm(ws[i])
	if !ok || f == Chi || ws[i].end || i+1 >= len(ws) {
		return f, false
	}
	next := ws[i+1]
	return f, next.title || next.is(otherPersonWords...)
}

// otherPersonWords after "bà", "cô", "bác" … make a noun phrase for
// someone else: age, kin, a trade, a neighbour, a name by birth order.
var otherPersonWords = []string{"cụ", "lão", "hàng", "ngoại", "nội", "ấy", "ta", "kia", "đó", "này", "bầu", "đẻ", "mẹ", "con",
	"giáo", "sĩ", "dâu", "gái", "trai", "chủ", "bán", "tư", "hai", "sáu", "bảy", "tám", "chín", "mười", "út", "xóm", "ruột", "họ"}

// firstPerson reports whether the writer says "I" with a word that is no
// kinship term: "tôi", "tui", "tớ", "t", or "em"/"e" (not "chị em", "em
// bé", "em gái").
func firstPerson(ws []word) bool {
	for i, w := range ws {
		var prev, next *word
		if i > 0 && !ws[i-1].end {
			prev = &ws[i-1]
		}
		if i+1 < len(ws) && !w.end {
			next = &ws[i+1]
		}
		switch {
		case w.exactly("tôi", "tui", "tớ", "t"):
			return true
		case w.exactly("toi") && (next == nil || !next.is("nay", "qua", "rồi", "nơi")):
			return true // "toi" is also "tối", "tới"
		case w.exactly("em", "e"):
			if prev != nil && prev.is("chị", "anh", "các", "mấy", "những", "hai") {
				continue
			}
			if next != nil && next.is("bé", "gái", "trai", "út", "họ", "ruột", "ấy", "nó", "dâu", "rể") {
				continue
			}
			return true
		}
	}
	return false
}

// husbandOrWife reads whether the writer speaks of her husband (woman) or
// of his wife (man): "vợ tôi", "vk t", "bà xã tui", "hỏi giùm vợ", "tôi là
// đàn ông"; "chồng tôi", "ck e", "ông xã em". "vợ chồng tôi" (the couple)
// is neither.
func husbandOrWife(ws []word) (man, woman bool) {
	for i, w := range ws {
		var next, after, prev *word
		if i+1 < len(ws) && !w.end {
			next = &ws[i+1]
			if i+2 < len(ws) && !next.end {
				after = &ws[i+2]
			}
		}
		if i > 0 && !ws[i-1].end {
			prev = &ws[i-1]
		}
		spouse := ""
		n, a := next, after // the words after the spouse
		switch {
		case w.exactly("vợ", "vk", "vo"):
			spouse = "wife"
		case w.is("bà") && next != nil && next.is("xã"):
			spouse, n, a = "wife", after, nil
		case w.exactly("chồng", "ck", "chong"):
			spouse = "husband"
		case w.is("ông") && next != nil && next.is("xã"):
			spouse, n, a = "husband", after, nil
		}
		if spouse == "" {
			// "tôi là đàn ông", "mình là con trai", "tôi là chồng …",
			// "tôi đàn ông"
			if w.is("tôi", "tui", "t", "mình", "tớ", "em", "e") && next != nil {
				n, a := next, after
				if n.is("là") {
					if n.end || i+2 >= len(ws) {
						continue
					}
					n, a = after, nil
					if i+3 < len(ws) && !ws[i+2].end {
						a = &ws[i+3]
					}
					if n.is("nam", "chồng", "bố") || (n.exactly("con", "thằng") && a != nil && a.is("trai")) {
						man = true
					}
				}
				if (n.is("đàn") && a != nil && a.is("ông")) || (n.is("nam") && a != nil && a.is("giới")) {
					man = true
				}
			}
			continue
		}
		if prev != nil && prev.is("vợ", "vk", "chồng", "ck") || n != nil && n.is("vợ", "vk", "chồng", "ck") {
			continue // "vợ chồng tôi"
		}
		if n != nil && n.is("của") && a != nil {
			n = a // "vợ của tôi"
		}
		// "vợ tôi", not "vợ em trai tôi", "vợ anh ấy", "vợ chú Ba". "vo"
		// without marks is also "vô" (in: "vô tổ", "bấm vô cô …"): it
		// needs an owner that is surely a pronoun.
		ownerWords := owners
		if w.exactly("vo") {
			ownerWords = plainWifeOwners
		}
		owned := n != nil && n.is(ownerWords...) && !n.exactly("to") && (a == nil || !a.title && !a.is("ấy", "ta", "kia", "đó")) &&
			!(n.is("em", "e") && a != nil && a.is("trai", "gái", "tôi", "tui", "mình", "út", "họ"))
		// "hỏi giùm vợ", "hỏi cho vợ tôi": not "không cho vợ giữ tiền".
		onBehalf := prev != nil && prev.is("giúp", "giùm", "dùm", "hộ", "cho") && i >= 2 && ws[i-2].is("hỏi") &&
			(n == nil || !n.is("nó", "ổng", "họ", "hắn", "anh", "chú"))
		if spouse == "wife" && (owned || onBehalf || w.is("bà")) {
			man = true
		}
		if spouse == "husband" && owned {
			woman = true
		}
	}
	return man, woman
}
