package handlers

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"loa/chat"
	"loa/content"
	"loa/store"
	"loa/vntime"
)

// Questions for a person (issue 10): a registered member's question that the
// knowledge base cannot answer, or one where she asks for a person ("gặp cán
// bộ", /hoicanbo), goes to her unit's queue (store questions). Her heads and
// the staff above are told in one message per period (AlertNewQuestions, a
// scheduler job that respects quiet hours). /cauhoi lists the open questions
// of the caller's scope with "Trả lời" and "Bỏ qua"; after "Trả lời" her next
// message goes to the member on the member's own platform through the outbox,
// and the question closes once: a second answerer is told. Staff and admins
// can turn an answer into a knowledge-base entry ("Thêm vào kho câu hỏi").
// Questions of people who are not registered members are only counted.

// LocalKnowledge writes answered questions into the content folder and
// serves them at once; *content.Library satisfies it.
type LocalKnowledge interface {
	AddLocalEntry(e content.LocalEntry) error
}

const (
	stepAnswer      = "traloi"   // arg: question id
	stepAskPerson   = "hoicanbo" // arg: none
	buttonAnswer    = "qa"       // arg: question id
	buttonSkip      = "qs"       // arg: question id
	buttonKnowledge = "qk"       // arg: question id
	buttonResend    = "qr"       // arg: question id
	buttonMore      = "qm"       // arg: "before" or "before:unit"
	questionPage    = 5
	answerHold      = 30 * time.Minute
	alertBatch      = 500
	quoteRunes      = 200
)

