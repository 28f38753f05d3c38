package webchat_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"loa/bot/webchat"
	"loa/chat"
)

// refusingLimiter refuses one lane outright, as a spent flood lane does.
type refusingLimiter struct{ refuse webchat.Lane }

func (l refusingLimiter) Allow(_ context.Context, lane webchat.Lane, _ string) (bool, time.Duration, error) {
	return lane != l.refuse, time.Second, nil
}

// rescuingRouter lets through what says "cứu" (a stand-in for
// handlers.Router.Rescue) and remembers what it was asked and handled.
type rescuingRouter struct {
	*fakeRouter
	mu    sync.Mutex
	asked []chat.Update
}

func (r *rescuingRouter) Rescue(_ context.Context, u chat.Update) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.asked = append(r.asked, u)
	return u.Text == "cứu em"
}

func rescueServer(t *testing.T, refuse webchat.Lane) (*rescuingRouter, *fixture) {
	r := &rescuingRouter{fakeRouter: newFakeRouter()}
	wc := webchat.New(r, nil, webchat.WithLimiter(refusingLimiter{refuse: refuse}))
	srv := httptest.NewServer(wc)
	t.Cleanup(func() { wc.Close(); srv.Close() })
	return r, &fixture{t: t, chat: wc, srv: srv}
}

// An emergency past the session's flood lane is handled all the same,
// marked admitted (the member limit must not count it again); anything
// else past it still gets 429.
func TestAnEmergencyPastTheSessionLaneIsHandled(t *testing.T) {
	t.Parallel()
	r, f := rescueServer(t, webchat.LaneClient)
	session := newSessionID(t)
	body, _ := json.Marshal(map[string]string{"session": session, "id": "m1", "text": "hỏi thường"})
	if status, _ := f.postRaw(string(body)); status != http.StatusTooManyRequests {
		t.Fatalf("an ordinary message past the session's lane: status %d, want 429", status)
	}
	f.ask(session, "m2", "cứu em")
	r.fakeRouter.mu.Lock()
	defer r.fakeRouter.mu.Unlock()
	if len(r.updates) != 1 || r.updates[0].Text != "cứu em" || !r.updates[0].Admitted {
		t.Fatalf("handled %+v, want the emergency alone, admitted", r.updates)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.asked) != 2 || r.asked[0].ChatID != webchat.ChatID(session) || r.asked[0].Platform != chat.Web {
		t.Fatalf("asked %+v, want both messages, by the session's chat id", r.asked)
	}
}

// Sessions cost nothing to invent: past the address's lane nothing is let
// through, and the rescue is not even asked.
func TestNothingPastTheAddressLaneIsRescued(t *testing.T) {
	t.Parallel()
	r, f := rescueServer(t, webchat.LaneAddress)
	body, _ := json.Marshal(map[string]string{"session": newSessionID(t), "id": "m1", "text": "cứu em"})
	if status, _ := f.postRaw(string(body)); status != http.StatusTooManyRequests {
		t.Fatalf("past the address's lane: status %d, want 429", status)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.asked) != 0 {
		t.Fatalf("the rescue was asked %d times past the address's lane", len(r.asked))
	}
}
