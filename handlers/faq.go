package handlers

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"loa/chat"
	"loa/content"
	"loa/store"
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
	msgSmallTalkBot   = "Dạ, Loa là trợ lý tự động của Hội Liên hiệp Phụ nữ, không phải người thật ạ. " +
		"Chị cần hỏi gì về việc của Hội, chị cứ nhắn Loa nhé."
	msgSmallTalkWish   = "Dạ Loa cảm ơn chị! Chúc chị và gia đình luôn mạnh khỏe, vui vẻ ạ. 🌸"
	msgSmallTalkInsult = "Loa xin lỗi nếu chưa giúp được chị. Chị cho Loa biết chị cần gì, " +
		"hoặc bấm \"Hỏi cán bộ Hội\" để hỏi trực tiếp cán bộ; Loa sẽ cố gắng trả lời đúng hơn ạ."
	msgSmallTalkBye = "Dạ, chào chị nhé! Khi nào cần, chị cứ nhắn Loa ạ. Chúc chị một ngày bình an. 🌸"
	// msgSmallTalkPlay answers a request to sing, joke or tell a story,
	// and whether Loa has a lover: kindly, and back to what she can do.
	msgSmallTalkPlay = "Dạ, Loa chỉ là trợ lý tự động của Hội nên không biết hát, kể chuyện hay có người yêu đâu ạ 😊 " +
		"Việc của Hội thì Loa giúp chị được: vay vốn, BHYT, VNeID, phòng chống bạo lực… Chị chọn một chủ đề dưới đây nhé."
	// msgSmallTalkComplaint answers a complaint about Loa's answers: an
	// apology, a shorter way to ask, and a person (the "Hỏi cán bộ Hội"
	// button, as after a second correction).
	msgSmallTalkComplaint = "Dạ, Loa xin lỗi chị vì chưa giúp được đúng ý chị. " +
		"Chị gõ lại câu hỏi ngắn gọn giúp Loa, hoặc bấm \"Hỏi cán bộ Hội\" để gửi câu hỏi tới chi hội, cán bộ sẽ trả lời chị ạ."
	msgClarify = "Chị muốn hỏi điều nào dưới đây ạ? Chị chọn giúp Loa nhé."
	// msgSuggest follows the fallback when the knowledge base has likely
	// entries (content.Answer.Suggest): their buttons come first, above
	// the topics.
	msgSuggest       = "Có phải chị muốn hỏi một trong các câu dưới đây không ạ? Chị bấm vào câu đó để xem câu trả lời nhé."
	labelNoneOfThese = "Không phải, xem chủ đề khác"
	msgOutOfScope    = "Xin lỗi chị, câu này nằm ngoài việc của Hội nên Loa không trả lời được ạ. " +
		"Loa giúp chị được các việc của Hội LHPN: vay vốn, VNeID, BHYT, BHXH, gia đình 5 không 3 sạch, " +
		"phòng chống bạo lực… Chị chọn một chủ đề dưới đây nhé."
	labelMoreTopics = "📚 Chủ đề khác"
	msgBareNumber   = "Lựa chọn này đã đóng rồi ạ. Chị gõ câu hỏi, hoặc chọn một chủ đề dưới đây nhé."
	// msgBareNumberHead: for a head a lone number is most likely a
	// meeting's headcount typed with nothing asked.
	msgBareNumberHead = "Chị muốn báo cáo %s người dự họp ạ? Chị gõ /baocao %s để chọn buổi họp. (Nếu chị đang chọn trong một danh sách cũ thì lựa chọn đó đã đóng rồi ạ.)"
	sourcePrefix      = "Nguồn: "
	msgVagueFollowUp  = "Dạ, chị nói rõ giúp Loa là việc gì nhé, ví dụ: \"điều kiện vay vốn hộ nghèo\" hay \"làm VNeID mức 2 ở đâu\". " +
		"Loa chưa rõ chị hỏi tiếp về việc nào ạ."
	// msgHarmNoAnswer follows the hotline line when her words tell of harm
	// but nothing answers them: never "Loa chưa có câu trả lời" then.
	msgHarmNoAnswer = "Loa chưa hiểu hết điều chị kể. Nếu chị hoặc ai đó đang gặp nguy hiểm, chị gọi ngay số trên nhé. " +
		"Chị có thể kể rõ hơn để Loa giúp, hoặc báo chi hội trưởng, Hội LHPN xã, phường. Chị không một mình."
	// msgHarmGoesOn replaces it for a piece of a story told after the
	// script or the line (she is afraid, she dares not call, she hides):
	// "Loa chưa hiểu" then reads as not listening to a woman in danger.
	msgHarmGoesOn = "Loa vẫn đang nghe chị. Chị gọi ngay số ở trên nhé; nếu chưa gọi được hoặc chưa dám gọi, " +
		"chị nhờ ngay người ở gần (hàng xóm, người thân tin cậy) giúp, rồi kể tiếp cho Loa. Chị không một mình."
)

