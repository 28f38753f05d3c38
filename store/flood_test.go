package store_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"loa/store"
)

func TestAdmitBurstThenRateTellsOncePerWindow(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st, _ := newOutboxStore(t)
	l := store.FloodLimit{Kind: "member", Interval: time.Hour, Burst: 5, Notice: time.Hour}
	for i := range 5 {
		if a, err := st.Admit(ctx, l, "telegram:1"); err != nil || !a.Allowed {
			t.Fatalf("event %d of the burst refused: %+v %v", i+1, a, err)
		}
	}
	notified := 0
	for i := range 1000 {
		a, err := st.Admit(ctx, l, "telegram:1")
		if err != nil || a.Allowed {
			t.Fatalf("event %d past the burst: %+v %v", i+6, a, err)
		}
		if a.RetryAfter <= 59*time.Minute || a.RetryAfter > time.Hour {
			t.Fatalf("retry after %s, want about an hour", a.RetryAfter)
		}
		if a.Notify {
			notified++
		}
	}
	if notified != 1 {
		t.Fatalf("told to slow down %d times in one window, want once", notified)
	}
	// Someone else is not affected.
	if a, _ := st.Admit(ctx, l, "telegram:2"); !a.Allowed {
		t.Fatal("another member was refused")
	}
	// One key per lane, living until the lane is idle again (burst ×
	// interval), and no identifier in it.
	keys := dumpAll(t, st)
	if len(keys) != 2 {
		t.Fatalf("keys = %v, want one per lane", keys)
	}
	for k := range keys {
		if strings.Contains(k, "telegram:1") || strings.Contains(k, "telegram:2") {
			t.Fatalf("key %q names the member", k)
		}
		if ttl := st.Client().PTTL(ctx, k).Val(); ttl <= 0 || ttl > 5*time.Hour+2*time.Second {
			t.Fatalf("key %s ttl %s", k, ttl)
		}
	}
}

func TestAdmitRefillsAtTheRate(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st, _ := newOutboxStore(t)
	l := store.FloodLimit{Kind: "webip", Interval: time.Second, Burst: 2, Notice: 10 * time.Millisecond}
	st.Admit(ctx, l, "127.0.0.1")
	st.Admit(ctx, l, "127.0.0.1")
	a, _ := st.Admit(ctx, l, "127.0.0.1")
	if a.Allowed || !a.Notify {
		t.Fatalf("third at once: %+v", a)
	}
	time.Sleep(a.RetryAfter)
	if a, _ = st.Admit(ctx, l, "127.0.0.1"); !a.Allowed {
		t.Fatalf("after the retry time: %+v", a)
	}
}

