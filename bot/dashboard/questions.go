package dashboard

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"loa/handlers"
	"loa/store"
)

// Answerer answers and skips members' questions the way /cauhoi does in
// the chat (*handlers.Router): the same checks, and the answer delivered to
// the member on her own platform. Of two people answering, the second gets
// store.ErrQuestionClosed; handlers.ErrAnswerNotSent means the answer was
// recorded but not queued yet.
type Answerer interface {
	AnswerQuestion(ctx context.Context, by store.Identity, id, answer string) (store.Question, error)
	SkipQuestion(ctx context.Context, by store.Identity, id string) (store.Question, error)
}

// questionAction is the right the questions queue needs, as in the chat:
// a head sees her branch's questions, staff their subtree's, an admin all.
const questionAction = handlers.ActAnswerQuestion

const (
	questionsPerPage  = 20
	msgQuestionsOff   = "Loa chưa trả lời câu hỏi từ bảng điều khiển được lúc này. Chị trả lời trong Loa bằng lệnh /cauhoi nhé."
	msgAnswerEmpty    = "Câu trả lời chưa có nội dung. Chị gõ câu trả lời giúp Loa nhé."
	msgAnswerTooLong  = "Câu trả lời dài quá (tối đa 4.000 ký tự). Chị rút gọn giúp Loa nhé."
	msgQuestionGone   = "Loa không thấy câu hỏi này nữa (đã hết hạn hoặc đã bị xoá) ạ."
	msgQuestionClosed = "Câu hỏi này đã được trả lời hoặc bỏ qua rồi ạ."
	msgAnswered       = "Loa đã gửi câu trả lời tới chị hội viên. Cảm ơn chị! 🌸"
	msgSkipped        = "Loa đã bỏ qua câu hỏi này."
	msgAnswerNotSent  = "Loa đã ghi câu trả lời nhưng chưa gửi được tới chị hội viên. Chị gõ /cauhoi trong Loa sau ít phút để gửi lại nhé."
)

func (d *Dashboard) registerQuestions(mux *http.ServeMux) {
	mux.HandleFunc("GET /dash/cauhoi", d.page(d.questions))
	mux.HandleFunc("POST /dash/cauhoi/traloi", d.action(d.answer))
	mux.HandleFunc("POST /dash/cauhoi/boqua", d.action(d.skip))
}

// questions is the queue of open questions of her unit's subtree, newest
// first, a page at a time, each with a reply form.
func (d *Dashboard) questions(w http.ResponseWriter, r *http.Request, v *viewer) {
	q := r.URL.Query()
	u, ok := d.unitFor(w, r, v, questionAction, q.Get("unit"))
	if !ok {
		return
	}
	before := q.Get("truoc")
	if before != "" && strings.Trim(before, "0123456789") != "" {
		d.fail(w, r, v, http.StatusBadRequest, msgBadForm)
		return
	}
	page, err := d.st.ListOpenQuestions(r.Context(), u.Code, before, questionsPerPage)
	if err != nil {
		d.internal(w, r, v, "list questions", err)
		return
	}
	total, err := d.st.CountOpenQuestions(r.Context(), u.Code)
	if err != nil {
		d.internal(w, r, v, "count questions", err)
		return
	}
	// The store lists the whole subtree; a head answers only her own
	// branch's questions (ActAnswerQuestion is her own unit), so each
	// question is checked as the chat checks it.
	allowed := map[string]bool{}
	shown := page.Questions[:0:0]
	for _, qu := range page.Questions {
		ok, seen := allowed[qu.Unit]
		if !seen {
			ok = d.may(r, v, questionAction, qu.Unit)
			allowed[qu.Unit] = ok
		}
		if ok {
			shown = append(shown, qu)
		}
	}
	page.Questions = shown
	units := map[string]string{} // code → name, for the page's questions
	for _, qu := range page.Questions {
		if _, ok := units[qu.Unit]; !ok {
			units[qu.Unit] = qu.Unit
			if un, err := d.st.Unit(r.Context(), qu.Unit); err == nil {
				units[qu.Unit] = un.Name
			}
		}
	}
	flash := ""
	switch q.Get("xong") {
	case "traloi":
		flash = msgAnswered
	case "boqua":
		flash = msgSkipped
	}
	d.render(w, r, v, http.StatusOK, "questions", map[string]any{
		"Title": "Câu hỏi của hội viên – " + u.Name, "Unit": u, "Page": page, "Total": total,
		"Crumbs": d.crumbs(r, v, questionAction, u), "Flash": flash, "CanAnswer": d.answerer != nil,
		"First": before == "", "Units": units,
	})
}

