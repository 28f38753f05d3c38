package content

import "slices"

// A harm that is over, told as grief or as history ("con e 5 tuoi chet
// duoi o ao nha hang xom hom qua": her child drowned yesterday), has the
// words of an emergency, and the safety layer reads them as one: it gave
// that mother the missing child's script, "Gọi ngay 113 … cháu mấy tuổi,
// mặc gì". A death told with a time that is past, or with a funeral, and
// with no word of danger now nor of a wish to die, is a loss: she gets the
// loss answer of emergency.yaml (KB.loss) instead, or, when she asks
// something, the answer to her question without a "call now" line.

var (
	// overWords tell that someone died and that it is over, whatever time
	// is given: "qua đời", "không qua khỏi", a funeral, a body found, a
	// miscarriage ("xác" alone is also "xác thực", "đám ma" a figure: "cả
	// xóm như đám ma"). Bare "chết" and "mất" are read in toldAsLoss: "mất"
	// is also lost or missing ("con em mất từ sáng"), so it counts after a
	// relative, followed by a time or a cause (lossAfter).
	overWords = [][]string{{"qua", "doi"}, {"khong", "qua", "khoi"}, {"dam", "tang"}, {"thay", "xac"}, {"vot", "xac"},
		{"say", "thai"}, {"hu", "thai"}}
	// pastTimes are times that are over: "hôm qua", "tuần trước", "năm
	// ngoái", "hồi tháng ba", "hồi 2020".
	pastTimes = [][]string{{"hom", "qua"}, {"hom", "kia"}, {"hom", "truoc"}, {"hom", "bua"}, {"tuan", "truoc"},
		{"tuan", "roi"}, {"thang", "truoc"}, {"thang", "roi"}, {"nam", "ngoai"}, {"nam", "truoc"}, {"nam", "roi"},
		{"may", "nam"}, {"hoi", "nam"}, {"hoi", "thang"}, {"hoi", "truoc"}, {"hoi", "xua"}, {"ngay", "xua"},
		{"hom", "chu", "nhat"}, {"hom", "thu"}, {"he", "nam"}, {"dem", "qua"}, {"toi", "qua"}, {"tang", "xong"}}
	// relatives before a bare "mất" ("chồng em mất", "ba em mất vì").
	relatives = map[string]bool{"chong": true, "vo": true, "me": true, "ba": true, "bo": true, "cha": true, "ong": true,
		"anh": true, "chi": true, "con": true, "be": true, "chau": true, "xa": true, "ngoai": true, "noi": true, "ut": true}
	grownRelatives = map[string]bool{"chong": true, "vo": true, "me": true, "ba": true, "bo": true, "cha": true, "ong": true, "xa": true}
	// lossAfter follow a relative's "mất" that is a death: a cause, a time.
	lossAfter = map[string]bool{"vi": true, "hom": true, "tuan": true, "thang": true, "nam": true, "hoi": true,
		"luc": true, "khi": true, "sau": true, "do": true, "roi": true}
	// notDeathBefore and notDeathAfter make "chết" a wish, a threat or a
	// figure of speech: "muốn chết", "sẽ chết", "suýt chết", "chết đi",
	// "chết cho xong", "chết theo con", "mệt chết".
	notDeathBefore = map[string]bool{"muon": true, "se": true, "sap": true, "gan": true, "suyt": true, "doa": true,
		"cho": true, "met": true, "so": true, "thi": true, "lam": true}
	notDeathAfter = map[string]bool{"di": true, "cho": true, "theo": true, "luon": true, "chung": true, "ca": true,
		"duoc": true, "khong": true}
	// nowWords tell of danger going on: "đang", "vừa", "cứu", "không thở",
	// "còn thở", "chưa thấy", "gấp".
	nowWords = [][]string{{"dang"}, {"vua"}, {"cuu"}, {"gap"}, {"nhanh"}, {"sap"}, {"khong", "tho"}, {"ngung", "tho"},
		{"con", "tho"}, {"chua", "thay"}, {"chua", "tim", "thay"}, {"mat", "tich"}}
	// wishWords tell of a wish to die, hers or another's now: the
	// self-harm script stands.
	wishWords = [][]string{{"muon", "chet"}, {"chet", "theo"}, {"khong", "muon", "song"}, {"thiet", "song"},
		{"song", "lam", "gi"}, {"theo", "con"}, {"theo", "chong"}, {"ket", "thuc"}, {"tu", "tu", "day"}, {"chet", "cho"}}
	// comingTimes tell of a death still to come: told with a blow or a
	// threat ("hôm qua bóp cổ em, ổng nói tối nay cho em chết", "mai mà
	// còn thấy là chết"), it is harm going on, not a loss ("tối nay làm
	// lễ" after a death is still one).
	comingTimes = [][]string{{"toi", "nay"}, {"dem", "nay"}, {"ngay", "mai"}, {"sang", "mai"}, {"mai", "ma"},
		{"lat", "nua"}, {"mai", "moi"}}
)

