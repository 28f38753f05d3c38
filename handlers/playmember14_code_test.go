package handlers_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"loa/chat"
	"loa/handlers"
	"loa/internal/testkit"
	"loa/store"
)

// A member on a cheap phone answers Loa's yes/no questions by typing, and
// copies her invite code by hand: these tests play her through the router.

type memberRig struct {
	t      *testing.T
	st     *store.Store
	router *handlers.Router
	code   string
	n      int
}

func newMemberRig(t *testing.T) *memberRig {
	t.Helper()
	ctx := context.Background()
	st := storeWithUnits(t)
	inv, err := st.CreateInvite(ctx, store.NewInvite{Kind: store.InviteMember, Unit: "B11", TTL: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	r := handlers.New(handlers.Deps{Store: st, Knowledge: testkit.EmbeddedLibrary(t)})
	return &memberRig{t: t, st: st, router: r, code: inv.Code}
}

// say sends text as the web-chat member "lan" and returns what she sees.
func (m *memberRig) say(text string) []chat.Reply {
	m.t.Helper()
	m.n++
	return m.router.Handle(context.Background(), chat.Update{
		Platform: chat.Web, ID: fmt.Sprint("u", m.n), ChatID: "lan", UserID: "lan", UserName: "Lan", Text: text,
	})
}

func (m *memberRig) isMember() bool {
	m.t.Helper()
	_, err := m.st.Member(context.Background(), chat.Web, "lan")
	return err == nil
}

func joined(replies []chat.Reply) string {
	var b strings.Builder
	for _, r := range replies {
		b.WriteString(r.Text)
		b.WriteString("\n")
	}
	return b.String()
}

// A code copied with a letter missing or one too many is a wrong code, and
// she is told so; before, "CSZD0042DKYF" got "câu này nằm ngoài việc của Hội".
func TestAMistypedInviteCodeIsToldAsAWrongCode(t *testing.T) {
	t.Parallel()
	m := newMemberRig(t)
	short, long := m.code[:len(m.code)-1], m.code+"7"
	for _, text := range []string{short, long, strings.ToLower(short), "ma cua e la " + short, "mã mời: " + long} {
		got := joined(m.say(text))
		if !strings.Contains(got, "Mã mời này không đúng") {
			t.Fatalf("%q: want the wrong-code answer, saw %s", text, got)
		}
	}
	// Words and numbers that are no code stay questions.
	for _, text := range []string{"0912345678", "bhyt 2025", "079123456789"} {
		if got := joined(m.say(text)); strings.Contains(got, "Mã mời") {
			t.Fatalf("%q was taken for an invite code: %s", text, got)
		}
	}
}
