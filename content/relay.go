package content

// A third of members' questions are relayed for someone else: "chị hàng
// xóm nhờ em hỏi …", "má e hỏi …", "hỏi giùm bạn em với, …", "chi hội em
// có chị hỏi là …". The frame names people (a neighbour, a mother-in-law, a
// friend) whose words pull towards the entries about neighbours, families
// and branches, and make the classifier lean to off-topic chat, while what
// is asked sits after it. relayFrame finds the frame so that Ask matches
// what is asked without it (the safety layer still reads the whole message).

// relayPeople are the words of a frame's person: kin, neighbours, members,
// and the possessives and pronouns around them ("mẹ chồng em", "cô út",
// "chị trong tổ", "bạn thân của mình").
var relayPeople = map[string]bool{"chi": true, "hang": true, "xom": true, "ma": true, "me": true,
	"ba": true, "bo": true, "ong": true, "co": true, "di": true, "bac": true, "ban": true,
	"chong": true, "vo": true, "con": true, "em": true, "e": true, "minh": true, "toi": true,
	"tui": true, "cua": true, "trong": true, "to": true, "nguoi": true, "quen": true, "than": true,
	"dong": true, "nghiep": true, "ut": true, "hai": true, "tu": true, "nam": true, "gai": true,
	"trai": true, "ngoai": true, "noi": true, "nha": true, "ben": true, "canh": true, "ke": true,
	"hoi": true, "vien": true, "mot": true, "1": true, "may": true, "chau": true, "anh": true,
	"dau": true, "re": true, "sui": true, "thim": true, "mo": true, "cau": true, "chu": true,
	"bi": true, "thu": true, "truong": true, "ap": true, "xa": true, "loa": true, "oi": true,
	"a": true, "ad": true, "da": true, "thua": true, "no": true, "ay": true, "kia": true}

// relayKin are the people a frame names (a frame needs one, or a verb of
// relaying such as "nhờ", "giùm").
var relayKin = map[string]bool{"ma": true, "me": true, "ba": true, "bo": true, "ong": true,
	"co": true, "di": true, "bac": true, "ban": true, "chong": true, "vo": true, "xom": true,
	"chau": true, "thim": true, "mo": true, "cau": true, "chu": true, "dau": true, "re": true,
	"sui": true, "nghiep": true, "chi": true, "anh": true, "nguoi": true}

// relayPossessive: a kin word followed by one of them is someone's kin ("má
// em hỏi"), not the conjunction "mà" or the verb "có".
var relayPossessive = map[string]bool{"em": true, "e": true, "minh": true, "toi": true, "tui": true,
	"con": true, "chau": true}

// relayTail may follow the relaying verb inside the frame: "hỏi giùm cho
// má em với", "nhờ em hỏi Loa là", "muốn biết xem".
var relayTail = map[string]bool{"loa": true, "ad": true, "admin": true, "la": true, "rang": true,
	"xem": true, "thu": true, "voi": true, "nay": true, "a": true, "oi": true,
	"chut": true}

// relayFrame returns the range [start, end) of toks that frames a relayed
// question, or end 0 when there is none. A frame is a relaying verb ("nhờ
// … hỏi", "hỏi giùm/dùm/hộ …", a kin word with a possessive and "hỏi",
// "muốn biết", "nhờ"), with the people before it back to the start of its
// sentence and the words that close it after it; something must follow it.
func relayFrame(toks []string) (start, end int) {
	at := func(i int, w string) bool { return i >= 0 && i < len(toks) && toks[i] == w }
	for i := 0; i < len(toks); i++ {
		vEnd := -1 // end of the relaying verb when one starts at i
		switch {
		case at(i, "nho") && at(i+1, "hoi"):
			vEnd = i + 2
		case at(i, "nho") && relayPossessive[tokAt(toks, i+1)] && at(i+2, "hoi"):
			vEnd = i + 3
		case at(i, "hoi") && (at(i+1, "gium") || at(i+1, "dum")):
			vEnd = i + 2
		case at(i, "hoi") && (at(i+1, "giup") || at(i+1, "ho")) &&
			(at(i+2, "cho") || relayKin[tokAt(toks, i+2)] && relayPossessive[tokAt(toks, i+3)]):
			// "hỏi giúp cho …", "hỏi hộ bạn em": not "hội giúp", "hội hỗ trợ"
			vEnd = i + 2
		case i >= 2 && toks[i-2] == "co" && relayKin[toks[i-1]] && at(i, "hoi") &&
			(at(i+1, "la") || at(i+1, "rang") || at(i+1, breakToken)):
			// "chi hội em có chị hỏi là …", not "có chi hội nào"
			vEnd = i + 1
		case i >= 2 && relayKin[toks[i-2]] && relayPossessive[toks[i-1]] &&
			(at(i, "hoi") && !at(i+1, "phu") && !at(i+1, "vien") || at(i, "nho") ||
				at(i, "muon") && (at(i+1, "biet") || at(i+1, "hoi"))):
			vEnd = i + 1
			if at(i, "muon") {
				vEnd = i + 2
			}
			if at(i, "nho") && at(i+1, "hoi") {
				vEnd = i + 2
			}
		}
		if vEnd < 0 {
			continue
		}
		s := i
		for s > 0 && relayPeople[toks[s-1]] {
			s--
		}
		if s > 0 && toks[s-1] != breakToken {
			continue // the verb stands inside a sentence of her own
		}
		e := vEnd
		if at(e, "gium") || at(e, "dum") || at(e, "giup") || at(e, "ho") {
			e++
		}
		if at(e, "cho") {
			e++
		}
		if at(e-1, "gium") || at(e-1, "dum") || at(e-1, "giup") || at(e-1, "ho") || at(e-1, "cho") {
			for e < len(toks) && relayPeople[toks[e]] && toks[e] != "loa" {
				e++
			}
		}
		for e < len(toks) && (relayTail[toks[e]] || toks[e] == breakToken) {
			e++
		}
		if words(toks[e:]) < 2 {
			return 0, 0
		}
		return s, e
	}
	return 0, 0
}

func tokAt(toks []string, i int) string {
	if i < 0 || i >= len(toks) {
		return ""
	}
	return toks[i]
}
