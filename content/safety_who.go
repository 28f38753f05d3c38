package content

import (
	"slices"
	"strings"
)

// typedToks are the normalised syllables of text as typed, with the
// sentence breaks: the matcher's typo correction knows the knowledge base's
// words, not the words of harm ("siết" would become "biết"). Without the
// regional pass, as the whole safety layer (normalizePlain).
func typedToks(text string) []string {
	n := newNormalizer(len(text), true)
	return strings.Fields(string(n.appendNormalized(nil, text, true)))
}

// The classifier reads a story's words; which number comes first also
// depends on who does the harm and how it happens, which a few words tell
// plainly and the classifier weighs only as much as its examples taught it
// ("chảy máu", "không thở" and "bất tỉnh" pull a beating towards the
// ambulance, "chìm" and "chưa thấy lên" a drowning towards a missing child).
// byWhoAndWhat moves the kind these words decide in front of the
// classifier's first kind, when the classifier ranks that kind at all: the
// other stays second, and its number comes right after (withSecond).

// violenceKinds are the kinds of harm a person does to another: the police
// or the child line comes first, the ambulance right after.
var violenceKinds = map[string]bool{"domestic-violence": true, "child-violence": true, "confinement": true,
	"threat-to-kill": true, "sexual-assault": true, "child-sexual-abuse": true, "bystander": true}

// doers name a person who harms another, normalised: a husband, a
// stepparent, "that man". Bare "nó" and "ổng" also name the child or the
// grandfather who fell, so they count only right before the blow
// (bareDoers).
var (
	doers = [][]string{{"chong"}, {"bo", "duong"}, {"cha", "duong"}, {"me", "ke"}, {"ong", "ta"}, {"han"},
		{"anh", "ay"}, {"anh", "ta"}, {"ong", "xa"}, {"nguoi", "yeu"}, {"ban", "trai"}, {"me", "chong"},
		{"bo", "chong"}, {"thang", "do"}, {"thang", "cha"}, {"tui", "no"}, {"bon", "no"}, {"ba", "no"},
		{"bo", "no"}, {"me", "no"}, {"ong", "hang", "xom"}, {"gia", "dinh", "chong"}, {"lao"}, {"ga"}}
	bareDoers = map[string]bool{"no": true, "ong": true, "ha": true}
)

// blows are the verbs of harm a person does to another's body or freedom,
// normalised, with the words that, right after them, give the verb an
// everyday sense ("đánh bài", "đâm đơn", "tắt máy", "đốt rơm").
var blows = map[string]map[string]bool{
	"danh":  {"thuoc": true, "bai": true, "bac": true, "gia": true, "rang": true, "ca": true, "may": true, "van": true, "dau": true, "thuc": true, "trung": true, "de": true, "lo": true, "golf": true, "cau": true},
	"dap":   {"lua": true, "xe": true},
	"dam":   {"don": true, "choi": true, "ra": true, "bong": true, "gio": true, "cuoi": true, "ma": true, "tang": true},
	"chem":  {"gio": true},
	"dot":   {"rom": true, "vang": true, "ma": true, "rac": true, "la": true, "co": true, "nhang": true, "huong": true, "den": true, "phao": true, "lo": true, "than": true, "cui": true},
	"tat":   {"may": true, "den": true, "dien": true, "bep": true, "nuoc": true, "tivi": true, "quat": true, "wifi": true, "mang": true},
	"chich": {"ngua": true},
	"tiem":  {"ngua": true, "phong": true, "chung": true, "vac": true, "vaccine": true, "vacxin": true},
	"xich":  {"xe": true},
	"troi":  {"mua": true, "toi": true, "sang": true, "oi": true, "nang": true, "lanh": true, "nong": true},
	"nhot":  {"ga": true, "heo": true, "cho": true, "meo": true, "vit": true, "bo": true},
	"quat":  {"tran": true, "dien": true, "may": true},
	"xo":    {"so": true, "xo": true},
	"dong":  {"ruong": true, "lua": true, "tien": true, "ho": true, "bao": true, "phi": true, "hoc": true, "thue": true, "gop": true},
	"bop":   {},
	"siet":  {"no": true},
	"vut":   {},
	"phang": {},
	"giet":  {},
	"tra":   {},
	"hanh":  {},
	"bao":   {},
}

// notAfter are the words that, right before a blow, give it an everyday
// sense: "ở đám", "đi đám" are a gathering (a wedding, a funeral meal).
// "ngoài đồng", "ra đồng", "cánh đồng" are a field ("đồng"), not "đóng"
// (nailed, branded): the mother-in-law who fainted cutting rice "ngoài
// đồng" was no one's victim.
//
// "sét đánh" is lightning, "xe đâm" a crash: nobody's blow.
// "đèn tắt", "máy tắt", "điện tắt" are a light or a phone gone off, no slap.
var notAfter = map[string]map[string]bool{"dam": {"o": true, "di": true, "an": true, "xe": true}, "danh": {"set": true},
	"tat":  {"den": true, "may": true, "dien": true, "bep": true, "quat": true, "tivi": true},
	"dong": {"ngoai": true, "ra": true, "canh": true, "tham": true, "lam": true, "hoi": true, "cong": true, "giua": true, "o": true, "tren": true, "xuong": true}}

// needsNext are blows that are one only with the word after them: "bóp
// cổ", "siết cổ", "tra tấn", "hành hạ", "bạo hành".
var needsNext = map[string]string{"bop": "co", "siet": "co", "tra": "tan", "hanh": "ha", "bao": "hanh"}

// blowAt reports whether toks[j] is a blow: one of blows, followed by the
// word needsNext asks for, and not by a word that gives it an everyday
// sense.
func blowAt(toks []string, j int) bool {
	except, ok := blows[toks[j]]
	if !ok {
		return false
	}
	next := ""
	if j+1 < len(toks) {
		next = toks[j+1]
	}
	if want := needsNext[toks[j]]; want != "" && next != want {
		return false
	}
	if j > 0 && notAfter[toks[j]][toks[j-1]] {
		return false
	}
	return !except[next]
}

// doneByAPerson reports whether the message tells of a person doing a blow
// to someone: a doer, then a blow within a few words with no "bị" between
// ("chồng em bị trôi" is a husband harmed, not harming), a bare "nó",
// "ổng" right before it, or the blow suffered from someone ("bà nội bị
// chú út say rượu đánh").
func doneByAPerson(toks []string) bool {
	return blowByAPerson(toks, func(string) bool { return true })
}

// lethalBlows are the blows that can kill in a moment: strangling
// ("bóp cổ", "siết cổ": blowAt needs the "cổ"), stabbing, slashing.
var lethalBlows = map[string]bool{"bop": true, "siet": true, "dam": true, "chem": true}

// lethalByAPerson reports whether the message tells of a person doing a
// lethal blow (lethalBlows) to someone, as doneByAPerson reads a doer.
func lethalByAPerson(toks []string) bool {
	return blowByAPerson(toks, func(blow string) bool { return lethalBlows[blow] })
}

// blowByAPerson is doneByAPerson for the blows that fits accepts.
func blowByAPerson(toks []string, fits func(blow string) bool) bool {
	for j, t := range toks {
		if !blowAt(toks, j) || !fits(t) || j > 0 && toks[j-1] == "dinh" {
			continue
		}
		if j > 0 && bareDoers[toks[j-1]] && !(t == "dot" && toks[j-1] == "ong") {
			return true
		}
		if sufferedFromSomeone(toks, j) {
			return true
		}
		for i := j - 1; i >= 0 && i >= j-7; i-- {
			// "mẹ chồng em té cầu thang đập đầu": the fall did it.
			if toks[i] == "bi" || toks[i] == breakToken || fallAt(toks, i) {
				break
			}
			if slices.ContainsFunc(doers, func(d []string) bool {
				return i+len(d) <= j && equalWords(toks[i:i+len(d)], d)
			}) {
				return true
			}
		}
	}
	return false
}

// someone are the words that, right after "bị", name a person who does
// what follows ("bị chú út say rượu đánh", "bị thằng con đánh", "bị ông
// nội đánh"), normalised; "bị sét đánh", "bị xe đâm", "bị lật giữa sông
// Đồng Nai" name none.
var someone = map[string]bool{"chu": true, "bac": true, "cau": true, "di": true, "co": true, "thim": true, "mo": true,
	"anh": true, "chi": true, "con": true, "chau": true, "thang": true, "ong": true, "ba": true, "me": true, "bo": true,
	"cha": true, "duong": true, "nguoi": true, "ke": true, "hang": true, "ban": true, "tui": true, "bon": true,
	"dua": true, "no": true, "han": true, "ga": true, "lao": true, "thay": true, "chong": true, "vo": true, "em": true,
	"may": true, "mot": true, "1": true}

