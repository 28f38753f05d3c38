package content

import "slices"

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
	// of a complaint that carry no question ("hoài", "hết"). The roles
	// below add more by kind of word, not by message.
	smallTalkMore = map[string]bool{"c": true, "e": true, "j": true, "bn": true, "nghen": true, "nhen": true,
		"ghe": true, "wa": true, "hoai": true, "het": true, "ak": true, "z": true, "v": true,
		"chut": true, "xiu": true, // "em hỏi chút": the question is still to come
		"hong": true, "cu": true, "su": true, // "hông" (không), "cứ", "thật sự"
		"ec": true} // "dở ẹc": the intensifier after a complaint word
	// chatWords are the words of talk about the talk itself, none of which
	// names anything the Union does: exclamations ("trời", "ủa", "trơn"),
	// later and again ("mai", "lát", "tiếp", "lại", "sau"), talking and
	// waiting ("chat", "rep", "nhắn", "đợi", "chờ" is "cho"), being and
	// doing ("phải", "đang", "với", "ở đâu", "rảnh"), an answer's faults
	// ("sai", "lung tung", "lạc đề", "kỳ", "vô duyên", "tào lao", "ba lăng
	// nhăng", "lâu", "chậm", "trễ", "tệ", "bét", "chẳng") and a goodbye's
	// errands ("đi ngủ", "đón con", "nấu cơm", "làm thử", "về nói chồng").
	// A message made of them and of filler is small talk only when it
	// also holds a head word or one of the shapes smallTalkRead reads; a
	// single word of a question ("vay", "thẻ", "hồ sơ", "tuổi thì") keeps
	// it a question.
	chatWords = map[string]bool{
		"troi": true, "ui": true, "ua": true, "haiz": true, "tron": true, "nhi": true, "ta": true, "hen": true,
		"mai": true, "lat": true, "tiep": true, "lai": true, "sau": true, "gio": true, "nua": true, "khac": true,
		"chat": true, "rep": true, "nhan": true, "tin": true, "doi": true, "thay": true,
		"phai": true, "dang": true, "voi": true, "dau": true, "ranh": true, "hat": true,
		"sai": true, "ki": true, "cuc": true, "lung": true, "tung": true, "linh": true, "tinh": true, "lac": true, "ky": true,
		"duyen": true, "lang": true, "nhang": true, "lau": true, "cham": true, "tre": true, "te": true,
		"bet": true, "chang": true,
		"thoi": true, "di": true, "don": true, "nau": true, "thu": true, "ngu": true, "can": true, "khoi": true, "nghi": true,
		"gap": true, "chan": true, "met": true, "im": true, "re": true, "mot": true, "neo": true,
		"chu": true, "y": true, // "chữ nhiều quá", "không đúng ý"
		selfToken: true} // a clause about herself (readClauses): talk, of no kind by itself
	// complaintWords are a complaint when an intensifier follows them:
	// "chậm quá", "chán ghê", "tệ thật", "dở ẹc", "lâu quá", "trễ quá";
	// so is a simile ("chậm như rùa").
	// "dài quá" is an answer too long to read.
	complaintWords = map[string]bool{"cham": true, "chan": true, "te": true, "do": true, "lau": true, "tre": true, "sai": true, "dai": true}
	// praiseWords are praise when an intensifier follows them: "hay quá",
	// "nhanh ghê", "thông minh thiệt".
	// "dẻo" (smooth-talking) praises how she talks.
	praiseWords  = map[string]bool{"hay": true, "nhanh": true, "minh": true, "tot": true, "xin": true, "tuyet": true, "deo": true}
	intensifiers = map[string]bool{"qua": true, "wa": true, "ghe": true, "the": true, "that": true, "vay": true, "z": true, "ec": true, "thiet": true, "bet": true, "troi": true}
	// weakAddress call Loa as one calls a woman ("c", "chị", "em"), but
	// also the member herself: only with a question about a name or an
	// age, or whether she is a person, do they address Loa.
	weakAddress   = map[string]bool{"c": true, "chi": true, "em": true, "e": true}
	aboutLoaHeads = map[string]bool{"ten": true, "tuoi": true}
	askWords      = map[string]bool{"gi": true, "j": true, "bn": true, "bao": true, "may": true, "nhieu": true, "sao": true}
	// natureWords are what Loa may be, after "phải" or "là" ("có phải
	// người không", "là máy hả") or around "hay" ("người hay máy").
	natureWords = map[string]bool{"nguoi": true, "may": true, "robot": true, "bot": true, "ai": true}
	// waitWords followed by a duration are a complaint about her speed:
	// "chờ hoài", "đợi lâu", "đợi nãy giờ".
	waitWords = map[string]bool{"cho": true, "doi": true}
	durations = map[string]bool{"hoai": true, "lau": true, "mai": true, "nay": true, "mon": true}
	// feelingWords asked of Loa by name ("bot có mệt không", "Loa có buồn
	// không") are a question about her, like her age: only with a strong
	// address (smallTalkAddress), since "em có mệt không" may be anyone.
	feelingWords = map[string]bool{"met": true, "buon": true, "vui": true, "khoe": true, "doi": true}
	// playFollow are the words that go on asking Loa to play after the
	// verb (playStart): for whom, what ("cho e nghe", "1 bài", "chuyện
	// cười", "cổ tích", "chuyện ma", "tặng em"). "buồn" (bored, sad)
	// said with such a wish is why she asks, not news.
	playFollow = map[string]bool{"cho": true, "e": true, "em": true, "chi": true, "c": true, "con": true,
		"nghe": true, "1": true, "mot": true, "bai": true, "cau": true, "chuyen": true, "truyen": true,
		"cuoi": true, "co": true, "tich": true, "ma": true, "vui": true, "hai": true, "tang": true, "coi": true,
		"xem": true}
	// loverWords are asked of Loa after "có" and before "chưa" or "không":
	// whether she has a lover ("có bồ chưa", "có ny ko", "có người yêu
	// chưa", "có chồng chưa") is play, not a question about her.
	// "ny" (người yêu) reads "nay" once normalised.
	loverWords = map[string]bool{"bo": true, "ny": true, "nay": true, "gau": true, "chong": true, "ck": true}
	// faultPairs are faults of her answers in two syllables: "khó hiểu",
	// "tùm lum", "lan man", "rối rắm", "hiểu sai", "vô dụng".
	faultPairs = map[string]bool{"kho hieu": true, "tum lum": true, "lan man": true, "roi ram": true,
		"hieu sai": true, "vo dung": true,
		"long vong": true, "dai thong": true, "dai dong": true, "kho khan": true} // "lòng vòng", "dài thòng", "dài dòng", "khô khan"
	// readFailWords after "đọc" and a negation: too long or too hard to
	// read ("đọc không nổi", "đọc ko hết", "đọc không hiểu").
	readFailWords = map[string]bool{"noi": true, "het": true, "hieu": true, "kip": true, "duoc": true, "dc": true}
	// laterWords before "khác" or "sau" put the talk off: "lúc khác",
	// "bữa khác", "hôm sau", "dịp khác".
	laterWords = map[string]bool{"luc": true, "bua": true, "hom": true, "dip": true, "khi": true}
	// comeWords after "lâu quá không" or "lâu rồi mới": she comes back.
	comeWords = map[string]bool{"vo": true, "vao": true, "nhan": true, "ghe": true, "gap": true, "chat": true, "hoi": true}
	// helpWords tell of help received ("nhờ Loa mà e gọi được", "họ giúp e
	// liền", "e mừng lắm"): after thanks, a story of them is more thanks.
	helpWords = map[string]bool{"nho": true, "giup": true, "duoc": true, "dc": true, "mung": true, "xong": true, "on": true}
	// callWords are called with "ơi": forms of address of a woman or of
	// the bot ("c ơi", "chị ơi", "ad ơi", "Loa ơi", "bạn ơi").
	callWords = map[string]bool{"c": true, "chi": true, "em": true, "e": true, "ad": true, "admin": true, "loa": true,
		"bot": true, "ban": true, "co": true, "di": true, "ba": true}
	// negWords before "hiểu" or "biết" tell that Loa does not understand
	// ("nói hoài không hiểu", "không biết gì hết").
	negWords = map[string]bool{"khong": true, "ko": true, "k": true, "chang": true}
)

