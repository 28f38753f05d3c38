package handlers

import (
	"context"
	"fmt"

	"loa/chat"
	"loa/scheduler"
	"loa/store"
)

// A feature is one part of the conversation (the knowledge base, joining,
// notices, attendance, reports, schedules). It is a type of its own, built
// with everything it needs (the kit and its own dependencies), and it tells
// the router what it answers in register: commands, buttons, the steps of
// its multi-message commands, the jobs it wants the scheduler to run. The
// router knows no feature by name; adding one is a new type and one line
// in New.
type feature interface {
	register(g *registry)
}

// registry is what features registered; the router dispatches from it.
// Registering the same command, button prefix or step twice is a
// programming error, reported when the router is built.
type registry struct {
	commands map[string]*command
	order    []*command
	buttons  map[string]buttonFunc // by the prefix before ':' in Button.Data
	steps    map[string]stepFunc   // by the step name before ':' in the pending state
	// staff marks the buttons ("b:" + prefix) and steps ("s:" + name)
	// of staff work, as a command's needs marks a command: their replies
	// quote what people typed (a notice's text, a member's question, an
	// event's name), so they are shown as written, never in the form of
	// address the writer is called by (address.Render).
	staff map[string]bool
	jobs  []scheduler.Job
	// startCode answers /start CODE (a deep link's payload that is not a
	// command): joining a branch.
	startCode commandFunc
	// question answers a message that is no command and no step: the
	// knowledge base.
	question questionFunc
}

type commandFunc func(ctx context.Context, u chat.Update, args string) []chat.Reply

// stepFunc continues a multi-message command with her next message; arg
// is what the command stored after "step:". cmds runs a command typed
// without its slash, for a step that sees she moved on.
type stepFunc func(ctx context.Context, u chat.Update, arg string, cmds plainCommands) []chat.Reply

// questionFunc answers a question; recall is what Loa keeps in mind of her
// conversation in this chat (store.Recall), answer is the Outcome.Answer
// kind.
type questionFunc func(ctx context.Context, u chat.Update, recall store.Recall) (replies []chat.Reply, answer string)

// plainCommands runs a command typed without its slash ("thong ke"); the
// router implements it.
type plainCommands interface {
	onPlainCommand(ctx context.Context, u chat.Update) ([]chat.Reply, bool)
}

func newRegistry() registry {
	return registry{commands: map[string]*command{}, buttons: map[string]buttonFunc{}, steps: map[string]stepFunc{}, staff: map[string]bool{}}
}

func (g *registry) command(c *command) {
	if _, dup := g.commands[c.name]; dup {
		panic(fmt.Sprintf("handlers: command /%s registered twice", c.name))
	}
	g.commands[c.name] = c
	g.order = append(g.order, c)
}

func (g *registry) button(prefix string, f buttonFunc) {
	if _, dup := g.buttons[prefix]; dup {
		panic(fmt.Sprintf("handlers: button prefix %q registered twice", prefix))
	}
	g.buttons[prefix] = f
}

func (g *registry) step(name string, f stepFunc) {
	if _, dup := g.steps[name]; dup {
		panic(fmt.Sprintf("handlers: step %q registered twice", name))
	}
	g.steps[name] = f
}

// staffButton registers a button of staff work (see registry.staff).
func (g *registry) staffButton(prefix string, f buttonFunc) {
	g.button(prefix, f)
	g.staff["b:"+prefix] = true
}

// staffStep registers a step of staff work (see registry.staff).
func (g *registry) staffStep(name string, f stepFunc) {
	g.step(name, f)
	g.staff["s:"+name] = true
}

// job asks the scheduler to run j (main registers Router.Jobs with it).
func (g *registry) job(j scheduler.Job) { g.jobs = append(g.jobs, j) }