// sufferedFromSomeone reports whether the blow at toks[j] is suffered
// from someone named between "bị" and it, a few words before (see
// someone); a sting ("bị ong vò vẽ đốt") is no one's.
func sufferedFromSomeone(toks []string, j int) bool {
	if j > 0 && toks[j-1] == "bat" {
		return false // "bị thầy bắt đấm bao cát": made to strike, not struck
	}
	for k := j - 2; k >= 0 && k >= j-5; k-- {
		if toks[k] == breakToken {
			return false
		}
		if toks[k] == "bi" {
			return someone[toks[k+1]] && !(toks[j] == "dot" && slices.Contains(toks[k+1:j], "ong"))
		}
	}
	return false
}

// doerFirstRatio: a violence kind the classifier ranks at least this share
// of its first kind goes first when a person does the harm.
const doerFirstRatio = 0.02

// byWhoAndWhat reorders v.ranked (and v.Kind) by who does the harm: a
// beating with its injuries, told with a medical sign, is violence first
// (113 or 111, then 115); a person tied ("trói", "trôi" once the marks are
// gone) by her husband is confined, not swept away.
func byWhoAndWhat(v *SafetyVerdict, text string) {
	if len(v.ranked) < 2 {
		return
	}
	toks := typedToks(text)
	byWater(v, toks)
	selfOrOthers(v, toks)
	ownDeath(v, toks)
	soldChild(v, toks)
	byAccident(v, toks)
	groomedAtHome(v, toks)
	byTrap(v, toks)
	byWaterOrBody(v, toks)
	childBeaten(v, toks)
	childGone(v, toks)
	runningNotBurning(v, toks)
	byCulprit(v, toks)
	inLabour(v, toks)
	switch {
	case (v.Kind == "medical" || v.Kind == "flood") && (doneByAPerson(toks) || forcedByAPerson(toks) || grownSubject(toks)),
		v.Kind == "medical" && deprived(toks):
	case v.Kind == "fire" && (forcedByAPerson(toks) || hasPhrase(toks, threatsToBurn)):
	default:
		return
	}
	if _, pulled := inWater(toks); pulled {
		return // "kéo nó ra khỏi ao": a rescue, not a person taken
	}
	kind := v.Kind
	promote(v, func(kind string) bool { return violenceKinds[kind] })
	// A blow a person deals, told with what it did ("mẹ em bị ba đập ghế
	// vô đầu nằm bất tỉnh"), is violence going on however little the
	// classifier reads of it next to the signs: the police first (or the
	// child line, forVictim), the ambulance right after (withSecond).
	if v.Kind == kind && kind == "medical" && doneByAPerson(toks) {
		if i := slices.IndexFunc(v.ranked, func(r kindP) bool { return r.kind == "domestic-violence" }); i > 0 {
			moveFirst(v, i)
		}
	}
}

// A person who forces another somewhere ("ép cô bé lên xe", "lôi chị ấy ra
// khỏi nhà", "kéo em vô hẻm", "bắt em ngồi lên xe") or extorts her ("đòi
// 20 triệu mới gỡ", "tống tiền", "dọa tung lên mạng") does the harm, however
// far from it her injuries, her drunkenness or the car that drives off
// ("chạy mất", which is "cháy mất" once the marks are gone) are told: the
// police come first (or the child line for a child), the ambulance or the
// fire brigade right after. Only a person forces or extorts, so unlike a
// blow (doneByAPerson) the doer need not be named within a few words.
var (
	forceVerbs = map[string]bool{"ep": true, "keo": true, "loi": true, "bat": true}
	// forceTo are where she is forced: onto a vehicle, into or out of a
	// place, away ("bắt đi"); "lên" only onto a vehicle ("kéo lên" is
	// also pulled out of the water).
	forceTo    = map[string]bool{"vo": true, "vao": true, "ra": true, "di": true, "theo": true}
	vehicles   = map[string]bool{"xe": true, "o": true, "oto": true, "taxi": true, "ghe": true, "thuyen": true, "phong": true, "lau": true}
	notForceTo = map[string]bool{"hoc": true, "ngu": true, "tam": true, "an": true, "choi": true, "lam": true, "kham": true,
		"ngoai": true, "tien": true, "dau": true, "buoc": true, "dong": true, "may": true, "ca": true}
	// extortion are a demand or a threat to spread pictures: a clip
	// already spread ("bị bạn quay clip tung lên mạng") is harm done, and
	// a wish to die after it keeps the ambulance first.
	extortion = [][]string{{"tong", "tien"}, {"tien", "chuoc"}, {"doi", "chuoc"}, {"thi", "tung"}, {"se", "tung"}, {"doa", "tung"},
		{"doa", "dang"}, {"doa", "gui"}, {"doa", "phat", "tan"}, {"moi", "go"}, {"moi", "tha"}, {"moi", "xoa"}}
	// threatsToBurn are threats of a fire someone will set: a crime, the
	// police first, the fire brigade right after.
	threatsToBurn = [][]string{{"doa", "dot"}, {"se", "dot"}, {"qua", "dot"}, {"ve", "dot"}, {"lai", "dot"}, {"dot", "chet"}}
)

// forcedByAPerson reports whether the message tells of a person forcing
// or extorting another (see forceVerbs).
func forcedByAPerson(toks []string) bool {
	if hasPhrase(toks, extortion) {
		return true
	}
	for i, t := range toks {
		// "bắt đầu", "bắt buộc", "bắt máy", "bắt cá", "ép cân", "ép mía".
		if !forceVerbs[t] || i+1 < len(toks) && notForceTo[toks[i+1]] {
			continue
		}
		for k := i + 1; k < len(toks) && k <= i+5 && toks[k] != breakToken; k++ {
			next := ""
			if k+1 < len(toks) {
				next = toks[k+1]
			}
			if forceTo[toks[k]] && !notForceTo[next] || toks[k] == "len" && vehicles[next] {
				return true
			}
		}
	}
	return false
}

// promote moves to the front the first runner-up of v.ranked that fits,
// if the classifier ranks it at least doerFirstRatio of its first kind.
func promote(v *SafetyVerdict, fits func(kind string) bool) {
	for i, r := range v.ranked[1:] {
		if r.p < doerFirstRatio*v.ranked[0].p {
			return
		}
		if fits(r.kind) {
			moveFirst(v, i+1)
			return
		}
	}
}

// moveFirst moves v.ranked[i] to the front, the others keeping their order.
func moveFirst(v *SafetyVerdict, i int) {
	r := v.ranked[i]
	copy(v.ranked[1:i+1], v.ranked[:i])
	v.ranked[0] = r
	v.Kind = r.kind
}

// partners name the husband or partner of the one who writes, normalised.
var partners = [][]string{{"chong"}, {"ong", "xa"}, {"ban", "trai"}, {"nguoi", "yeu"}, {"anh", "ay"}, {"ong", "ay"}}

// partnerDoes reports whether a husband or a boyfriend (partners, "ck")
// deals a blow, named a few words before it ("bị bạn trai nó đánh",
// "chồng chị ấy đang đánh").
func partnerDoes(toks []string) bool {
	for j := range toks {
		if !blowAt(toks, j) {
			continue
		}
		for i := j - 1; i >= 0 && i >= j-4 && toks[i] != breakToken; i-- {
			if startsWithAny(toks[i:j], partnersOrCk) {
				return true
			}
		}
	}
	return false
}

// partnersOrCk are partners and their short form "ck".
var partnersOrCk = append(slices.Clip(partners), []string{"ck"})

// speakerSelf are the words a grown woman calls herself by that a blow
// falls on ("đánh em", "đập tôi", "quất vô người tôi"); "em" followed by
// these is a child ("đánh em bé", "đánh em gái nó").
var (
	speakerSelf  = map[string]bool{"em": true, "toi": true, "tui": true, "tau": true, "minh": true}
	notSelfAfter = map[string]bool{"be": true, "nho": true, "gai": true, "trai": true, "no": true, "ut": true}
	blowFiller   = map[string]bool{"ca": true, "luon": true, "vao": true, "vo": true, "nguoi": true, "chet": true, "vai": true,
		"tay": true, "dau": true, "mat": true, "lung": true, "chan": true, "bung": true, "nguc": true, "dui": true, "mieng": true, "mui": true}
)

// partnerBeatsSpeaker reports whether the one who writes tells of her
// husband or partner harming her: the partner named before a blow that
// falls on her ("ck đang đánh e", "chồng tôi lấy dây điện quất vô người
// tôi"), or "em bị chồng đánh". A child's age elsewhere in the story is
// then that of a child who watches, and the victim is the adult (113
// first, 111 right after when the child is harmed too).
func partnerBeatsSpeaker(toks []string) bool {
	partner := -1
	for j, t := range toks {
		if partner < 0 && slices.ContainsFunc(partners, func(p []string) bool {
			return j+len(p) <= len(toks) && equalWords(toks[j:j+len(p)], p)
		}) {
			partner = j
		}
		if partner < 0 || partner >= j || !blowAt(toks, j) {
			continue
		}
		// "em bị (thằng) chồng đánh"
		bi := partner - 1
		if bi > 0 && toks[bi] == "thang" {
			bi--
		}
		if bi > 0 && toks[bi] == "bi" && speakerSelf[toks[bi-1]] && (bi == 1 || !ownerWords[toks[bi-2]]) {
			return true
		}
		after := j + 1
		if needsNext[t] != "" {
			after++ // "siết cổ em"
		}
		for k := after; k < len(toks) && k <= after+2; k++ {
			if speakerSelf[toks[k]] && !untilResult(toks, k) {
				return k+1 >= len(toks) || !notSelfAfter[toks[k+1]]
			}
			if !blowFiller[toks[k]] {
				break
			}
		}
	}
	return false
}

