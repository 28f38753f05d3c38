package handlers_test

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"

	"loa/chat"
	"loa/content"
	"loa/handlers"
	"loa/internal/testkit"
	"loa/store"
	"loa/store/redistest"
)

// flakyKnowledge panics on its first use, like a feature with a bug.
type flakyKnowledge struct {
	lib   *content.Library
	calls atomic.Int32
}

func (f *flakyKnowledge) KB() *content.KB {
	if f.calls.Add(1) == 1 {
		var m map[string]int
		//lint:ignore SA5000 the point is a real runtime panic, as a feature with a bug would raise
		m["boom"]++ // a nil map write: a real runtime panic
	}
	return f.lib.KB()
}

func TestAPanicInAFeatureGetsAnApologyAndTheBotKeepsServing(t *testing.T) {
	t.Parallel()
	lib := testkit.EmbeddedLibrary(t)
	rdb := redistest.Start(t).Client()
	r := handlers.New(handlers.Deps{Store: store.New(rdb), Knowledge: &flakyKnowledge{lib: lib}})
	ctx := context.Background()
	u := chat.Update{Platform: chat.Web, ID: "1", ChatID: "c", UserID: "c", Text: "5k3s la gi"}
	replies := r.Handle(ctx, u)
	if len(replies) != 1 || !strings.Contains(replies[0].Text, "Xin lỗi") {
		t.Fatalf("want one apology, got %+v", replies)
	}
	u.ID = "2"
	replies = r.Handle(ctx, u)
	if len(replies) == 0 || !strings.Contains(replies[0].Text, "5 không") {
		t.Fatalf("the next message was not answered: %+v", replies)
	}
}

func TestTheSameUpdateIsAnsweredOnce(t *testing.T) {
	t.Parallel()
	lib := testkit.EmbeddedLibrary(t)
	rdb := redistest.Start(t).Client()
	r := handlers.New(handlers.Deps{Store: store.New(rdb), Knowledge: lib})
	ctx := context.Background()
	u := chat.Update{Platform: chat.Telegram, ID: "777", ChatID: "1", UserID: "1", Text: "/start"}
	if got := r.Handle(ctx, u); len(got) == 0 {
		t.Fatal("first delivery not answered")
	}
	if got := r.Handle(ctx, u); len(got) != 0 {
		t.Fatalf("a re-delivered update was answered again: %+v", got)
	}
	u.Platform = chat.Zalo // ids are per platform
	if got := r.Handle(ctx, u); len(got) == 0 {
		t.Fatal("the same id on another platform was dropped")
	}
}

func TestBadInputGetsAPoliteAnswer(t *testing.T) {
	t.Parallel()
	lib := testkit.EmbeddedLibrary(t)
	rdb := redistest.Start(t).Client()
	r := handlers.New(handlers.Deps{Store: store.New(rdb), Knowledge: lib})
	ctx := context.Background()
	for i, text := range []string{
		"\xff\xfe\xfd", "   ", strings.Repeat("vneid ", 5000), "/khonglenhnao", "/dangky", "/dangky <b>&amp;",
		"/moi", "/moi truongchihoi", "/toi", "/xoadulieu", "\x00\x01\x02 5k3s",
	} {
		u := chat.Update{Platform: chat.Web, ID: strings.Repeat("x", i+1), ChatID: "c", UserID: "c", UserName: "<script>", Text: text}
		replies := r.Handle(ctx, u)
		if len(replies) == 0 {
			t.Fatalf("%q: no answer", text)
		}
		for _, rep := range replies {
			if rep.Text == "" || strings.Contains(rep.Text, "error") || strings.Contains(rep.Text, "redis") {
				t.Fatalf("%q: answer leaks internals or is empty: %q", text, rep.Text)
			}
		}
	}
}

func TestACommandCancelsAWaitingStep(t *testing.T) {
	t.Parallel()
	lib := testkit.EmbeddedLibrary(t)
	rdb := redistest.Start(t).Client()
	st := store.New(rdb)
	r := handlers.New(handlers.Deps{Store: st, Knowledge: lib})
	ctx := context.Background()
	// The bot waits for a notice text in this chat...
	if err := st.SetPending(ctx, chat.Telegram, "9", "9", "notice:draft1"); err != nil {
		t.Fatal(err)
	}
	// ...but she types a command instead; her next question is a question.
	r.Handle(ctx, chat.Update{Platform: chat.Telegram, ID: "a", ChatID: "9", UserID: "9", Text: "/help"})
	got := r.Handle(ctx, chat.Update{Platform: chat.Telegram, ID: "b", ChatID: "9", UserID: "9", Text: "5k3s la gi"})
	if len(got) == 0 || !strings.Contains(got[0].Text, "5 không") {
		t.Fatalf("the question after a command was taken as the old step: %+v", got)
	}
}

func TestABareNumberIsNotTakenForAQuestion(t *testing.T) {
	t.Parallel()
	lib := testkit.EmbeddedLibrary(t)
	r := handlers.New(handlers.Deps{Store: store.New(redistest.Start(t).Client()), Knowledge: lib})
	for i, text := range []string{"1", " 2. ", "12"} {
		got := r.Handle(context.Background(), chat.Update{Platform: chat.Zalo, ID: fmt.Sprint(i), ChatID: "z", UserID: "z", Text: text})
		if len(got) != 1 || !strings.Contains(got[0].Text, "đã đóng") || len(got[0].Buttons) == 0 {
			t.Fatalf("%q: want the closed-choice answer with the topics, got %+v", text, got)
		}
	}
	got := r.Handle(context.Background(), chat.Update{Platform: chat.Zalo, ID: "q", ChatID: "z", UserID: "z", Text: "vneid muc 1 la gi"})
	if len(got) == 0 || strings.Contains(got[0].Text, "đã đóng") {
		t.Fatalf("a question with a number was refused: %+v", got)
	}
}

// TestAStepBelongsToThePersonNotTheChat: in a group several people talk in
// one chat; the next one to speak must never answer someone else's step.
func TestAStepBelongsToThePersonNotTheChat(t *testing.T) {
	t.Parallel()
	lib := testkit.EmbeddedLibrary(t)
	st := store.New(redistest.Start(t).Client())
	r := handlers.New(handlers.Deps{Store: st, Knowledge: lib})
	ctx := context.Background()
	const group = "-4001"
	if err := st.SetPending(ctx, chat.Telegram, group, "hoa", "notice:ABCDEFGHJKMN"); err != nil {
		t.Fatal(err)
	}
	got := r.Handle(ctx, chat.Update{Platform: chat.Telegram, ID: "1", ChatID: group, UserID: "lan", Group: true, Addressed: true, Text: "5k3s la gi"})
	if len(got) == 0 || !strings.Contains(got[0].Text, "5 không") {
		t.Fatalf("another person's message was taken as Hoa's step: %+v", got)
	}
	if state, err := st.TakePending(ctx, chat.Telegram, group, "hoa"); err != nil || state != "notice:ABCDEFGHJKMN" {
		t.Fatalf("Hoa's step was consumed by Lan's message: %q, %v", state, err)
	}
}
