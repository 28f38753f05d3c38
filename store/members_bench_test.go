package store_test

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"loa/store"
)

// A province as benchmarked: ~110 communes, ~900 branches, 200,000 members.
const (
	benchCommunes = 110
	benchMembers  = 200_000
)

// benchTree returns the units and the branch codes: communes get 8 or 9
// branches, 900 in all.
func benchTree() ([]store.Unit, []string) {
	units := []store.Unit{{Code: "DN", Name: "Tỉnh Đồng Nai", Kind: "province"}}
	var branches []string
	for c := range benchCommunes {
		cc := fmt.Sprintf("X%03d", c)
		units = append(units, store.Unit{Code: cc, Name: "Xã mẫu " + strconv.Itoa(c), Parent: "DN", Kind: "commune"})
		n := 8
		if c < 20 {
			n = 9
		}
		for b := range n {
			bc := fmt.Sprintf("%s-%02d", cc, b)
			units = append(units, store.Unit{Code: bc, Name: "Chi hội ấp " + strconv.Itoa(b+1), Parent: cc, Kind: "branch"})
			branches = append(branches, bc)
		}
	}
	return units, branches
}

func usedMemory(tb testing.TB, st *store.Store) int64 {
	tb.Helper()
	info, err := st.Client().Info(context.Background(), "memory").Result()
	if err != nil {
		tb.Fatal(err)
	}
	for line := range strings.SplitSeq(info, "\r\n") {
		if v, ok := strings.CutPrefix(line, "used_memory:"); ok {
			n, _ := strconv.ParseInt(v, 10, 64)
			return n
		}
	}
	tb.Fatal("no used_memory in INFO")
	return 0
}

// registerMembers registers n members round-robin over branches from 16
// goroutines, the way many people joining at once would.
func registerMembers(tb testing.TB, st *store.Store, n int, branches []string) {
	tb.Helper()
	const workers = 16
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	consent := time.Now()
	for w := range workers {
		wg.Go(func() {
			for i := w; i < n; i += workers {
				_, err := st.Register(context.Background(), store.Member{
					Platform: "telegram", UserID: strconv.Itoa(1_000_000_000 + i),
					Name: "Nguyễn Thị Hồng " + strconv.Itoa(i), Unit: branches[i%len(branches)],
					Consent: consent, Active: true,
				})
				if err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		tb.Fatal(err)
	}
}

// BenchmarkRegister200k registers a province's 200,000 members in ~900
// branches; ns/op is the time for all of them. It reports Redis memory per
// member (INFO used_memory after minus before, over the members).
func BenchmarkRegister200k(b *testing.B) {
	st := dirStore(b)
	ctx := context.Background()
	units, branches := benchTree()
	var perMember float64
	for b.Loop() {
		b.StopTimer()
		st.Client().FlushAll(ctx)
		if _, err := st.ImportUnits(ctx, units); err != nil {
			b.Fatal(err)
		}
		before := usedMemory(b, st)
		b.StartTimer()
		registerMembers(b, st, benchMembers, branches)
		b.StopTimer()
		perMember = float64(usedMemory(b, st)-before) / benchMembers
		if c, _ := st.CountMembers(ctx, "DN", true); c.Registered != benchMembers {
			b.Fatalf("counted %d members", c.Registered)
		}
		b.StartTimer()
	}
	b.ReportMetric(perMember, "bytes/member")
	b.ReportMetric(0, "ns/op") // hide: one op is 200k registrations, see registrations/s
	b.ReportMetric(float64(benchMembers)*float64(b.N)/b.Elapsed().Seconds(), "registrations/s")
}

// BenchmarkListCommune200k streams every member of one commune (8 or 9
// branches, ~1,800 members) out of a province of 200,000.
func BenchmarkListCommune200k(b *testing.B) {
	st := dirStore(b)
	ctx := context.Background()
	units, branches := benchTree()
	if _, err := st.ImportUnits(ctx, units); err != nil {
		b.Fatal(err)
	}
	registerMembers(b, st, benchMembers, branches)
	want, _ := st.CountMembers(ctx, "X000", true)
	for b.Loop() {
		n := 0
		for _, err := range st.MembersOfSubtree(ctx, "X000") {
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
		if int64(n) != want.Registered {
			b.Fatalf("listed %d, want %d", n, want.Registered)
		}
	}
	b.ReportMetric(float64(want.Registered), "members/commune")
}
