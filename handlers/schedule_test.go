package handlers_test

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"loa/chat"
	"loa/handlers"
	"loa/store"
	"loa/store/redistest"
)

// fakeCalendar returns fixed items and remembers the window it was asked.
type fakeCalendar struct {
	items    []handlers.CalendarItem
	from, to time.Time
}

func (c *fakeCalendar) Upcoming(ctx context.Context, from, to time.Time) ([]handlers.CalendarItem, error) {
	c.from, c.to = from, to
	var out []handlers.CalendarItem
	for _, it := range c.items {
		if it.At.After(from) && !it.At.After(to) {
			out = append(out, it)
		}
	}
	return out, nil
}

type schedRig struct {
	st     *store.Store
	router *handlers.Router
	cal    *fakeCalendar
	seq    atomic.Int64
}

func newSchedRig(t *testing.T) *schedRig {
	t.Helper()
	ctx := context.Background()
	st := store.New(redistest.Start(t).Client())
	units, err := store.ParseUnitsCSV(strings.NewReader(`code,name,parent,kind
DN,Tỉnh Đồng Nai,,province
C1,Xã Một,DN,commune
C2,Xã Hai,DN,commune
B11,Chi hội Ấp 1,C1,branch
B21,Chi hội Ấp Bắc,C2,branch
`), "units.csv")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.ImportUnits(ctx, units); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Register(ctx, store.Member{Platform: chat.Telegram, UserID: "300", Name: "Chị Ba", Unit: "B11", Consent: time.Now(), Active: true}); err != nil {
		t.Fatal(err)
	}
	for _, g := range []struct {
		user string
		role store.Role
		unit string
	}{{"100", store.RoleHead, "B11"}, {"200", store.RoleStaff, "C1"}, {"210", store.RoleStaff, "C2"}} {
		if _, err := st.Grant(ctx, chat.Telegram, g.user, g.role, g.unit); err != nil {
			t.Fatal(err)
		}
	}
	day := time.Now().Add(24 * time.Hour)
	cal := &fakeCalendar{items: []handlers.CalendarItem{
		{At: day, Title: "Cho mọi người", Units: []string{"*"}},
		{At: day.Add(time.Hour), Title: "Cho cả tỉnh", Units: []string{"DN"}},
		{At: day.Add(2 * time.Hour), Title: "Cho ấp 1", Units: []string{"B11"}},
		{At: day.Add(3 * time.Hour), Title: "Cho xã Hai", Units: []string{"C2"}},
		{At: day.Add(4 * time.Hour), Title: "Đóng điểm danh", Units: nil},
		{At: time.Now().AddDate(0, 0, 20), Title: "Quá xa", Units: []string{"*"}},
	}}
	r := &schedRig{st: st, cal: cal}
	r.router = handlers.New(handlers.Deps{Store: st, Calendar: cal, Admins: []store.Identity{{Platform: chat.Telegram, UserID: "900"}}})
	return r
}

func (r *schedRig) say(user, text string) string {
	u := chat.Update{Platform: chat.Telegram, ID: fmt.Sprint(r.seq.Add(1)), ChatID: user, UserID: user, Text: text, Time: time.Now()}
	var out []string
	for _, rep := range r.router.Handle(context.Background(), u) {
		out = append(out, rep.Text)
	}
	return strings.Join(out, "\n")
}

