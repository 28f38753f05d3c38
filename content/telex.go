package content

import (
	"strings"

	"golang.org/x/text/unicode/norm"
)

// Members on cheap phones often type with the Vietnamese keyboard switched
// off or broken, so the raw keys arrive: Telex ("sachj" for sạch, "laf gif"
// for là gì, "dduwowcj" for được, "khoong" for không) or VNI ("sa5ch",
// "la2 gi2", "d9u7o7c5"). Left as typed, each is a word the matcher does not
// know, and an emergency told that way ("choongf ddang ddanhs em") reaches
// the safety layer as noise. decodeKeys turns such a word back into the
// syllable she meant, before anything else reads the message.
//
// A word is decoded only when an unconverted keyboard alone could have
// produced it and the decoding is a valid Vietnamese syllable (onset, rhyme
// and a tone its final allows; see syllableOf). Vietnamese syllables never
// end in s, f, r, x or j, never hold w or f, and never double a, e, o or d,
// so plain words without marks ("xe", "ngheo", "khong") never change. What
// stays as typed:
//   - teencode and abbreviations (ko, dc, j, vs, ck, ntn, bhyt, hssv, ks): a
//     teencode key is never decoded, and a word with no vowel cannot be;
//   - English words and brand names (Zalo, Facebook, OCOP, VNeID, online,
//     pass): they are no syllable, and the few that are one once read as
//     keys are listed in loanwords ("gas", "sos"), or in loanSyllables when
//     they are also a common syllable ("sex" sẽ, "teen" tên), decoded only
//     next to a word only Telex makes;
//   - figures (2tr, 100k, 0912…): a word that starts with a digit is none.
//
// Where the keys are ambiguous the rest of the message decides. Teencode
// writes i as j ("toj" tôi, "oj" ơi, "vuj" vui), which Telex reads as the
// dot below (tọ, ọ, vụ): a j right after a vowel that reads as i is decoded
// only in a message that holds a word only Telex makes ("phuj nuwx"); so
// is a tone key before the final ("rasc" rác, but "test", "list").
// A VNI word with one digit at its end ("la2", "lop5") is decoded only next
// to another VNI word: "lop5" alone is lớp 5.
//
// Normalize reads the message through decodeKeys, then reads what it is
// about to write once more (decodeLeftKeys) for a word the raw text hid
// (glued to a digit, squeezed), so it stays idempotent: it writes plain
// syllables, teencode expansions and words left alone as no syllable or
// as ambiguous, none of which a second pass decodes.

// loanwords are English words and names that read as a syllable typed in
// Telex; they are left as typed.
var loanwords = setOf("gas", "sos", "air", "box", "ex", "wax", "if", "of", "hix", "xoong", "boong", "goong",
	"reset", "seen", "boom", "room", "sofa", "down", "tips", "wc")

// loanSyllables are English words and names that are also a common
// syllable typed in Telex ("sex" sẽ, "max" mã, "six" sĩ, "lux" lũ, "car"
// cả, "bus" bú, "teen" tên): decoded only in a message that holds a word
// only Telex makes.
var loanSyllables = setOf("sex", "max", "mix", "six", "lux", "bar", "car", "tax", "bus", "teen")

// keyStrength says how sure a decoding is.
type keyStrength int

const (
	// keysNone: not typed keys.
	keysNone keyStrength = iota
	// keysWeak: decoded only when the message holds a sure word of the
	// same keyboard (a j that teencode reads as i, a tone key before the
	// final, one VNI digit at the end, an acronym in capitals, one of
	// loanSyllables).
	keysWeak
	// keysTone: a Telex tone key at the end of a plain syllable ("cos",
	// "racs"): decoded on its own, and no proof for a weak word.
	keysTone
	// keysSure: only an unconverted keyboard makes this word.
	keysSure
)

