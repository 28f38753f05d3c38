package handlers

import (
	"slices"
	"strings"
)

// Staff and heads ask for their figures as questions, not commands: "xã
// mình tháng này bao nhiêu người đi họp", "chi hội nào chưa báo cáo",
// "cho chị file excel tháng trước". staffQuestion reads these (folded,
// without the polite words in front) as the command that answers them,
// carrying the period she named. They are privileged: a member's "bao
// nhiêu người đi họp" stays a question for the knowledge base.

// staffQuestion is the command and its arguments for a staff question, ok
// false for anything else. fields are the message's words.
func staffQuestion(fields []string) (name, args string, ok bool) {
	if len(fields) > 14 {
		return "", "", false
	}
	folded := make([]string, len(fields))
	for i, f := range fields {
		folded[i] = foldWord(f)
	}
	all := joinFolded(folded)
	has := all.has
	for _, notice := range []string{" thong bao ", " gui thong bao ", " thongbao ", " sua thong bao ", " dinh chinh "} {
		if strings.HasPrefix(string(all), notice) {
			return "", "", false // a notice's text may say anything: "thông báo: chị nào chưa báo cáo…"
		}
	}
	second := ""
	if len(folded) > 1 {
		second = folded[1]
	}
	if folded[0] == "xuat" || folded[0]+" "+second == "thong ke" || folded[0]+" "+second == "bao cao" {
		return "", "", false // "xuất excel ấp 1", "thống kê …", "báo cáo …": the commands' own words (intents)
	}
	period := periodWords(fields, folded)
	figures := strings.TrimSpace(leadingUnit(fields, folded) + " " + period)
	switch {
	case has("excel", "exel", "ecxel", "xlsx") || (has("file", "tep") && has("bao cao", "so lieu", "thong ke")):
		return "xuat", period, true
	case has("nhac") && has("chua bao cao", "chua bc"):
		return "nhacbaocao", "", true // "nhắc các chi hội chưa báo cáo"
	case len(fields) <= 8 && has("thong bao", "tb") && has("chua doc", "da doc", "chua xem", "da xem", "chua nhan", "da nhan", "doc chua", "xem chua", "nhan chua"):
		return "thongbaocu", "đã đọc", true // "ai chưa đọc thông báo"
	case len(fields) <= 12 && saysCancelled(strings.Join(fields, " ")):
		return "huyhop", "", true // "họp hôm qua bị huỷ", "buổi họp thứ 7 huỷ rồi"
	case asksNewMembers(all):
		// "hội viên mới tháng này": "hội" here is no unit's kind.
		var f2, fo2 []string
		for i, w := range folded {
			if w == "hoi" || w == "vien" || w == "thanh" || w == "hv" || w == "moi" {
				continue
			}
			f2, fo2 = append(f2, fields[i]), append(fo2, w)
		}
		unit := ""
		for i, w := range fo2 { // the unit may follow the period: "tháng trước ấp 1 có bao nhiêu…"
			if unitKinds[w] && w != "hoi" && (w != "chi" || i+1 < len(fo2) && fo2[i+1] == "hoi") {
				unit = leadingUnit(f2[i:], fo2[i:])
				break
			}
		}
		return "hoivienmoi", strings.TrimSpace(unit + " " + period), true // "số hội viên mới tháng 11"
	case has("bao nhieu hoi vien", "may hoi vien", "tong so hoi vien", "so luong hoi vien", "bao nhieu nguoi dang ky",
		"may nguoi dang ky", "bao nhieu chi em dang ky") && !has("toi thieu", "it nhat", "hop tac", "htx", "thanh lap"):
		// Not "thành viên": a cooperative's members are what members ask about.
		return "thongke", figures, true // "xã mình có bao nhiêu hội viên", "có bao nhiêu người đăng ký Loa rồi"
	case has("chua bao cao", "chua bc", "chua nop bao cao", "chua gui bao cao") &&
		(has("nao", "ai", "nhung", "cac", "danh sach", "ds") || folded[0] == "chua"):
		return "chuabaocao", period, true
	case has("bao nhieu", "may", "so nguoi", "ti le", "ty le") && !has("hop tac") && !asksHowOften(all) &&
		has("di hop", "du hop", "nguoi hop", "tham du", "di sinh hoat", "du sinh hoat", "luot diem danh", "nguoi diem danh"):
		return "thongke", figures, true // "xã mình tháng này bao nhiêu người đi họp", "số người đi họp tháng này"
	case has("bao nhieu", "may", "ti le", "ty le") && has("bao cao") && !has("hop tac"):
		return "thongke", figures, true // "tháng này có bao nhiêu chi hội báo cáo rồi", "tỉ lệ báo cáo"
	case period != "" && onlyPeriod(folded, period):
		return "thongke", period, true // "tháng trước thì sao", "còn tháng 11": after her figures, another month's
	}
	return "", "", false
}

