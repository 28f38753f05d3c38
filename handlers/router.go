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
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"loa/chat"
	"loa/content"
	"loa/handlers/address"
	"loa/scheduler"
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
	// Clock, when set, is the time features read (events, reports,
	// schedules); nil is time.Now. Tests set a fixed day with it.
	Clock func() time.Time
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
// hands each update to the command, button, step or question it concerns,
// as the features registered them. /start, /help and /chude are its own:
// they list what the features registered.
type Router struct {
	*kit
	registry
	observe func(Outcome)
	// events is the attendance feature, whose jobs tests also run at a
	// chosen time (CloseDueEvents and friends).
	events *attendance
	// desk is the questions feature, whose answering the dashboard also
	// uses (AnswerQuestion and friends).
	desk *questionDesk
	// wordless remembers which "Loa reads only words" note each chat got
	// lately, so ten pictures get one note (see wordsOnly).
	wordless *noteLog
}

// AnswerQuestion, ResendAnswer, SkipQuestion, AddQuestionToKnowledge and
// AlertNewQuestions are the questions feature's actions for the dashboard
// and the scheduler, with the checks and delivery the chat uses.
func (r *Router) AnswerQuestion(ctx context.Context, by store.Identity, id, text string) (store.Question, error) {
	return r.desk.AnswerQuestion(ctx, by, id, text)
}

func (r *Router) ResendAnswer(ctx context.Context, by store.Identity, id string) (store.Question, error) {
	return r.desk.ResendAnswer(ctx, by, id)
}

func (r *Router) SkipQuestion(ctx context.Context, by store.Identity, id string) (store.Question, error) {
	return r.desk.SkipQuestion(ctx, by, id)
}

func (r *Router) AddQuestionToKnowledge(ctx context.Context, by store.Identity, id string) (string, error) {
	return r.desk.AddQuestionToKnowledge(ctx, by, id)
}

func (r *Router) AlertNewQuestions(ctx context.Context, slot time.Time) (int, error) {
	return r.desk.AlertNewQuestions(ctx, slot)
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
	run   commandFunc
}

type buttonFunc func(ctx context.Context, u chat.Update, arg string) []chat.Reply

// Command is a slash command as platforms list it (setMyCommands).
type Command struct {
	Name        string
	Description string
}

// New builds the router and every feature, in this order: the kit they
// share, then each feature with its own dependencies (all built by main
// before this call: nothing is bound later), then the router from what
// they register. The order of the features is the order of /help.
func New(d Deps) *Router {
	k := newKit(d)
	events := &attendance{kit: k}
	desk := &questionDesk{kit: k, r: k, local: d.LocalKnowledge}
	r := newRouter(k, d.Observe,
		&faq{kit: k, desk: desk},
		&notices{kit: k, b: d.Notices},
		&joining{kit: k},
		events,
		&reports{kit: k},
		&schedules{kit: k, cal: d.Calendar},
		&dashboardLinks{kit: k, links: d.Dashboard},
		desk,
	)
	r.events, r.desk = events, desk
	return r
}

func newRouter(k *kit, observe func(Outcome), features ...feature) *Router {
	r := &Router{kit: k, registry: newRegistry(), observe: observe, wordless: &noteLog{}}
	r.registerStart()
	for _, f := range features {
		f.register(&r.registry)
	}
	return r
}

