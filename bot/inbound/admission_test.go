package inbound_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"loa/bot/inbound"
	"loa/chat"
)

// floodLimit lets `allow` updates through, then refuses, with a notice for
// the first refusal only (as handlers.Router.Admit does).
type floodLimit struct {
	mu      sync.Mutex
	allow   int
	counted int
}

func (f *floodLimit) Admit(_ context.Context, u chat.Update) (bool, []chat.Reply) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.counted++
	switch {
	case f.counted <= f.allow:
		return true, nil
	case f.counted == f.allow+1:
		return false, []chat.Reply{{Text: "slow down"}}
	}
	return false, nil
}

// The order every adapter shares: the flood limit counts an update as it
// arrives, an admitted one is handled marked Admitted and in order, the
// first refused one becomes the notice in the chat's order, later ones are
// dropped without a job, and nothing is counted when there is no room.
func TestOfferAppliesTheFloodLimitOnArrivalInChatOrder(t *testing.T) {
	d := inbound.New(inbound.Bounds{Total: 10, PerChat: 10}, nil)
	limit := &floodLimit{allow: 2}
	var mu sync.Mutex
	var got []string
	record := func(s string) { mu.Lock(); got = append(got, s); mu.Unlock() }
	release := make(chan struct{})
	var results []inbound.Result
	for i := range 4 {
		u := chat.Update{ChatID: "c", Text: string(rune('a' + i))}
		results = append(results, d.Offer(context.Background(), limit, inbound.Arrival{
			Key:    "c",
			Update: &u,
			Work: func(context.Context) {
				<-release
				if !u.Admitted {
					record("not admitted " + u.Text)
				}
				record(u.Text)
			},
			Notify: func(_ context.Context, n []chat.Reply) { record(n[0].Text) },
		}))
	}
	if limit.counted != 4 {
		t.Fatalf("flood limit counted %d updates as they arrived, want 4", limit.counted)
	}
	want := []inbound.Result{inbound.Accepted, inbound.Accepted, inbound.Accepted, inbound.Refused}
	for i := range want {
		if results[i] != want[i] {
			t.Fatalf("results = %v, want %v", results, want)
		}
	}
	close(release)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := d.Stop(ctx); err != nil {
		t.Fatal(err)
	}
	if strings.Join(got, ",") != "a,b,slow down" {
		t.Fatalf("handled %v, want a, b, then the notice", got)
	}
	u := chat.Update{ChatID: "c"}
	if r := d.Offer(context.Background(), limit, inbound.Arrival{Key: "c", Update: &u, Work: func(context.Context) {}}); r != inbound.Busy {
		t.Fatalf("offer after Stop: %v", r)
	}
	if limit.counted != 4 {
		t.Fatal("an update left with the platform (no room) was counted by the flood limit")
	}
}

func TestWebhookDoor(t *testing.T) {
	var served []string
	h := inbound.Webhook{
		MaxBody:      16,
		SecretHeader: "X-Secret",
		Secret:       "right-secret",
		Verify: func(r *http.Request, body []byte) (int, string) {
			if strings.HasPrefix(string(body), "unsigned") {
				return http.StatusUnauthorized, "unsigned event rejected"
			}
			return 0, ""
		},
		Serve: func(w http.ResponseWriter, r *http.Request, body []byte) { served = append(served, string(body)) },
	}.Handler()
	for _, c := range []struct {
		name, method, secret, body string
		status                     int
	}{
		{"get", http.MethodGet, "right-secret", "x", http.StatusMethodNotAllowed},
		{"no secret", http.MethodPost, "", "x", http.StatusUnauthorized},
		{"wrong secret", http.MethodPost, "right-secreT", "x", http.StatusForbidden},
		{"too large", http.MethodPost, "right-secret", strings.Repeat("x", 17), http.StatusRequestEntityTooLarge},
		{"bad signature", http.MethodPost, "right-secret", "unsigned", http.StatusUnauthorized},
		{"good", http.MethodPost, "right-secret", "event", http.StatusOK},
	} {
		req := httptest.NewRequest(c.method, "/hook", strings.NewReader(c.body))
		if c.secret != "" {
			req.Header.Set("X-Secret", c.secret)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != c.status {
			t.Errorf("%s: status %d, want %d", c.name, rec.Code, c.status)
		}
	}
	if strings.Join(served, ",") != "event" {
		t.Fatalf("served %v, want only the good request", served)
	}
}

func TestWebhookPath(t *testing.T) {
	for raw, want := range map[string]string{
		"https://loa.example.org/telegram/3f9c": "/telegram/3f9c",
		"https://loa.example.org":               "/",
		"::bad":                                 "/",
	} {
		if got := inbound.WebhookPath(raw); got != want {
			t.Errorf("WebhookPath(%q) = %q, want %q", raw, got, want)
		}
	}
}

// triage says which texts tell of an emergency (as handlers.Router.Urgent
// does) and counts how often it was asked.
type triage struct {
	mu     sync.Mutex
	urgent map[string]bool
	asked  int
}

func (tr *triage) Urgent(_ context.Context, u chat.Update) bool {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	tr.asked++
	return tr.urgent[u.Text]
}

// An emergency written while her chat still has updates waiting is handled
// at once, beside them, not after them; the chat's other updates keep
// their order, and a chat with nothing waiting does not even ask.
func TestOfferLetsAnEmergencyGoAheadOfItsChatsQueue(t *testing.T) {
	d := inbound.New(inbound.Bounds{Total: 20, PerChat: 10}, nil)
	tr := &triage{urgent: map[string]bool{"ck e dang danh e": true, "e tron sau nha roi": true}}
	var mu sync.Mutex
	var got []string
	handled := make(chan string, 10)
	release := make(chan struct{})
	offer := func(text string, hold bool) {
		t.Helper()
		u := chat.Update{ChatID: "-100", Text: text}
		if r := d.Offer(context.Background(), tr, inbound.Arrival{Key: "-100", Update: &u, Work: func(context.Context) {
			if hold {
				<-release // an answer waiting for the group's lane
			}
			mu.Lock()
			got = append(got, u.Text)
			mu.Unlock()
			handled <- u.Text
		}}); r != inbound.Accepted {
			t.Fatalf("%q: %v", text, r)
		}
	}
	offer("vay von ho ngheo", true)
	if tr.asked != 0 {
		t.Fatalf("triage asked %d times for a chat with nothing waiting", tr.asked)
	}
	offer("the bhyt het han", false)
	offer("ck e dang danh e", false)
	offer("e tron sau nha roi", false)
	offer("vneid muc 2", false)
	for _, want := range []string{"ck e dang danh e", "e tron sau nha roi"} {
		select {
		case h := <-handled:
			if h != want {
				t.Fatalf("handled %q first, want %q", h, want)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("the emergency %q waited behind the chat's queue", want)
		}
	}
	close(release)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := d.Stop(ctx); err != nil {
		t.Fatal(err)
	}
	if want := "ck e dang danh e,e tron sau nha roi,vay von ho ngheo,the bhyt het han,vneid muc 2"; strings.Join(got, ",") != want {
		t.Fatalf("handled %v, want %s", got, want)
	}
}
