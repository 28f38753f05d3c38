package content

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"golang.org/x/text/unicode/norm"
)

// Normalize turns what a member typed into the form the matcher compares:
//
//   - Unicode is decomposed (so NFC and NFD input give the same result), tone
//     and vowel marks are dropped and đ becomes d: "Được" → "duoc";
//   - a word typed as raw Telex or VNI keys, the phone's keyboard being
//     off, is read as the syllable it was typed for (see telex.go): "sachj
//     laf gif" → "sach la gi", "d9u7o7c5" → "duoc";
//   - everything is lowercase; every character that is not a letter or a digit
//     becomes a space, and spaces are collapsed;
//   - letters and digits are split apart ("50tr" → "50 trieu"; "5k3s" →
//     "5 khong 3 sach");
//   - a phone or ID number written in one piece is dropped (isPersonalNumber);
//   - letters repeated for emphasis are squeezed ("quaaa" → "qua", "kooo" →
//     "khong"); "uu" and "oo" survive because Vietnamese has them (cứu, xoong);
//   - teencode and abbreviations are expanded (see teencode.go): "ko" →
//     "khong", "ck" → "chong", "bhyt" → "bao hiem y te";
//   - a final y after consonants becomes i, as Vietnamese writes both
//     ("đăng ký"/"đăng kí" → "dang ki");
//   - the function words of Southern and Central speech become the standard
//     ones (see regional.go): "mần răng" → "lam sao", "ở mô rứa" → "o dau
//     vay", read from her marks where she typed them and from the context
//     where she did not.
//
// The result is a sequence of syllables separated by single spaces. Normalize
// is idempotent: Normalize(Normalize(s)) == Normalize(s).
func Normalize(s string) string {
	n := newNormalizer(len(s), false)
	return string(n.appendNormalized(make([]byte, 0, len(s)+16), s, false))
}

// newNormalizer returns a normalizer with room for a message of size bytes,
// so that a one-off normalisation allocates each buffer once.
func newNormalizer(size int, plain bool) normalizer {
	words := size/3 + 4
	n := normalizer{
		folded: make([]byte, 0, size+16),
		tokens: make([]string, 0, words),
		starts: make([]int, 0, words),
		sq:     make([]string, 0, words),
		words:  make([]string, 0, words),
		tok:    make([]int, 0, words),
		plain:  plain,
	}
	if !plain {
		n.src = make([]rune, 0, size+16)
	}
	return n
}

// normalizePlain is Normalize without the regional pass (regional.go): the
// safety layer's reading. Its classifier, lexicon and triggers were trained
// and checked (TestSafetyDecisions) on syllables as typed; a story of harm in
// regional speech is read as before, and "răng" stays a tooth there.
func normalizePlain(s string) string {
	n := newNormalizer(len(s), true)
	return string(n.appendNormalized(make([]byte, 0, len(s)+16), s, false))
}

// normalizer holds the scratch buffers of one normalisation so that the hot
// path (KB.Ask) can reuse them and stay allocation-light.
type normalizer struct {
	folded []byte   // lowercase ASCII letters, digits and single spaces
	src    []rune   // per byte of folded: the letter typed (marks kept), 0 after its first byte
	tokens []string // views into folded (valid until folded is reused)
	starts []int    // where each token starts in folded
	sq     []string // tokens with repeated letters squeezed
	words  []string // the expanded syllables and breaks, before they are written
	typed  []string // per word: its syllable before the regional pass (see regional.go)
	tok    []int    // per word: the token it is as typed, -1 when teencode made it
	done   []bool   // per word: already read as a regional word
	// plain skips the regional pass: the safety layer's reading (see
	// normalizePlain).
	plain bool
	// changed reports that the regional pass mapped a word of the last
	// message: its plain reading differs.
	changed bool
}

// breakToken marks the end of a sentence or clause (. ? ! ; , : newline) in
// the matcher's view of a message; Normalize drops it from its output.
const breakToken = "|"

