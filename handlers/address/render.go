package address

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Render writes text, one of Loa's replies written with "chị" for the
// reader, in the form f (Rewrite). An answer that speaks to a woman about
// herself — her pregnancy, for any reader not called "chị"; her husband,
// her joining the Union as a member, for a man — is not rewritten: "anh
// đang mang thai" is absurd, so a short line says it is for him to pass on,
// and the answer follows as written.
func Render(text string, f Form) string {
	if f == Chi || text == "" {
		return text
	}
	if speaksToHer(text, f) {
		// The hotline line a worrying message gets stays first.
		if hotline, rest, ok := strings.Cut(text, "\n\n"); ok && strings.HasPrefix(hotline, hotlineMark) {
			return Rewrite(hotline, f) + "\n\n" + relayLine(f) + "\n\n" + rest
		}
		return relayLine(f) + "\n\n" + text
	}
	return Rewrite(text, f)
}

// hotlineMark opens the hotline line shown above an answer
// (content.Emergency.Caution).
const hotlineMark = "☎️"

// relayLine says an answer about a woman is for the reader to pass on.
func relayLine(f Form) string {
	return "Dạ, Loa trả lời để " + f.Word() + " chuyển lời giúp người nhà nhé:"
}

// herBody are words of a woman's own pregnancy and childbirth; herLife add
// what only a woman is (a wife, a member of the Union). A sentence with
// them that speaks to the reader as "chị" is about her.
var (
	herBody = []string{"mang thai", "có thai", "có bầu", "mang bầu", "cho con bú", "khám thai", "thai sản", "trước khi sinh",
		"sau sinh", "ở cữ", "sảy thai", "phá thai"}
	herLife = []string{"chồng", "kết nạp", "đơn thân", "là nữ", "là phụ nữ", "lao động nữ"}
)

// speaksToHer reports whether a sentence of text speaks to the reader,
// as "chị", about what is hers alone for a reader called f.
func speaksToHer(text string, f Form) bool {
	for _, s := range sentences(text) {
		if Rewrite(s, f) == s {
			continue // no "chị" for the reader in it
		}
		low := strings.ToLower(s)
		for _, w := range herBody {
			if strings.Contains(low, w) {
				return true
			}
		}
		if f.man() {
			// "vợ chồng", "vợ và chồng" are the couple, his part in it.
			low = strings.NewReplacer("vợ chồng", "", "vợ và chồng", "", "vợ, chồng", "").Replace(low)
			for _, w := range herLife {
				if strings.Contains(low, w) {
					return true
				}
			}
		}
	}
	return false
}

// sentences splits text after . ! ? and line ends.
func sentences(text string) []string {
	return strings.FieldsFunc(text, func(r rune) bool { return r == '.' || r == '!' || r == '?' || r == '\n' })
}

// Rewrite replaces the "chị" of the reader in text by f's pronoun ("Chị"
// at a sentence's start by "Bà"), and leaves every other "chị" alone:
//   - "chị em" (women, sisters), "anh chị", "anh/chị", "các chị", "mấy
//     chị": people, not the reader;
//   - "chị ấy", "chị ta", "chị gái", "chị dâu", "chị họ": someone else;
//   - "chị hội trưởng", "chị tổ trưởng", "chị chi hội trưởng", "chị cán
//     bộ", "chị hàng xóm": a person named by her role; "chị Lan": a name;
//   - anything in quotation marks: a title, or words to be said as written.
//
// "chị (anh)", written for a reader who may be a man, becomes f alone.
func Rewrite(text string, f Form) string {
	if f == Chi || text == "" {
		return text
	}
	text = norm.NFC.String(text)
	toks := tokens(text)
	var b strings.Builder
	quoted := false
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if !t.word {
			quoted = toggleQuotes(quoted, t.text)
			b.WriteString(t.text)
			continue
		}
		if strings.ToLower(t.text) != "chị" || quoted || !forReader(toks, i) {
			b.WriteString(t.text)
			continue
		}
		b.WriteString(sameCase(t.text, f.Word()))
		// "chị (anh)": the bracket is the man's word, now said.
		if i+3 < len(toks) && toks[i+1].text == " (" && strings.ToLower(toks[i+2].text) == "anh" && strings.HasPrefix(toks[i+3].text, ")") {
			b.WriteString(strings.TrimPrefix(toks[i+3].text, ")"))
			i += 3
		}
	}
	return b.String()
}

