package handlers_test

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"loa/chat"
	"loa/content"
	"loa/handlers"
	"loa/internal/testkit"
	"loa/store"
	"loa/store/redistest"
)

// A woman in panic writes fast: "cứu", "cứu em", retyping. Past the
// per-member flood limit her messages are refused as they arrive, and her
// emergency was refused with the rest: no hotline. Router.Admit now lets
// through a refused update that tells of an emergency, within bounds of
// its own: the check only for the first few refused updates, one such
// pass per member per window. Written for this test (not from a blind,
// development or training set): how members type in panic, and look-alikes
// that are not emergencies and must stay refused.

// floodsafeTells are emergencies typed in a hurry.
var floodsafeTells = []string{
	"cuu em voi ck e cam dao doi giet e",
	"ck say ve dap e chay ko kip",
	"c oi no dang danh e chay mau dau roi",
	"cứu tôi với nó bóp cổ tôi",
	"ổng cầm cây rựa rượt hai mẹ con em",
	"con e nuot hat nhan roi tho ko duoc",
	"nha e chay roi lua to lam",
	"nuoc len toi nguc roi ko ai toi cuu",
	"e ko muon song nua dang dung tren cau",
	"thang ck dap con e bat tinh roi",
}

// floodsafeControls look like them in a word or two and are no emergency.
var floodsafeControls = []string{
	"cứu trợ lũ lụt năm nay xã có phát gạo không",
	"chong e hay nhau nhet ve khuya",
	"cach lam ga chien nuoc mam",
	"con e bi ho may ngay nay uong thuoc gi",
	"dao nay lua gao gia bao nhieu",
	"vay von ho ngheo lam sao",
	"hihi cam on Loa nhieu nha",
	"e muon dang ky lop day nau an",
}

// countingKnowledge counts the matcher's uses: an attacker's flood must
// not cost one per refused message.
type countingKnowledge struct {
	lib   *content.Library
	calls atomic.Int64
}

func (k *countingKnowledge) KB() *content.KB {
	k.calls.Add(1)
	return k.lib.KB()
}

// overTheLimit spends member who's flood budget with ordinary messages
// until one is refused, and returns the next update id.
func overTheLimit(t *testing.T, r *handlers.Router, who string) int {
	t.Helper()
	ctx := context.Background()
	for i := range 100 {
		u := chat.Update{Platform: chat.Telegram, ID: fmt.Sprintf("%s-%d", who, i), ChatID: who, UserID: who, Text: "vay von ho ngheo lam sao"}
		if ok, _ := r.Admit(ctx, u); !ok {
			return i + 1
		}
	}
	t.Fatal("the flood limit never refused")
	return 0
}

func TestFloodsafe18AnEmergencyOverTheFloodLimitIsLetThrough(t *testing.T) {
	t.Parallel()
	rdb := redistest.Start(t).Client()
	r := handlers.New(handlers.Deps{Store: store.New(rdb), Knowledge: testkit.EmbeddedLibrary(t)})
	ctx := context.Background()
	let := func(i int, text string) bool {
		who := fmt.Sprintf("9%03d", i)
		n := overTheLimit(t, r, who)
		// A couple more refused, as she keeps typing.
		for j := range 2 {
			u := chat.Update{Platform: chat.Telegram, ID: fmt.Sprintf("%s-r%d", who, j), ChatID: who, UserID: who, Text: "alo alo"}
			if ok, _ := r.Admit(ctx, u); ok {
				t.Fatalf("%s: an ordinary message over the limit was let through", who)
			}
		}
		u := chat.Update{Platform: chat.Telegram, ID: fmt.Sprintf("%s-%d", who, n), ChatID: who, UserID: who, Text: text}
		ok, _ := r.Admit(ctx, u)
		return ok
	}
	tells := 0
	for i, text := range floodsafeTells {
		if let(i, text) {
			tells++
		} else {
			t.Logf("tell refused: %q", text)
		}
	}
	controls := 0
	for i, text := range floodsafeControls {
		if !let(500+i, text) {
			controls++
		} else {
			t.Logf("control let through: %q", text)
		}
	}
	t.Logf("over the limit: %d of %d tells let through, %d of %d controls refused", tells, len(floodsafeTells), controls, len(floodsafeControls))
	if tells < len(floodsafeTells)-1 {
		t.Errorf("%d of %d emergencies over the flood limit let through, want at least %d", tells, len(floodsafeTells), len(floodsafeTells)-1)
	}
	if controls != len(floodsafeControls) {
		t.Errorf("%d of %d look-alikes refused, want all", controls, len(floodsafeControls))
	}
}

// An attacker sends 500 emergency-like messages after the burst: one of
// them is let through in the window, and only the first few refused ones
// are looked at.
func TestFloodsafe18AFloodOfEmergenciesIsBounded(t *testing.T) {
	t.Parallel()
	rdb := redistest.Start(t).Client()
	k := &countingKnowledge{lib: testkit.EmbeddedLibrary(t)}
	r := handlers.New(handlers.Deps{Store: store.New(rdb), Knowledge: k})
	ctx := context.Background()
	next := overTheLimit(t, r, "666")
	calls := k.calls.Load()
	let, notices := 0, 0
	start := time.Now()
	for i := range 500 {
		u := chat.Update{Platform: chat.Telegram, ID: fmt.Sprintf("666-%d", next+i), ChatID: "666", UserID: "666",
			Text: fmt.Sprintf("cứu em, chồng em đang cầm dao đuổi đánh em %d", i)}
		ok, notice := r.Admit(ctx, u)
		if ok {
			let++
		}
		if len(notice) > 0 {
			notices++
		}
	}
	looked := k.calls.Load() - calls
	took := time.Since(start)
	t.Logf("500 emergency-like messages over the limit in %s: %d let through, %d notices, %d matcher uses", took, let, notices, looked)
	// One pass per window, plus what the member's flood limit refills
	// while the loop runs (one per 2 s: well under a second on an idle
	// machine, 16 s at load 18 in a full `make test`, which let 8 through
	// by the refill alone).
	most := 2 + int(took/store.FloodPerMember.Interval)
	if let < 1 || let > most {
		t.Errorf("%d of 500 let through in %s, want 1 (and at most %d with the refills)", let, took, most)
	}
	if notices > 1 {
		t.Errorf("%d 'slow down' notices, want at most one", notices)
	}
	if looked > int64(3*store.FloodTriage.Burst) {
		t.Errorf("the matcher was used %d times for 500 refused messages", looked)
	}
	// Another member is not held back by her: she is let through too.
	n := overTheLimit(t, r, "667")
	u := chat.Update{Platform: chat.Telegram, ID: fmt.Sprintf("667-%d", n), ChatID: "667", UserID: "667", Text: "cuu em voi ck e cam dao doi giet e"}
	if ok, _ := r.Admit(ctx, u); !ok {
		t.Error("another member's emergency over her own limit was refused")
	}
}
