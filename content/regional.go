package content

// Southern and Central speech. Members write the function words of their
// region ("răng" sao, "rứa" vậy, "mô" đâu, "chi" gì, "mần" làm, "dị" vậy,
// "hỉ" nhỉ, "nhen" nhé …); the knowledge base is written in the standard
// syllables. Left as typed, a regional word is either unknown to the matcher
// (it then weighs as a rare word her question leaves unanswered, and a right
// entry falls below the bar) or, folded, another word ("chi" is "chị", "mô"
// is "mô hình", "dị" is "đi"). The regional pass maps each to the standard
// syllable, so that a regional question normalises as its standard form.
//
// Marks decide where she typed them ("răng" is sao, "rằng" is not); the
// context decides where she did not (a question word at the end of a
// sentence, "mần" before what is done, "răng" not after "đau"/"nhổ"/"sâu").
// The pass must keep Normalize idempotent, and Normalize's output has neither
// marks nor sentence breaks. So a rule may use marks, sentence breaks and
// the syllables as typed only as evidence FOR a reading (never against one),
// and its exceptions look only at the neighbours' current syllables: a
// message read once is then read the same way again. The pass runs to a
// fixed point, each word mapped at most once.

// regionalWords maps a folded syllable to its rule: the standard syllable it
// stands for at word i of n.words, or "" where it is not the regional word.
var regionalWords = map[string]func(n *normalizer, i int) string{
	"rang": readRang, "rua": readRua, "chi": readChi, "mo": readMo, "te": readTe,
	"di": readDi, "man": readMan, "hi": readHi, "he": readHe, "nhen": readNhen,
	"hen": readHen, "ni": readNi, "chu": readChu, "no": readNo, "ma": readMa,
	"nghen": readNghen, "rau": readRau, "chen": readChen, "tia": readTia, "nhieu": readNhieu,
	"vo": readVo, "hom": readHom,
}

// set is a small set of syllables.
type set map[string]bool

func setOf(ws ...string) set {
	s := make(set, len(ws))
	for _, w := range ws {
		s[w] = true
	}
	return s
}

