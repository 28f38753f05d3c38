// Package address is how Loa calls the person she talks with. Vietnamese
// has no neutral "you": the word is a kinship term that says who is older
// and who is a man. Loa calls every member "chị", which suits most of them,
// but an old woman who writes "bà hỏi tí … không cháu" is slighted by it,
// and a man asking for his wife is not a "chị" at all.
//
// Tell reads, from one message, how the writer calls herself (or calls
// Loa); Render writes a reply of Loa's, composed with "chị", in that form.
// "chị" stays the default and the answer whenever a message is unclear: a
// wrong "bà" offends more than a plain "chị".
package address

import "strings"

// Form is a form of address, as its id is kept between messages
// (store.RememberAddress). The zero Form is "chị".
type Form string

// The forms Loa uses. Chi is the default.
const (
	Chi Form = ""
	Ba  Form = "ba"  // bà: an old woman ("bà hỏi", calls Loa "cháu")
	Co  Form = "co"  // cô: an older woman ("cô hỏi", calls Loa "con")
	Bac Form = "bac" // bác: an elder, woman or man
	Anh Form = "anh" // anh: a man ("vợ tôi", "tôi là đàn ông")
	Chu Form = "chu" // chú: a middle-aged man who says "chú hỏi"
	Ong Form = "ong" // ông: an old man who says "ông hỏi"
)

// words are the pronouns each form is written with.
var words = map[Form]string{Chi: "chị", Ba: "bà", Co: "cô", Bac: "bác", Anh: "anh", Chu: "chú", Ong: "ông"}

// Parse is the Form of a kept id; an unknown id (a form dropped in a newer
// version) is Chi.
func Parse(id string) Form {
	if _, ok := words[Form(id)]; ok {
		return Form(id)
	}
	return Chi
}

// Word is the pronoun of f in lower case: "bà", "anh", "chị".
func (f Form) Word() string {
	if w, ok := words[f]; ok {
		return w
	}
	return words[Chi]
}

// man: the form is a man's. Loa's answers speak to a woman about her own
// husband, pregnancy or membership; such an answer is passed on to him
// as written (see Render).
func (f Form) man() bool { return f == Anh || f == Chu || f == Ong }

// capitalized is w with its first letter upper-case.
func capitalized(w string) string {
	r := []rune(w)
	return strings.ToUpper(string(r[:1])) + string(r[1:])
}
