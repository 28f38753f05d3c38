package main

import (
	"context"
	"math/rand/v2"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"loa/bot/telegram/telegramtest"
	"loa/chat"
	"loa/store"
	"loa/store/redistest"
)

// faultPlan sizes one run of the fault scenario: a head's notice to
// Members members of her branch while, at random moments, the bot is
// killed with SIGKILL and restarted, Redis is restarted (SIGKILL, the AOF
// brings it back) and frozen, and Telegram answers 5xx for Outage.
type faultPlan struct {
	Members int
	Rate    int           // LOA_TELEGRAM_RATE and the fake's own limit
	Kills   int           // kill -9 of the bot, each at a random moment
	Freeze  time.Duration // Redis frozen (DEBUG SLEEP) once
	Outage  time.Duration // every Telegram call answers 502
}

// faultResult is what one run ended with.
type faultResult struct {
	job                   store.OutboxStatus
	reached, copies       int
	doubled, silentlyLost []string
	unreported            int // in doubt without an outcome record naming her
	took                  time.Duration
}

// runNoticeUnderFaults runs the scenario once and checks the invariants:
// no member gets two copies, a member without her copy is one the job
// reports (failed or "in doubt", by name in its outcomes), and the head is
// told the end. It returns the figures for the log.
func runNoticeUnderFaults(tb testing.TB, plan faultPlan) faultResult {
	tb.Helper()
	began := time.Now()
	tg := telegramtest.New(tb)
	tg.SetLimits(telegramtest.Limits{PerSecond: plan.Rate + plan.Rate/5})
	r := redistest.StartDurable(tb) // restarted with SIGKILL: see StartDurable
	st := store.New(r.Client())
	ctx := context.Background()
	chats, head := seedBranchB1(tb, st, tg, plan.Members, 100000)
	env := map[string]string{
		"REDIS_URL": r.URL(), "LOA_HTTP_ADDR": freeAddr(tb), "LOA_DATA_DIR": tb.TempDir(), "LOA_WEBCHAT": "off",
		"TELEGRAM_BOT_TOKEN": tg.Token(), "TELEGRAM_API_BASE": tg.URL(), "LOA_TELEGRAM_RATE": strconv.Itoa(plan.Rate),
		"LOA_DELIVERY_LEASE": "3s",
		// A recipient whose send the kill interrupted is in doubt after
		// send timeout + lease: 8 s instead of 33 (the fake answers in ms,
		// and its 502s at once), which the short run waited at its end.
		"LOA_DELIVERY_SEND_TIMEOUT": "5s",
	}
	copies := func() int { return noticeCopies(tg, chats) }
	p := startProcess(tb, env)
	head.Say("/thongbao")
	head.Replies(1)
	head.Say(faultNotice)
	waitUntil(tb, 30*time.Second, "the preview", func() bool { return strings.Contains(strings.Join(head.Choices(), "|"), "Gửi") })
	head.Press("Gửi")

	// The faults, each when a random share of the members has the notice.
	type fault struct {
		at   int
		name string
		do   func()
	}
	at := func() int { return plan.Members/20 + rand.N(plan.Members*7/10) }
	var faults []fault
	for range plan.Kills {
		faults = append(faults, fault{at(), "kill -9 the bot", func() {
			p.kill()
			p = startProcess(tb, env)
		}})
	}
	faults = append(faults,
		fault{at(), "restart Redis", func() { r.Restart() }},
		fault{at(), "freeze Redis", func() { r.Freeze(plan.Freeze) }},
		fault{at(), "Telegram 502", func() { tg.FailFor(plan.Outage, 502) }},
	)
	sort.Slice(faults, func(i, j int) bool { return faults[i].at < faults[j].at })
	for _, f := range faults {
		deadline := time.Now().Add(5 * time.Minute)
		for copies() < f.at && time.Now().Before(deadline) {
			if job, ok := headJob(st, head); ok && job.Ended() {
				break // the notice ended before this moment came
			}
			time.Sleep(20 * time.Millisecond)
		}
		tb.Logf("%s at %d of %d members reached", f.name, copies(), plan.Members)
		f.do()
	}

	var job store.OutboxStatus
	waitUntil(tb, 10*time.Minute, "the notice to end", func() bool {
		var ok bool
		job, ok = headJob(st, head)
		return ok && job.Ended()
	})
	waitUntil(tb, 60*time.Second, "the head's summary", func() bool {
		for _, m := range tg.Messages(head.chat) {
			if strings.Contains(m.Text, "Đã gửi xong thông báo") {
				return true
			}
		}
		return false
	})
	time.Sleep(time.Second) // a late duplicate would arrive by now

	res := faultResult{job: job, took: time.Since(began)}
	outcomes, err := st.OutboxOutcomes(ctx, job.ID)
	if err != nil {
		tb.Fatal(err)
	}
	inDoubt := 0
	for _, o := range outcomes {
		if strings.Contains(o, "doubt") {
			inDoubt++
		}
	}
	res.unreported = int(job.InDoubt) - inDoubt
	for _, chat := range chats {
		n := 0
		for _, m := range tg.Messages(chat) {
			if strings.Contains(m.Text, faultNotice) {
				n++
			}
		}
		res.copies += n
		id := strconv.FormatInt(chat, 10)
		switch {
		case n > 1:
			res.doubled = append(res.doubled, id+"×"+strconv.Itoa(n))
		case n == 1:
			res.reached++
		case outcomeOf(outcomes, id) == "":
			res.silentlyLost = append(res.silentlyLost, id)
		}
	}
	tb.Logf("notice to %d: sent %d, in doubt %d, failed %d; %d members reached, %d doubled, %d silently lost, %d in doubt unreported; %v",
		plan.Members, job.Sent, job.InDoubt, job.Failed, res.reached, len(res.doubled), len(res.silentlyLost), res.unreported, res.took.Round(time.Second))
	if len(res.doubled) > 0 {
		tb.Fatalf("members got the notice twice: %v\nlogs:\n%s", res.doubled, p.logs.String())
	}
	if len(res.silentlyLost) > 0 {
		tb.Fatalf("%d members have no copy and no reported outcome: %v", len(res.silentlyLost), res.silentlyLost[:min(10, len(res.silentlyLost))])
	}
	if res.unreported != 0 || job.Sent+job.InDoubt+job.Failed+job.Blocked != int64(plan.Members) {
		tb.Fatalf("counts do not add up or in-doubt members are not named: %+v (in doubt named %d)", job, inDoubt)
	}
	p.kill()
	return res
}

