package content_test

import (
	"testing"

	"loa/content"
)

// TestLoanQuestionsAreNeverOutOfScope: a member who asks about a loan for
// her farm, her animals, a shop, school or a house, with an amount, "trả
// góp" or "mỗi tháng", is asking about the Union's work (the policy bank's
// loans it takes in trust): she gets an entry, a choice, or the honest
// fallback that staff see, never "outside the Union's work". A loan for a
// phone or a motorbike at a finance company or on a credit card is still
// declined. The first three were told "ngoài việc của Hội" on the web chat.
func TestLoanQuestionsAreNeverOutOfScope(t *testing.T) {
	t.Parallel()
	lib, err := content.NewLibrary("")
	if err != nil {
		t.Fatal(err)
	}
	kb := lib.KB()
	inScope := []string{
		"e muon vay 50 trieu lam vuon thi lai bao nhieu 1 thang",
		"vay 30 trieu nuoi heo tra gop moi thang bao nhieu",
		"vay 50 trieu lai bao nhieu",
		"Chị ơi em định vay 45 triệu mở quán tạp hóa, góp hằng tháng được không?",
		"xin vay 25tr nuoi vit co can so do ko",
	}
	for _, q := range inScope {
		a := kb.Ask(q)
		if declined(a) {
			t.Errorf("loan question told it is outside the Union's work: %q", q)
		}
	}
	consumer := []string{
		"vay 20 trieu mua dien thoai tra gop o fe credit lai bao nhieu",
		"muon vay home credit 15 trieu mua tu lanh tra gop moi thang bao nhieu",
		"vay tra gop mua xe may o hd saison can giay to gi",
	}
	for _, q := range consumer {
		if a := kb.Ask(q); !declined(a) {
			t.Errorf("consumer credit not declined: %q: entries %v clarify %v in scope %v", q, ids(a.Entries), ids(a.Clarify), a.InScope)
		}
	}
}

// TestConsumerCreditIsNoFollowUp: a question about a lender's own credit
// (against a salary, by an app, a credit card, a bad-debt record) shares
// the loan entries' words, but staff cannot follow it up: unanswered, it is
// not marked in scope. A loan through the policy bank that names a bought
// thing ("vay nuôi heo mà mua xe") still is the Union's business.
func TestConsumerCreditIsNoFollowUp(t *testing.T) {
	t.Parallel()
	lib, err := content.NewLibrary("")
	if err != nil {
		t.Fatal(err)
	}
	kb := lib.KB()
	for _, q := range []string{
		"bị nợ xấu ở công ty tài chính thì bao lâu vay ngân hàng lại được",
		"đang có nợ xấu thì vay tiền mua xe trả góp được không",
	} {
		if a := kb.Ask(q); !declined(a) {
			t.Errorf("consumer credit not declined: %q: entries %v clarify %v in scope %v", q, ids(a.Entries), ids(a.Clarify), a.InScope)
		}
	}
	q := "vay ngân hàng chính sách để nuôi heo mà lỡ lấy tiền mua xe thì có sao không"
	if a := kb.Ask(q); declined(a) {
		t.Errorf("policy-bank loan told it is outside the Union's work: %q", q)
	}
}

// declined reports whether the handlers tell her the message lies outside
// the Union's work: no entry, no choice, no small talk, not in scope.
func declined(a content.Answer) bool {
	return a.Emergency == nil && len(a.Entries) == 0 && len(a.Clarify) == 0 && a.SmallTalk == "" && !a.InScope
}