// results are what a beating goes on until ("đánh tới ngất xỉu", "đánh
// tới chảy máu"): before them, "toi" is "tới" (until), not "tôi" (me).
var results = map[string]bool{"ngat": true, "xiu": true, "chet": true, "bam": true, "chay": true, "gay": true,
	"sung": true, "tim": true, "noi": true, "khi": true, "luc": true, "bat": true, "rach": true, "toe": true, "te": true}

// untilResult reports whether toks[k] is "tới" before a result.
func untilResult(toks []string, k int) bool {
	return toks[k] == "toi" && k+1 < len(toks) && results[toks[k+1]]
}

// Water words, normalised: a body of water, being taken by it, being pulled
// out of it.
var (
	waterBodies = map[string]bool{"song": true, "suoi": true, "ao": true, "muong": true, "kenh": true, "gieng": true,
		"bien": true}
	takenByWater = [][]string{{"chim"}, {"cuon"}, {"troi", "mat"}, {"troi", "di"}, {"bi", "troi"}, {"chet", "duoi"},
		{"duoi", "nuoc"}, {"hup"}, {"chua", "thay", "len"}, {"khong", "thay", "noi"}, {"mat", "tich"}}
	pullers = map[string]bool{"keo": true, "loi": true, "dua": true, "bong": true, "cuu": true}
)

// inWater tells what the message says of a person and water: taken (swept
// away, sunk, not yet seen again) and pulled out. A lake is "hồ", which is
// "hộ" (household) once the marks are gone: only "hồ" with "tắm", "hồ nước",
// "hồ cá", "hồ đào" counts; "nước" only as water that sweeps away or that
// one falls into ("nước cuốn", "xuống nước"), not "nước ngoài".
func inWater(toks []string) (taken, pulled bool) {
	water := false
	for i, t := range toks {
		next, prev := "", ""
		if i+1 < len(toks) {
			next = toks[i+1]
		}
		if i > 0 {
			prev = toks[i-1]
		}
		switch {
		case waterBodies[t],
			t == "ho" && (prev == "tam" || next == "nuoc" || next == "ca" || next == "dao" || next == "boi"),
			t == "nuoc" && (next == "cuon" || next == "xiet" || prev == "xuong" || prev == "tam"),
			t == "lan" && next == "xuong": // "lặn xuống": under water
			water = true
		}
		if t == "vot" {
			pulled = true
		}
		if pullers[t] {
			for k := i + 1; k < len(toks) && k <= i+4; k++ {
				if toks[k] == "len" {
					pulled = true
				}
			}
		}
	}
	return water && hasPhrase(toks, takenByWater), water && pulled
}

// byWater: a child taken by water is a drowning, not a child gone
// missing (112 first, README "one rule per mixed case"); one pulled out of
// the water is a medical emergency (115 first).
func byWater(v *SafetyVerdict, toks []string) {
	if len(v.ranked) < 2 || v.Kind == "flood" || v.Kind == "medical" {
		return
	}
	if v.Kind != "missing-child" && !violenceKinds[v.Kind] {
		return
	}
	taken, pulled := inWater(toks)
	want := ""
	switch {
	case pulled:
		want = "medical"
	case taken:
		want = "flood"
	default:
		return
	}
	if v.Kind == "missing-child" && want == "flood" {
		// The water is the evidence: "lặn xuống rồi không thấy nổi lên"
		// got the missing child's script (113) at the classifier's full
		// confidence, which no ratio lets the rescue overtake.
		for i, r := range v.ranked {
			if r.kind == want {
				moveFirst(v, i)
				return
			}
		}
	}
	promote(v, func(kind string) bool { return kind == want })
}

// Words of a threat to others in a story of self-harm ("xử hết mẹ con em
// rồi ổng tự tử", "cho em đi trước rồi nó đi sau"), and of harm the doer
// turns on himself ("đòi tự sát"; not "cổ mình", which is also "my
// throat").
var (
	threatOthers = [][]string{{"giet"}, {"xu", "het"}, {"xu", "ca"}, {"chet", "chung"},
		{"di", "truoc"}, {"chem"}, {"dam", "chet"}, {"chet", "ca"}, {"cho", "em", "chet"}, {"cho", "toi", "chet"},
		{"ca", "nha", "cung"},
		// "nói sẽ đẩy em xuống giếng cho xong": her death by their hands.
		{"day", "em", "xuong"}, {"day", "e", "xuong"}, {"day", "toi", "xuong"}}
	turnsOnHimself = [][]string{{"tu", "sat"}, {"tu", "tu"}, {"tu", "dam"},
		{"tu", "cat"}, {"tu", "rach"}, {"tu", "treo"}, {"muon", "chet"}, {"khong", "muon", "song"}, {"tu", "ket", "lieu"}}
	// selfThreat: "ổng chết cho em coi", "chết cho mày vừa lòng": his own
	// death held over her, which no one says of another's.
	selfThreat = [][]string{{"chet", "cho", "em", "coi"}, {"chet", "cho", "e", "coi"}, {"chet", "cho", "may", "coi"},
		{"chet", "cho", "em", "xem"}, {"chet", "cho", "em", "vua"}, {"chet", "cho", "e", "vua"}, {"chet", "cho", "may", "vua"},
		{"chet", "cho", "vua"}}
)

// hidingFrom tell of hiding from someone ("ôm con trốn vào phòng", "trốn
// sang nhà hàng xóm"), and selfHarmAnchors of harm to oneself ("muốn chết",
// "uống thuốc ngủ", "cắt tay"): hiding without them is fleeing violence.
// Normalised.
var (
	hidingFrom = [][]string{{"tron", "vao"}, {"tron", "vo"}, {"tron", "trong"}, {"tron", "sang"}, {"tron", "qua"},
		{"tron", "ra"}, {"tron", "sau"}, {"tron", "duoi"}, {"om", "con", "tron"}, {"om", "con", "chay"}, {"nup"}}
	selfHarmAnchors = [][]string{{"tu", "tu"}, {"tu", "sat"}, {"muon", "chet"}, {"chet", "cho"}, {"khong", "muon", "song"},
		{"ko", "muon", "song"}, {"chan", "song"}, {"thuoc", "ngu"}, {"thuoc", "sau"}, {"thuoc", "chuot"}, {"uong", "het"},
		{"cat", "tay"}, {"rach"}, {"cua", "tay"}, {"treo", "co"}, {"nhay"}, {"tu", "bien"}, {"vinh", "biet"}, {"tu", "hai"},
		{"nhot", "minh"}, {"khoa", "minh"}}
)

// selfOrOthers: self-harm told together with a threat to others is a threat
// to kill (113 first, 115 right after); a threat the doer turns only on
// himself is self-harm (115 first).
func selfOrOthers(v *SafetyVerdict, toks []string) {
	if len(v.ranked) < 2 {
		return
	}
	want := ""
	switch {
	case v.Kind == "self-harm" && hasPhrase(toks, extortion):
		// "đòi tiền mới gỡ ảnh, em nhục quá muốn chết": she is extorted,
		// a crime whatever else she says, so the police come first however
		// faintly the classifier reads it, her wish to die right after
		// (withSecond).
		if i := slices.IndexFunc(v.ranked, func(r kindP) bool { return r.kind == "threat-to-kill" }); i > 0 {
			moveFirst(v, i)
		}
		return
	case v.Kind == "threat-to-kill" && hasPhrase(toks, selfThreat) && !hasPhrase(toks, threatOthers) &&
		!hasPhrase(toks, extortion):
		// "nói em bỏ đi thì ổng chết cho em coi": the classifier reads the
		// knife and the threat; the death he threatens is his own, the
		// ambulance first however faintly it reads self-harm.
		if i := slices.IndexFunc(v.ranked, func(r kindP) bool { return r.kind == "self-harm" }); i > 0 {
			moveFirst(v, i)
		}
		return
	case v.Kind == "self-harm" && hasPhrase(toks, hidingFrom) && !hasPhrase(toks, selfHarmAnchors):
		// "e ôm con trốn vào phòng rồi": she hides from someone, with no
		// word of harm to herself; the police first, however the
		// classifier reads a woman shut in a room.
		promote(v, func(kind string) bool { return violenceKinds[kind] })
		return
	case v.Kind == "self-harm" && doneByAPerson(toks) && !hasPhrase(toks, selfHarmAnchors) && !hasPhrase(toks, selfActs):
		// "bà nội em bị chú em say rượu đánh, chú còn cầm cây đứng
		// ngoài sân": a person deals the blow, and nobody turns harm on
		// himself; the police first, however the classifier reads an
		// old woman beaten.
		promote(v, func(kind string) bool { return violenceKinds[kind] })
		return
	case v.Kind == "self-harm" && hasPhrase(toks, threatOthers):
		want = "threat-to-kill"
	case v.Kind == "threat-to-kill" && hasPhrase(toks, turnsOnHimself) && !hasPhrase(toks, threatOthers) &&
		!hasPhrase(toks, extortion):
		want = "self-harm"
	default:
		return
	}
	promote(v, func(kind string) bool { return kind == want })
}

