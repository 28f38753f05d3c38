package posts_test

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"loa/bot/delivery"
	"loa/bot/notices"
	"loa/bot/posts"
	"loa/chat"
	"loa/content"
	"loa/internal/testkit"
	"loa/scheduler"
	"loa/store"
	"loa/store/redistest"
	"loa/vntime"
)

// recorder is a platform that accepts everything and remembers it. Like
// every delivery.Sender, it writes the send's fence (chat.Reply.Fence)
// before it takes the message, and takes nothing if the fence fails.
type recorder struct {
	mu  sync.Mutex
	got map[string][]string // chat → texts
}

func (r *recorder) Send(ctx context.Context, chatID string, m chat.Reply) (string, error) {
	if m.Fence != nil {
		if err := m.Fence(); err != nil {
			return "", err
		}
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.got == nil {
		r.got = map[string][]string{}
	}
	r.got[chatID] = append(r.got[chatID], m.Text)
	return "1", nil
}

func (r *recorder) texts(chat string) []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.got[chat]...)
}

func (r *recorder) total() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := 0
	for _, t := range r.got {
		n += len(t)
	}
	return n
}

const unitsCSV = `code,name,parent,kind
T,Tỉnh thử,,province
T-A,Xã A,T,commune
T-A-1,Chi hội 1,T-A,branch
T-B,Xã B,T,commune
T-B-1,Chi hội B1,T-B,branch
`

const postsYAML = `posts:
  - id: cho-moi-nguoi
    title: "Cảnh giác lừa đảo"
    text: "Không đọc mã OTP cho ai."
    when: {cron: "0 8 * * 1"}
    units: ["*"]
    source: "content-facts.md §8.4"
  - id: chi-xa-a
    title: "Tin riêng xã A"
    text: "Sinh hoạt chi hội."
    when: {cron: "0 8 * * 2"}
    units: [t-a, T-NOPE]
    source: "content-facts.md §10"
`

type rig struct {
	st       *store.Store
	engine   *delivery.Engine
	telegram *recorder
	zalo     *recorder
	poster   *posts.Poster
	lib      *content.PostLibrary
}

func newRig(t testing.TB) *rig { return newRigWith(t, true) }

// newRigWith builds the rig; without the engine running, jobs stay queued.
func newRigWith(t testing.TB, runEngine bool) *rig {
	t.Helper()
	srv := redistest.Start(t)
	st := store.New(srv.Client())
	testkit.SeedUnits(t, st, unitsCSV)
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "posts"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"5k3s.yaml", "vneid.yaml", "baohiem.yaml", "binhdang.yaml", "chuyendoiso.yaml", "hoi.yaml", "khoinghiep.yaml", "thientai.yaml", "treem.yaml", "vayvon.yaml"} {
		_ = os.WriteFile(filepath.Join(dir, "posts", f), nil, 0o644) // hide the embedded posts
	}
	if err := os.WriteFile(filepath.Join(dir, "posts", "thu.yaml"), []byte(postsYAML), 0o644); err != nil {
		t.Fatal(err)
	}
	lib, err := content.LoadPosts(dir)
	if err != nil {
		t.Fatal(err)
	}
	r := &rig{st: st, telegram: &recorder{}, zalo: &recorder{}, lib: lib}
	fast := delivery.Limits{PerSecond: 1000, ChatPerSecond: 1000, GroupPerMinute: 1000}
	r.engine = delivery.New(st, map[string]delivery.Channel{
		chat.Telegram: {Sender: r.telegram, TokenID: "tg", Limits: fast},
		chat.Zalo:     {Sender: r.zalo, TokenID: "zl", Limits: fast},
	}, delivery.Options{Logger: slog.New(slog.DiscardHandler), PollEvery: 10 * time.Millisecond})
	if runEngine {
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan struct{})
		go func() { _ = r.engine.Run(ctx); close(done) }()
		t.Cleanup(func() { cancel(); <-done })
	}
	r.poster = posts.New(st, r.engine, lib, []string{chat.Telegram, chat.Zalo}, posts.Options{Batch: 2, Logger: slog.New(slog.DiscardHandler)})
	return r
}