const (
	msgQuestionForwarded = "Loa chưa có câu trả lời chắc chắn cho câu hỏi này, nên đã chuyển câu hỏi tới chi hội của chị (%s). " +
		"Khi chi hội trưởng hoặc cán bộ Hội trả lời, Loa sẽ gửi tới chị ngay tại đây.%s\n\n" +
		"Trong lúc chờ, chị có thể chọn một chủ đề dưới đây nhé."
	msgPersonForwarded = "Dạ, Loa đã chuyển câu hỏi của chị tới chi hội của chị (%s). " +
		"Khi chi hội trưởng hoặc cán bộ Hội trả lời, Loa sẽ gửi tới chị ngay tại đây. " +
		"Nếu việc gấp, chị liên hệ trực tiếp chi hội trưởng hoặc Hội LHPN xã, phường nhé."
	msgNobodyToAnswer = "Loa chưa có câu trả lời chắc chắn cho câu hỏi này. Loa đã lưu câu hỏi cho %s, nhưng hiện chưa có chi hội trưởng hay cán bộ Hội nào nhận câu hỏi qua Loa, nên có thể chưa ai trả lời ngay được. " +
		"Chị liên hệ trực tiếp chi hội trưởng hoặc Hội LHPN xã, phường nhé."
	// The hand-off under a general answer to a question of her commune's
	// own fact (localNote): the question goes where an unanswered one goes.
	msgLocalForwarded  = "Loa đã chuyển câu hỏi tới chi hội của chị (%s); khi chi hội trưởng hoặc cán bộ Hội trả lời, Loa sẽ gửi tới chị ngay tại đây."
	msgLocalNobody     = "Loa đã lưu câu hỏi cho %s, nhưng hiện chưa có ai nhận câu hỏi qua Loa; chị hỏi trực tiếp chi hội trưởng hoặc Hội LHPN xã, phường nhé."
	msgLocalAsk        = "Chị hỏi chi hội trưởng hoặc Hội LHPN xã, phường nơi chị ở nhé, ở đó nắm rõ nhất."
	msgHarmForwarded   = "Loa cũng đã chuyển lời chị tới chi hội của chị (%s) để chị hội trưởng hoặc cán bộ Hội liên hệ giúp chị."
	msgWebKeepOpen     = "\n\nLưu ý: trên trang web, Loa chỉ gửi được câu trả lời khi trang này còn mở. Nếu chị đóng trang, chị hỏi lại chi hội trưởng giúp Loa nhé."
	msgPersonNobody    = "Loa đã lưu câu hỏi của chị cho %s, nhưng hiện chưa có chi hội trưởng hay cán bộ Hội nào nhận câu hỏi qua Loa, nên có thể chưa ai trả lời ngay được. Chị liên hệ trực tiếp chi hội trưởng hoặc Hội LHPN xã, phường nhé."
	msgPersonAsk       = "Dạ, chị muốn hỏi cán bộ Hội điều gì ạ? Chị gõ câu hỏi trong một tin nhắn, Loa sẽ chuyển tới chi hội của chị."
	msgPersonNotMember = "Loa chỉ chuyển được câu hỏi tới cán bộ Hội cho hội viên đã đăng ký với Loa. " +
		"Chị có thể liên hệ trực tiếp chi hội trưởng hoặc Hội LHPN xã, phường nơi chị ở; " +
		"nếu có mã mời của chi hội, chị gõ /dangky kèm mã để đăng ký nhé."
	msgTooManyQuestions = "Chị đang có %d câu hỏi chờ cán bộ Hội trả lời. Chị chờ cán bộ trả lời các câu trước rồi hỏi thêm nhé."
	msgQuestionsDenied  = "Lệnh /cauhoi dành cho chi hội trưởng và cán bộ Hội. Chị cần được cấp quyền trước, chị liên hệ Hội LHPN xã, phường nhé."
	msgQuestionsNoUnit  = "Loa chưa biết chị phụ trách đơn vị nào. Chị gõ /cauhoi kèm mã đơn vị, ví dụ: /cauhoi B11"
	msgQuestionsUnknown = "Loa không tìm thấy đơn vị %s. Chị xem lại mã đơn vị giúp Loa nhé."
	msgQuestionsNotHere = "Đơn vị này không thuộc phạm vi chị phụ trách nên Loa không xem được câu hỏi ở đó ạ."
	msgQuestionsNone    = "Hiện không có câu hỏi nào của hội viên đang chờ trả lời ở %s. 🌸"
	msgQuestionsHead    = "Có %s câu hỏi của hội viên đang chờ trả lời ở %s (mới nhất trước). Chị chọn \"Trả lời\" dưới câu muốn trả lời nhé."
	msgQuestionsMore    = "Còn các câu hỏi cũ hơn."
	msgQuestionItem     = "❓ Câu hỏi số %s · %s\n👤 %s (%s) · %s\n\n%s"
	msgQuestionAskedFor = "\n\n(Chị muốn gặp cán bộ Hội.)"
	msgQuestionGone     = "Câu hỏi này không còn nữa (đã hết hạn, hoặc người hỏi đã xoá dữ liệu của mình)."
	msgQuestionNotYours = "Câu hỏi này không thuộc đơn vị chị phụ trách ạ."
	msgAnsweredBefore   = "Câu hỏi này đã được trả lời lúc %s rồi ạ. Loa không gửi thêm để chị ấy không nhận hai câu trả lời."
	msgSkippedBefore    = "Câu hỏi này đã được bỏ qua lúc %s rồi ạ."
	msgExpiredBefore    = "Câu hỏi này đã quá hạn chờ nên đã đóng ạ."
	msgAnswerClaimed    = "Một cán bộ khác đang trả lời câu hỏi này (tới %s). Chị chọn câu hỏi khác, hoặc quay lại sau nhé."
	msgAnswerPrompt     = "Chị gõ câu trả lời cho %s trong một tin nhắn. Loa sẽ gửi tới chị ấy trên %s, với lời mở đầu \"Hội LHPN %s trả lời câu hỏi của chị\".\n\nCâu hỏi: «%s»\n\n(Chị gõ một lệnh khác nếu đổi ý.)"
	msgAnswerSent       = "✅ Loa đã gửi câu trả lời tới %s trên %s. Câu hỏi đã đóng."
	msgAnswerNotSent    = "Loa đã ghi câu trả lời nhưng chưa gửi được tới chị ấy lúc này. Chị bấm \"Gửi lại\" sau ít phút nhé."
	msgAnswerResent     = "✅ Loa đã gửi lại câu trả lời tới %s."
	msgNotYourAnswer    = "Chỉ người đã trả lời mới gửi lại được câu trả lời này ạ."
	msgAnswerToMember   = "💬 Hội LHPN %s trả lời câu hỏi của chị:\n«%s»\n\n%s"
	msgSkipDone         = "Đã bỏ qua câu hỏi số %s. Câu hỏi không còn trong danh sách chờ, và người hỏi không nhận tin nhắn nào."
	msgQuestionAlert    = "🔔 Có %s câu hỏi mới của hội viên chưa được trả lời. Gõ /cauhoi để xem."
	msgKnowledgeDenied  = "Chỉ cán bộ Hội và quản trị viên thêm được câu trả lời vào kho câu hỏi ạ."
	msgKnowledgeOpen    = "Câu hỏi này chưa được trả lời nên chưa thêm vào kho được ạ."
	msgKnowledgeAgain   = "Câu hỏi này đã được thêm vào kho câu hỏi rồi ạ."
	msgKnowledgeOff     = "Loa chưa được cấu hình thư mục nội dung (LOA_CONTENT_DIR) nên chưa thêm được vào kho câu hỏi. Chị báo quản trị viên giúp Loa nhé."
	msgKnowledgeLong    = "Câu trả lời dài %d ký tự, kho câu hỏi chỉ nhận tối đa %d ký tự mỗi câu. Cán bộ nội dung có thể rút gọn rồi thêm trực tiếp vào tệp %s."
	msgKnowledgeBad     = "Loa chưa thêm được vào kho câu hỏi: câu này trùng với một câu đã có trong kho, hoặc nội dung chưa hợp lệ. Loa đã ghi lại để cán bộ nội dung xem."
	msgKnowledgeAdded   = "✅ Đã thêm vào kho câu hỏi (mục %s, chủ đề \"Hỏi đáp của Hội cơ sở\"). Từ giờ hội viên hỏi câu này, Loa trả lời ngay."
	labelAnswer         = "✍️ Trả lời"
	labelSkip           = "Bỏ qua"
	labelMoreQuestions  = "Xem câu hỏi cũ hơn"
	labelAnswerNumbered = "✍️ Trả lời câu số %s"
	labelSkipNumbered   = "Bỏ qua câu số %s"
	labelAddKnowledge   = "📚 Thêm vào kho câu hỏi"
	labelResend         = "Gửi lại"
)

