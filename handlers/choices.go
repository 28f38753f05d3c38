package handlers

import (
	"context"
	"strconv"
	"strings"
	"unicode"

	"loa/chat"
)

// Typed choices. When Loa offers a choice to pick an answer from (two or
// three entries when she asks back, "Có phải chị muốn hỏi…", a topic's
// questions, the topics she asked for), a member often types its number
// instead of tapping: Zalo numbers every choice, and "2", "cái 2", "câu
// thứ hai" are how she answers a list anywhere. The choice is remembered
// for her in that chat (store.OfferChoice, store.ChoiceMemory), her next
// question's answer replaces or closes it, and a typed number picks it on
// every platform as the tap would. With no choice open, or a number beyond
// it, the message goes on as before (faq: "Lựa chọn này đã đóng rồi").
// Other buttons (related questions under an answer, the topic menu under a
// greeting, a head's list of meetings) are not a choice she was asked to
// make: a head's "12" there stays a headcount.

// offerChoice remembers rows as her open choice in this chat; nil closes
// it. A failure only costs the typed shortcut, so it is logged.
func (r *kit) offerChoice(ctx context.Context, u chat.Update, rows [][]chat.Button) {
	if r.store == nil {
		return
	}
	var data []string
	for _, row := range rows {
		for _, b := range row {
			data = append(data, b.Data)
		}
	}
	if err := r.store.OfferChoice(ctx, u.Platform, u.ChatID, u.UserID, data); err != nil {
		r.log.Warn("offer choice", "platform", u.Platform, "error", err)
	}
}

// typedChoice answers a number typed for her open choice (data, the
// buttons' data as BeginUpdate read them) as the tap on that button; ok is
// false when text names no number or no choice is open.
func (r *Router) typedChoice(ctx context.Context, u chat.Update, data []string) (replies []chat.Reply, ok bool) {
	n, ok := choiceNumber(u.Text)
	if !ok {
		return nil, false
	}
	if n == lastChoice {
		n = len(data)
	}
	if n < 1 || n > len(data) || data[n-1] == "" {
		return nil, false
	}
	r.log.Info("typed number taken as a choice", "platform", u.Platform, "choice", n, "of", len(data))
	u.Data, u.Text = data[n-1], ""
	return r.onButton(ctx, u), true
}

// lastChoice is what choiceNumber returns for "cái cuối".
const lastChoice = -1

// Words around a typed pick: the verb before it ("em chọn"), the noun
// ("cái", "câu", "số"), "thứ", and the particles after it ("á", "nha").
var (
	pickVerbs     = map[string]bool{"em": true, "e": true, "chon": true, "lay": true, "xem": true, "cho": true, "toi": true, "minh": true, "lua": true}
	pickNouns     = map[string]bool{"cai": true, "cau": true, "so": true, "y": true, "muc": true, "dong": true, "nut": true, "phan": true}
	pickParticles = map[string]bool{"a": true, "ah": true, "ak": true, "ha": true, "nha": true, "nhe": true, "nhen": true, "di": true,
		"nhi": true, "e": true, "em": true, "chi": true, "c": true, "oi": true, "luon": true, "voi": true, "nhes": true, "nka": true, "nhaa": true}
	pickWords = map[string]int{"mot": 1, "nhat": 1, "hai": 2, "ba": 3, "bon": 4, "tu": 4, "nam": 5, "sau": 6, "bay": 7, "tam": 8, "chin": 9}
)

// choiceNumber reads a typed pick: a bare number ("2", "2."), or a number,
// number word or "đầu tiên"/"cuối" after a noun or a verb of choosing
// ("cái 2", "câu thứ hai", "số 1 á", "cai dau tien", "chọn 2 nha"), or a
// number with only particles ("2 ạ"). It returns lastChoice for the last
// one. "thứ hai" alone is Monday, and "2 người" a headcount: neither is a
// pick.
func choiceNumber(text string) (int, bool) {
	var words []string
	for _, w := range strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		words = append(words, foldWord(w))
	}
	if len(words) == 0 || len(words) > 7 {
		return 0, false
	}
	// A bare number: the pick Zalo taught her.
	if len(words) == 1 {
		return pickDigits(words[0])
	}
	introduced := false
	for len(words) > 1 && pickVerbs[words[0]] {
		words, introduced = words[1:], true
	}
	if len(words) > 1 && pickNouns[words[0]] {
		words, introduced = words[1:], true
	}
	for len(words) > 1 && pickParticles[words[len(words)-1]] {
		words = words[:len(words)-1]
	}
	if len(words) > 1 && words[0] == "thu" {
		if !introduced {
			return 0, false // "thứ 2 nhé": a weekday
		}
		words = words[1:]
	}
	switch strings.Join(words, " ") {
	case "dau", "dau tien":
		return 1, introduced
	case "cuoi", "cuoi cung":
		return lastChoice, introduced
	}
	if len(words) != 1 {
		return 0, false
	}
	if n, ok := pickWords[words[0]]; ok {
		return n, introduced // "hai" alone is too many other things
	}
	return pickDigits(words[0]) // "2 nha", "số 2"
}

// pickDigits reads one or two digits as a number from 1.
func pickDigits(w string) (int, bool) {
	if len(w) > 2 {
		return 0, false
	}
	n, err := strconv.Atoi(w)
	return n, err == nil && n >= 1
}
