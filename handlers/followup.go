package handlers

import (
	"context"
	"slices"
	"strings"
	"unicode"

	"loa/chat"
	"loa/content"
	"loa/store"
)

// Follow-ups and corrections. Members talk rather than ask one
// self-contained question: after Loa's answer she writes "còn hộ cận
// nghèo thì sao", "vậy vay được bao nhiêu", "dạ cảm ơn c, cho e hỏi thêm
// lãi suất", or "ko phải", "sai rồi c". Read alone, such a message matches
// nothing, or the wrong entry (played on the web chat: "mua ở đâu c" after
// the price of family BHYT was "ngoài việc của Hội"; "sai rồi c" after the
// loan conditions got how to correct VNeID data). What she last asked is
// kept in mind for her in that chat (store.RememberQuestion, for
// store.FollowUpMemory, read in the update's first round trip):
//   - a follow-up that leans on it (opening with "còn", "vậy", "thế",
//     "nếu", "ý em là", or short and matching nothing in her topic alone)
//     is asked again together with her subject (withLast), and answered
//     so when that is confident and is not the answer she already has;
//     otherwise it is a new question, as before;
//   - a correction gets a short apology, the other close entries as
//     buttons and the hand-off to a person (/hoicanbo), never the same
//     answer again; a second correction in a row only the apology and
//     the person (the same entries again would be a loop).
// Safety comes first as for any message: the follow-up alone is what the
// safety layer judges, and its emergency, hotline line or small talk wins.

const (
	msgCorrection = "Dạ, Loa xin lỗi chị, câu trả lời vừa rồi chưa đúng ý chị. " +
		"Có phải chị muốn hỏi một trong các câu dưới đây không ạ? " +
		"Nếu không có, chị bấm \"Hỏi cán bộ Hội\" để gửi câu hỏi tới chi hội nhé."
	msgCorrectionNone = "Dạ, Loa xin lỗi chị, câu trả lời vừa rồi chưa đúng ý chị. " +
		"Chị bấm \"Hỏi cán bộ Hội\" để gửi câu hỏi tới chi hội, hoặc gõ lại câu hỏi rõ hơn giúp Loa nhé."
	// msgCorrectionAgain answers a second "sai rồi" in a row: the other
	// entries were offered and refused, so a person is the way on.
	msgCorrectionAgain = "Dạ, Loa xin lỗi chị, Loa chưa tìm được câu trả lời đúng ý chị. " +
		"Chị bấm \"Hỏi cán bộ Hội\" để gửi câu hỏi tới chi hội, cán bộ sẽ trả lời chị ạ. " +
		"Chị cũng có thể gõ lại câu hỏi theo cách khác."
	// msgCorrectionNothing answers "ko phải" when Loa keeps no question of
	// hers in mind (after the emergency script, after small talk, or long
	// after): nothing to offer in its place but a person.
	msgCorrectionNothing = "Dạ, Loa xin lỗi nếu chưa hiểu đúng ý chị. " +
		"Chị kể rõ hơn giúp Loa điều chị cần, hoặc bấm \"Hỏi cán bộ Hội\" để gửi câu hỏi tới chi hội nhé."
	labelAskPerson = "💬 Hỏi cán bộ Hội"
	// buttonAskPerson opens the hand-off (/hoicanbo without words).
	buttonAskPerson = "hp"
	// maxCorrectionChoices is how many other entries a correction offers.
	maxCorrectionChoices = 3
	// maxFollowUpWords: a longer message is a question of its own.
	maxFollowUpWords = 10
	// maxBareFollowUpWords is how short a follow-up is that names no
	// programme ("nộp ở đâu", "lãi bao nhiêu", "mất mấy ngày"): alone it
	// answers whatever entry shares its few words.
	maxBareFollowUpWords = 4
)