// childObjects name a child a blow falls on, normalised ("đánh thằng con",
// "quất thằng cu", "đập con bé"), and childFiller the words that may stand
// between the blow and the child ("đánh cả thằng bé", "đánh luôn con").
var (
	childObjects = [][]string{{"con"}, {"be"}, {"chau"}, {"thang", "cu"}, {"thang", "be"}, {"thang", "nho"},
		{"thang", "con"}, {"dua", "nho"}, {"dua", "be"}, {"dua", "con"}, {"tre"}, {"con", "nit"}, {"nhoc"}}
	childFiller = map[string]bool{"ca": true, "luon": true, "vao": true, "vo": true}
	// notAChild follow "con" or "bé" when they name an animal, a thing or
	// a grown relative ("đánh con chó", "đập con muỗi", "con dâu"), or
	// when "be" is "bể", broken ("đập bể đầu", "đập bể kính").
	notAChild = map[string]bool{"cho": true, "meo": true, "muoi": true, "ga": true, "heo": true, "ca": true, "ran": true,
		"chuot": true, "bo": true, "trau": true, "vit": true, "ruoi": true, "gian": true, "de": true, "so": true,
		"dau": true, "re": true, "nat": true, "kinh": true, "cua": true, "chen": true, "bat": true, "het": true,
		// "đâm bể bánh xe", "đập bể ly": "bể" (broken) of a thing.
		"banh": true, "lop": true, "xe": true, "ong": true, "ly": true, "noi": true, "den": true, "kieng": true,
		"tivi": true, "guong": true}
)

// childHarmed reports whether a blow falls on a child named right after it
// ("ck e đánh thằng con 4 tuổi", "lấy dây điện quất thằng cu nhà tôi"), or
// a child is said to suffer one ("1 đứa nhỏ bị trói ngoài nắng"). Unlike a
// child's age, which is often that of a child who watches, this tells who
// is harmed.
func childHarmed(toks []string) bool {
	// A daughter with a husband is grown ("thằng con rể đánh con gái tôi").
	if slices.Contains(toks, "re") {
		return false
	}
	for j, t := range toks {
		// A threat to kill is not a blow that fell ("dọa giết con bé").
		if t == "giet" || !blowAt(toks, j) || j > 0 && toks[j-1] == "dinh" {
			continue
		}
		after := j + 1
		if needsNext[toks[j]] != "" {
			after++
		}
		for k := after; k < len(toks) && k <= after+2; k++ {
			if childAt(toks, k) {
				return true
			}
			// "dộng đầu con bé vô tường", "tát vào mặt thằng bé"
			if !childFiller[toks[k]] && !bodyParts[toks[k]] {
				break
			}
		}
		// "<child> bị <blow>", a few words before it, or "<child> 10
		// tuổi bị ông nội lấy gậy đánh"
		for k := j - 1; k >= 0 && k >= j-5; k-- {
			if toks[k] == "bi" {
				c, last := k-1, k-2
				if c >= 1 && yearsWords[toks[c]] {
					n, ok := smallNumber(toks[c-1])
					if ok && n >= 16 {
						break // "cô bé hàng xóm 19 tuổi bị chồng đánh": grown
					}
					if ok {
						c, last = c-2, c-4
					}
				}
				for ; c >= 0 && c >= last && toks[c] != breakToken; c-- {
					if childAt(toks, c) {
						return true
					}
				}
				break
			}
			if toks[k] == breakToken {
				break
			}
		}
	}
	return false
}

// bodyParts may stand between a blow and the child it falls on.
var bodyParts = map[string]bool{"dau": true, "mat": true, "lung": true, "tay": true, "chan": true, "bung": true,
	"nguc": true, "mong": true, "dit": true, "co": true, "mieng": true, "mui": true, "tai": true}

// childAt reports whether a child is named at toks[k].
func childAt(toks []string, k int) bool {
	for _, c := range childObjects {
		if k+len(c) <= len(toks) && equalWords(toks[k:k+len(c)], c) {
			// "đứa con dâu" is as grown as "con dâu".
			last := c[len(c)-1]
			return len(c) > 1 && last != "con" && last != "be" || k+len(c) >= len(toks) || !notAChild[toks[k+len(c)]]
		}
	}
	return false
}

// grownVictims name a grown woman or man by her place in the family,
// normalised: "con dâu", "con rể", "nàng dâu", "vợ", "mẹ", "chị".
var grownVictims = [][]string{{"con", "dau"}, {"con", "re"}, {"nang", "dau"}, {"vo"}, {"vk"}, {"me"}, {"chi"}}

// wifeOf follow "vo" when it is vợ (a wife: "trói vợ nó"), not vô (into:
// "trói vô cột").
var wifeOf = map[string]bool{"no": true, "minh": true, "cua": true, "thang": true, "anh": true, "ong": true, "ay": true, "han": true}

// grownAfter reports whether a grown relative (grownVictims) is named
// right after the blow or the lock at toks[j], a filler or two apart
// ("nhốt luôn con dâu"): "đánh chết mẹ mày" is a curse, "vô" is into.
func grownAfter(toks []string, j int) bool {
	after := j + 1
	if needsNext[toks[j]] != "" || lockedAt(toks, j) {
		after++
	}
	for k := after; k < len(toks) && k <= after+2; k++ {
		for _, g := range grownVictims {
			if k+len(g) > len(toks) || !equalWords(toks[k:k+len(g)], g) {
				continue
			}
			next := ""
			if k+len(g) < len(toks) {
				next = toks[k+len(g)]
			}
			switch g[0] {
			case "vo":
				if !wifeOf[next] {
					continue
				}
			case "me":
				if curseAfter[next] {
					continue
				}
			case "chi":
				if next == "oi" {
					continue
				}
			}
			return true
		}
		if !childFiller[toks[k]] {
			break
		}
	}
	return false
}

// adultHarmed reports whether a grown relative is said to suffer a blow
// or to be shut in ("đứa con dâu bị thằng chồng nhốt trong chuồng heo",
// "vợ nó bị đánh"): an adult is harmed (113 first), whatever words of a
// child's hunger or fear the story tells, and the classifier, which reads
// "đứa con … kêu đói" as a child, is overruled.
func adultHarmed(toks []string) bool {
	for j := range toks {
		if !blowAt(toks, j) && !lockedAt(toks, j) || j > 0 && toks[j-1] == "dinh" {
			continue
		}
		// "khóa cửa nhốt con dâu", "trói vợ nó vô cột": the grown
		// relative named right after the act.
		if grownAfter(toks, j) {
			return true
		}
		for k := j - 1; k >= 0 && k >= j-4; k-- {
			if toks[k] == breakToken {
				break
			}
			if toks[k] != "bi" {
				continue
			}
			for _, g := range grownVictims {
				if s := k - len(g); s >= 0 && equalWords(toks[s:k], g) && !(len(g) == 1 && s > 0 && toks[s-1] == "con") {
					return true
				}
			}
			break
		}
	}
	return false
}

// soldWords tell of a person sold, traded against a debt or taken across a
// border, normalised: "bán cho người ta", "trừ nợ", "lừa bán", "bắt về làm
// vợ", "qua biên giới". "bán" alone is also "bạn" (a friend) once the
// marks are gone ("bị bạn bè đăng hình"), and "đi bán" is also selling
// ("đi bán vé số"): "bán" counts only after "lừa" or before "cho người".
var soldWords = [][]string{{"ban", "cho", "nguoi"}, {"tru", "no"}, {"lua", "ban"}, {"lam", "vo"}, {"bien", "gioi"},
	{"trung", "quoc"}, {"nhan", "tien"}, {"hoi", "mua"}, {"mua", "con"}, {"xa", "bo"}}

// soldChild: a child sold, traded against a debt or taken across a border
// is trafficking (113 first, 111 right after), not a child harmed (README
// "one rule per mixed case"), unless the story tells of sexual harm.
func soldChild(v *SafetyVerdict, toks []string) {
	if v.Kind != "child-violence" && v.Kind != "child-sexual-abuse" || !hasPhrase(toks, soldWords) || hasPhrase(toks, sexualWords) {
		return
	}
	promote(v, func(kind string) bool { return kind == "trafficking" })
}