var (
	// regionalClosers may follow a question word at the end of a sentence
	// ("… ở mô rứa chị", "… mần răng hè").
	regionalClosers = setOf("chi", "em", "a", "anh", "ban", "ad", "admin", "oi", "nha", "nhe", "ha",
		"ne", "nhi", "u", "nghe", "nghen", "hen", "nhen", "he", "ta")
	// rangDental: "răng" is a tooth after these ("đau răng", "nhổ răng",
	// "đánh răng", "chảy máu chân răng") or before these ("răng sữa").
	rangDentalBefore = setOf("dau", "nho", "sau", "trong", "danh", "moc", "chai", "gay", "ham", "nieng",
		"kham", "rung", "chan", "be", "mat", "tram", "bo", "cao", "ve", "lay", "lung", "cai", "nghien", "can")
	rangDentalAfter = setOf("sua", "mieng", "khon", "ham", "gia", "cua", "nanh", "cam", "lung", "dau", "sau", "rung", "can", "mom")
	// rangAsks: "răng" asks after these at the end of a sentence ("làm
	// răng", "thì răng", "bị răng").
	rangAsksAfter = setOf("lam", "man", "thi", "bi", "ra", "tai", "la", "the")
	// rangLeads: "răng" opening a sentence before these asks ("răng mà",
	// "răng không", "răng lại").
	rangLeads = setOf("ma", "khong", "hong", "lai", "rua", "chi", "the", "vay")
	// questionBefore: a question word before "rứa" ("răng rứa", "chi rứa",
	// "ở mô rứa", "làm rứa"). Not "như": "chậm như rùa".
	questionBefore = setOf("rang", "sao", "chi", "gi", "lam", "man", "la", "nao", "mo", "dau", "the")
	// ruaThings: "rửa" before these ("rửa tay", "rửa tiền").
	ruaThings = setOf("tay", "chen", "bat", "mat", "xe", "tien", "rau", "vet", "sach", "nha", "do", "qua",
		"chan", "mui", "ruot", "tui", "bom", "coc")
	// chiAsksAfter: "chi" is "gì" after these at the end of a sentence
	// ("làm chi", "là chi", "cái chi", "để chi").
	chiAsksAfter = setOf("lam", "man", "la", "cai", "de")
	// moPlace: "mô" after these is "đâu" ("ở mô", "đi mô"); after other
	// words it is "nào" ("khi mô", "nhà mô").
	moPlace = setOf("o", "di", "ve", "tu", "den", "toi", "ra", "vo", "len", "xuong")
	// moAfter: unmarked "mo" asks after these. Not "khi": "khi mở" ends a
	// sentence as often as "khi mô".
	moAfter = setOf("o", "nha", "cho", "luc", "nguoi", "cai", "ben")
	// moFollow: unmarked "mo" asks before these ("nhà mô cũng").
	moFollow = setOf("rua", "chi", "cung", "he", "ha")
	// moNot: "mô" of "quy mô", "vi mô", "mô hình", "mô tả", "mồ côi".
	moNotBefore = setOf("quy", "vi")
	moNotAfter  = setOf("hinh", "ta", "phong", "dun", "men", "coi", "te", "so")
	// teBefore: marked "tê" is "kia" after these ("bên tê", "cái tê").
	teBefore = setOf("ben", "cai", "cho", "nha", "hom", "ngay", "nguoi", "phia", "thang", "o", "dang", "may", "con")
	// diNot: "dị" of "dị ứng", "dị tật", "dị vật", "ly dị", "kì dị".
	diNotAfter  = setOf("ung", "tat", "thuong", "dang", "biet", "nghi", "vat", "hinh", "hoc", "giao", "doan", "bao", "dong", "san", "nhan")
	diNotBefore = setOf("li", "ki", "quai", "bien")
	// diAsksAfter: unmarked "di" at the end of a sentence after these is
	// "dị" ("sao dị", "ở đâu dị").
	diAsksAfter = setOf("sao", "rang", "dau", "the")
	// manBefore: unmarked "man" before these is "mần" ("mần răng", "mần ăn").
	manBefore = setOf("rang", "rua", "chi", "gi", "sao", "an", "ruong", "viec", "the")
	// heAfter: "hè" closing a question after these is "nhỉ" ("rứa hè").
	heAfter = setOf("rua", "vay", "chi", "gi", "dung", "phai", "khong", "the", "roi", "qua", "sao", "ha", "nhe")
	// henNot: "hẹn" and "hen" (asthma) after these.
	henNotBefore = setOf("lich", "cuoc", "giay", "ngay", "tre", "lo", "dung", "benh", "bi", "co", "gio",
		"cho", "trai", "hua", "dat", "buoi", "hen", "phieu", "xin", "nhu")
	// niNot: "ni" of "ni lông", "ni cô".
	niNotAfter = setOf("long", "lon", "co", "ni")
	// maNot: "má" of the cheek ("gò má", "tát vào má").
	maNotBefore = setOf("go", "hai", "vao", "tat", "ma", "danh", "cai", "bau", "hon", "ben", "sung", "bam")
	maNotAfter  = setOf("hong", "phan", "lum", "ma")
	// maLangNot: "mạ" of "lăng mạ" (insult) and rice seedlings.
	maLangNotBefore = setOf("lang", "gieo", "nho", "cay", "ruong", "ma")
	maLangNotAfter  = setOf("non")
	// rangWhy: "vì răng mà", "tại răng rứa".
	rangWhy      = setOf("vi", "tai", "lam", "man")
	rangWhyNext  = setOf("ma", "rua")
	ruaFollow    = setOf("chi", "he", "hi", "thi", "ha", "khong", "hong")
	ruaThen      = setOf("thi")        // "rứa thì"
	ruaAsked     = setOf("chi")        // "… rứa chi" at the end
	chiNotAfter  = setOf("oi")         // "chị ơi"
	moDenies     = setOf("co", "phai") // "mô có" (đâu có), "mô phải"
	teSide       = setOf("ben", "phia")
	nhenNotAfter = setOf("nhom")  // "nhen nhóm"
	henNotAfter  = setOf("suyen") // "hen suyễn"
	chuAfter     = setOf("bay")
	// nghenNot: "nghẹn" (choking) after these ("bé bị nghẹn", "ăn nghẹn").
	nghenNotBefore = setOf("bi", "an", "uong", "nuot", "hoc", "tac", "nghen", "lai", "con", "be", "chau", "ho")
	// rauNot: "rầu" of "buồn rầu", "rầu rĩ".
	rauNotBefore = setOf("buon", "lo")
	rauNotAfter  = setOf("ri", "long")
	// tiaNot: "tía" of "tím tía", "tía tô".
	tiaNotBefore = setOf("tim", "do", "mau")
	tiaNotAfter  = setOf("to")
	// nhieuAfter: "nhiêu" already asks after these ("bao nhiêu", "bấy
	// nhiêu"); "nhiêu khê" is a word of its own.
	nhieuNotBefore = setOf("bao", "bay", "may", "bi")
	nhieuNotAfter  = setOf("khe")
	// voSino: "vô" of the Sino-Vietnamese words ("vô gia cư", "vô hiệu",
	// "vô ích", "vô sinh", "vô điều kiện" …), where it is no "vào".
	voSino = setOf("gia", "hieu", "ich", "sinh", "dich", "dieu", "tu", "cam", "van", "hinh", "nghia", "han",
		"tan", "ly", "li", "le", "danh", "tuyen", "phuc", "thuc", "so", "trach", "toi", "duyen", "tinh", "y",
		"co", "tam", "hoc", "liem", "dung", "on", "vong", "hai", "can", "bo", "chu", "cung", "ke", "san",
		"thoi", "luong", "phep", "tri", "dao", "nhan", "ngan", "bien", "cuc", "thuong", "dinh", "cam", "vi",
		"ta", "tich", "trung", "ve", "chinh", "cong", "ngai", "tung")
	voNotBefore = setOf("hu")
	// voMotion: unmarked "vo" is "vợ" as often as not; after these it
	// goes in ("đi vô", "bấm vô", "nhập vô").
	voMotion = setOf("di", "bam", "nhap", "nhan", "chay", "buoc", "leo", "dang", "an")
	// homOf: "hôm" after "bữa" before these is a day ("bữa hôm qua").
	homDay = setOf("qua", "nay", "kia", "truoc", "sau", "do", "ay", "no", "khac", "nao", "bua")
	// afterQuestion: the matcher's questionWords, and the regional ones.
	afterQuestion = setOf("gi", "sao", "nao", "the", "khong", "nhieu", "dau", "roi", "chua", "duoc", "ai", "la",
		"chi", "em", "a", "oi", "rang", "mo", "hong") // "bây chừ"
)

