package admin

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"text/tabwriter"
	"time"

	"loa/scheduler"
)

// The scheduler's jobs as the running bot published them in Redis: list,
// pause, resume (shared by every replica) and run-now (taken by whichever
// replica polls first; the CLI has no delivery engine of its own).

const jobsUsage = `Usage: bot admin jobs list
       bot admin jobs pause ID
       bot admin jobs resume ID
       bot admin jobs run ID

list     every job the running bot schedules: id, schedule, next run
         (Asia/Ho_Chi_Minh, after quiet hours), last slot, paused or not
pause    stop a job on every replica; slots that come due meanwhile are skipped
resume   undo pause; the next slot fires as usual (missed ones are not caught up)
run      ask the running bot to run a job now, once (outreach posts wait for
         the end of quiet hours)
`

func (c *cli) jobs(args []string) int {
	if len(args) == 0 || isHelp(args) {
		if len(args) == 0 {
			fmt.Fprint(c.err, jobsUsage)
			return exitUsage
		}
		fmt.Fprint(c.out, jobsUsage)
		return exitOK
	}
	s := scheduler.New(c.st, scheduler.Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	sub, rest := args[0], args[1:]
	needID := func() (string, bool) {
		if len(rest) != 1 || strings.HasPrefix(rest[0], "-") {
			fmt.Fprintf(c.err, "admin jobs %s: want exactly one job id\n\n%s", sub, jobsUsage)
			return "", false
		}
		return rest[0], true
	}
	switch sub {
	case "list":
		if len(rest) > 0 {
			fmt.Fprintf(c.err, "admin jobs list: unexpected argument %q\n", rest[0])
			return exitUsage
		}
		return c.jobsList(s)
	case "pause", "resume", "run":
		id, ok := needID()
		if !ok {
			return exitUsage
		}
		var err error
		switch sub {
		case "pause":
			err = s.Pause(c.ctx, id)
		case "resume":
			err = s.Resume(c.ctx, id)
		default:
			err = s.RequestRun(c.ctx, id)
		}
		if errors.Is(err, scheduler.ErrUnknownJob) {
			fmt.Fprintf(c.err, "admin jobs %s: %v (see `bot admin jobs list`; the bot publishes its jobs while it runs)\n", sub, err)
			return exitFail
		}
		if err != nil {
			fmt.Fprintf(c.err, "admin jobs %s: %v\n", sub, err)
			return exitFail
		}
		switch sub {
		case "pause":
			fmt.Fprintf(c.out, "paused %s\n", id)
		case "resume":
			fmt.Fprintf(c.out, "resumed %s\n", id)
		default:
			fmt.Fprintf(c.out, "asked the running bot to run %s now\n", id)
		}
		return exitOK
	}
	fmt.Fprintf(c.err, "admin jobs: unknown subcommand %q\n\n%s", sub, jobsUsage)
	return exitUsage
}

func (c *cli) jobsList(s *scheduler.Scheduler) int {
	jobs, err := s.List(c.ctx)
	if err != nil {
		fmt.Fprintf(c.err, "admin jobs list: %v\n", err)
		return exitFail
	}
	if len(jobs) == 0 {
		fmt.Fprintln(c.err, "no jobs: start the bot once, it publishes its jobs in Redis")
		return exitOK
	}
	loc := s.Location()
	show := func(t time.Time) string {
		if t.IsZero() {
			return "-"
		}
		return t.In(loc).Format("2006-01-02 15:04")
	}
	tw := tabwriter.NewWriter(c.out, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tSCHEDULE\tNEXT\tLAST\tSTATE\tDESCRIPTION")
	for _, j := range jobs {
		state := "active"
		if j.Paused {
			state = "paused"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", j.ID, j.Spec, show(j.NextDue), show(j.Last), state, j.Description)
	}
	_ = tw.Flush()
	return exitOK
}