// outcomeOf finds the recorded outcome of a member (keyed "telegram:<id>").
func outcomeOf(outcomes map[string]string, chatID string) string {
	for k, v := range outcomes {
		if k == chatID || strings.HasSuffix(k, ":"+chatID) {
			return v
		}
	}
	return ""
}

func headJob(st *store.Store, head *telegramMember) (store.OutboxStatus, bool) {
	jobs, err := st.OutboxJobsByAuthor(context.Background(), chat.Telegram, head.ID(), 5)
	if err != nil || len(jobs) == 0 {
		return store.OutboxStatus{}, false
	}
	return jobs[0], true
}

// TestNoticeUnderFaults is the short version of the fault suite that `make
// test` runs: a few hundred members, every kind of fault once.
func TestNoticeUnderFaults(t *testing.T) {
	t.Parallel()
	runNoticeUnderFaults(t, faultPlan{Members: 300, Rate: 150, Kills: 1, Freeze: 3 * time.Second, Outage: 5 * time.Second})
}

// BenchmarkNoticeUnderFaults is the fault suite `make soak` runs 20 times
// in a row (-benchtime 20x): a 20,000-member notice, the bot killed with
// SIGKILL twice at random moments, Redis restarted and frozen for 10 s
// mid-notice, Telegram answering 502 for 30 s. Each run must end with 0
// doubled, 0 silently lost, every "in doubt" named in the job's outcomes.
func BenchmarkNoticeUnderFaults(b *testing.B) {
	plan := faultPlan{Members: 20000, Rate: 1000, Kills: 2, Freeze: 10 * time.Second, Outage: 30 * time.Second}
	var sent, inDoubt, failed int64
	runs := 0
	for b.Loop() {
		res := runNoticeUnderFaults(b, plan)
		sent += res.job.Sent
		inDoubt += res.job.InDoubt
		failed += res.job.Failed
		runs++
	}
	b.ReportMetric(float64(runs), "runs")
	b.ReportMetric(float64(inDoubt)/float64(runs), "in_doubt/run")
	b.ReportMetric(float64(failed)/float64(runs), "failed/run")
	b.ReportMetric(0, "doubled")
}