// regionalize maps the regional words of n.words to their standard
// syllables, to a fixed point.
func (n *normalizer) regionalize() {
	n.typed = append(n.typed[:0], n.words...)
	n.done = n.done[:0]
	for range n.words {
		n.done = append(n.done, false)
	}
	for changed := true; changed; {
		changed = false
		for i, w := range n.words {
			if n.done[i] {
				continue
			}
			read, ok := regionalWords[w]
			if !ok {
				continue
			}
			if std := read(n, i); std != "" {
				n.words[i], n.done[i], changed, n.changed = std, true, true, true
			}
		}
	}
}

// prev and next return the index of the neighbouring word, sentence breaks
// skipped, or -1.
func (n *normalizer) prev(i int) int {
	for j := i - 1; j >= 0; j-- {
		if n.words[j] != breakToken {
			return j
		}
	}
	return -1
}

func (n *normalizer) next(i int) int {
	for j := i + 1; j < len(n.words); j++ {
		if n.words[j] != breakToken {
			return j
		}
	}
	return -1
}

// in reports whether word j, as it reads now or as typed, is in s: evidence
// for a reading.
func (n *normalizer) in(j int, s set) bool {
	return j >= 0 && (s[n.words[j]] || s[n.typed[j]])
}

// is reports whether word j reads now as a word of s: an exception to a
// reading.
func (n *normalizer) is(j int, s set) bool { return j >= 0 && s[n.words[j]] }

