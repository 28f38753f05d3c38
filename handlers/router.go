// Package handlers is the conversation: it turns one platform-neutral
// chat.Update into the replies the member should see. Nothing outside main
// imports it: adapters, delivery, notices and posts speak package chat.
package handlers

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"strings"
	"time"
	"unicode/utf8"

	"loa/chat"
	"loa/content"
	"loa/store"
)

// Knowledge is where answers come from; *content.Library satisfies it and
// swaps its KB on SIGHUP without a restart.
type Knowledge interface {
	KB() *content.KB
}

// Deps are what the router needs; main builds them once.
type Deps struct {
	Store     *store.Store
	Knowledge Knowledge
	Logger    *slog.Logger
	// Admins are the first admins (LOA_ADMINS), admins wherever they write
	// from without a stored grant.
	Admins []store.Identity
	// BotUsernames gives the bot's username per platform, for deep links
	// (Telegram's t.me/<bot>?start=CODE); "" when unknown.
	BotUsernames map[string]string
	// Notices sends notices (bot/notices); nil turns /thongbao off.
	Notices Broadcaster
	// Outbox queues event invitations and report reminders (main adapts
	// bot/delivery); nil: events work but nobody is messaged.
	Outbox Outbox
	// Calendar lists what the scheduler will send, for /lich (main adapts
	// the scheduler); nil turns /lich off.
	Calendar Calendar
	// LocalKnowledge writes answered questions into the content folder
	// ("Thêm vào kho câu hỏi"); nil leaves that button without effect.
	LocalKnowledge LocalKnowledge
	// Observe, when set, is told the outcome of every update the router
	// handles (not of dropped duplicates), once, after the replies are
	// ready; main counts them as metrics. It must be quick and not panic.
	Observe func(Outcome)
	// Dashboard makes /bangdieukhien's one-time links (bot/dashboard);
	// nil: the command says the dashboard is off.
	Dashboard DashboardLinks
}

// Router is the conversation: it dedupes updates, recovers from panics, and
// hands each update to the command, button or question it concerns.
type Router struct {
	store    *store.Store
	kb       Knowledge
	log      *slog.Logger
	commands map[string]*command
	order    []*command
	buttons  map[string]buttonFunc // by the prefix before ':' in Button.Data
	admins   []store.Identity
	bots     map[string]string
	outbox   Outbox // set by registerAttendance
	desk     *questionDesk
	observe  func(Outcome)
}

// command is one slash command. Commands are ASCII (/thongbao) so members can
// type them on any keyboard.
type command struct {
	name   string
	desc   string // Vietnamese, shown in /help and the platform's command menu
	hidden bool   // not listed (e.g. /start is implied)
	// needs, when set, lists the command in /help only for people who may
	// do that action somewhere; the handler still checks the exact unit.
	needs Action
	// group: answered in a group chat too, because it shows nothing
	// personal or privileged (see group.go); every other command is
	// answered only in the private chat.
	group bool
	run   func(ctx context.Context, u chat.Update, args string) []chat.Reply
}

type buttonFunc func(ctx context.Context, u chat.Update, arg string) []chat.Reply

// Command is a slash command as platforms list it (setMyCommands).
type Command struct {
	Name        string
	Description string
}

// New builds the router with every feature registered.
func New(d Deps) *Router {
	if d.Logger == nil {
		d.Logger = slog.Default()
	}
	r := &Router{
		store:    d.Store,
		kb:       d.Knowledge,
		log:      d.Logger,
		commands: map[string]*command{},
		buttons:  map[string]buttonFunc{},
		admins:   d.Admins,
		bots:     d.BotUsernames,
		observe:  d.Observe,
	}
	r.registerStart()
	r.registerFAQ()
	r.registerNotice(d.Notices)
	r.registerJoin()
	r.registerAttendance(d.Outbox)
	r.registerReport()
	r.registerSchedule(d.Calendar)
	r.registerDashboard(d.Dashboard)
	r.registerQuestions(d.LocalKnowledge)
	return r
}

func (r *Router) addCommand(c *command) {
	r.commands[c.name] = c
	r.order = append(r.order, c)
}

// Commands lists the commands every member may use, for the platform menu;
// privileged ones appear in /help for those who may use them.
func (r *Router) Commands() []Command {
	var out []Command
	for _, c := range r.order {
		if !c.hidden && c.needs == "" {
			out = append(out, Command{Name: c.name, Description: c.desc})
		}
	}
	return out
}

// maxInputRunes bounds what one message may make the bot work on; the rest of
// an enormous paste is ignored rather than refused.
const maxInputRunes = 4000