// maxButtonLabel keeps question buttons to one or two lines on a phone.
const maxButtonLabel = 60

// faq answers questions from the knowledge base and its topic and entry
// buttons; the router hands it every message no command or step took.
type faq struct {
	*kit
	// desk takes an explicit ask for a person before the knowledge base,
	// and a registered member's question it cannot answer (questions.go).
	desk *questionDesk
}

func (r *faq) register(g *registry) {
	g.button("t", r.topicButton)
	g.button("f", r.entryButton)
	g.question = r.onQuestion
}

// onQuestion answers a question from the knowledge base; answer says how
// (AnswerAnswered, AnswerUnanswered, AnswerEmergency, or "" for small talk
// and a clarifying choice). Its answer replaces her open choice (choices.go):
// the entries it asks her to pick from, or none. recall is what Loa keeps
// in mind of her conversation: what she asked before (followup.go), which
// this question's replaces, and the emergency she was given lately.
func (r *faq) onQuestion(ctx context.Context, u chat.Update, recall store.Recall) (replies []chat.Reply, answer string) {
	t := &turn{last: recall.Last, emergency: recall.Emergency, member: recall.Member, choice: recall.Choice}
	replies, answer = r.answer(ctx, u, t)
	r.offerChoice(ctx, u, askedChoice(replies))
	if t.next != nil {
		r.rememberQuestion(ctx, u, *t.next)
	}
	return replies, answer
}

// turn is what one question knows of the conversation: what she asked
// before, the emergency she was given within store.EmergencyMemory (its
// id, "" when none), whether her words may be kept (store.Recall.Member),
// her open choice (its buttons' data, choices.go), and what to keep in
// mind after it (nil: leave it as it is, as after small talk).
type turn struct {
	last      store.LastQuestion
	emergency string
	member    bool
	choice    []string
	next      *store.LastQuestion
}

// keep sets what this question leaves in mind; entries nil with no
// subject forgets. Of a visitor's question (not a consenting member) only
// the words the entries shown to her use are kept.
func (t *turn) keep(subject string, entries []*content.Entry, answered bool) {
	if !t.member {
		subject = entriesWords(subject, entries) // a visitor's own words are not kept
	}
	t.next = &store.LastQuestion{Subject: subject, Entries: entryIDs(entries), Answered: answered}
}

// askedChoice is the buttons of the reply that asks her to pick an entry
// (msgClarify, msgSuggest, and a correction's other entries: on Zalo they
// are numbered, and she types the number), nil when none does.
func askedChoice(replies []chat.Reply) [][]chat.Button {
	for _, rep := range replies {
		if strings.HasSuffix(rep.Text, msgClarify) || strings.HasSuffix(rep.Text, msgSuggest) ||
			strings.HasSuffix(rep.Text, msgCorrection) || strings.HasSuffix(rep.Text, msgCorrectionAgain) ||
			strings.HasSuffix(rep.Text, msgCorrectionNothing) {
			return rep.Buttons
		}
	}
	return nil
}

