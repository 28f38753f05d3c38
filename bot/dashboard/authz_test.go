package dashboard_test

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"loa/chat"
	"loa/store"
)

// TestEveryRouteEveryRoleInAndOutOfScope walks every route of the
// dashboard as each role (a plain member, the head of B1, staff of X1, an
// admin) against units inside and outside their scope, including forms
// whose unit or id was changed by hand. Allowed: the page or the action
// happens. Refused: 403 or 404, and the answer shows nothing of the unit.
func TestEveryRouteEveryRoleInAndOutOfScope(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	if err := w.st.PublishScheduledJobs(ctx, []store.ScheduledJob{
		{ID: "post:tet", Spec: "0 8 * * *", Description: "Bài đăng Tết", Units: []string{"*"}},
		{ID: "post:x2", Spec: "0 9 * * *", Description: "Bài riêng Xã Hai", Units: []string{"X2"}},
	}); err != nil {
		t.Fatal(err)
	}
	b3member := store.Identity{Platform: chat.Telegram, UserID: "4000"}
	const secretB3 = "Câu hỏi riêng của Ấp Ba về vốn vay"
	w.question(b3member, secretB3)
	w.question(member, "Câu hỏi của Ấp Một về học bổng")
	// A notice of B3 (out of every scope but the admin's).
	id, _ := store.NewNoticeID()
	if _, _, err := w.svc.SendNotice(ctx, chat.NoticeRequest{ID: id, Platform: admin.Platform, ChatID: admin.UserID, UserID: admin.UserID,
		Unit: "B3", UnitName: "Chi hội Ấp Ba", Text: "Thông báo riêng Ấp Ba họp tối nay"}); err != nil {
		t.Fatal(err)
	}
	// A draft for B3 in each person's name: "Gửi" with a made-up draft.
	draftFor := func(who store.Identity) string {
		id, _ := store.NewNoticeID()
		if err := w.st.SaveNoticeDraft(ctx, store.NoticeDraft{ID: id, Platform: who.Platform, ChatID: who.UserID, UserID: who.UserID, Unit: "B3", Text: "Tin nhắn chen ngang"}); err != nil {
			t.Fatal(err)
		}
		return id
	}
	roles := []struct {
		name string
		who  store.Identity
	}{{"member", member}, {"head B1", headB1}, {"staff X1", staffX1}, {"admin", admin}}
	const (
		M = "member"
		H = "head B1"
		S = "staff X1"
		A = "admin"
	)
	type row struct {
		method, path string
		form         func(who store.Identity) url.Values
		allowed      []string
		// shows is text an allowed answer contains; hidden is text no
		// answer to anyone else may contain.
		shows, hidden string
	}
	unitForm := func(unit string) func(store.Identity) url.Values {
		return func(store.Identity) url.Values {
			return url.Values{"unit": {unit}, "text": {"Họp chi hội lúc 19 giờ"}}
		}
	}
	questionForm := func(asker store.Identity, extra string) func(store.Identity) url.Values {
		return func(store.Identity) url.Values {
			return url.Values{"id": {w.question(asker, "Câu hỏi mới "+extra)}, "answer": {"Dạ, chị liên hệ cán bộ xã nhé."}}
		}
	}
	rows := []row{
		{method: "GET", path: "/dash/thamgia", allowed: []string{H, S, A}},
		{method: "GET", path: "/dash/thamgia?unit=B1", allowed: []string{H, S, A}, shows: "Chi hội Ấp Một"},
		{method: "GET", path: "/dash/thamgia?unit=b1", allowed: []string{H, S, A}, shows: "Chi hội Ấp Một"},
		{method: "GET", path: "/dash/thamgia?unit=B2", allowed: []string{S, A}, shows: "Chi hội Ấp Hai", hidden: "Chi hội Ấp Hai"},
		{method: "GET", path: "/dash/thamgia?unit=B3", allowed: []string{A}, shows: "Chi hội Ấp Ba", hidden: "Chi hội Ấp Ba"},
		{method: "GET", path: "/dash/thamgia?unit=X1", allowed: []string{S, A}, shows: "Chi hội Ấp Hai", hidden: "Chi hội Ấp Hai"},
		{method: "GET", path: "/dash/thamgia?unit=X2", allowed: []string{A}, shows: "Chi hội Ấp Ba", hidden: "Chi hội Ấp Ba"},
		{method: "GET", path: "/dash/thamgia?unit=P", allowed: []string{A}, shows: "Xã Hai", hidden: "Xã Hai"},
		{method: "GET", path: "/dash/thamgia?unit=NOPE", allowed: nil},
		{method: "GET", path: "/dash/thamgia.xlsx?unit=B1", allowed: []string{S, A}},
		{method: "GET", path: "/dash/thamgia.xlsx?unit=X1", allowed: []string{S, A}},
		{method: "GET", path: "/dash/thamgia.xlsx?unit=B3", allowed: []string{A}},
		{method: "GET", path: "/dash/thamgia.xlsx?unit=P&loai=nam&nam=2026", allowed: []string{A}},
		{method: "GET", path: "/dash/hoivien?unit=B1", allowed: []string{H, S, A}, shows: "Chi hội Ấp Một"},
		{method: "GET", path: "/dash/hoivien?unit=X1", allowed: []string{S, A}, shows: "Chi hội Ấp Hai", hidden: "Chi hội Ấp Hai"},
		{method: "GET", path: "/dash/hoivien?unit=B3", allowed: []string{A}, shows: "Chi hội Ấp Ba", hidden: "Chi hội Ấp Ba"},
		{method: "GET", path: "/dash/hoivien.csv?unit=B1", allowed: []string{S, A}, shows: "B1"},
		{method: "GET", path: "/dash/hoivien.csv?unit=B3", allowed: []string{A}, shows: "Chi hội Ấp Ba", hidden: "Chi hội Ấp Ba"},
		{method: "GET", path: "/dash/cauhoi?unit=B1", allowed: []string{H, S, A}, shows: "học bổng", hidden: secretB3},
		{method: "GET", path: "/dash/cauhoi?unit=X1", allowed: []string{S, A}, shows: "học bổng", hidden: secretB3},
		{method: "GET", path: "/dash/cauhoi?unit=B3", allowed: []string{A}, shows: secretB3, hidden: secretB3},
		{method: "GET", path: "/dash/cauhoi?unit=P", allowed: []string{A}, shows: secretB3, hidden: secretB3},
		{method: "GET", path: "/dash/thongbao", allowed: []string{H, S, A}},
		{method: "GET", path: "/dash/lich", allowed: []string{H, S, A}, shows: "Bài đăng Tết"},
		{method: "GET", path: "/dash/nhatky", allowed: []string{A}},
		{method: "POST", path: "/dash/thongbao/xem", form: unitForm("B1"), allowed: []string{H, S, A}, shows: "Chi hội Ấp Một"},
		{method: "POST", path: "/dash/thongbao/xem", form: unitForm("X1"), allowed: []string{S, A}, shows: "Xã Một"},
		{method: "POST", path: "/dash/thongbao/xem", form: unitForm("B3"), allowed: []string{A}, shows: "Chi hội Ấp Ba", hidden: "Chi hội Ấp Ba"},
		{method: "POST", path: "/dash/thongbao/gui", form: func(who store.Identity) url.Values { return url.Values{"draft": {draftFor(who)}} }, allowed: []string{A}},
		{method: "POST", path: "/dash/cauhoi/boqua", form: questionForm(member, "B1"), allowed: []string{H, S, A}},
		{method: "POST", path: "/dash/cauhoi/boqua", form: questionForm(b3member, "B3"), allowed: []string{A}},
		{method: "POST", path: "/dash/lich/tamdung", form: func(store.Identity) url.Values { return url.Values{"job": {"post:tet"}} }, allowed: []string{A}},
		{method: "POST", path: "/dash/lich/tieptuc", form: func(store.Identity) url.Values { return url.Values{"job": {"post:tet"}} }, allowed: []string{A}},
	}
	for _, role := range roles {
		b := w.session(role.who)
		for _, r := range rows {
			var res response
			if r.method == "GET" {
				res = b.get(r.path)
			} else {
				res = b.post(r.path, r.form(role.who))
			}
			what := role.name + " " + r.method + " " + r.path
			if slices.Contains(r.allowed, role.name) {
				if res.status != http.StatusOK && res.status != http.StatusSeeOther {
					t.Errorf("%s: status %d, want it allowed\n%s", what, res.status, res.body)
				}
				if r.shows != "" && res.status == http.StatusOK && !strings.Contains(res.body, r.shows) {
					t.Errorf("%s: the answer lacks %q", what, r.shows)
				}
				continue
			}
			if res.status != http.StatusForbidden && res.status != http.StatusNotFound {
				t.Errorf("%s: status %d, want 403 or 404", what, res.status)
			}
			if r.hidden != "" && strings.Contains(res.body, r.hidden) {
				t.Errorf("%s: a refusal shows %q", what, r.hidden)
			}
		}
		// Lists filtered by scope: the notices history and the schedule.
		notices, sched := b.get("/dash/thongbao"), b.get("/dash/lich")
		seesB3 := strings.Contains(notices.body, "Thông báo riêng Ấp Ba")
		seesX2Job := strings.Contains(sched.body, "Bài riêng Xã Hai")
		if want := role.name == A; (seesB3 != want || seesX2Job != want) && role.name != M {
			t.Errorf("%s: sees B3's notice %v, X2's post %v; want %v", role.name, seesB3, seesX2Job, want)
		}
		// The unit menu of the notice form offers only units in scope.
		if role.name == H && (strings.Contains(notices.body, `value="B2"`) || !strings.Contains(notices.body, `value="B1"`)) {
			t.Errorf("head's unit menu: %s", notices.body)
		}
	}
	// Without a session every page asks her to sign in.
	anon := &browser{w: w}
	for _, p := range []string{"/dash/", "/dash/thamgia", "/dash/cauhoi", "/dash/thongbao", "/dash/hoivien", "/dash/lich", "/dash/nhatky", "/dash/thamgia.xlsx", "/dash/hoivien.csv"} {
		if res := anon.get(p); res.status != http.StatusUnauthorized || !strings.Contains(res.body, "/bangdieukhien") {
			t.Errorf("GET %s without a session: %d", p, res.status)
		}
	}
	if res := anon.do("POST", "/dash/thongbao/xem", url.Values{"unit": {"B1"}, "text": {"x"}}); res.status != http.StatusUnauthorized {
		t.Errorf("POST without a session: %d", res.status)
	}
}

// TestAnswerRouteScope: answering a question by changing the id in the
// form reaches only questions in her scope.
func TestAnswerRouteScope(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	b3member := store.Identity{Platform: chat.Telegram, UserID: "4001"}
	for _, c := range []struct {
		who     store.Identity
		asker   store.Identity
		allowed bool
	}{
		{headB1, member, true}, {headB1, b3member, false},
		{staffX1, member, true}, {staffX1, b3member, false},
		{admin, b3member, true}, {member, member, false},
	} {
		id := w.question(c.asker, "Cho em hỏi thủ tục vay vốn")
		res := w.session(c.who).post("/dash/cauhoi/traloi", url.Values{"id": {id}, "answer": {"Dạ, chị hỏi cán bộ xã nhé."}})
		q, err := w.st.Question(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		answered := q.State == store.QuestionAnswered
		if answered != c.allowed || (c.allowed && res.status != http.StatusSeeOther) || (!c.allowed && res.status < 400) {
			t.Errorf("%v answering %v's question: status %d, answered %v, want %v", c.who, c.asker, res.status, answered, c.allowed)
		}
	}
}