// Errors of the question services that the dashboard shares with chat.
var (
	// ErrNotAllowed: the person may not act on that question's unit.
	ErrNotAllowed = errors.New("not allowed")
	// ErrAnswerNotSent: the answer was recorded and the question closed,
	// but it could not be queued for delivery; ResendAnswer tries again.
	ErrAnswerNotSent = errors.New("answer recorded but not queued for delivery")
)

// questionDesk is the questions feature.
type questionDesk struct {
	*kit
	r     *kit // the same kit, as the desk's methods name it
	local LocalKnowledge
}

func (d *questionDesk) register(g *registry) {
	g.command(&command{name: "hoicanbo", desc: "Gửi câu hỏi tới chi hội trưởng, cán bộ Hội", run: d.askCommand})
	g.command(&command{name: "cauhoi", desc: "Xem và trả lời câu hỏi của hội viên", needs: ActAnswerQuestion, run: d.listCommand})
	g.staffButton(buttonAnswer, d.answerButton)
	g.staffButton(buttonSkip, d.skipButton)
	g.staffButton(buttonKnowledge, d.knowledgeButton)
	g.staffButton(buttonResend, d.resendButton)
	g.staffButton(buttonMore, d.moreButton)
	// A correction's "Hỏi cán bộ Hội": the hand-off, as /hoicanbo alone.
	g.button(buttonAskPerson, func(ctx context.Context, u chat.Update, _ string) []chat.Reply {
		return d.askCommand(ctx, u, "")
	})
	g.staffStep(stepAnswer, func(ctx context.Context, u chat.Update, id string, _ plainCommands) []chat.Reply {
		return d.answerStep(ctx, u, id)
	})
	g.step(stepAskPerson, func(ctx context.Context, u chat.Update, _ string, _ plainCommands) []chat.Reply {
		return d.askStep(ctx, u)
	})
}