// was reports whether word j was the regional word w, already mapped.
func (n *normalizer) was(j int, w string) bool { return j >= 0 && n.done[j] && n.typed[j] == w }

// atEnd reports whether word i ends its sentence, closing particles aside.
func (n *normalizer) atEnd(i int) bool {
	j := i + 1
	for j < len(n.words) && n.words[j] != breakToken && regionalClosers[n.words[j]] {
		j++
	}
	return j == len(n.words) || n.words[j] == breakToken
}

// atStart reports whether word i opens its sentence.
func (n *normalizer) atStart(i int) bool { return i == 0 || n.words[i-1] == breakToken }

func readRang(n *normalizer, i int) string {
	p, x := n.prev(i), n.next(i)
	if n.is(p, rangDentalBefore) || n.is(x, rangDentalAfter) {
		return ""
	}
	switch {
	case n.typedAs(i, "răng"),
		n.was(x, "rua"),
		n.atStart(i) && n.in(x, rangLeads),
		n.in(p, rangAsksAfter) && n.atEnd(i),
		n.in(p, rangWhy) && n.in(x, rangWhyNext):
		return "sao"
	}
	return ""
}

// particle is the standard particle for "rứa"/"dị": "vay" after a question
// word ("ở đâu dị" → "o dau vay"), where the matcher reads it as the
// particle, and "the" (thế) elsewhere ("mần rứa" → "lam the"), where "vay"
// would read as a loan ("hợp tác xã dị" is not about borrowing).
func particle(n *normalizer, i int) string {
	if n.in(n.prev(i), afterQuestion) {
		return "vay"
	}
	return "the"
}

func readRua(n *normalizer, i int) string {
	p, x := n.prev(i), n.next(i)
	if n.typedAs(i, "rứa") {
		return particle(n, i)
	}
	if n.is(x, ruaThings) {
		return ""
	}
	if n.in(p, questionBefore) && (n.atEnd(i) || n.in(x, ruaFollow)) ||
		n.is(x, ruaAsked) && n.atEnd(x) ||
		n.atStart(i) && n.in(x, ruaThen) {
		return particle(n, i)
	}
	return ""
}

func readChi(n *normalizer, i int) string {
	p, x := n.prev(i), n.next(i)
	if n.is(x, chiNotAfter) {
		return ""
	}
	// "… rứa chi" at the end is as often "vậy chị" as "vậy gì": left.
	if n.was(x, "rua") || n.in(p, chiAsksAfter) && n.atEnd(i) {
		return "gi"
	}
	return ""
}

func readMo(n *normalizer, i int) string {
	p, x := n.prev(i), n.next(i)
	if n.is(p, moNotBefore) || n.is(x, moNotAfter) {
		return ""
	}
	if !n.typedAs(i, "mô") && !(n.in(p, moAfter) && (n.atEnd(i) || n.in(x, moFollow))) {
		return ""
	}
	if n.in(p, moPlace) || n.in(x, moDenies) {
		return "dau"
	}
	return "nao"
}

func readTe(n *normalizer, i int) string {
	p := n.prev(i)
	if n.typedAs(i, "tê") && n.in(p, teBefore) || n.in(p, teSide) {
		return "kia"
	}
	return ""
}

func readDi(n *normalizer, i int) string {
	p, x := n.prev(i), n.next(i)
	if n.is(p, diNotBefore) || n.is(x, diNotAfter) {
		return ""
	}
	if n.typedAs(i, "dị") || n.in(p, diAsksAfter) && n.atEnd(i) {
		return particle(n, i)
	}
	return ""
}

func readMan(n *normalizer, i int) string {
	if n.typedAs(i, "mần") || n.in(n.next(i), manBefore) {
		return "lam"
	}
	return ""
}

func readHi(n *normalizer, i int) string {
	if n.typedAs(i, "hỉ") {
		return "nhi"
	}
	return ""
}

func readHe(n *normalizer, i int) string {
	p := n.prev(i)
	if n.atEnd(i) && (n.typedAs(i, "hè") && n.in(p, heAfter) || n.was(p, "rua")) {
		return "nhi"
	}
	return ""
}