// question loads the question a form names and checks it is in her scope
// (a question out of it is "not found": the id tells her nothing).
func (d *Dashboard) question(w http.ResponseWriter, r *http.Request, v *viewer) (store.Question, bool) {
	id := r.PostForm.Get("id")
	q, err := d.st.Question(r.Context(), id)
	if errors.Is(err, store.ErrQuestionUnknown) || (err == nil && !d.may(r, v, questionAction, q.Unit)) {
		if err == nil {
			d.log.Info("dashboard: question out of scope refused")
		}
		d.fail(w, r, v, http.StatusNotFound, msgQuestionGone)
		return store.Question{}, false
	}
	if err != nil {
		d.internal(w, r, v, "load question", err)
		return store.Question{}, false
	}
	return q, true
}

// actionable loads the form's question for an answer or a skip; false
// when it was refused (not found, out of scope, or nobody answers here).
func (d *Dashboard) actionable(w http.ResponseWriter, r *http.Request, v *viewer) (store.Question, bool) {
	q, ok := d.question(w, r, v)
	if !ok {
		return q, false
	}
	if d.answerer == nil {
		d.fail(w, r, v, http.StatusServiceUnavailable, msgQuestionsOff)
		return q, false
	}
	return q, true
}

// closedOrGone answers an answer or a skip refused because the question
// was closed meanwhile, or is gone or outside her scope; false otherwise.
func (d *Dashboard) closedOrGone(w http.ResponseWriter, r *http.Request, v *viewer, err error) bool {
	switch {
	case errors.Is(err, store.ErrQuestionClosed):
		d.fail(w, r, v, http.StatusConflict, msgQuestionClosed)
		return true
	case errors.Is(err, handlers.ErrNotAllowed), errors.Is(err, store.ErrQuestionUnknown):
		d.fail(w, r, v, http.StatusNotFound, msgQuestionGone)
		return true
	}
	return false
}

// answer sends her answer to the member through the chat's answer path.
func (d *Dashboard) answer(w http.ResponseWriter, r *http.Request, v *viewer) {
	q, ok := d.actionable(w, r, v)
	if !ok {
		return
	}
	text := strings.TrimSpace(strings.ToValidUTF8(r.PostForm.Get("answer"), ""))
	switch {
	case text == "":
		d.fail(w, r, v, http.StatusUnprocessableEntity, msgAnswerEmpty)
		return
	case len(text) > store.MaxAnswerText:
		d.fail(w, r, v, http.StatusUnprocessableEntity, msgAnswerTooLong)
		return
	}
	_, err := d.answerer.AnswerQuestion(r.Context(), v.sess.Who, q.ID, text)
	if d.closedOrGone(w, r, v, err) {
		return
	}
	switch {
	case errors.Is(err, handlers.ErrAnswerNotSent):
		d.audit(r.Context(), v, "question_answer", q.Unit, "question "+q.ID+", not queued yet")
		d.log.Error("dashboard: answer recorded, not queued", "question", q.ID, "error", err)
		d.fail(w, r, v, http.StatusServiceUnavailable, msgAnswerNotSent)
		return
	}
	if err != nil {
		d.internal(w, r, v, "answer question", err)
		return
	}
	d.audit(r.Context(), v, "question_answer", q.Unit, "question "+q.ID+", "+strconv.Itoa(utf8.RuneCountInString(text))+" characters")
	http.Redirect(w, r, "/dash/cauhoi?unit="+q.Unit+"&xong=traloi", http.StatusSeeOther)
}

// skip closes a question without an answer.
func (d *Dashboard) skip(w http.ResponseWriter, r *http.Request, v *viewer) {
	q, ok := d.actionable(w, r, v)
	if !ok {
		return
	}
	_, err := d.answerer.SkipQuestion(r.Context(), v.sess.Who, q.ID)
	if d.closedOrGone(w, r, v, err) {
		return
	}
	if err != nil {
		d.internal(w, r, v, "skip question", err)
		return
	}
	d.audit(r.Context(), v, "question_dismiss", q.Unit, "question "+q.ID)
	http.Redirect(w, r, "/dash/cauhoi?unit="+q.Unit+"&xong=boqua", http.StatusSeeOther)
}
