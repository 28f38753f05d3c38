package content_test

import (
	"testing"

	"loa/internal/testkit"
)

// A woman who writes only that she is hiding at home ("e ôm con trốn vào
// phòng rồi") tells a piece of a story of violence: she gets a hotline,
// alone as within the story. Hiding in a game or from school does not.
func TestHidingAtHomeGetsAHotline(t *testing.T) {
	t.Parallel()
	kb := testkit.EmbeddedLibrary(t).KB()
	for _, m := range []string{"e om con tron vao phong roi", "em đang trốn trong nhà tắm", "e trốn sang nhà hàng xóm rồi"} {
		if a := kb.Ask(m); a.Emergency == nil && a.Caution == nil {
			t.Errorf("%q got no hotline", m)
		}
	}
	for _, m := range []string{"tụi nhỏ chơi trốn tìm trong phòng", "con e trốn học đi net"} {
		if a := kb.Ask(m); a.Emergency != nil || a.Caution != nil {
			t.Errorf("%q got a hotline", m)
		}
	}
}
