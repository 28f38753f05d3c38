package content

import (
	"path/filepath"
	"strings"
	"testing"
)

// smallTalkOf is smallTalkKind of a message as Ask reads it: its
// normalised syllables as typed.
func smallTalkOf(text string) string {
	var n normalizer
	return smallTalkKind(strings.Fields(string(n.appendNormalized(nil, text, true))))
}

// TestSmallTalkKindNeverTakesAQuestion reads every training question of
// content/train/faq (questions members ask, each about an entry): none is
// small talk. And the small talk of the used-up blind sets
// (train/safety-smalltalk-*.yaml), plus complaints about Loa, questions
// about her addressed as "c"/"chị"/"em" and goodbyes with a reason, is.
func TestSmallTalkKindNeverTakesAQuestion(t *testing.T) {
	t.Parallel()
	files, _ := filepath.Glob("train/faq/*.yaml")
	if len(files) == 0 {
		t.Fatal("no training questions")
	}
	n, taken := 0, 0
	for _, f := range files {
		for _, d := range readTrainingBlocks(t, f) {
			for _, x := range d.Examples {
				n++
				// A question about Loa herself (entries loa-*) is the
				// "bot" small talk, whose reply says what Loa is.
				if k := smallTalkOf(x); k != "" && !(k == "bot" && strings.HasPrefix(d.Entry, "loa-")) {
					taken++
					t.Errorf("%s (%s): %q taken for small talk %q", f, d.Entry, x, k)
				}
			}
		}
	}
	msgs := trainingSmallTalk(t)
	read := 0
	for _, m := range msgs {
		if smallTalkOf(m) != "" {
			read++
		} else {
			t.Logf("not small talk: %q", m)
		}
	}
	t.Logf("training questions taken for small talk: %d of %d; blind small talk read as such: %d of %d", taken, n, read, len(msgs))
	// suggest10 (smallTalkRead): 81 → 90 of 90 read as such, still none of
	// 6,137 training questions taken.
	if read < len(msgs) {
		t.Errorf("blind small talk read as such: %d of %d", read, len(msgs))
	}
	for _, c := range []struct{ text, want string }{
		{"bot gì mà trả lời ngu thế, hỏi hoài không hiểu", "insult"},
		{"trả lời chậm quá, chán ghê", "complaint"},
		{"c ơi c tên gì, bao nhiêu tuổi", "bot"},
		{"em ơi em bao nhiêu tuổi rồi", "bot"},
		{"thôi e đi nấu cơm đây, bye c", "goodbye"},
		{"thôi chị đi làm đây nha", "goodbye"},
		{"có ai ở đó không", "greeting"},
		{"co ai ko", "greeting"},
		// session 18, from the development sets' misses: "ẹc" after a
		// fault, and faults said in two words
		{"dở ẹc", "complaint"},
		{"hỏi gì cũng trả lời lòng vòng, chán ghê", "complaint"},
		{"tra loi dai thong", "complaint"},
		{"duong vo ap long vong kho kiem, hoi o dau", ""},
		{"có ai không ạ", "greeting"},
		{"co ai ko cuu e voi", ""},
		{"có ai không giúp em với", ""},
		{"mày là bot hả", "bot"},
		// v15: whether she is a person, "thiệt" between the two; praise
		// of how she talks.
		{"Loa là người thật hay máy vậy", "bot"},
		{"bot nói chuyện dẻo ghê", "thanks"},
		{"máy thiệt hay người z", "bot"},
		{"bánh dẻo mua ở đâu", ""},
		// A call with nothing else waits for the question (the web chat
		// answered "c ơi" with the fallback and a promise of follow-up,
		// "loa oi e hoi chut" with the ambulance line).
		{"c ơi", "greeting"},
		{"chị ơi có ở đó không", "greeting"},
		{"loa oi e hoi chut", "greeting"},
		{"chị ơi em muốn hỏi vay vốn", ""},
		{"c oi cuu e", ""},
		// "dạ" after an answer: she has read it (playmember14: it got
		// a list of questions she did not ask).
		{"dạ", "thanks"},
		{"dạ ạ", "thanks"},
		{"ừ", "thanks"},
		{"dạ em muốn hỏi vay vốn", ""},
		// Questions with the same words stay questions.
		{"em 45 tuổi", ""},
		{"con em 15 tuổi tên gì cũng được vay không", ""},
		{"chấm điểm 5 có 3 sạch thế nào", ""},
		{"chặn số lạ sao chị", ""},
		{"thôi việc thì bhxh tính sao", ""},
		{"thôi em đi vay ở đây được không", ""},
		{"cho con ăn bột mấy tháng", ""},
		{"chị ơi chồng em 40 tuổi", ""},
	} {
		if got := smallTalkOf(c.text); got != c.want {
			t.Errorf("smallTalkKind(%q) = %q, want %q", c.text, got, c.want)
		}
	}
}

