package handlers

import (
	"context"
	"strings"

	"loa/chat"
	"loa/store"
)

// Plain-words commands: heads and staff type what they want without the
// slash ("thong bao họp chi hội…", "tao su kien", "bao cao so nguoi du
// hop", "thong ke"), members type "diem danh 681465", a bare check-in code
// or a bare invite code. This small, explicit table turns those into the
// slash commands before the knowledge base sees them. It only knows
// command names: a question about a programme never matches, and the
// commands that only heads and staff may use are taken only from them, so
// a member asking "thông báo về vay vốn" still gets an answer.

// intent is one way of saying a command: the folded words it starts with.
type intent struct {
	words      []string // folded, as foldWord gives them
	command    string
	privileged bool // taken only from someone with a role
	// headcount: taken only when the words carry a figure of people
	// ("sửa lại 21 người", "họp hôm qua có 23 người"), so a head's question
	// that starts with the same words stays a question.
	headcount bool
	// whole: the words are part of what the command reads ("họp hôm qua
	// 23 người" is the report itself), not the command's name.
	whole bool
	// alone: only the words themselves, nothing after ("thông báo cũ" is
	// the list; "thông báo cụ thể: …" is a notice).
	alone bool
}

var intents = []intent{
	{words: []string{"thong", "bao", "cu"}, command: "thongbaocu", privileged: true, alone: true},
	{words: []string{"sua", "thong", "bao"}, command: "suathongbao", privileged: true},
	{words: []string{"sua", "lai", "thong", "bao"}, command: "suathongbao", privileged: true},
	{words: []string{"dinh", "chinh", "thong", "bao"}, command: "suathongbao", privileged: true},
	{words: []string{"dinh", "chinh"}, command: "suathongbao", privileged: true},
	{words: []string{"thong", "bao", "bi", "sai"}, command: "suathongbao", privileged: true}, // "thông báo bị sai, 7h30 mới đúng"
	{words: []string{"thong", "bao", "sai"}, command: "suathongbao", privileged: true},
	{words: []string{"thong", "bao", "nham"}, command: "suathongbao", privileged: true},
	// A notice for later: the words stay, so /thongbao can say it cannot.
	{words: []string{"hen", "gio", "gui", "thong"}, command: "thongbao", privileged: true, whole: true},
	{words: []string{"hen", "gio", "thong", "bao"}, command: "thongbao", privileged: true, whole: true},
	{words: []string{"hen", "gui", "thong", "bao"}, command: "thongbao", privileged: true, whole: true},
	{words: []string{"len", "lich", "thong", "bao"}, command: "thongbao", privileged: true, whole: true},
	{words: []string{"len", "lich", "gui", "thong"}, command: "thongbao", privileged: true, whole: true},
	{words: []string{"dat", "lich", "gui", "thong"}, command: "thongbao", privileged: true, whole: true},
	{words: []string{"gui", "thong", "bao"}, command: "thongbao", privileged: true},
	{words: []string{"thong", "bao"}, command: "thongbao", privileged: true},
	{words: []string{"thongbao"}, command: "thongbao", privileged: true},
	{words: []string{"tao", "su", "kien"}, command: "sukien", privileged: true},
	{words: []string{"them", "su", "kien"}, command: "sukien", privileged: true},
	{words: []string{"sukien"}, command: "sukien", privileged: true},
	{words: []string{"nhac", "bao", "cao"}, command: "nhacbaocao", privileged: true},
	{words: []string{"nhac", "bc"}, command: "nhacbaocao", privileged: true},
	{words: []string{"nhacbaocao"}, command: "nhacbaocao", privileged: true},
	{words: []string{"xuat", "bao", "cao"}, command: "xuat", privileged: true},
	{words: []string{"xuat", "bc"}, command: "xuat", privileged: true},
	{words: []string{"xuat", "excel"}, command: "xuat", privileged: true},
	{words: []string{"xuat", "file"}, command: "xuat", privileged: true},
	{words: []string{"xuat"}, command: "xuat", privileged: true},
	{words: []string{"huy", "thong", "bao"}, command: "huythongbao", privileged: true},
	{words: []string{"huy", "gui", "thong", "bao"}, command: "huythongbao", privileged: true},
	{words: []string{"huythongbao"}, command: "huythongbao", privileged: true},
	{words: []string{"bao", "cao"}, command: "baocao", privileged: true},
	{words: []string{"baocao"}, command: "baocao", privileged: true},
	// "bc": how heads write báo cáo in a hurry ("bc hop thang truoc 32
	// nguoi"); with a figure of people only, so "bc la gi" stays a question.
	{words: []string{"bc"}, command: "baocao", privileged: true, headcount: true},
	{words: []string{"xem", "thong", "ke"}, command: "thongke", privileged: true},
	{words: []string{"thong", "ke"}, command: "thongke", privileged: true},
	{words: []string{"thongke"}, command: "thongke", privileged: true},
	{words: []string{"lay", "ma", "moi"}, command: "moi", privileged: true},
	{words: []string{"cauhoi"}, command: "cauhoi", privileged: true},
	{words: []string{"xem", "cau", "hoi"}, command: "cauhoi", privileged: true, alone: true},
	{words: []string{"bangdieukhien"}, command: "bangdieukhien", privileged: true},
	{words: []string{"bang", "dieu", "khien"}, command: "bangdieukhien", privileged: true, alone: true},
	{words: []string{"mo", "bang", "dieu", "khien"}, command: "bangdieukhien", privileged: true, alone: true},
	// A head correcting or giving a figure without "báo cáo" first.
	{words: []string{"sua", "lai"}, command: "baocao", privileged: true, headcount: true},
	{words: []string{"sua", "bao", "cao"}, command: "baocao", privileged: true, headcount: true},
	{words: []string{"sua", "bc"}, command: "baocao", privileged: true, headcount: true},
	{words: []string{"sua", "so"}, command: "baocao", privileged: true, headcount: true},
	{words: []string{"sua"}, command: "baocao", privileged: true, headcount: true},
	{words: []string{"nham", "roi"}, command: "baocao", privileged: true, headcount: true}, // "nhầm rồi, 17 người"
	{words: []string{"nham"}, command: "baocao", privileged: true, headcount: true},        // "nhầm, 17 người thôi"
	{words: []string{"hop"}, command: "baocao", privileged: true, headcount: true, whole: true},
	{words: []string{"buoi", "hop"}, command: "baocao", privileged: true, headcount: true, whole: true},
	{words: []string{"sinh", "hoat"}, command: "baocao", privileged: true, headcount: true, whole: true},
	{words: []string{"diem", "danh"}, command: "diemdanh"},
	{words: []string{"diemdanh"}, command: "diemdanh"},
	{words: []string{"dang", "ky"}, command: "dangky"},
	{words: []string{"dang", "ki"}, command: "dangky"},
	{words: []string{"dangky"}, command: "dangky"},
}