// ---- members: a question reaches a person ----

// fallback is what a member reads when the knowledge base has no answer
// for her in-scope question: in her private chat, a registered member's
// question goes to her unit's queue and she is told so; anyone else gets
// the usual "recorded for the union" text (and is counted).
func (d *questionDesk) fallback(ctx context.Context, u chat.Update) string {
	q, ok := d.openFallback(ctx, u)
	if !ok {
		return msgNoAnswer
	}
	if !d.someoneReads(ctx, q.Unit) {
		return fmt.Sprintf(msgNobodyToAnswer, d.r.unitName(ctx, q.Unit))
	}
	return fmt.Sprintf(msgQuestionForwarded, d.r.unitName(ctx, q.Unit), webNote(u.Platform))
}

// openFallback opens a question in the queue of a registered member's
// branch for a private message the knowledge base could not answer; false
// when she is not registered, has too many open, or Redis failed (logged).
func (d *questionDesk) openFallback(ctx context.Context, u chat.Update) (store.Question, bool) {
	if d.r.store == nil || u.Group {
		return store.Question{}, false
	}
	q, _, err := d.r.store.OpenQuestion(ctx, store.NewQuestion{
		Asker: identity(u), Chat: u.ChatID, Text: u.Text, Reason: store.QuestionFallback, Now: d.r.now(),
	})
	switch {
	case errors.Is(err, store.ErrQuestionAnonymous), errors.Is(err, store.ErrTooManyQuestions):
		return store.Question{}, false
	case err != nil:
		d.r.log.Warn("open question", "platform", u.Platform, "error", err)
		return store.Question{}, false
	}
	d.r.log.Info("question sent to a person", "platform", u.Platform, "reason", string(store.QuestionFallback), "question", q.ID)
	return q, true
}

// handOnLocal hands a registered member's question of her commune's own
// fact (a date, a person, a list …) that the general answer cannot hold to
// her branch, as an unanswered question is, and returns the sentence that
// tells her where it went or whom to ask.
func (d *questionDesk) handOnLocal(ctx context.Context, u chat.Update) string {
	q, ok := d.openFallback(ctx, u)
	switch {
	case !ok:
		return msgLocalAsk
	case !d.someoneReads(ctx, q.Unit):
		return fmt.Sprintf(msgLocalNobody, d.r.unitName(ctx, q.Unit))
	}
	return fmt.Sprintf(msgLocalForwarded, d.r.unitName(ctx, q.Unit)) + webNote(u.Platform)
}

// forwardHarm hands a registered member's story of harm that nothing
// answered to her branch, so that a person who knows her can follow up
// after the hotline; it returns the sentence that tells her so, or "" when
// nobody could be reached through Loa.
func (d *questionDesk) forwardHarm(ctx context.Context, u chat.Update) string {
	q, ok := d.openFallback(ctx, u)
	if !ok || !d.someoneReads(ctx, q.Unit) {
		return ""
	}
	return fmt.Sprintf(msgHarmForwarded, d.r.unitName(ctx, q.Unit)) + webNote(u.Platform)
}

