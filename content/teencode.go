package content

import "strings"

// Teencode and abbreviations that members type, expanded to the syllables the
// knowledge base is written with. Keys are folded tokens (no marks, đ→d,
// lowercase); a token is looked up as typed and, failing that, after its
// repeated letters are squeezed ("kooo" → "ko" → "khong").
//
// Initials of the knowledge base's own keywords ("gqvl", "lbdg") need no line
// here: the matcher reads them from the keywords (initials.go).
//
// Rule that keeps Normalize idempotent: no word of an expansion is itself a
// key (TestTeencodeExpansionsAreStable checks it).
//
// Choices for ambiguous forms, decided for a women's-union Q&A setting:
//   - "a" stays "a": it is "anh" as often as "ạ", and both carry no meaning
//     for matching. "ak"/"ah" → "a".
//   - "c" → "chi" (the polite "chị"), but "c" after a number is "co"
//     ("5c3s" → "5 co 3 sach").
//   - "k"/"ko" → "khong"; "s" → "sao", but "s" after a number is "sach".
//   - "t" → "toi", but "t" after a number is "tuoi" ("40t" is an age).
//   - "v"/"z" → "vay" ("vậy"); the matcher ignores a "vay" that follows a
//     question word because it collides with "vay" (loan) once marks are gone.
//   - "bn" → "bao nhieu" (not "bạn"): members mostly ask amounts.
//   - "dc"/"đc" → "duoc". "dk"/"đk" is "được", "đăng ký" or "điều kiện":
//     before a negation or question particle or at the end it is "duoc"
//     ("lam dk ko"); after "du" or before "vay" it is "dieu kien"; otherwise
//     "dang ky" ("dk vneid").
//   - "mk" is "mật khẩu" right after quen/doi/nhap/sai/lay/dat/mat/cap or
//     right before vneid/moi/cu, else "minh".
//   - "tk" → "tai khoan", except "tk vv" (tổ TK&VV) → "tiet kiem vay von".
//   - "gd"/"gđ" → "gia dinh" (not "giáo dục").
//   - "vn" → "viet nam", but "vn eid" → "vneid".
//   - "h" → "gio"; "tr" → "trieu"; "ls" → "lai suat".
var teencode = map[string]string{
	// negation and question particles
	"ko": "khong", "k": "khong", "kh": "khong", "khg": "khong", "kg": "khong", "hok": "khong",
	"hong": "khong", "hk": "khong", "hem": "khong", "khum": "khong", "khog": "khong", "kog": "khong",
	"kp": "khong phai", "kb": "khong biet", "kbiet": "khong biet",
	"j": "gi", "ji": "gi", "gj": "gi",
	"ntn": "nhu the nao", "ntnao": "nhu the nao",
	"lsao": "lam sao", "ls": "lai suat", "lsuat": "lai suat",
	"bn": "bao nhieu", "bnh": "bao nhieu", "bnhieu": "bao nhieu", "bnhiu": "bao nhieu", "nhiu": "nhieu",
	"z": "vay", "v": "vay", "dz": "vay", "dzay": "vay", "zay": "vay",
	"r": "roi", "rui": "roi",
	"s":  "sao",
	"ak": "a", "ah": "a", "uk": "u", "uh": "u",
	"dc": "duoc", "dky": "dang ky", "dki": "dang ky", "dkien": "dieu kien",
	// people
	"vs": "voi", "ck": "chong", "ox": "chong", "vk": "vo", "bx": "vo",
	"e": "em", "c": "chi", "cj": "chi",
	"mik": "minh", "mh": "minh", "mjk": "minh", "mjnh": "minh",
	"t": "toi", "tui": "toi",
	"ng": "nguoi", "ngta": "nguoi ta", "mn": "moi nguoi", "mng": "moi nguoi",
	"ad": "admin",
	// common words
	"bik": "biet", "bit": "biet", "bjk": "biet", "bjet": "biet",
	"ms": "moi", "lm": "lam", "cx": "cung", "cg": "cung", "cug": "cung",
	"trc": "truoc", "h": "gio", "bh": "bay gio", "bjo": "bay gio", "bgio": "bay gio", "bg": "bay gio",
	"hnay": "hom nay", "hqua": "hom qua",
	"oke": "ok", "okie": "ok", "oki": "ok",
	"wa": "qua", "iu": "yeu", "thik": "thich", "fai": "phai", "ns": "noi", "nx": "nua",
	"dag": "dang", "kq": "ket qua", "lq": "lien quan", "vd": "vi du", "qd": "quyet dinh",
	"dt": "dien thoai", "dthoai": "dien thoai", "sdt": "so dien thoai",
	"tr": "trieu",
	// programmes, bodies and documents
	"bhyt": "bao hiem y te", "bhxh": "bao hiem xa hoi", "bhtn": "bao hiem that nghiep",
	"nhcsxh": "ngan hang chinh sach xa hoi", "nhcs": "ngan hang chinh sach", "csxh": "chinh sach xa hoi",
	"lhpn": "lien hiep phu nu", "hlhpn": "hoi lien hiep phu nu", "hpn": "hoi phu nu", "pn": "phu nu",
	"hv": "hoi vien", "ubnd": "uy ban nhan dan", "ub": "uy ban", "tp": "thanh pho", "tw": "trung uong",
	"mttq": "mat tran to quoc",
	"htx":  "hop tac xa", "tht": "to hop tac", "vv": "vay von",
	"bdg": "binh dang gioi", "blgd": "bao luc gia dinh", "gd": "gia dinh", "xh": "xa hoi",
	"cds":  "chuyen doi so",
	"cccd": "can cuoc cong dan", "cmnd": "chung minh nhan dan",
	"dddt": "dinh danh dien tu", "ddt": "dinh danh dien tu",
	"tk": "tai khoan", "pass": "mat khau", "password": "mat khau",
	"tkvv": "tiet kiem vay von", // squeezed, it would be "tkv"
	// Southern speech spelt as teencode: "zị", "dzị" (dị, vậy); "ghiền" (nghiện)
	"zi": "vay", "dzi": "vay", "ghien": "nghien",
	"vn": "viet nam",
}

