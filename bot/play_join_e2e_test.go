package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"loa/store"
)

// Played as the users play (issue 11): typed on a phone, without diacritics.

// TestPlayInviteCodeTypedWithSpaces: "6dvb 97cs eexe5" is the code a member
// copies from the branch's group or types in pieces; it must reach the
// consent question whether she types /dangky, "dang ky" or the code alone.
func TestPlayInviteCodeTypedWithSpaces(t *testing.T) {
	t.Parallel()
	for _, rig := range rigs(t)[:2] {
		t.Run("", func(t *testing.T) {
			t.Parallel()
			r := rig(t)
			t.Run(r.name, func(t *testing.T) {
				w := startCommuneWorld(t, r)
				inv, err := w.st.CreateInvite(context.Background(), store.NewInvite{Kind: store.InviteMember, Unit: "B11", TTL: time.Hour})
				if err != nil {
					t.Fatal(err)
				}
				c := strings.ToLower(inv.Code)
				spaced := c[:4] + " " + c[4:8] + " " + c[8:]
				for i, typed := range []string{"/dangky " + spaced, "dang ky " + spaced, spaced, "/dangky " + c[:4] + "-" + c[4:]} {
					got := w.newTalker(40+i).say(typed, 1)[0]
					contains(t, typed, got, "Loa chỉ lưu", "Chi hội Ấp 1")
				}
			})
		})
	}
}
