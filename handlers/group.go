package handlers

import (
	"fmt"
	"net/url"
	"strings"
	"unicode"

	"loa/chat"
	"loa/store"
)

// Group chats: Loa answers questions in a group like anywhere else, but
// anything personal (what Loa keeps about her, joining, consent, erasing,
// her settings) or privileged (invites, statistics, exports, a head's
// notices and events) is answered only in the private chat. In the group
// she gets a short note with a link that opens the private chat and runs
// the command there (Telegram's t.me/<bot>?start=…; Zalo has no deep links,
// so it names the command to send). A command is answered in a group only
// when it says so (command.group), a button only when groupButton says so:
// private is the default, so a new feature cannot leak into a group.

// Loa speaks in a group when she is called: a message the platform marks
// as meant for her (an @mention, a reply to her message: chat.Update.
// Addressed), or one that calls her by name ("Loa ơi …", "loa oi …",
// "Loa, …", "… nhé Loa"). The members talk among themselves there; an
// answer to each of their words would be noise to thirty people and use up
// the group's twenty messages a minute. Overheard words still get what
// must not wait: an emergency's hotline (faq.overheard).

// calledByName reports whether text calls Loa by name: "loa" first (not
// "loa phường", the ward's loudspeaker), last, or followed by "ơi".
func calledByName(text string) bool {
	words := strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	for i, w := range words {
		if foldWord(w) != "loa" {
			continue
		}
		next := ""
		if i+1 < len(words) {
			next = foldWord(words[i+1])
		}
		switch {
		case next == "oi":
			return true
		case i == 0 && !loudspeakerWords[next]:
			return true
		case i == len(words)-1 && i > 0:
			return true
		}
	}
	return false
}

// withoutCall is text without the call that opens it ("Loa ơi, mã của em
// là …" → "mã của em là …"), for reading what she asks of Loa.
func withoutCall(text string) string {
	fields := strings.Fields(text)
	word := func(i int) string {
		if i >= len(fields) {
			return ""
		}
		return foldWord(strings.TrimFunc(fields[i], func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }))
	}
	if word(0) != "loa" || loudspeakerWords[word(1)] || len(fields) < 2 {
		return text
	}
	n := 1
	if word(1) == "oi" {
		n = 2
	}
	return strings.Join(fields[n:], " ")
}

// loudspeakerWords follow "loa" when it is the loudspeaker, not Loa.
var loudspeakerWords = map[string]bool{"phuong": true, "xa": true, "phat": true, "thanh": true, "keo": true, "dai": true, "ap": true, "thon": true, "to": true}

// calledInGroup reports whether Loa should take a message in a group as
// said to her; every private message is.
func calledInGroup(u chat.Update) bool {
	return !u.Group || u.Addressed || calledByName(u.Text)
}

const (
	msgPrivateLink = "Việc này có thông tin riêng nên Loa trả lời chị trong tin nhắn riêng nhé. Chị bấm vào đây để mở: %s"
	msgPrivateSend = "Việc này có thông tin riêng nên Loa trả lời chị trong tin nhắn riêng nhé. Chị nhắn riêng cho Loa: /%s"
	// After the hotline, to someone in danger who told the group.
	msgPrivateOfferLink = "Nếu chị muốn kể riêng với cán bộ Hội, chị bấm vào đây để nhắn riêng cho Loa: %s"
	msgPrivateOfferSend = "Nếu chị muốn kể riêng với cán bộ Hội, chị nhắn riêng cho Loa: /hoicanbo"
)

// deepLinkCommand starts a deep-link payload that runs a command in the
// private chat: /start c_toi runs /toi. Invite codes (Crockford base32,
// upper case) never contain '_', so the two payloads cannot be confused.
const deepLinkCommand = "c_"

// groupButton reports whether a button may be answered in a group: the
// topic menu and the knowledge base's topics and questions, which are the
// same for everyone.
func groupButton(prefix string) bool {
	switch prefix {
	case "m", "t", "f":
		return true
	}
	return false
}

// inPrivate is the group's answer to a personal or privileged command or
// button: a pointer to the private chat, and nothing else.
func (r *kit) inPrivate(u chat.Update, name, args string) []chat.Reply {
	r.log.Info("private command asked in a group", "platform", u.Platform, "command", name)
	if link, ok := r.privateLink(u, name, args); ok {
		return []chat.Reply{{Text: fmt.Sprintf(msgPrivateLink, link)}}
	}
	return []chat.Reply{{Text: fmt.Sprintf(msgPrivateSend, name)}}
}

// privateLink is the link that opens the private chat and runs command
// name there (Telegram); false where a platform has no such links.
func (r *kit) privateLink(u chat.Update, name, args string) (string, bool) {
	bot := r.bots[u.Platform]
	if bot == "" || u.Platform != chat.Telegram {
		return "", false
	}
	link := "https://t.me/" + bot
	if payload := deepLinkPayload(name, args); payload != "" {
		link += "?start=" + url.QueryEscape(payload)
	}
	return link, true
}

// privateOffer ends what Loa says in a group to someone in danger, after
// the hotline: she may go on in the private chat, where thirty neighbours
// do not read, and a member's words reach a person of the Union there
// (/hoicanbo).
func (r *kit) privateOffer(u chat.Update) string {
	if link, ok := r.privateLink(u, "hoicanbo", ""); ok {
		return fmt.Sprintf(msgPrivateOfferLink, link)
	}
	return msgPrivateOfferSend
}

// deepLinkPayload is what the private chat receives after /start: the
// invite code of a join (so she lands on the consent question), otherwise
// the command; "" for a plain /start (a button pressed in the group).
// Other arguments are left out; she types them in private. Telegram allows
// up to 64 of A-Z a-z 0-9 _ -.
func deepLinkPayload(name, args string) string {
	if name == "dangky" || name == "start" {
		if code := store.NormalizeInviteCode(inviteCodeTyped(args)); code != "" && len(code) <= 64 {
			return code
		}
	}
	if name == "start" {
		return ""
	}
	return deepLinkCommand + name
}

// fromDeepLink is the command a /start payload asks for, or nil.
func (r *Router) fromDeepLink(payload string) *command {
	name, ok := strings.CutPrefix(payload, deepLinkCommand)
	if !ok || name == "start" {
		return nil
	}
	return r.commands[name]
}
