// Package admin is the operators' command line, `bot admin …`: it loads the
// unit tree, grants and revokes roles, makes invite codes and lists members,
// talking to the same Redis as the bot. Output is for people at a terminal
// and for scripts: results on stdout, problems on stderr, exit status 0 on
// success, 1 when the command failed, 2 when it was called wrongly.
package admin

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"loa/store"
)

// Exit statuses.
const (
	exitOK    = 0
	exitFail  = 1 // the command ran and failed (unknown unit, Redis down, bad file)
	exitUsage = 2 // the command was called wrongly
)

// Options carry what the bot's configuration knows and the command line
// need not repeat.
type Options struct {
	// BotUsername is the Telegram bot's @username (without @); when set,
	// `invite` prints the t.me deep link without --bot-username.
	BotUsername string
	// PublicURL is LOA_PUBLIC_URL, where dashboard links point.
	PublicURL string
}

// Run runs one admin command, args being what follows `bot admin`.
func Run(ctx context.Context, st *store.Store, args []string, stdout, stderr io.Writer) int {
	return RunWithOptions(ctx, st, Options{}, args, stdout, stderr)
}

// RunWithOptions is Run with defaults from the bot's configuration.
func RunWithOptions(ctx context.Context, st *store.Store, opts Options, args []string, stdout, stderr io.Writer) int {
	c := &cli{ctx: ctx, st: st, opts: opts, out: stdout, err: stderr}
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	cmd, rest := args[0], args[1:]
	sub := ""
	if len(rest) > 0 && !strings.HasPrefix(rest[0], "-") {
		sub = rest[0]
	}
	switch {
	case cmd == "help" || cmd == "-h" || cmd == "--help" || cmd == "-help":
		fmt.Fprint(stdout, usage)
		return exitOK
	case cmd == "units" && sub == "import":
		return c.unitsImport(rest[1:])
	case cmd == "units" && sub == "show":
		return c.unitsShow(rest[1:])
	case cmd == "grant":
		return c.grant(rest, false)
	case cmd == "revoke":
		return c.grant(rest, true)
	case cmd == "roles":
		return c.roles(rest)
	case cmd == "invite" && sub == "list":
		return c.inviteList(rest[1:])
	case cmd == "invite" && sub == "revoke":
		return c.inviteRevoke(rest[1:])
	case cmd == "invite":
		return c.invite(rest)
	case cmd == "members" && sub == "list":
		return c.membersList(rest[1:])
	case cmd == "jobs":
		return c.jobs(rest)
	case cmd == "dashboard-link":
		return c.dashboardLink(rest)
	case cmd == "questions" && sub == "export":
		return c.questionsExport(rest[1:])
	case cmd == "units" || cmd == "members" || cmd == "questions":
		if isHelp(rest) {
			fmt.Fprint(stdout, usage)
			return exitOK
		}
		fmt.Fprintf(stderr, "admin %s: unknown subcommand %q\n\n%s", cmd, sub, usage)
		return exitUsage
	}
	fmt.Fprintf(stderr, "admin: unknown command %q\n\n%s", cmd, usage)
	return exitUsage
}

const usage = `Usage: bot admin COMMAND [flags]

Unit tree:
  units import FILE             load the unit tree from a .csv or .yaml file
  units import --sample         load the sample tree shipped with the bot
  units show [CODE]             print the tree (or the part under CODE)
Roles:
  grant  --platform P --user ID --role head|staff|admin [--unit CODE]
  revoke --platform P --user ID --role head|staff|admin [--unit CODE]
  roles  --platform P --user ID
Invites:
  invite --unit CODE [--role member|head|staff] [--uses N] [--expires 720h] [--bot-username NAME]
  invite list --unit CODE
  invite revoke CODE
Members:
  members list --unit CODE [--csv]
Scheduled jobs:
  jobs list | jobs pause ID | jobs resume ID | jobs run ID
Member questions:
  questions export [--csv] [--unit CODE]
Staff dashboard:
  dashboard-link --platform P --user ID   one-time sign-in link (10 minutes)

Each command explains itself with --help.
`

// cli holds what every command needs.
type cli struct {
	ctx      context.Context
	st       *store.Store
	opts     Options
	out, err io.Writer
}

func isHelp(args []string) bool {
	for _, a := range args {
		if a == "-h" || a == "--help" || a == "-help" || a == "help" {
			return true
		}
	}
	return false
}

// newFlags makes a flag set whose --help prints the command's usage to
// stdout and whose mistakes go to stderr.
func (c *cli) newFlags(name, synopsis, about string) *flag.FlagSet {
	fs := flag.NewFlagSet("admin "+name, flag.ContinueOnError)
	fs.SetOutput(c.err)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: bot admin %s\n\n%s\n", synopsis, about)
		var flags bool
		fs.VisitAll(func(*flag.Flag) { flags = true })
		if flags {
			fmt.Fprintln(fs.Output(), "\nFlags:")
			fs.PrintDefaults()
		}
	}
	return fs
}

// parse reads flags wherever they stand among the positional arguments
// (`units import tree.csv --check` as well as `units import --check tree.csv`).
// It returns the positional arguments, or a status to exit with: exitOK
// after --help (printed to stdout), exitUsage after a mistake.
func (c *cli) parse(fs *flag.FlagSet, args []string) ([]string, int, bool) {
	for _, a := range args {
		if a == "--" {
			break
		}
		if a == "-h" || a == "-help" || a == "--help" {
			fs.SetOutput(c.out)
			fs.Usage()
			return nil, exitOK, false
		}
	}
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) { // -h inside a value's place; usage went to stderr
				return nil, exitOK, false
			}
			return nil, exitUsage, false
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, 0, true
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), 0, true
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// parseFlagsOnly is parse for commands that take no positional argument:
// one is a usage error.
func (c *cli) parseFlagsOnly(fs *flag.FlagSet, args []string) (int, bool) {
	pos, status, ok := c.parse(fs, args)
	if !ok {
		return status, false
	}
	if len(pos) > 0 {
		return c.usageError(fs, "unexpected argument %q", pos[0]), false
	}
	return 0, true
}

// usageError reports a wrong call: the problem, then the command's usage.
func (c *cli) usageError(fs *flag.FlagSet, format string, args ...any) int {
	fmt.Fprintf(c.err, "%s: %s\n\n", fs.Name(), fmt.Sprintf(format, args...))
	fs.Usage()
	return exitUsage
}

// fail reports a command that ran and failed.
func (c *cli) fail(fs *flag.FlagSet, err error) int {
	fmt.Fprintf(c.err, "%s: %v\n", fs.Name(), err)
	return exitFail
}

// explain turns the store's sentinel errors into a sentence an operator can act on.
func explain(err error) error {
	switch {
	case errors.Is(err, store.ErrUnitUnknown):
		return fmt.Errorf("%w (see `bot admin units show`)", err)
	case errors.Is(err, store.ErrGrantUnknown):
		return fmt.Errorf("%w (see `bot admin roles`)", err)
	}
	return err
}
