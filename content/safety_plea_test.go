package content_test

import (
	"slices"
	"testing"

	"loa/content"
	"loa/internal/testkit"
)

// habitualPleas tell of violence at home that keeps coming back and ask
// what to do, in regional speech or without marks, with nothing acute in
// them (issue 9, point 1). Written for this test, not taken from a blind
// set or the training material.
var habitualPleas = []string{
	"ổng đánh tui hoài mà tui hổng dám bỏ đi vì tụi nhỏ còn nhỏ quá, tui nên mần răng chị",
	"chong tui xin ve la danh tui miet, tui hong co cho nao di, tui phai lam sao chi",
	"mấy năm nay ảnh đánh tui suốt, tui không dám nói với ai, giờ tui phải làm gì hả chị",
}

// TestAHabitualPleaGetsTheLineAndTheAnswer: she gets the hotline line, 113
// first, AND the answer on what a victim can do — not the script instead of
// any answer, and not the line above "no answer".
func TestAHabitualPleaGetsTheLineAndTheAnswer(t *testing.T) {
	t.Parallel()
	kb := testkit.EmbeddedLibrary(t).KB()
	victims := []string{"blgd-nan-nhan-lam-gi", "blgd-bao-tin-o-dau", "blgd-tam-lanh", "blgd-ngoi-nha-binh-yen"}
	for _, q := range habitualPleas {
		ans := kb.Ask(q)
		if ans.Emergency != nil || ans.Caution == nil {
			t.Errorf("%q: script %v, line %v; want the line and no script", q, ans.Emergency != nil, ans.Caution != nil)
			continue
		}
		if h := hotlineOf(ans.Caution.Caution); h != "113" {
			t.Errorf("%q: line's first hotline %s, want 113", q, h)
		}
		if len(ans.Entries) == 0 || !slices.Contains(victims, ans.Entries[0].ID) {
			t.Errorf("%q: entries %v, want one of %v", q, ids(ans.Entries), victims)
		}
	}
}

// TestAnAcutePleaKeepsTheScript: the same plea told with harm now (a blow
// tonight, blood, a knife) keeps the script.
func TestAnAcutePleaKeepsTheScript(t *testing.T) {
	t.Parallel()
	kb := testkit.EmbeddedLibrary(t).KB()
	for _, q := range []string{
		"ổng đang đánh tui hoài, máu chảy quá trời, tui phải làm sao chị",
		"ck e cam dao doi giet e, ngay nao cung danh e, e phai lam sao",
	} {
		if ans := kb.Ask(q); ans.Emergency == nil || hotlineOf(ans.Emergency.Answer) != "113" {
			t.Errorf("%q: want the script, 113 first", q)
		}
	}
}

// TestARecruitmentLureGetsTheTraffickingLine: a stranger offering young
// girls far-away work with pay too good to be true, leaving soon, is a
// trafficking risk told before anyone has left: 113 first (and 111, the
// anti-trafficking line, in the line or script).
func TestARecruitmentLureGetsTheTraffickingLine(t *testing.T) {
	t.Parallel()
	kb := testkit.EmbeddedLibrary(t).KB()
	for _, q := range []string{
		"có ông lạ về ấp rủ hai đứa con gái 15 tuổi nhà hàng xóm ra Hà Nội làm phục vụ lương 18 triệu, tối mai xe tới rước, tui phải làm gì",
		"co 1 ba moi gioi hua dua con gai e 17t qua Lao lam nha hang luong 25 trieu, ba giu can cuoc cua no roi, chu nhat nay di",
		"co ba nao ve ap noi tuyen gai tre di lam o Dubai luong 2000 do, bao ve may bay, con gai e 18t dang ky roi, tuan sau bay",
	} {
		ans := kb.Ask(q)
		if h := seenHotline(ans); h != "113" {
			t.Errorf("%q: first hotline %q, want 113", q, h)
		}
	}
}

// TestLawfulWorkAwayGetsNoScript: the lure's harmless look-alikes (a job
// fair, the commune's labour export programme, a daughter going to study
// in the city) never get the script.
func TestLawfulWorkAwayGetsNoScript(t *testing.T) {
	t.Parallel()
	kb := testkit.EmbeddedLibrary(t).KB()
	for _, q := range []string{
		"huyện có phiên giao dịch việc làm tháng này không, con gái em muốn tìm việc ở khu công nghiệp",
		"đi xuất khẩu lao động qua trung tâm dịch vụ việc làm của tỉnh thì đăng ký ở đâu",
		"con gái tui đậu đại học trên thành phố, tui lo cho nó ở ký túc xá được không",
	} {
		if ans := kb.Ask(q); ans.Emergency != nil {
			t.Errorf("%q: got the script %s", q, ans.Emergency.ID)
		}
	}
}

// seenHotline is the first hotline the member sees: the script's, the line
// above an answer, or — when nothing answers her message — the line her
// words of harm get instead of "no answer" (Answer.Harm).
func seenHotline(ans content.Answer) string {
	if h := replyHotline(ans); h != "" {
		return h
	}
	if ans.Harm != nil && len(ans.Entries) == 0 && len(ans.Clarify) == 0 {
		return hotlineOf(ans.Harm.Caution)
	}
	return ""
}