// toldAsLoss reports whether toks (a message's syllables as typed,
// normalised) tell of a death in her own family (ownLoss) that is over: a
// death ("chết" that is no wish or figure of speech, a relative's "mất"
// followed by a cause or a time, or overWords) with a past time or a word
// that says it is over, and no word of danger now or of a wish to
// die.
func toldAsLoss(toks []string) bool {
	death, past := false, hasPhrase(toks, pastTimes) || hasPhrase(toks, overWords)
	for i, t := range toks {
		if isNumber(t) && i > 0 && toks[i-1] == "hoi" {
			past = true // "hồi 2020"
		}
		switch {
		case t == "chet":
			if (i == 0 || !notDeathBefore[toks[i-1]]) && (i+1 == len(toks) || !notDeathAfter[toks[i+1]]) {
				death = true
			}
		case t == "mat" && i > 0 && (relatives[toks[i-1]] || i > 1 && speakerWords[toks[i-1]] && relatives[toks[i-2]]):
			r := toks[i-1]
			if !relatives[r] {
				r = toks[i-2] // "chồng em mất"
			}
			if i+1 < len(toks) && lossAfter[toks[i+1]] || i+1 == len(toks) || toks[i+1] == breakToken {
				death = true
			}
			// "chồng em mất rồi": a grown relative is not lost, but
			// gone; a child "mất rồi" may be missing.
			past = past || grownRelatives[r] && i+1 < len(toks) && toks[i+1] == "roi"
		}
	}
	death = death || hasPhrase(toks, overWords)
	if !death || !past || !ownLoss(toks) {
		return false
	}
	if hasPhrase(toks, wishWords) || hasPhrase(toks, comingTimes) && harmedOrThreatened(toks) {
		return false
	}
	// "chưa tìm thấy xác" is a body not found: over.
	return !slices.ContainsFunc(nowWords, func(w []string) bool {
		return hasPhrase(toks, [][]string{w}) && !(w[0] == "chua" && slices.Contains(toks, "xac"))
	})
}

// ownLoss reports whether the one who writes tells of her own family: a
// relative or her home followed by how she calls herself ("con em", "ba
// e", "nhà em"), or a message that opens with her ("em sẩy thai"). A
// funeral announced to the branch ("bà Năm đầu ấp mới mất, chi hội mình đi
// viếng") is news, not her grief.
func ownLoss(toks []string) bool {
	if len(toks) > 0 && speakerWords[toks[0]] {
		return true
	}
	for i := 0; i+1 < len(toks); i++ {
		if (relatives[toks[i]] || toks[i] == "nha") && speakerWords[toks[i+1]] {
			return true
		}
	}
	return false
}

// asksAnything reports whether a sentence of toks asks (asksStrictly).
func asksAnything(toks []string) bool {
	for len(toks) > 0 {
		end := slices.Index(toks, breakToken)
		if end < 0 {
			end = len(toks)
		}
		if asksStrictly(toks[:end]) {
			return true
		}
		toks = toks[min(end+1, len(toks)):]
	}
	return false
}

// harmedOrThreatened reports whether toks tell of a blow ("bóp cổ", "đánh")
// or a threat ("dọa").
func harmedOrThreatened(toks []string) bool {
	for j, t := range toks {
		if t == "doa" || blowAt(toks, j) {
			return true
		}
	}
	return false
}