func (r *rig) member(t testing.TB, platform, user, unit string, active, muted bool) {
	t.Helper()
	if _, err := r.st.Register(context.Background(), store.Member{Platform: platform, UserID: user, Name: "Chị " + user,
		Unit: unit, Consent: time.Now(), Active: active, Muted: muted}); err != nil {
		t.Fatal(err)
	}
}

// waitDone waits until every job has ended.
func (r *rig) waitDone(t *testing.T, ids map[string]string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for _, id := range ids {
		for {
			st, err := r.engine.Status(context.Background(), id)
			if err != nil {
				t.Fatal(err)
			}
			if st.Done {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("job %s not done: %+v", id, st)
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
}

func TestPostReachesActiveMembersWhoDidNotMute(t *testing.T) {
	r := newRig(t)
	r.member(t, "telegram", "101", "T-A-1", true, false)  // gets it
	r.member(t, "telegram", "102", "T-A-1", true, true)   // muted
	r.member(t, "telegram", "103", "T-A-1", false, false) // blocked the bot
	r.member(t, "zalo", "z104", "T-B-1", true, false)     // other platform, other commune
	r.member(t, "web", "w105", "T-B-1", true, false)      // no channel for web here
	for i := range 5 {
		r.member(t, "telegram", "20"+string(rune('0'+i)), "T-B-1", true, false)
	}
	slot := time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC)
	res, err := r.poster.Send(context.Background(), "cho-moi-nguoi", slot)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Jobs) != 2 || res.Added != 7 {
		t.Fatalf("result = %+v, want jobs on telegram and zalo and 7 recipients", res)
	}
	r.waitDone(t, res.Jobs)
	if got := r.telegram.texts("101"); len(got) != 1 || !strings.Contains(got[0], "Cảnh giác lừa đảo") || !strings.Contains(got[0], "Nguồn: content-facts.md §8.4") {
		t.Fatalf("member 101 got %q", got)
	}
	if got := r.zalo.texts("z104"); len(got) != 1 {
		t.Fatalf("zalo member got %q", got)
	}
	for _, chat := range []string{"102", "103"} {
		if got := r.telegram.texts(chat); len(got) != 0 {
			t.Fatalf("chat %s (muted or inactive) got %q", chat, got)
		}
	}
	if n := r.telegram.total() + r.zalo.total(); n != 7 {
		t.Fatalf("%d messages, want 7", n)
	}
	st, _ := r.engine.Status(context.Background(), res.Jobs["telegram"])
	if st.Kind != delivery.KindPost || st.Label != "Cảnh giác lừa đảo" {
		t.Fatalf("job = %+v", st)
	}
}

func TestPostForUnitsReachesOnlyTheirSubtree(t *testing.T) {
	r := newRig(t)
	r.member(t, "telegram", "101", "T-A-1", true, false)
	r.member(t, "telegram", "201", "T-B-1", true, false)
	res, err := r.poster.Send(context.Background(), "chi-xa-a", time.Date(2026, 3, 3, 1, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	r.waitDone(t, res.Jobs)
	if len(r.telegram.texts("101")) != 1 || len(r.telegram.texts("201")) != 0 {
		t.Fatalf("A got %d, B got %d", len(r.telegram.texts("101")), len(r.telegram.texts("201")))
	}
}

func TestSameSlotFiredTwiceMakesOneDeliveryJob(t *testing.T) {
	r := newRig(t)
	for _, u := range []string{"101", "102", "103"} {
		r.member(t, "telegram", u, "T-A-1", true, false)
	}
	slot := time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC)
	ctx := context.Background()
	var wg sync.WaitGroup
	results := make([]posts.Result, 3)
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var err error
			if results[i], err = r.poster.Send(ctx, "cho-moi-nguoi", slot); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	for _, res := range results[1:] {
		if res.Jobs["telegram"] != results[0].Jobs["telegram"] {
			t.Fatalf("two jobs for one slot: %v", results)
		}
	}
	r.waitDone(t, results[0].Jobs)
	again, err := r.poster.Send(ctx, "cho-moi-nguoi", slot) // after it went out
	if err != nil || again.Added != 0 || again.Jobs["telegram"] != results[0].Jobs["telegram"] {
		t.Fatalf("re-fire after sending: %+v %v", again, err)
	}
	time.Sleep(100 * time.Millisecond)
	for _, u := range []string{"101", "102", "103"} {
		if got := r.telegram.texts(u); len(got) != 1 {
			t.Fatalf("member %s got %d copies", u, len(got))
		}
	}
	next, err := r.poster.Send(ctx, "cho-moi-nguoi", slot.AddDate(0, 0, 7))
	if err != nil || next.Jobs["telegram"] == results[0].Jobs["telegram"] {
		t.Fatalf("next week's slot must be a new job: %+v %v", next, err)
	}
}

func TestPostJobsRunThroughTheScheduler(t *testing.T) {
	r := newRig(t)
	r.member(t, "telegram", "101", "T-A-1", true, false)
	s := scheduler.New(r.st, scheduler.Options{Logger: slog.New(slog.DiscardHandler)})
	if err := r.poster.Sync(s); err != nil {
		t.Fatal(err)
	}
	jobs := s.Jobs()
	if len(jobs) != 2 || jobs[0].ID != "post:chi-xa-a" || !jobs[0].Quiet || jobs[1].Spec != "0 8 * * 1" {
		t.Fatalf("jobs = %+v", jobs)
	}
	vn := vntime.Zone
	ctx := context.Background()
	// Monday 2 March 2026, 08:00 in Vietnam; two replicas tick at once.
	s2 := scheduler.New(r.st, scheduler.Options{Logger: slog.New(slog.DiscardHandler)})
	if err := r.poster.Sync(s2); err != nil {
		t.Fatal(err)
	}
	for _, sc := range []*scheduler.Scheduler{s, s2} {
		if _, err := sc.Tick(ctx, time.Date(2026, 3, 2, 7, 0, 0, 0, vn)); err != nil {
			t.Fatal(err)
		}
	}
	var wg sync.WaitGroup
	for _, sc := range []*scheduler.Scheduler{s, s2} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := sc.Tick(ctx, time.Date(2026, 3, 2, 8, 0, 1, 0, vn)); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	deadline := time.Now().Add(5 * time.Second)
	for len(r.telegram.texts("101")) == 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	time.Sleep(100 * time.Millisecond)
	if got := r.telegram.texts("101"); len(got) != 1 || !strings.HasPrefix(got[0], "Cảnh giác lừa đảo") {
		t.Fatalf("member got %q", got)
	}
}

// A member who muted posts still gets her branch's notices: muting is about
// outreach posts only (checked with the real notice service).
func TestMutedMemberStillGetsNotices(t *testing.T) {
	r := newRig(t)
	r.member(t, "telegram", "101", "T-A-1", true, true) // muted
	r.member(t, "telegram", "102", "T-A-1", true, false)
	svc := notices.New(r.st, r.engine, map[string]delivery.Sender{chat.Telegram: r.telegram, chat.Zalo: r.zalo}, notices.Options{Logger: slog.New(slog.DiscardHandler)})
	ctx := context.Background()
	noticeID, err := store.NewNoticeID()
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := svc.SendNotice(ctx, chat.NoticeRequest{ID: noticeID, Platform: "telegram", ChatID: "900", UserID: "900",
		Unit: "T-A-1", UnitName: "Chi hội 1", Text: "Tối thứ Sáu họp chi hội."}); err != nil {
		t.Fatal(err)
	}
	res, err := r.poster.Send(ctx, "cho-moi-nguoi", time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	r.waitDone(t, res.Jobs)
	deadline := time.Now().Add(5 * time.Second)
	for len(r.telegram.texts("101")) == 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	muted := strings.Join(r.telegram.texts("101"), "\n---\n")
	if !strings.Contains(muted, "Tối thứ Sáu họp chi hội.") {
		t.Fatalf("the muted member did not get the notice: %q", muted)
	}
	if strings.Contains(muted, "Cảnh giác lừa đảo") {
		t.Fatalf("the muted member got the post: %q", muted)
	}
	if other := strings.Join(r.telegram.texts("102"), "\n"); !strings.Contains(other, "Cảnh giác lừa đảo") || !strings.Contains(other, "Tối thứ Sáu") {
		t.Fatalf("the other member got %q", other)
	}
}
