package content

// A member often asks by checking what she heard ("nghe nói hộ nghèo ai
// cũng vay được 200 triệu, đúng không chị", "người ta bảo vay hộ nghèo lãi
// có 0,3% tháng, thiệt hông") or her own figures ("nhà 5 người kiếm 7
// triệu một tháng có được cận nghèo không"). What she needs is the entry
// holding the true fact — the loan limit, the poverty line, the rate — so
// that she can compare. Two things hide it from the matcher: the frame of
// hearsay and checking, whose words ("nghe", "nói", "người ta", "đúng",
// "thật") belong to no entry and weigh down the confidence of every one,
// and the figure she heard, a number that is rare in the knowledge base
// and so weighs as much as its rarest word, although it names nothing:
// "200 triệu" is in no entry, and "100" pulls towards whatever entry
// happens to hold it. checkFrame leaves the frame out (the safety layer
// still reads the whole message); figureWeights weighs her figures as
// little as a function word, and figureKinds lets the unit of a checked
// figure say which kind of fact she checks (an amount, an age, a
// duration), as "bao nhiêu tiền" or "mấy tuổi" would.

// hearsayLeads are the frames that tell where she heard it, dropped
// wherever they stand: "nghe nói", "người ta bảo", "ai cũng nói".
var hearsayLeads = [][]string{
	{"nghe", "nguoi", "ta", "noi"}, {"nghe", "nguoi", "ta", "bao"}, {"nghe", "noi"}, {"nghe", "don"},
	{"nguoi", "ta", "noi"}, {"nguoi", "ta", "bao"}, {"nguoi", "ta", "don"}, {"thien", "ha", "don"},
	{"ai", "cung", "noi"}, {"ai", "cung", "bao"}, {"co", "nguoi", "noi"}, {"co", "nguoi", "bao"},
	{"nghe", "tin", "don"}, {"nghe", "phong", "thanh"},
}

// hearsayPronouns may stand before a lead at the start of a sentence:
// "tui nghe nói", "em nghe người ta bảo".
var hearsayPronouns = map[string]bool{"tui": true, "toi": true, "em": true, "e": true, "minh": true,
	"chi": true, "co": true, "con": true, "ma": true}

// checkTails close a sentence that checks a statement: "… đúng không",
// "… phải hông", "… có thật không", "… thiệt hông", "… đúng hả". The last
// syllable (the question particle) is kept, so that the sentence still
// asks (weighSentences, asksStrictly); the rest is dropped. Longest first.
var checkTails = [][]string{
	{"co", "dung", "vay", "khong"}, {"dung", "vay", "khong"}, {"co", "dung", "khong"}, {"co", "that", "khong"},
	{"co", "thiet", "khong"}, {"dung", "khong"}, {"phai", "khong"}, {"that", "khong"}, {"thiet", "khong"},
	{"dung", "ha"}, {"that", "ha"}, {"thiet", "ha"}, {"dung", "chua"}, {"phai", "ha"},
}

// checkFrame returns toks and fixed without the hearsay leads and the check
// tails (but their final particle), and whether the message checks a
// statement. toks and fixed are changed in place.
func checkFrame(toks []string, fixed []bool) ([]string, []bool, bool) {
	drop := make([]bool, len(toks))
	checked := false
	for i := 0; i < len(toks); i++ {
		for _, p := range hearsayLeads {
			if i+len(p) > len(toks) || !equalWords(toks[i:i+len(p)], p) {
				continue
			}
			checked = true
			for k := i; k < i+len(p); k++ {
				drop[k] = true
			}
			// "tui nghe nói", at the start of a sentence
			if i == 1 && hearsayPronouns[toks[0]] || i >= 2 && toks[i-2] == breakToken && hearsayPronouns[toks[i-1]] {
				drop[i-1] = true
			}
			end := i + len(p)
			if end < len(toks) && (toks[end] == "la" || toks[end] == "rang") {
				drop[end] = true
			}
			i = end - 1
			break
		}
	}
	// Tails: the last words of each sentence, before its end particles.
	for _, e := range sentenceTails(toks) {
		for _, p := range checkTails {
			if e-len(p) < 0 || !equalWords(toks[e-len(p):e], p) {
				continue
			}
			checked = true
			for k := e - len(p); k < e-1; k++ {
				drop[k] = true
			}
			break
		}
	}
	if !checked {
		return toks, fixed, false
	}
	if words(toks)-countDropped(drop) < 2 {
		return toks, fixed, false // little but the frame: leave it whole
	}
	toks, fixed = keepToks(toks, fixed, func(i int) bool { return !drop[i] })
	return toks, fixed, true
}

func countDropped(drop []bool) int {
	n := 0
	for _, d := range drop {
		if d {
			n++
		}
	}
	return n
}

