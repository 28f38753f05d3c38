package notices_test

import (
	"context"
	"log/slog"
	"strconv"
	"testing"
	"time"

	"loa/bot/delivery"
	"loa/bot/notices"
	"loa/bot/telegram"
	"loa/bot/telegram/telegramtest"
	"loa/chat"
	"loa/internal/testkit"
	"loa/store"
	"loa/store/redistest"
)

const unitsCSV = `code,name,parent,kind
DN,Tỉnh Đồng Nai,,province
B1,Chi hội Ấp 1,DN,branch
`

// rig is a Service over a real Redis and an engine whose workers are not
// running, so the jobs a notice creates stay where the test can read them.
func rig(t testing.TB, members int, opts notices.Options) (*store.Store, *delivery.Engine, *notices.Service) {
	t.Helper()
	ctx := context.Background()
	st := store.New(redistest.Start(t).Client())
	testkit.SeedUnits(t, st, unitsCSV)
	for i := range members {
		platform := chat.Telegram
		if i%2 == 1 {
			platform = chat.Zalo
		}
		if _, err := st.Register(ctx, store.Member{Platform: platform, UserID: strconv.Itoa(10000 + i), Name: "Chị", Unit: "B1", Consent: time.Now(), Active: true}); err != nil {
			t.Fatal(err)
		}
	}
	srv := telegramtest.New(t)
	srv.AddChat(1, "Chị Hoa")
	tg, err := telegram.New(ctx, telegram.Config{Token: srv.Token(), APIBase: srv.URL()})
	if err != nil {
		t.Fatal(err)
	}
	// The Zalo channel's sender is never called: the workers do not run.
	engine := delivery.New(st, map[string]delivery.Channel{
		chat.Telegram: {Sender: tg, TokenID: "tg"},
		chat.Zalo:     {Sender: tg, TokenID: "zl"},
	}, delivery.Options{Logger: slog.New(slog.DiscardHandler)})
	opts.Logger = slog.New(slog.DiscardHandler)
	svc := notices.New(st, engine, map[string]delivery.Sender{chat.Telegram: tg}, opts)
	return st, engine, svc
}

func request(id string) chat.NoticeRequest {
	return chat.NoticeRequest{ID: id, Platform: chat.Telegram, ChatID: "1", UserID: "1",
		Unit: "B1", UnitName: "Chi hội Ấp 1", Text: "Tối nay họp chi hội."}
}

func TestSendNoticeMakesOneJobPerPlatformInBatches(t *testing.T) {
	st, engine, svc := rig(t, 25, notices.Options{Batch: 4})
	ctx := context.Background()
	id, _ := store.NewNoticeID()
	got, created, err := svc.SendNotice(ctx, request(id))
	if err != nil || !created {
		t.Fatalf("SendNotice = %v, %v", created, err)
	}
	if got.Total != 25 || got.State != chat.NoticeSending {
		t.Fatalf("status = %+v, want 25 recipients, sending", got)
	}
	n, err := st.Notice(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	totals := map[string]int64{}
	for platform, job := range n.Jobs {
		js, err := engine.Status(ctx, job)
		if err != nil {
			t.Fatal(err)
		}
		if js.Kind != delivery.KindNotice || js.State != "running" {
			t.Fatalf("%s job = %+v", platform, js)
		}
		totals[platform] = js.Total
	}
	if totals[chat.Telegram] != 13 || totals[chat.Zalo] != 12 || len(totals) != 2 {
		t.Fatalf("job totals = %v, want telegram 13, zalo 12", totals)
	}
	// A repeat creates nothing.
	if _, created, err := svc.SendNotice(ctx, request(id)); err != nil || created {
		t.Fatalf("repeat: created=%v err=%v", created, err)
	}
	if js, _ := engine.ListJobs(ctx, delivery.Author{Platform: chat.Telegram, ChatID: "1"}, 10); len(js) != 2 {
		t.Fatalf("want 2 jobs after a repeat, got %d", len(js))
	}
}

// A process that died after creating the notice record leaves it
// preparing; once its lease is over, the next "Gửi" resumes it, and a
// "Gửi" while the lease holds does not.
func TestSendNoticeResumesAnInterruptedPreparation(t *testing.T) {
	const lease = 300 * time.Millisecond
	st, _, svc := rig(t, 6, notices.Options{PrepLease: lease})
	ctx := context.Background()
	id, _ := store.NewNoticeID()
	if _, _, err := st.CreateNotice(ctx, store.Notice{ID: id, AuthorPlatform: chat.Telegram, AuthorChat: "1", AuthorUser: "1",
		Unit: "B1", UnitName: "Chi hội Ấp 1", Label: "Tối nay"}, lease); err != nil {
		t.Fatal(err)
	}
	got, created, err := svc.SendNotice(ctx, request(id))
	if err != nil || created || got.State != chat.NoticePreparing || got.Total != 0 {
		t.Fatalf("within the lease: %+v created=%v err=%v; want untouched", got, created, err)
	}
	time.Sleep(lease + 100*time.Millisecond)
	got, created, err = svc.SendNotice(ctx, request(id))
	if err != nil || created {
		t.Fatalf("after the lease: created=%v err=%v", created, err)
	}
	if got.State != chat.NoticeSending || got.Total != 6 {
		t.Fatalf("after the lease: %+v, want resumed with 6 recipients", got)
	}
}

func TestCancelNoticeStopsItsJobs(t *testing.T) {
	_, _, svc := rig(t, 8, notices.Options{})
	ctx := context.Background()
	id, _ := store.NewNoticeID()
	if _, _, err := svc.SendNotice(ctx, request(id)); err != nil {
		t.Fatal(err)
	}
	st, stopped, err := svc.CancelNotice(ctx, id)
	if err != nil || !stopped {
		t.Fatalf("cancel: stopped=%v err=%v", stopped, err)
	}
	if st.State != chat.NoticeCancelled || st.Cancelled != 8 || st.Delivered != 0 {
		t.Fatalf("after cancel: %+v", st)
	}
	if _, stopped, _ := svc.CancelNotice(ctx, id); stopped {
		t.Fatal("a second cancel reported stopping it again")
	}
	list, err := svc.Notices(ctx, chat.Telegram, "1", 5)
	if err != nil || len(list) != 1 || !list[0].Ended() {
		t.Fatalf("notices = %+v, %v", list, err)
	}
}

// BenchmarkSendNotice20k queues one notice to 20,000 members (two
// platforms): the time to stream them from Redis into the outbox, and the
// memory it takes, which must not grow with the members (B/op).
func BenchmarkSendNotice20k(b *testing.B) {
	_, _, svc := rig(b, 20000, notices.Options{})
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		id, _ := store.NewNoticeID()
		st, _, err := svc.SendNotice(ctx, request(id))
		if err != nil || st.Total != 20000 {
			b.Fatalf("%+v %v", st, err)
		}
	}
}