func readNhen(n *normalizer, i int) string {
	if n.is(n.next(i), nhenNotAfter) {
		return ""
	}
	return "nhe"
}

func readHen(n *normalizer, i int) string {
	if n.is(n.prev(i), henNotBefore) || n.is(n.next(i), henNotAfter) {
		return ""
	}
	if n.atEnd(i) && n.prev(i) >= 0 {
		return "nhe"
	}
	return ""
}

func readNi(n *normalizer, i int) string {
	if n.is(n.next(i), niNotAfter) {
		return ""
	}
	return "nay"
}

func readChu(n *normalizer, i int) string {
	if n.typedAs(i, "chừ") || n.in(n.prev(i), chuAfter) {
		return "gio"
	}
	return ""
}

func readNo(n *normalizer, i int) string {
	if n.typedAs(i, "nớ") {
		return "do"
	}
	return ""
}

func readMa(n *normalizer, i int) string {
	p, x := n.prev(i), n.next(i)
	switch {
	case n.typedAs(i, "má"):
		if !n.is(p, maNotBefore) && !n.is(x, maNotAfter) {
			return "me"
		}
	case n.typedAs(i, "mạ"):
		if !n.is(p, maLangNotBefore) && !n.is(x, maLangNotAfter) {
			return "me"
		}
	}
	return ""
}

// readNghen: "nghen" closing a sentence is the Southern "nhé" ("làm đơn ở
// đâu nghen"), unless it follows a word of choking ("bé bị nghẹn").
func readNghen(n *normalizer, i int) string {
	p := n.prev(i)
	if p < 0 || !n.atEnd(i) || n.is(p, nghenNotBefore) {
		return ""
	}
	return "nhe"
}

// readRau: "rầu", typed with its marks, is the Southern "rồi" ("bị khóa
// rầu"), unless it is "buồn rầu"; unmarked "rau" is a vegetable.
func readRau(n *normalizer, i int) string {
	if !n.typedAs(i, "rầu") || n.is(n.prev(i), rauNotBefore) || n.is(n.next(i), rauNotAfter) {
		return ""
	}
	return "roi"
}

// readChen: "chèn ơi" is "trời ơi".
func readChen(n *normalizer, i int) string {
	if x := n.next(i); x >= 0 && n.words[x] == "oi" {
		return "troi"
	}
	return ""
}

// readTia: "tía", typed with its marks, is the Southern father ("tía má"),
// unless a colour or a herb ("tím tía", "tía tô").
func readTia(n *normalizer, i int) string {
	if !n.typedAs(i, "tía") || n.is(n.prev(i), tiaNotBefore) || n.is(n.next(i), tiaNotAfter) {
		return ""
	}
	return "bo"
}

// readNhieu: "nhiêu" alone, typed with its marks, asks how much ("đóng
// nhiêu một người"); "nhiều" (many) has another mark.
func readNhieu(n *normalizer, i int) string {
	if !n.typedAs(i, "nhiêu") || n.is(n.prev(i), nhieuNotBefore) || n.is(n.next(i), nhieuNotAfter) {
		return ""
	}
	return "bao nhieu"
}

// readVo: "vô", typed with its marks, is the Southern "vào" ("vô hội",
// "hổng vô được"), except in the Sino-Vietnamese words ("vô gia cư", "vô
// hiệu"); unmarked "vo" only after a verb of going in ("đi vô", "bấm vô"),
// since it is "vợ" as often.
func readVo(n *normalizer, i int) string {
	p, x := n.prev(i), n.next(i)
	if n.is(x, voSino) || n.is(p, voNotBefore) {
		return ""
	}
	if n.typedAs(i, "vô") || n.in(p, voMotion) {
		return "vao"
	}
	return ""
}

// readHom: "bữa hổm" is "bữa trước"; "bữa hôm qua" keeps its "hôm".
func readHom(n *normalizer, i int) string {
	p, x := n.prev(i), n.next(i)
	if p < 0 || n.words[p] != "bua" || n.is(x, homDay) {
		return ""
	}
	return "truoc"
}
