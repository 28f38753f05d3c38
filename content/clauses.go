package content

// A member who writes simple Vietnamese writes short clauses with few
// function words: "Tôi người S'tiêng. Muốn vay tiền mua heo. Không có sổ
// đỏ. Vay được không". Another tells of a wedding or the harvest first and
// asks last: "… gặp mấy chị làm hợp tác xã giàu quá. Tui cũng muốn làm mà
// không biết bắt đầu, hội có ai hướng dẫn hông". Each clause of such a
// message plays one role, and the matcher weighs it by that role
// (weighClauses):
//   - a self-introduction names who she is, not what she asks ("tôi người
//     Ê Đê", "không biết chữ nhiều"): it weighs almost nothing;
//   - a question asks ("… được không", "ai dạy", "hội giúp sao"): full
//     weight;
//   - a need says what she wants ("muốn làm hợp tác xã"): when nothing
//     else asks, it is the question;
//   - the rest tells her life around the question: context weight.
// A question that names no subject of its own ("vay được không", "hội giúp
// sao", "ai dạy") points back to the need before it ("muốn vay tiền mua
// heo"), which then weighs fully too.

// clauseRole is what one clause of a message does.
type clauseRole uint8

const (
	roleStory clauseRole = iota // tells her life around the question
	roleIntro                   // introduces herself, names no topic
	roleAsk                     // asks
	roleNeed                    // says what she wants, asks nothing
)

// clause is one clause of a message: toks[start:end] and its role; thin
// when it names almost nothing but function words (thinClause).
type clause struct {
	start, end int
	role       clauseRole
	thin       bool
}

// introPeople are the words after which a short clause about herself names
// her people ("tôi người Ê Đê", "em dân tộc Chơ Ro", "tui là đồng bào
// Khmer").
var introPeople = map[string]bool{"nguoi": true, "dan": true, "dong": true}

// introLetters are the words of a clause that says how well she reads
// ("không biết chữ nhiều", "tui ít học", "chữ không rành"), with the
// function words around them.
var introLetters = map[string]bool{"khong": true, "ko": true, "k": true, "hong": true, "chua": true,
	"it": true, "biet": true, "doc": true, "viet": true, "chu": true, "nhieu": true, "lam": true,
	"may": true, "hoc": true, "ranh": true, "gi": true, "het": true, "duoc": true, "nghia": true,
	"cung": true, "lau": true, "cho": true, "lon": true}

// introSelf name the writer, or the one she speaks of, in a clause.
var introSelf = map[string]bool{"toi": true, "tui": true, "em": true, "e": true, "minh": true,
	"con": true, "chau": true, "la": true}

// introClause reports whether a clause only introduces her: her people
// ("tôi người S'tiêng", "em là người dân tộc Mạ": at most four syllables
// after the word for people) or how well she reads ("không biết chữ
// nhiều"). A clause that asks anything else, or says what she wants, is
// no introduction.
func introClause(toks []string) bool {
	i := 0
	for i < len(toks) && introSelf[toks[i]] {
		i++
	}
	if i > 0 && i < len(toks) && introPeople[toks[i]] && len(toks)-i <= 5 {
		if toks[i] == "dan" && (i+1 >= len(toks) || toks[i+1] != "toc") ||
			toks[i] == "dong" && (i+1 >= len(toks) || toks[i+1] != "bao") {
			return false
		}
		// An ethnic name may fold into a question word ("S'tiêng"
		// reads "sao tiêng"): only a clause that asks as a whole is no
		// introduction.
		return !asksStrictly(toks) && !needClause(toks)
	}
	letters := false
	for _, t := range toks[i:] {
		if !introLetters[t] && !introSelf[t] {
			return false
		}
		letters = letters || t == "chu" || t == "hoc"
	}
	return letters && len(toks) <= 8
}

// functionWords are the syllables that name nothing a member asks about:
// pronouns, particles, question words and the verbs of asking and wanting.
// A clause made almost only of them is thin: "vay được không", "hội giúp
// sao", "ai dạy", "e phải nói sao cho bả hiểu".
var functionWords = map[string]bool{"toi": true, "tui": true, "em": true, "e": true, "minh": true,
	"chi": true, "c": true, "anh": true, "ban": true, "ad": true, "ba": true, "ong": true, "co": true,
	"no": true, "ho": true, "ta": true, "khong": true, "ko": true, "k": true, "hong": true, "hok": true,
	"chua": true, "gi": true, "j": true, "sao": true, "nao": true, "dau": true, "ai": true, "may": true,
	"nhieu": true, "a": true, "ha": true, "nhe": true, "nha": true, "nhi": true, "vay": true, "z": true,
	"oi": true, "ne": true, "the": true, "roi": true, "la": true, "thi": true, "ma": true, "cung": true,
	"van": true, "duoc": true, "dc": true, "phai": true, "nen": true, "hay": true, "voi": true,
	"va": true, "de": true, "cho": true, "giup": true, "gium": true, "dum": true, "lam": true,
	"biet": true, "muon": true, "can": true, "hoi": true, "dang": true, "se": true, "da": true,
	"mot": true, "cai": true, "nay": true, "do": true, "kia": true, "luon": true, "nua": true,
	"qua": true, "troi": true, "hen": true, "nghen": true, "ak": true, "u": true, "uh": true,
	"day": true, "chac": true, "bat": true, "tu": true, "ra": true, "vo": true, "len": true, "xuong": true,
	"huong": true, "dan": true, "noi": true, "hieu": true, "bay": true}

