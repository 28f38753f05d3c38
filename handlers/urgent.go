package handlers

import (
	"context"
	"strings"

	"loa/chat"
)

// An emergency must not wait its turn. An adapter handles one chat's
// updates in order, each with its replies: in a branch's group, where Loa
// may post twenty messages a minute, a woman who writes that her husband
// is beating her after ten questions were asked would get the hotline a
// minute later. So the words that will get an emergency's answer are told
// apart as they arrive (Urgent: the adapters' queue lets them go ahead of
// the chat's earlier updates, bot/inbound), and the replies that carry a
// hotline are marked chat.Reply.Urgent (faq.go, questions.go): they take
// the chat's next slot from the shared limiter, ahead of the answers and
// notices already waiting for it.

// Urgent reports whether u will most likely be answered with a hotline:
// its words tell of an emergency, or the safety classifier is unsure of
// them (faq.answer shows the hotline line first then), or Loa gave this
// person an emergency's script in this chat within store.EmergencyMemory
// and she goes on telling. In a group it holds for words not said to Loa
// too, as faq.mustHear does. A button, a command or a greeting is never
// urgent. It costs one match (well under a millisecond) and, for a
// message that does not match an emergency, one Redis read; an adapter
// asks it only of a chat with updates still waiting.
func (r *Router) Urgent(ctx context.Context, u chat.Update) bool {
	text := cleanInput(u.Text)
	if u.Data != "" || text == "" || strings.HasPrefix(text, "/") || r.kb == nil {
		return false
	}
	ans := r.kb.KB().Ask(text)
	switch {
	case ans.Emergency != nil || ans.Caution != nil:
		return true
	case ans.SmallTalk != "" || r.store == nil:
		return false
	}
	id, err := r.store.RecentEmergency(ctx, u.Platform, u.ChatID, u.UserID)
	if err != nil {
		r.log.Warn("urgent: read recent emergency", "platform", u.Platform, "error", err)
		return false
	}
	return recentEmergency(r.kb.KB(), id) != nil
}