// An accident harms with no one doing it: a fall ("té cầu thang đập đầu"),
// an object swallowed ("nuốt viên pin", "hóc xương"), a poisoning by
// home-brewed alcohol or farm chemicals, a poison or a medicine taken by
// mistake ("uống nhầm thuốc trừ sâu", "lỡ uống", "ăn
// phải"). Their words look like other kinds once the marks are gone or
// the story names a relative: "đập đầu" is a blow, "cúc áo" typed "cuc
// ao" a pond, "thuốc trừ sâu" self-harm, "mẹ chồng" a doer.
var (
	// fallVerbs fall, and fallAfter are the words that, right after one,
	// make it a fall rather than a place or a name ("ngã ba", "ngã tư" are
	// crossroads, "y tế" and "Nga" no fall at all).
	fallVerbs = map[string]bool{"te": true, "nga": true}
	fallAfter = map[string]bool{"xuong": true, "cau": true, "dap": true, "dau": true, "tu": true, "khoi": true,
		"xe": true, "lau": true, "giuong": true, "nga": true, "te": true, "trong": true, "ngua": true, "sap": true,
		"vao": true, "vo": true, "bat": true, "nhao": true, "ra": true, "trung": true}
	fallWords = [][]string{{"bi", "te"}, {"bi", "nga"}, {"truot", "chan"}, {"truot", "te"}, {"truot", "nga"},
		{"vap", "te"}, {"vap", "nga"}, {"te", "nga"}, {"rot", "xuong"}, {"rot", "tu"}, {"tai", "nan"}}
	// swallowed: an object in the throat. "hóc" alone is "học" once the
	// marks are gone: only "bị hóc", "hóc xương", "hóc hạt".
	swallowed = [][]string{{"nuot"}, {"bi", "hoc"}, {"hoc", "xuong"}, {"hoc", "hat"}, {"mac", "xuong"}, {"mac", "o", "co"},
		{"mac", "trong", "co"}, {"mac", "ket", "trong", "co"}}
	mistaken = [][]string{{"uong", "nham"}, {"an", "nham"}, {"nuot", "nham"}, {"lo", "uong"}, {"lo", "nuot"},
		{"an", "phai"}, {"uong", "phai"}, {"nuot", "phai"}, {"vo", "tinh", "uong"}, {"vo", "tinh", "an"}, {"tuong", "la"},
		{"so", "y"}, {"nghich", "chai"}, {"nghich", "thuoc"}, {"uong", "lon"}, {"an", "lon"},
		// a scald or a burn nobody caused: "làm đổ nồi nước sôi", "bị bỏng"
		{"lam", "do", "noi"}, {"lam", "do", "am"}, {"lam", "do", "phich"}, {"lam", "do", "nuoc", "soi"}, {"lat", "noi"},
		{"bi", "bong"}, {"bong", "nuoc", "soi"}, {"bong", "dau"}, {"nuoc", "soi", "do"}}
	// poisoned: a poisoning nobody meant, by alcohol brewed at home, by
	// farm chemicals sprayed ("đánh thuốc cỏ", "phun thuốc sâu"), by food.
	// It is never self-harm by these words alone.
	poisoned = [][]string{{"ngo", "doc"}, {"ruou", "tu", "nau"}, {"ruou", "gia"}, {"ruou", "pha", "con"}, {"methanol"},
		{"danh", "thuoc"}, {"phun", "thuoc"}, {"xit", "thuoc"}, {"trung", "doc"}}
	// pushed: a fall a person causes ("đẩy em té", "xô ngã") is harm done.
	pushed = [][]string{{"day", "te"}, {"day", "nga"}, {"xo", "te"}, {"xo", "nga"}, {"bi", "day"}, {"bi", "xo"},
		{"day", "em"}, {"day", "toi"}, {"day", "xuong"}, {"dap", "te"}, {"dap", "nga"}, {"da", "te"}, {"da", "nga"}}
)

// fallAt reports whether toks[i] is a fall: "té"/"ngã" followed by where
// or how one falls, or a phrase of fallWords starting there.
func fallAt(toks []string, i int) bool {
	if fallVerbs[toks[i]] && i+1 < len(toks) && fallAfter[toks[i+1]] && (i == 0 || toks[i-1] != "y") {
		return true
	}
	for _, f := range fallWords {
		if i+len(f) <= len(toks) && equalWords(toks[i:i+len(f)], f) {
			return true
		}
	}
	return false
}

// swallowedAt reports whether an object is swallowed at toks[i]: a phrase
// of swallowed, where "nuốt" is followed by what is swallowed, not by a
// negation ("nuốt không được" is a sign, after a strangling as well).
func swallowedAt(toks []string, i int) bool {
	if toks[i] == "nuot" {
		return i+1 < len(toks) && !cannot[toks[i+1]] && toks[i+1] != breakToken
	}
	for _, f := range swallowed {
		if len(f) > 1 && i+len(f) <= len(toks) && equalWords(toks[i:i+len(f)], f) {
			return true
		}
	}
	return false
}

// cannot are the words after "nuốt" that make it a sign: can't swallow.
var cannot = map[string]bool{"k": true, "ko": true, "khong": true, "hk": true, "hong": true, "ho": true, "kg": true,
	"khg": true, "chang": true, "duoc": true, "dc": true, "vo": true, "vao": true, "kho": true, "nuoc": true, "nghen": true}

// handVerbs are verbs of harm by a hand that are no blow for doneByAPerson
// (they collide too often to name a doer's act): throwing, pouring,
// forcing. In a story of an accident they tell that a person did it.
var handVerbs = map[string]bool{"nem": true, "hat": true, "doi": true, "ep": true, "bat": true, "tat": true, "quang": true}

// harmedByHand reports whether a blow, or a verb of harm by a hand, stands
// in the message other than a few words after a fall ("té cầu thang đập
// đầu", "bị ngã trong nhà tắm, đập đầu"):
// the harm then has a doer, named or not ("ảnh bóp cổ em", "ném nồi canh
// nóng vào người em").
func harmedByHand(toks []string) bool {
	for j, t := range toks {
		if !blowAt(toks, j) && !handVerbs[t] {
			continue
		}
		byFall := false
		for i := j - 1; i >= 0 && i >= j-6; i-- {
			byFall = byFall || fallAt(toks, i)
		}
		if !byFall {
			return true
		}
	}
	return false
}

// accidentKinds are the kinds an accident's words are mistaken for: a
// person's harm, a threat, a child gone, self-harm.
var accidentKinds = map[string]bool{"domestic-violence": true, "child-violence": true, "bystander": true,
	"sexual-assault": true, "child-sexual-abuse": true, "missing-child": true, "self-harm": true, "threat-to-kill": true,
	"confinement": true}

// shutInBy are the words of a person shut in by another ("nhốt", "trói",
// "xích", "không cho ra"), normalised. A door merely locked ("cửa khóa
// trong", "cửa cài then") is not: an old woman fallen behind her own
// locked door is an accident (byAccident), not confinement.
var shutInBy = [][]string{{"nhot"}, {"troi"}, {"xich"}, {"giam"}, {"khong", "cho", "ra"}, {"ko", "cho", "ra"},
	{"k", "cho", "ra"}, {"khong", "cho", "di"}, {"ko", "cho", "di"}}

// lockedAt reports whether toks[j] is "khóa" (locked) a person in: "khóa
// trong kho", "khóa trái", "khóa lại". Not a blow for doneByAPerson: "khóa
// học", "khóa tài khoản" are everyday.
func lockedAt(toks []string, j int) bool {
	return toks[j] == "khoa" && j+1 < len(toks) && (toks[j+1] == "trong" || toks[j+1] == "trai" || toks[j+1] == "lai")
}

// collapseWords tell that a person fell unconscious, normalised: "ngất",
// "xỉu", "bất tỉnh", "lịm đi", heat stroke ("say nắng", "sốc nhiệt").
// "xỉu" is also "xíu" (a little: "chút xíu", "đợi xíu"), not after a word
// of amount or waiting.
var (
	collapseWords = [][]string{{"ngat"}, {"xiu"}, {"bat", "tinh"}, {"lim", "di"}, {"say", "nang"}, {"soc", "nhiet"}}
	// struck tell of lightning striking a person ("bị sét đánh", "sét
	// đánh trúng"): an accident like a fall.
	struck       = [][]string{{"set", "danh"}, {"bi", "set"}, {"set", "dui"}}
	littleBefore = map[string]bool{"chut": true, "ti": true, "mot": true, "1": true, "doi": true, "cho": true, "xi": true, "te": true}
)

// collapsed reports whether the message tells of a person who collapsed
// ("đang cắt lúa ngoài đồng thì xỉu, kêu hông trả lời"): with no one doing
// harm, that is a medical emergency (byAccident), whoever is named.
func collapsed(toks []string) bool {
	for i := range toks {
		for _, w := range collapseWords {
			if i+len(w) <= len(toks) && equalWords(toks[i:i+len(w)], w) &&
				!(w[0] == "xiu" && (i > 0 && littleBefore[toks[i-1]] || i+1 < len(toks) && toks[i+1] == "nua")) {
				return true
			}
		}
	}
	return false
}

// A pregnant woman who bleeds ("bầu 8 tháng chảy máu nhiều", "có thai ra
// huyết") needs the ambulance: with no one doing harm (byAccident), her
// blood is no beating's.
var (
	pregnant = [][]string{{"bau"}, {"mang", "thai"}, {"co", "thai"}, {"thai", "phu"}}
	bleeding = [][]string{{"chay", "mau"}, {"ra", "mau"}, {"ra", "huyet"}, {"bang", "huyet"}, {"mat", "mau"}}
)

