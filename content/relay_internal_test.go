package content

import (
	"strings"
	"testing"
)

func TestRelayFrame(t *testing.T) {
	for _, c := range []struct{ text, frame string }{
		{"Chị hàng xóm nhờ em hỏi: vay vốn hộ nghèo cần giấy tờ gì", "chi hang xom nho em hoi |"},
		{"ma e hoi bhyt ho gia dinh mua o dau", "ma em hoi"},
		{"Mẹ chồng em nhờ em hỏi Loa, người 70 tuổi có được vào hội không", "me chong em nho em hoi loa |"},
		{"hỏi giùm bạn em với, vay vốn hộ nghèo cần gì", "hoi gium ban em voi |"},
		{"e hoi dum co ut, so ho ngheo lam o dau", "em hoi dum co ut |"},
		{"ba em muon biet dieu le hoi phu nu la dieu le nao", "ba em muon biet"},
		{"Chi hội em có chị hỏi là vô hội sao", "chi hoi em co chi hoi la"},
		{"Có chị trong tổ nhờ mình hỏi: sổ hộ nghèo làm ở đâu", "co chi trong to nho minh hoi |"},
		// not frames
		{"hoi ho tro gi cho phu nu khoi nghiep", ""},
		{"hội giúp được gì cho chị em", ""},
		{"Mẹ em 70 tuổi rồi thì có phải ra khỏi hội không ạ", ""},
		{"chi hoi em co bao nhieu hoi vien", ""},
		{"em muốn hỏi giùm", ""},
		{"vay von de lam gi ma em hoi may lan khong ai tra loi", ""},
	} {
		var n normalizer
		toks := strings.Fields(string(n.appendNormalized(nil, c.text, true)))
		s, e := relayFrame(toks)
		if got := strings.Join(toks[s:e], " "); got != c.frame {
			t.Errorf("%q: frame %q, want %q", c.text, got, c.frame)
		}
	}
}