// smallTalkShape is what smallTalkRead finds in a message beyond its words.
type smallTalkShape struct {
	// addressed: the message asks Loa about herself through a weak
	// address (her name or age, or whether she is a person).
	addressed bool
	// answering: it speaks of her answering ("trả lời", "rep") and names
	// nothing else: a complaint about her answers, or a nudge.
	answering bool
	// lost: it says she does not understand or know ("không hiểu",
	// "không biết gì"), an insult when she is named or it says "hoài".
	lost bool
	// away: someone is not back ("chưa về", "không thấy về"): "đợi lâu
	// quá mà con chưa về" is no complaint about Loa's speed but may be a
	// child gone missing, never small talk.
	away bool
	// play: it asks Loa to tell a story or a joke, or to sing.
	play bool
	// feeling: it asks how Loa feels ("có mệt không").
	feeling bool
	// call: it calls someone by a form of address and "ơi" ("c ơi", "ad
	// ơi", "chị ơi có đó không"): with nothing else, a greeting that
	// waits for the question.
	call bool
}

// smallTalkRead rewrites the shapes of small talk in toks (the message's
// syllables as typed) into smallTalkKind's vocabulary, and reports what
// else it saw. The result is a new slice; toks is not changed.
//
// The shapes are made of kinds of words, not of messages: whether Loa is
// a person ("phải"/"là" before a person or a machine), a fault of her
// answer with an intensifier ("lâu quá", "sai bét"), praise with one
// ("nhanh ghê"), waiting with a duration ("chờ hoài", "đợi nãy giờ"),
// asking again later ("mai hỏi tiếp", "hẹn gặp lại"), a goodbye clause
// ("thôi e đi nấu cơm đây").
func smallTalkRead(toks []string) (out []string, sh smallTalkShape) {
	out = make([]string, 0, len(toks))
	head, ask, weak, nature := false, false, false, false
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		next := func(k int) string {
			if i+k < len(toks) {
				return toks[i+k]
			}
			return ""
		}
		switch {
		case t == "thoi" && next(1) == "chao":
			out = append(out, "bye") // "thôi chào Loa nhé": a goodbye, not a greeting
			i++
			continue
		case t == "tam" && next(1) == "biet", t == "bai" && next(1) == "bai":
			out = append(out, "bye") // "tạm biệt", "bai bai"
			i++
			continue
		case laterWords[t] && (next(1) == "khac" || next(1) == "sau"):
			out = append(out, "bye") // "để lúc khác", "bữa khác em nhắn tiếp", "hẹn hôm sau"
			i++
			continue
		case t == "lau" && (intensifiers[next(1)] || next(1) == "roi") && (negWords[next(2)] || next(2) == "moi" || next(2) == "chua") && comeWords[next(3)]:
			// "lâu quá ko vô", "lâu rồi mới vô": news of her coming back,
			// no complaint about Loa's speed.
			out = append(out, selfToken)
			i += 3
			continue
		case t == "di" && next(1) == "ngu":
			out = append(out, "bye") // "đi ngủ", not "ngu"
			i++
			continue
		case t == "ai" && next(1) == "o" && (next(2) == "do" || next(2) == "day"):
			out = append(out, "alo") // "có ai ở đó không"
			i += 2
			continue
		case t == "co" && next(1) == "ai" && (negWords[next(2)] || next(2) == "hong" || next(2) == "hok"):
			out = append(out, "alo") // "có ai không": anyone there? ("có ai không cứu em" keeps its word of harm)
			i += 2
			continue
		case (t == "la" || t == "phai") && natureWords[next(1)]:
			out = append(out, t, "robot") // "mày là bot hả", "có phải người không"
			nature = true
			i++
			i += natureChoice(toks[i+1:]) // "là người thiệt hay máy"
			continue
		case t == "voi" && natureWords[next(1)] && next(1) != "ai":
			out = append(out, t, "robot") // "nói chuyện với máy"
			nature = true
			i++
			continue
		case natureWords[t] && natureChoice(toks[i+1:]) > 0:
			out = append(out, "robot") // "người hay máy"
			nature = true
			i += natureChoice(toks[i+1:])
			continue
		case t == "tu" && next(1) == "dong":
			out = append(out, "robot") // "tin nhắn tự động"
			nature = true
			i++
			continue
		case complaintWords[t] && intensifiers[next(1)] && (t != "do" || next(1) == "ec") && !(sh.play && t == "chan"):
			out = append(out, complaintToken, next(1)) // "chậm quá": a complaint, answered as one
			i++
			continue
		case complaintWords[t] && smallTalkAddress[next(1)] && intensifiers[next(2)] && !(sh.play && t == "chan"):
			out = append(out, complaintToken, next(1), next(2)) // "chán Loa ghê"
			i += 2
			continue
		case complaintWords[t] && next(1) == "nhu" && next(2) != "" && next(2) != breakToken:
			out = append(out, complaintToken) // "chậm như rùa (bò)", "dở như hạch": a simile of her fault
			i += 2
			if notChat(next(1)) && next(1) != breakToken {
				i++
			}
			continue
		case faultPairs[t+" "+next(1)]:
			out = append(out, complaintToken) // "khó hiểu", "tùm lum", "hiểu sai", "vô dụng"
			i++
			continue
		case t == "doc" && negWords[next(1)] && readFailWords[next(2)]:
			out = append(out, complaintToken) // "đọc không nổi", "đọc ko hết": too long to read
			i += 2
			continue
		case negWords[t] && next(1) == "giup" && (next(2) == "duoc" || next(2) == "dc"):
			out = append(out, complaintToken) // "không giúp được gì"
			i += 2
			continue
		case negWords[t] && next(1) == "dung" && next(2) == "y":
			out = append(out, complaintToken) // "không đúng ý em"
			i += 2
			continue
		case negWords[t] && next(1) == "hoi" && next(2) == "nua":
			out = append(out, complaintToken) // "thôi ko hỏi nữa": she gives up
			i += 2
			continue
		case t == "hoi" && (next(1) == "hoai" || next(1) == "mai"):
			out = append(out, complaintToken, "hoai") // "hỏi hoài mà không ra", "hỏi mãi không hiểu"
			i++
			continue
		case t == "bat" && next(1) == "bam", t == "bam" && (next(1) == "nut" || next(1) == "hoai"):
			out = append(out, complaintToken) // "cứ bắt bấm nút hoài"
			i++
			if next(1) == "nut" {
				i++
			}
			continue
		case t == "de" && next(1) == "thuong":
			out = append(out, "gioi") // "nói chuyện dễ thương": praise, thanked for
			i++
			continue
		case praiseWords[t] && intensifiers[next(1)]:
			out = append(out, "gioi", next(1)) // "nhanh ghê": praise, thanked for
			i++
			continue
		case waitWords[t] && durations[next(1)]:
			out = append(out, complaintToken, "hoai") // "chờ hoài", "chờ mòn": waited too long
			i++
			continue
		case waitWords[t] && next(1) == "muon" && durations[next(2)]:
			out = append(out, complaintToken, "hoai") // "chờ muốn mòn": waited too long
			i += 2
			continue
		case playStart(toks, i) > 0:
			// "kể chuyện cười e nghe", "hát cho em nghe", "đố vui",
			// "làm thơ tặng em", "chơi nối chữ", "có ny chưa": she asks
			// Loa to play.
			sh.play = true
			out = append(out, playToken)
			i += playStart(toks, i) - 1
			for i+1 < len(toks) && playFollow[toks[i+1]] {
				i++
			}
			continue
		case t == "co" && feelingWords[next(1)] && negWords[next(2)]:
			sh.feeling = true // "bot có mệt không"
			out = append(out, "tuoi", next(2))
			i += 2
			continue
		case t == "hoi" && (next(1) == "tiep" || next(1) == "sau" ||
			next(1) == "lai" && (next(2) == "" || next(2) == breakToken || next(2) == "sau" || smallTalkFiller[next(2)] && next(2) != "ai")),
			t == "gap" && next(1) == "lai":
			out = append(out, "bye") // "mai e hỏi tiếp", "hẹn gặp lại"
			i++
			continue
		case t == "tra" && next(1) == "loi", t == "rep":
			sh.answering = true
		case t == "oi" && i > 0 && callWords[toks[i-1]]:
			sh.call = true
		case negWords[t] && (next(1) == "hieu" || next(1) == "biet" || next(1) == "hiu"):
			sh.lost = true
		}
		if t == "chua" || negWords[t] {
			for k := 1; k <= 3 && next(k) != "" && next(k) != breakToken; k++ {
				sh.away = sh.away || next(k) == "ve" // "chưa về", "không thấy con về"
			}
		}
		head = head || aboutLoaHeads[t]
		ask = ask || askWords[t]
		weak = weak || weakAddress[t]
		out = append(out, t)
	}
	sh.addressed = weak && (head && ask || nature)
	return out, sh
}

