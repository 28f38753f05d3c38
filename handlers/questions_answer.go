package handlers

// The question desk: staff answer, skip or resend, and turn an answer into
// knowledge (/cauhoi buttons, the dashboard).

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"loa/chat"
	"loa/content"
	"loa/store"
	"loa/vntime"
)

// load finds a question and checks that the person may act on its unit;
// on refusal it returns the reply to give.
func (d *questionDesk) load(ctx context.Context, u chat.Update, id string, action Action) (store.Question, Actor, []chat.Reply, bool) {
	q, err := d.r.store.Question(ctx, id)
	if errors.Is(err, store.ErrQuestionUnknown) {
		return q, Actor{}, []chat.Reply{{Text: msgQuestionGone}}, false
	}
	if err != nil {
		return q, Actor{}, d.r.failed(u, "load question", err), false
	}
	a, err := d.r.actor(ctx, u)
	if err != nil {
		return q, a, d.r.failed(u, "load actor", err), false
	}
	ok, err := d.r.may(ctx, a, action, q.Unit)
	if err != nil {
		return q, a, d.r.failed(u, "authorize question", err), false
	}
	if !ok {
		d.r.log.Info("question refused", "platform", u.Platform, "action", string(action))
		if action == ActAddKnowledge {
			return q, a, []chat.Reply{{Text: msgKnowledgeDenied}}, false
		}
		return q, a, []chat.Reply{{Text: msgQuestionNotYours}}, false
	}
	return q, a, nil, true
}

// answerButton claims the question and waits for her answer.
func (d *questionDesk) answerButton(ctx context.Context, u chat.Update, id string) []chat.Reply {
	_, a, refusal, ok := d.load(ctx, u, id, ActAnswerQuestion)
	if !ok {
		return refusal
	}
	q, err := d.r.store.ClaimQuestion(ctx, id, identity(u), d.r.now(), answerHold)
	switch {
	case errors.Is(err, store.ErrQuestionClosed):
		return []chat.Reply{{Text: closedText(q)}}
	case errors.Is(err, store.ErrQuestionClaimed):
		return []chat.Reply{{Text: fmt.Sprintf(msgAnswerClaimed, shortTime(q.ClaimedUntil))}}
	case errors.Is(err, store.ErrQuestionUnknown):
		return []chat.Reply{{Text: msgQuestionGone}}
	case err != nil:
		return d.r.failed(u, "claim question", err)
	}
	if err := d.r.store.SetPending(ctx, u.Platform, u.ChatID, u.UserID, stepAnswer+":"+q.ID); err != nil {
		return d.r.failed(u, "save pending step", err)
	}
	from, err := d.answeringUnit(ctx, a, q.Unit)
	if err != nil {
		return d.r.failed(u, "load unit path", err)
	}
	return []chat.Reply{{Text: fmt.Sprintf(msgAnswerPrompt, askerName(q), platformName(q.Asker.Platform), d.r.unitName(ctx, from), quote(q.Text))}}
}

func askerName(q store.Question) string {
	if q.Name == "" {
		return "hội viên"
	}
	return q.Name
}

// answerStep takes her answer after "Trả lời".
func (d *questionDesk) answerStep(ctx context.Context, u chat.Update, id string) []chat.Reply {
	q, err := d.AnswerQuestion(ctx, identity(u), id, u.Text)
	if refused := closedOrGone(q, err); refused != nil {
		return refused
	}
	switch {
	case errors.Is(err, ErrAnswerNotSent):
		return d.notSent(u, id, err)
	case err != nil:
		return d.r.failed(u, "answer question", err)
	}
	reply := chat.Reply{Text: fmt.Sprintf(msgAnswerSent, askerName(q), platformName(q.Asker.Platform))}
	if a, err := d.r.actor(ctx, u); err == nil {
		if ok, _ := d.r.may(ctx, a, ActAddKnowledge, q.Unit); ok {
			reply.Buttons = [][]chat.Button{{{Text: labelAddKnowledge, Data: buttonKnowledge + ":" + q.ID}}}
		}
	}
	return []chat.Reply{reply}
}

// AnswerQuestion closes question id with by's answer and queues it to the
// member on her own platform, introduced as from "Hội LHPN <unit>" (the
// unit of by's role closest to the member). The chat and the dashboard
// share it. Errors: store.ErrQuestionUnknown; ErrNotAllowed (not in by's
// scope); store.ErrQuestionClosed (answered, skipped or expired before:
// the returned question says when); ErrAnswerNotSent (closed and recorded,
// not queued: ResendAnswer).
func (r *questionDesk) AnswerQuestion(ctx context.Context, by store.Identity, id, text string) (store.Question, error) {
	q, a, err := r.questionFor(ctx, by, id, ActAnswerQuestion)
	if err != nil {
		return q, err
	}
	q, err = r.store.AnswerQuestion(ctx, id, by, text, r.now())
	if err != nil {
		return q, err
	}
	r.log.Info("question answered", "platform", by.Platform, "question", id)
	if err := r.queueAnswer(ctx, a, q); err != nil {
		return q, fmt.Errorf("%w: %w", ErrAnswerNotSent, err)
	}
	return q, nil
}