// TestSmallTalkKindReadsShapes: small talk whose words no used-up blind set
// had, told by its shape (issue 9, point 2: v13's "bot co phai nguoi ko
// vay", "bye nhen, mai e hoi tiep", "tra loi gi ma ngu vay troi", "tra loi
// lau qua, cho hoai" were read as questions, the last as a VNeID entry):
// whether Loa is a person, a fault of her answer or her speed, praise,
// waiting, asking again later, thanks with an errand. Questions with the
// same words, addressed to Loa or not, stay questions.
func TestSmallTalkKindReadsShapes(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ text, want string }{
		{"ad la nguoi that hay may vay", "bot"},
		{"chị ơi chị có phải là người không", "bot"},
		{"mình đang nói chuyện với máy hả", "bot"},
		{"em oi em phai nguoi ko", "bot"},
		{"rep lâu thế", "complaint"},
		{"sao tra loi sai hoai vay", "complaint"},
		{"trả lời gì kỳ cục vậy trời", "complaint"},
		{"doi nay gio ma chua thay rep", "complaint"},
		{"noi hoai ma ko hieu", "complaint"},
		{"bot ko biet gi het", "complaint"},
		{"tra loi nhanh ghe, cam on nha", "thanks"},
		{"loa thong minh qua", "thanks"},
		{"thanks c, de e ve noi ck", "thanks"},
		{"ok c, lat e hoi tiep", "thanks"},
		{"thoi nha, hen gap lai c", "goodbye"},
		// safety13 (v14's "Loa ơi kể chuyện cười e nghe đi, buồn quá", "bot
		// ơi bot có mệt ko", "sao tra loi cham qua vay, cho muon mon" and a
		// long thanks with its story): asking her to play, how she feels,
		// waiting "till worn out", thanks followed by the help received.
		{"loa oi hat cho e nghe di", "play"},
		{"bot ơi kể chuyện đi, chán quá", "play"},
		{"Loa có buồn không", "bot"},
		{"ad ơi ad có mệt không", "bot"},
		{"chờ muốn mòn luôn á", "complaint"},
		{"đợi mòn luôn", "complaint"},
		{"cảm ơn chị nhiều, nhờ chị mà em làm được thẻ bhyt cho con rồi, mừng quá", "thanks"},
		{"tks c nha, e goi dc roi, ho giup e xong het roi", "thanks"},
		// Questions with the same words stay questions.
		{"bot ơi vay vốn hộ nghèo lãi bao nhiêu", ""},
		{"ad oi the bhyt cua con lam o dau", ""},
		{"hồ sơ vay chờ hoài chưa duyệt", ""},
		{"vneid cho duyet lau qua", ""},
		{"ai la nguoi xet ho ngheo", ""},
		{"người thật việc thật là phong trào gì", ""},
		{"cam on c, cho e hoi mai am xin o dau", ""},
		{"e hoi lai ai", ""},
		{"kể chuyện cho con nghe trước khi ngủ có lợi gì", ""},
		{"Loa ơi kể chuyện cho con nghe có lợi gì không", ""},
		{"em có mệt không", ""},
		{"chờ mòn mỏi mà hồ sơ chưa duyệt", ""},
		{"cảm ơn chị, nhờ chị em biết rồi, mà làm thẻ ở đâu", ""},
		{"cảm ơn chị, em được giúp rồi, giờ em muốn vay thêm", ""},
		{"cảm ơn chị, hồ sơ xong rồi, cho em hỏi khi nào nhận tiền", ""},
		{"chồng nói em ngu hoài có phải bạo lực không", ""},
		{"khai sinh ghi sai tên con sửa ở đâu", ""},
		{"trả lời tin nhắn lạ có bị lừa không", ""},
		{"đóng bhyt trễ quá có sao không", ""},
		// Waiting for someone who is not back is no complaint about Loa.
		{"đợi lâu quá mà con chưa về", ""},
		{"em chờ hoài không thấy con về", ""},
	} {
		if got := smallTalkOf(c.text); got != c.want {
			t.Errorf("smallTalkKind(%q) = %q, want %q", c.text, got, c.want)
		}
	}
}