// quoted reports whether text opens with a quotation mark (straight,
// curly or guillemet), the way a pasted message is set apart.
func quoted(text string) bool {
	t := strings.TrimSpace(text)
	return t != "" && strings.ContainsRune("\"'“”‘’«»", []rune(t)[0])
}

// plainCommand reads text as a command typed without its slash; ok is
// false for anything else. It runs no I/O: the caller checks the role of
// a privileged match.
func plainCommand(text string) (name, args string, privileged, ok bool) {
	fields := strings.Fields(text)
	if len(fields) == 0 {
		return "", "", false, false
	}
	if len(fields) <= 2 && len(store.NormalizeEventCode(text)) == 6 && strings.Trim(strings.Join(fields, ""), "0123456789") == "" {
		return "diemdanh", text, false, true // a bare check-in code: "681465", "681 465"
	}
	if len(fields) == 1 && (isBareInviteCode(fields[0]) || isMistypedInviteCode(fields[0])) {
		return "dangky", fields[0], false, true // a mistyped one is told it is wrong
	}
	if isSpacedInviteCode(fields) {
		return "dangky", strings.Join(fields, ""), false, true // "abcd 2345 efgh7"
	}
	if code, ok := namedInviteCode(fields); ok {
		return "dangky", code, false, true // "mã ABCD2345EFGH7", "ma moi cua em la abcd 2345 efgh7"
	}
	if quoted(text) {
		// A message that opens with a quotation mark quotes someone else
		// ("\"Thông báo: các hộ đăng ký … nộp 50.000đ\" c ơi tin này thật
		// ko"): a member asking whether a message she received is true,
		// never a head's own notice or report.
		return "", "", false, false
	}
	if name, ok := memberPhrase(fields); ok {
		return name, "", false, true
	}
	if to, ok := moveRequest(fields); ok {
		return "chuyen", to, false, true // "em đổi sang zalo rồi"
	}
	for len(fields) > 1 && leadFiller[foldWord(fields[0])] {
		fields = fields[1:] // "cho em xem thống kê", "Loa ơi báo cáo…"
	}
	if name, args, ok := staffQuestion(fields); ok {
		return name, args, true, true // "chi hoi nao chua bao cao", "cho chi file excel"
	}
	folded := make([]string, 0, 4)
	for _, f := range fields[:min(4, len(fields))] {
		folded = append(folded, foldWord(f))
	}
	for _, it := range intents {
		if len(it.words) > len(folded) || !equalWords(folded[:len(it.words)], it.words) {
			continue
		}
		args = strings.TrimSpace(strings.Join(fields[len(it.words):], " "))
		if it.alone && strings.Trim(args, " .,!?ạa") != "" {
			continue
		}
		if it.whole {
			args = strings.Join(fields, " ")
		}
		if it.headcount {
			if _, _, _, found := findHeadcount(args); !found {
				if _, _, ok := parseHeadcount(args); !ok {
					continue
				}
			}
		}
		switch it.command {
		case "xuat":
			// "xuất" alone is the export; followed by the second syllable
			// of another word ("xuất khẩu", "xuất huyết") it is that word.
			if len(it.words) == 1 && len(folded) > 1 && xuatWords[folded[1]] {
				continue
			}
		case "diemdanh":
			// "điểm danh" alone or with a code; "điểm danh là gì" is a question.
			if args != "" && len(store.NormalizeEventCode(args)) != 6 {
				return "", "", false, false
			}
		case "dangky":
			// "đăng ký mã ABCD2345EFGH7": the code after the words naming it.
			args = strings.Join(dropCodeWords(strings.Fields(args)), "")
			if !isBareInviteCode(args) && !isMistypedInviteCode(args) {
				return "", "", false, false
			}
		case "baocao":
			// Staff asking for the figures of a period ("báo cáo năm 2025",
			// "bao cao thang 11") want the statistics, not to report a
			// meeting's headcount.
			if isPeriodRequest(args) {
				return "thongke", args, it.privileged, true
			}
		}
		return it.command, args, it.privileged, true
	}
	if isAttendanceStatement(fields) {
		return "baocao", strings.Join(fields, " "), true, true
	}
	if all := strings.Fields(text); isMeetingReport(all) {
		return "baocao", text, true, true // privileged: a member's sentence stays hers
	}
	return "", "", false, false
}

