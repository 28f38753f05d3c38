package content_test

import (
	"slices"
	"testing"

	"loa/internal/testkit"
)

// TestKindsToldByWhoWhatAndHowUrgent: the four kinds helper safety21 was
// asked about, through Ask. A scam going on now (someone posing as the
// police or a bank makes a person transfer money while the call lasts)
// gets the scam script, 113 first; one hung up or asked about does not.
// An old person fallen behind her own locked door is an accident, 115
// first; an old person beaten by a grown relative who is still there is
// violence, 113 first; someone stuck in a lift with no one doing it is a
// rescue, 114 first. Written for this test, not from the blind sets, the
// held-out lists or the training material.
func TestKindsToldByWhoWhatAndHowUrgent(t *testing.T) {
	t.Parallel()
	kb := testkit.EmbeddedLibrary(t).KB()
	for _, c := range []struct {
		text   string
		want   []string
		script string
	}{
		{"chồng em đang nghe máy, người xưng công an tỉnh bảo ảnh chuyển hết tiền vào tài khoản tạm giữ, ảnh đang bấm", []string{"113"}, "lua-dao-dang-dien-ra"},
		{"chong e dang nghe may, nguoi xung cong an tinh bao anh chuyen het tien vao tai khoan tam giu, anh dang bam", []string{"113"}, "lua-dao-dang-dien-ra"},
		{"ông cụ nhà bên té trong phòng không dậy được, cửa khóa trong, tụi em gọi chỉ nghe rên", []string{"115", "114"}, ""},
		{"thằng cháu nghiện vừa đập bà cụ ngã xuống sân, nó còn cầm cây đứng đó", []string{"113"}, ""},
		{"hai đứa nhỏ kẹt trong thang máy khu chung cư, đèn tắt, tụi nó gõ cửa kêu", []string{"114"}, ""},
	} {
		a := kb.Ask(c.text)
		if got := heldOutHotline(a); !slices.Contains(c.want, got) {
			t.Errorf("%q: first hotline %q, want one of %v (verdict %+v)", c.text, got, c.want, a.Safety)
		}
		if c.script != "" && (a.Emergency == nil || a.Emergency.ID != c.script) {
			t.Errorf("%q: script %v, want %s", c.text, a.Emergency, c.script)
		}
	}
	for _, m := range []string{
		"người xưng công an gọi bảo chuyển tiền, em cúp máy rồi",
		"làm sao biết cuộc gọi xưng ngân hàng là giả",
		"thang máy chung cư hư cả tuần rồi, báo ai sửa",
	} {
		if a := kb.Ask(m); a.Emergency != nil {
			t.Errorf("%q: given the script %s", m, a.Emergency.ID)
		}
	}
}
