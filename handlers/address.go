package handlers

import (
	"context"
	"strings"

	"loa/chat"
	"loa/handlers/address"
)

// Loa calls a member as she calls herself (package address): "bà" for an
// old woman who writes "bà hỏi tí … không cháu", "anh" for a man asking
// for his wife, "chị" by default. Her questions are read for it; the form
// is kept for store.AddressMemory after her last message, so her next
// question, typed without saying so, is answered the same way, and a
// later clear word ("em hỏi", "vợ tôi") changes it. Every reply of Loa's
// own goes out in that form (Router.Handle); the replies of staff work
// (registry.staff, privileged commands) quote what people typed and are
// shown as written.

// hearAddress reads how the writer of a question calls herself, keeps a
// new form in mind, and returns the form to answer her in: the one she
// just told, else the one kept (form).
func (r *Router) hearAddress(ctx context.Context, u chat.Update, form address.Form) address.Form {
	heard, ok := address.Tell(u.Text)
	if !ok || heard == form {
		return form
	}
	r.log.Info("form of address heard", "platform", u.Platform, "form", heard.Word())
	if r.store != nil {
		if err := r.store.RememberAddress(ctx, u.Platform, u.ChatID, u.UserID, string(heard)); err != nil {
			r.log.Warn("remember form of address", "platform", u.Platform, "error", err)
		}
	}
	return heard
}

// inForm writes replies in form (address.Render); a reply with no text (a
// file) is left as it is.
func inForm(replies []chat.Reply, form address.Form) {
	if form == address.Chi {
		return
	}
	for i := range replies {
		replies[i].Text = address.Render(replies[i].Text, form)
	}
}

// staffButtonData reports whether a button press is staff work.
func (r *Router) staffButtonData(data string) bool {
	prefix, _, _ := strings.Cut(data, ":")
	return r.staff["b:"+prefix]
}

// staffCommand reports whether a slash command is staff work: one that
// needs a role.
func (r *Router) staffCommand(text string) bool {
	name, args := splitCommand(text)
	c, ok := r.commands[name]
	if !ok {
		c, _, ok = r.spelledCommand(name, args)
	}
	return ok && c.needs != ""
}

// staffPlainCommand reports whether a command typed without its slash
// ("thong ke") is staff work.
func (r *Router) staffPlainCommand(text string) bool {
	name, _, _, ok := plainCommand(withoutCall(text))
	c, found := r.commands[name]
	return ok && found && c.needs != ""
}
