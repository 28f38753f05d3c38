package handlers

import (
	"strconv"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"loa/store"
)

// Headcounts as heads type them: "25", "25 người", "khoảng 25", "tầm 25
// chị", "hai mươi lăm", "1.200". A figure that is not plain digits is read
// back for her to confirm (exact=false).

// foldWord lowercases a word and drops its Vietnamese marks and the
// punctuation around it: "Người," → "nguoi".
func foldWord(w string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(strings.ToLower(w)) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case r == 'đ':
			b.WriteRune('d')
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
		}
	}
	return b.String()
}

// foldedWords is a message's words folded (foldWord) and joined by single
// spaces, with a space at each end, so that a phrase is found as whole
// words: has("bao cao") matches "Báo cáo," but not "baocaoxa".
type foldedWords string

// foldWords folds a message's words (strings.Fields of it).
func foldWords(fields []string) foldedWords {
	folded := make([]string, len(fields))
	for i, f := range fields {
		folded[i] = foldWord(f)
	}
	return joinFolded(folded)
}

// joinFolded joins words already folded.
func joinFolded(folded []string) foldedWords {
	return foldedWords(" " + strings.Join(folded, " ") + " ")
}

// has tells whether any of the folded phrases stands in the message.
func (w foldedWords) has(phrases ...string) bool {
	for _, p := range phrases {
		if strings.Contains(string(w), " "+p+" ") {
			return true
		}
	}
	return false
}

// countApprox are the words that make a figure approximate.
var countApprox = map[string]bool{"khoang": true, "tam": true, "chung": true, "gan": true, "hon": true, "uoc": true, "tren": true, "duoi": true}

// countUnits are the words that may follow a figure: "25 người", "25 chị".
var countUnits = map[string]bool{"nguoi": true, "ng": true, "chi": true, "hv": true, "hoivien": true, "thanhvien": true,
	"mang": true} // "20 mạng": people, as heads say it in a hurry

// notCountBefore are the words that make the number after them a day, a
// month or an hour, never a headcount: "thứ 7", "ngày 15", "tháng 11", "8
// giờ". A wrong figure confirmed in a hurry is wrong data in the
// province's report.
var notCountBefore = map[string]bool{"thu": true, "ngay": true, "thang": true, "tuan": true, "gio": true}

// placeBefore make the number after them a place's ("ấp 3", "tổ 2", "khu
// 4"), unless a people word follows it at once: "họp tổ 15 người" is the
// group's meeting with 15 people.
var placeBefore = map[string]bool{"ap": true, "to": true, "khu": true, "xom": true, "doi": true, "khom": true, "lop": true}

// countFiller may surround the figure without changing it.
var countFiller = map[string]bool{"hoi": true, "vien": true, "thanh": true, "tham": true, "du": true, "dc": true, "duoc": true,
	"la": true, "a": true, "nha": true, "nhe": true, "em": true, "bao": true, "cao": true, "so": true, "co": true, "mat": true,
	"sua": true, "lai": true} // "sửa lại 21 người"

var numberWords = map[string]int64{"khong": 0, "mot": 1, "mo": 1, "hai": 2, "ba": 3, "bon": 4, "tu": 4, "nam": 5, "lam": 5,
	"sau": 6, "bay": 7, "tam": 8, "chin": 9}

// figureIn reads the headcount of a message that answers "how many
// people": the whole message as parseHeadcount reads it, else a figure of
// people among other words ("nhầm, 17 người thôi"), never exact then (it
// is read back), and never when the words also name a day, a period or
// a month (that is a report of another meeting).
func figureIn(text string, now time.Time) (n int64, exact, ok bool) {
	if n, exact, ok := parseHeadcount(text); ok {
		return n, exact, true
	}
	n, _, rest, found := findHeadcount(text)
	if !found {
		return 0, false, false
	}
	if w := parseWhen(rest, now).lastWeekday(now); w.Day || !w.From.IsZero() {
		return 0, false, false
	}
	if _, month := namedMonth(rest, now); month {
		return 0, false, false // "họp tháng 10 có 20 người": another month's meeting
	}
	return n, false, true
}

// parseHeadcount reads a whole message as a headcount.
func parseHeadcount(s string) (n int64, exact, ok bool) {
	if n, ok := parseCount(s); ok {
		return n, true, true
	}
	var nums []string
	for _, w := range strings.Fields(s) {
		f := foldWord(w)
		switch {
		case f == "":
		case countApprox[f] && len(nums) == 0 && f != "tam":
		case f == "tam" && len(nums) == 0:
			nums = append(nums, f) // "tầm 25" or "tám": decided below
		case countUnits[f] || countFiller[f]:
		default:
			nums = append(nums, f)
		}
	}
	if len(nums) > 1 && nums[0] == "tam" {
		nums = nums[1:] // "tầm 25": an approximation word
	}
	n, ok = numberFromWords(nums)
	if !ok || n > store.MaxHeadcount {
		return 0, false, false
	}
	return n, false, true
}

