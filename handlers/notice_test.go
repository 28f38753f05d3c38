package handlers_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"loa/bot/delivery"
	"loa/bot/notices"
	"loa/bot/telegram"
	"loa/bot/telegram/telegramtest"
	"loa/chat"
	"loa/handlers"
	"loa/internal/testkit"
	"loa/store"
	"loa/store/redistest"
)

// The notice tests run the router with the real notice service and
// delivery engine over a real Redis; the engine's workers are not started,
// so the jobs a notice creates stay queued where the test can count them.

const (
	headID   = "100" // head of B11
	staffID  = "200" // staff of C1
	memberID = "300" // a member of B11 without a role
	adminID  = "900" // admin through LOA_ADMINS
)

type noticeRig struct {
	t      *testing.T
	st     *store.Store
	engine *delivery.Engine
	svc    *notices.Service
	router *handlers.Router
	seq    atomic.Int64
}

func newNoticeRig(t *testing.T) *noticeRig {
	t.Helper()
	ctx := context.Background()
	st := store.New(redistest.Start(t).Client())
	testkit.SeedUnits(t, st, testUnitsCSV)
	reg := func(id, unit string) {
		t.Helper()
		testkit.AddMember(t, st, chat.Telegram, id, unit)
	}
	reg(memberID, "B11")
	reg("301", "B11")
	reg("302", "B11")
	reg("311", "B12")
	reg("312", "B12")
	reg("321", "B21")
	reg("322", "B21")
	if _, err := st.Grant(ctx, chat.Telegram, headID, store.RoleHead, "B11"); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Grant(ctx, chat.Telegram, staffID, store.RoleStaff, "C1"); err != nil {
		t.Fatal(err)
	}
	tgSrv := telegramtest.New(t)
	tg, err := telegram.New(ctx, telegram.Config{Token: tgSrv.Token(), APIBase: tgSrv.URL()})
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{headID, staffID, memberID, adminID} {
		var chatID int64
		fmt.Sscan(id, &chatID)
		tgSrv.AddChat(chatID, "Chị "+id)
	}
	engine := delivery.New(st, map[string]delivery.Channel{chat.Telegram: {Sender: tg, TokenID: "test"}}, delivery.Options{})
	svc := notices.New(st, engine, map[string]delivery.Sender{chat.Telegram: tg}, notices.Options{})
	lib := testkit.EmbeddedLibrary(t)
	router := handlers.New(handlers.Deps{
		Store: st, Knowledge: lib, Notices: svc,
		Admins: []store.Identity{{Platform: chat.Telegram, UserID: adminID}},
	})
	return &noticeRig{t: t, st: st, engine: engine, svc: svc, router: router}
}

// say sends a message as user (in her private chat) and returns the replies.
func (r *noticeRig) say(user, text string) []chat.Reply {
	return r.router.Handle(context.Background(), chat.Update{
		Platform: chat.Telegram, ID: fmt.Sprint(r.seq.Add(1)), ChatID: user, UserID: user, Text: text,
	})
}

// press presses a button with data as user.
func (r *noticeRig) press(user, data string) []chat.Reply {
	return r.router.Handle(context.Background(), chat.Update{
		Platform: chat.Telegram, ID: fmt.Sprint(r.seq.Add(1)), ChatID: user, UserID: user, Data: data,
	})
}

// button finds the data of the button labelled label in replies.
func button(t *testing.T, replies []chat.Reply, label string) string {
	t.Helper()
	for _, r := range replies {
		for _, row := range r.Buttons {
			for _, b := range row {
				if b.Text == label {
					return b.Data
				}
			}
		}
	}
	t.Fatalf("no button %q in %+v", label, replies)
	return ""
}

func labels(replies []chat.Reply) []string {
	var out []string
	for _, r := range replies {
		for _, row := range r.Buttons {
			for _, b := range row {
				out = append(out, b.Text)
			}
		}
	}
	return out
}

func text(replies []chat.Reply) string {
	var b strings.Builder
	for _, r := range replies {
		b.WriteString(r.Text + "\n")
	}
	return b.String()
}

func wantText(t *testing.T, replies []chat.Reply, wants ...string) {
	t.Helper()
	got := text(replies)
	for _, w := range wants {
		if !strings.Contains(got, w) {
			t.Fatalf("want %q in:\n%s", w, got)
		}
	}
}

// jobs lists the outbox jobs a user's chat created.
func (r *noticeRig) jobs(user string) []delivery.JobStatus {
	r.t.Helper()
	js, err := r.engine.ListJobs(context.Background(), delivery.Author{Platform: chat.Telegram, ChatID: user}, 50)
	if err != nil {
		r.t.Fatal(err)
	}
	return js
}