// decodeKeys returns s with every word typed as raw Telex or VNI keys
// replaced by the lowercase syllable it was typed for (NFC, with its
// marks, the first letter's case kept). s is returned as is when it holds
// no such word.
func decodeKeys(s string) string {
	type hit struct {
		start, end int
		syl        string
		strength   keyStrength
		vni        bool
	}
	var hits []hit
	sureTelex, sureVNI, weakVNI := false, false, 0
	for i := 0; i < len(s); {
		if !isASCIIAlnum(s[i]) {
			i++
			continue
		}
		j := i
		for j < len(s) && isASCIIAlnum(s[j]) {
			j++
		}
		if mayBeKeys(s, i, j) && (keySigns(s[i:j]) || strings.ContainsAny(s[i:j], "123456789")) {
			if syl, st, vni := decodeWord(s[i:j]); st != keysNone {
				hits = append(hits, hit{i, j, syl, st, vni})
				switch {
				case st == keysSure && vni:
					sureVNI = true
				case st == keysSure:
					sureTelex = true
				case st == keysWeak && vni:
					weakVNI++
				}
			}
		}
		i = j
	}
	if len(hits) == 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	last := 0
	for _, h := range hits {
		if h.strength == keysWeak {
			if h.vni && !sureVNI && weakVNI < 2 || !h.vni && !sureTelex {
				continue
			}
		}
		b.WriteString(s[last:h.start])
		b.WriteString(h.syl)
		last = h.end
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// mayBeKeys reports whether s[i:j], a run of ASCII letters and digits, is
// a word keys could have made: two letters or more, starting with a letter,
// and touching no letter typed with its marks (a word half converted,
// "người", is read as typed).
func mayBeKeys(s string, i, j int) bool {
	if j-i < 2 || j-i > 12 || s[i] >= '0' && s[i] <= '9' {
		return false
	}
	return (i == 0 || s[i-1] < 0x80) && (j == len(s) || s[j] < 0x80)
}

func isASCIIAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// decodeWord decodes one word typed as keys: its syllable, how sure, and
// whether it was VNI. keysNone when it is no such word.
func decodeWord(w string) (string, keyStrength, bool) {
	lower := strings.ToLower(w)
	if _, ok := teencode[lower]; ok || loanwords[lower] {
		return "", keysNone, false
	}
	vni := strings.ContainsAny(lower, "0123456789")
	var syl string
	var st keyStrength
	if vni {
		syl, st = decodeVNI(lower)
	} else {
		syl, st = decodeTelex(lower)
		if st == keysNone && len(lower) > 2 && lower[0] == lower[1] && lower[0] != 'd' && isConsonant(rune(lower[0])) {
			// A key pressed twice at the start ("bbaos"): no Vietnamese
			// word doubles its first consonant.
			syl, st = decodeTelex(lower[1:])
		}
	}
	if st == keysNone {
		if !vni && strings.HasPrefix(lower, "dd") && !hasVowel(lower) {
			// "ddc", "ddk": đc, đk typed raw, teencode once folded.
			if _, ok := teencode["d"+lower[2:]]; ok {
				return "đ" + w[2:], keysSure, false
			}
		}
		return "", keysNone, false
	}
	if loanSyllables[lower] || st == keysTone && w == strings.ToUpper(w) {
		st = keysWeak // an acronym in capitals ("CAS"), or an English word
	}
	if w[0] >= 'A' && w[0] <= 'Z' {
		r := []rune(syl)
		syl = strings.ToUpper(string(r[0])) + string(r[1:])
	}
	return syl, st, vni
}

// toneMark maps a Telex tone key and a VNI tone digit to the combining
// mark it types.
var toneMark = map[byte]rune{
	's': '\u0301', 'f': '\u0300', 'r': '\u0309', 'x': '\u0303', 'j': '\u0323',
	'1': '\u0301', '2': '\u0300', '3': '\u0309', '4': '\u0303', '5': '\u0323',
}

// hornRequest is a key that puts a horn or a breve on a vowel (Telex w, VNI
// 7 and 8) whose vowel is decided once the whole word is read: "muaw" is
// mưa, "hoawcj" hoặc, "nguoiwf" người.
type hornRequest struct {
	targets string // the vowels it may mark
	after   int    // the vowel just before the key, or -1
}

// keyWord is a word being read key by key: its letters so far (vowels with
// their circumflex), the tone mark and the horn requests.
type keyWord struct {
	letters []rune
	tone    rune
	horns   []hornRequest
	marked  bool // a key other than the tone changed a letter
}

func (k *keyWord) hasVowel() bool {
	for _, r := range k.letters {
		if isVowelRune(r) {
			return true
		}
	}
	return false
}

// lastVowel returns the index of the last letter if it is a vowel, or -1.
func (k *keyWord) lastVowel() int {
	if n := len(k.letters); n > 0 && isVowelRune(k.letters[n-1]) {
		return n - 1
	}
	return -1
}

// trailingVowels returns the vowels that end the word so far ("uo" of
// "nguo"; none after a consonant).
func (k *keyWord) trailingVowels() string {
	i := len(k.letters)
	for i > 0 && isVowelRune(k.letters[i-1]) {
		i--
	}
	return string(k.letters[i:])
}

// circumflex marks the last of the word's letters that is one of anyOf
// (Telex aa, ee, oo; VNI 6 on a, e or o), and reports whether there was one.
func (k *keyWord) circumflex(anyOf string) bool {
	for i := len(k.letters) - 1; i >= 0; i-- {
		r := k.letters[i]
		if !strings.ContainsRune(anyOf, r) {
			continue
		}
		switch r {
		case 'a':
			k.letters[i] = 'â'
		case 'e':
			k.letters[i] = 'ê'
		case 'o':
			k.letters[i] = 'ô'
		}
		k.marked = true
		return true
	}
	return false
}

// decodeTelex reads w as Telex keys.
func decodeTelex(w string) (string, keyStrength) {
	var k keyWord
	toneAt := -1
	for i := 0; i < len(w); i++ {
		c := w[i]
		switch {
		case c == 'd' && len(k.letters) == 1 && k.letters[0] == 'd':
			k.letters[0] = 'đ'
			k.marked = true
		case strings.IndexByte("sfrxj", c) >= 0 && k.hasVowel():
			if k.tone != 0 {
				return "", keysNone // "ss" takes the tone back; two tones are no word
			}
			k.tone, toneAt = toneMark[c], i
		case c == 'w':
			if i > 0 && w[i-1] == 'w' {
				return "", keysNone
			}
			if !k.hasVowel() {
				k.letters = append(k.letters, 'ư') // "tw", "nhwng": w alone is ư
				k.marked = true
				continue
			}
			k.horns = append(k.horns, hornRequest{"aâoôu", k.lastVowel()})
		case (c == 'a' || c == 'e' || c == 'o') && strings.ContainsRune(k.trailingVowels(), rune(c)):
			// "aa", "ee", "oo", or the vowel typed again right after
			// the next one ("toio"): the circumflex.
			k.circumflex(string(c))
		case c == 'a' && strings.ContainsRune(k.trailingVowels(), 'â') ||
			c == 'e' && strings.ContainsRune(k.trailingVowels(), 'ê') ||
			c == 'o' && strings.ContainsRune(k.trailingVowels(), 'ô'):
			return "", keysNone // a third a, e or o takes the circumflex back
		case c >= 'a' && c <= 'z':
			k.letters = append(k.letters, rune(c))
		default:
			return "", keysNone
		}
	}
	if k.tone == 0 && !k.marked && len(k.horns) == 0 {
		return "", keysNone
	}
	syl, ok := k.syllable()
	if !ok {
		return "", keysNone
	}
	switch {
	case k.marked || len(k.horns) > 0 || w[toneAt] == 'f':
		return syl, keysSure
	case toneAt != len(w)-1:
		// A tone key before the final ("rasc", "sajch") is Telex too, but
		// so are "test", "list", "best": decoded next to a sure word.
		return syl, keysWeak
	case w[toneAt] == 'j':
		if prev := rune(w[toneAt-1]); isVowelRune(prev) {
			if _, ok := syllableOf([]rune(w[:toneAt]+"i"), 0); ok {
				return syl, keysWeak // "toj", "oj", "vuj": teencode's i as well
			}
		}
		return syl, keysSure
	}
	return syl, keysTone
}

// decodeVNI reads w as VNI keys: 1–5 the tones, 6 the circumflex, 7 the
// horn, 8 the breve, 9 đ.
func decodeVNI(w string) (string, keyStrength) {
	var k keyWord
	digits, inside := 0, false
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= '0' && c <= '9' {
			digits++
			if i+1 < len(w) && w[i+1] >= 'a' && w[i+1] <= 'z' {
				inside = true
			}
		}
		switch {
		case c >= '1' && c <= '5':
			if k.tone != 0 || !k.hasVowel() {
				return "", keysNone
			}
			k.tone = toneMark[c]
		case c == '6':
			if !k.circumflex("aeo") {
				return "", keysNone
			}
		case c == '7':
			k.horns = append(k.horns, hornRequest{"oôu", k.lastVowel()})
		case c == '8':
			k.horns = append(k.horns, hornRequest{"aâ", k.lastVowel()})
		case c == '9':
			if len(k.letters) == 0 || k.letters[0] != 'd' {
				return "", keysNone
			}
			k.letters[0] = 'đ'
			k.marked = true
		case c >= 'a' && c <= 'z':
			k.letters = append(k.letters, rune(c))
		default:
			return "", keysNone
		}
	}
	syl, ok := k.syllable()
	if !ok {
		return "", keysNone
	}
	if inside || digits > 1 {
		return syl, keysSure
	}
	return syl, keysWeak
}

// syllable applies the horn requests and returns the word as a syllable
// with its tone, if it is one. Each request marks one vowel it may mark, or
// the pair "uo" (ươ); of the valid readings the one whose keys came right
// after their vowels wins ("uwow", "oow").
func (k *keyWord) syllable() (string, bool) {
	if len(k.horns) == 0 {
		return syllableOf(k.letters, k.tone)
	}
	if len(k.horns) > 2 {
		return "", false
	}
	best, bestScore := "", -1
	var try func(h int, letters []rune, score int)
	try = func(h int, letters []rune, score int) {
		if h == len(k.horns) {
			if s, ok := syllableOf(letters, k.tone); ok && score > bestScore {
				best, bestScore = s, score
			}
			return
		}
		req := k.horns[h]
		for i, r := range letters {
			if !strings.ContainsRune(req.targets, r) {
				continue
			}
			next := append([]rune(nil), letters...)
			next[i] = hornOf(r)
			bonus := 0
			if i == req.after {
				bonus = 1
			}
			if r == 'u' && i+1 < len(letters) && (letters[i+1] == 'o' || letters[i+1] == 'ô') {
				both := append([]rune(nil), letters...)
				both[i], both[i+1] = 'ư', 'ơ' // "uow": ươ with one key
				pair := 0
				if req.after == i || req.after == i+1 {
					pair = 1
				}
				try(h+1, both, score+pair)
			}
			try(h+1, next, score+bonus)
		}
	}
	try(0, k.letters, 0)
	return best, bestScore >= 0
}

// hornOf returns the vowel with a horn or a breve.
func hornOf(r rune) rune {
	switch r {
	case 'a', 'â':
		return 'ă'
	case 'o', 'ô':
		return 'ơ'
	case 'u':
		return 'ư'
	}
	return r
}

func isVowelRune(r rune) bool { return strings.ContainsRune("aăâeêioôơuưy", r) }

// onsets are the consonants a Vietnamese syllable starts with (p alone and
// the letters f, j, w, z only in loanwords).
var onsets = setOf("", "b", "c", "ch", "d", "đ", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n", "ng",
	"ngh", "nh", "ph", "qu", "r", "s", "t", "th", "tr", "v", "x")

// rhymes are the rhymes of Vietnamese syllables, without their tone
// (after a "qu" or "gi" onset, the rhyme without the onset's u or i).
var rhymes = setOf(strings.Fields(`
	a ai ao au ay ac ach am an ang anh ap at
	ăc ăm ăn ăng ăp ăt
	âc âm ân âng âp ât âu ây
	e eo ec em en eng ep et
	ê êu êch êm ên ênh êp êt
	i ia iu ich im in inh ip it
	iêc iêm iên iêng iêp iêt iêu yêm yên yêt yêu
	o oi oc om on ong op ot
	ô ôi ôc ôm ôn ông ôp ôt
	ơ ơi ơm ơn ơp ơt
	u ua ui uc um un ung up ut
	uôc uôi uôm uôn uông uôt
	ư ưa ưi ưu ưc ưng ưt ưm ưn
	ươc ươi ươm ươn ương ươp ươt ươu
	oa oai oay oac oach oam oan oang oanh oap oat
	oăc oăm oăn oăng oăt
	oe oeo oen oet
	uân uâng uât uây
	uê uênh uêch uơ
	uy uya uyu uych uynh uyt uyn uyên uyêt
	y`)...)

// syllableOf returns letters with tone placed as one Vietnamese syllable
// (NFC), if they are one: a known onset and rhyme, the spelling rules of
// c/k, g/gh and ng/ngh, and no falling, asking or broken tone on a rhyme
// that ends in c, ch, p or t. tone is the combining mark, or 0.
func syllableOf(letters []rune, tone rune) (string, bool) {
	n := 0
	for n < len(letters) && !isVowelRune(letters[n]) {
		n++
	}
	if n == len(letters) {
		return "", false
	}
	onset, rhyme := string(letters[:n]), letters[n:]
	switch {
	case onset == "q" && rhyme[0] == 'u' && len(rhyme) > 1:
		onset, rhyme = "qu", rhyme[1:]
	case onset == "g" && rhyme[0] == 'i' && len(rhyme) > 1 && rhymes[string(rhyme[1:])] && rhyme[1] != 'i':
		onset, rhyme = "gi", rhyme[1:] // "gia", "giữ"; "gì", "giếng" keep their i
	}
	r := string(rhyme)
	if !onsets[onset] || !rhymes[r] {
		return "", false
	}
	front := strings.ContainsRune("ieêy", rhyme[0])
	switch onset {
	case "c", "ng":
		if front {
			return "", false
		}
	case "g":
		if front && rhyme[0] != 'i' {
			return "", false
		}
	case "k", "gh", "ngh":
		if !front {
			return "", false
		}
	case "qu":
		if strings.ContainsRune("uưo", rhyme[0]) {
			return "", false
		}
	}
	stop := strings.HasSuffix(r, "c") || strings.HasSuffix(r, "ch") || strings.HasSuffix(r, "p") || strings.HasSuffix(r, "t")
	if stop && tone != 0 && tone != '\u0301' && tone != '\u0323' {
		return "", false
	}
	out := []rune(onset)
	at := len(out) + tonePosition(rhyme)
	out = append(out, rhyme...)
	if tone == 0 {
		return string(out), true
	}
	var b strings.Builder
	for i, c := range out {
		b.WriteRune(c)
		if i == at {
			b.WriteRune(tone)
		}
	}
	return norm.NFC.String(b.String()), true
}

// tonePosition returns the index in rhyme of the vowel that carries the
// tone: the last vowel with a mark of its own (ươ → ơ, iê → ê), else the
// last vowel before a final consonant, else the middle of three vowels and
// the first of two (mái, mùa, hóa, thủy).
func tonePosition(rhyme []rune) int {
	var vowels []int
	for i, r := range rhyme {
		if isVowelRune(r) {
			vowels = append(vowels, i)
		}
	}
	for i := len(vowels) - 1; i >= 0; i-- {
		if strings.ContainsRune("ăâêôơư", rhyme[vowels[i]]) {
			return vowels[i]
		}
	}
	switch {
	case vowels[len(vowels)-1] < len(rhyme)-1:
		return vowels[len(vowels)-1]
	case len(vowels) == 3:
		return vowels[1]
	}
	return vowels[0]
}

// decodeLeftKeys reads the words Normalize is about to write (n.words,
// after teencode) for a word still typed as Telex keys that decodeKeys did
// not see as a word in the raw text: glued to a digit ("cos2"), squeezed
// ("caachs" → "cachs") or with its j read as i. The syllable is written
// folded, and expanded when it is teencode. Run on every message, it
// keeps Normalize idempotent: what Normalize writes holds no word this
// pass would still decode. It reports whether a word it wrote is a
// regional word.
func (n *normalizer) decodeLeftKeys() (regional bool) {
	sure, found := false, false
	for _, w := range n.words {
		if w != breakToken && keySigns(w) {
			found = true
			if _, st, _ := decodeWord(w); st == keysSure {
				sure = true
			}
		}
	}
	if !found {
		return false
	}
	words, tok := n.words[:0:0], n.tok[:0:0]
	for i, w := range n.words {
		if w == breakToken || !keySigns(w) {
			words, tok = append(words, w), append(tok, n.tok[i])
			continue
		}
		syl, st, _ := decodeWord(w)
		if st == keysNone || st == keysWeak && !sure {
			words, tok = append(words, w), append(tok, n.tok[i])
			continue
		}
		f := foldSyllable(syl)
		if finalYAfterConsonants(f) {
			f = f[:len(f)-1] + "i" // as expand reads a typed word ("ný" → "ni")
		}
		if exp, ok := teencode[f]; ok {
			f = exp
		}
		for _, x := range strings.Fields(f) {
			if _, ok := regionalWords[x]; ok {
				regional = true
			}
			words, tok = append(words, x), append(tok, -1)
		}
	}
	n.words, n.tok = words, tok
	return regional
}

// keySigns reports whether a word of ASCII letters holds a key
// decodeTelex reads as a mark (any case): f, j or w, s, r or x after a
// vowel, a leading "dd", or a, e or o typed twice in one run of vowels
// ("aa", "toio"). A word without one is no Telex, and is not read.
func keySigns(w string) bool {
	if len(w) > 1 && toLowerASCII(w[0]) == 'd' && toLowerASCII(w[1]) == 'd' {
		return true
	}
	vowel, run := false, 0 // run: where the current run of vowels starts
	for i := 0; i < len(w); i++ {
		switch c := toLowerASCII(w[i]); c {
		case 'f', 'j', 'w':
			return true
		case 's', 'r', 'x':
			if vowel {
				return true
			}
			run = i + 1
		case 'a', 'e', 'o':
			for k := run; k < i; k++ {
				if toLowerASCII(w[k]) == c {
					return true
				}
			}
			vowel = true
		case 'i', 'u', 'y':
			vowel = true
		default:
			run = i + 1
		}
	}
	return false
}

// foldSyllable folds a decoded syllable as foldAppend folds a letter:
// lowercase, marks removed, đ → d.
func foldSyllable(syl string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(syl) {
		if r < foldTableSize {
			for _, f := range foldTable()[r] {
				b.WriteRune(f)
			}
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}
