package handlers_test

import (
	"strings"
	"testing"
)

// Members call Loa "bé" and praise her without marks: "cam on be nhieu
// nha de thuong ghe" (dễ thương, cute). Read as a story, "bé" and "đẻ
// thường" gave it the ambulance line in the web chat, and the line then
// stood above her next answers for twenty minutes as if she were still
// telling of harm. Thanks get thanks back, and the next question gets its
// answer alone.
func TestThanksToBeIsNoBirthAndLeavesNoHotlineBehind(t *testing.T) {
	t.Parallel()
	m := newJoinedMember(t)
	for _, text := range []string{"cam on be nhieu nha de thuong ghe", "cảm ơn bé nhiều nha, dễ thương ghê"} {
		got := joined(m.say(text))
		if strings.Contains(got, "115") || strings.Contains(got, "chưa hiểu hết") || strings.Contains(got, "chưa có câu trả lời") {
			t.Errorf("%q: want thanks back, got %s", text, got)
		}
	}
	got := joined(m.say("vneid quen mat khau"))
	if strings.Contains(got, "115") || !strings.Contains(got, "Quên mật khẩu") {
		t.Errorf("the question after the thanks: %s", got)
	}
	// A birth told with its course still gets the ambulance line.
	if got := joined(m.say("vo e moi de xong ra mau nhieu qua, mat tai met")); !strings.Contains(got, "115") {
		t.Errorf("bleeding after a birth without the ambulance number: %s", got)
	}
}