// Handle answers one update. It never panics: a failing feature is logged and
// the member gets a polite apology, and the bot keeps serving others.
func (r *Router) Handle(ctx context.Context, u chat.Update) (replies []chat.Reply) {
	start := time.Now()
	// The logger with this update's attributes is built only on the paths
	// that log: most updates never do, and With allocates.
	log := func() *slog.Logger { return r.log.With("platform", u.Platform, "update", u.ID) }
	defer func() {
		if p := recover(); p != nil {
			log().Error("handler panic", "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
			replies = []chat.Reply{{Text: msgSorry}}
		}
	}()
	// The flood limit comes first: a refused update writes nothing else
	// (not even its dedupe mark), so a flood cannot fill Redis.
	if ok, refusal := r.Admit(ctx, u); !ok {
		return refusal
	}
	// One round trip: dedupe the update and see whether the chat waits for
	// the next step of a command.
	maybeStep := r.store != nil
	if r.store != nil {
		begin, err := r.store.BeginUpdate(ctx, u.Platform, u.ID, u.ChatID, u.UserID)
		switch {
		case err != nil:
			// Answering twice is better than not answering: go on.
			log().Warn("dedupe unavailable", "error", err)
		case !begin.First:
			log().Debug("duplicate update dropped")
			return nil
		default:
			maybeStep = begin.Pending != ""
			if begin.Inactive {
				r.reactivate(ctx, u)
			}
		}
	}
	u.Text = cleanInput(u.Text)
	u.UserName = cleanInput(u.UserName)
	out := Outcome{Platform: u.Platform, Kind: updateKind(u)}
	if r.observe != nil {
		// Deferred after the panic recovery, so it runs first: a panicking
		// feature is still observed (with no Answer).
		defer func() {
			out.Duration = time.Since(start)
			r.observe(out)
		}()
	}
	switch {
	case u.Data != "":
		return r.onButton(ctx, u)
	case strings.HasPrefix(u.Text, "/"):
		return r.onCommand(ctx, u)
	case strings.TrimSpace(u.Text) == "":
		return []chat.Reply{{Text: msgOnlyText}}
	default:
		if maybeStep {
			if replies, ok := r.continueStep(ctx, u); ok {
				return replies
			}
		}
		// A command typed without its slash ("diem danh 681465", "thong
		// ke") before the knowledge base, which would answer it as a question.
		if replies, ok := r.onPlainCommand(ctx, u); ok {
			return replies
		}
		if replies, answer, ok := r.desk.onAskForPerson(ctx, u); ok {
			out.Answer = answer
			return replies
		}
		replies, out.Answer = r.onQuestion(ctx, u)
		return replies
	}
}

// reactivate switches a member marked unreachable back on: she just wrote,
// so she unblocked the bot (Telegram, Zalo) or has the web chat open again,
// and the next notice must reach her.
func (r *Router) reactivate(ctx context.Context, u chat.Update) {
	err := r.store.SetActive(ctx, u.Platform, u.UserID, true)
	switch {
	case errors.Is(err, store.ErrMemberUnknown): // erased meanwhile
	case err != nil:
		r.log.Warn("reactivate member", "platform", u.Platform, "error", err)
	default:
		r.log.Info("member reachable again", "platform", u.Platform)
	}
}

func cleanInput(s string) string {
	s = strings.ToValidUTF8(s, "")
	if utf8.RuneCountInString(s) > maxInputRunes {
		s = string([]rune(s)[:maxInputRunes])
	}
	return strings.TrimSpace(s)
}

// splitCommand turns "/start@LoaBot ABC" into ("start", "ABC").
func splitCommand(text string) (name, args string) {
	text = strings.TrimPrefix(text, "/")
	name, args, _ = strings.Cut(text, " ")
	if i := strings.IndexAny(name, "\n\t"); i >= 0 {
		args = name[i+1:] + " " + args
		name = name[:i]
	}
	name, _, _ = strings.Cut(name, "@")
	return strings.ToLower(name), strings.TrimSpace(args)
}

func (r *Router) onCommand(ctx context.Context, u chat.Update) []chat.Reply {
	name, args := splitCommand(u.Text)
	c, ok := r.commands[name]
	if !ok {
		return []chat.Reply{{Text: msgUnknownCommand}}
	}
	if u.Group && !c.group {
		return r.inPrivate(u, c.name, args)
	}
	// A command typed while the bot waits for the next step of another
	// (the text after /thongbao) means she changed her mind: forget it, so
	// her next plain message is not taken as that step.
	if r.store != nil {
		if err := r.store.ClearPending(ctx, u.Platform, u.ChatID, u.UserID); err != nil {
			r.log.Warn("clear pending step", "platform", u.Platform, "error", err)
		}
	}
	return c.run(ctx, u, args)
}

func (r *Router) onButton(ctx context.Context, u chat.Update) []chat.Reply {
	prefix, arg, _ := strings.Cut(u.Data, ":")
	f, ok := r.buttons[prefix]
	if !ok {
		r.log.Info("unknown button", "platform", u.Platform, "prefix", prefix)
		return []chat.Reply{{Text: msgStaleButton, Buttons: r.topicMenu()}}
	}
	if u.Group && !groupButton(prefix) {
		return r.inPrivate(u, "start", "")
	}
	return f(ctx, u, arg)
}
