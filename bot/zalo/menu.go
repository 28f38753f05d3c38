package zalo

import (
	"context"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"

	"loa/chat"
)

// pressButton turns a text that answers the chat's numbered menu into the
// button press it stands for: "2" (also "2." or "2)") picks the second
// choice, and the words of a choice pick it too, with or without diacritics
// ("dang ky" for "Đăng ký"). Anything else stays text.
func (a *Adapter) pressButton(ctx context.Context, u *chat.Update) {
	if u.Text == "" || utf8Len(u.Text) > 200 {
		return
	}
	labels, data, err := a.cfg.Menus.Menu(ctx, chat.Zalo, u.ChatID)
	if err != nil {
		a.log.Warn("zalo menu not read", "error", err)
		return
	}
	if i := menuChoice(u.Text, labels); i >= 0 && i < len(data) && data[i] != "" {
		u.Data, u.Text = data[i], ""
	}
}

// menuChoice returns the index of the choice text names, or -1.
func menuChoice(text string, labels []string) int {
	t := strings.TrimSpace(text)
	t = strings.TrimRight(t, ".)")
	if n, err := strconv.Atoi(strings.TrimSpace(t)); err == nil {
		if n >= 1 && n <= len(labels) {
			return n - 1
		}
		return -1
	}
	want := foldLabel(text)
	if want == "" {
		return -1
	}
	for i, l := range labels {
		if foldLabel(l) == want {
			return i
		}
	}
	return -1
}

// foldLabel lowercases, strips diacritics (đ → d), and keeps letters and
// digits separated by single spaces, so emoji and punctuation do not matter.
func foldLabel(s string) string {
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	s, _, _ = transform.String(t, strings.ToLower(s))
	s = strings.ReplaceAll(s, "đ", "d")
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}), " ")
}

func utf8Len(s string) int { return len([]rune(s)) }

// MenuChoice and RenderMenu serve bot/zalooa, whose numbered lists (more
// than five choices) must read and answer exactly like these.
func MenuChoice(text string, labels []string) int { return menuChoice(text, labels) }

// RenderMenu writes buttons as a numbered list with its hint.
func RenderMenu(buttons []chat.Button) string { return renderMenu(buttons) }
