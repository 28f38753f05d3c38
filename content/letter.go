package content

// A member who writes to the Union as to an office frames her question as a
// letter: "Kính gửi Ban Chấp hành Hội Phụ nữ xã, …", "Kính thưa quý Hội,
// cho tôi được hỏi …", "Kính mong được hướng dẫn …", "Xin chân thành cảm
// ơn", "Trân trọng". The formulas say nothing of what she asks, yet "Hội"
// folds to "hỏi" and pulls towards the entries about the Union itself, and
// a closing sentence counts as one more sentence of story. letterFrame
// finds them so that Ask matches the question without them, as relayFrame
// does for a relayed question (the safety layer still reads the whole
// message).

// letterAddressee are the words that may follow "kính gửi" / "kính thưa"
// in a salutation: the Union, its bodies and its levels ("Ban Chấp hành
// Hội LHPN phường", "quý Hội", "chị chủ tịch").
var letterAddressee = map[string]bool{"ban": true, "chap": true, "hanh": true, "hoi": true,
	"lien": true, "hiep": true, "phu": true, "nu": true, "lhpn": true, "hlhpn": true, "xa": true,
	"phuong": true, "tinh": true, "huyen": true, "quy": true, "chi": true, "to": true, "ap": true,
	"khu": true, "pho": true, "thuong": true, "vu": true, "chu": true, "tich": true, "can": true,
	"bo": true, "cac": true, "anh": true, "loa": true, "viet": true, "nam": true, "dong": true,
	"nai": true, "trung": true, "uong": true, "a": true}

// letterClosing are the words of a closing sentence ("Xin chân thành cảm
// ơn quý Hội", "Trân trọng kính chào", "Kính chúc Hội sức khỏe").
var letterClosing = map[string]bool{"xin": true, "chan": true, "thanh": true, "cam": true,
	"on": true, "tran": true, "trong": true, "kinh": true, "chao": true, "chuc": true, "suc": true,
	"khoe": true, "hoi": true, "quy": true, "nhieu": true, "va": true, "rat": true, "a": true,
	"ban": true, "chap": true, "hanh": true, "toi": true, "em": true, "chi": true, "nhe": true}

// letterFrame returns toks and fixed without the formulas of a letter: a
// salutation ("kính gửi/thưa" and the Union's name after it, to the end of
// its clause), a closing sentence made only of thanks and wishes, the
// "kính mong (quý Hội) (được)" before a request, and the "tôi được" of "cho
// tôi được hỏi", which leaves the asking "cho hỏi". Nothing is removed from
// a message with no "kính" or "trân trọng" in it.
func letterFrame(toks []string, fixed []bool) ([]string, []bool) {
	at := func(i int, w string) bool { return i >= 0 && i < len(toks) && toks[i] == w }
	letter := false
	for i := range toks {
		if at(i, "kinh") && (at(i+1, "gui") || at(i+1, "thua") || at(i+1, "mong") || at(i+1, "chuc")) ||
			at(i, "tran") && at(i+1, "trong") {
			letter = true
			break
		}
	}
	if !letter {
		return toks, fixed
	}
	keep := make([]bool, len(toks))
	for i := range keep {
		keep[i] = true
	}
	drop := func(a, b int) {
		for k := a; k < b; k++ {
			keep[k] = false
		}
	}
	for start := 0; start < len(toks); {
		end := start
		for end < len(toks) && toks[end] != breakToken {
			end++
		}
		sent := toks[start:end]
		switch {
		case len(sent) > 0 && closingOnly(sent):
			drop(start, min(end+1, len(toks)))
		case len(sent) >= 2 && sent[0] == "kinh" && (sent[1] == "gui" || sent[1] == "thua"):
			e := start + 2
			for e < end && letterAddressee[toks[e]] {
				e++
			}
			if e == end && e < len(toks) {
				e++ // the clause's break goes with it
			}
			drop(start, e)
		}
		start = end + 1
	}
	for i := 0; i < len(toks); i++ {
		switch {
		case at(i, "kinh") && at(i+1, "mong"):
			e := i + 2
			for at(e, "quy") || at(e, "hoi") || at(e, "ban") || at(e, "chap") || at(e, "hanh") || at(e, "duoc") {
				e++
			}
			if e < len(toks) && toks[e] != breakToken {
				drop(i, e)
			}
		case (at(i, "cho") || at(i, "xin")) && (at(i+1, "toi") || at(i+1, "em")) && at(i+2, "duoc") && at(i+3, "hoi"):
			drop(i+1, i+3)
		case at(i, "xin") && at(i+1, "duoc") && at(i+2, "hoi"):
			drop(i+1, i+2)
		}
	}
	left := 0
	for i, t := range toks {
		if keep[i] && t != breakToken {
			left++
		}
	}
	if left < 2 {
		return toks, fixed // nothing would be left to match: keep it all
	}
	return keepToks(toks, fixed, func(i int) bool { return keep[i] })
}

// closingOnly reports whether a sentence only thanks or wishes well, as a
// letter closes: its words are all letterClosing and it holds "cảm ơn",
// "trân trọng", "kính chào" or "kính chúc".
func closingOnly(sent []string) bool {
	marked := false
	for i, w := range sent {
		if !letterClosing[w] {
			return false
		}
		if i+1 < len(sent) && (w == "cam" && sent[i+1] == "on" || w == "tran" && sent[i+1] == "trong" ||
			w == "kinh" && (sent[i+1] == "chao" || sent[i+1] == "chuc")) {
			marked = true
		}
	}
	return marked
}

// keepToks keeps, in place and in order, the tokens (and their fixed
// flags, when fixed is not nil) whose index keep reports: the letter's
// formulas and the half-remembered names both drop words this way.
func keepToks(toks []string, fixed []bool, keep func(i int) bool) ([]string, []bool) {
	n := 0
	for i := range toks {
		if keep(i) {
			toks[n] = toks[i]
			if fixed != nil {
				fixed[n] = fixed[i]
			}
			n++
		}
	}
	if fixed != nil {
		fixed = fixed[:n]
	}
	return toks[:n], fixed
}
