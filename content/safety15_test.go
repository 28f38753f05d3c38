package content_test

import (
	"strings"
	"testing"

	"loa/internal/testkit"
)

// TestAPersonWhoForcesComesFirst: when a person forces, drags or extorts
// ("kéo … vô", "bắt … lên xe", "đòi tiền mới gỡ"), the police come first,
// however far from it her injuries, her drunkenness, her wish to die or the
// car that drives off are told (v16's girl forced into a car given 115, the
// extorted woman given 115); a strangling last night with a death promised
// for tonight is harm going on, not a loss told as grief; "đâm bể bánh xe"
// (a tyre) names no child; "con gái" with no age, told as a woman's assault,
// gets 113, which fits a child as well. The counterparts keep their number:
// a child pulled out of a pond (115), a child dragged off by a stranger
// (the police or the child line).
func TestAPersonWhoForcesComesFirst(t *testing.T) {
	t.Parallel()
	checkFirstHotline(t, []hotlineCase{
		{"thằng kia kéo chị bán vé số vô hẻm, đập đầu chị vô tường, chị nằm im rồi", "113"},
		{"co ong la bat 1 chi say ruou len taxi roi chay mat", "113"},
		{"no doi 30 trieu moi xoa clip cua e, e chi muon chet cho roi", "113"},
		{"chong e toi qua siet co e, sang nay noi dem nay cho e chet", "113"},
		{"thang cha ruot dam be kinh xe em, dam be banh xe, noi se giet em", "113"},
		{"vợ chồng nhà bên đánh nhau, ổng kéo vợ ra đường đánh chảy máu mũi", "113"},
		{"be nha e 4 tuoi te xuong ao, vot len ko tho", "115"},
	})
	kb := testkit.EmbeddedLibrary(t).KB()
	if got := replyHotline(kb.Ask("có người lạ kéo thằng bé 5 tuổi lên xe máy chạy mất")); got != "113" && got != "111" {
		t.Errorf("a child dragged off on a motorbike: first hotline %q, want the police's or the child line's", got)
	}
}

// TestOneLineAboveAnAnswer: an ordinary answer carries at most one short
// hotline line, never two kinds' lines stacked on it.
func TestOneLineAboveAnAnswer(t *testing.T) {
	t.Parallel()
	kb := testkit.EmbeddedLibrary(t).KB()
	lines := 0
	for _, q := range []string{
		"file excel báo cáo chi hội bị lỗi mất hết, cứu em với",
		"nghe noi xa ben co vu lua dao doi tien qua dien thoai, moi nguoi can than",
		"hồi trước em bị người ta tống tiền qua mạng, giờ xong rồi, muốn chia sẻ cho chị em cảnh giác",
		"chồng em hay say rượu, em muốn hỏi thủ tục ly hôn",
		"con e bi ban danh o truong, e muon gap co giao thi nen noi sao",
	} {
		a := kb.Ask(q)
		if a.Caution == nil || len(a.Entries) == 0 && len(a.Clarify) == 0 {
			continue
		}
		lines++
		if n := strings.Count(strings.TrimSpace(a.Caution.Caution), "\n") + 1; n > 1 {
			t.Errorf("%q: %d hotline lines above the answer, want one", q, n)
		}
	}
	if lines == 0 {
		t.Fatal("no question here got a line above its answer: pick examples that do")
	}
}