// ResendAnswer queues an answered question's answer again, for the person
// who answered it (the outbox sends it at most once).
func (r *questionDesk) ResendAnswer(ctx context.Context, by store.Identity, id string) (store.Question, error) {
	q, a, err := r.questionFor(ctx, by, id, ActAnswerQuestion)
	if err != nil {
		return q, err
	}
	if q.State != store.QuestionAnswered || q.ClosedBy != by {
		return q, ErrNotAllowed
	}
	if err := r.queueAnswer(ctx, a, q); err != nil {
		return q, fmt.Errorf("%w: %w", ErrAnswerNotSent, err)
	}
	return q, nil
}

// SkipQuestion closes question id without an answer (the dashboard shares it).
func (r *questionDesk) SkipQuestion(ctx context.Context, by store.Identity, id string) (store.Question, error) {
	if _, _, err := r.questionFor(ctx, by, id, ActAnswerQuestion); err != nil {
		return store.Question{}, err
	}
	q, err := r.store.SkipQuestion(ctx, id, by, r.now())
	if err == nil {
		r.log.Info("question skipped", "platform", by.Platform, "question", id)
	}
	return q, err
}

// questionFor loads a question for by and checks action on its unit.
func (r *questionDesk) questionFor(ctx context.Context, by store.Identity, id string, action Action) (store.Question, Actor, error) {
	q, err := r.store.Question(ctx, id)
	if err != nil {
		return q, Actor{}, err
	}
	grants, err := r.store.Roles(ctx, by.Platform, by.UserID)
	if err != nil {
		return q, Actor{}, fmt.Errorf("load roles: %w", err)
	}
	a := NewActor(by, grants, r.admins)
	ok, err := r.may(ctx, a, action, q.Unit)
	if err != nil {
		return q, a, err
	}
	if !ok {
		return store.Question{}, a, ErrNotAllowed
	}
	return q, a, nil
}

func (r *questionDesk) queueAnswer(ctx context.Context, a Actor, q store.Question) error {
	if r.outbox == nil {
		return errors.New("no outbox configured")
	}
	from, err := r.answeringUnit(ctx, a, q.Unit)
	if err != nil {
		return err
	}
	return r.outbox.QueueBulk(ctx, chat.BulkMessage{
		Platform: q.Asker.Platform, Label: "Trả lời câu hỏi",
		Message: chat.Reply{Text: fmt.Sprintf(msgAnswerToMember, r.unitName(ctx, from), quote(q.Text), q.Answer)},
		Chats:   []chat.BulkChat{{ChatID: q.Chat, MemberKey: q.Asker.String()}},
		Key:     "answer:" + q.ID,
	})
}

// answeringUnit is the unit an answer comes from: the one of a's head or
// staff grants closest to the question's unit, else the question's unit
// (an admin answering).
func (d *questionDesk) answeringUnit(ctx context.Context, a Actor, unit string) (string, error) {
	anc, err := d.r.store.Ancestors(ctx, unit)
	if err != nil && !errors.Is(err, store.ErrUnitUnknown) {
		return "", err
	}
	for _, code := range append([]string{unit}, store.UnitCodes(anc)...) {
		for _, g := range a.Grants {
			if (g.Role == store.RoleHead || g.Role == store.RoleStaff) && store.NormalizeUnitCode(g.Unit) == code {
				return code, nil
			}
		}
	}
	return unit, nil
}

func (d *questionDesk) resendButton(ctx context.Context, u chat.Update, id string) []chat.Reply {
	q, err := d.ResendAnswer(ctx, identity(u), id)
	switch {
	case errors.Is(err, store.ErrQuestionUnknown):
		return []chat.Reply{{Text: msgQuestionGone}}
	case errors.Is(err, ErrNotAllowed):
		return []chat.Reply{{Text: msgNotYourAnswer}}
	case errors.Is(err, ErrAnswerNotSent):
		return d.notSent(u, id, err)
	case err != nil:
		return d.r.failed(u, "resend answer", err)
	}
	return []chat.Reply{{Text: fmt.Sprintf(msgAnswerResent, askerName(q))}}
}

// closedOrGone is the reply to an answer or a skip refused because the
// question is gone, outside her scope or closed already; nil otherwise.
func closedOrGone(q store.Question, err error) []chat.Reply {
	switch {
	case errors.Is(err, store.ErrQuestionUnknown):
		return []chat.Reply{{Text: msgQuestionGone}}
	case errors.Is(err, ErrNotAllowed):
		return []chat.Reply{{Text: msgQuestionNotYours}}
	case errors.Is(err, store.ErrQuestionClosed):
		return []chat.Reply{{Text: closedText(q)}}
	}
	return nil
}

