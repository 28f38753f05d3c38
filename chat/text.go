package chat

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// SplitText cuts text into parts of at most limit units each, preferring to
// cut at a blank line, then a line end, then a sentence end, then a space, so
// a long notice reads naturally when it arrives in several messages. count
// measures a string in the platform's unit (Telegram counts UTF-16 code units,
// Zalo characters); nil means runes. Parts keep their order and, joined with
// the separators that were cut, give back the text.
func SplitText(text string, limit int, count func(string) int) []string {
	if count == nil {
		count = utf8.RuneCountInString
	}
	text = strings.TrimSpace(text)
	if limit <= 0 || count(text) <= limit {
		if text == "" {
			return nil
		}
		return []string{text}
	}
	var parts []string
	for count(text) > limit {
		cut := cutPoint(text, limit, count)
		part := strings.TrimRightFunc(text[:cut], unicode.IsSpace)
		if part != "" {
			parts = append(parts, part)
		}
		text = strings.TrimLeftFunc(text[cut:], unicode.IsSpace)
	}
	if text != "" {
		parts = append(parts, text)
	}
	return parts
}

// cutPoint returns a byte offset at most limit units into text, at the best
// boundary in the second half of the window (so parts are not tiny).
func cutPoint(text string, limit int, count func(string) int) int {
	// The longest prefix that fits, on a rune boundary.
	end := 0
	for i := range text {
		if count(text[:i]) > limit {
			break
		}
		end = i
	}
	if count(text) <= limit {
		end = len(text)
	}
	window := text[:end]
	min := len(window) / 2
	for _, sep := range []string{"\n\n", "\n", ". ", "! ", "? ", "; ", ", ", " "} {
		if i := strings.LastIndex(window, sep); i >= min && i > 0 {
			return i + len(sep)
		}
	}
	if end == 0 { // a single rune wider than the limit: take it anyway
		_, size := utf8.DecodeRuneInString(text)
		return size
	}
	return end
}

// UTF16Len counts UTF-16 code units, Telegram's unit for message length.
func UTF16Len(s string) int {
	n := 0
	for _, r := range s {
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
	}
	return n
}

// FormatCount writes n the Vietnamese way, a dot between thousands: 1.200.
func FormatCount(n int64) string {
	s := strconv.FormatInt(n, 10)
	sign := ""
	if strings.HasPrefix(s, "-") {
		sign, s = "-", s[1:]
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteByte(s[i])
	}
	return sign + b.String()
}
