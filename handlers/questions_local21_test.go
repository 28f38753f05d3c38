package handlers_test

import (
	"strings"
	"testing"
)

// A question of her commune's own fact ("ngày giao dịch ở điểm xã … tháng
// này", "ĐCTC ở xã … là nhà ai") gets the general answer, then one honest
// line that Loa does not hold that commune's specific, and it goes on to
// her branch as an unanswered question does; a general question on the
// same topic gets its answer alone.
func TestALocalSpecificGetsTheGeneralAnswerAndAnHonestWordAndReachesTheHead(t *testing.T) {
	t.Parallel()
	r := newQRig(t)
	const q = "Ngày giao dịch ngân hàng chính sách ở điểm xã Tân Phú tháng này là ngày mấy vậy chị"
	got := r.say(attMember, q)
	if len(got) < 2 || strings.Contains(got[0].Text, "Loa không nắm được") {
		t.Fatalf("want the general answer first, then the line:\n%s", allText(got))
	}
	last := got[len(got)-1]
	for _, w := range []string{"Còn ngày giờ cụ thể ở địa phương chị thì Loa không nắm được ạ.", "chuyển câu hỏi tới chi hội của chị (Chi hội Ấp 1)"} {
		if !strings.Contains(last.Text, w) {
			t.Fatalf("want %q in the last reply:\n%s", w, allText(got))
		}
	}
	if len(last.Buttons) == 0 {
		t.Errorf("the related buttons belong under the last reply:\n%s", allText(got))
	}
	// The head finds it in her queue, as she finds an unanswered one.
	expect(t, "queue", r.say(attHead, "/cauhoi"), "Có 1 câu hỏi", q)

	// A general question of the same topic: the answer alone.
	for _, general := range []string{"Muốn vay vốn ngân hàng chính sách thì làm thủ tục gì chị", "Ở xã em có được vay vốn hộ nghèo không chị"} {
		if txt := allText(r.say(attMember2, general)); strings.Contains(txt, "Loa không nắm được") || strings.Contains(txt, "chuyển câu hỏi") {
			t.Errorf("%q got the local line:\n%s", general, txt)
		}
	}
	// Someone Loa cannot hand it to is told whom to ask.
	expect(t, "not registered", r.say(attNobody, "ĐCTC o xa Tan Loi la nha ai, sdt bn"),
		"Còn số điện thoại cụ thể ở địa phương chị thì Loa không có ạ.", "Chị hỏi chi hội trưởng hoặc Hội LHPN xã, phường nơi chị ở")
	// A result of this year's round, tied to no place.
	expect(t, "this round", r.say(attOther, "cuộc thi khởi nghiệp tỉnh năm nay ai đoạt giải nhất"),
		"Còn danh sách, kết quả cụ thể của đợt này thì Loa không nắm được ạ.")
}
