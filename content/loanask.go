package content

import "slices"

// A member who asks about borrowing is asking about the Union's work: the
// Union takes in trust the loans of the Bank for Social Policies (NHCSXH)
// through its savings and loan groups, and runs TYM and its own funds.
// The off-topic material teaches the entry classifier that a loan of
// "50 triệu", "trả góp", "mỗi tháng bao nhiêu" is consumer credit ("vay
// fe credit mua điện thoại trả góp"), and it learns the amounts and the
// farm words ("nuôi heo", "gà", "vườn") as off-topic together with the
// prices of pigs and plots those files also hold: "vay 30 triệu nuôi heo
// trả góp mỗi tháng bao nhiêu" was told it lay outside the Union's work
// (helper shape13's probe of the classifier's weights). Being told so is
// worse than any fallback for a member with a loan to ask about, so a loan
// question is never judged off-topic on the classifier's word alone: it
// gets its entry, a choice, or the honest fallback that staff see. A loan
// that names consumer credit (a finance company, a credit card, a
// commercial bank by name, a phone, a motorbike or a fridge to buy) is
// left to the classifier, which declines it as before.

// loanAsked reports whether the message (normalised syllables, before typo
// correction: "iphone" must stay "iphone") asks about borrowing for
// something other than consumer credit.
func loanAsked(words []string) bool {
	return borrows(words) && !hasPhrase(words, consumerCredit)
}

// consumerCreditAsked reports whether the message asks about credit the
// Union has no part in: a loan, an instalment plan or a credit card that
// names consumer credit ("vay tín chấp theo lương", "mua iphone trả góp",
// "nợ xấu … vay ngân hàng"). Such a message left unanswered is not worth a
// follow-up by staff (Answer.InScope), however many of the knowledge
// base's loan words it shares; one that names a programme of the Union
// still is.
//
// A loan that names only a thing bought ("vay nuôi heo mà mua xe") may be
// the policy bank's loan misspent: only an instalment plan or a card makes
// goods consumer credit here.
func consumerCreditAsked(words []string) bool {
	credit := hasPhrase(words, creditProducts)
	return (borrows(words) || credit) && hasPhrase(words, consumerLenders) || credit && hasPhrase(words, consumerGoods)
}

// borrows reports whether "vay" in the message is the loan, not the
// particle "vậy" or a dress.
func borrows(words []string) bool {
	for i, w := range words {
		if w != "vay" {
			continue
		}
		next := words[i+1:]
		if len(next) > 0 && isNumber(next[0]) || startsWithAny(next, loanNext) || i > 0 && loanPrev[words[i-1]] {
			return true
		}
	}
	return false
}

// creditProducts are ways of buying on credit other than a loan.
var creditProducts = [][]string{{"tra", "gop"}, {"the", "tin", "dung"}}

// startsWithAny reports whether words begin with one of phrases.
func startsWithAny(words []string, phrases [][]string) bool {
	for _, p := range phrases {
		if len(p) <= len(words) && equalWords(words[:len(p)], p) {
			return true
		}
	}
	return false
}

// loanNext are what follows "vay" when it is the loan and not the
// particle "vậy" ("là sao vậy", "vậy làm sao", "vậy tôi") or a dress
// ("váy"): the loan's capital, an amount, a lender, a programme, or its
// purpose ("vay nuôi heo", "vay mở tiệm", "vay cho con đi học").
var loanNext = [][]string{
	{"von"}, {"tien"}, {"trieu"}, {"ty"}, {"ngan", "hang"}, {"nhcsxh"}, {"uu", "dai"}, {"chinh", "sach"},
	{"ho", "ngheo"}, {"ho", "can"}, {"tym"}, {"cep"}, {"quy"}, {"qua", "hoi"}, {"qua", "to"}, {"them"},
	{"tin", "chap"}, {"the", "chap"}, {"nuoi"}, {"trong"}, {"mo"}, {"xay"}, {"sua"}, {"mua"},
	{"cho", "con"}, {"lam", "vuon"}, {"lam", "nha"}, {"lam", "an"}, {"lam", "ruong"}, {"lam", "ray"},
	{"de", "nuoi"}, {"de", "lam"}, {"de", "mo"}, {"de", "trong"}, {"di", "xuat"}, {"di", "lao"},
	{"nuoc", "sach"}, {"giai", "quyet"}, {"xuat", "khau"}, {"khoang"}, {"bao", "nhieu"},
}

// loanPrev are the syllables before which "vay" is the loan: "muốn vay",
// "cho vay", "xin vay", "khoản vay", "vốn vay", "định vay" ("đang vậy" is
// "đắng vậy").
var loanPrev = map[string]bool{
	"muon": true, "cho": true, "xin": true, "khoan": true, "can": true, "dinh": true, "von": true,
}

// consumerCredit marks a loan the Union has no part in: a lender's own
// product (consumerLenders) or consumer goods bought on credit
// (consumerGoods). These stay with the classifier's off-topic verdict.
var consumerCredit = append(slices.Clone(consumerLenders), consumerGoods...)

// consumerLenders are finance companies, credit cards, commercial banks by
// name, and a loan by an app or online, for consumption, against a salary
// or a pawned thing, or a credit-bureau record: the policy bank lends
// through the savings group, never so.
var consumerLenders = [][]string{
	{"credit"}, {"fe"}, {"saison"}, {"mcredit"}, {"finance"}, {"tima"}, {"the", "tin", "dung"},
	{"agribank"}, {"vietcombank"}, {"bidv"}, {"vietinbank"}, {"techcombank"}, {"vpbank"}, {"mbbank"},
	{"sacombank"}, {"acb"}, {"tpbank"}, {"shb"}, {"hdbank"}, {"vib"}, {"seabank"}, {"lpbank"},
	{"app"}, {"online"}, {"tieu", "dung"}, {"theo", "luong"}, {"sao", "ke"}, {"cam", "do"}, {"no", "xau"},
}

// consumerGoods are things bought on credit at a shop.
var consumerGoods = [][]string{
	{"xe"}, {"o", "to"}, {"oto"}, {"dien", "thoai"}, {"iphone"}, {"laptop"}, {"may", "tinh"},
	{"tu", "lanh"}, {"may", "giat"}, {"tivi"}, {"ti", "vi"}, {"may", "lanh"}, {"dieu", "hoa"},
	{"noi", "that"}, {"honda"}, {"sh"},
}

// appendWords appends the space-separated syllables of the normalised text
// to words, as views into text (no allocation once words has grown).
func appendWords(words []string, text []byte) []string {
	start := -1
	for i, c := range text {
		switch {
		case c == ' ' && start >= 0:
			words = append(words, bytesString(text[start:i]))
			start = -1
		case c != ' ' && start < 0:
			start = i
		}
	}
	if start >= 0 {
		words = append(words, bytesString(text[start:]))
	}
	return words
}