// periodFollowUp are the words around a period that ask for it and
// nothing more: "còn tháng trước thì sao", "tháng 11 nữa chị".
var periodFollowUp = map[string]bool{"con": true, "thi": true, "sao": true, "vay": true, "z": true, "v": true, "the": true,
	"nao": true, "nua": true, "a": true, "ha": true, "chi": true, "c": true, "e": true, "em": true, "oi": true, "xem": true,
	"cho": true, "nhe": true, "nha": true, "coi": true, "luon": true, "loa": true}

// onlyPeriod reports whether a message is a period and the words that ask
// for it (periodFollowUp): right after her figures, staff ask for another
// month's that way, and read as a member's question it went to her own
// unit's queue as one Loa could not answer.
func onlyPeriod(folded []string, period string) bool {
	var want []string
	for _, w := range strings.Fields(period) {
		want = append(want, foldWord(w))
	}
	var rest []string
	for _, w := range folded {
		if !periodFollowUp[w] {
			rest = append(rest, w)
		}
	}
	return len(folded) <= 8 && slices.Equal(rest, want)
}

// asksHowOften tells a question of how often or how long ("chi hội sinh
// hoạt mấy tháng 1 lần", "bao lâu họp một lần") from one of how many: a
// member asking about meetings, not staff asking for the figures.
func asksHowOften(all foldedWords) bool {
	return all.has("may thang", "may tuan", "may ngay", "may lan", "bao lau", "bao nhieu lau", "bao nhieu lan", "1 lan", "mot lan")
}

// unitKinds start a unit's name as staff say it: "xã Một", "chi hội ấp 2".
var unitKinds = map[string]bool{"xa": true, "phuong": true, "chi": true, "hoi": true, "ap": true, "khu": true, "to": true,
	"tinh": true, "huyen": true, "thi": true}

// leadingUnit is the unit a question names before the rest ("xã Một tháng
// này bao nhiêu người đi họp"): the words from a kind of unit up to a
// period or the question, "" when there is none or it is her own ("xã
// mình", "chi hội em").
func leadingUnit(fields, folded []string) string {
	if !unitKinds[folded[0]] {
		return ""
	}
	end := 0
	for end < len(folded) && end < 6 {
		switch folded[end] {
		case "thang", "quy", "nam", "bao", "co", "so", "ti", "ty", "may", "nao", "chua", "da":
		default:
			end++
			continue
		}
		break
	}
	for _, f := range folded[:end] {
		switch f {
		case "minh", "em", "e", "toi", "chi", "hoi", "nha", "ta":
			if f == "chi" || f == "hoi" {
				continue // "chi hội ấp 2"
			}
			return ""
		}
	}
	if end <= 1 {
		return "" // "xã" alone: her own
	}
	return strings.Join(fields[:end], " ")
}

// periodWords are the words of fields that name a period ("tháng này",
// "tháng trước", "tháng 11", "quý 4", "năm 2025", "11/2026"), as
// parseStatsArgs reads them; "" for none (the current month).
func periodWords(fields, folded []string) string {
	for i, f := range folded {
		switch f {
		case "thang", "quy", "nam":
		default:
			if rePeriodNumber.MatchString(fields[i]) && strings.Contains(fields[i], "/") {
				return fields[i]
			}
			continue
		}
		if i+1 >= len(fields) {
			continue // "năm" alone is more often the number five
		}
		next := folded[i+1]
		if next == "nay" || statsPrevious[next] || rePeriodNumber.MatchString(fields[i+1]) {
			return fields[i] + " " + fields[i+1]
		}
	}
	return ""
}