// numberFromWords reads "25" or Vietnamese number words up to 999:
// "hai mươi lăm", "mười tám", "một trăm linh năm", "ba mươi mốt".
func numberFromWords(w []string) (int64, bool) {
	if len(w) == 1 {
		if n, err := strconv.ParseInt(w[0], 10, 64); err == nil && n >= 0 {
			return n, true
		}
	}
	if len(w) == 0 {
		return 0, false
	}
	digit := func(i int) (int64, bool) {
		if i >= len(w) {
			return 0, false
		}
		d, ok := numberWords[w[i]]
		return d, ok
	}
	var n int64
	i := 0
	if d, ok := digit(0); ok && len(w) > 1 && w[1] == "tram" {
		n, i = d*100, 2
		if i < len(w) && (w[i] == "linh" || w[i] == "le") {
			i++
		}
	}
	if i < len(w) && w[i] == "muoi" {
		n, i = n+10, i+1
	} else if d, ok := digit(i); ok && i+1 < len(w) && w[i+1] == "muoi" {
		n, i = n+d*10, i+2
	}
	if d, ok := digit(i); ok {
		n, i = n+d, i+1
	}
	return n, i == len(w) && i > 0
}

// findHeadcount finds a figure inside a sentence ("họp chi hội hôm qua 25
// người", "hôm qua khoảng 30 chị dự"): digits or number words followed by
// "người"/"chị"/"hội viên", or after "khoảng"/"tầm". It returns the figure,
// whether it was exact, and the sentence without it.
func findHeadcount(s string) (n int64, exact bool, rest string, ok bool) {
	words := strings.Fields(s)
	folded := make([]string, len(words))
	for i, w := range words {
		folded[i] = foldWord(w)
	}
	plain := func(w string) bool { return strings.Trim(w, "0123456789.,") == "" }
	isNum := func(i int) bool { // a word of a figure, not a date like 5/12
		f := folded[i]
		if _, err := strconv.ParseInt(f, 10, 64); err == nil {
			return plain(words[i])
		}
		_, ok := numberWords[f]
		return ok || f == "muoi" || f == "tram" || f == "linh" || f == "le"
	}
	try := func(from, to int) bool { // words[from:to] are the figure
		if from >= to {
			return false
		}
		v, okv := numberFromWords(folded[from:to])
		if !okv || v > store.MaxHeadcount {
			return false
		}
		if v == 0 && !plain(words[from]) {
			return false // "không chị" closes a question ("… ưu đãi không chị"), it is no figure
		}
		if from > 0 && notCountBefore[folded[from-1]] || to < len(words) && folded[to] == "tuoi" {
			return false // "thứ 7", "tháng 11", "8 giờ", "60 tuổi": a day, an hour, an age
		}
		if from > 0 && placeBefore[folded[from-1]] && !(to < len(words) && countUnits[folded[to]]) {
			return false // "ấp 3 được 17 chị", "tổ 2 có 12 chị em"; but "họp tổ 15 người" is 15
		}
		first := from
		exact = to-from == 1 && plain(words[from])
		if first > 0 && countApprox[folded[first-1]] {
			first--
			exact = false
		}
		last := to
		if last < len(words) && countUnits[folded[last]] {
			last++
		} else if last+1 < len(words) && (folded[last] == "hoi" || folded[last] == "thanh") && folded[last+1] == "vien" {
			last += 2
		}
		n, rest, ok = v, strings.Join(append(append([]string{}, words[:first]...), words[last:]...), " "), true
		return true
	}
	for k, f := range folded {
		next := ""
		if k+1 < len(folded) {
			next = folded[k+1]
		}
		unit := countUnits[f] || (f == "hoi" || f == "thanh") && next == "vien" // "16 hội viên", "thành viên"
		if !unit || k == 0 || f == "chi" && next == "hoi" {
			continue // "thứ 7 chi hội": the branch, not "7 chị"
		}
		from := k
		for from > 0 && k-from < 6 && isNum(from-1) {
			from--
		}
		// The longest figure first ("hai mươi lăm người"), then shorter
		// ones: in "họp thứ 7 18 người" the 7 is the weekday's.
		for ; from < k; from++ {
			if try(from, k) {
				return
			}
		}
	}
	for k, f := range folded {
		if !countApprox[f] {
			continue
		}
		to := k + 1
		for to < len(folded) && to-k <= 6 && isNum(to) {
			to++
		}
		if try(k+1, to) {
			return
		}
	}
	return 0, false, s, false
}