// playStart returns how many syllables at toks[i] begin asking Loa to
// play, 0 when none do: "kể" before a story within three syllables ("kể
// em nghe chuyện", "kể chuyện cười"), "hát" before whom or what ("hát cho
// em nghe", "hát 1 bài", "hát đi", "biết hát không"), "đố vui", "làm
// thơ", "nhảy" or "múa" after "biết", "chơi" a game ("chơi nối chữ",
// "chơi trò"), "nói chuyện cho vui" or "với em chút đi" (not "chồng
// không nói chuyện với em"), and "có" a lover "chưa".
func playStart(toks []string, i int) int {
	at := func(k int) string {
		if i+k < len(toks) {
			return toks[i+k]
		}
		return ""
	}
	prev := ""
	if i > 0 {
		prev = toks[i-1]
	}
	switch t := toks[i]; {
	case t == "ke":
		for k := 1; k <= 3; k++ {
			switch at(k) {
			case "chuyen", "truyen":
				if at(k+1) == "gi" {
					return k + 2 // "kể chuyện gì vui đi"
				}
				return k + 1
			case "cho", "e", "em", "chi", "c", "con", "nghe", "mot", "1", "cau":
			default:
				return 0
			}
		}
	case t == "hat":
		switch at(1) {
		case "cho", "di", "1", "mot", "bai", "nghe", "coi", "khong", "ko", "k", "hong", "":
			return 1
		}
	case t == "do" && at(1) == "vui", t == "lam" && at(1) == "tho", t == "doc" && at(1) == "tho":
		return 2
	case (t == "nhay" || t == "mua") && prev == "biet":
		return 1
	case t == "choi" && (at(1) == "noi" && at(2) == "chu"):
		return 3
	case t == "choi" && (at(1) == "tro" || at(1) == "game"):
		return 2
	case t == "noi" && at(1) == "chuyen" && (at(2) == "cho" && at(3) == "vui" || at(2) == "vui"):
		return 2
	case t == "noi" && at(1) == "chuyen" && at(2) == "voi" && weakAddress[at(3)] &&
		(at(4) == "chut" || at(4) == "xiu" || at(4) == "di"):
		return 4 // "nói chuyện với em chút đi"
	case t == "co":
		n := 0
		switch {
		case at(1) == "nguoi" && at(2) == "yeu", at(1) == "ban" && at(2) == "trai":
			n = 3
		case loverWords[at(1)]:
			n = 2
		}
		if n > 0 && (at(n) == "chua" || negWords[at(n)]) {
			return n
		}
	}
	return 0
}