// Context sets for the ambiguous tokens documented above.
var (
	passwordBefore = map[string]bool{"quen": true, "doi": true, "nhap": true, "sai": true, "lay": true,
		"dat": true, "mat": true, "cap": true, "reset": true}
	passwordAfter = map[string]bool{"vneid": true, "moi": true, "cu": true}
	// hipBefore mark "hông" as the hip: "xương hông", "gãy hông", "khớp
	// hông". Not "đau hông": "tiêm có đau hông" asks whether it hurts.
	hipBefore = map[string]bool{"xuong": true, "gay": true, "khop": true, "vong": true}
	// particlesAfterDK mark "dk" as "được": "lam dk ko", "dk chua", "dk a".
	particlesAfterDK = map[string]bool{"ko": true, "k": true, "kh": true, "khg": true, "khong": true,
		"hong": true, "hok": true, "hk": true, "chua": true, "roi": true, "r": true, "a": true, "ak": true,
		"ha": true, "nhe": true, "nha": true, "ne": true, "khum": true, "kg": true}
)

// expand appends the expansion of n.tokens to dst, separated by spaces
// (with breaks, sentence breaks as "|"): teencode first, token by token,
// then the regional pass over the whole message (regional.go).
func (n *normalizer) expand(dst []byte, breaks bool) []byte {
	toks := n.tokens
	n.sq = n.sq[:0]
	for _, t := range toks {
		q := squeeze(t)
		if finalYAfterConsonants(q) {
			q = q[:len(q)-1] + "i" // before the lookup: "jy" → "ji" → "gi"
		}
		n.sq = append(n.sq, q)
	}
	sq := n.sq
	n.words, n.tok = n.words[:0], n.tok[:0]
	regional := false
	for i := range toks {
		prev, next := "", ""
		if i > 0 {
			prev = sq[i-1]
		}
		if i+1 < len(toks) {
			next = sq[i+1]
		}
		if toks[i] == breakToken {
			n.words = append(n.words, breakToken)
			n.tok = append(n.tok, -1)
			continue
		}
		exp := expandToken(prev, toks[i], sq[i], next)
		if sq[i] == "tk" && i+1 < len(toks) && toks[i+1] == "vv" {
			exp = "tiet kiem" // tổ TK&VV: tiết kiệm và vay vốn
		}
		if exp == sq[i] {
			// Not expanded: the regional pass may need her marks.
			if _, ok := regionalWords[exp]; ok {
				regional = true
			}
			n.words = append(n.words, exp)
			n.tok = append(n.tok, i)
			continue
		}
		for len(exp) > 0 {
			w := exp
			if k := strings.IndexByte(exp, ' '); k >= 0 {
				w, exp = exp[:k], exp[k+1:]
			} else {
				exp = ""
			}
			if _, ok := regionalWords[w]; ok {
				regional = true
			}
			n.words = append(n.words, w)
			n.tok = append(n.tok, -1)
		}
	}
	if n.decodeLeftKeys() {
		regional = true
	}
	n.undictate() // "vê nê ích", "sốt suất huyết", "50 chiệu" (dictation.go)
	n.changed = false
	if regional && !n.plain {
		n.regionalize()
	}
	start := len(dst)
	for _, w := range n.words {
		if w == breakToken {
			if breaks && len(dst) > start && dst[len(dst)-1] != '|' {
				dst = append(dst, " |"...)
			}
			continue
		}
		if len(dst) > start {
			dst = append(dst, ' ')
		}
		dst = append(dst, w...)
		if finalYAfterConsonants(w) {
			dst[len(dst)-1] = 'i'
		}
	}
	return dst
}