// isMeetingReport tells a head's report typed in a hurry, in any order and
// without marks ("hom qua hop chi hoi co 18 nguoi", "t7 vua roi hop 19 ng",
// "chi hoi e hop roi 20 nguoi"): a meeting word, a word of time gone by, a
// figure of people, and no question word. It is read back before anything
// is saved, as every report is.
func isMeetingReport(fields []string) bool {
	w := foldWords(fields)
	text := strings.Join(fields, " ")
	if !w.has("hop", "sinh hoat", "buoi hop", "hop mat") ||
		w.has("hop tac", "phu hop", "thich hop", "hop dong", "hop le", "hop ly", "hop phap", "hop nhat", "to hop", "hop tuoi") ||
		w.has("bao nhieu", "may nguoi", "khong", "ko", "k", "hong", "chua", "sao", "gi", "nao", "the nao", "vang", "nghi", "thieu") ||
		// a meeting to come: "tuần sau họp, dự kiến 30 người"
		w.has("se", "sap", "du kien", "ngay mai", "toi nay", "tuan sau", "tuan toi", "thang sau", "thang toi") ||
		strings.Contains(text, "?") {
		return false
	}
	past := w.has("hom qua", "hom kia", "toi qua", "sang qua", "chieu qua", "hom", "roi", "vua", "xong", "truoc", "qua", "thang") ||
		reWeekday.MatchString(text) || reEventDate.MatchString(text)
	if !past {
		return false
	}
	_, _, _, found := findHeadcount(text)
	return found
}

// xuatWords are the second syllables of words that start with "xuất" but
// are not the export command: xuất khẩu (export goods), hiện, cảnh, bản,
// xứ, phát, sắc, viện, huyết (bleeding), hành, giá, gia, ngũ, thân, kho,
// tinh, chúng, quân, hàng, vốn, trình (show papers), nhập, hóa (đơn).
var xuatWords = map[string]bool{
	"khau": true, "hien": true, "canh": true, "ban": true, "xu": true, "phat": true, "sac": true,
	"vien": true, "huyet": true, "hanh": true, "gia": true, "ngu": true, "than": true, "kho": true,
	"tinh": true, "chung": true, "quan": true, "hang": true, "von": true, "trinh": true, "nhap": true,
	"hoa": true,
}

