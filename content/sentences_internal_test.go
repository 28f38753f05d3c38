package content

import (
	"slices"
	"strings"
	"testing"
)

// TestAsksStrictlyTellsTheQuestionFromTheStory checks which sentences of a
// member's message ask: a story sentence holding "không", "muốn" or a
// negated "gì" does not; a sentence ending on a question word, or holding
// a phrase that asks, does.
func TestAsksStrictlyTellsTheQuestionFromTheStory(t *testing.T) {
	for _, c := range []struct {
		s    string
		asks bool
	}{
		{"Nhà cửa gọn gàng, không ai vi phạm gì", false},
		{"em muốn vay tiền mua bò nuôi", false},
		{"38 tuổi rồi chưa đóng bảo hiểm xã hội ngày nào", false},
		{"mấy chị trong ấp ai cũng nuôi gà", false},
		{"tới 60 có lương hưu không chị", true},
		{"mỗi tháng đóng ít nhất bao nhiêu", true},
		{"giờ em phải làm giấy gì ạ", true},
		{"em không biết phải làm gì", true},
		{"e vay dc ko c", true},
		{"thủ tục làm ở đâu vậy chị", true},
		{"Cho em hỏi thủ tục vay", true},
	} {
		toks := strings.Fields(Normalize(c.s))
		if got := asksStrictly(toks); got != c.asks {
			t.Errorf("asksStrictly(%q) = %v, want %v", c.s, got, c.asks)
		}
	}
}

// TestStorySentencesWeighLess checks that in a long message the sentences
// that only tell the story weigh contextWeight and the one that asks
// weighs fully, even when the story holds "không" or "muốn".
func TestStorySentencesWeighLess(t *testing.T) {
	p := defaultParams()
	var n normalizer
	text := "Em bán tạp hóa ở nhà, 38 tuổi rồi chưa đóng bảo hiểm ngày nào. Em muốn lo cho tuổi già. Giờ đóng tự nguyện thì mỗi tháng ít nhất bao nhiêu?"
	toks := strings.Fields(string(n.appendNormalized(nil, text, true)))
	mul := weighSentences(toks, nil, &p)
	weight := func(word string) float32 {
		for i, t := range toks {
			if t == word {
				return mul[i]
			}
		}
		t.Fatalf("%q not in %q", word, toks)
		return 0
	}
	if w := weight("tap"); w != p.contextWeight {
		t.Errorf("story word 'tạp' weighs %v, want %v", w, p.contextWeight)
	}
	if w := weight("gia"); w != p.contextWeight {
		t.Errorf("story word 'già' (a sentence with 'muốn') weighs %v, want %v", w, p.contextWeight)
	}
	if w := weight("thang"); w != 1 {
		t.Errorf("asking word 'tháng' weighs %v, want 1", w)
	}
}

// TestClauseRolesWeighTheNeed checks the clause roles of a message in
// short clauses (clauses.go): her introduction weighs introWeight, a need
// is the question when nothing else asks, and a question that names no
// subject ("vay được không", "hội giúp sao") gives full weight back to the
// need before it, not to a life detail further back.
func TestClauseRolesWeighTheNeed(t *testing.T) {
	p := defaultParams()
	for _, c := range []struct {
		text string
		want map[string]float32 // a syllable → its weight
	}{
		{"Tôi người Ê Đê. Nhà có rẫy điều. Muốn vay tiền mua bò. Vay được không",
			map[string]float32{"de": p.introWeight, "ray": p.contextWeight, "bo": 1, "duoc": 1}},
		{"em không biết chữ nhiều. chồng đi làm xa. muốn vô hợp tác xã",
			map[string]float32{"chu": p.introWeight, "tac": 1, "lam": p.contextWeight}},
		{"Mấy chị trong buôn dệt thổ cẩm. Bán ở chợ ít người mua. Muốn bán xa hơn. Hội giúp sao",
			map[string]float32{"det": p.contextWeight, "mua": p.contextWeight, "hon": 1, "giup": 1}},
		// A question that names its subject borrows nothing.
		{"Nhà em nuôi heo. Em muốn lo cho tuổi già. Đóng bảo hiểm xã hội tự nguyện mỗi tháng bao nhiêu",
			map[string]float32{"heo": p.contextWeight, "gia": p.contextWeight, "thang": 1}},
		// "chi hội" names the Union's branch, though it folds to "chị hỏi".
		{"Em mới chuyển nhà. Ở xã mới chưa quen ai. Chi hội ở đâu",
			map[string]float32{"chuyen": p.contextWeight, "quen": p.contextWeight}},
	} {
		var n normalizer
		toks := strings.Fields(string(n.appendNormalized(nil, c.text, true)))
		mul := weighSentences(toks, nil, &p)
		for word, w := range c.want {
			i := slices.Index(toks, word)
			if i < 0 {
				t.Fatalf("%q not in %q", word, toks)
			}
			if mul[i] != w {
				t.Errorf("%q: %q weighs %v, want %v", c.text, word, mul[i], w)
			}
		}
	}
}

// TestIntroClauseIsOnlyAnIntroduction checks that a clause about her
// people or her reading is an introduction, and that one asking or
// wanting something is not.
func TestIntroClauseIsOnlyAnIntroduction(t *testing.T) {
	for _, c := range []struct {
		s     string
		intro bool
	}{
		{"Tôi người S'tiêng", true},
		{"em là người dân tộc Chơ Ro", true},
		{"không biết chữ nhiều", true},
		{"tui ít học", true},
		{"tôi là người dân tộc có được vay không", false},
		{"tôi dân tộc muốn vay vốn", false},
		{"muốn học chữ", false},
		{"người ta vứt rác xuống suối", false},
	} {
		toks := strings.Fields(Normalize(c.s))
		if got := introClause(toks); got != c.intro {
			t.Errorf("introClause(%q) = %v, want %v", c.s, got, c.intro)
		}
	}
}
