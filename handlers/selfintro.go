package handlers

import "loa/chat"

// Many members write to Loa as to a person at the Union's office: before
// or between questions they say who and where they are ("e ở ấp 3 xã Phú
// Lý", "tui là hội viên chi hội ấp Bàu Tre", "em tên Lan, 45 tuổi"). Read
// as a question, nothing answered it: she got "Loa chưa có câu trả lời",
// staff an unanswered question that asks nothing, and the question she was
// asking about was forgotten, so "vay được bao nhiêu" next lost its
// subject. A message that only introduces her is acknowledged, and what
// she asked before stays in mind.

const msgSelfIntro = "Dạ, Loa cảm ơn chị. Chị cần hỏi gì chị cứ gõ nhé; " +
	"việc riêng của ấp, xã mình thì chi hội trưởng nắm rõ nhất ạ."

// introPronouns open a self-introduction: how a member calls herself.
var introPronouns = map[string]bool{"e": true, "em": true, "toi": true, "tui": true, "minh": true, "chi": true,
	"con": true, "chau": true, "ba": true, "co": true, "tao": true}

// introVerbs follow the pronoun: "ở", "sống ở", "nhà ở", "quê", "là", "tên".
var introVerbs = map[string]bool{"o": true, "song": true, "nha": true, "que": true, "la": true, "ten": true}

// unitWords name the places and groups of the Union's tree and of the
// countryside; a self-introduction names one (or her name after "tên").
var unitWords = map[string]bool{"ap": true, "xa": true, "thon": true, "xom": true, "phuong": true, "huyen": true,
	"tinh": true, "buon": true, "ban": true, "lang": true, "khom": true, "khu": true, "to": true, "chi": true,
	"hoi": true, "vien": true, "tp": true, "thi": true, "tran": true, "soc": true, "bon": true, "plei": true}

// questionWords make a message a question (or a request), whatever else it
// holds: none of them is in a self-introduction.
var questionWords = map[string]bool{"gi": true, "j": true, "sao": true, "nao": true, "dau": true, "khong": true,
	"ko": true, "k": true, "hong": true, "hok": true, "chua": true, "bao": true, "may": true, "hoi": true,
	"lam": true, "can": true, "muon": true, "duoc": true, "dc": true, "co": true, "giup": true, "xin": true,
	"cach": true, "ai": true, "nhieu": true, "vay": true, "ha": true, "phai": true,
	"biet": true}

// selfIntroduction reports whether text only tells who or where she is.
func selfIntroduction(text string) bool {
	ws := words(text)
	if len(ws) < 3 || len(ws) > 14 {
		return false
	}
	f := make([]string, len(ws))
	for i, w := range ws {
		f[i] = foldWord(w)
	}
	i := 0
	for i < len(f) && (f[i] == "da" || f[i] == "vang" || f[i] == "thi") {
		i++
	}
	if i+1 >= len(f) || !introPronouns[f[i]] || !introVerbs[f[i+1]] {
		return false
	}
	named := f[i+1] == "ten"
	for _, w := range f[i+2:] {
		// A unit word first: "chi", "hội" name her branch ("hội viên chi
		// hội ấp 3"), and "chị ơi" calls Loa; neither asks anything.
		if unitWords[w] {
			named = true
			continue
		}
		if questionWords[w] {
			return false
		}
	}
	return named
}

// selfIntroReply acknowledges a self-introduction.
func selfIntroReply() chat.Reply {
	return chat.Reply{Text: msgSelfIntro, Buttons: [][]chat.Button{{{Text: labelMoreTopics, Data: "m"}}}}
}