func TestLichShowsTheNextTwoWeeksForTheScope(t *testing.T) {
	t.Parallel()
	r := newSchedRig(t)
	for _, tc := range []struct {
		who       string
		user      string
		want, not []string
	}{
		{"head of B11", "100", []string{"Cho mọi người", "Cho cả tỉnh", "Cho ấp 1"}, []string{"Cho xã Hai", "Đóng điểm danh", "Quá xa"}},
		{"staff of C1", "200", []string{"Cho mọi người", "Cho cả tỉnh", "Cho ấp 1 (B11)"}, []string{"Cho xã Hai", "Đóng điểm danh"}},
		{"staff of C2", "210", []string{"Cho mọi người", "Cho xã Hai (C2)"}, []string{"Cho ấp 1", "Đóng điểm danh"}},
		{"admin", "900", []string{"Cho mọi người", "Cho ấp 1", "Cho xã Hai", "Đóng điểm danh (việc nội bộ)"}, []string{"Quá xa"}},
	} {
		t.Run(tc.who, func(t *testing.T) {
			got := r.say(tc.user, "/lich")
			if !strings.HasPrefix(got, "Lịch gửi tin 14 ngày tới (giờ Việt Nam):") {
				t.Fatalf("reply:\n%s", got)
			}
			for _, w := range tc.want {
				if !strings.Contains(got, w) {
					t.Errorf("want %q in:\n%s", w, got)
				}
			}
			for _, n := range tc.not {
				if strings.Contains(got, n) {
					t.Errorf("%q must not be in:\n%s", n, got)
				}
			}
			if d := r.cal.to.Sub(r.cal.from); d != 14*24*time.Hour {
				t.Errorf("asked for %s ahead, want 14 days", d)
			}
		})
	}
	if got := r.say("300", "/lich"); !strings.Contains(got, "dành cho chi hội trưởng và cán bộ Hội") {
		t.Fatalf("a member's /lich: %s", got)
	}
	if got := r.say("300", "/help"); strings.Contains(got, "/lich") || !strings.Contains(got, "/tatthongbao") {
		t.Fatalf("a member's /help:\n%s", got)
	}
	if got := r.say("210", "/help"); !strings.Contains(got, "/lich") {
		t.Fatalf("staff /help:\n%s", got)
	}
}

func TestVietnameseDateTime(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"2026-03-02T01:00:00Z": "Thứ Hai 02/03 lúc 08:00",
		"2026-03-08T00:30:00Z": "Chủ nhật 08/03 lúc 07:30",
		"2026-10-19T17:00:00Z": "Thứ Ba 20/10 lúc 00:00",
	} {
		tm, _ := time.Parse(time.RFC3339, in)
		if got := handlers.VietnameseDateTime(tm); got != want {
			t.Errorf("%s: %q, want %q", in, got, want)
		}
	}
}

func TestMuteAndUnmuteOutreachPosts(t *testing.T) {
	t.Parallel()
	r := newSchedRig(t)
	ctx := context.Background()
	muted := func() bool {
		m, err := r.st.Member(ctx, chat.Telegram, "300")
		if err != nil {
			t.Fatal(err)
		}
		return m.Muted
	}
	if got := r.say("300", "/tatthongbao"); !strings.Contains(got, "đã tắt tin tuyên truyền") || !strings.Contains(got, "Thông báo của chi hội vẫn đến") || !muted() {
		t.Fatalf("mute: %q muted=%v", got, muted())
	}
	if got := r.say("300", "/tatthongbao"); !strings.Contains(got, "đã tắt cho chị từ trước") || !muted() {
		t.Fatalf("mute twice: %q", got)
	}
	if got := r.say("300", "/batthongbao"); !strings.Contains(got, "đã bật lại") || muted() {
		t.Fatalf("unmute: %q muted=%v", got, muted())
	}
	if got := r.say("300", "/batthongbao"); !strings.Contains(got, "vẫn đang nhận") {
		t.Fatalf("unmute twice: %q", got)
	}
	if got := r.say("555", "/tatthongbao"); !strings.Contains(got, "chưa lưu thông tin nào") {
		t.Fatalf("stranger: %q", got)
	}
	if _, err := r.st.Member(ctx, chat.Telegram, "555"); err == nil {
		t.Fatal("muting must not register a stranger")
	}
}

func TestLichWithoutCalendar(t *testing.T) {
	t.Parallel()
	st := store.New(redistest.Start(t).Client())
	router := handlers.New(handlers.Deps{Store: st, Admins: []store.Identity{{Platform: chat.Telegram, UserID: "900"}}})
	reps := router.Handle(context.Background(), chat.Update{Platform: chat.Telegram, ID: "1", ChatID: "900", UserID: "900", Text: "/lich"})
	if len(reps) != 1 || !strings.Contains(reps[0].Text, "chưa xem được") {
		t.Fatalf("replies = %+v", reps)
	}
}
