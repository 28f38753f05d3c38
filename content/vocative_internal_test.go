package content

import "testing"

// The call that opens a message is dropped only when a kinship word calls
// the reader and something follows; a child named in the story stays.
func TestWithoutVocative(t *testing.T) {
	cases := map[string]string{
		"cháu ơi bà đang bị đánh":                  "bà đang bị đánh",
		"chau oi, ba dang bi danh":                 "ba dang bi danh",
		"Dạ con ơi, cô bị chồng đánh chảy máu đầu": "cô bị chồng đánh chảy máu đầu",
		"cháu Loa ơi cứu bà":                       "cứu bà",
		"em ơi chị hỏi chút":                       "chị hỏi chút",
		"cháu ơi":                                  "cháu ơi",
		"cứu con tôi ơi":                           "cứu con tôi ơi",
		"con tôi bị đánh":                          "con tôi bị đánh",
		"cháu bị bố dượng đánh":                    "cháu bị bố dượng đánh",
		"chị ơi ck e đánh e":                       "chị ơi ck e đánh e",
	}
	for in, want := range cases {
		if got := withoutVocative(in); got != want {
			t.Errorf("withoutVocative(%q) = %q, want %q", in, got, want)
		}
	}
}
