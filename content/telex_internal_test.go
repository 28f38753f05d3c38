package content

import (
	"strings"
	"testing"
)

// TestDecodeKeys: a word only an unconverted Telex or VNI keyboard makes is
// read as its syllable; teencode, English words and names, figures and
// plain words without marks stay as typed, and so do the ambiguous words
// with nothing around them to tell.
func TestDecodeKeys(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ in, want string }{
		// Telex: tone keys at the end, doubled vowels, w, dd
		{"sachj laf gif", "sạch là gì"},
		{"ddinhf", "đình"},
		{"khoong thooi ddi", "không thôi đi"},
		{"xaay duwngj", "xây dựng"},
		{"nguwowif", "người"},
		{"nguoiwf", "người"}, // w after the vowels
		{"dduwocj", "được"},  // "uwo": ươ
		{"muaw", "mưa"},      // w after a, on the u
		{"hoawcj", "hoặc"},   // on the a
		{"gioiws", "giới"},   // onset gi
		{"quyeenf", "quyền"}, // onset qu
		{"voosn", "vốn"},     // the tone before the final
		{"twr owr", "tử ở"},  // w alone is ư
		{"chuaarn", "chuẩn"}, // uâ
		{"cuwus", "cứu"},
		{"giuwx gif", "giữ gì"},
		{"cos ai bieets", "có ai biết"},
		{"Ddaau", "Đâu"},                     // the first letter's case
		{"bbaos", "báo"},                     // a key pressed twice
		{"ddc ko", "đc ko"},                  // đc typed raw
		{"chồng em ddanhs", "chồng em đánh"}, // partly converted
		// VNI
		{"sa5ch d9inh2", "sạch đình"},
		{"ngu7o7i2 kho6ng", "người không"},
		{"la2 gi2", "là gì"}, // two words: VNI
		// teencode and abbreviations stay
		{"ko k dc j vs bs ck vk ntn", "ko k dc j vs bs ck vk ntn"},
		{"bhyt hssv ks ox wa oke", "bhyt hssv ks ox wa oke"},
		// English words, names and figures stay
		{"VNeID OCOP Zalo Facebook TikTok online app pass", "VNeID OCOP Zalo Facebook TikTok online app pass"},
		{"gas bus sos miss reset seen wc", "gas bus sos miss reset seen wc"},
		{"2tr 100k 0912345678 5k3s", "2tr 100k 0912345678 5k3s"},
		// plain words without marks stay
		{"xe nguoi khong ngheo xoong thoi di tre em", "xe nguoi khong ngheo xoong thoi di tre em"},
		// ambiguous alone: teencode's j for i, a tone before the final,
		// one VNI digit, an English word that is also a syllable
		{"toj oj vuj", "toj oj vuj"},
		{"test rasc", "test rasc"},
		{"con hoc lop5", "con hoc lop5"},
		{"sex teen", "sex teen"},
		// … read next to a word only Telex makes
		{"phuj nuwx", "phụ nữ"},
		{"em sex ddi", "em sẽ đi"},
		{"kys teen owr ddaau", "ký tên ở đâu"},
		{"ddoost rasc", "đốt rác"},
	} {
		if got := decodeKeys(c.in); got != c.want {
			t.Errorf("decodeKeys(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// TestDecodedKeysAreValidSyllables: no decoding breaks the rules of a
// Vietnamese syllable — a stop final (c, ch, p, t) takes only the rising
// or the heavy tone, and k, gh, ngh go only before i, e, ê, y.
func TestDecodedKeysAreValidSyllables(t *testing.T) {
	t.Parallel()
	for _, w := range []string{"hocf", "matr", "sachx", "kaf", "ghoj", "cis", "ngees"} {
		if got := decodeKeys(w); got != w {
			t.Errorf("decodeKeys(%q) = %q: no Vietnamese syllable", w, got)
		}
	}
}

// TestDecodedWordsNormalizeStably: Normalize reads raw keys as the
// syllables typed with marks, and writes nothing it would read again.
func TestDecodedWordsNormalizeStably(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ in, want string }{
		{"nhaf em cos ddc vay voons khoong", "nha em co duoc vay von khong"},
		{"la2 gi2 va6y5", "la gi vay"},
		{"cos2 caachs", "co 2 cach"}, // glued to a digit, a circumflex too many
		{"xe bus, gas, ks, miss, 2tr", "xe bus gas ks miss 2 trieu"},
	} {
		got := Normalize(c.in)
		if got != c.want {
			t.Errorf("Normalize(%q) = %q, want %q", c.in, got, c.want)
		}
		if again := Normalize(got); again != got {
			t.Errorf("not idempotent: Normalize(%q) = %q, then %q", c.in, got, again)
		}
		for _, w := range strings.Fields(got) {
			if d := decodeKeys(w); d != w {
				t.Errorf("Normalize(%q) writes %q, which reads as keys (%q)", c.in, w, d)
			}
		}
	}
}
