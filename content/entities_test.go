package content_test

import (
	"testing"

	"loa/content"
)

// TestHotlineNumberAsAnAddress: a hotline's number that stands as a house
// number or a bus route ("tiệm vàng số 115 đường …", "xe buýt tuyến 113")
// names no hotline, so a message about a shop or a bus is not kept as the
// Union's business; the same number asked as the hotline ("111 đường dây
// nóng") still is.
func TestHotlineNumberAsAnAddress(t *testing.T) {
	t.Parallel()
	lib, err := content.NewLibrary("")
	if err != nil {
		t.Fatal(err)
	}
	kb := lib.KB()
	for _, q := range []string{
		"tiệm bánh kem số 115 đường Lê Lợi có giao hàng tận nhà không",
		"xe buýt số 113 đi chợ Biên Hòa mấy giờ có chuyến đầu",
	} {
		if a := kb.Ask(q); !declined(a) {
			t.Errorf("an address taken for a hotline: %q: entries %v clarify %v in scope %v", q, ids(a.Entries), ids(a.Clarify), a.InScope)
		}
	}
	q := "số 111 đường dây nóng là của cơ quan nào vậy chị"
	if a := kb.Ask(q); declined(a) || a.Emergency != nil {
		t.Errorf("the hotline itself not answered: %q: entries %v in scope %v", q, ids(a.Entries), a.InScope)
	}
}