// natureChoice returns how many syllables at the start of rest (what
// follows a person or a machine) finish a choice between the two: "hay
// máy" in "người hay máy", "thiệt hay máy" in "người thiệt hay máy"; 0
// when rest is no such choice.
func natureChoice(rest []string) int {
	n := 0
	if n < len(rest) && (rest[n] == "thiet" || rest[n] == "that") {
		n++
	}
	if n+1 < len(rest) && rest[n] == "hay" && natureWords[rest[n+1]] {
		return n + 2
	}
	return 0
}

// ackWords say she has read: "dạ", "ừ", "ờ", "uh", "ạ".
var ackWords = map[string]bool{"da": true, "u": true, "uh": true, "uk": true, "um": true, "uhm": true, "o": true, "a": true}

// acknowledged reports whether toks (syllables as typed, with breaks) are
// only one to three words of acknowledgement ("dạ", "dạ ạ", "ừ"): after an
// answer she says she has read it, and is thanked back, not shown
// questions she did not ask.
func acknowledged(toks []string) bool {
	n := 0
	for _, t := range toks {
		if t == breakToken {
			continue
		}
		if !ackWords[t] {
			return false
		}
		n++
	}
	return n > 0 && n <= 3
}

// thanksThenStory reports whether toks (syllables as typed, with breaks)
// open with a clause that is thanks on its own and go on to tell of help
// received without asking anything: "cam on Loa nhieu nha, hom bua nho Loa
// chi ma e goi dc tong dai, ho giup e lien, e mung lam" is thanks, however
// long its story. A later sentence that asks ("cảm ơn c, cho e hỏi …"), or
// says she wants something ("muốn"), keeps the message a question.
func thanksThenStory(toks []string) bool {
	first := slices.Index(toks, breakToken)
	if first <= 0 || first == len(toks)-1 || len(toks) > 48 || smallTalkKind(toks[:first]) != "thanks" {
		return false
	}
	helped := false
	rest := toks[first+1:]
	for len(rest) > 0 {
		end := slices.Index(rest, breakToken)
		if end < 0 {
			end = len(rest)
		}
		sentence := rest[:end]
		if asksStrictly(sentence) {
			return false
		}
		for _, t := range sentence {
			if t == "hoi" || t == "muon" || t == "can" {
				return false
			}
			helped = helped || helpWords[t]
		}
		rest = rest[min(end+1, len(rest)):]
	}
	return helped
}
