package content

import (
	"slices"
	"strings"
	"testing"
)

// TestPlaceNamesStripWholeNamesLongestFirst checks the name matching of
// places.go: whole syllable sequences after normalisation (with or without
// marks), the longest name first, nothing inside another word, and a name
// that an entry's questions or keywords use left meaningful.
func TestPlaceNamesStripWholeNamesLongestFirst(t *testing.T) {
	entries := []*Entry{{ID: "dn", Questions: []string{"Tỉnh Đồng Nai mới có bao nhiêu xã, phường?"}, Keywords: []string{"Bình Phước"}}}
	p := newPlaceNames([]string{"Đồng Nai", "Bình Phước", "Bù Gia Mập", "Gia Lai", "Bà Rịa", "Bà Rịa Vũng Tàu", "Đồng Xoài"}, entries)
	for _, c := range []struct{ in, want string }{
		{"ba má tui ở Bù Gia Mập nhà sát đồi", "ba me toi o nha sat doi"},
		{"nha em o dong xoai nam ngoai", "nha em o nam ngoai"},
		{"em ở Bà Rịa Vũng Tàu, còn vũng tàu", "em o | con vung tau"}, // longest first: "Vũng Tàu" alone is not listed
		{"Đồng Nai có bao nhiêu xã", "dong nai co bao nhieu xa"},      // the knowledge base asks about it
		{"hội Bình Phước giờ thuộc tỉnh nào", "hoi binh phuoc gio thuoc tinh nao"},
		{"gia lai nhà em", "nha em"},
		{"gia đình lai rai", "gia dinh lai rai"}, // "gia" and "lai" apart are no name
		{"dong xoai", ""},
	} {
		toks := strings.Fields(strings.ReplaceAll(normalizeWithBreaks(c.in), "|", " | "))
		fixed := make([]bool, len(toks))
		got, gotFixed := p.strip(toks, fixed)
		if strings.Join(got, " ") != c.want {
			t.Errorf("strip(%q) = %q, want %q", c.in, strings.Join(got, " "), c.want)
		}
		if len(gotFixed) != len(got) {
			t.Errorf("strip(%q): fixed has %d, toks %d", c.in, len(gotFixed), len(got))
		}
	}
	if slices.Contains(p.list, "Đồng Nai") || slices.Contains(p.list, "Bình Phước") {
		t.Errorf("names the knowledge base uses became neutral: %v", p.list)
	}
	if newPlaceNames([]string{"Đồng Nai"}, entries) != nil {
		t.Error("only names the knowledge base uses: want no neutral names")
	}
}

// normalizeWithBreaks is the matcher's reading of a message: Normalize
// with sentence breaks kept.
func normalizeWithBreaks(s string) string {
	n := newNormalizer(len(s), false)
	return string(n.appendNormalized(nil, s, true))
}
