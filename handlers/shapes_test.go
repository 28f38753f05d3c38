package handlers_test

import (
	"strings"
	"testing"
)

// A member who asks how two things differ, where the knowledge base has one
// entry for each, gets both answers, each with its source, instead of a
// choice between the two things she asked about.
func TestAComparisonGetsBothAnswersEachWithItsSource(t *testing.T) {
	t.Parallel()
	r := newQRig(t)
	q := "ngôi nhà bình yên với địa chỉ tin cậy thì khác gì nhau ạ"
	ans := r.lib.KB().Ask(q)
	if len(ans.Entries) != 2 {
		t.Fatalf("the knowledge base no longer answers %q with two entries; pick another example", q)
	}
	got := r.say(attNobody, q)
	if len(got) != 2 {
		t.Fatalf("want two answers, got %d:\n%s", len(got), allText(got))
	}
	for i, e := range ans.Entries {
		if !strings.HasPrefix(got[i].Text, strings.TrimSpace(e.Answer)) || !strings.Contains(got[i].Text, "Nguồn: ") {
			t.Errorf("answer %d is not %s with its source:\n%s", i+1, e.ID, got[i].Text)
		}
	}
}

// A loan question with an amount, a purpose and "trả góp" is never told it
// lies outside the Union's work (the web chat told her so).
func TestALoanQuestionWithAnAmountIsNotOutOfScope(t *testing.T) {
	t.Parallel()
	r := newQRig(t)
	for _, q := range []string{"vay 30 trieu nuoi heo tra gop moi thang bao nhieu", "e muon vay 50 trieu lam vuon thi lai bao nhieu 1 thang"} {
		if text := allText(r.say(attNobody, q)); strings.Contains(text, "nằm ngoài việc của Hội") {
			t.Errorf("%q told it is out of scope:\n%s", q, text)
		}
	}
	if text := allText(r.say(attNobody, "vay tien fe credit mua dien thoai tra gop lai bn")); !strings.Contains(text, "nằm ngoài việc của Hội") {
		t.Errorf("consumer credit at a finance company not declined:\n%s", text)
	}
}