// webNote tells a web-chat member the truth about answers: the web chat
// reaches her only while her page is open.
func webNote(platform string) string {
	if platform == chat.Web {
		return msgWebKeepOpen
	}
	return ""
}

// onAskForPerson takes a private message that asks for a person ("gặp cán
// bộ", "cho em nói chuyện với người thật"); ok is false for anything else.
// answer is AnswerEmergency when her words also read as an emergency (the
// hotlines come first), "" otherwise.
func (d *questionDesk) onAskForPerson(ctx context.Context, u chat.Update) (replies []chat.Reply, answer string, ok bool) {
	if d.r.store == nil {
		return nil, "", false
	}
	bare, ok := asksForPerson(u.Text)
	if !ok {
		return nil, "", false
	}
	if u.Group {
		// "cho e gặp cán bộ" in the branch's group: her question is hers,
		// so the link opens /hoicanbo in the private chat. Her words may
		// also tell of an emergency: the hotlines come first, as in private.
		link := d.r.inPrivate(u, "hoicanbo", "")
		if d.r.kb != nil && !bare {
			ans := d.r.kb.KB().Ask(u.Text)
			if ans.Emergency != nil {
				return append([]chat.Reply{{Text: ans.Emergency.Answer, Urgent: true}}, link...), AnswerEmergency, true
			}
			if ans.Caution != nil {
				link[0].Text = ans.Caution.Caution + "\n\n" + link[0].Text
				link[0].Urgent = true
			}
		}
		return link, "", true
	}
	if bare {
		return d.askCommand(ctx, u, ""), "", true
	}
	replies, emergency := d.openForPersonSafely(ctx, u, u.Text)
	if emergency {
		answer = AnswerEmergency
	}
	return replies, answer, true
}

// askCommand is /hoicanbo [câu hỏi]: with words, they go to her unit's
// queue; alone, Loa asks for the question and takes the next message.
func (d *questionDesk) askCommand(ctx context.Context, u chat.Update, args string) []chat.Reply {
	if strings.TrimSpace(args) != "" {
		return d.openForPerson(ctx, u, args)
	}
	m, ok, err := d.r.member(ctx, u)
	if err != nil {
		return d.r.failed(u, "load member", err)
	}
	if !ok || m.Consent.IsZero() {
		return d.openForPerson(ctx, u, "(hỏi cán bộ)") // counted, words not kept
	}
	if err := d.r.store.SetPending(ctx, u.Platform, u.ChatID, u.UserID, stepAskPerson); err != nil {
		return d.r.failed(u, "save pending step", err)
	}
	return []chat.Reply{{Text: msgPersonAsk}}
}

// askStep takes the question after a bare /hoicanbo.
func (d *questionDesk) askStep(ctx context.Context, u chat.Update) []chat.Reply {
	return d.openForPerson(ctx, u, u.Text)
}

func (d *questionDesk) openForPerson(ctx context.Context, u chat.Update, text string) []chat.Reply {
	replies, _ := d.openForPersonSafely(ctx, u, text)
	return replies
}

// openForPersonSafely opens the question; when her words read as an
// emergency (or perhaps one), the safety answer of the knowledge base
// comes first, as for any question: asking for a person must never cost
// her the hotline.
func (d *questionDesk) openForPersonSafely(ctx context.Context, u chat.Update, text string) (replies []chat.Reply, emergency bool) {
	var first []chat.Reply
	caution := ""
	if d.r.kb != nil {
		if ans := d.r.kb.KB().Ask(text); ans.Emergency != nil {
			first, emergency = []chat.Reply{{Text: ans.Emergency.Answer, Urgent: true}}, true
		} else if ans.Caution != nil {
			caution = ans.Caution.Caution + "\n\n"
		}
	}
	out := d.openQuestion(ctx, u, text)
	if len(out) > 0 && caution != "" {
		out[0].Text = caution + out[0].Text
		out[0].Urgent = true
	}
	return append(first, out...), emergency
}