// answer is onQuestion's reply, before the choice it offers is kept.
func (r *faq) answer(ctx context.Context, u chat.Update, t *turn) (replies []chat.Reply, answer string) {
	if replies, answer, ok := r.desk.onAskForPerson(ctx, u); ok {
		return replies, answer
	}
	if !calledInGroup(u) && !r.mustHear(u, t) {
		r.log.Debug("group message not for Loa", "platform", u.Platform)
		return nil, ""
	}
	// A bare number is an answer to a choice that is no longer open (on
	// Zalo, choices are numbered), not a question about "mức 1".
	if isBareNumber(u.Text) {
		if r.mayReport(ctx, u) {
			n := strings.TrimRight(strings.TrimSpace(u.Text), ".)")
			return []chat.Reply{{Text: fmt.Sprintf(msgBareNumberHead, n, n)}}, ""
		}
		return []chat.Reply{{Text: msgBareNumber, Buttons: r.topicMenu()}}, ""
	}
	// "còn cái kia thì sao" points at an earlier message Loa does not
	// keep: she is asked to name it, and nothing goes to staff as an
	// unanswered question.
	if vagueFollowUp(u.Text) {
		// Unless she picked one of the entries Loa offered: "cái kia" is
		// the other one, and Loa knows it.
		switch others := otherChoices(t.choice, t.last); len(others) {
		case 0:
		case 1:
			r.log.Info("the other one of her choice", "platform", u.Platform)
			return r.entryButton(ctx, u, others[0]), ""
		default:
			var rows [][]chat.Button
			for _, id := range others {
				if e := r.kb.KB().Entry(id); e != nil {
					rows = append(rows, []chat.Button{{Text: buttonLabel(e), Data: "f:" + e.ID}})
				}
			}
			rows = append(rows, []chat.Button{{Text: labelNoneOfThese, Data: "m"}})
			return []chat.Reply{{Text: msgClarify, Buttons: rows}}, ""
		}
		r.log.Info("vague follow-up", "platform", u.Platform)
		return []chat.Reply{{Text: msgVagueFollowUp, Buttons: r.topicMenu()}}, ""
	}
	// "dạ cảm ơn c, cho e hỏi thêm lãi suất": the question is what
	// follows. Unless the whole message is small talk or harm: "cảm ơn
	// c nha, chiều e lên xã nộp" is thanks, whatever follows the thanks.
	text := u.Text
	kb := r.kb.KB()
	ans := kb.Ask(text)
	if rest, ok := afterThanks(text); ok && ans.SmallTalk == "" && ans.Emergency == nil {
		text = rest
		ans = kb.Ask(text)
	}
	if both, ok := withLast(kb, text, ans, t.last); ok {
		r.log.Info("follow-up read with her previous question", "platform", u.Platform, "score", both.Score)
		ans = both
	}
	if ans.Emergency != nil {
		t.keep("", nil, false)
		if recentEmergency(kb, ans.Emergency.ID) != nil {
			// (A loss told as grief gets a warm word, no script to
			// keep first. Two kinds' script, violence with a wound, is
			// a copy of the first kind's, kept by its id: compared as
			// pointers, "đang đập đồ trong nhà" after "ck e say về"
			// left her next pieces without a line.)
			r.rememberEmergency(ctx, u, ans.Emergency)
		}
		text := ans.Emergency.Answer
		if u.Group {
			text += "\n\n" + r.privateOffer(u)
		}
		return []chat.Reply{{Text: text, Urgent: true}}, AnswerEmergency
	}
	// line is the hotline line shown first, when the safety classifier is
	// unsure (Caution), whatever follows: a missed emergency costs a
	// person, a line too many costs nothing. She was given a script or a
	// line minutes ago and goes on telling (in pieces, "e trốn trong nhà
	// tắm" after "ổng say rồi đang kiếm e"): what she was told then comes
	// first again, then what this piece tells if it tells other harm, and
	// a piece nothing answers reaches a person as a worrying one does.
	// A line of its own is kept in mind only for a message that nothing
	// answers (below): a story, not a question that happens to worry the
	// classifier, whose line would follow her answers for 20 minutes.
	line, worried, keep, goesOn := "", ans.Caution != nil, ans.Caution != nil, false
	if ans.Caution != nil {
		line = ans.Caution.Caution
	}
	if ans.SmallTalk == "" {
		recent := recentEmergency(kb, t.emergency)
		goesOn = recent != nil
		switch {
		case recent != nil && (ans.Caution == nil || ans.Caution == recent):
			line, worried, keep = recent.Caution, true, false
		case recent != nil:
			line, worried, keep = addLines(recent.Caution, ans.Caution.Caution), true, false
		}
	}
	caution := func(rs []chat.Reply) []chat.Reply {
		if line != "" && len(rs) > 0 {
			rs[0].Text = line + "\n\n" + rs[0].Text
			rs[0].Urgent = true // the hotline does not wait behind her chat's queue
		}
		return rs
	}
	// "ko hiểu, nói rõ hơn đi" asks for the last answer again, simply
	// (explain.go); what she asked stays in mind (t.next nil).
	if asksToExplain(text) {
		r.log.Info("asked to explain the last answer again", "platform", u.Platform, "answered", t.last.Answered)
		return caution([]chat.Reply{explainAgain(kb, t.last)}), ""
	}
	// "sai bét rồi Loa ơi" right after an answer corrects it: the other
	// entries are offered (below), not only an apology.
	if ans.SmallTalk != "" && !(apologyKinds[ans.SmallTalk] && isCorrection(text) && len(t.last.Entries) > 0) {
		return []chat.Reply{smallTalkReply(ans.SmallTalk, r.topicMenu)}, ""
	}
	if isCorrection(text) && len(t.last.Entries) == 0 {
		// "ko phải" after the emergency script, small talk, or long after
		// her question: it asks nothing, and read as a question its words
		// matched a policy loan and the tax on selling online.
		r.log.Info("correction with nothing to correct", "platform", u.Platform)
		return caution([]chat.Reply{correctionAgain(msgCorrectionNothing)}), ""
	}
	if isCorrection(text) {
		r.log.Info("answer corrected", "platform", u.Platform, "again", t.last.Corrected)
		corrected := t.last
		corrected.Corrected = true
		t.next = &corrected
		if t.last.Corrected {
			// The same entries again would be a loop: a person answers.
			return caution([]chat.Reply{correctionAgain(msgCorrectionAgain)}), ""
		}
		return caution([]chat.Reply{r.correction(kb, t.last)}), ""
	}
	if len(ans.Clarify) > 0 {
		t.keep(ans.Normalized, ans.Clarify, false)
		var rows [][]chat.Button
		for _, e := range ans.Clarify {
			rows = append(rows, []chat.Button{{Text: buttonLabel(e), Data: "f:" + e.ID}})
		}
		rows = append(rows, []chat.Button{{Text: labelNoneOfThese, Data: "m"}})
		return caution([]chat.Reply{{Text: msgClarify, Buttons: rows}}), ""
	}
	if len(ans.Entries) == 0 && line == "" && harmOf(ans) == nil && selfIntroduction(text) {
		// "e ở ấp 3 xã Phú Lý": she tells where she is (selfintro.go);
		// what she asked before stays in mind (t.next nil).
		r.log.Info("self-introduction", "platform", u.Platform)
		return []chat.Reply{selfIntroReply()}, ""
	}
	if len(ans.Entries) == 0 {
		t.keep("", nil, false)
		if e := harmOf(ans); e != nil || line != "" {
			if line == "" {
				line = e.Caution
			}
			if keep {
				r.rememberEmergency(ctx, u, ans.Caution)
			}
			r.log.Info("question not answered, hotline given", "platform", u.Platform, "worried", worried, "score", ans.Score)
			text := line + "\n\n" + msgHarmNoAnswer
			if goesOn {
				text = line + "\n\n" + msgHarmGoesOn
			}
			if u.Group {
				// "Kể rõ hơn" not in front of the whole group.
				text += "\n\n" + r.privateOffer(u)
			}
			if ans.InScope && r.store != nil {
				if err := r.store.RecordUnanswered(ctx, identity(u), ans.Normalized, u.Text); err != nil {
					r.log.Warn("record unanswered question", "platform", u.Platform, "error", err)
				}
			}
			// A person follows up what the classifier itself found worrying
			// (Caution), or an in-scope question; not every faint harm word.
			if ans.InScope || worried {
				if forwarded := r.desk.forwardHarm(ctx, u); forwarded != "" {
					text += "\n\n" + forwarded
				}
			}
			// One button to the topics, not the whole menu: on a phone (on
			// Zalo, a numbered list) eighteen programmes under the number to
			// call bury it for a woman in danger.
			return []chat.Reply{{Text: text, Buttons: [][]chat.Button{{{Text: labelMoreTopics, Data: "m"}}}, Urgent: true}}, AnswerUnanswered
		}
		if !ans.InScope && asksOwnBranch(u.Text) {
			// Her branch's doings: her head answers them (branchdoings.go).
			r.log.Info("question about her branch taken as in scope", "platform", u.Platform, "score", ans.Score)
			ans.InScope = true
		}
		if !ans.InScope {
			r.log.Info("question out of scope", "platform", u.Platform, "score", ans.Score)
			return caution([]chat.Reply{{Text: msgOutOfScope, Buttons: r.topicMenu()}}), AnswerUnanswered
		}
		if r.store != nil {
			if err := r.store.RecordUnanswered(ctx, identity(u), ans.Normalized, u.Text); err != nil {
				r.log.Warn("record unanswered question", "platform", u.Platform, "error", err)
			}
		}
		t.keep(ans.Normalized, ans.Suggest, false)
		r.log.Info("question not answered", "platform", u.Platform, "score", ans.Score, "suggested", len(ans.Suggest))
		return caution([]chat.Reply{suggestReply(r.desk.fallback(ctx, u), ans.Suggest, r.topicMenu())}), AnswerUnanswered
	}
	t.keep(ans.Normalized, ans.Entries, true)
	for i, e := range ans.Entries {
		reply := chat.Reply{Text: entryText(e)}
		if i == len(ans.Entries)-1 {
			reply.Buttons = relatedButtons(ans.Related)
		}
		replies = append(replies, reply)
	}
	if ans.Local.Kind != "" {
		// The general answer, then the honest word that the commune's
		// own fact is not Loa's, under it with the buttons.
		last := &replies[len(replies)-1]
		replies = append(replies, chat.Reply{Text: r.localNote(ctx, u, ans), Buttons: last.Buttons})
		replies[len(replies)-2].Buttons = nil
	}
	return caution(replies), AnswerAnswered
}