// notSent is the reply when an answer was recorded but not queued to the
// member: she may send it again.
func (d *questionDesk) notSent(u chat.Update, id string, err error) []chat.Reply {
	d.r.log.Error("queue answer", "platform", u.Platform, "question", id, "error", err)
	return []chat.Reply{{Text: msgAnswerNotSent, Buttons: [][]chat.Button{{{Text: labelResend, Data: buttonResend + ":" + id}}}}}
}

func (d *questionDesk) skipButton(ctx context.Context, u chat.Update, id string) []chat.Reply {
	q, err := d.SkipQuestion(ctx, identity(u), id)
	if refused := closedOrGone(q, err); refused != nil {
		return refused
	}
	switch {
	case err != nil:
		return d.r.failed(u, "skip question", err)
	}
	return []chat.Reply{{Text: fmt.Sprintf(msgSkipDone, q.ID)}}
}

// ---- answers become knowledge ----

func (d *questionDesk) knowledgeButton(ctx context.Context, u chat.Update, id string) []chat.Reply {
	entry, err := d.AddQuestionToKnowledge(ctx, identity(u), id)
	var loadErr *content.LoadError
	switch {
	case err == nil:
		return []chat.Reply{{Text: fmt.Sprintf(msgKnowledgeAdded, entry)}}
	case errors.Is(err, store.ErrQuestionUnknown):
		return []chat.Reply{{Text: msgQuestionGone}}
	case errors.Is(err, ErrNotAllowed):
		return []chat.Reply{{Text: msgKnowledgeDenied}}
	case errors.Is(err, store.ErrQuestionNotAnswered):
		return []chat.Reply{{Text: msgKnowledgeOpen}}
	case errors.Is(err, store.ErrQuestionInKnowledge):
		return []chat.Reply{{Text: msgKnowledgeAgain}}
	case errors.Is(err, content.ErrNoContentDir):
		return []chat.Reply{{Text: msgKnowledgeOff}}
	case errors.Is(err, errAnswerTooLong):
		q, _ := d.r.store.Question(ctx, id)
		return []chat.Reply{{Text: fmt.Sprintf(msgKnowledgeLong, utf8.RuneCountInString(q.Answer), content.MaxAnswerChars, content.LocalFAQFile)}}
	case errors.As(err, &loadErr):
		// The problems quote the entry's words: log where they are, not what.
		var at []string
		for _, p := range loadErr.Problems {
			at = append(at, fmt.Sprintf("%s:%d", p.File, p.Line))
		}
		d.r.log.Warn("local answer refused by the content loader", "question", id, "problems", strings.Join(at, " "))
		return []chat.Reply{{Text: msgKnowledgeBad}}
	}
	return d.r.failed(u, "add question to knowledge", err)
}

var errAnswerTooLong = errors.New("answer too long for a knowledge-base entry")

// AddQuestionToKnowledge writes an answered question as an entry of the
// local topic file (content.LocalFAQFile), with the answering unit as its
// source, and serves it at once; it returns the entry id. Once per question.
func (r *questionDesk) AddQuestionToKnowledge(ctx context.Context, by store.Identity, id string) (string, error) {
	q, _, err := r.questionFor(ctx, by, id, ActAddKnowledge)
	if err != nil {
		return "", err
	}
	if q.State != store.QuestionAnswered {
		return "", store.ErrQuestionNotAnswered
	}
	if q.KnowledgeAt.IsZero() && utf8.RuneCountInString(q.Answer) > content.MaxAnswerChars {
		return "", errAnswerTooLong
	}
	if r.local == nil {
		return "", content.ErrNoContentDir
	}
	now := r.now()
	if q, err = r.store.MarkQuestionInKnowledge(ctx, id, by, now); err != nil {
		return "", err
	}
	from := q.Unit
	if q.ClosedBy != store.ErasedIdentity && q.ClosedBy.Platform != "" {
		grants, err := r.store.Roles(ctx, q.ClosedBy.Platform, q.ClosedBy.UserID)
		if err == nil {
			if from, err = r.answeringUnit(ctx, NewActor(q.ClosedBy, grants, r.admins), q.Unit); err != nil {
				from = q.Unit
			}
		}
	}
	entry := content.LocalEntry{
		// The date keeps ids apart if Redis is ever started afresh with
		// the same content folder (question numbers would start again).
		ID:       "dia-phuong-" + q.ID + "-" + q.Closed.In(vntime.Zone).Format("20060102"),
		Question: q.Text,
		Answer:   q.Answer,
		Source:   fmt.Sprintf("Hội LHPN %s (%s), trả lời hội viên qua Loa ngày %s", r.unitName(ctx, from), from, q.Closed.In(vntime.Zone).Format("02/01/2006")),
	}
	if err := r.local.AddLocalEntry(entry); err != nil {
		if _, uerr := r.store.UnmarkQuestionInKnowledge(ctx, id, by, r.now()); uerr != nil {
			r.log.Warn("unmark question", "question", id, "error", uerr)
		}
		return "", err
	}
	r.log.Info("answer added to the knowledge base", "question", id, "entry", entry.ID)
	return entry.ID, nil
}

// ---- alerts ----
