package handlers

import (
	"context"
	"errors"
	"strings"

	"loa/chat"
	"loa/store"
)

const (
	// msgGreeting stays short: on a 360×640 phone the greeting and the
	// first topics must fit on one screen.
	msgGreeting = "Chào chị, em là Loa – trợ lý của Hội Liên hiệp Phụ nữ. 🌸\n" +
		"Chị cứ gõ câu hỏi, có dấu hay không dấu đều được, hoặc chọn chủ đề dưới đây.\n" +
		"Khi nguy hiểm: gọi 113 (Công an), 115 (Cấp cứu), 111 (Trẻ em)."
	// msgGreetingJoin is added on Zalo for someone who is not a member yet
	// (a new Zalo OA follower is greeted on her follow): how to join her
	// branch. (The web chat's first screen has no room for it, and on
	// Telegram the head's invite link joins her.)
	msgGreetingJoin = "Muốn nhận thông báo của chi hội, chị gõ /dangky kèm mã mời do chi hội trưởng gửi."
	msgHelpHead     = "Loa làm được những việc sau:"
	msgHelpTail     = "Chị cũng có thể gõ thẳng câu hỏi, ví dụ: \"5 không 3 sạch là gì\", \"làm VNeID mức 2 ở đâu\"."
	msgTopics       = "Chị chọn chủ đề muốn tìm hiểu nhé:"
)

func (r *Router) registerStart() {
	r.command(&command{name: "start", desc: "Bắt đầu, xem giới thiệu", hidden: true, group: true, run: r.start})
	r.command(&command{name: "help", desc: "Xem các lệnh của Loa", group: true, run: r.help})
	r.command(&command{name: "chude", desc: "Chọn chủ đề để hỏi", group: true, run: r.topics})
	r.button("m", func(ctx context.Context, u chat.Update, _ string) []chat.Reply { return r.topics(ctx, u, "") })
	r.button(buttonCommand, r.commandButton)
}

// buttonCommand is the prefix of a button that runs a command line, as if
// she typed it: the choice among units of the same name ("cmd:/thongke
// B11 thang 12/2026"). The command checks what she may do as when typed,
// so a forged button gets no more than typing would.
const buttonCommand = "cmd"

func (r *Router) commandButton(ctx context.Context, u chat.Update, line string) []chat.Reply {
	if !strings.HasPrefix(line, "/") {
		r.log.Info("bad command button", "platform", u.Platform)
		return []chat.Reply{{Text: msgStaleButton}}
	}
	u.Data, u.Text = "", line
	return r.onCommand(ctx, u)
}

// start greets; with a deep-link payload (t.me/<bot>?start=CODE) it is the
// first step of joining a branch, and with c_<command> (the link a group
// gives for a private command) it runs that command in the private chat.
func (r *Router) start(ctx context.Context, u chat.Update, args string) []chat.Reply {
	if args != "" && u.Group {
		return r.inPrivate(u, "start", args)
	}
	if c := r.fromDeepLink(args); c != nil {
		return c.run(ctx, u, "")
	}
	if args != "" && r.startCode != nil {
		return r.startCode(ctx, u, args)
	}
	greeting := msgGreeting
	// Zalo has no invite links that carry the code (Telegram's do), so
	// there the greeting says how to join.
	if !u.Group && r.store != nil && (u.Platform == chat.Zalo || u.Platform == chat.ZaloOA) {
		if _, err := r.store.Member(ctx, u.Platform, u.UserID); errors.Is(err, store.ErrMemberUnknown) {
			greeting += "\n" + msgGreetingJoin
		}
	}
	return []chat.Reply{{Text: greeting, Buttons: r.topicMenu()}}
}

// help lists the commands this person may use: everyone's, then the
// privileged ones her roles allow.
func (r *Router) help(ctx context.Context, u chat.Update, _ string) []chat.Reply {
	// In a group she sees everyone's commands only: her roles are nobody
	// else's business.
	var a Actor
	if r.store != nil && !u.Group {
		var err error
		if a, err = r.actor(ctx, u); err != nil {
			return r.failed(u, "load actor", err)
		}
	}
	var b strings.Builder
	b.WriteString(msgHelpHead)
	b.WriteString("\n")
	for _, c := range r.order {
		if c.hidden || (c.needs != "" && !CanSomewhere(a, c.needs)) {
			continue
		}
		b.WriteString("/" + c.name + " – " + c.desc + "\n")
	}
	b.WriteString("\n" + msgHelpTail)
	return []chat.Reply{{Text: b.String()}}
}

// topics answers /chude and "Chủ đề khác": she asked for the topics to
// pick one, so they are her open choice (choices.go).
func (r *Router) topics(ctx context.Context, u chat.Update, _ string) []chat.Reply {
	menu := r.topicMenu()
	r.offerChoice(ctx, u, menu)
	return []chat.Reply{{Text: msgTopics, Buttons: menu}}
}

// topicMenu is one button per topic of the knowledge base, one per row so the
// titles stay readable on a narrow phone.
func (r *kit) topicMenu() [][]chat.Button {
	kb := r.kb.KB()
	var rows [][]chat.Button
	for _, t := range kb.Topics() {
		rows = append(rows, []chat.Button{{Text: t.Title, Data: "t:" + t.ID}})
	}
	return rows
}