// isAttendanceStatement tells a head's report said as a sentence, the
// period first ("thang truoc chi hoi ap 1 co 23 nguoi di hop"): a figure
// of people and words of going to the meeting, and no question word, so
// "họp chi hội cần bao nhiêu người" stays a question.
func isAttendanceStatement(fields []string) bool {
	w := foldWords(fields)
	if !w.has("di hop", "du hop", "den hop", "tham du", "di sinh hoat", "du sinh hoat") ||
		w.has("bao nhieu", "may nguoi", "khong", "ko", "chua", "sao", "gi", "nao") {
		return false
	}
	_, _, _, found := findHeadcount(strings.Join(fields, " "))
	return found
}

// leadFiller are the polite words a request may start with before the
// command's words: "cho em", "Loa ơi", "chị muốn".
var leadFiller = map[string]bool{"cho": true, "em": true, "e": true, "giup": true, "xin": true, "loa": true,
	"oi": true, "chi": true, "minh": true, "toi": true, "muon": true, "can": true}

// isSpacedInviteCode tells an invite code typed in pieces ("6dvb 97cs
// eexe5") from words that happen to spell 13 symbols of the alphabet
// ("bao cao nam 2025"): a few pieces of three or more symbols, with a
// digit in at least half of them, or in one when every piece has four or
// more symbols (a code in groups of four).
func isSpacedInviteCode(fields []string) bool {
	if len(fields) < 2 || len(fields) > 4 || !isBareInviteCode(strings.Join(fields, "")) {
		return false
	}
	digits, long := 0, 0
	for _, f := range fields {
		if len(f) < 3 {
			return false
		}
		if strings.ContainsAny(f, "0123456789") {
			digits++
		}
		if len(f) >= 4 {
			long++
		}
	}
	// A code copied in groups of four ("jkjy qcnx e34p3") may have pieces
	// without a digit; words have short pieces ("bao", "cao", "nam").
	return digits > 0 && (2*digits >= len(fields) || long == len(fields))
}

// isPeriodRequest reports whether the words after "báo cáo" name a period
// ("tháng 11", "quý này", "năm 2025") and carry no figure of people.
func isPeriodRequest(args string) bool {
	fields := strings.Fields(args)
	if len(fields) == 0 {
		return false
	}
	switch foldWord(fields[0]) {
	case "thang", "quy", "nam":
	default:
		return false
	}
	for _, f := range fields {
		if countUnits[foldWord(f)] {
			return false
		}
	}
	return true
}

