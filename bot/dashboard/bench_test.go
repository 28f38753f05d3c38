package dashboard_test

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"loa/bot/dashboard"
	"loa/chat"
	"loa/handlers"
	"loa/store"
	"loa/store/redistest"
	"loa/vntime"
)

// BenchmarkDashboardProvince measures two pages for a whole province (110
// communes, 900 branches, 180,000 members), through the whole HTTP handler
// (session, grants, scope, Redis, template) against a real redis-server:
//
//   - participation: the year's table (12 months of monthly meetings, nine
//     in ten reported, December still open), target under 300 ms;
//   - questions: the queue with 10,000 open questions, target under 200 ms.
//
// Run: go test -run '^$' -bench DashboardProvince -benchtime 20x ./bot/dashboard/
// (seeding takes a minute or two).
func BenchmarkDashboardProvince(b *testing.B) {
	ctx := context.Background()
	st := store.New(redistest.Start(b).Client())
	units := []store.Unit{{Code: "DN", Name: "Tỉnh Đồng Nai", Kind: "province"}}
	var branches []string
	for c := range 110 {
		units = append(units, store.Unit{Code: fmt.Sprintf("X%03d", c), Name: fmt.Sprintf("Xã số %d", c+1), Parent: "DN", Kind: "commune"})
	}
	for br := range 900 {
		code := fmt.Sprintf("X%03d-B%d", br%110, br/110)
		units = append(units, store.Unit{Code: code, Name: fmt.Sprintf("Chi hội Ấp %d", br+1), Parent: fmt.Sprintf("X%03d", br%110), Kind: "branch"})
		branches = append(branches, code)
	}
	if _, err := st.ImportUnits(ctx, units); err != nil {
		b.Fatal(err)
	}
	parallel := func(n int, f func(i int) error) {
		var next atomic.Int64
		var wg sync.WaitGroup
		for range 32 {
			wg.Go(func() {
				for {
					i := int(next.Add(1)) - 1
					if i >= n {
						return
					}
					if err := f(i); err != nil {
						b.Error(err)
						return
					}
				}
			})
		}
		wg.Wait()
		if b.Failed() {
			b.FailNow()
		}
	}
	memberID := func(i int) store.Identity {
		return store.Identity{Platform: chat.Telegram, UserID: strconv.Itoa(100000 + i)}
	}
	parallel(180_000, func(i int) error {
		id := memberID(i)
		_, err := st.Register(ctx, store.Member{Platform: id.Platform, UserID: id.UserID, Name: "Chị " + strconv.Itoa(i),
			Unit: branches[i%len(branches)], Consent: time.Now(), Active: i%10 != 0})
		return err
	})
	year := time.Date(2026, 1, 1, 0, 0, 0, 0, vntime.Zone)
	head := store.Identity{Platform: chat.Telegram, UserID: "2"}
	parallel(12*len(branches), func(i int) error {
		month, br := i/len(branches), branches[i%len(branches)]
		e, _, err := st.CreateMonthlyMeeting(ctx, store.NewEvent{Unit: br, Title: "Sinh hoạt chi hội",
			Start: year.AddDate(0, month, 0).Add(7 * time.Hour), Close: year.AddDate(0, month+1, 0).Add(-3 * time.Hour)})
		if err != nil || i%10 == 0 {
			return err
		}
		_, err = st.ReportHeadcount(ctx, e.ID, head, int64(20+i%30), e.Start.Add(2*time.Hour))
		return err
	})
	if n, err := st.CloseDueEvents(ctx, year.AddDate(0, 11, 0)); err != nil || n != 11*len(branches) {
		b.Fatalf("closed %d, %v", n, err)
	}
	// 10,000 open questions from 5,000 members, spread over the branches.
	parallel(10_000, func(i int) error {
		_, _, err := st.OpenQuestion(ctx, store.NewQuestion{Asker: memberID(i % 5000), Text: "Cho em hỏi về vay vốn số " + strconv.Itoa(i),
			Reason: store.QuestionFallback, Now: time.Now()})
		return err
	})
	if n, err := st.CountOpenQuestions(ctx, "DN"); err != nil || n != 10_000 {
		b.Fatalf("open questions %d, %v", n, err)
	}

	admin := store.Identity{Platform: chat.Telegram, UserID: "1"}
	d := dashboard.New(dashboard.Options{Store: st, Admins: []store.Identity{admin}, PublicURL: "http://loa.test",
		Logger: slog.New(slog.DiscardHandler), Answerer: handlers.New(handlers.Deps{Store: st, Logger: slog.New(slog.DiscardHandler)}),
		Now: func() time.Time { return time.Date(2026, 12, 6, 10, 0, 0, 0, vntime.Zone) }})
	mux := http.NewServeMux()
	d.Register(mux)
	token, _, err := st.CreateDashboardSession(ctx, admin, time.Hour)
	if err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct{ name, path, want string }{
		{"participation", "/dash/thamgia?unit=DN&loai=nam&nam=2026", "Xã số 110"},
		{"questions", "/dash/cauhoi?unit=DN", `id="q-total">10.000<`},
	} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				req := httptest.NewRequest("GET", c.path, nil)
				req.AddCookie(&http.Cookie{Name: "loa_dash", Value: token})
				rec := httptest.NewRecorder()
				mux.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), c.want) {
					b.Fatalf("%d\n%.2000s", rec.Code, rec.Body.String())
				}
			}
		})
	}
}
