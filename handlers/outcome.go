package handlers

import (
	"time"

	"loa/chat"
)

// Outcome is what the router did with one update, for metrics. It holds
// only low-cardinality facts: never the text, a chat or a user id.
type Outcome struct {
	Platform string // Update.Platform
	Kind     string // UpdateMessage, UpdateButton or UpdateCommand
	// Answer is set when the update was a question for the knowledge base:
	// AnswerAnswered, AnswerUnanswered or AnswerEmergency. It is "" for
	// everything else (commands, buttons, a step's reply, a greeting).
	Answer   string
	Duration time.Duration // time spent in Router.Handle
}

// Kinds of update in Outcome.Kind.
const (
	UpdateMessage = "message"
	UpdateButton  = "button"
	UpdateCommand = "command"
)

// Answers to a question in Outcome.Answer.
const (
	AnswerAnswered   = "answered"   // the knowledge base had entries
	AnswerUnanswered = "unanswered" // no confident answer; recorded for staff
	AnswerEmergency  = "emergency"  // an emergency trigger: the hotline answer
)

// updateKind names what kind of update u is, as the router dispatches it.
func updateKind(u chat.Update) string {
	switch {
	case u.Data != "":
		return UpdateButton
	case len(u.Text) > 0 && u.Text[0] == '/':
		return UpdateCommand
	}
	return UpdateMessage
}
