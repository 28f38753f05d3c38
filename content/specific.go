package content

import "strconv"

// A member often asks what only her own commune, ấp or this year's round
// knows: the transaction day at her commune's point this month, who the
// head of the savings group of ấp 2 is, whether her family is on this
// year's list, who won this year's contest, how many poor households her
// commune counts, a local person's phone number. The knowledge base holds
// the general answer (the point meets on a fixed day each month; the list
// is posted at the commune), never that commune's or this year's own fact.
// Answered with the general entry alone, she is left thinking Loa did not
// understand; so Ask marks such a question (Answer.Local) and the caller
// adds one honest line and hands the question to the people who know.
//
// The mark is read from the shape of the question, not from its topic:
// what is asked (a date or time, a person, a phone number, a list or a
// result, a count of people or households) together with what ties it to
// one place or one round (a named or her own commune, ấp, ward, a neutral
// place name of places.yaml, or "tháng này", "năm nay", "tuần sau", "đợt
// này", a month or a year). A question of how, of the criteria or of the
// conditions ("ở xã em có được vay không") asks none of those and is not
// marked. Matching is left as it is: the mark changes no entry.

// LocalSpecific tells that a message asks a fact only its commune or this
// round holds.
type LocalSpecific struct {
	// Kind is what she asks for: "phone", "person", "list" (a list or a
	// result), "count" or "date"; "" when the message asks no such fact.
	Kind string
	// Place is true when she ties it to a place (a named commune, ấp,
	// ward, or her own), false when only to a time ("năm nay").
	Place bool
}

// Kinds of LocalSpecific, the most specific first (localSpecificOf keeps
// the first one asked).
const (
	LocalPhone  = "phone"
	LocalPerson = "person"
	LocalList   = "list"
	LocalCount  = "count"
	LocalDate   = "date"
)

// localUnits name a unit below the province, normalised: the word before a
// commune's or a hamlet's name. Province and city are left out: the
// knowledge base holds the province Union's own facts, and "tỉnh" is also
// "tính", "tình".
var localUnits = map[string]bool{"xa": true, "phuong": true, "ap": true, "thon": true, "xom": true,
	"khom": true, "huyen": true}

// localUnitPairs name a unit in two syllables.
var localUnitPairs = [][2]string{{"thi", "tran"}, {"khu", "pho"}, {"dan", "pho"}, {"thi", "xa"}}

// notNames are the syllables after a unit word that show it is no unit
// ("xã hội", "phương pháp", "áp dụng", "xa quá", "huyền thoại"), or no
// name ("xã nào", "xã có"); her own ("xã em", "ấp mình") and "xã này"
// are kept apart (ownWords).
var notNames = map[string]bool{
	"hoi": true, "qua": true, "lam": true, "roi": true, "thi": true, "la": true, "co": true, "khong": true,
	"ko": true, "duoc": true, "de": true, "va": true, "voi": true, "nao": true, "dau": true, "gi": true,
	"sao": true, "the": true, "ma": true, "cung": true, "nhu": true, "vay": true, "chi": true, "oi": true,
	"a": true, "nhe": true, "ha": true, "hon": true, "xoi": true, "lanh": true, "lac": true, "cach": true,
	"nhau": true, "xa": true, "dung": true, "luc": true, "thap": true, "dat": true, "che": true,
	"suat": true, "cao": true, "thoai": true, "dieu": true, "bi": true, "o": true, "tai": true, "cua": true,
	"ve": true, "len": true, "xuong": true, "lai": true, "ra": true, "vao": true, "di": true, "tu": true,
	"nhat": true, "tre": true, "giao": true, "u": true, "gon": true,
	"hay": true, "hoac": true, "vien": true,
}

// phuongWords after "phuong" make it "phương", not a ward.
var phuongWords = map[string]bool{"phap": true, "an": true, "tien": true, "thuc": true, "huong": true,
	"cham": true, "trinh": true, "thuoc": true}

// ownWords after a unit word make it her own ("xã em", "ấp mình") or the
// one just named ("xã này", "xã đó").
var ownWords = map[string]bool{"em": true, "minh": true, "toi": true, "tui": true, "chung": true,
	"nay": true, "do": true, "kia": true, "e": true, "t": true}

// peopleNouns after "bao nhiêu" or "mấy" count people or households: a
// count only a commune keeps.
var peopleNouns = map[string]bool{"ho": true, "gia": true, "nguoi": true, "suat": true, "du": true,
	"hoi": true, "chi": true, "can": true, "truong": true, "mo": true, "thanh": true, "chau": true,
	"em": true, "lop": true, "to": true, "ca": true, "phu": true, "doi": true}

// Anchors of a clause: what ties a question to one place or round.
const (
	anchorNamed = 1 << iota // a named commune, ấp, ward ("xã Tân Phú", "ấp 3"), or a neutral place name
	anchorOwn               // her own or a generic one ("xã em", "trong ấp", "địa phương mình")
	anchorTime              // this round ("tháng này", "năm nay", "tuần sau", "tháng 12")
)