// Jobs are the scheduler jobs the features registered (attendance: closing
// events, reminders, monthly meetings); main registers them with the
// scheduler.
func (r *Router) Jobs() []scheduler.Job { return slices.Clone(r.jobs) }

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
	if u.Group && u.Data == "" && u.MessageID != "" {
		// Several members talk in a group: her answer shows under her
		// message, so two asking at once each see which one is hers.
		defer func() {
			if len(replies) > 0 && replies[0].EditMessageID == "" {
				replies[0].ReplyTo = u.MessageID
			}
		}()
	}
	// The flood limit comes first: a refused update writes nothing else
	// (not even its dedupe mark), so a flood cannot fill Redis.
	if ok, refusal := r.Admit(ctx, u); !ok {
		return refusal
	}
	// One round trip: dedupe the update and see whether the chat waits for
	// the next step of a command.
	maybeStep := r.store != nil
	pending := ""           // the step Loa waits for, when the store said
	var recall store.Recall // what Loa keeps in mind of her conversation
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
			maybeStep, pending, recall = begin.Pending != "", begin.Pending, begin.Recall
			if begin.Inactive {
				r.reactivate(ctx, u)
			}
		}
	}
	// Loa's own words go out in the form she is called by (address.go),
	// staff work as written: its replies quote what people typed.
	form, asWritten := address.Parse(recall.Address), false
	defer func() {
		if !asWritten {
			inForm(replies, form)
		}
	}()
	// Adapters hand a picture, a sticker or a voice note in with no text
	// at all; text that only cleans to nothing is typed (see wordsOnly).
	media := u.Text == "" && u.Data == ""
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
		asWritten = r.staffButtonData(u.Data)
		return r.onButton(ctx, u)
	case strings.HasPrefix(u.Text, "/"):
		asWritten = r.staffCommand(u.Text)
		return r.onCommand(ctx, u)
	case strings.TrimSpace(u.Text) == "" && u.Group:
		// A sticker, a photo of the meeting, a voice note in the branch's
		// group are for the people there: a note under each is noise.
		return nil
	case strings.TrimSpace(u.Text) == "":
		return r.wordsOnly(ctx, u, pending, media)
	default:
		if maybeStep {
			if replies, step, ok := r.continueStep(ctx, u); ok {
				asWritten = r.staff["s:"+step]
				return replies
			}
		}
		// A command typed without its slash ("diem danh 681465", "thong
		// ke") before the knowledge base, which would answer it as a question.
		if replies, ok := r.onPlainCommand(ctx, u); ok {
			asWritten = r.staffPlainCommand(u.Text)
			return replies
		}
		replies, ok := r.typedChoice(ctx, u, recall.Choice)
		if !ok {
			form = r.hearAddress(ctx, u, form)
			replies, out.Answer = r.question(ctx, u, recall)
		}
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

// commandBot is the bot a command names: "LoaBot" in "/help@LoaBot", ""
// when it names none.
func commandBot(text string) string {
	first, _, _ := strings.Cut(strings.TrimPrefix(text, "/"), " ")
	if i := strings.IndexAny(first, "\n\t"); i >= 0 {
		first = first[:i]
	}
	_, bot, _ := strings.Cut(first, "@")
	return bot
}

func (r *Router) onCommand(ctx context.Context, u chat.Update) []chat.Reply {
	name, args := splitCommand(u.Text)
	// A group may hold other bots: "/help@quiz_bot" is theirs, and so may
	// be a command Loa does not have, unless it names her ("/hop@LoaBot").
	to := commandBot(u.Text)
	if u.Group && to != "" && r.bots[u.Platform] != "" && !strings.EqualFold(to, r.bots[u.Platform]) {
		return nil
	}
	c, ok := r.commands[name]
	if !ok {
		c, args, ok = r.spelledCommand(name, args)
	}
	if !ok {
		if u.Group && to == "" {
			r.log.Info("unknown command in a group left to others", "platform", u.Platform)
			return nil
		}
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

// spelledCommand finds the command a phone's keyboard spelled with marks
// or spaces: "/thông báo", "/Thong bao", "/bảng điều khiển". The name and
// up to two words after it, folded and joined, are tried in turn; args is
// what follows the words used.
func (r *Router) spelledCommand(name, args string) (*command, string, bool) {
	joined := foldWord(name)
	rest := strings.Fields(args)
	for i := 0; ; i++ {
		if c, ok := r.commands[joined]; ok && joined != "" {
			return c, strings.Join(rest[i:], " "), true
		}
		if i >= 2 || i >= len(rest) {
			return nil, args, false
		}
		joined += foldWord(rest[i])
	}
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