// localLines say, by what she asked (content.LocalSpecific.Kind), which
// fact the general answer does not hold; %s is where it belongs.
var localLines = map[string]string{
	content.LocalDate:   "Còn ngày giờ cụ thể %s thì Loa không nắm được ạ.",
	content.LocalPerson: "Còn tên người cụ thể %s thì Loa không nắm được ạ.",
	content.LocalPhone:  "Còn số điện thoại cụ thể %s thì Loa không có ạ.",
	content.LocalList:   "Còn danh sách, kết quả cụ thể %s thì Loa không nắm được ạ.",
	content.LocalCount:  "Còn số liệu cụ thể %s thì Loa không nắm được ạ.",
}

// localNote is the line under a general answer to a question of her
// commune's or this round's own fact: Loa does not hold it, and the
// question goes on as an unanswered one does (the unanswered log staff
// read, and her branch's queue), so that the people who know answer her.
func (r *faq) localNote(ctx context.Context, u chat.Update, ans content.Answer) string {
	where := "của đợt này"
	if ans.Local.Place {
		where = "ở địa phương chị"
	}
	line, ok := localLines[ans.Local.Kind]
	if !ok {
		line = localLines[content.LocalDate]
	}
	if r.store != nil {
		if err := r.store.RecordUnanswered(ctx, identity(u), ans.Normalized, u.Text); err != nil {
			r.log.Warn("record unanswered question", "platform", u.Platform, "error", err)
		}
	}
	r.log.Info("local specific handed on", "platform", u.Platform, "kind", ans.Local.Kind)
	return fmt.Sprintf(line, where) + " " + r.desk.handOnLocal(ctx, u)
}