// localSpecificOf reads toks (a message's normalised syllables with their
// clause breaks, place names still in them) for a question of a commune's
// or this round's own fact; places are the neutral place names
// (places.go). What is asked must be tied in its own clause or the next
// or previous one ("… ở xã Tân Phú, ngày mấy"): a place she tells in a
// letter's opening does not make a later question about a national
// campaign local.
func localSpecificOf(toks []string, places *placeNames) LocalSpecific {
	var buf [8]uint8
	anchors := buf[:1]
	any := false
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		c := len(anchors) - 1
		if t == breakToken {
			anchors = append(anchors, 0)
			continue
		}
		if places.at(toks, i) > 0 {
			anchors[c] |= anchorNamed
			continue
		}
		if a := unitAnchor(toks, i); a != 0 {
			anchors[c] |= a
		}
		if t == "que" && ownWords[tokAt(toks, i+1)] || t == "dia" && tokAt(toks, i+1) == "phuong" && ownWords[tokAt(toks, i+2)] {
			anchors[c] |= anchorOwn // "ở quê mình", "ở địa phương em"
		}
		if currentTime(toks, i) {
			anchors[c] |= anchorTime
		}
		any = any || anchors[c] != 0
	}
	if !any {
		return LocalSpecific{}
	}
	near := func(c int) (a uint8) {
		for d := c - 1; d <= c+1; d++ {
			if d >= 0 && d < len(anchors) {
				a |= anchors[d]
			}
		}
		return a
	}
	best, place := -1, false
	c, from := 0, 0
	for i := 0; i <= len(toks); i++ {
		if i < len(toks) && toks[i] != breakToken {
			continue
		}
		if k, weak := askedSpecific(toks[from:i]); k >= 0 {
			a := near(c)
			if weak {
				a = anchors[c] & anchorNamed // "ai thu tiền" needs a named place in its clause
			}
			if a != 0 && (best < 0 || k < best) {
				best, place = k, a&(anchorNamed|anchorOwn) != 0
			}
		}
		c, from = c+1, i+1
	}
	if best < 0 {
		return LocalSpecific{}
	}
	return LocalSpecific{Kind: localKinds[best], Place: place}
}

// unitAnchor returns the anchor that a unit word at toks[i] makes ("xã
// Tân Phú", "ấp 3", "xã em"), 0 when it names none.
func unitAnchor(toks []string, i int) uint8 {
	t, prev := toks[i], tokAt(toks, i-1)
	unit := 0
	// (Not "địa phương", said of any place, nor "ông xã", her husband,
	// "hợp tác xã", or an app: "cái app", "tải app".)
	if localUnits[t] && !(t == "phuong" && prev == "dia") && !(t == "xa" && (prev == "ong" || prev == "tac")) &&
		!(t == "ap" && (prev == "cai" || prev == "tai")) {
		unit = 1
	}
	for _, p := range localUnitPairs {
		if t == p[0] && tokAt(toks, i+1) == p[1] {
			unit = 2
		}
	}
	if unit == 0 {
		return 0
	}
	next := tokAt(toks, i+unit)
	switch {
	case next == "" || next == breakToken || t == "phuong" && phuongWords[next]:
		return 0
	case isNumber(next):
		return anchorNamed
	case ownWords[next] || prev == "trong":
		return anchorOwn
	case !notNames[next]:
		return anchorNamed
	}
	return 0
}

// currentTime reports whether toks[i] starts a time of this round: "tháng
// này", "năm nay", "tuần sau", "đợt này", "ngày mai", "tháng 12", "năm
// 2026", or "mai" opening a sentence ("mai ấp 1 có họp không").
func currentTime(toks []string, i int) bool {
	t, next := toks[i], tokAt(toks, i+1)
	switch t {
	case "thang", "nam", "tuan", "dot", "ky", "hom":
		switch next {
		case "nay", "sau", "toi":
			// (Not "mấy năm nay", "3 năm nay": these past years; nor "tôi
			// năm nay 63 tuổi": her age.)
			switch p := tokAt(toks, i-1); {
			case p == "may" || p == "nhieu" || p == "bao" || isNumber(p), isNumber(tokAt(toks, i+2)):
				return false
			}
			return t != "hom" || next == "nay"
		}
		if t == "thang" && isNumber(next) && !isNumber(tokAt(toks, i-1)) {
			n, err := strconv.Atoi(next)
			return err == nil && n >= 1 && n <= 12
		}
		if t == "nam" && isNumber(next) {
			n, err := strconv.Atoi(next)
			return err == nil && n >= 2024 && n <= 2100
		}
	case "ngay", "sang", "chieu", "toi":
		return next == "mai" || t == "toi" && next == "nay"
	case "cuoi":
		return next == "tuan" || next == "thang"
	case "sap":
		return next == "toi"
	case "mai":
		return (i == 0 || tokAt(toks, i-1) == breakToken) && next != "am" && next != "tang" && next != "ma"
	}
	return false
}

