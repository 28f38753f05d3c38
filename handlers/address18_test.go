package handlers_test

import (
	"strings"
	"testing"

	"loa/chat"
)

// Loa calls her as she calls herself (task address18). Played in the web
// chat first: an old woman who wrote "Bà hỏi tí, bà 70 tuổi rồi có được
// vào hội không cháu" was told "nên chị hỏi lại chi hội trưởng", and a man
// asking for his wife "Muốn vay, chị liên hệ tổ trưởng".

// has fails unless every want is in the replies and no unwanted is.
func has(t *testing.T, what string, replies []chat.Reply, wants []string, unwanted ...string) {
	t.Helper()
	got := joined(replies)
	for _, w := range wants {
		if !strings.Contains(got, w) {
			t.Fatalf("%s: want %q in\n%s", what, w, got)
		}
	}
	for _, u := range unwanted {
		if strings.Contains(got, u) {
			t.Fatalf("%s: %q should not be in\n%s", what, u, got)
		}
	}
}

func TestAnOldWomanIsCalledBaAndStaysSo(t *testing.T) {
	t.Parallel()
	m := newMemberRig(t)
	has(t, "her question", m.sayAs("ba", "ba", "Bà hỏi tí, bà 70 tuổi rồi có được vào hội không cháu", false),
		[]string{"nên bà hỏi lại chi hội trưởng"}, "chị hỏi lại")
	// Her next question says nothing of her: she is still "bà".
	has(t, "her next question", m.sayAs("ba", "ba", formProbe, false),
		[]string{"Bà đến Công an xã/phường"}, "Chị đến")
	// A tap on a topic's question, and Loa's own lines, too.
	has(t, "an entry tapped", m.pressAs("ba", "ba", "f:vay-uy-thac", false), []string{"Muốn vay, bà liên hệ tổ trưởng"})
	has(t, "a question Loa cannot answer", m.sayAs("ba", "ba", "hoi phu nu co cho muon may cay lua khong", false),
		[]string{"Xin lỗi bà"}, "Xin lỗi chị")
	// "chị em" are still women, whoever reads.
	has(t, "women", m.sayAs("ba", "ba", "hội phụ nữ hỗ trợ hợp tác xã thế nào", false), nil, "bà em")
	// Someone else in another chat is "chị".
	has(t, "another member", m.sayAs("lan", "lan", formProbe, false), []string{"Chị đến Công an xã/phường"})
}

func TestAManIsCalledAnhAndToldWhatIsHersToPassOn(t *testing.T) {
	t.Parallel()
	m := newMemberRig(t)
	has(t, "a loan for his wife", m.sayAs("ong", "ong", "tui hỏi cho bả vợ tui, bả muốn vay vốn nuôi heo thì làm sao", false),
		[]string{"Muốn vay, anh liên hệ tổ trưởng"}, "chị liên hệ")
	// Joining the Union is hers: the answer speaks to her, and he is told
	// to pass it on rather than read "anh … để được kết nạp".
	has(t, "his wife joining", m.sayAs("ong", "ong", "vo muon vao hoi thi lam sao", false),
		[]string{"anh chuyển lời giúp người nhà", "Chị liên hệ chi hội trưởng"}, "Anh liên hệ chi hội trưởng")
	// A later clear word changes the form: this writer speaks of her husband.
	has(t, "a woman after all", m.sayAs("ong", "ong", "chồng tôi đi làm xa, vay vốn có cần chồng ký không", false), nil, "anh chuyển lời")
	has(t, "then", m.sayAs("ong", "ong", formProbe, false), []string{"Chị đến Công an xã/phường"})
}

func TestOtherPeopleNamedBaOrAnhLeaveHerChi(t *testing.T) {
	t.Parallel()
	m := newMemberRig(t)
	for i, text := range []string{
		"bà con trong xóm hỏi vay vốn hộ nghèo",
		"anh hàng xóm nói vay vốn phải thế chấp",
		"bà ngoại của cháu tôi muốn vay vốn",
		"cô giáo bảo vay vốn phải có sổ hộ nghèo",
	} {
		chatID := "o" + string(rune('a'+i))
		m.sayAs(chatID, chatID, text, false)
		has(t, text, m.sayAs(chatID, chatID, formProbe, false), []string{"Chị đến Công an xã/phường"})
	}
}

// An old woman in danger gets the emergency script as "bà", its hotlines
// first as ever.
func TestAnOldWomanInDangerIsCalledBa(t *testing.T) {
	t.Parallel()
	m := newMemberRig(t)
	got := m.sayAs("sos", "sos", "ông nhà bà say rượu đang cầm dao đòi giết bà, cháu ơi cứu bà", false)
	has(t, "emergency", got, []string{"Bà hãy gọi ngay 113", "Bà không có lỗi, và bà không một mình."}, "Chị hãy gọi")
	if !strings.HasPrefix(got[0].Text, "Bà hãy gọi ngay 113") {
		t.Fatalf("the script no longer opens with the hotline:\n%s", got[0].Text)
	}
}

// Staff work is shown as written: a notice's preview quotes what the head
// typed, whatever she is called in her own questions.
func TestANoticePreviewIsShownAsTyped(t *testing.T) {
	t.Parallel()
	r := newNoticeRig(t)
	wantText(t, r.say(headID, "vk tui hoi "+formProbe), "Anh đến Công an xã/phường")
	preview := text(r.say(headID, "/thongbao Mời chị đến nhà văn hoá họp lúc 8h, chị nhớ mang sổ"))
	if !strings.Contains(preview, "Mời chị đến nhà văn hoá họp lúc 8h, chị nhớ mang sổ") || strings.Contains(preview, "Mời anh") {
		t.Fatalf("the notice's text was changed in its preview:\n%s", preview)
	}
	// Her questions are still answered as "anh".
	wantText(t, r.say(headID, formProbe), "Anh đến Công an xã/phường")
	// And only for her: a form kept in the store is per person.
	if got := text(r.say(memberID, formProbe)); !strings.Contains(got, "Chị đến Công an xã/phường") {
		t.Fatalf("another member is not chị:\n%s", got)
	}
}
