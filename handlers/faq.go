package handlers

import (
	"context"
	"strings"
	"unicode/utf8"

	"loa/content"
)

const (
	msgNoAnswer = "Xin lỗi chị, Loa chưa có câu trả lời chắc chắn cho câu hỏi này. " +
		"Loa đã ghi lại để cán bộ Hội bổ sung.\n\n" +
		"Chị có thể hỏi trực tiếp chi hội trưởng hoặc Hội LHPN xã, phường nơi chị ở; " +
		"hoặc chọn một chủ đề dưới đây nhé."
	msgTopicQuestions = "Các câu hỏi về %s:"
	msgUnknownTopic   = "Chủ đề này không còn nữa. Chị chọn lại giúp Loa nhé."
	msgUnknownEntry   = "Câu hỏi này không còn trong sổ tay của Loa. Chị chọn lại chủ đề nhé."
	msgSmallTalkHi    = "Chào chị! Chị cần Loa giúp gì ạ? Chị cứ gõ câu hỏi, hoặc chọn chủ đề dưới đây."
	msgSmallTalkThank = "Dạ không có gì ạ. Chị cần hỏi thêm gì cứ nhắn Loa nhé. 🌸"
	labelMoreTopics   = "📚 Chủ đề khác"
	msgBareNumber     = "Lựa chọn này đã đóng rồi ạ. Chị gõ câu hỏi, hoặc chọn một chủ đề dưới đây nhé."
	sourcePrefix      = "Nguồn: "
)

// maxButtonLabel keeps question buttons to one or two lines on a phone.
const maxButtonLabel = 60

func (r *Router) registerFAQ() {
	r.buttons["t"] = r.topicButton
	r.buttons["f"] = r.entryButton
}

// onQuestion answers a question from the knowledge base; answer says how
// (AnswerAnswered, AnswerUnanswered, AnswerEmergency, or "" for small talk).
func (r *Router) onQuestion(ctx context.Context, u Update) (replies []Reply, answer string) {
	// A bare number is an answer to a choice that is no longer open (on
	// Zalo, choices are numbered), not a question about "mức 1".
	if isBareNumber(u.Text) {
		return []Reply{{Text: msgBareNumber, Buttons: r.topicMenu()}}, ""
	}
	kb := r.kb.KB()
	ans := kb.Ask(u.Text)
	if ans.Emergency != nil {
		replies = append(replies, Reply{Text: ans.Emergency.Answer})
	}
	if len(ans.Entries) == 0 {
		if ans.Emergency != nil {
			return replies, AnswerEmergency
		}
		if reply, ok := smallTalk(ans.Normalized); ok {
			return []Reply{{Text: reply, Buttons: r.topicMenu()}}, ""
		}
		if r.store != nil {
			if err := r.store.RecordUnanswered(ctx, ans.Normalized, u.Text); err != nil {
				r.log.Warn("record unanswered question", "platform", u.Platform, "error", err)
			}
		}
		r.log.Info("question not answered", "platform", u.Platform, "score", ans.Score)
		return append(replies, Reply{Text: msgNoAnswer, Buttons: r.topicMenu()}), AnswerUnanswered
	}
	for i, e := range ans.Entries {
		reply := Reply{Text: entryText(e)}
		if i == len(ans.Entries)-1 {
			reply.Buttons = relatedButtons(ans.Related)
		}
		replies = append(replies, reply)
	}
	if ans.Emergency != nil {
		return replies, AnswerEmergency
	}
	return replies, AnswerAnswered
}

// isBareNumber reports whether text is only a short number ("2", " 3. ").
func isBareNumber(text string) bool {
	t := strings.TrimRight(strings.TrimSpace(text), ".)")
	if t == "" || len(t) > 3 {
		return false
	}
	for _, c := range t {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// smallTalk answers greetings and thanks warmly instead of logging them as
// unanswered questions.
func smallTalk(normalized string) (string, bool) {
	words := strings.Fields(normalized)
	if len(words) == 0 || len(words) > 5 {
		return "", false
	}
	joined := " " + normalized + " "
	for _, w := range []string{" cam on ", " thank ", " thanks ", " tks ", " cmon "} {
		if strings.Contains(joined, w) {
			return msgSmallTalkThank, true
		}
	}
	for _, w := range []string{" chao ", " xin chao ", " hello ", " hi ", " alo "} {
		if strings.Contains(joined, w) {
			return msgSmallTalkHi, true
		}
	}
	return "", false
}

func entryText(e *content.Entry) string {
	text := strings.TrimSpace(e.Answer)
	if src := firstSource(e.Source); src != "" {
		text += "\n\n" + sourcePrefix + src
	}
	return text
}

// firstSource shows one source: several long URLs would bury the answer on a
// small screen; the content file keeps them all.
func firstSource(s string) string {
	s, _, _ = strings.Cut(s, " ; ")
	s, _, _ = strings.Cut(s, ";")
	return strings.TrimSpace(s)
}

func relatedButtons(related []*content.Entry) [][]Button {
	var rows [][]Button
	for _, e := range related {
		rows = append(rows, []Button{{Text: buttonLabel(e), Data: "f:" + e.ID}})
	}
	return append(rows, []Button{{Text: labelMoreTopics, Data: "m"}})
}

func buttonLabel(e *content.Entry) string {
	label := e.ID
	if len(e.Questions) > 0 {
		label = e.Questions[0]
	}
	if utf8.RuneCountInString(label) > maxButtonLabel {
		label = string([]rune(label)[:maxButtonLabel-1]) + "…"
	}
	return label
}

func (r *Router) topicButton(ctx context.Context, u Update, id string) []Reply {
	t := r.kb.KB().Topic(id)
	if t == nil {
		return []Reply{{Text: msgUnknownTopic, Buttons: r.topicMenu()}}
	}
	rows := relatedButtons(t.Entries)
	return []Reply{{Text: strings.Replace(msgTopicQuestions, "%s", t.Title, 1), Buttons: rows}}
}

func (r *Router) entryButton(ctx context.Context, u Update, id string) []Reply {
	kb := r.kb.KB()
	e := kb.Entry(id)
	if e == nil {
		return []Reply{{Text: msgUnknownEntry, Buttons: r.topicMenu()}}
	}
	return []Reply{{Text: entryText(e), Buttons: relatedButtons(kb.Related(e))}}
}
