package handlers

import (
	"strings"
	"unicode"
)

// A member asks about her own branch's doings ("tuần sau chi hội có đi
// picnic ko", "chi hội mình thứ 7 có họp ko"): the knowledge base cannot
// know them and may read them as off-topic chat, but her branch head can
// answer. Such a question is taken as an in-scope one nothing answers: it
// reaches her branch's /cauhoi queue (questions.go) and she is told so.
// Ordinary chat that names no branch ("thứ 7 đi chợ mua gì ngon") keeps
// the out-of-scope answer. The decision is the handlers', from the words;
// the matcher (content) is left as it is.

// branchWords name her branch or group, folded (foldWord): "chi hội",
// "tổ hội", "tổ phụ nữ", "tổ mình"; "tổ 3" is found by asksOwnBranch.
var branchWords = []string{"chi hoi", "to hoi", "to phu nu", "to minh", "chi hoi minh"}

// branchDoings are what a branch does, folded: meetings, outings, gifts,
// events.
var branchDoings = []string{
	"hop", "sinh hoat", "tham quan", "du lich", "di choi", "picnic", "cam trai", "lien hoan", "tat nien",
	"phat qua", "tang qua", "trao qua", "nhan qua", "qua", "van nghe", "mua", "hat", "the thao", "the duc",
	"dan vu", "tap", "thi", "hoi thi", "cuoc thi", "tap huan", "gap mat", "giao luu", "quyen gop", "ung ho",
	"tu thien", "dam cuoi", "dam gio", "di tham", "tham", "to chuc", "ve sinh", "don dep", "trong cay",
	"hoat dong", "chuong trinh", "su kien", "di dau", "lam gi", "co gi", "an", "nau",
}

// branchTimes are when, folded: days, weeks, months, and the question words
// of time.
var branchTimes = []string{
	"thu 2", "thu 3", "thu 4", "thu 5", "thu 6", "thu 7", "thu hai", "thu ba", "thu tu", "thu nam", "thu sau",
	"thu bay", "chu nhat", "cn", "hom nay", "toi nay", "sang mai", "chieu mai", "toi mai", "mai", "ngay mai",
	"tuan nay", "tuan sau", "tuan toi", "thang nay", "thang sau", "thang toi", "nam nay", "cuoi tuan",
	"khi nao", "bao gio", "luc nao", "may gio", "hom nao", "dip", "tet", "he", "trung thu",
}

// asksOwnBranch reports whether text names her branch or group together
// with something it does or a time: a question her head can answer.
func asksOwnBranch(text string) bool {
	fields := strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	w := foldWords(fields)
	named := w.has(branchWords...)
	for i := 0; !named && i+1 < len(fields); i++ {
		named = foldWord(fields[i]) == "to" && isDigits(fields[i+1]) // "tổ 3"
	}
	return named && (w.has(branchDoings...) || w.has(branchTimes...))
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}