// Members' own settings said in plain words, as a whole message: stop or
// resume the outreach posts, erase what Loa keeps. Only short messages made
// of these words count (after the polite and filler words are dropped), so
// "đừng gửi tiền cho người lạ" stays a question.
var memberPhrases = map[string]string{
	"dung gui": "tatthongbao", "dung gui tin": "tatthongbao", "dung gui tin nhan": "tatthongbao",
	"dung gui thong bao": "tatthongbao", "ngung gui": "tatthongbao", "ngung gui tin": "tatthongbao",
	"tat thong bao": "tatthongbao", "tat tin": "tatthongbao", "tat tin nhan": "tatthongbao",
	"tat tin tuyen truyen": "tatthongbao", "dung nhan tin": "tatthongbao", "ngung nhan tin": "tatthongbao",
	"dung nhan thong bao": "tatthongbao", "khong nhan": "tatthongbao", "khong nhan tin": "tatthongbao", "khong nhan tin nhan": "tatthongbao", "khong nhan thong bao": "tatthongbao",
	"khong gui": "tatthongbao", "khong gui tin": "tatthongbao", "khong can gui": "tatthongbao",
	"khong can gui tin": "tatthongbao", "tatthongbao": "tatthongbao",

	"gui lai": "batthongbao", "gui tin lai": "batthongbao", "gui lai tin": "batthongbao",
	"gui lai thong bao": "batthongbao", "bat thong bao": "batthongbao", "bat lai thong bao": "batthongbao",
	"bat tin": "batthongbao", "bat lai tin": "batthongbao", "mo thong bao": "batthongbao",
	"mo lai thong bao": "batthongbao", "nhan lai tin": "batthongbao", "nhan tin lai": "batthongbao",
	"nhan lai thong bao": "batthongbao", "bat thong bao lai": "batthongbao", "gui thong bao lai": "batthongbao", "mo thong bao lai": "batthongbao",
	"bat tin lai": "batthongbao", "batthongbao": "batthongbao",

	"xoa du lieu": "xoadulieu", "xoa thong tin": "xoadulieu", "xoa het du lieu": "xoadulieu",
	"xoa het thong tin": "xoadulieu", "xoa tai khoan": "xoadulieu", "xoa ten": "xoadulieu",
	"huy dang ky": "xoadulieu", "xoadulieu": "xoadulieu",

	// How to get her branch's notices on Loa: the invite code's how-to
	// (/dangky without a code), not the knowledge base's guess.
	"dang ky loa": "dangky", "dang ky nhan tin": "dangky", "dang ky nhan thong bao": "dangky",
	// ("chị" is filler: "chi hoi" is read "hoi".)
	"nhan thong bao hoi": "dangky", "sao nhan thong bao hoi": "dangky", "nhan tin hoi": "dangky",
	"tham gia hoi tren loa": "dangky", "tham gia loa": "dangky", "vao loa": "dangky",

	// At the meeting: "có mặt", "em đến rồi ạ", "đã đến", "co mat roi"
	// ("tới" is not here: "tôi" folds to the same word and is filler).
	"co mat": "comat", "co mat roi": "comat", "da co mat": "comat", "da den": "comat",
	"den roi": "comat", "da den roi": "comat", "comat": "comat",
}

// phraseFiller are words that change nothing in a member's request: "cho
// em", "giúp", "nữa", "nhé", "của tôi".
var phraseFiller = map[string]bool{"a": true, "ah": true, "nha": true, "nhe": true, "nhen": true, "giup": true,
	"dum": true, "ho": true, "em": true, "e": true, "chi": true, "toi": true, "minh": true, "cho": true, "nua": true,
	"di": true, "voi": true, "loa": true, "oi": true, "luon": true, "xin": true, "lam": true, "on": true,
	"vui": true, "long": true, "cua": true, "ban": true, "hay": true, "con": true,
	"muon": true, // "e muốn xoá thông tin", "mun tắt tin nhắn"
	// "thôi" (enough) opens and "đâu" closes a refusal: "thôi ko nhắn tin
	// nữa", "ko nhận tin nữa đâu".
	"thoi": true, "dau": true}

// phraseTeencode are the short forms members type for the same words.
var phraseTeencode = map[string]string{"k": "khong", "ko": "khong", "kh": "khong", "khg": "khong", "hong": "khong",
	"hok": "khong", "mun": "muon", "tb": "thong bao", "tn": "tin nhan", "ns": "nhan tin", "j": "gi"}

// memberPhrase reads a short message as one of memberPhrases.
func memberPhrase(fields []string) (string, bool) {
	if len(fields) > 8 {
		return "", false
	}
	var words []string
	for _, f := range fields {
		w := foldWord(f)
		if t, ok := phraseTeencode[w]; ok {
			w = t
		}
		if w == "" || phraseFiller[w] {
			continue
		}
		words = append(words, w)
	}
	name, ok := memberPhrases[strings.Join(words, " ")]
	return name, ok
}

// codeWords name the code a member types before it: "mã", "mã mời của
// em là", "mã của chị:".
var codeWords = map[string]bool{"ma": true, "moi": true, "cua": true, "la": true, "em": true, "e": true,
	"chi": true, "toi": true, "minh": true, "day": true}

// dropCodeWords drops the codeWords that open fields.
func dropCodeWords(fields []string) []string {
	for len(fields) > 1 && codeWords[foldWord(fields[0])] {
		fields = fields[1:]
	}
	return fields
}

// namedInviteCode reads "mã ABCD2345EFGH7" (or the code in pieces after
// "mã mời của em là"): an invite code after words that start with "mã".
func namedInviteCode(fields []string) (string, bool) {
	if len(fields) < 2 || foldWord(fields[0]) != "ma" {
		return "", false
	}
	rest := dropCodeWords(fields)
	if len(rest) == len(fields) {
		return "", false
	}
	if len(rest) == 1 && (isBareInviteCode(rest[0]) || isMistypedInviteCode(rest[0])) || isSpacedInviteCode(rest) {
		return strings.Join(rest, ""), true
	}
	return "", false
}