// appendNormalized appends the normal form of s to dst and returns it. With
// breaks, sentence punctuation is kept as breakToken so that the matcher can
// split a message into its questions; the other tokens are the same.
func (n *normalizer) appendNormalized(dst []byte, s string, breaks bool) []byte {
	if hasCombiningMark(s) {
		s = norm.NFC.String(s) // so that a letter and its marks are one rune for n.src
	}
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, " ") // before decodeKeys, which reads words between bytes
	}
	s = withoutCodes(s)
	s = decodeKeys(unstretch(s)) // "sachj", "la2": the syllables she meant (telex.go)
	n.folded, n.src = foldAppend(n.folded[:0], n.src[:0], s, !n.plain)
	n.tokens, n.starts = n.tokens[:0], n.starts[:0]
	f := n.folded
	for i := 0; i < len(f); {
		for i < len(f) && f[i] == ' ' {
			i++
		}
		j := i
		for j < len(f) && f[j] != ' ' {
			j++
		}
		if tok := bytesString(f[i:j]); j > i && !isPersonalNumber(tok) {
			n.tokens = append(n.tokens, tok)
			n.starts = append(n.starts, i)
		}
		i = j
	}
	return n.expand(dst, breaks)
}

// typedAs reports whether word i of n.words is a token as she typed it
// (lowercase, with its marks) equal to want ("răng", "rứa"): n.src holds
// the letters typed; a word made by teencode or the regional pass is not.
func (n *normalizer) typedAs(i int, want string) bool {
	k := n.tok[i]
	if k < 0 {
		return false
	}
	j := 0
	for _, r := range n.src[n.starts[k] : n.starts[k]+len(n.tokens[k])] {
		if r == 0 {
			continue
		}
		w, size := utf8.DecodeRuneInString(want[j:])
		if j >= len(want) || w != r {
			return false
		}
		j += size
	}
	return j == len(want)
}

// foldAppend appends s folded to lowercase ASCII where possible: marks
// removed, đ → d, sentence punctuation → " | ", other non-alphanumerics → a
// space, a space between a letter and a digit. Letters of other scripts are
// kept lowercase. Tokens are separated by one or more spaces. For every byte
// appended to dst it appends to src the lowercase letter typed (with its
// marks, as s has it) at the first byte the letter gives, 0 otherwise, so
// that the regional pass can tell "răng" (sao) from "rằng".
// Without marks (the plain reading), src is left as it is.
func foldAppend(dst []byte, src []rune, s string, marks bool) ([]byte, []rune) {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, " ")
	}
	const (
		kSpace = iota
		kLetter
		kDigit
	)
	last := kSpace
	typed := rune(0) // the letter being folded, until its first byte is out
	sep := func(b byte) {
		dst = append(dst, b)
		if marks {
			src = append(src, 0)
		}
	}
	emit := func(r rune) {
		kind := kLetter
		switch {
		case r >= '0' && r <= '9':
			kind = kDigit
		case isBreak(r):
			if len(dst) > 0 && dst[len(dst)-1] != '|' {
				if last != kSpace {
					sep(' ')
				}
				sep('|')
				sep(' ')
			}
			last = kSpace
			return
		case r < utf8.RuneSelf && !(r >= 'a' && r <= 'z'):
			kind = kSpace
		case r >= utf8.RuneSelf && unicode.IsDigit(r):
			kind = kDigit
		case r >= utf8.RuneSelf && !unicode.IsLetter(r):
			kind = kSpace
		}
		if kind == kSpace {
			if last != kSpace {
				sep(' ')
			}
			last = kSpace
			return
		}
		if last != kSpace && last != kind {
			sep(' ')
		}
		n := len(dst)
		dst = utf8.AppendRune(dst, r)
		if marks {
			src = append(src, typed)
			for range dst[n+1:] {
				src = append(src, 0)
			}
		}
		typed = 0
		last = kind
	}
	for i, r := range s {
		if (r == '.' || r == ',') && last == kDigit && i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9' {
			r = ' ' // "1.000.000", "0,5": a number, not the end of a sentence
		}
		switch {
		case r < utf8.RuneSelf:
			if r >= 'A' && r <= 'Z' {
				r += 'a' - 'A'
			}
			typed = r
			emit(r)
		case r < foldTableSize:
			typed = unicode.ToLower(r)
			for _, b := range foldTable()[r] {
				emit(b)
			}
		default:
			typed = unicode.ToLower(r)
			for _, d := range norm.NFD.String(string(r)) {
				if unicode.Is(unicode.Mn, d) || unicode.Is(unicode.Me, d) || unicode.Is(unicode.Mc, d) {
					continue
				}
				emit(unicode.ToLower(d))
			}
		}
		typed = 0
	}
	return dst, src
}

