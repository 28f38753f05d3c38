package admin_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"loa/scheduler"
)

func TestJobsListPauseResumeRun(t *testing.T) {
	st, run := runner(t)
	ctx := context.Background()
	bot := scheduler.New(st, scheduler.Options{})
	noop := func(context.Context, time.Time) error { return nil }
	for _, j := range []scheduler.Job{
		{ID: "post:vneid-lua-dao", Spec: "0 9 4 */2 *", Description: "Cảnh giác lừa đảo", Quiet: true, Run: noop},
		{ID: "attendance:close", Spec: "*/5 * * * *", Description: "Close finished events", Run: noop},
	} {
		if err := bot.Register(j); err != nil {
			t.Fatal(err)
		}
	}
	if r := run("jobs", "list"); r.code != 0 || !strings.Contains(r.errOut, "no jobs") {
		t.Fatalf("list before the bot published: %+v", r)
	}
	if err := bot.Publish(ctx); err != nil {
		t.Fatal(err)
	}
	r := run("jobs", "list")
	if r.code != 0 {
		t.Fatalf("list: %+v", r)
	}
	lines := strings.Split(strings.TrimSpace(r.out), "\n")
	if len(lines) != 3 || !strings.HasPrefix(lines[0], "ID") || !strings.HasPrefix(lines[1], "attendance:close") ||
		!strings.Contains(lines[2], "post:vneid-lua-dao") || !strings.Contains(lines[2], "0 9 4 */2 *") ||
		!strings.Contains(lines[2], "active") || !strings.Contains(lines[2], "Cảnh giác lừa đảo") {
		t.Fatalf("list:\n%s", r.out)
	}

	if r := run("jobs", "pause", "post:vneid-lua-dao"); r.code != 0 || r.out != "paused post:vneid-lua-dao\n" {
		t.Fatalf("pause: %+v", r)
	}
	paused, _ := st.PausedJobs(ctx)
	if !paused["post:vneid-lua-dao"] {
		t.Fatal("pause did not reach Redis")
	}
	if r := run("jobs", "list"); !strings.Contains(r.out, "paused") {
		t.Fatalf("list after pause:\n%s", r.out)
	}
	if r := run("jobs", "resume", "post:vneid-lua-dao"); r.code != 0 {
		t.Fatalf("resume: %+v", r)
	}
	if paused, _ := st.PausedJobs(ctx); paused["post:vneid-lua-dao"] {
		t.Fatal("resume did not reach Redis")
	}

	if r := run("jobs", "run", "attendance:close"); r.code != 0 || !strings.Contains(r.out, "run attendance:close now") {
		t.Fatalf("run: %+v", r)
	}
	run("jobs", "run", "attendance:close")
	if reqs, _ := st.JobRunRequests(ctx); len(reqs) != 1 || reqs[0] != "attendance:close" {
		t.Fatalf("run requests = %v", reqs)
	}

	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"jobs", "pause", "post:nope"}, 1, "unknown job"},
		{[]string{"jobs", "run", "Bad ID"}, 1, "unknown job"},
		{[]string{"jobs", "pause"}, 2, "want exactly one job id"},
		{[]string{"jobs", "frobnicate"}, 2, "unknown subcommand"},
		{[]string{"jobs"}, 2, "Usage: bot admin jobs list"},
	} {
		r := run(tc.args...)
		if r.code != tc.code || !strings.Contains(r.errOut, tc.want) {
			t.Errorf("%v: code %d, stderr %q; want %d and %q", tc.args, r.code, r.errOut, tc.code, tc.want)
		}
	}
	if r := run("jobs", "--help"); r.code != 0 || !strings.Contains(r.out, "bot admin jobs pause ID") {
		t.Fatalf("help: %+v", r)
	}
}
