package content

import (
	"slices"
	"testing"
)

// TestAFoldedSyllableNeedsCorroboration: typed without marks, "lua" (lúa,
// lừa, lửa), "ban" (bạn, bán), "no" (nó, nổ, nợ) and "dam" before "cuoi"
// (đám cưới) or a message that ends on "roi" (rồi) name harm only next to what corroborates them; typed with the
// marks of the word of harm they name it alone, typed with other marks
// never; drinking is no blow (issue 9).
func TestAFoldedSyllableNeedsCorroboration(t *testing.T) {
	t.Parallel()
	m := &safetyModel{lexicon: newLexicon()}
	for _, c := range []struct {
		text, concept string
		want          bool
	}{
		{"nha e trong lua", "fire", false},
		{"me bi lua qua dien thoai", "fire", false},
		{"nha e bi lua chay", "fire", true},
		{"khoi lua mu mit", "fire", true},
		{"lửa to quá", "fire", true},
		{"nhà em trồng lúa", "fire", false},
		{"con e bi ban danh o truong", "traffick", false},
		{"con em bị bạn đánh", "traffick", false},
		{"no ban con e qua bien gioi", "traffick", true},
		{"con em bị bán rồi", "traffick", true},
		{"no noi mai di hoc", "fire", false},
		{"no noi mai di hoc", "traffick", false},
		{"binh gas no tung", "fire", true},
		{"ck e di nhau ve khuya", "hit", false},
		{"ck e di nhau ve khuya", "drink", true},
		{"ck di dam cuoi", "hit", false},
		{"no dam e", "hit", true},
		{"con be bi hoc xuong ca", "medcause", true},
		{"con gai e bo hoc", "medcause", false},
		{"con gai 16t bo hoc roi", "hit", false},
		{"no quat con e bang roi", "hit", true},
		{"mat con roi", "missing", true},
	} {
		if got := slices.Contains(m.featuresOf(c.text), "c:"+c.concept); got != c.want {
			t.Errorf("%q: concept %s %v, want %v", c.text, c.concept, got, c.want)
		}
	}
	for _, c := range []struct {
		text string
		want bool
	}{
		{"nha e trong lua", false},
		{"bi lua chuyen tien", false},
		{"nha e bi lua chay", true},
		{"chong e di nhau", false},
	} {
		if got := m.namesHarm(c.text); got != c.want {
			t.Errorf("%q: names harm %v, want %v", c.text, got, c.want)
		}
	}
}