// hasCombiningMark reports whether s holds a combining diacritic
// (U+0300–U+036F, UTF-8 0xCC or 0xCD then a continuation byte): text typed
// decomposed (NFD), which foldAppend would fold letter by mark.
func hasCombiningMark(s string) bool {
	for i := 0; i+1 < len(s); i++ {
		if (s[i] == 0xCC || s[i] == 0xCD) && s[i+1] >= 0x80 && s[i+1] <= 0xBF {
			return true
		}
	}
	return false
}

// isBreak reports whether r ends a sentence or a clause.
func isBreak(r rune) bool {
	switch r {
	case '.', '?', '!', ';', ',', ':', '\n', '…', '？', '！':
		return true
	}
	return false
}

// foldTableSize covers Latin-1, Latin Extended A/B, the combining marks and
// Latin Extended Additional (all Vietnamese letters live below 0x1F00).
const foldTableSize = 0x2000

// foldTable maps every rune below foldTableSize to its folded runes: lower
// case, marks removed, đ → d. Computed once; read-only afterwards.
var foldTable = sync.OnceValue(func() *[foldTableSize][]rune {
	var t [foldTableSize][]rune
	for r := rune(0); r < foldTableSize; r++ {
		var out []rune
		for _, d := range norm.NFD.String(string(r)) {
			if unicode.Is(unicode.Mn, d) || unicode.Is(unicode.Me, d) || unicode.Is(unicode.Mc, d) {
				continue
			}
			d = unicode.ToLower(d)
			switch d {
			case 'đ', 'ð':
				d = 'd'
			}
			out = append(out, d)
		}
		t[r] = out
	}
	return &t
})

// squeeze removes letters repeated for emphasis: a run of the same letter
// becomes one letter, except u and o which stay doubled because Vietnamese
// has "uu" and "oo" ("cứuuu" → "cuu", "xoong"); a wrong double ("dauu") is
// left to the matcher's typo tolerance.
// A doubled s, f, r, x or j after a vowel stays: a Telex keyboard types
// the letter itself so ("miss"), and squeezed it would read as a tone.
// Digits are never squeezed ("1900"), nor is a token with no vowel: every
// Vietnamese syllable has one, so "hssv" (học sinh sinh viên), "pccc"
// (phòng cháy chữa cháy) and "tkvv" are abbreviations, whose doubled
// letters are letters, not emphasis ("hssv" squeezed was "hsv", and "vay
// hssv" no longer found the student loan).
func squeeze(tok string) string {
	if !strings.ContainsAny(tok, "aeiouy") {
		return tok
	}
	need := false
	for i := 1; i < len(tok); i++ {
		if tok[i] == tok[i-1] && isASCIILetter(tok[i]) {
			need = true
			break
		}
	}
	if !need {
		return tok
	}
	b := make([]byte, 0, len(tok))
	for i := 0; i < len(tok); {
		c := tok[i]
		j := i + 1
		for j < len(tok) && tok[j] == c {
			j++
		}
		run := j - i
		switch {
		case !isASCIILetter(c):
			b = append(b, tok[i:j]...)
		case (c == 'u' || c == 'o') && run >= 2:
			b = append(b, c, c)
		case run == 2 && strings.IndexByte("sfrxj", c) >= 0 && strings.ContainsAny(tok[:i], "aeiouy"):
			// A Telex tone key typed twice is the letter itself ("miss",
			// "boss"): squeezed, it would read as a tone (telex.go).
			b = append(b, c, c)
		default:
			b = append(b, c)
		}
		i = j
	}
	return string(b)
}

