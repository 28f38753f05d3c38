package handlers

import (
	"fmt"
	"strings"

	"loa/chat"
	"loa/content"
	"loa/store"
)

// "ko hiểu, nói rõ hơn đi c" right after an answer asks Loa to say it
// again more simply. Read as a question, its words matched nothing: she got
// "Loa chưa có câu trả lời… đã ghi lại để cán bộ Hội bổ sung", staff got
// an "unanswered question" with no subject, and what she had asked was
// forgotten, so her next words ("bao nhiêu tiền một năm") lost their
// subject too. Now she gets the answer's first paragraph, the main point,
// a way to ask one thing at a time, and a person; what she asked stays
// in mind.

const (
	msgExplainAgain = "Dạ, Loa xin lỗi vì nói chưa dễ hiểu. Ý chính là:\n\n%s\n\n" +
		"Chị chưa rõ chỗ nào thì hỏi lại ngắn một ý (ví dụ: \"cần giấy tờ gì\", \"làm ở đâu\", \"bao nhiêu tiền\"), " +
		"hoặc bấm \"Hỏi cán bộ Hội\" để cán bộ giải thích cho chị nhé."
	msgExplainNothing = "Dạ, chị chưa rõ điều gì ạ? Chị gõ câu hỏi ngắn một ý để Loa trả lời, " +
		"hoặc bấm \"Hỏi cán bộ Hội\" để gửi câu hỏi tới chi hội nhé."
)

// explainWords are what a request to explain again is made of once its
// particles are gone (folded, negations written "ko"): "ko hiểu gì hết",
// "nói rõ hơn đi", "giải thích lại giùm", "khó hiểu quá", "đọc chưa hiểu".
var explainWords = map[string]bool{
	"ko": true, "chua": true, "hieu": true, "gi": true, "het": true, "lam": true, "qua": true, "wa": true,
	"noi": true, "ro": true, "hon": true, "di": true, "giai": true, "thich": true, "lai": true, "de": true,
	"kho": true, "doc": true, "duoc": true, "dc": true, "cai": true, "nay": true, "do": true, "tra": true,
	"loi": true, "cau": true, "gium": true, "giup": true, "voi": true, "cho": true, "nua": true, "chut": true,
	"xiu": true, "ti": true, "nhieu": true, "j": true, "hix": true, "huhu": true, "sao": true,
}

// asksToExplain reports whether text only asks Loa to explain its last
// answer again: every word is one of explainWords or a particle, and it
// says "hiểu", "nói rõ / nói lại" or "giải thích". A question with a
// subject ("ko hiểu VNeID mức 2 là gì") is a question.
func asksToExplain(text string) bool {
	ws := words(text)
	if len(ws) == 0 || len(ws) > maxFollowUpWords {
		return false
	}
	has := map[string]bool{}
	for _, w := range ws {
		f := foldWord(w)
		switch {
		case negationWords[f]:
			f = "ko"
		case correctionParticles[f]:
			continue
		case !explainWords[f]:
			return false
		}
		has[f] = true
	}
	// "e hiểu rồi" is thanks, not a request: "hiểu" counts only denied
	// or hard ("ko hiểu", "chưa hiểu", "khó hiểu").
	notUnderstood := has["hieu"] && (has["ko"] || has["chua"] || has["kho"])
	return notUnderstood || (has["noi"] && (has["ro"] || has["lai"])) || (has["giai"] && has["thich"])
}

// explainAgain is the reply to asksToExplain: the main point of the entry
// she was answered with, or, with no answer in mind, a short way on.
func explainAgain(kb *content.KB, last store.LastQuestion) chat.Reply {
	buttons := [][]chat.Button{{{Text: labelAskPerson, Data: buttonAskPerson}}, {{Text: labelMoreTopics, Data: "m"}}}
	if !last.Answered || len(last.Entries) == 0 {
		return chat.Reply{Text: msgExplainNothing, Buttons: buttons}
	}
	e := kb.Entry(last.Entries[0])
	if e == nil {
		return chat.Reply{Text: msgExplainNothing, Buttons: buttons}
	}
	main, _, _ := strings.Cut(strings.TrimSpace(e.Answer), "\n")
	return chat.Reply{Text: fmt.Sprintf(msgExplainAgain, strings.TrimSpace(main)), Buttons: buttons}
}
