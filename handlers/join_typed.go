package handlers

import (
	"context"
	"strings"
	"unicode"

	"loa/chat"
)

// A member on a phone often answers Loa's yes/no questions by typing
// ("dong y", "co e dong y a", "xoa di") instead of pressing the button;
// on Telegram the buttons may be scrolled away. The consent and the
// erase question therefore wait for her next message as a step: a typed
// yes or no answers them exactly as the button would, anything else
// (a question) goes on to the rest of the router and the button still
// works.

const (
	stepConsent = "dongy"   // arg: the invite code she typed
	stepErase   = "xoadata" // arg: none
)

// Words of a typed answer. A no word anywhere makes it a no ("ko dong y",
// "k xoa", "thoi giu lai"); otherwise every word must be a yes word or a
// polite filler, with at least one yes word, so "dong y nhung vay von thi
// sao" stays a question.
var (
	typedYes = map[string]bool{"co": true, "dong": true, "y": true, "ok": true, "oke": true, "okie": true,
		"u": true, "uh": true, "uk": true, "um": true, "vang": true, "da": true, "duoc": true, "dc": true,
		"dung": true, "roi": true}
	typedNo = map[string]bool{"khong": true, "ko": true, "k": true, "kg": true, "kh": true, "hong": true,
		"hok": true, "thoi": true, "chua": true, "huy": true}
	typedFiller = map[string]bool{"e": true, "em": true, "chi": true, "c": true, "a": true, "nhe": true,
		"nha": true, "oi": true, "loa": true, "toi": true, "minh": true, "lam": true, "luon": true, "di": true}
	// eraseYes and eraseNo are what she says to "xoá toàn bộ thông tin?".
	eraseYes = map[string]bool{"xoa": true, "het": true}
	eraseNo  = map[string]bool{"giu": true, "lai": true}
)

// typedAnswer reads a short typed answer to a yes/no question: 1 yes, 0
// no, -1 neither. yes and no add the question's own words ("xoá", "giữ").
func typedAnswer(text string, yes, no map[string]bool) int {
	words := strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	if len(words) == 0 || len(words) > 8 {
		return -1
	}
	sawYes := false
	for _, w := range words {
		if f := foldWord(w); typedNo[f] || no[f] {
			return 0
		}
	}
	for _, w := range words {
		f := foldWord(w)
		switch {
		case typedYes[f] || yes[f]:
			sawYes = true
		case typedFiller[f]:
		default:
			return -1
		}
	}
	if sawYes {
		return 1
	}
	return -1
}

// awaitAnswer makes her next message in this chat answer the question
// just asked (state is "step:arg"). Failing to remember it only costs the
// typed answer: the buttons still work.
func (r *joining) awaitAnswer(ctx context.Context, u chat.Update, state string) {
	if err := r.store.SetPending(ctx, u.Platform, u.ChatID, u.UserID, state); err != nil {
		r.log.Warn("await typed answer", "platform", u.Platform, "error", err)
	}
}

// consentTyped answers the consent question with her words; nil hands a
// message that is no answer to the rest of the router.
func (r *joining) consentTyped(ctx context.Context, u chat.Update, code string, _ plainCommands) []chat.Reply {
	switch typedAnswer(u.Text, nil, nil) {
	case 1:
		return r.consentYes(ctx, u, code)
	case 0:
		return []chat.Reply{{Text: msgDisagreed}}
	}
	return nil
}

// eraseTyped answers "xoá toàn bộ thông tin?" with her words.
func (r *joining) eraseTyped(ctx context.Context, u chat.Update, _ string, _ plainCommands) []chat.Reply {
	switch typedAnswer(u.Text, eraseYes, eraseNo) {
	case 1:
		return r.erase(ctx, u, "y")
	case 0:
		return r.erase(ctx, u, "n")
	}
	return nil
}

// forgetAnswer drops the typed-answer step named step when a button
// answered its question first (also «Chỉ tắt tin tuyên truyền» under the
// erase question, schedule.go), so a later "ok" (thanks) or "có" is not
// read as a second answer. Another step she may have started since stays.
func (r *kit) forgetAnswer(ctx context.Context, u chat.Update, step string) {
	state, err := r.store.TakePending(ctx, u.Platform, u.ChatID, u.UserID)
	if err != nil {
		r.log.Warn("forget typed answer", "platform", u.Platform, "error", err)
		return
	}
	if name, _, _ := strings.Cut(state, ":"); state == "" || name == step {
		return
	}
	if err := r.store.SetPending(ctx, u.Platform, u.ChatID, u.UserID, state); err != nil {
		r.log.Warn("restore pending step", "platform", u.Platform, "error", err)
	}
}
