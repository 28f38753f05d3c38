package content

import (
	"fmt"
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

// TestRelayedQuestionAnsweredAsAsked: an entry's own question, relayed for
// someone else, gets the answer it gets asked directly.
func TestRelayedQuestionAnsweredAsAsked(t *testing.T) {
	t.Parallel()
	lib, err := NewLibrary("")
	if err != nil {
		t.Fatal(err)
	}
	kb := lib.KB()
	frames := []string{"Chị hàng xóm nhờ em hỏi: %s", "ma e hoi %s", "hỏi giùm bạn em với, %s", "Mẹ chồng em nhờ em hỏi Loa, %s",
		"e hoi dum co ut, %s", "ba em muon biet %s", "Có chị trong tổ nhờ mình hỏi: %s"}
	asked, same := 0, 0
	for i, e := range kb.Entries() {
		q := e.Questions[0]
		direct := kb.Ask(q)
		if len(direct.Entries) == 0 || direct.Entries[0] != e {
			continue
		}
		asked++
		relayed := kb.Ask(fmt.Sprintf(frames[i%len(frames)], q))
		if len(relayed.Entries) > 0 && relayed.Entries[0] == e {
			same++
		}
	}
	t.Logf("relayed questions answered as asked directly: %d of %d", same, asked)
	// Without the frame left out, 307 of 311 (the people a frame names pull
	// towards other entries); with it, all.
	if asked < 100 || same < asked-1 {
		t.Errorf("relayed questions answered as asked directly: %d of %d", same, asked)
	}
}