// localKinds are the kinds of specific fact, the most specific first.
var localKinds = [...]string{LocalPhone, LocalPerson, LocalList, LocalCount, LocalDate}

// askedSpecific returns the index in localKinds of the most specific fact
// one clause asks for, -1 for none; weak when it is a person asked only as
// the doer of a verb ("ai thu tiền", not "là ai", "nhà ai", "tên gì"),
// which is as often the role the general answer names.
func askedSpecific(toks []string) (kind int, weak bool) {
	kinds := askedKinds(toks)
	var phone, person, who, list, count, date bool
	phone = kinds&askPhone != 0
	date = kinds&askWhen != 0
	howWhere := false
	for i, t := range toks {
		next := tokAt(toks, i+1)
		switch t {
		case "so":
			// "số điện thoại" she asks for, not one she changes
			// ("đổi số điện thoại VNeID").
			if next == "dien" && tokAt(toks, i+2) == "thoai" && tokAt(toks, i-1) != "doi" {
				switch tokAt(toks, i+3) {
				case "", breakToken, "cua", "la", "bao", "sao", "nhe", "vay", "chi", "a", "di", "voi", "gi", "ha", "nao", "may":
					phone = true
				}
			}
		case "ai":
			// A person she asks for ("là ai", "ai thu", "nhà ai"), not
			// whom to ask ("hỏi ai") nor who may ("ai được vay", "ai
			// cũng").
			switch tokAt(toks, i-1) {
			case "hoi", "gap", "he", "tim", "bao", "nho", "voi", "cho", "khong", "ko", "moi", "gui", "co":
				continue
			case "la", "nha":
				person = true // "là ai", "nhà ai"
				continue
			}
			switch next {
			case "duoc", "cung", "cx", "co", "phai", "nen", "can", "muon", "khong", "ko", "thi":
				continue
			case "la", "", breakToken:
				person = true // "ai là …", "… là ai"
				continue
			}
			who = true
		case "ten":
			// "tên gì", "tên là gì", "tên chị gì".
			for j := i + 1; j <= i+3 && j < len(toks) && toks[j] != breakToken; j++ {
				if toks[j] == "gi" {
					person = true
				}
			}
		case "nguoi":
			if next == "nao" && tokAt(toks, i+2) != "cung" {
				person = true
			}
		case "danh", "ket":
			if t == "danh" && next == "sach" || t == "ket" && next == "qua" {
				list = true
			}
		case "co":
			if next == "ten" {
				list = true
			}
		case "giai":
			if next == "nhat" || next == "nhi" || next == "ba" || tokAt(toks, i-1) == "doat" || tokAt(toks, i-1) == "dat" || tokAt(toks, i-1) == "trung" {
				list = true
			}
		case "trung":
			if next == "cu" || next == "tuyen" {
				list = true
			}
		case "bao", "may":
			n := 1
			if t == "bao" {
				if next != "nhieu" {
					continue
				}
				n = 2
			}
			// (Not "mấy chị em", the women, nor "cùng mấy chị": a few.)
			if peopleNouns[tokAt(toks, i+n)] && !(t == "may" && (tokAt(toks, i+1) == "chi" || tokAt(toks, i-1) == "cung" || tokAt(toks, i-1) == "voi")) {
				count = true
			}
			if t == "bao" && tokAt(toks, i+2) == "ngay" {
				date = true
			}
		case "khi", "luc", "hom", "thu":
			if t == "khi" && next == "nao" || t == "luc" && next == "nao" || t == "hom" && next == "nao" || t == "thu" && next == "may" {
				date = true
			}
			if t == "thu" && next == "tuc" {
				howWhere = true
			}
		case "gio":
			if tokAt(toks, i-1) == "may" || tokAt(toks, i-1) == "bao" && tokAt(toks, i+1) != "cung" && tokAt(toks, i-2) != "chua" {
				date = true
			}
		case "lich":
			if next != "su" && tokAt(toks, i-1) != "du" {
				date = true
			}
		case "o", "the", "lam", "cach", "tieu", "la":
			// How, where, what or the criteria: no list of hers.
			if t == "o" && next == "dau" || t == "the" && next == "nao" || t == "lam" && next == "sao" || t == "cach" ||
				t == "tieu" && next == "chi" || t == "la" && next == "gi" {
				howWhere = true
			}
		}
	}
	switch {
	case phone:
		return 0, false
	case person:
		return 1, false
	case list && !howWhere:
		return 2, false
	case count:
		return 3, false
	case date:
		return 4, false
	case who && !howWhere:
		return 1, true
	}
	return -1, false
}