// mustHear reports whether words overheard in a group (not said to Loa)
// still need her: an emergency, or words the safety classifier is unsure
// about (a missed emergency costs a person, a line too many costs
// nothing), or more of a story she was given a hotline for minutes ago.
func (r *faq) mustHear(u chat.Update, t *turn) bool {
	kb := r.kb.KB()
	ans := kb.Ask(u.Text)
	return ans.Emergency != nil || ans.Caution != nil || recentEmergency(kb, t.emergency) != nil
}

// suggestReply is the fallback text with its topic menu, and, when the
// knowledge base has likely entries for the question, "Có phải chị muốn
// hỏi…" with one button per entry (the buttons a clarifying choice uses)
// above the topics: one tap to the answer she most likely wants, while the
// question still goes to staff.
func suggestReply(text string, suggest []*content.Entry, topics [][]chat.Button) chat.Reply {
	if len(suggest) == 0 {
		return chat.Reply{Text: text, Buttons: topics}
	}
	rows := make([][]chat.Button, 0, len(suggest)+len(topics))
	for _, e := range suggest {
		rows = append(rows, []chat.Button{{Text: buttonLabel(e), Data: "f:" + e.ID}})
	}
	return chat.Reply{Text: text + "\n\n" + msgSuggest, Buttons: append(rows, topics...)}
}