// finalYAfterConsonants reports whether w is consonants followed by a final
// "y" ("ky", "ly", "my"). Vietnamese writes these syllables with i or y
// interchangeably ("đăng ký"/"đăng kí", "lý do"/"lí do"), so Normalize
// writes them with i. After a vowel ("tay", "huy") y is kept.
func finalYAfterConsonants(w string) bool {
	n := len(w)
	if n < 2 || w[n-1] != 'y' {
		return false
	}
	for i := 0; i < n-1; i++ {
		switch c := w[i]; {
		case c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y':
			return false
		case c < 'a' || c > 'z':
			return false
		}
	}
	return true
}

// expandToken returns the expansion of one token: raw as typed, sq with its
// repeated letters squeezed; prev and next are the squeezed neighbours.
func expandToken(prev, raw, sq, next string) string {
	if raw != sq {
		if exp, ok := teencode[raw]; ok { // "dddt" must not be squeezed to "dt"
			return exp
		}
	}
	afterNumber := isNumber(prev)
	switch sq {
	case "vn":
		if next == "eid" {
			return "" // merged into the next token
		}
	case "eid":
		if prev == "vn" {
			return "vneid"
		}
	case "mk":
		if passwordBefore[prev] || passwordAfter[next] {
			return "mat khau"
		}
		return "minh"
	case "dk":
		switch {
		case next == "" || next == breakToken || particlesAfterDK[next]:
			return "duoc"
		case prev == "du" || next == "vay":
			return "dieu kien"
		default:
			return "dang ky"
		}
	case "k", "ko", "kh":
		if afterNumber {
			return "khong"
		}
	case "hong":
		if hipBefore[prev] {
			return "hong" // the hip ("xương hông"), not "không"
		}
	case "c":
		if afterNumber {
			return "co"
		}
	case "s":
		if afterNumber {
			return "sach"
		}
	case "t":
		if afterNumber && len(prev) <= 3 {
			return "tuoi" // "e 40t rồi": an age, not "tôi"
		}
	}
	if exp, ok := teencode[sq]; ok {
		return exp
	}
	if strings.IndexByte(sq, 'j') >= 0 {
		// Vietnamese has no j: teencode writes "gi" as a leading j ("jup" →
		// "giup") and "i" as j elsewhere ("chj" → "chi", "mjnh" → "minh").
		w := "gi" + strings.ReplaceAll(sq[1:], "j", "i")
		if sq[0] != 'j' {
			w = strings.ReplaceAll(sq, "j", "i")
		}
		w = squeeze(w) // "ij" → "ii" → "i"
		if exp, ok := teencode[w]; ok {
			return exp
		}
		sq = w
	}
	if all := squeezeAll(sq); all != sq {
		if exp, ok := teencode[all]; ok {
			return exp
		}
	}
	if exp := swappedInitials(raw); exp != "" {
		return exp
	}
	return sq
}

// swappedInitials returns the expansion of the initials that raw spells
// with two neighbouring letters swapped, a finger slip ("bldg" for "blgd",
// "bhhx" for "bhxh", "ccdc" for "cccd"), or "" when it spells none, or more
// than one. Only a token of four to six letters without a vowel other than
// y is read so (no Vietnamese syllable has no vowel), and only initials of
// two words or more (an abbreviation such as "mjnh" for "minh" is no
// initials).
func swappedInitials(raw string) string {
	n := len(raw)
	if n < 4 || n > 6 {
		return ""
	}
	var buf [6]byte
	b := append(buf[:0], raw...)
	for _, c := range b {
		if c < 'a' || c > 'z' || strings.IndexByte("aeiou", c) >= 0 {
			return ""
		}
	}
	found := ""
	for i := 0; i+1 < n; i++ {
		if b[i] == b[i+1] {
			continue
		}
		b[i], b[i+1] = b[i+1], b[i]
		if exp, ok := teencode[string(b)]; ok && strings.IndexByte(exp, ' ') >= 0 {
			if found != "" && found != exp {
				return ""
			}
			found = exp
		}
		b[i], b[i+1] = b[i+1], b[i]
	}
	return found
}