func (d *questionDesk) openQuestion(ctx context.Context, u chat.Update, text string) []chat.Reply {
	q, _, err := d.r.store.OpenQuestion(ctx, store.NewQuestion{
		Asker: identity(u), Chat: u.ChatID, Text: text, Reason: store.QuestionAskedForPerson, Now: d.r.now(),
	})
	switch {
	case errors.Is(err, store.ErrQuestionAnonymous):
		return []chat.Reply{{Text: msgPersonNotMember}}
	case errors.Is(err, store.ErrTooManyQuestions):
		return []chat.Reply{{Text: fmt.Sprintf(msgTooManyQuestions, store.MaxOpenQuestionsPerPerson)}}
	case err != nil:
		return d.r.failed(u, "open question", err)
	}
	d.r.log.Info("question sent to a person", "platform", u.Platform, "reason", string(store.QuestionAskedForPerson), "question", q.ID)
	if !d.someoneReads(ctx, q.Unit) {
		return []chat.Reply{{Text: fmt.Sprintf(msgPersonNobody, d.r.unitName(ctx, q.Unit))}}
	}
	return []chat.Reply{{Text: fmt.Sprintf(msgPersonForwarded, d.r.unitName(ctx, q.Unit)) + webNote(u.Platform)}}
}

// someoneReads tells whether a head or staff member will be alerted about
// a question of unit, so a member is never promised an answer nobody will
// see coming (admins can still find it with /cauhoi). On an error it says
// yes: the usual promise is the better guess.
func (d *questionDesk) someoneReads(ctx context.Context, unit string) bool {
	who, err := d.questionReaders(ctx, unit)
	if err != nil {
		d.r.log.Warn("load question readers", "error", err)
		return true
	}
	if len(who) == 0 {
		d.r.log.Warn("question has nobody to tell", "unit", unit)
	}
	return len(who) > 0
}

// personPhrases are the folded word sequences that ask for a person. They
// need a verb and a person ("gặp cán bộ", "hỏi chị hội trưởng"), so a
// question about cán bộ ("chi hội trưởng là ai") stays a question.
var personPhrases = [][]string{
	{"hoicanbo"},
	{"gap", "can", "bo"}, {"gap", "chi", "hoi", "truong"}, {"gap", "hoi", "truong"}, {"gap", "nguoi", "that"},
	{"gap", "truc", "tiep", "can", "bo"},
	{"hoi", "can", "bo"}, {"hoi", "chi", "hoi", "truong"}, {"hoi", "hoi", "truong"}, {"hoi", "nguoi", "that"},
	{"noi", "chuyen", "voi", "nguoi"}, {"noi", "chuyen", "voi", "can", "bo"}, {"noi", "chuyen", "voi", "chi", "hoi", "truong"},
	{"noi", "chuyen", "voi", "hoi", "truong"}, {"noi", "chuyen", "truc", "tiep"},
	{"lien", "he", "can", "bo"}, {"lien", "he", "chi", "hoi", "truong"}, {"lien", "he", "hoi", "truong"},
	{"chuyen", "cho", "can", "bo"}, {"chuyen", "toi", "can", "bo"}, {"chuyen", "cho", "chi", "hoi", "truong"},
	{"gui", "cho", "can", "bo"}, {"gui", "cau", "hoi", "cho", "can", "bo"},
	{"can", "bo", "tra", "loi"}, {"muon", "gap", "can", "bo"},
}

// personFiller are words that may surround the phrase without making it a
// question of its own ("cho em nói chuyện với người thật ạ").
var personFiller = map[string]bool{
	"cho": true, "em": true, "toi": true, "minh": true, "muon": true, "duoc": true, "a": true, "ah": true, "voi": true,
	"oi": true, "nhe": true, "nha": true, "xin": true, "vui": true, "long": true, "giup": true, "can": true, "lam": true,
	"on": true, "chi": true, "co": true, "the": true, "khong": true, "ko": true, "k": true, "di": true, "truc": true,
	"tiep": true, "ngay": true, "nguoi": true, "that": true, "loa": true, "ban": true, "hoi": true, "bo": true,
	"truong": true, "gap": true, "noi": true, "chuyen": true, "lien": true, "he": true, "mot": true, "ai": true, "do": true,
	"day": true,
}

