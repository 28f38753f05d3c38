package chat

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSplitTextKeepsEverythingInOrderUnderTheLimit(t *testing.T) {
	t.Parallel()
	sentence := "Chi hội họp vào sáng Chủ nhật lúc 8 giờ tại nhà văn hoá ấp. "
	text := strings.Repeat(sentence, 200) + "\n\nTrân trọng."
	for _, limit := range []int{100, 2000, 4096} {
		parts := SplitText(text, limit, UTF16Len)
		if len(parts) < 2 && utf8.RuneCountInString(text) > limit {
			t.Fatalf("limit %d: want several parts, got %d", limit, len(parts))
		}
		for i, p := range parts {
			if UTF16Len(p) > limit {
				t.Fatalf("limit %d: part %d has %d units", limit, i, UTF16Len(p))
			}
			if i < len(parts)-1 && !strings.HasSuffix(p, ".") {
				t.Errorf("limit %d: part %d does not end at a sentence: %q", limit, i, p[len(p)-20:])
			}
		}
		joined := strings.Join(parts, " ")
		if strings.Join(strings.Fields(joined), " ") != strings.Join(strings.Fields(text), " ") {
			t.Fatalf("limit %d: text changed by splitting", limit)
		}
	}
}

func TestSplitTextHandlesTextWithoutSpacesAndEmoji(t *testing.T) {
	t.Parallel()
	text := strings.Repeat("😀", 50) // 100 UTF-16 units
	parts := SplitText(text, 30, UTF16Len)
	if strings.Join(parts, "") != text {
		t.Fatal("emoji text changed")
	}
	for _, p := range parts {
		if UTF16Len(p) > 30 || !utf8.ValidString(p) {
			t.Fatalf("bad part %q", p)
		}
	}
	if got := SplitText("   ", 10, nil); got != nil {
		t.Fatalf("blank text: want no parts, got %q", got)
	}
}

func TestCleanNameKeepsABaseNameSafeToShow(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("dài", 50) + ".xlsx" // 155 characters
	for in, want := range map[string]string{
		"bao-cao.xlsx":              "bao-cao.xlsx",
		"/etc/passwd":               "passwd",
		`C:\Users\hoa\bao cao.xlsx`: "bao cao.xlsx",
		"a\x00b\"c\n.png":           "abc.png",
		"  ":                        "tep-tin",
		"..":                        "tep-tin",
		"":                          "tep-tin",
		long:                        string([]rune(long)[55:]),
	} {
		if got := (File{Name: in}).CleanName(); got != want {
			t.Errorf("%q: got %q, want %q", in, got, want)
		}
	}
}
