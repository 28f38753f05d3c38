package handlers_test

import (
	"context"
	"strings"
	"testing"

	"loa/chat"
)

// She types her consent instead of pressing «Đồng ý»: "dong y", "co e dong y
// a" answer the question Loa just asked; before, they went to the knowledge
// base (a list of unrelated questions, or "no answer" sent to staff as her
// question) and she never joined.
func TestATypedAgreementAnswersTheConsentQuestion(t *testing.T) {
	t.Parallel()
	for _, yes := range []string{"dong y", "co e dong y a", "Đồng ý ạ", "ok"} {
		m := newMemberRig(t)
		if got := joined(m.say(m.code)); !strings.Contains(got, "Chị có đồng ý không?") {
			t.Fatalf("the code did not ask for consent: %s", got)
		}
		got := joined(m.say(yes))
		if !strings.Contains(got, "Chào mừng chị đã tham gia") || !m.isMember() {
			t.Fatalf("%q after the consent question: not joined, saw %s", yes, got)
		}
	}
	for _, no := range []string{"khong", "ko dong y", "thoi e ko dong y dau"} {
		m := newMemberRig(t)
		m.say(m.code)
		got := joined(m.say(no))
		if !strings.Contains(got, "Loa không lưu thông tin nào của chị") || m.isMember() {
			t.Fatalf("%q after the consent question: want a refusal kept, saw %s (member %v)", no, got, m.isMember())
		}
	}
	// A question instead of an answer is still a question, and she is not joined.
	m := newMemberRig(t)
	m.say(m.code)
	got := joined(m.say("lam vneid muc 2 o dau"))
	if strings.Contains(got, "Chào mừng") || m.isMember() || !strings.Contains(got, "Công an") {
		t.Fatalf("a question after the consent question: %s", got)
	}
}

// She types "có" or "xoá đi" after "Chị muốn xoá toàn bộ thông tin…?":
// before, "có" got a list of questions about "5 có 3 sạch" and her data
// stayed.
func TestATypedYesAnswersTheEraseQuestion(t *testing.T) {
	t.Parallel()
	for _, yes := range []string{"co", "có ạ", "xoa di", "u xoa het di"} {
		m := newMemberRig(t)
		m.say(m.code)
		m.say("dong y")
		if !m.isMember() {
			t.Fatal("setup: not a member")
		}
		if got := joined(m.say("/xoadulieu")); !strings.Contains(got, "Chị muốn xoá") {
			t.Fatalf("/xoadulieu did not ask: %s", got)
		}
		got := joined(m.say(yes))
		if !strings.Contains(got, "Loa đã xoá toàn bộ thông tin của chị") || m.isMember() {
			t.Fatalf("%q after the erase question: not erased, saw %s", yes, got)
		}
	}
	for _, no := range []string{"khong", "thoi giu lai", "k xoa"} {
		m := newMemberRig(t)
		m.say(m.code)
		m.say("dong y")
		m.say("/xoadulieu")
		got := joined(m.say(no))
		if !strings.Contains(got, "Loa giữ nguyên thông tin của chị") || !m.isMember() {
			t.Fatalf("%q after the erase question: want her data kept, saw %s", no, got)
		}
	}
}

// She presses «Đồng ý» and then types "ok" as thanks: the question was
// answered by the button, so "ok" is small talk, not a second welcome.
func TestAfterTheButtonATypedOkIsNoSecondAnswer(t *testing.T) {
	t.Parallel()
	m := newMemberRig(t)
	m.say(m.code)
	m.n++
	got := m.router.Handle(context.Background(), chat.Update{
		Platform: chat.Web, ID: "press", ChatID: "lan", UserID: "lan", UserName: "Lan", Data: "cy:" + m.code,
	})
	if !strings.Contains(joined(got), "Chào mừng") {
		t.Fatalf("the button did not join her: %s", joined(got))
	}
	if got := joined(m.say("ok")); strings.Contains(got, "Chào mừng") {
		t.Fatalf("a typed ok after the button welcomed her again: %s", got)
	}
	m.say("/xoadulieu")
	m.router.Handle(context.Background(), chat.Update{
		Platform: chat.Web, ID: "press2", ChatID: "lan", UserID: "lan", UserName: "Lan", Data: "xd:n",
	})
	if got := joined(m.say("co")); strings.Contains(got, "đã xoá") || !m.isMember() {
		t.Fatalf("a typed có after «Giữ lại» erased her: %s", got)
	}
	// «Chỉ tắt tin tuyên truyền» answers the erase question too.
	m.say("/xoadulieu")
	m.router.Handle(context.Background(), chat.Update{
		Platform: chat.Web, ID: "press3", ChatID: "lan", UserID: "lan", UserName: "Lan", Data: "tm:",
	})
	if got := joined(m.say("ok")); strings.Contains(got, "đã xoá") || !m.isMember() {
		t.Fatalf("a typed ok after «Chỉ tắt tin tuyên truyền» erased her: %s", got)
	}
}