// words splits text into its words, without punctuation.
func words(text string) []string {
	return strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// negations as typed on a cheap phone, folded: "ko", "k", "hong"…
var negationWords = map[string]bool{"ko": true, "k": true, "khong": true, "hong": true, "hok": true, "kh": true,
	"khg": true, "hem": true, "kg": true, "hk": true, "hông": true}

// correctionParticles are the words around a correction that say nothing of
// it: particles, pronouns, "mà", "rồi" after "sai" is kept below.
var correctionParticles = map[string]bool{"a": true, "ah": true, "ak": true, "c": true, "chi": true, "oi": true, "ma": true,
	"nha": true, "nhe": true, "loa": true, "e": true, "em": true, "toi": true, "minh": true, "da": true, "day": true,
	"o": true, "uh": true, "u": true, "ui": true, "troi": true}

// corrections are what is left of a correction once its filler is gone
// and every negation is written "ko".
var corrections = map[string]bool{
	"ko phai": true, "ko phai roi": true, "sai": true, "sai roi": true, "sai bet": true, "sai het": true,
	"sai bet roi": true, "sai het roi": true,
	"ko dung": true, "ko dung roi": true, "chua dung": true, "nham roi": true, "nham": true,
	"hoi cai khac": true, "hoi cau khac": true, "hoi khac": true, "ko phai cai do": true, "ko phai cai nay": true,
	"ko phai cau do": true, "ko phai cau nay": true, "ko phai y": true, "ko dung y": true, "chua dung y": true,
	"ko phai vay": true, "ko phai the": true, "tra loi sai": true, "tra loi sai roi": true, "ko lien quan": true,
	"ko phai cai": true, "ko phai dieu do": true, "ko phai van de do": true,
}

// isCorrection reports whether text only says the last answer was not
// what she asked ("ko phải", "sai rồi c", "e hỏi cái khác mà").
func isCorrection(text string) bool {
	ws := words(text)
	if len(ws) == 0 || len(ws) > 8 {
		return false
	}
	var kept []string
	for _, w := range ws {
		f := foldWord(w)
		switch {
		case negationWords[f]:
			kept = append(kept, "ko")
		case correctionParticles[f]:
		default:
			kept = append(kept, f)
		}
	}
	return corrections[strings.Join(kept, " ")]
}

// afterThanks is what follows a thanks that opens a new question ("dạ cảm
// ơn c, cho e hỏi thêm lãi suất bao nhiêu" → "lãi suất bao nhiêu"); ok is
// false when text opens with no thanks or holds nothing after it.
func afterThanks(text string) (rest string, ok bool) {
	ws := words(text)
	f := make([]string, len(ws))
	for i, w := range ws {
		f[i] = foldWord(w)
	}
	i := 0
	for i < len(f) && (f[i] == "da" || f[i] == "vang" || f[i] == "ok" || f[i] == "oke" || f[i] == "uh") {
		i++
	}
	switch {
	case i+1 < len(f) && (f[i] == "cam" || f[i] == "cảm") && f[i+1] == "on":
		i += 2
	case i < len(f) && (f[i] == "camon" || f[i] == "tks" || f[i] == "thanks" || f[i] == "thank" || f[i] == "cmon"):
		i++
		if i < len(f) && f[i] == "you" {
			i++
		}
	default:
		return "", false
	}
	skip := func(set ...string) {
		for i < len(f) && slices.Contains(set, f[i]) {
			i++
		}
	}
	skip("c", "chi", "e", "em", "be", "loa", "nhieu", "a", "nha", "nhe", "lam", "ban", "nhe", "nhiu")
	skip("cho")
	skip("e", "em", "minh", "toi", "c", "chi")
	if i < len(f) && f[i] == "hoi" {
		i++
		skip("them", "tiep", "nua", "chut", "xiu", "ti", "cai", "cau", "la", "ve")
	}
	if len(ws)-i < 2 {
		return "", false // "cảm ơn chị nhiều": small talk
	}
	return strings.Join(ws[i:], " "), true
}

// leansOnLast reports whether a short message opens the way a follow-up
// does: "còn …", "vậy/z/v …", "thế …" (not "thế nào là …"), "nếu …",
// "ý em là …".
func leansOnLast(text string) bool {
	ws := words(text)
	if len(ws) < 2 || len(ws) > maxFollowUpWords {
		return false
	}
	// "nhà e 5 người thì sao": her case put to the last answer.
	var kept []string
	for _, w := range ws {
		if f := foldWord(w); !correctionParticles[f] {
			kept = append(kept, f)
		}
	}
	if tail := strings.Join(kept, " "); strings.HasSuffix(tail, "thi sao") || strings.HasSuffix(tail, "thi the nao") {
		return true
	}
	first, second := foldWord(ws[0]), foldWord(ws[1])
	switch first {
	case "con", "neu", "z", "v":
		return true
	case "the":
		return second != "nao"
	case "vay":
		// "vậy …" and not the loan ("vay vốn …", "vay tiền …").
		return second != "von" && second != "tien" && second != "ngan" && second != "duoc" && second != "dc"
	case "y":
		return second == "e" || second == "em" || second == "la" || second == "minh" || second == "toi"
	}
	return false
}

// withLast is the answer to text read as a follow-up of what she asked
// before, when that is the better reading; ok is false when it is not.
// Her subject is the topic of the entries she was shown (the whole of
// her earlier question, added to a short follow-up, drags the answer back
// to the entry she already has: "còn hộ cận nghèo thì sao" got the loan
// conditions of poor households again). So:
//   - alone answers within her topic: that answer stands;
//   - alone asks back between entries of which one is in her topic: that
//     one answers ("ai được hỗ trợ" after Mái ấm tình thương);
//   - otherwise a short message (or one that leans on the last, "còn …")
//     is asked again after her subject: the words of her question that
//     the topic's title holds ("ocop" of "ocop la gi"), else the title;
//     that reading answers when it is confident, in her topic, neither
//     the answer she has nor what the subject alone answers; or asks
//     back among entries of her topic when alone had no entry.
//
// Safety is alone's: an emergency or small talk alone is never read
// again, and the hotline line of alone (Caution, Harm) is kept.
func withLast(kb *content.KB, text string, alone content.Answer, last store.LastQuestion) (content.Answer, bool) {
	if len(last.Entries) == 0 || alone.Emergency != nil || alone.SmallTalk != "" {
		return alone, false
	}
	topics := map[string]bool{}
	var title string
	for _, id := range last.Entries {
		if e := kb.Entry(id); e != nil {
			topics[e.Topic] = true
			if t := kb.Topic(e.Topic); t != nil && title == "" {
				title = content.Normalize(t.Title) // "BHYT, BHXH": no comma to split at
			}
		}
	}
	if title == "" {
		return alone, false
	}
	// "ý em là BHYT chứ không phải BHXH": her question again, with the
	// word she meant.
	if meant, instead, ok := meantInstead(text); ok {
		// (The subject is normalised: "bhxh" is "bao hiem xa hoi" there.)
		if fixed, ok := replaceWords(last.Subject, content.Normalize(instead), content.Normalize(meant)); ok {
			a := kb.Ask(fixed)
			if a.Emergency == nil && len(a.Entries) > 0 && !slices.Contains(last.Entries, a.Entries[0].ID) {
				a.Caution, a.Harm, a.Safety = alone.Caution, alone.Harm, alone.Safety
				return a, true
			}
		}
	}
	// Her own words that name the programme ("ocop" of "ocop la gi" under
	// "Tổ hợp tác, HTX, OCOP") say her subject better than the whole title.
	if own := sharedWords(last.Subject, title); own != "" {
		title = own
	}
	inTopic := func(e *content.Entry) bool { return topics[e.Topic] }
	hasNow := func(e *content.Entry) bool {
		return last.Answered && len(last.Entries) > 0 && e.ID == last.Entries[0]
	}
	keepSafety := func(a content.Answer) content.Answer {
		a.Caution, a.Harm, a.Safety = alone.Caution, alone.Harm, alone.Safety
		return a
	}
	switch {
	case len(alone.Entries) > 0 && inTopic(alone.Entries[0]):
		return alone, false
	case len(alone.Clarify) > 0:
		var mine []*content.Entry
		for _, e := range alone.Clarify {
			if inTopic(e) && !hasNow(e) {
				mine = append(mine, e)
			}
		}
		if len(mine) == 1 {
			one := alone
			one.Entries, one.Clarify, one.Related = mine, nil, kb.Related(mine[0])
			return one, true
		}
	}
	if n := len(words(text)); n > maxFollowUpWords || (n > 5 && !leansOnLast(text)) {
		return alone, false
	}
	both := kb.Ask(title + " " + text)
	if both.Emergency != nil || both.SmallTalk != "" {
		return alone, false
	}
	// What the subject alone answers is no reading of her words ("nếu e
	// 50t thì sao" read after "BHYT BHXH" got the BHYT of BHXH members).
	generic := kb.Ask(title)
	ownWords := func(e *content.Entry) bool { return !slices.Contains(generic.Entries, e) }
	switch {
	case len(both.Entries) > 0 && inTopic(both.Entries[0]) && !hasNow(both.Entries[0]) && ownWords(both.Entries[0]):
		return keepSafety(both), true
	case len(both.Clarify) > 0 && len(alone.Entries) == 0 && len(alone.Clarify) == 0 && slices.ContainsFunc(both.Clarify, inTopic):
		return keepSafety(both), true
	}
	// The title can lose what set her question apart within the topic
	// ("vay dc bao nhieu" after "dk vay von ho ngheo" is the poor
	// households' limit, but "vay von vay dc bao nhieu" is any loan's):
	// her whole question with the follow-up answers when it lands on an
	// entry of her topic other than those she was shown and other than
	// what the subject alone answers.
	// When it is not sure either, the entries of her topic it would offer
	// (those she was shown left out) are the choice she gets, rather than
	// what the follow-up alone, without her subject, would offer.
	full := kb.Ask(last.Subject + " " + text)
	if full.Emergency == nil && full.SmallTalk == "" {
		if len(full.Entries) > 0 {
			if e := full.Entries[0]; inTopic(e) && !slices.Contains(last.Entries, e.ID) && ownWords(e) {
				return keepSafety(full), true
			}
		} else if len(alone.Entries) == 0 {
			notShown := func(e *content.Entry) bool { return inTopic(e) && !slices.Contains(last.Entries, e.ID) }
			if mine := choicesAmong(notShown, full.Clarify, full.Suggest); len(mine) > 0 {
				pick := alone
				pick.Clarify, pick.Suggest = mine, nil
				return keepSafety(pick), true
			}
		}
	}
	// Nothing answers her follow-up, but entries of her topic are among
	// those suggested for it: she is asked to pick among those (the one
	// she has too — "nhà e 5 người thì sao" after the BHYT rates is in
	// it), not told "Loa chưa có câu trả lời" with an unanswered question
	// for staff and entries of other programmes.
	if len(alone.Entries) == 0 && len(alone.Clarify) == 0 {
		if mine := choicesAmong(inTopic, both.Clarify, both.Suggest, alone.Suggest); len(mine) > 0 {
			pick := alone
			pick.Clarify, pick.Suggest = mine, nil
			return keepSafety(pick), true
		}
	}
	// A few words that name nothing of their own ("nộp ở đâu", "mất bao
	// lâu") right after the steps of a loan read with her subject as the
	// answer she has, while alone they landed in another programme (the
	// OCOP file's office). Which one she means, she says: the answer she
	// has, or the other programme's, as two buttons rather than a jump.
	if len(alone.Entries) > 0 && !inTopic(alone.Entries[0]) && len(words(text)) <= maxBareFollowUpWords {
		for _, a := range []content.Answer{both, full} {
			if len(a.Entries) > 0 && inTopic(a.Entries[0]) {
				pick := alone
				pick.Entries, pick.Related, pick.Suggest = nil, nil, nil
				pick.Clarify = []*content.Entry{a.Entries[0], alone.Entries[0]}
				return keepSafety(pick), true
			}
		}
	}
	return alone, false
}

// choicesAmong are the entries of lists that keep accepts, in order, each
// once and at most maxCorrectionChoices: the buttons of a follow-up Loa is
// unsure of.
func choicesAmong(keep func(*content.Entry) bool, lists ...[]*content.Entry) []*content.Entry {
	var out []*content.Entry
	for _, e := range slices.Concat(lists...) {
		if keep(e) && !slices.Contains(out, e) && len(out) < maxCorrectionChoices {
			out = append(out, e)
		}
	}
	return out
}

// correction is the reply to "ko phải" after the entries of last: an
// apology, the other close entries of her question (the choice the
// question gives, its suggestions and the entries related to what she
// was shown), and the hand-off to a person.
func (r *faq) correction(kb *content.KB, last store.LastQuestion) chat.Reply {
	shown := map[string]bool{}
	for _, id := range last.Entries {
		shown[id] = true
	}
	var candidates []*content.Entry
	if last.Subject != "" { // a visitor's words were not kept
		again := kb.Ask(last.Subject)
		candidates = slices.Concat(again.Entries, again.Clarify, again.Suggest, again.Related)
	}
	for _, id := range last.Entries {
		if e := kb.Entry(id); e != nil {
			candidates = append(candidates, kb.Related(e)...)
		}
	}
	var rows [][]chat.Button
	for _, e := range candidates {
		if len(rows) == maxCorrectionChoices {
			break
		}
		if shown[e.ID] {
			continue
		}
		shown[e.ID] = true
		rows = append(rows, []chat.Button{{Text: buttonLabel(e), Data: "f:" + e.ID}})
	}
	text := msgCorrection
	if len(rows) == 0 {
		text = msgCorrectionNone
	}
	rows = append(rows, []chat.Button{{Text: labelAskPerson, Data: buttonAskPerson}}, []chat.Button{{Text: labelMoreTopics, Data: "m"}})
	return chat.Reply{Text: text, Buttons: rows}
}

// correctionAgain is the reply to a correction with no other entries to
// offer (a second one in a row, msgCorrectionAgain; one with no question
// in mind, msgCorrectionNothing): text and the hand-off to a person.
func correctionAgain(text string) chat.Reply {
	return chat.Reply{Text: text, Buttons: [][]chat.Button{
		{{Text: labelAskPerson, Data: buttonAskPerson}}, {{Text: labelMoreTopics, Data: "m"}},
	}}
}

// rememberQuestion keeps q in mind for her next message (a zero q forgets
// what was there). A failure only costs reading a follow-up with its
// subject, so it is logged.
func (r *kit) rememberQuestion(ctx context.Context, u chat.Update, q store.LastQuestion) {
	if r.store == nil {
		return
	}
	if err := r.store.RememberQuestion(ctx, u.Platform, u.ChatID, u.UserID, q); err != nil {
		r.log.Warn("remember last question", "platform", u.Platform, "error", err)
	}
}

// entryIDs are the ids of es.
func entryIDs(es []*content.Entry) []string {
	ids := make([]string, len(es))
	for i, e := range es {
		ids[i] = e.ID
	}
	return ids
}

// meantInstead reads "ý em là X chứ không phải Y" (meant X, instead Y,
// both folded); ok is false for any other message.
func meantInstead(text string) (meant, instead string, ok bool) {
	ws := words(text)
	f := make([]string, len(ws))
	for i, w := range ws {
		f[i] = foldWord(w)
	}
	if len(f) < 5 || f[0] != "y" {
		return "", "", false
	}
	i := 1
	for i < len(f) && (f[i] == "e" || f[i] == "em" || f[i] == "minh" || f[i] == "toi" || f[i] == "c" || f[i] == "chi") {
		i++
	}
	if i >= len(f) || f[i] != "la" {
		return "", "", false
	}
	i++
	for j := i; j+2 < len(f); j++ {
		if f[j] == "chu" && negationWords[f[j+1]] && f[j+2] == "phai" && j > i {
			rest := f[j+3:]
			for len(rest) > 0 && correctionParticles[rest[len(rest)-1]] {
				rest = rest[:len(rest)-1]
			}
			if len(rest) == 0 {
				return "", "", false
			}
			return strings.Join(f[i:j], " "), strings.Join(rest, " "), true
		}
	}
	return "", "", false
}

// replaceWords replaces the words old in subject (normalised words) by
// new; ok is false when subject does not hold them.
func replaceWords(subject, old, new string) (string, bool) {
	padded := " " + subject + " "
	if !strings.Contains(padded, " "+old+" ") {
		return "", false
	}
	return strings.TrimSpace(strings.Replace(padded, " "+old+" ", " "+new+" ", 1)), true
}

// entriesWords are the words of subject that the questions or keywords
// of entries use (normalised, in subject's order): what a visitor asked,
// told in the knowledge base's words — no name, no number, nothing of her
// own — for a follow-up to lean on.
func entriesWords(subject string, entries []*content.Entry) string {
	var kbText []string
	for _, e := range entries {
		for _, q := range slices.Concat(e.Questions, e.Keywords) {
			kbText = append(kbText, content.Normalize(q))
		}
	}
	return sharedWords(subject, strings.Join(kbText, " "))
}

// sharedWords are the words of subject that title holds too, in
// subject's order; "" when none.
func sharedWords(subject, title string) string {
	in := map[string]bool{}
	for _, w := range strings.Fields(title) {
		in[w] = true
	}
	var out []string
	for _, w := range strings.Fields(subject) {
		if in[w] && !slices.Contains(out, w) {
			out = append(out, w)
		}
	}
	return strings.Join(out, " ")
}