func TestMaskNumbers(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"sdt e 0912345678 nha":     "sdt e *** nha",
		"gọi 0912 345 678 giúp":    "gọi *** giúp",
		"số +84 912 345 678":       "số *** ",
		"số +84.912.345.678.":      "số ***.",
		"84912345678":              "***",
		"cccd 079190001234 của em": "cccd *** của em",
		"cmnd 271234567":           "cmnd ***",
		"0251-3822-123":            "***",
		"vay 100.000.000 đồng":     "vay 100.000.000 đồng",
		"5 không 3 sạch, năm 2021-2030, 65 tuổi, 20/10": "5 không 3 sạch, năm 2021-2030, 65 tuổi, 20/10",
		"hotline 1900 969 680":                          "hotline *** ",
	} {
		got := store.MaskNumbers(in)
		if strings.TrimSpace(got) != strings.TrimSpace(want) {
			t.Errorf("MaskNumbers(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestUnansweredKeepsOnlyMembersWordsMaskedAndStaysCapped(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := dirStore(t)
	importCSV(t, st, fourLevels)
	register(t, st, "web", "aaaa", "b11")

	// A visitor who never registered: counted, her words kept nowhere.
	secret := "con tôi bị đánh, số em 0912 345 678, cccd 079190001234"
	if err := st.RecordUnanswered(ctx, store.Identity{Platform: "web", UserID: "bbbb"}, "con toi bi danh so em 0912 345 678", secret); err != nil {
		t.Fatal(err)
	}
	if err := st.RecordUnanswered(ctx, store.Identity{Platform: "telegram", UserID: "777"}, "hoi gi do", "hỏi gì đó"); err != nil {
		t.Fatal(err)
	}
	if n, _ := st.UnansweredAnonymous(ctx); n != 2 {
		t.Fatalf("anonymous count %d, want 2", n)
	}
	for k, v := range dumpAll(t, st) {
		for _, w := range []string{"0912", "079190001234", "hoi gi do", "con toi"} {
			if strings.Contains(k, w) || strings.Contains(v, w) {
				t.Fatalf("a visitor's words are in Redis: %s = %s", k, v)
			}
		}
	}

	// A registered member: kept, with the numbers masked.
	if err := st.RecordUnanswered(ctx, store.Identity{Platform: "web", UserID: "aaaa"}, "so cua em la 0912 345 678", "Số của em là 0912 345 678, CCCD 079190001234"); err != nil {
		t.Fatal(err)
	}
	// Asked twice: the most asked, it must outlive the cap below.
	if err := st.RecordUnanswered(ctx, store.Identity{Platform: "web", UserID: "aaaa"}, "so cua em la 0912 345 678", "Số của em là 0912 345 678, CCCD 079190001234"); err != nil {
		t.Fatal(err)
	}
	top, err := st.TopUnanswered(ctx, 10)
	if err != nil || len(top) != 1 {
		t.Fatalf("top = %+v, %v", top, err)
	}
	if top[0].Example != "Số của em là ***, CCCD ***" || top[0].Normalized != "so cua em la ***" {
		t.Fatalf("not masked: %+v", top[0])
	}

	// Far more distinct questions than the cap: the log stays at the cap
	// and every key has a lifetime.
	for i := range store.UnansweredCap + 300 {
		q := fmt.Sprintf("cau hoi %d", i)
		if err := st.RecordUnanswered(ctx, store.Identity{Platform: "web", UserID: "aaaa"}, q, q); err != nil {
			t.Fatal(err)
		}
	}
	rdb := st.Client()
	for _, k := range []string{"{loa:faq}:unanswered", "{loa:faq}:unanswered:sample", "{loa:faq}:unanswered:seen"} {
		var n int64
		if strings.HasSuffix(k, "sample") {
			n = rdb.HLen(ctx, k).Val()
		} else {
			n = rdb.ZCard(ctx, k).Val()
		}
		if n != store.UnansweredCap {
			t.Fatalf("%s holds %d entries, want the cap %d", k, n, store.UnansweredCap)
		}
	}
	for _, k := range []string{"{loa:faq}:unanswered", "{loa:faq}:unanswered:sample", "{loa:faq}:unanswered:seen", "{loa:faq}:unanswered:anonymous"} {
		if ttl := rdb.PTTL(ctx, k).Val(); ttl <= 0 || ttl > store.UnansweredLifetime {
			t.Fatalf("%s ttl %s, want at most %s", k, ttl, store.UnansweredLifetime)
		}
	}
	// The most asked survives the cap; an entry past its lifetime is dropped.
	top, _ = st.TopUnanswered(ctx, 1)
	if top[0].Normalized != "so cua em la ***" || top[0].Count != 2 {
		t.Fatalf("top after the cap: %+v", top)
	}
	// An entry last asked longer ago than the lifetime goes at the next write.
	kept := rdb.ZRange(ctx, "{loa:faq}:unanswered:seen", 0, 0).Val()[0]
	old := time.Now().Add(-store.UnansweredLifetime - time.Hour).UnixMilli()
	rdb.ZAdd(ctx, "{loa:faq}:unanswered:seen", redis.Z{Score: float64(old), Member: kept})
	if err := st.RecordUnanswered(ctx, store.Identity{Platform: "web", UserID: "aaaa"}, "mot cau moi", "một câu mới"); err != nil {
		t.Fatal(err)
	}
	if rdb.HExists(ctx, "{loa:faq}:unanswered:sample", kept).Val() || rdb.ZScore(ctx, "{loa:faq}:unanswered", kept).Err() == nil {
		t.Fatalf("%q is kept past its lifetime", kept)
	}
}
