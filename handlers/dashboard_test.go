package handlers_test

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"loa/bot/dashboard"
	"loa/chat"
	"loa/handlers"
	"loa/store"
)

// TestBangdieukhienGivesOneTimeLinksToHeadsStaffAndAdminsOnly: a member
// without a role is told the dashboard is for heads and staff; a head, a
// staff member and an admin get a link to LOA_PUBLIC_URL/dash/login/…
// that signs exactly them in, once.
func TestBangdieukhienGivesOneTimeLinksToHeadsStaffAndAdminsOnly(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := storeWithUnits(t)
	if _, err := st.Grant(ctx, chat.Telegram, headID, store.RoleHead, "B11"); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Grant(ctx, chat.Telegram, staffID, store.RoleStaff, "C1"); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Register(ctx, store.Member{Platform: chat.Telegram, UserID: memberID, Name: "Chị Mai", Unit: "B11", Consent: time.Now(), Active: true}); err != nil {
		t.Fatal(err)
	}
	admins := []store.Identity{{Platform: chat.Telegram, UserID: adminID}}
	dash := dashboard.New(dashboard.Options{Store: st, Admins: admins, PublicURL: "https://loa.example.org/"})
	router := handlers.New(handlers.Deps{Store: st, Admins: admins, Dashboard: dash})
	seq := 0
	say := func(user, msg string) string {
		seq++
		return text(router.Handle(ctx, chat.Update{Platform: chat.Telegram, ID: fmt.Sprint(seq), ChatID: user, UserID: user, Text: msg}))
	}
	linkRe := regexp.MustCompile(`https://loa\.example\.org/dash/login/([A-Za-z0-9_-]{43})`)
	if got := say(memberID, "/bangdieukhien"); linkRe.MatchString(got) || !strings.Contains(got, "dành cho chi hội trưởng và cán bộ Hội") {
		t.Fatalf("member: %q", got)
	}
	for _, user := range []string{headID, staffID, adminID} {
		got := say(user, "/bangdieukhien")
		m := linkRe.FindStringSubmatch(got)
		if m == nil || !strings.Contains(got, "một lần, trong 10 phút") {
			t.Fatalf("%s: %q", user, got)
		}
		who, err := st.UseDashboardLogin(ctx, m[1])
		if err != nil || who != (store.Identity{Platform: chat.Telegram, UserID: user}) {
			t.Fatalf("%s's link signs in %v, %v", user, who, err)
		}
		if _, err := st.UseDashboardLogin(ctx, m[1]); err == nil {
			t.Fatalf("%s's link worked twice", user)
		}
	}
	// In a group the link is never posted.
	seq++
	group := text(router.Handle(ctx, chat.Update{Platform: chat.Telegram, ID: fmt.Sprint(seq), ChatID: "-100", UserID: staffID, Group: true, Text: "/bangdieukhien"}))
	if linkRe.MatchString(group) {
		t.Fatalf("a link was posted in a group: %q", group)
	}
	// Without a dashboard the command says so.
	off := handlers.New(handlers.Deps{Store: st, Admins: admins})
	seq++
	if got := text(off.Handle(ctx, chat.Update{Platform: chat.Telegram, ID: fmt.Sprint(seq), ChatID: headID, UserID: headID, Text: "/bangdieukhien"})); !strings.Contains(got, "chưa được bật") {
		t.Fatalf("no dashboard: %q", got)
	}
}
