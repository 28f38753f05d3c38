package handlers

import "strings"

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
	all := " " + strings.Join(folded, " ") + " "
	has := func(words ...string) bool {
		for _, w := range words {
			if strings.Contains(all, " "+w+" ") {
				return true
			}
		}
		return false
	}
	for _, notice := range []string{" thong bao ", " gui thong bao ", " thongbao ", " sua thong bao ", " dinh chinh "} {
		if strings.HasPrefix(all, notice) {
			return "", "", false // a notice's text may say anything: "thông báo: chị nào chưa báo cáo…"
		}
	}
	period := periodWords(fields, folded)
	switch {
	case has("excel", "exel", "ecxel", "xlsx") || (has("file", "tep") && has("bao cao", "so lieu", "thong ke")):
		return "xuat", period, true
	case len(fields) <= 8 && has("thong bao", "tb") && has("chua doc", "da doc", "chua xem", "da xem", "chua nhan", "da nhan", "doc chua", "xem chua", "nhan chua"):
		return "thongbaocu", "đã đọc", true // "ai chưa đọc thông báo"
	case len(fields) <= 12 && saysCancelled(strings.Join(fields, " ")):
		return "huyhop", "", true // "họp hôm qua bị huỷ", "buổi họp thứ 7 huỷ rồi"
	case has("chua bao cao", "chua bc", "chua nop bao cao", "chua gui bao cao") &&
		(has("nao", "ai", "nhung", "cac", "danh sach", "ds") || folded[0] == "chua"):
		return "chuabaocao", period, true
	case has("bao nhieu", "may") && !has("hop tac") &&
		has("di hop", "du hop", "nguoi hop", "tham du", "di sinh hoat", "du sinh hoat", "luot diem danh", "nguoi diem danh"):
		return "thongke", period, true
	}
	return "", "", false
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
