package handlers_test

import (
	"context"
	"sync"
	"testing"

	"loa/chat"
	"loa/handlers"
	"loa/internal/testkit"
	"loa/store"
	"loa/store/redistest"
)

// outcomes records what the router tells Deps.Observe.
type outcomes struct {
	mu  sync.Mutex
	got []handlers.Outcome
}

func (o *outcomes) observe(out handlers.Outcome) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.got = append(o.got, out)
}

func (o *outcomes) all() []handlers.Outcome {
	o.mu.Lock()
	defer o.mu.Unlock()
	return append([]handlers.Outcome(nil), o.got...)
}

func TestObserveTellsTheOutcomeOfEachHandledUpdate(t *testing.T) {
	t.Parallel()
	lib := testkit.EmbeddedLibrary(t)
	rec := &outcomes{}
	r := handlers.New(handlers.Deps{Store: store.New(redistest.Start(t).Client()), Knowledge: lib, Observe: rec.observe})
	ctx := context.Background()
	cases := []struct {
		name         string
		u            chat.Update
		kind, answer string
	}{
		{"a question the knowledge base answers", chat.Update{Text: "5k3s la j z c"}, handlers.UpdateMessage, handlers.AnswerAnswered},
		{"a question it cannot answer", chat.Update{Text: "gia vang hom nay bn 1 chi"}, handlers.UpdateMessage, handlers.AnswerUnanswered},
		{"an emergency", chat.Update{Text: "ck e dang danh e cuu e voi"}, handlers.UpdateMessage, handlers.AnswerEmergency},
		{"thanks are no question", chat.Update{Text: "cảm ơn Loa nhiều"}, handlers.UpdateMessage, ""},
		{"a command", chat.Update{Text: "/help"}, handlers.UpdateCommand, ""},
		{"a button", chat.Update{Data: "m"}, handlers.UpdateButton, ""},
	}
	for i, c := range cases {
		u := c.u
		u.Platform, u.ID, u.ChatID, u.UserID = chat.Zalo, string(rune('a'+i)), "c1", "c1"
		if replies := r.Handle(ctx, u); len(replies) == 0 {
			t.Fatalf("%s: no reply", c.name)
		}
		got := rec.all()
		if len(got) != i+1 {
			t.Fatalf("%s: %d outcomes after %d updates", c.name, len(got), i+1)
		}
		o := got[i]
		if o.Platform != chat.Zalo || o.Kind != c.kind || o.Answer != c.answer || o.Duration <= 0 {
			t.Errorf("%s: outcome %+v, want kind %q answer %q and a duration", c.name, o, c.kind, c.answer)
		}
	}

	// A duplicate delivery is dropped, not observed again.
	r.Handle(ctx, chat.Update{Platform: chat.Zalo, ID: "a", ChatID: "c1", UserID: "c1", Text: "5k3s la j z c"})
	if n := len(rec.all()); n != len(cases) {
		t.Errorf("a dropped duplicate was observed: %d outcomes for %d updates", n, len(cases))
	}
}

func TestObserveSeesAPanickingFeature(t *testing.T) {
	t.Parallel()
	lib := testkit.EmbeddedLibrary(t)
	rec := &outcomes{}
	r := handlers.New(handlers.Deps{Store: store.New(redistest.Start(t).Client()), Knowledge: &flakyKnowledge{lib: lib}, Observe: rec.observe})
	r.Handle(context.Background(), chat.Update{Platform: chat.Web, ID: "1", ChatID: "c", UserID: "c", Text: "5k3s la gi"})
	got := rec.all()
	if len(got) != 1 || got[0].Kind != handlers.UpdateMessage || got[0].Answer != "" {
		t.Fatalf("outcomes %+v; want one message with no answer", got)
	}
}