// thinClause reports whether a clause names at most one syllable that is
// not a function word: what it asks about stands in a clause before.
func thinClause(toks []string) bool {
	n := 0
	for i, t := range toks {
		if !functionWords[t] && !isNumber(t) || i > 0 && foldedNames[toks[i-1]+" "+t] {
			n++
		}
	}
	return n <= 1
}

// foldedNames are pairs of function words that, folded, name a thing she
// asks about: "chi hội" (the Union's branch, not "chị hỏi"), "chỗ ở" (a
// place to stay, not "cho ở").
var foldedNames = map[string]bool{"chi hoi": true, "cho o": true}

// maxPointBack is how many clauses back a thin question may find the need
// it points to ("Muốn vay tiền mua heo. Không có sổ đỏ. Vay được không").
const maxPointBack = 3

// needClause reports whether a clause says what she wants ("muốn vay tiền
// mua heo", "tui cũng muốn làm").
func needClause(toks []string) bool {
	for _, t := range toks {
		if t == "muon" {
			return true
		}
	}
	return false
}

// clauses appends to cs the clauses of toks (cut at breakToken) with their
// roles, the asking ones found by asks (asksStrictly or the looser asks).
func clauses(toks []string, cs []clause, asks func([]string) bool) []clause {
	start := 0
	for i := 0; i <= len(toks); i++ {
		if i < len(toks) && toks[i] != breakToken {
			continue
		}
		if i > start {
			c := clause{start: start, end: i, thin: thinClause(toks[start:i])}
			switch t := toks[start:i]; {
			case introClause(t):
				c.role = roleIntro
			case asks(t):
				c.role = roleAsk
			case needClause(t):
				c.role = roleNeed
			}
			cs = append(cs, c)
		}
		start = i + 1
	}
	return cs
}

// weighClauses sets mul (one weight per syllable, all 1) by the roles of
// the clauses cs: an introduction p.introWeight, when the message has other
// clauses; in a message of at least p.sentenceMin clauses that asks in
// some and not all of them (a need asks when nothing else does), the
// clauses that ask 1, the rest p.contextWeight, except the clauses a thin
// question points back to (see the file's comment). roled reports whether
// an introduction, a need read as the question or a pointing back weighed
// in.
func weighClauses(cs []clause, mul []float32, p *params) (_ []float32, roled bool) {
	set := func(c clause, w float32) {
		for i := c.start; i < c.end; i++ {
			mul[i] = w
		}
	}
	intros, asking, needs := 0, 0, 0
	for _, c := range cs {
		switch c.role {
		case roleIntro:
			intros++
		case roleAsk:
			asking++
		case roleNeed:
			needs++
		}
	}
	if intros == len(cs) {
		return mul, false
	}
	roled = intros > 0
	for _, c := range cs {
		if c.role == roleIntro {
			set(c, p.introWeight)
		}
	}
	rest := len(cs) - intros
	needAsks := asking == 0 // nothing else asks: her need is the question
	asks := func(c clause) bool { return c.role == roleAsk || needAsks && c.role == roleNeed }
	if needAsks {
		asking = needs
	}
	if len(cs) < max(p.sentenceMin, 2) || asking == 0 || asking == rest {
		return mul, roled
	}
	roled = roled || needAsks
	for _, c := range cs {
		if c.role != roleIntro && !asks(c) {
			set(c, p.contextWeight)
		}
	}
	for i, c := range cs {
		if !asks(c) || !c.thin {
			continue
		}
		// A question that names nothing points back to the need among
		// the last maxPointBack clauses before it, and the clauses
		// between. Only to a need: pointing back to any story clause
		// ("ảnh đánh tui suốt, … giờ tui phải làm gì") raises the
		// story's weight where the question was weighed right.
		for j := i - 1; j >= 0 && j >= i-maxPointBack; j-- {
			if cs[j].role != roleNeed || cs[j].thin {
				continue
			}
			for k := j; k < i; k++ {
				if cs[k].role != roleIntro {
					set(cs[k], 1)
				}
			}
			roled = true
			break
		}
	}
	return mul, roled
}