// squeezeAll reduces every run of a repeated letter to one letter; used only
// to look up teencode ("koo" → "ko").
func squeezeAll(tok string) string {
	for i := 1; i < len(tok); i++ {
		if tok[i] == tok[i-1] && isASCIILetter(tok[i]) {
			b := make([]byte, 0, len(tok))
			for j := 0; j < len(tok); j++ {
				if j > 0 && tok[j] == tok[j-1] && isASCIILetter(tok[j]) {
					continue
				}
				b = append(b, tok[j])
			}
			return string(b)
		}
	}
	return tok
}

func isASCIILetter(c byte) bool { return c >= 'a' && c <= 'z' }

// isPersonalNumber tells a phone or ID number written in one piece: 10–11
// digits from 0 (a mobile or landline number), 11–12 from 84 (the same with
// the country code), 9 or 12 digits (an old or new citizen ID). Members
// often add one ("số em 0912345678, gọi lại giúp em"); it says nothing about
// the question, and as an unknown token it made a Union question look off
// topic. Hotlines stay: 111–115 are short and 1900… starts with 1.
func isPersonalNumber(tok string) bool {
	if !isNumber(tok) {
		return false
	}
	switch n := len(tok); {
	case n == 9 || n == 12:
		return true
	case n == 10 || n == 11:
		return tok[0] == '0' || strings.HasPrefix(tok, "84")
	}
	return false
}

// withoutCodes blanks out the codes of a message: a word of capital
// letters and digits, at least two of each, ten or more characters long
// (or eight with three digits): "ABCD2345EFGH7", an invite code a head
// shares in her group; a licence plate, a reference. Read as syllables and
// Telex keys, random letters made words of harm: "Mã mời vào chi hội:
// TEX476EAFTZZQ" got the ambulance line ("té"), one code in a few hundred.
// A code says nothing about the question. Lowercase words are left alone:
// VNI typing puts digits among letters ("chuye6n3"), and members glue a
// name and a number ("5co3sach", "tongdai111"). s is returned as it is
// when it holds no code (no allocation).
func withoutCodes(s string) string {
	var b []byte
	start := -1
	for i := 0; i <= len(s); i++ {
		if i < len(s) && isASCIIAlnum(s[i]) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 && isCode(s[start:i]) {
			if b == nil {
				b = []byte(s)
			}
			for k := start; k < i; k++ {
				b[k] = ' '
			}
		}
		start = -1
	}
	if b == nil {
		return s
	}
	return string(b)
}

// isCode reports whether an ASCII word is a code (withoutCodes).
func isCode(w string) bool {
	if len(w) < 8 {
		return false
	}
	letters, digits := 0, 0
	for i := 0; i < len(w); i++ {
		switch c := w[i]; {
		case c >= '0' && c <= '9':
			digits++
		case c >= 'a' && c <= 'z':
			return false
		default:
			letters++
		}
	}
	return letters >= 2 && digits >= 2 && (len(w) >= 10 || digits >= 3)
}

func isNumber(tok string) bool {
	if tok == "" {
		return false
	}
	for i := 0; i < len(tok); i++ {
		if tok[i] < '0' || tok[i] > '9' {
			return false
		}
	}
	return true
}

// bytesString views b as a string without copying. The normalizer only keeps
// such views in n.tokens, which are consumed (copied into dst) before folded
// is reused, so no view outlives its bytes.
func bytesString(b []byte) string { return unsafe.String(unsafe.SliceData(b), len(b)) }