func TestNoticeMemberWithoutRoleIsRefused(t *testing.T) {
	t.Parallel()
	r := newNoticeRig(t)
	wantText(t, r.say(memberID, "/thongbao Mai họp chi hội"), "dành cho chi hội trưởng")
	wantText(t, r.say(memberID, "/thongbao"), "dành cho chi hội trưởng")
	wantText(t, r.say(memberID, "/huythongbao"), "dành cho chi hội trưởng")
	if js := r.jobs(memberID); len(js) != 0 {
		t.Fatalf("a member created jobs: %+v", js)
	}
}

func TestNoticeHeadReachesOnlyHerBranch(t *testing.T) {
	t.Parallel()
	r := newNoticeRig(t)
	// Another branch by code: refused.
	wantText(t, r.say(headID, "/thongbao B21: Mai họp"), "chưa có quyền")
	// Her own branch, no choice needed: straight to the preview.
	rep := r.say(headID, "/thongbao Tối thứ Bảy họp chi hội lúc 19 giờ.")
	wantText(t, rep, "📢 Thông báo từ Chi hội Ấp 1:", "Tối thứ Bảy họp chi hội", "3 thành viên của Chi hội Ấp 1")
	send := button(t, rep, "Gửi")
	id := strings.TrimPrefix(send, "tbg:")
	// A forged unit button for another branch, on her own draft: refused.
	wantText(t, r.press(headID, "tbu:"+id+":B21"), "chưa có quyền")
	wantText(t, r.press(headID, "tbu:"+id+":C1"), "chưa có quyền")
	// Someone else pressing her "Gửi": nothing is sent.
	wantText(t, r.press(staffID, send), "không còn nữa")
	if js := r.jobs(staffID); len(js) != 0 {
		t.Fatalf("staff created jobs with the head's draft: %+v", js)
	}
	// Her role is revoked before she presses "Gửi": checked again, refused.
	if err := r.st.Revoke(context.Background(), chat.Telegram, headID, store.RoleHead, "B11"); err != nil {
		t.Fatal(err)
	}
	wantText(t, r.press(headID, send), "chưa có quyền")
	if js := r.jobs(headID); len(js) != 0 {
		t.Fatalf("a revoked head created jobs: %+v", js)
	}
}

func TestNoticeStaffChoosesTheirUnitOrOneBelow(t *testing.T) {
	t.Parallel()
	r := newNoticeRig(t)
	rep := r.say(staffID, "/thongbao")
	wantText(t, rep, "đơn vị nào")
	got := strings.Join(labels(rep), "|")
	if got != "Xã Một|Chi hội Ấp 1|Chi hội Ấp 2" {
		t.Fatalf("unit choices = %q, want her commune and its two branches", got)
	}
	// A sibling commune's branch, by a forged button or by code: refused.
	id := strings.Split(button(t, rep, "Xã Một"), ":")[1]
	wantText(t, r.press(staffID, "tbu:"+id+":B21"), "chưa có quyền")
	wantText(t, r.say(staffID, "/thongbao C2: Mai họp"), "chưa có quyền")
	// A child unit: she types the text as the next message.
	wantText(t, r.press(staffID, button(t, rep, "Chi hội Ấp 2")), "gõ nội dung", "Chi hội Ấp 2")
	rep = r.say(staffID, "Chủ nhật này ra quân dọn vệ sinh đường làng.")
	wantText(t, rep, "📢 Thông báo từ Chi hội Ấp 2:", "ra quân dọn vệ sinh", "2 thành viên của Chi hội Ấp 2")
	r.press(staffID, button(t, rep, "Gửi"))
	js := r.jobs(staffID)
	if len(js) != 1 || js[0].Total != 2 || js[0].State != "running" {
		t.Fatalf("want one running job to 2 members, got %+v", js)
	}
	// Her whole commune by code: both branches' members.
	rep = r.say(staffID, "/thongbao c1: Họp toàn xã")
	wantText(t, rep, "5 thành viên của Xã Một")
}

func TestNoticeAdminReachesEveryone(t *testing.T) {
	t.Parallel()
	r := newNoticeRig(t)
	rep := r.say(adminID, "/thongbao Chúc mừng ngày 8/3")
	if l := labels(rep); len(l) == 0 || l[0] != "Tỉnh Đồng Nai" {
		t.Fatalf("admin choices = %q, want the province first", l)
	}
	rep = r.press(adminID, button(t, rep, "Tỉnh Đồng Nai"))
	wantText(t, rep, "7 thành viên của Tỉnh Đồng Nai", "Chúc mừng ngày 8/3")
}