// asksForPerson reports whether text asks for a person, and whether it
// asks nothing else (bare: Loa then asks for the question).
func asksForPerson(text string) (bare, ok bool) {
	var words []string
	for _, f := range strings.Fields(text) {
		if w := foldWord(f); w != "" {
			words = append(words, w)
		}
	}
	if len(words) == 0 || len(words) > 60 {
		return false, false
	}
	for _, p := range personPhrases {
		for i := 0; i+len(p) <= len(words); i++ {
			if equalWords(words[i:i+len(p)], p) {
				ok = true
				break
			}
		}
		if ok {
			break
		}
	}
	if !ok {
		return false, false
	}
	for _, w := range words {
		if !personFiller[w] {
			return false, true
		}
	}
	return !strings.Contains(text, "?"), true
}

// ---- heads and staff: the queue ----

// listCommand is /cauhoi [unit]: the open questions of her unit (or the
// one named) and below, newest first.
func (d *questionDesk) listCommand(ctx context.Context, u chat.Update, args string) []chat.Reply {
	return d.list(ctx, u, strings.TrimSpace(args), "")
}

func (d *questionDesk) moreButton(ctx context.Context, u chat.Update, arg string) []chat.Reply {
	before, unit, _ := strings.Cut(arg, ":")
	return d.list(ctx, u, unit, before)
}

