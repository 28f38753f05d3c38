package content_test

import (
	"testing"

	"loa/content"
)

// TestStormWithoutMarksIsNotOffTopic: typed without marks, "bão" is "bao"
// as in "bao nhiêu" and "mưa" is "mua" (to buy), and a family's
// circumstances are the words of off-topic chat about prices and weather:
// v13's "Nha e 2 dua nho, 1 ba gia. Neu bao toi thi e nen tru nhung do gi
// trong nha, bn ngay" and "nha e bi sap 1 goc do mua bao …" went to the
// off-topic class with confidence 0. Storm preparation and storm damage are
// the Union's disaster topic: these messages (written for this test, in no
// training file) are ranked among its entries and kept in scope, and
// price and weather chat is still declined.
func TestStormWithoutMarksIsNotOffTopic(t *testing.T) {
	t.Parallel()
	lib, err := content.NewLibrary("")
	if err != nil {
		t.Fatal(err)
	}
	kb := lib.KB()
	for _, q := range []string{
		"bao toi roi ma nha e co ba me gia 80 tuoi, e can mua san gi cho 1 tuan",
		"mua bao lam toc mai bep nha e, gio xin ho tro o dau c",
		"nghe dai noi bao lon sap vo, nha e o gan song co 3 dua nho, nen lam gi",
		"lu ve ngap het nha roi, gio e dua con di dau",
		"con bao vua roi lam sap chuong heo nha e, co duoc gi ko",
		"truoc bao e can chang nha sao, mai ton cu lam roi",
	} {
		a := kb.Ask(q)
		if a.Emergency != nil || a.SmallTalk != "" {
			continue // not the matcher's to judge
		}
		if !a.InScope || a.Score == 0 {
			t.Errorf("%q taken for off-topic chat (in scope %v, score %.2f)", q, a.InScope, a.Score)
		}
	}
	for _, q := range []string{
		"gia lua hom nay thuong lai mua bao nhieu 1 ky",
		"mai o bien hoa co mua ko c",
		"mua bao lau thi het han bao hanh dien thoai",
	} {
		if a := kb.Ask(q); len(a.Entries) > 0 || len(a.Clarify) > 0 {
			t.Errorf("off-topic %q answered with %v %v", q, a.Entries, a.Clarify)
		}
	}
}