func TestNoticeSendTwiceMakesOneNotice(t *testing.T) {
	t.Parallel()
	r := newNoticeRig(t)
	if err := r.st.SetActive(context.Background(), chat.Telegram, "302", false); err != nil {
		t.Fatal(err)
	}
	rep := r.say(headID, "/thongbao Tối nay họp chi hội.")
	wantText(t, rep, "2 thành viên") // the inactive member is not counted
	send := button(t, rep, "Gửi")
	// Two presses at once (two replicas, a double tap), then a third.
	var wg sync.WaitGroup
	for range 2 {
		wg.Go(func() { r.press(headID, send) })
	}
	wg.Wait()
	wantText(t, r.press(headID, send), "đã được gửi rồi")
	js := r.jobs(headID)
	if len(js) != 1 {
		t.Fatalf("want exactly one job, got %d: %+v", len(js), js)
	}
	if js[0].Total != 2 {
		t.Fatalf("job total = %d, want the 2 active members", js[0].Total)
	}
	list, err := r.svc.Notices(context.Background(), chat.Telegram, headID, 10)
	if err != nil || len(list) != 1 {
		t.Fatalf("notices = %+v, %v; want one", list, err)
	}
	if list[0].Total != 2 || list[0].State != chat.NoticeSending {
		t.Fatalf("notice = %+v", list[0])
	}
	wantText(t, r.say(headID, "/thongbaocu"), "Chi hội Ấp 1", "Tối nay họp chi hội.", "Đã nhận 0/2", "đang gửi")
}

func TestNoticeEditAndDiscard(t *testing.T) {
	t.Parallel()
	r := newNoticeRig(t)
	rep := r.say(headID, "/thongbao Họp lúc 7 giờ")
	oldSend := button(t, rep, "Gửi")
	wantText(t, r.press(headID, button(t, rep, "Sửa")), "gõ nội dung")
	rep = r.say(headID, "Họp lúc 8 giờ, không phải 7 giờ")
	wantText(t, rep, "Họp lúc 8 giờ")
	// The old preview cannot send the old text any more.
	wantText(t, r.press(headID, oldSend), "không còn nữa")
	if js := r.jobs(headID); len(js) != 0 {
		t.Fatalf("old draft sent: %+v", js)
	}
	wantText(t, r.press(headID, button(t, rep, "Huỷ")), "đã huỷ")
	wantText(t, r.press(headID, button(t, rep, "Gửi")), "không còn nữa")
	if js := r.jobs(headID); len(js) != 0 {
		t.Fatalf("discarded draft sent: %+v", js)
	}
	// After "Huỷ" while waiting for text, the next message is a question again.
	rep = r.say(headID, "/thongbao")
	r.press(headID, button(t, rep, "Huỷ"))
	if got := text(r.say(headID, "5k3s la gi")); strings.Contains(got, "Thông báo từ") {
		t.Fatalf("a question became a notice after Huỷ:\n%s", got)
	}
}

func TestNoticeStopAndHistory(t *testing.T) {
	t.Parallel()
	r := newNoticeRig(t)
	wantText(t, r.say(headID, "/huythongbao"), "không có thông báo nào đang gửi")
	wantText(t, r.say(headID, "/thongbaocu"), "chưa gửi thông báo nào")
	for _, msg := range []string{"Thông báo một", "Thông báo hai"} {
		rep := r.say(headID, "/thongbao "+msg)
		r.press(headID, button(t, rep, "Gửi"))
	}
	rep := r.say(headID, "/huythongbao")
	wantText(t, rep, "dừng thông báo nào")
	if n := len(labels(rep)); n != 2 {
		t.Fatalf("want a button per running notice, got %q", labels(rep))
	}
	stop := button(t, rep, "Chi hội Ấp 1: Thông báo hai")
	// Someone else's press is refused.
	wantText(t, r.press(staffID, stop), "không có thông báo nào đang gửi")
	wantText(t, r.press(headID, stop), "đã dừng thông báo tới Chi hội Ấp 1")
	wantText(t, r.press(headID, stop), "đã gửi xong rồi")
	rep = r.say(headID, "/thongbaocu")
	wantText(t, rep, "“Thông báo hai”\nĐã nhận 0/3 · đã dừng", "“Thông báo một”\nĐã nhận 0/3 · đang gửi")
	// The last one running is stopped without a question.
	wantText(t, r.say(headID, "/huythongbao"), "đã dừng thông báo tới Chi hội Ấp 1")
}
