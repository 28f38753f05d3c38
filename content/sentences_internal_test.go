package content

import (
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