// TestSmallTalkKindReadsClauses (smalltalk18): thanks, a greeting or a
// goodbye with a clause of her own — what she does next, how she feels, a
// bit of news — is small talk of the opening's kind; a goodbye, a request
// to play and a complaint about Loa have kinds of their own. A clause
// that asks, wants, regrets or uses a word outside the harmless lists
// keeps the message out of small talk, and so does a clause alone.
func TestSmallTalkKindReadsClauses(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ text, want string }{
		{"cam on c, sang mai e len uy ban nop don", "thanks"},
		{"dạ cảm ơn chị, giờ em hết lo rồi", "thanks"},
		{"ok thanks c, de e ve ban voi ck", "thanks"},
		{"chào chị, em mới vô nhóm hội", "greeting"},
		{"hello loa, lau roi moi vo", "greeting"},
		{"thôi em về nấu cơm đây", "goodbye"},
		{"thoi toi roi e di ngu day nha", "goodbye"},
		{"e phai ve cho ga an roi, bye c", "goodbye"},
		{"hẹn bữa khác nha c", "goodbye"},
		{"tam biet loa", "goodbye"},
		{"loa hat cho e nghe 1 bai", "play"},
		{"c co bo chua", "play"},
		{"đố vui em đi", "play"},
		{"trả lời gì mà dài quá trời", "complaint"},
		{"noi kho hieu qua", "complaint"},
		{"bot nay vo dung", "complaint"},
		{"chậm như rùa bò", "complaint"},
		// Not small talk: a clause alone, a clause that asks, wants or
		// regrets, words outside the harmless lists, someone else coming.
		{"sang mai e len uy ban nop don", ""},
		{"cam on c, sang mai e len uy ban nop don duoc khong", ""},
		{"cảm ơn chị, nhưng em chưa hiểu", ""},
		{"cảm ơn chị, em muốn làm thẻ cho mẹ", ""},
		{"cảm ơn chị, em định kết thúc hết tối nay", ""},
		{"thôi em đi uống thuốc ngủ đây", ""},
		{"thôi ck e về đây", ""},
		{"cam on c, the bhyt cua e het han roi", ""},
		{"chào chị, em ở đây một mình sợ quá", ""},
		{"hát ru cho bé ngủ ngon có tốt không", ""},
		{"ck e co bo, e phai lam sao", ""},
		{"ck khong noi chuyen voi em", ""},
		{"cam on c, e so lam", ""},
		{"cảm ơn chị, chồng em về rồi", ""},
		{"thôi em đi tự tử đây", ""},
		{"chào chị, bé rơi xuống bể rồi", ""},
		// A farewell for ever is never small talk.
		{"tạm biệt mọi người, em đi xa đây", ""},
		{"thôi em về với ông bà đây", ""},
		{"thôi em đi ngủ luôn đây, mãi mãi", ""},
		{"cam on c, kiep sau gap lai", ""},
		{"hồ sơ dài quá làm sao cho nhanh", ""},
		{"xã làm chậm như rùa, khiếu nại ở đâu", ""},
	} {
		if got := smallTalkOf(c.text); got != c.want {
			t.Errorf("smallTalkKind(%q) = %q, want %q", c.text, got, c.want)
		}
	}
}