func (d *questionDesk) list(ctx context.Context, u chat.Update, code, before string) []chat.Reply {
	a, err := d.r.actor(ctx, u)
	if err != nil {
		return d.r.failed(u, "load actor", err)
	}
	if !CanSomewhere(a, ActAnswerQuestion) {
		return []chat.Reply{{Text: msgQuestionsDenied}}
	}
	unit := store.NormalizeUnitCode(code)
	if unit != "" {
		un, err := d.r.store.Unit(ctx, unit)
		if errors.Is(err, store.ErrUnitUnknown) {
			return []chat.Reply{{Text: fmt.Sprintf(msgQuestionsUnknown, unit)}}
		}
		if err != nil {
			return d.r.failed(u, "load unit", err)
		}
		unit = un.Code
	} else if unit, err = d.homeUnit(ctx, a); err != nil {
		return d.r.failed(u, "load roots", err)
	} else if unit == "" {
		return []chat.Reply{{Text: msgQuestionsNoUnit}}
	}
	ok, err := d.r.may(ctx, a, ActAnswerQuestion, unit)
	if err != nil {
		return d.r.failed(u, "authorize questions", err)
	}
	if !ok {
		d.r.log.Info("questions refused", "platform", u.Platform)
		return []chat.Reply{{Text: msgQuestionsNotHere}}
	}
	page, err := d.r.store.ListOpenQuestions(ctx, unit, before, questionPage)
	if err != nil {
		return d.r.failed(u, "list questions", err)
	}
	unitName := d.r.unitName(ctx, unit)
	if len(page.Questions) == 0 && before == "" {
		return []chat.Reply{{Text: fmt.Sprintf(msgQuestionsNone, unitName)}}
	}
	var out []chat.Reply
	if before == "" {
		n, err := d.r.store.CountOpenQuestions(ctx, unit)
		if err != nil {
			return d.r.failed(u, "count questions", err)
		}
		out = append(out, chat.Reply{Text: fmt.Sprintf(msgQuestionsHead, chat.FormatCount(n), unitName)})
	}
	// Zalo shows buttons as one numbered menu per chat, the last one sent:
	// there the page is one message whose choices name their question.
	numbered := u.Platform == chat.Zalo || u.Platform == chat.ZaloOA
	var combined chat.Reply
	names := map[string]string{}
	for _, q := range page.Questions {
		// A head's branch may have units below it whose questions are the
		// staff's (ActAnswerQuestion): she is shown only what she may answer.
		if q.Unit != unit {
			if ok, err := d.r.may(ctx, a, ActAnswerQuestion, q.Unit); err != nil || !ok {
				continue
			}
		}
		if _, ok := names[q.Unit]; !ok {
			names[q.Unit] = d.r.unitName(ctx, q.Unit)
		}
		if numbered {
			short := q
			short.Text = quote(q.Text) // five questions must fit a Zalo message or two
			combined.Text = joinParagraphs(combined.Text, questionText(short, names[q.Unit]))
			combined.Buttons = append(combined.Buttons,
				[]chat.Button{{Text: fmt.Sprintf(labelAnswerNumbered, q.ID), Data: buttonAnswer + ":" + q.ID}},
				[]chat.Button{{Text: fmt.Sprintf(labelSkipNumbered, q.ID), Data: buttonSkip + ":" + q.ID}})
			continue
		}
		out = append(out, chat.Reply{Text: questionText(q, names[q.Unit]), Buttons: [][]chat.Button{{
			{Text: labelAnswer, Data: buttonAnswer + ":" + q.ID},
			{Text: labelSkip, Data: buttonSkip + ":" + q.ID},
		}}})
	}
	var more []chat.Button
	if page.Next != "" {
		data := buttonMore + ":" + page.Next
		if code != "" && len(data)+1+len(unit) <= chat.MaxButtonData {
			data += ":" + unit
		}
		more = []chat.Button{{Text: labelMoreQuestions, Data: data}}
	}
	if numbered {
		if more != nil {
			combined.Buttons = append(combined.Buttons, more)
		}
		if combined.Text != "" {
			out = append(out, combined)
		}
		return out
	}
	if more != nil {
		out = append(out, chat.Reply{Text: msgQuestionsMore, Buttons: [][]chat.Button{more}})
	}
	return out
}

// homeUnit is where /cauhoi looks by default: her staff unit, else her
// head unit; for an admin without one, the first root.
func (d *questionDesk) homeUnit(ctx context.Context, a Actor) (string, error) {
	if unit := homeUnit(a, store.RoleStaff, store.RoleHead); unit != "" {
		return unit, nil
	}
	if !a.Has(store.RoleAdmin) {
		return "", nil
	}
	roots, err := d.r.store.Roots(ctx)
	if err != nil || len(roots) == 0 {
		return "", err
	}
	return roots[0].Code, nil
}

func joinParagraphs(a, b string) string {
	if a == "" {
		return b
	}
	return a + "\n\n" + b
}

func questionText(q store.Question, unitName string) string {
	name := q.Name
	if name == "" {
		name = "Hội viên"
	}
	text := fmt.Sprintf(msgQuestionItem, q.ID, unitName, name, platformName(q.Asker.Platform), shortTime(q.Opened), q.Text)
	if q.Reason == store.QuestionAskedForPerson {
		text += msgQuestionAskedFor
	}
	return text
}

func shortTime(t time.Time) string { return t.In(vntime.Zone).Format("15:04 02/01") }

func quote(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) > quoteRunes {
		s = string([]rune(s)[:quoteRunes-1]) + "…"
	}
	return s
}

// closedText tells someone acting on a closed question what became of it.
func closedText(q store.Question) string {
	switch q.State {
	case store.QuestionAnswered:
		return fmt.Sprintf(msgAnsweredBefore, shortTime(q.Closed))
	case store.QuestionSkipped:
		return fmt.Sprintf(msgSkippedBefore, shortTime(q.Closed))
	}
	return msgExpiredBefore
}