// pregnantBleeding reports whether the message tells of a pregnant woman
// bleeding.
func pregnantBleeding(toks []string) bool {
	return hasPhrase(toks, pregnant) && hasPhrase(toks, bleeding)
}

// byAccident: a fall, an object swallowed, a poison taken by mistake or a
// collapse (fainting, heat stroke), with no one doing harm, is a medical emergency (115 first), whatever
// relative it names: a story told with a blow by a person, a push, sexual
// words or a wish to die stays what the classifier reads. An object
// swallowed is never self-harm; a poison or medicine taken on purpose is
// (so "nuốt" counts for self-harm only by mistake). A bite of an animal
// ("bị chó nhà hàng xóm cắn") is an accident too; a small child left alone
// behind a locked door who cries until she faints is not: the grown-ups
// left her (childLeftAlone), the classifier's kind stands.
func byAccident(v *SafetyVerdict, toks []string) {
	if !accidentKinds[v.Kind] || len(v.ranked) < 2 {
		return
	}
	fall := false
	for i := range toks {
		fall = fall || fallAt(toks, i)
	}
	mistake := hasPhrase(toks, mistaken)
	object := false
	for i := range toks {
		object = object || swallowedAt(toks, i)
	}
	object = object && !slices.Contains(toks, "thuoc")
	poison := hasPhrase(toks, poisoned)
	collapse := collapsed(toks) || pregnantBleeding(toks) || hasPhrase(toks, struck)
	bitten := bittenByAnimal(toks)
	switch {
	case v.Kind == "self-harm" && !mistake,
		!fall && !mistake && !object && !poison && !collapse && !bitten,
		childLeftAlone(toks),
		v.Kind == "confinement" && hasPhrase(toks, shutInBy),
		doneByAPerson(toks), harmedByHand(toks), hasPhrase(toks, pushed), hasPhrase(toks, sexualWords),
		hasPhrase(toks, turnsOnHimself), hasPhrase(toks, threatOthers):
		return
	}
	promote(v, func(kind string) bool { return kind == "medical" })
}

// groomWords tell of a child asked for pictures or videos of her body
// ("quay video lúc tắm gửi qua", "gọi video vào phòng tắm"), and goneWords
// of a child who has left or cannot be found, normalised.
var (
	groomWords = [][]string{{"quay", "video"}, {"quay", "clip"}, {"goi", "video"}, {"chup", "hinh"}, {"chup", "anh"},
		{"gui", "anh"}, {"gui", "hinh"}, {"gui", "clip"}, {"gui", "video"}, {"anh", "nong"}, {"phong", "tam"}, {"luc", "tam"},
		{"dang", "tam"}, {"thay", "do"}, {"khong", "mac", "do"}, {"coi", "do"}, {"coi", "ao"}}
	goneWords = [][]string{{"chua", "ve"}, {"khong", "ve"}, {"ko", "ve"}, {"mat", "tich"}, {"bo", "nha"}, {"bo", "di"},
		{"khong", "thay"}, {"ko", "thay"}, {"chua", "thay"}, {"tat", "may"}, {"mat", "lien", "lac"}, {"khong", "lien", "lac"},
		{"di", "theo"}, {"di", "mat"}, {"dau", "mat"}, {"bat", "di"}, {"don", "di"}, {"cho", "di"}, {"mat", "tieu"}}
)

// groomedAtHome: a child groomed online and still at home (asked for
// pictures, invited to meet) is child-sexual-abuse, 111 first, not a child
// gone (README "one rule per mixed case"); once she has left or cannot be
// found, missing-child stands.
func groomedAtHome(v *SafetyVerdict, toks []string) {
	if v.Kind != "missing-child" || !hasPhrase(toks, groomWords) || hasPhrase(toks, goneWords) {
		return
	}
	promote(v, func(kind string) bool { return kind == "child-sexual-abuse" })
}

// elders name an old person by age or by her place in the family,
// normalised: "bà cụ", "ông già", "mẹ già", "bà nội", "ông bà". An elder
// is never the child a blow falls on, and the grown son, daughter-in-law or
// grandson who harms her ("bị thằng con trai say rượu đánh") is no child
// either.
var elders = [][]string{{"ba", "cu"}, {"ong", "cu"}, {"cu", "ba"}, {"cu", "ong"}, {"ba", "gia"}, {"ong", "gia"},
	{"me", "gia"}, {"cha", "gia"}, {"bo", "gia"}, {"ba", "noi"}, {"ba", "ngoai"}, {"ong", "noi"}, {"ong", "ngoai"},
	{"ong", "ba"}, {"ba", "lao"}, {"ong", "lao"}, {"nguoi", "gia"}, {"cu", "gia"},
	// A husband's or a wife's parents ("ba chồng em bị thằng con trai út
	// đánh"): grown, whatever son harms them.
	{"ba", "chong"}, {"bo", "chong"}, {"cha", "chong"}, {"me", "chong"}, {"ba", "vo"}, {"bo", "vo"}, {"me", "vo"}}

// elderAt reports whether an elder is named at toks[k].
func elderAt(toks []string, k int) bool {
	return slices.ContainsFunc(elders, func(e []string) bool {
		return k >= 0 && k+len(e) <= len(toks) && equalWords(toks[k:k+len(e)], e)
	})
}

// elderHarmed reports whether a blow, or being shut in, falls on an elder:
// the elder named right after the blow ("đánh bà nội"), or before the "bị"
// of the clause that tells it ("bà cụ đầu xóm bị thằng con trai say rượu
// đánh", "ông nội em bị chú út đánh"). Then an adult is harmed (113
// first), whatever words of a son or a grandchild the story tells.
func elderHarmed(toks []string) bool {
	for j := range toks {
		if !blowAt(toks, j) && !lockedAt(toks, j) || j > 0 && toks[j-1] == "dinh" {
			continue
		}
		for k := j + 1; k < len(toks) && k <= j+3; k++ {
			// "đập bà", "xô ông té": a grandmother, a grandfather.
			if elderAt(toks, k) || (toks[k] == "ba" || toks[k] == "ong") && !childAt(toks, k+1) && !nextIsChildCount(toks, k) {
				return true
			}
			if !childFiller[toks[k]] {
				break
			}
		}
		for k := j - 1; k >= 0 && k >= j-7; k-- {
			if toks[k] == breakToken {
				break
			}
			if toks[k] != "bi" {
				continue
			}
			for c := k - 1; c >= 0 && c >= k-5 && toks[c] != breakToken; c-- {
				if childAt(toks, c) && !elderAt(toks, c-1) {
					break // "bà ngoại con em bị …": the child is
				}
				if elderAt(toks, c) {
					return true
				}
			}
			break
		}
	}
	return false
}

// nextIsChildCount reports whether "ba" at toks[k] is the number three
// before children ("đánh ba đứa nhỏ").
func nextIsChildCount(toks []string, k int) bool {
	return toks[k] == "ba" && k+1 < len(toks) && (toks[k+1] == "dua" || toks[k+1] == "chau" || toks[k+1] == "be")
}

// A person trapped in a car, a lift, a fridge, a bathroom or a machine
// ("đứa nhỏ bị khóa trong xe hơi ngoài nắng", "kẹt tay vào máy xay",
// "thang máy dừng giữa tầng, hai đứa nhỏ ở trong") needs the rescuers or
// the ambulance, not the child line or the police: nobody harms her.
// "kẹt" is "kết" (married, sentenced, a result) once the marks are gone:
// only where a body part or a place follows it, or "mắc", "bị" comes
// before and no word of those readings after.
var (
	trapPlaces = [][]string{{"trong", "xe"}, {"trong", "o", "to"}, {"thang", "may"}, {"tu", "lanh"}, {"tu", "dong"},
		{"cua", "sap"}, {"nha", "tam"}, {"trong", "phong"}, {"trong", "cop"}, {"cop", "xe"}, {"xe", "dua", "don"}}
	trapAfter = map[string]bool{"trong": true, "tay": true, "chan": true, "dau": true, "duoi": true, "giua": true,
		"ben": true, "o": true, "vao": true, "vo": true, "lai": true, "tren": true}
	notTrapAfter = map[string]bool{"an": true, "hon": true, "qua": true, "noi": true, "thuc": true, "ban": true,
		"luan": true, "toi": true, "nap": true, "xe": true, "tien": true, "so": true,
		// "hàng bị kẹt hải quan": a parcel held at customs, no one stuck.
		"hai": true}
	takenAway = [][]string{{"nguoi", "la"}, {"bat", "coc"}, {"bat", "di"}, {"chuoc"}, {"dua", "di"}, {"chay", "mat"},
		{"khong", "cho", "ve"}, {"ko", "cho", "ve"}, {"doi", "tien"}}
	// liftStopped and someoneInside tell of a lift that stopped with
	// people in it, though nobody says "kẹt": "thang máy dừng giữa tầng,
	// trong đó có hai đứa nhỏ".
	liftStopped   = [][]string{{"dung"}, {"ket"}, {"mat", "dien"}, {"khong", "chay"}, {"ko", "chay"}, {"khong", "mo"}, {"ko", "mo"}}
	someoneInside = [][]string{{"ben", "trong"}, {"o", "trong"}, {"trong", "do"}, {"trong", "nay"}, {"ket"}}
	noOne         = map[string]bool{"khong": true, "ko": true, "k": true, "chang": true, "cha": true}
)