// mayReport tells whether the sender of a private message may report
// attendance somewhere (a head, staff). In a group nobody's role shows.
func (r *faq) mayReport(ctx context.Context, u chat.Update) bool {
	if u.Group || r.store == nil {
		return false
	}
	a, err := r.actor(ctx, u)
	if err != nil {
		r.log.Warn("bare number: load actor", "platform", u.Platform, "error", err)
		return false
	}
	return CanSomewhere(a, ActReportAttendance)
}

// rememberEmergency keeps in mind, for store.EmergencyMemory, that this
// person in this chat was given the script or the hotline line of e.
func (r *faq) rememberEmergency(ctx context.Context, u chat.Update, e *content.Emergency) {
	if r.store == nil {
		return
	}
	if err := r.store.RememberEmergency(ctx, u.Platform, u.ChatID, u.UserID, e.ID); err != nil {
		r.log.Warn("remember emergency", "platform", u.Platform, "error", err)
	}
}

// recentEmergency is the emergency of kb whose script this person in this
// chat was given within store.EmergencyMemory (id, as BeginUpdate read
// it), nil when none (or when it left the knowledge base in a reload).
func recentEmergency(kb *content.KB, id string) *content.Emergency {
	if id == "" {
		return nil
	}
	for _, e := range kb.Emergencies() {
		if e.ID == id {
			return e
		}
	}
	return nil
}

// addLines is the hotline lines of first, then those of more that first
// does not hold: a piece's line may be two kinds' lines, one of them the
// line she was given before ("e trốn trong nhà tắm" after violence got
// violence's line twice, a fire line between).
func addLines(first, more string) string {
	have := strings.Split(first, "\n")
	out := first
	for _, l := range strings.Split(more, "\n") {
		if !slices.Contains(have, l) {
			have = append(have, l)
			out += "\n" + l
		}
	}
	return out
}

// harmOf is the emergency whose hotline line an unanswered message gets
// instead of "no answer": the classifier's unsure kind (Caution), else the
// kind her words of harm point to (Harm); nil when neither.
func harmOf(ans content.Answer) *content.Emergency {
	if ans.Caution != nil {
		return ans.Caution
	}
	return ans.Harm
}

// vagueWords are what a follow-up without its subject is made of ("còn
// cái kia thì sao", "cái đó là sao"); deicticWords point at something said
// before, one of which it must hold.
var (
	vagueWords = map[string]bool{"con": true, "cai": true, "kia": true, "do": true, "day": true, "nay": true, "ay": true,
		"thi": true, "sao": true, "the": true, "nao": true, "vay": true, "z": true, "ntn": true, "la": true, "gi": true,
		"a": true, "ha": true, "chi": true, "oi": true, "e": true, "em": true, "c": true, "viec": true, "vu": true,
		"nhu": true, "lam": true, "roi": true, "nua": true, "hoi": true}
	deicticWords = map[string]bool{"kia": true, "do": true, "ay": true, "nay": true}
)

// vagueFollowUp reports whether text only points at an earlier message:
// every word a vagueWord, one of them deictic, at most eight words.
func vagueFollowUp(text string) bool {
	words := strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	if len(words) < 2 || len(words) > 8 {
		return false
	}
	pointed := false
	for _, w := range words {
		f := foldWord(w)
		if !vagueWords[f] {
			return false
		}
		pointed = pointed || deicticWords[f]
	}
	return pointed
}