// figureUnits follow a figure and say what kind of fact it is: money
// ("triệu", "ngàn", "củ", "%"), an age ("tuổi"), a duration ("năm",
// "tháng", "ngày").
var figureUnits = map[string]askKind{"trieu": askAmount, "ngan": askAmount, "nghin": askAmount,
	"cu": askAmount, "dong": askAmount, "ty": askAmount, "tram": askAmount, "chuc": askAmount,
	"phan": askAmount, "so": askAmount, "diem": askAmount,
	"tuoi": askAge,
	"nam":  askDuration, "thang": askDuration, "ngay": askDuration, "tuan": askDuration}

// figureKinds returns the kinds of fact the figures of a checked message
// point to: "vay 200 triệu" an amount, "17 tuổi" an age, "10 năm" a
// duration.
func figureKinds(toks []string) askKind {
	var k askKind
	for i := 0; i+1 < len(toks); i++ {
		if isNumber(toks[i]) {
			k |= figureUnits[toks[i+1]]
		}
	}
	return k
}

// figureWeights scales mul (one weight per syllable of toks) down to w for
// the numbers of toks of up to three digits — amounts, ages, counts — (and
// the unit of money after one) that are not part of a programme's or hotline's name
// (names marks those: "111", "đề án 939", "mức 2", "5 không 3 sạch").
func figureWeights(toks []string, names []bool, mul []float32, w float32) {
	for i, t := range toks {
		if i < len(mul) && isNumber(t) && !names[i] && grouped(toks, i) {
			// a long figure she heard ("118000 phụ nữ") is the fact of
			// one entry ("hơn 118.000 phụ nữ"): it tells which
			mul[i] *= longFigureWeight
			continue
		}
		if i >= len(mul) || !isNumber(t) || len(t) > 3 || names[i] {
			continue // a year, a decree's number: a telling fact
		}
		mul[i] *= w
		// its unit of money goes with it: "200 triệu" is one figure
		if i+1 < len(toks) && i+1 < len(mul) && figureUnits[toks[i+1]] == askAmount && !names[i+1] {
			mul[i+1] *= w
		}
	}
}

// checksYesNo reports whether a sentence of toks asks yes or no about a
// statement ("… phải từ 20 tuổi trở lên hả chị", "nhà 5 người kiếm 7 triệu
// có được cận nghèo không"): it ends, before its end particles, on
// "không", "hả" or "chưa". Her figures in such a sentence are hers to
// check, not what she asks for.
func checksYesNo(toks []string) bool {
	for _, e := range sentenceTails(toks) {
		if e > 0 && (toks[e-1] == "khong" || toks[e-1] == "ha" || toks[e-1] == "chua") {
			return true
		}
	}
	return false
}

// sentenceTails returns, for each sentence of toks, the index just past
// its last word before its end particles ("… không ạ chị" ends at
// "không"); "hả" is a word there, not a particle.
func sentenceTails(toks []string) []int {
	var tails []int
	for end := 0; end <= len(toks); end++ {
		if end < len(toks) && toks[end] != breakToken {
			continue
		}
		e := end
		for e > 0 && toks[e-1] != breakToken && endParticles[toks[e-1]] && toks[e-1] != "ha" {
			e--
		}
		tails = append(tails, e)
	}
	return tails
}

// longFigureWeight scales the groups of a long figure she checks.
const longFigureWeight = 2

// grouped reports whether the number at i is one group of a long figure
// written in thousands ("118 000", "1 500 000").
func grouped(toks []string, i int) bool {
	next := i+1 < len(toks) && len(toks[i+1]) == 3 && isNumber(toks[i+1])
	prev := i > 0 && isNumber(toks[i-1]) && len(toks[i]) == 3 && (len(toks[i-1]) == 3 || grouped(toks, i-1))
	return next || prev
}

// splitThousands writes the long figures of toks as the knowledge base's
// normalised text has them: "118.000" is "118 000" there, and a member
// types "118000". A number of five digits or more without a leading zero
// that is not part of a name (names: a hotline such as 19000368) is cut
// into groups of three from the right. It returns new slices when it
// cuts, with fixed and names carried along.
func splitThousands(toks []string, fixed, names []bool) ([]string, []bool, []bool) {
	long := func(t string) bool { return len(t) >= 5 && t[0] != '0' && isNumber(t) }
	cut := false
	for i, t := range toks {
		if long(t) && !names[i] {
			cut = true
			break
		}
	}
	if !cut {
		return toks, fixed, names
	}
	var nt []string
	var nf, nn []bool
	for i, t := range toks {
		if !long(t) || names[i] {
			nt, nf, nn = append(nt, t), append(nf, fixed[i]), append(nn, names[i])
			continue
		}
		first := len(t) % 3
		if first == 0 {
			first = 3
		}
		for a := 0; a < len(t); {
			b := a + 3
			if a == 0 {
				b = first
			}
			nt, nf, nn = append(nt, t[a:b]), append(nf, fixed[i]), append(nn, false)
			a = b
		}
	}
	return nt, nf, nn
}