// unstretch undoes letters stretched for emphasis, as typed ("cháyyyyy",
// "cứuuuu", "nguyyy", "điii", "dạaaa"): Vietnamese never writes the same
// letter three times in a row, so a run of three or more is one letter, and
// none when the letter before it is that letter with a tone mark ("dạaaa"
// is "dạ", "quáaa" "quá"; "cứuuu" is "cứu", ư not being u). Runs of two stay
// (xoong, boong, ưu), and so does a run of a consonant inside a word, an
// abbreviation ("cccd"); a run of u right after a consonant keeps two, since
// "cuuuu" typed without marks is "cứu". It reads the letters as typed, marks and all, so that
// the matcher, the safety classifier's marked syllables ("cháy" is not
// "chạy") and who is harmed all see the word: appendNormalized and
// markedSyllables both call it. s is NFC; it is returned as is when it
// stretches nothing.
func unstretch(s string) string {
	stretched := false
	for i := 2; i < len(s); i++ {
		if s[i] == s[i-1] && s[i] == s[i-2] && s[i] < utf8.RuneSelf && isASCIILetter(toLowerASCII(s[i])) {
			stretched = true
			break
		}
	}
	if !stretched {
		return s
	}
	rs := []rune(s)
	out := make([]rune, 0, len(rs))
	for i := 0; i < len(rs); {
		r := rs[i]
		j := i + 1
		for j < len(rs) && unicode.ToLower(rs[j]) == unicode.ToLower(r) {
			j++
		}
		lr := unicode.ToLower(r)
		switch {
		case j-i < 3 || !unicode.IsLetter(r),
			isConsonant(lr) && j < len(rs) && unicode.IsLetter(rs[j]),
			isConsonant(lr) && !wordHasVowel(rs, i, j):
			// A run of a consonant inside a word is an abbreviation
			// ("cccd", "dddt"), and so is one ending a word with no
			// vowel ("pccc": every syllable has one); a stretch ends a
			// word ("emmm").
			out = append(out, rs[i:j]...)
		case len(out) > 0 && i > 0 && rs[i-1] != r && toneless(unicode.ToLower(out[len(out)-1])) == unicode.ToLower(r):
			// "dạaaa": the stretch repeats the vowel just typed with its tone.
		case unicode.ToLower(r) == 'u' && i > 0 && isConsonant(unicode.ToLower(rs[i-1])):
			// "cuuuu" typed without marks is "cứu" (cuu), its ư typed as
			// a u: after a consonant the run keeps two.
			out = append(out, r, r)
		default:
			out = append(out, r)
		}
		i = j
	}
	return string(out)
}

// wordHasVowel reports whether the word around rs[i:j] (the letters on
// both sides of it) holds a vowel, marked or not.
func wordHasVowel(rs []rune, i, j int) bool {
	isVowel := func(r rune) bool {
		return strings.ContainsRune("aăâeêioôơuưy", toneless(unicode.ToLower(r)))
	}
	for k := i - 1; k >= 0 && unicode.IsLetter(rs[k]); k-- {
		if isVowel(rs[k]) {
			return true
		}
	}
	for k := j; k < len(rs) && unicode.IsLetter(rs[k]); k++ {
		if isVowel(rs[k]) {
			return true
		}
	}
	return false
}

// toneless returns a lowercase Vietnamese letter without its tone mark,
// keeping the marks that make another letter (ư, ơ, â, ă, ê, ô): "ạ" → "a",
// "ộ" → "ô", "ứ" → "ư".
func toneless(r rune) rune {
	if r < utf8.RuneSelf {
		return r
	}
	var b []rune
	for _, c := range norm.NFD.String(string(r)) {
		switch c {
		case '\u0300', '\u0301', '\u0303', '\u0309', '\u0323':
		default:
			b = append(b, c)
		}
	}
	t := []rune(norm.NFC.String(string(b)))
	if len(t) != 1 {
		return r
	}
	return t[0]
}

// isConsonant reports whether r is a lowercase ASCII consonant.
func isConsonant(r rune) bool {
	return r >= 'a' && r <= 'z' && !strings.ContainsRune("aeiouy", r)
}

func toLowerASCII(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}