// trappedAt reports whether toks[i] tells of a person stuck: "mắc kẹt",
// "bị kẹt", "kẹt tay", "kẹt trong"; "bỏ quên" in a car; "khóa", "nhốt" in
// one of trapPlaces; a lift stopped with someone inside. Not "không ai
// kẹt".
func trappedAt(toks []string, i int) bool {
	next, prev := "", ""
	if i+1 < len(toks) {
		next = toks[i+1]
	}
	if i > 0 {
		prev = toks[i-1]
	}
	switch toks[i] {
	case "ket":
		if prev == "ai" && i > 1 && noOne[toks[i-2]] || prev == "bi" && i > 2 && toks[i-2] == "ai" && noOne[toks[i-3]] {
			return false // "không ai kẹt", "ko ai bị kẹt"
		}
		return trapAfter[next] || (prev == "mac" || prev == "bi") && !notTrapAfter[next]
	case "quen":
		return prev == "bo" && hasPhrase(toks, trapPlaces)
	case "khoa", "nhot":
		// "bị nhốt trong xe", "tự khóa trong nhà tắm"; not "bị thằng
		// con nhốt trong phòng", where someone does it.
		return (prev == "bi" || prev == "tu") && hasPhrase(toks[i:], trapPlaces)
	case "thang":
		if next != "may" {
			return false
		}
		rest := toks[i+2:]
		for k, t := range rest {
			if t == "ket" && !trappedAt(rest, k) {
				return false // "không ai kẹt bên trong"
			}
		}
		return hasPhrase(rest, liftStopped) && hasPhrase(rest, someoneInside)
	}
	return false
}

// trappedKinds are the kinds a person trapped is mistaken for.
var trappedKinds = map[string]bool{"child-violence": true, "confinement": true, "missing-child": true,
	"trafficking": true, "bystander": true, "domestic-violence": true, "threat-to-kill": true,
	"child-sexual-abuse": true, "sexual-assault": true, "medical": true}

// rescueKind is the kind of a person trapped with no one doing it and no
// body in danger yet: content/emergency.yaml cuu-nan-mac-ket, 114 first
// (fire and rescue). The classifier has no such kind: its stories are
// read as the ambulance's, and byTrap tells them apart.
const rescueKind = "trapped"

// A body in danger while trapped needs the ambulance first: a sign
// (fainting, not breathing, bleeding, not answering), a small child shut
// in a car in the heat, a hand or a foot caught in a machine
// ("kẹt tay vào máy ép mía", "kẹt chân vào thang cuốn").
var (
	unanswering = [][]string{{"khong", "thua"}, {"ko", "thua"}, {"khong", "tra", "loi"}, {"ko", "tra", "loi"},
		{"khong", "len", "tieng"}, {"ko", "len", "tieng"}, {"kho", "tho"}, {"tho", "khong", "duoc"}, {"tho", "ko", "duoc"}}
	heat     = [][]string{{"nang"}, {"nong"}, {"trua"}, {"oi", "buc"}}
	cars     = [][]string{{"trong", "xe"}, {"o", "to"}, {"oto"}, {"xe", "hoi"}, {"cop", "xe"}, {"xe", "dua", "don"}}
	machines = [][]string{{"may"}, {"thang", "cuon"}}
	limbs    = map[string]bool{"tay": true, "chan": true, "ngon": true}
)

// trappedInDanger reports whether a person trapped is told with her body
// in danger (see unanswering).
func trappedInDanger(toks []string) bool {
	if collapsed(toks) || hasPhrase(toks, bodySigns) || hasPhrase(toks, unanswering) ||
		hasPhrase(toks, cars) && hasPhrase(toks, heat) {
		return true
	}
	for i, t := range toks {
		if t == "ket" && i+1 < len(toks) && limbs[toks[i+1]] {
			rest := toks[i+1:]
			if hasPhrase(rest, machines) && !hasPhrase(rest, [][]string{{"thang", "may"}}) {
				return true
			}
		}
	}
	return false
}

// byTrap: a person trapped with no one doing it (no doer, no blow but the
// lock, nobody taken away), and neither water nor fire around her, is a
// rescue (114 first: rescueKind), or a medical emergency (115 first) when
// her body is in danger.
func byTrap(v *SafetyVerdict, toks []string) {
	if !trappedKinds[v.Kind] || len(v.ranked) < 2 {
		return
	}
	trapped := false
	for i := range toks {
		trapped = trapped || trappedAt(toks, i)
	}
	if !trapped || doneByAPerson(toks) || hasPhrase(toks, takenAway) || hasPhrase(toks, pushed) ||
		hasPhrase(toks, sexualWords) || hasPhrase(toks, threatOthers) || hasPhrase(toks, turnsOnHimself) ||
		waterRising(toks) || hasPhrase(toks, otherFire) {
		return
	}
	if _, pulled := inWater(toks); pulled {
		return
	}
	for j, t := range toks {
		if t != "nhot" && t != "khoa" && blowAt(toks, j) {
			return
		}
	}
	// Shut in ("bị nhốt trong phòng") tells that someone shut her in,
	// though not who: the rescuers only when she is stuck on her own.
	if trappedInDanger(toks) || slices.Contains(toks, "nhot") {
		if v.Kind != "medical" {
			promote(v, func(kind string) bool { return kind == "medical" })
		}
		return
	}
	// The kinds the classifier read are its misreadings of a rescue:
	// none of them follows as a second number (withSecond).
	v.ranked = []kindP{{rescueKind, v.ranked[0].p}}
	v.Kind = rescueKind
}

// Water rising into a house ("nước sông lên nhanh, vô tới bếp rồi", "nước
// ngập tới giường") is a flood (112 first) even when nobody is hurt yet;
// a body in danger out of the water or pulled from it ("nằm bất động dưới
// mương", "vớt lên không thở") is the ambulance's (115 first).
var (
	riseWords  = map[string]bool{"vo": true, "vao": true, "tran": true, "dang": true, "len": true, "ngap": true}
	houseWords = map[string]bool{"nha": true, "bep": true, "san": true, "giuong": true, "gac": true, "mai": true,
		"phong": true, "cua": true, "nen": true, "hien": true, "dau": true, "bung": true, "nguc": true}
	notWaterAfter = map[string]bool{"soi": true, "nong": true, "mat": true, "mam": true, "ngot": true, "hoa": true,
		"tieu": true, "dai": true, "mia": true, "da": true, "uong": true, "loc": true, "ngoai": true, "giai": true, "rua": true,
		"tay": true, "cam": true, "chanh": true, "dua": true, "tra": true, "canh": true}
	stillMissing = [][]string{{"chua", "thay"}, {"chua", "vot"}, {"khong", "thay"}, {"ko", "thay"}, {"mat", "tich"},
		{"chua", "tim"}}
	notWaterBefore = map[string]bool{"nha": true, "uong": true, "tien": true, "nguon": true, "may": true, "voi": true,
		"dong": true, "sua": true, "binh": true, "chai": true, "ly": true, "coc": true}
	bodySigns = [][]string{{"khong", "tho"}, {"ko", "tho"}, {"ngung", "tho"}, {"tat", "tho"}, {"bat", "dong"},
		{"nam", "im"}, {"tim", "tai"}, {"tim", "ngat"}, {"khong", "cu", "dong"}, {"ko", "cu", "dong"},
		{"khong", "nhuc", "nhich"}, {"khong", "tinh"}, {"ko", "tinh"}, {"chay", "mau"}, {"mat", "mau"}}
)

// risenOver are the kinds water rising into a home is mistaken for: the
// ambulance's, self-harm's ("nhảy", "lầu"), a child gone.
var risenOver = map[string]bool{"medical": true, "self-harm": true, "missing-child": true}

// waterRising reports whether water is said to rise into a home: "nước"
// (not "nhà nước", "uống nước", "tiền nước") followed within a few words by
// a word of rising and, a little further, a part of the house or the body
// it reaches.
func waterRising(toks []string) bool {
	for i, t := range toks {
		if t != "nuoc" || i > 0 && notWaterBefore[toks[i-1]] || i+1 < len(toks) && notWaterAfter[toks[i+1]] {
			continue
		}
		rise := false
		for k := i + 1; k < len(toks) && k <= i+8 && toks[k] != breakToken; k++ {
			if k <= i+4 && riseWords[toks[k]] {
				rise = true
			}
			if rise && houseWords[toks[k]] {
				return true
			}
		}
	}
	return false
}

