package content_test

import (
	"slices"
	"testing"

	"loa/internal/testkit"
)

// TestTheLeftoversOfTheWebChatGetTheFittingNumber: what the lead of
// session 17 saw in the web chat, through Ask. A blow a person deals,
// told with what it did, is violence going on: the police first, the
// ambulance after. Hiding from a man with a child is fleeing violence,
// not self-harm. Written for this test, not from the blind sets, the
// held-out lists or the training material.
func TestTheLeftoversOfTheWebChatGetTheFittingNumber(t *testing.T) {
	t.Parallel()
	kb := testkit.EmbeddedLibrary(t).KB()
	for _, c := range []struct {
		text   string
		want   []string
		script bool
	}{
		{"mẹ em bị ba đập ghế vô đầu nằm bất tỉnh", []string{"113"}, true},
		{"me em bi ba dap ghe vo dau nam bat tinh", []string{"113"}, true},
		{"e ôm con trốn vào phòng rồi", []string{"113"}, false},
		{"e om con tron vao phong roi", []string{"113"}, false},
	} {
		a := kb.Ask(c.text)
		if got := heldOutHotline(a); !slices.Contains(c.want, got) {
			t.Errorf("%q: first hotline %q, want one of %v (verdict %+v)", c.text, got, c.want, a.Safety)
		}
		if c.script && a.Emergency == nil {
			t.Errorf("%q: no emergency script", c.text)
		}
	}
}

// TestFoldedWordsOfWeatherAndEverydayMessagesGetNoHotline: "bao" typed
// without marks is "bảo" (a caller who tells her to transfer money) before
// it is "bão", "troi" is "trời" ("trời ơi") before it is "trôi", "r" is
// "rồi" and no whip; a scolding is no blow; a child's age, a flood gone
// down, living alone are everyday news. None gets the flood's 112, and the
// everyday messages no hotline at all. (The caller who tells her to
// transfer money while they talk is a scam going on: since session 18 it
// gets the scam script, 113 first, TestKindsToldByWhoWhatAndHowUrgent; it
// was checked here for no script when no script fitted it.)
func TestFoldedWordsOfWeatherAndEverydayMessagesGetNoHotline(t *testing.T) {
	t.Parallel()
	kb := testkit.EmbeddedLibrary(t).KB()
	for _, m := range []string{
		"có người gọi xưng công an bảo chuyển tiền, đang nói chuyện",
		"co nguoi goi xung cong an bao chuyen tien, dang noi chuyen",
		"troi oi con e sot cao qua",
		"troi oi ck e lai di nhau",
	} {
		a := kb.Ask(m)
		if got := heldOutHotline(a); got == "112" {
			t.Errorf("%q: 112 first (verdict %+v)", m, a.Safety)
		}
		if a.Emergency != nil && a.Emergency.ID != "lua-dao-dang-dien-ra" {
			t.Errorf("%q: given the script %s", m, a.Emergency.ID)
		}
	}
	for _, m := range []string{
		"con e 3 tuổi",
		"con em đi học rồi",
		"e bị ngta chửi",
		"e sống một mình",
		"troi oi mua qua",
		"thang nho nha e di hoc r, e ranh r",
	} {
		if a := kb.Ask(m); a.Emergency != nil || a.Caution != nil {
			t.Errorf("%q: given a hotline (verdict %+v)", m, a.Safety)
		}
	}
}
