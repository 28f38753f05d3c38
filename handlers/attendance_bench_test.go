package handlers_test

import (
	"context"
	"fmt"
	"log/slog"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"loa/chat"
	"loa/content"
	"loa/handlers"
	"loa/store"
	"loa/store/redistest"
	"loa/vntime"
)

// benchRouter is a router over a fresh real Redis holding units.
func benchRouter(b *testing.B, units []store.Unit) (*handlers.Router, *store.Store) {
	b.Helper()
	st := store.New(redistest.Start(b).Client())
	if _, err := st.ImportUnits(context.Background(), units); err != nil {
		b.Fatal(err)
	}
	lib, err := content.NewLibrary("")
	if err != nil {
		b.Fatal(err)
	}
	return handlers.New(handlers.Deps{Store: st, Knowledge: lib, Logger: slog.New(slog.DiscardHandler),
		Admins: []store.Identity{{Platform: chat.Telegram, UserID: "1"}}}), st
}

// registerMany registers n members, spread over branches, with 32 workers.
func registerMany(b *testing.B, st *store.Store, n int, branches []string) {
	b.Helper()
	var next atomic.Int64
	var wg sync.WaitGroup
	for range 32 {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				_, err := st.Register(context.Background(), store.Member{Platform: chat.Telegram, UserID: strconv.Itoa(100000 + i),
					Name: "Chị " + strconv.Itoa(i), Unit: branches[i%len(branches)], Consent: time.Now(), Active: i%10 != 0})
				if err != nil {
					b.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
}

// BenchmarkCheckIn measures check-ins through the whole handler path
// (dedupe of the update, the check-in button, the reply) against a real
// redis-server: 20,000 members of a branch press the button of one open
// event, in parallel; once everyone is in, presses repeat (counted once).
func BenchmarkCheckIn(b *testing.B) {
	router, st := benchRouter(b, []store.Unit{
		{Code: "DN", Name: "Tỉnh Đồng Nai", Kind: "province"},
		{Code: "B1", Name: "Chi hội Ấp 1", Parent: "DN", Kind: "branch"},
	})
	const members = 20_000
	registerMany(b, st, members, []string{"B1"})
	e, err := st.CreateEvent(context.Background(), store.NewEvent{Unit: "B1", Title: "Sinh hoạt chi hội", Start: time.Now()})
	if err != nil {
		b.Fatal(err)
	}
	data := "dd:" + e.ID + ":" + e.Token
	var seq atomic.Int64
	// Members press at once: many requests in flight, like a meeting's
	// first minutes, so Redis is busy rather than waiting on round trips.
	b.SetParallelism(32)
	b.ReportAllocs()
	b.ResetTimer()
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		ctx := context.Background()
		for pb.Next() {
			i := seq.Add(1)
			user := strconv.Itoa(100000 + int(i%members))
			replies := router.Handle(ctx, chat.Update{Platform: chat.Telegram, ID: "b" + strconv.FormatInt(i, 10),
				ChatID: user, UserID: user, Data: data})
			if len(replies) != 1 {
				b.Fatalf("replies %+v", replies)
			}
		}
	})
	elapsed := time.Since(start)
	b.StopTimer()
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "checkins/s")
	got, err := st.Event(context.Background(), e.ID)
	if err != nil {
		b.Fatal(err)
	}
	if want := int64(min(b.N, members)); got.CheckIns != want {
		b.Fatalf("check-ins %d, want %d", got.CheckIns, want)
	}
}

// provinceUnits is a province of 110 communes and 900 branches.
func provinceUnits() ([]store.Unit, []string) {
	units := []store.Unit{{Code: "DN", Name: "Tỉnh Đồng Nai", Kind: "province"}}
	var branches []string
	for c := range 110 {
		code := fmt.Sprintf("X%03d", c)
		units = append(units, store.Unit{Code: code, Name: fmt.Sprintf("Xã số %d", c+1), Parent: "DN", Kind: "commune"})
	}
	for br := range 900 {
		code := fmt.Sprintf("X%03d-B%d", br%110, br/110)
		units = append(units, store.Unit{Code: code, Name: fmt.Sprintf("Chi hội Ấp %d", br+1), Parent: fmt.Sprintf("X%03d", br%110), Kind: "branch"})
		branches = append(branches, code)
	}
	return units, branches
}

// BenchmarkProvinceReport measures /thongke (text and chart) and /xuat
// (workbook of ~10,800 events) for a whole province: 180,000 members, 900
// branches, 12 months of monthly meetings, nine in ten reported, the last
// month still open (its figures provisional).
func BenchmarkProvinceReport(b *testing.B) {
	units, branches := provinceUnits()
	router, st := benchRouter(b, units)
	registerMany(b, st, 180_000, branches)
	ctx := context.Background()
	year := time.Date(2026, 1, 1, 0, 0, 0, 0, vntime.Zone)
	var next atomic.Int64
	var wg sync.WaitGroup
	head := store.Identity{Platform: chat.Telegram, UserID: "2"}
	for range 32 {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= 12*len(branches) {
					return
				}
				month, br := i/len(branches), branches[i%len(branches)]
				e, _, err := st.CreateMonthlyMeeting(ctx, store.NewEvent{Unit: br, Title: "Sinh hoạt chi hội",
					Start: year.AddDate(0, month, 0).Add(7 * time.Hour), Close: year.AddDate(0, month+1, 0).Add(-3 * time.Hour)})
				if err != nil {
					b.Error(err)
					return
				}
				if i%10 != 0 {
					if _, err := st.ReportHeadcount(ctx, e.ID, head, int64(20+i%30), e.Start.Add(2*time.Hour)); err != nil {
						b.Error(err)
						return
					}
				}
			}
		})
	}
	wg.Wait()
	// January to November are closed; December's meetings are still open
	// (a month in progress), their reports counted as provisional figures.
	if n, err := st.CloseDueEvents(ctx, year.AddDate(0, 11, 0)); err != nil || n != 11*len(branches) {
		b.Fatalf("closed %d, %v", n, err)
	}
	for _, c := range []struct{ name, cmd string }{{"thongke", "/thongke nam 2026"}, {"xuat", "/xuat nam 2026"}} {
		b.Run(c.name, func(b *testing.B) {
			i := 0
			for b.Loop() {
				i++
				replies := router.Handle(ctx, chat.Update{Platform: chat.Telegram, ID: c.name + strconv.Itoa(i),
					ChatID: "1", UserID: "1", Text: c.cmd})
				if len(replies) == 0 || (c.name == "xuat" && replies[0].File == nil) || (c.name == "thongke" && len(replies) != 2) {
					b.Fatalf("replies %+v", replies)
				}
			}
		})
	}
}