// byWaterOrBody: water rising into a home, told with no sign of a body in
// danger, is a flood rather than a medical emergency; a sign of a body in
// danger told with no water rising and no one swept away, or told of one
// pulled out, is a medical emergency rather than a flood, while no one is
// still missing.
func byWaterOrBody(v *SafetyVerdict, toks []string) {
	if len(v.ranked) < 2 || !risenOver[v.Kind] && v.Kind != "flood" {
		return
	}
	rising := waterRising(toks)
	sign := collapsed(toks) || hasPhrase(toks, bodySigns)
	taken, pulled := inWater(toks)
	switch {
	case risenOver[v.Kind] && rising && !sign && !pulled && !hasPhrase(toks, turnsOnHimself) && !doneByAPerson(toks):
		promote(v, func(kind string) bool { return kind == "flood" })
	case v.Kind == "flood" && sign && !hasPhrase(toks, stillMissing) && (pulled || !rising && !taken) && !hasPhrase(toks, trapPlaces):
		promote(v, func(kind string) bool { return kind == "medical" })
	}
}

// beatenOver are the kinds a child beaten is mistaken for when the story
// names a stranger, a threat or a place far away.
var beatenOver = map[string]bool{"missing-child": true, "trafficking": true, "threat-to-kill": true}

// childBeaten: a blow that falls on a child ("ba nó dộng đầu con bé vô
// tường", "thằng con em 10 tuổi bị ông nội lấy gậy đánh") is a child harmed
// (111 first), not a child gone, sold or threatened, unless the story
// tells she is gone or sold, or of sexual harm. So is a child starved or
// made to kneel ("mẹ kế bắt con bé quỳ giữa trưa, bỏ đói"), even where
// the story says the parents are not to be seen.
func childBeaten(v *SafetyVerdict, toks []string) {
	if !beatenOver[v.Kind] || hasPhrase(toks, soldWords) || hasPhrase(toks, sexualWords) {
		return
	}
	if !(childHarmed(toks) && !hasPhrase(toks, goneWords)) && !(deprived(toks) && namesAChild(toks)) {
		return
	}
	promote(v, func(kind string) bool { return kind == "child-violence" })
}

// "chay" is "cháy" (burning) but also "chạy" (running, driving): "em chạy
// xe ngang cầu", "xe chạy về quốc lộ". A story the classifier reads as a
// fire whose only word of fire is "chay" right after a person or a vehicle
// and right before where they go is no fire: the next kind goes first. A
// fire that spreads ("nhà bên cháy sang") names no person before it.
var (
	runners = map[string]bool{"e": true, "em": true, "toi": true, "tui": true, "minh": true, "no": true, "ba": true,
		"ong": true, "anh": true, "chi": true, "co": true, "xe": true, "ho": true, "chong": true, "nguoi": true, "ta": true, "be": true}
	runTo = map[string]bool{"qua": true, "sang": true, "ra": true, "ve": true, "vo": true, "vao": true, "theo": true,
		"xe": true, "tron": true, "di": true, "lai": true, "toi": true, "huong": true, "tim": true, "ngang": true, "thoat": true,
		"khap": true, "quanh": true, "cho": true}
	otherFire = [][]string{{"lua"}, {"khoi"}, {"khet"}, {"gas"}, {"binh", "ga"}, {"chap", "dien"}, {"boc", "chay"},
		{"chay", "nha"}, {"chay", "lan"}, {"no", "tung"}, {"phat", "no"}, {"tieng", "no"}, {"bom"}, {"xang"}, {"dau", "hoa"}}
)

// runningNotBurning: see runners.
func runningNotBurning(v *SafetyVerdict, toks []string) {
	if v.Kind != "fire" || len(v.ranked) < 2 || hasPhrase(toks, otherFire) {
		return
	}
	running := false
	for i, t := range toks {
		if t != "chay" {
			continue
		}
		if i == 0 || i+1 >= len(toks) || !runners[toks[i-1]] || !runTo[toks[i+1]] {
			return // a "chay" that may burn
		}
		running = true
	}
	if running {
		moveFirst(v, 1)
	}
}

// takenWords tell of a child led away by someone who is not hers: a
// stranger who claims to be kin ("xưng là chú", "nói là dì ruột"), a child
// who cries he is not her father, a mouth covered; or of a child whose
// whereabouts nobody knows ("đi đâu không biết").
var takenWords = [][]string{{"xung", "la"}, {"mao", "nhan"}, {"ko", "phai", "ba"}, {"khong", "phai", "ba"},
	{"ko", "phai", "me"}, {"khong", "phai", "me"}, {"bit", "mieng"}, {"di", "dau", "ko", "biet"},
	{"di", "dau", "khong", "biet"}, {"khong", "biet", "o", "dau"}, {"ko", "biet", "o", "dau"}}

// childGone: a child who is gone (missing, not back, led away; goneWords,
// takenWords) with no blow, no starving ("bỏ đói … không thấy cha mẹ":
// the parents are gone) and no sexual words told is a child missing (113
// first, the child line right after), not a child beaten or abused, however
// the classifier reads the child's age and the stranger.
func childGone(v *SafetyVerdict, toks []string) {
	if v.Kind != "child-violence" && v.Kind != "child-sexual-abuse" || len(v.ranked) < 2 {
		return
	}
	if !hasPhrase(toks, goneWords) && !hasPhrase(toks, takenWords) || hasPhrase(toks, sexualWords) ||
		hasPhrase(toks, groomWords) || deprived(toks) {
		return
	}
	for j := range toks {
		if blowAt(toks, j) || lockedAt(toks, j) {
			return
		}
	}
	promote(v, func(kind string) bool { return kind == "missing-child" })
}

// A child made to kneel in the sun, starved or shut in ("bắt con bé quỳ
// ngoài nắng", "không cho ăn", "bỏ đói") is harmed by a person, however her
// fainting is told: the violence kinds come before the ambulance.
var deprivedWords = [][]string{{"khong", "cho", "an"}, {"ko", "cho", "an"}, {"bo", "doi"}, {"nhin", "doi"},
	{"bat", "quy"}, {"phat", "quy"}}

// deprived reports whether the message tells of a person deprived or
// punished by another (deprivedWords, or "bắt" a few words before "quỳ").
func deprived(toks []string) bool {
	if hasPhrase(toks, deprivedWords) {
		return true
	}
	for i, t := range toks {
		if t != "bat" {
			continue
		}
		for k := i + 1; k < len(toks) && k <= i+6 && toks[k] != breakToken; k++ {
			if toks[k] == "quy" {
				return true
			}
		}
	}
	return false
}

// selfActs tell of harm a person turns on herself, or of the farewell
// before it, normalised: a poison drunk, a cut wrist, a bridge or a river
// bank she has gone to, "xin lỗi mọi người", "không ai buồn đâu", a wish
// to follow a dead child. Told with no one harming another, they are
// self-harm (115 first) though the story names a husband, a debt or a
// child (README "Self-harm or a threat").
var (
	selfActs = [][]string{{"uong", "thuoc", "diet", "co"}, {"uong", "thuoc", "tru", "sau"}, {"uong", "thuoc", "chuot"},
		{"uong", "het", "thuoc"}, {"uong", "ca", "vi"}, {"rach", "tay"}, {"cua", "tay", "minh"}, {"cat", "tay", "minh"},
		{"xin", "loi", "moi", "nguoi"}, {"vinh", "biet"}, {"chan", "doi"}, {"ra", "cau"}, {"len", "cau"}, {"bo", "song"},
		{"khong", "ai", "buon"}, {"ko", "ai", "buon"}, {"khong", "muon", "song"}, {"ko", "muon", "song"},
		{"muon", "di", "theo"}, {"nhay", "cau"}, {"nhay", "song"}}
	// goneStill are goneWords that tell of a child gone, not dead: a
	// child who left and wrote of dying is a child missing.
	goneStill = [][]string{{"chua", "ve"}, {"khong", "ve"}, {"ko", "ve"}, {"mat", "tich"}, {"bo", "nha"}, {"bo", "di"},
		{"khong", "thay"}, {"ko", "thay"}, {"chua", "thay"}, {"tat", "may"}, {"mat", "lien", "lac"}, {"di", "dau"}}
	// ownDeathOver are the kinds such a story is mistaken for.
	ownDeathOver = map[string]bool{"domestic-violence": true, "threat-to-kill": true, "missing-child": true}
)

// ownDeath: see selfActs. At least two of them, or one with no other
// person's harm in the story, and nobody harmed, forced, extorted or
// threatened by another.
func ownDeath(v *SafetyVerdict, toks []string) {
	if !ownDeathOver[v.Kind] || len(v.ranked) < 2 || !hasPhrase(toks, selfActs) {
		return
	}
	if doneByAPerson(toks) || forcedByAPerson(toks) || harmedByHand(toks) || hasPhrase(toks, threatOthers) ||
		hasPhrase(toks, goneStill) || hasPhrase(toks, sexualWords) || hasPhrase(toks, mistaken) {
		return
	}
	promote(v, func(kind string) bool { return kind == "self-harm" })
}