// tok is a run of letters (a word) or of anything else.
type tok struct {
	text string
	word bool
}

func tokens(text string) []tok {
	var out []tok
	start, inWord := 0, false
	for i, r := range text {
		w := unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
		if i > 0 && w != inWord {
			out = append(out, tok{text: text[start:i], word: inWord})
			start = i
		}
		inWord = w
	}
	if text != "" {
		out = append(out, tok{text: text[start:], word: inWord})
	}
	return out
}

// toggleQuotes follows quotation marks through a run between words.
func toggleQuotes(quoted bool, s string) bool {
	for _, r := range s {
		switch r {
		case '"':
			quoted = !quoted
		case '“', '«':
			quoted = true
		case '”', '»':
			quoted = false
		}
	}
	return quoted
}

// Words around "chị" that make it someone other than the reader.
var (
	pluralBefore = set("các", "những", "mấy", "vài", "nhiều", "hai", "bao")
	othersAfter  = set("em", "ấy", "ta", "kia", "gái", "dâu", "họ", "ruột", "này")
	rolesAfter   = [][]string{{"hội", "trưởng"}, {"tổ", "trưởng"}, {"chi", "hội"}, {"cán", "bộ"}, {"hàng", "xóm"}, {"trưởng"}}
)

// forReader reports whether the "chị" at toks[i] is the reader.
func forReader(toks []tok, i int) bool {
	prev, prevSep := neighbour(toks, i, -1)
	next, nextSep := neighbour(toks, i, +1)
	if prevSep == " " && pluralBefore[strings.ToLower(prev)] {
		return false
	}
	if strings.ToLower(prev) == "anh" && (prevSep == " " || prevSep == "/" || prevSep == ", " || prevSep == " / ") {
		return false // "anh chị", "anh/chị", "anh, chị"
	}
	if nextSep != " " {
		return true
	}
	if othersAfter[strings.ToLower(next)] {
		return false
	}
	if isName(next) {
		return false
	}
	for _, role := range rolesAfter {
		if wordsAt(toks, i+2, role) {
			return false
		}
	}
	return true
}

// neighbour is the word before (dir -1) or after (+1) toks[i] and what
// separates them; "" when there is none.
func neighbour(toks []tok, i, dir int) (w, sep string) {
	j := i + dir
	if j < 0 || j >= len(toks) {
		return "", ""
	}
	sep = toks[j].text
	if j+dir < 0 || j+dir >= len(toks) {
		return "", sep
	}
	return toks[j+dir].text, sep
}

// wordsAt reports whether the words from toks[i] on, one space apart, are
// ws (lower case).
func wordsAt(toks []tok, i int, ws []string) bool {
	for k, w := range ws {
		j := i + 2*k
		if j >= len(toks) || strings.ToLower(toks[j].text) != w {
			return false
		}
		if k > 0 && toks[j-1].text != " " {
			return false
		}
	}
	return true
}

// isName: a capital then lower case ("Lan", "Hoa"); not an abbreviation
// (BHYT) nor a brand (VNeID).
func isName(w string) bool {
	r, size := utf8.DecodeRuneInString(w)
	return size < len(w) && unicode.IsUpper(r) && w[size:] == strings.ToLower(w[size:])
}

// sameCase writes w as model is written: "Chị" → "Bà", "CHỊ" → "BÀ".
func sameCase(model, w string) string {
	switch {
	case model == strings.ToUpper(model):
		return strings.ToUpper(w)
	case isName(model):
		return capitalized(w)
	}
	return w
}