// otherChoices are the entries of her open choice (its buttons' data)
// other than the one she picked from it and was answered with last; none
// when she picked none of it, or it is gone (store.ChoiceMemory,
// store.FollowUpMemory).
func otherChoices(choice []string, last store.LastQuestion) []string {
	if !last.Answered || len(last.Entries) == 0 {
		return nil
	}
	var others []string
	picked := false
	for _, d := range choice {
		id, ok := strings.CutPrefix(d, "f:")
		switch {
		case !ok:
		case id == last.Entries[0]:
			picked = true
		default:
			others = append(others, id)
		}
	}
	if !picked {
		return nil
	}
	return others
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

// apologyKinds are the kinds of small talk (content.Answer.SmallTalk)
// that find fault with Loa: she apologises and offers a person.
var apologyKinds = map[string]bool{"complaint": true, "insult": true}

// smallTalkReply answers small talk briefly instead of logging it as an
// unanswered question (kind: content.Answer.SmallTalk). A goodbye gets no
// buttons; a complaint or rudeness gets an apology and the hand-off to a
// person (/hoicanbo, as after a second correction); the rest the topics
// (topics is called only for them).
func smallTalkReply(kind string, topics func() [][]chat.Button) chat.Reply {
	switch kind {
	case "goodbye":
		return chat.Reply{Text: msgSmallTalkBye}
	case "complaint":
		return correctionAgain(msgSmallTalkComplaint)
	case "insult":
		return correctionAgain(msgSmallTalkInsult)
	}
	text := msgSmallTalkHi // "greeting", "empty", and a kind this version does not know
	switch kind {
	case "thanks":
		text = msgSmallTalkThank
	case "bot":
		text = msgSmallTalkBot
	case "wish":
		text = msgSmallTalkWish
	case "play":
		text = msgSmallTalkPlay
	}
	return chat.Reply{Text: text, Buttons: topics()}
}

func entryText(e *content.Entry) string {
	text := strings.TrimSpace(e.Answer)
	if src := firstSource(e.Source); src != "" {
		text += "\n\n" + sourcePrefix + src
	}
	return text
}

// firstSource shows one source: several long URLs would bury the answer on a
// small screen; the content file keeps them all. It is the first of the
// sources (written " ; " apart) that holds a link, so that a member or a
// staff member can open it and show it upward; the editors' notes to
// themselves ("content-facts.md §24 (…)", the project's own fact sheet) are
// never shown. A source without any link is shown as written.
func firstSource(s string) string {
	parts := strings.Split(s, " ; ")
	for _, p := range parts {
		if strings.Contains(p, "http://") || strings.Contains(p, "https://") {
			return withoutFactSheet(p)
		}
	}
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" && !strings.Contains(p, "content-facts.md") {
			return p
		}
	}
	return ""
}

// factSheetCite matches a citation of the editors' own file of checked
// facts (shared/reference/content-facts.md, "content-facts.md §8.4, §18:"),
// which no member can open, with the "xem" that may lead it.
var factSheetCite = regexp.MustCompile(`(?:[,;]?\s*xem\s+)?content-facts\.md(?:\s*§[0-9.]+(?:,\s*§[0-9.]+)*)?:?\s*`)

// withoutFactSheet removes the fact-sheet citations from a source as
// written, and the empty brackets they leave.
func withoutFactSheet(p string) string {
	p = factSheetCite.ReplaceAllString(p, "")
	p = strings.ReplaceAll(p, "()", "")
	return strings.TrimSpace(p)
}

func relatedButtons(related []*content.Entry) [][]chat.Button {
	var rows [][]chat.Button
	for _, e := range related {
		rows = append(rows, []chat.Button{{Text: buttonLabel(e), Data: "f:" + e.ID}})
	}
	return append(rows, []chat.Button{{Text: labelMoreTopics, Data: "m"}})
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

func (r *faq) topicButton(ctx context.Context, u chat.Update, id string) []chat.Reply {
	t := r.kb.KB().Topic(id)
	if t == nil {
		return []chat.Reply{{Text: msgUnknownTopic, Buttons: r.topicMenu()}}
	}
	rows := relatedButtons(t.Entries)
	r.offerChoice(ctx, u, rows) // she opened the list to pick a question
	return []chat.Reply{{Text: strings.Replace(msgTopicQuestions, "%s", t.Title, 1), Buttons: rows}}
}

func (r *faq) entryButton(ctx context.Context, u chat.Update, id string) []chat.Reply {
	kb := r.kb.KB()
	e := kb.Entry(id)
	if e == nil {
		return []chat.Reply{{Text: msgUnknownEntry, Buttons: r.topicMenu()}}
	}
	// The entry she picked is her subject now: "vậy vay được bao nhiêu"
	// after the tap leans on it.
	if len(e.Questions) > 0 {
		r.rememberQuestion(ctx, u, store.LastQuestion{Subject: content.Normalize(e.Questions[0]), Entries: []string{e.ID}, Answered: true})
	}
	return []chat.Reply{{Text: entryText(e), Buttons: relatedButtons(kb.Related(e))}}
}