// isMistypedInviteCode tells a code copied by hand with a symbol missing or
// one too many ("CSZD0042DKYF") from a word or a number: one to two symbols
// off the length, every one of the code's alphabet, with a digit and at
// least three letters (a phone or ID number has none, a health-insurance
// card number two). Taken as /dangky, it is told it is wrong and counted
// as a wrong try, instead of going to the knowledge base as a question.
func isMistypedInviteCode(s string) bool {
	n := len(s)
	if n == store.InviteCodeLen || n < store.InviteCodeLen-2 || n > store.InviteCodeLen+2 {
		return false
	}
	letters, digits := 0, 0
	for _, r := range strings.ToUpper(s) {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r >= 'A' && r <= 'Z' && r != 'U':
			letters++ // I, L and O read as 1, 1 and 0; U is not in codes
		default:
			return false
		}
	}
	return digits > 0 && letters >= 3
}

// isBareInviteCode tells an invite code typed alone ("ABCD2345EFGH7") from a
// word: it must read as a code and mix letters and digits.
func isBareInviteCode(s string) bool {
	if store.NormalizeInviteCode(s) == "" {
		return false
	}
	return strings.ContainsAny(s, "0123456789") && strings.Trim(s, "0123456789- ") != ""
}

func equalWords(a, b []string) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return len(a) == len(b)
}

// meantForLoaInGroup tells a privileged command asked of Loa in a group
// from words said to the people there: "họp hôm qua có 23 người" and
// "thông báo: mai họp lúc 8h" are news for the group, "thống kê", "báo
// cáo tháng này", "xuất excel" can only be for Loa.
func meantForLoaInGroup(name, args, text string) bool {
	switch name {
	case "thongbao":
		return args == ""
	case "huyhop":
		// "họp hôm qua bị huỷ" said in a group is news for the people there.
		return false
	case "baocao", "thongke":
		return foldWords(strings.Fields(text)).has("bao cao", "baocao", "bc", "thong ke", "thongke")
	}
	return true
}

// hasRole tells whether the sender is a head, staff or admin.
func (r *Router) hasRole(ctx context.Context, u chat.Update) bool {
	a, err := r.actor(ctx, u)
	if err != nil {
		r.log.Warn("plain command: load actor", "platform", u.Platform, "error", err)
		return false
	}
	return len(a.Grants) > 0 || a.Has(store.RoleAdmin)
}

// onPlainCommand runs text as the command it names, when it names one the
// sender may use; ok is false otherwise and the text is a question.
func (r *Router) onPlainCommand(ctx context.Context, u chat.Update) ([]chat.Reply, bool) {
	name, args, privileged, ok := plainCommand(withoutCall(u.Text))
	if !ok {
		return nil, false
	}
	c, found := r.commands[name]
	if !found {
		return nil, false
	}
	// In a group, people talk to each other: words that look like a
	// command that is only answered in private stay words (group.go).
	if u.Group && !c.group {
		// "đăng ký CODE" typed in the branch's group is meant for Loa,
		// and so is a code typed back by someone who is not a head or
		// staff (the head shared it there) or said to Loa: she gets the
		// link that opens the private chat on her code. The head's own
		// message with the code is for the people there.
		if name == "dangky" && (strings.HasPrefix(foldWord(firstWord(u.Text)), "dang") || calledInGroup(u) || !r.hasRole(ctx, u)) {
			return r.inPrivate(u, name, args), true
		}
		// "thống kê", "báo cáo" from a head or staff in the group: these
		// work in the private chat, she gets the link there rather than an
		// unrelated answer from the knowledge base.
		if privileged && r.hasRole(ctx, u) {
			if meantForLoaInGroup(name, args, u.Text) {
				return r.inPrivate(u, name, ""), true
			}
			// News a head or staff gives the people there ("họp thứ 7 có
			// 20 người", "thông báo: mai họp 8h"): no question for Loa, so
			// no answer, and nothing kept as an unanswered question.
			r.log.Info("group news from a head or staff left to the group", "platform", u.Platform, "command", name)
			return nil, true
		}
		return nil, false
	}
	if privileged && !r.hasRole(ctx, u) {
		return nil, false
	}
	r.log.Info("plain words taken as a command", "platform", u.Platform, "command", name)
	return c.run(ctx, u, args), true
}
