package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"loa/bot/admin"
	"loa/bot/telegram/telegramtest"
	"loa/internal/testkit"
	"loa/store"
	"loa/store/redistest"
)

// texts of every message the bot sent to a chat so far.
func schedChatTexts(srv *telegramtest.Server, chat int64) string {
	var b strings.Builder
	for _, m := range srv.Messages(chat) {
		b.WriteString(m.Text + "\n---\n")
	}
	return b.String()
}

// A post run with `bot admin jobs run` reaches a registered member through
// the fake Telegram server, and not a member who typed /tatthongbao; /lich
// shows the schedule to an admin.
func TestPostRunNowReachesMembersButNotMutedOnes(t *testing.T) {
	t.Parallel()
	srv := telegramtest.New(t)
	rs := redistest.Start(t)
	st := store.New(rs.Client())
	ctx := context.Background()
	testkit.SeedUnits(t, st, "code,name,parent,kind\nDN,Tỉnh Đồng Nai,,province\nDN-XD,Xã Xuân Định,DN,commune\nDN-XD-1,Chi hội Ấp 1,DN-XD,branch\n")
	const reader, muter, adminChat = 7301, 7302, 7309
	for _, c := range []int64{reader, muter, adminChat} {
		srv.AddChat(c, "Chị thử")
	}
	for _, id := range []string{"7301", "7302"} {
		if _, err := st.Register(ctx, store.Member{Platform: "telegram", UserID: id, Name: "Chị " + id, Unit: "DN-XD-1", Consent: time.Now(), Active: true}); err != nil {
			t.Fatal(err)
		}
	}
	startProgram(t, map[string]string{
		"TELEGRAM_BOT_TOKEN": srv.Token(), "TELEGRAM_API_BASE": srv.URL(), "LOA_WEBCHAT": "off",
		"REDIS_URL": rs.URL(), "LOA_ADMINS": "telegram:7309",
		"LOA_SCHEDULER": "on", "LOA_QUIET_HOURS": "off", // the test may run at night in Vietnam
	}, srv.Token())

	srv.UserSays(muter, "Chị thử", "/tatthongbao")
	if _, err := srv.WaitForMessages(testkit.WaitCtx(t), muter, 1); err != nil {
		t.Fatal(err)
	}
	if got := schedChatTexts(srv, muter); !strings.Contains(got, "đã tắt tin tuyên truyền") {
		t.Fatalf("reply to /tatthongbao:\n%s", got)
	}

	// The bot publishes its jobs when its scheduler starts.
	deadline := time.Now().Add(10 * time.Second)
	for {
		var out, errOut bytes.Buffer
		code := admin.Run(ctx, st, []string{"jobs", "run", "post:vneid-lua-dao"}, &out, &errOut)
		if code == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("jobs run: %d %s", code, errOut.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	if _, err := srv.WaitForMessages(testkit.WaitCtx(t), reader, 1); err != nil {
		t.Fatalf("the member got no post: %v", err)
	}
	got := schedChatTexts(srv, reader)
	if !strings.Contains(got, "Cảnh giác lừa đảo") || !strings.Contains(got, "Nguồn:") {
		t.Fatalf("the member got:\n%s", got)
	}
	// Give the muted member's copy, were there one, time to arrive.
	time.Sleep(500 * time.Millisecond)
	if got := schedChatTexts(srv, muter); strings.Contains(got, "Cảnh giác lừa đảo") {
		t.Fatalf("the muted member got the post:\n%s", got)
	}
	if n := len(srv.Messages(reader)); n != 1 {
		t.Fatalf("the member got %d messages, want 1", n)
	}

	srv.UserSays(adminChat, "Chị thử", "/lich")
	msgs, err := srv.WaitForMessages(testkit.WaitCtx(t), adminChat, 1)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(msgs[0].Text, "Lịch gửi tin 14 ngày tới") && !strings.Contains(msgs[0].Text, "chưa có tin nào") {
		t.Fatalf("/lich:\n%s", msgs[0].Text)
	}

	var out, errOut bytes.Buffer
	if code := admin.Run(ctx, st, []string{"jobs", "list"}, &out, &errOut); code != 0 ||
		!strings.Contains(out.String(), "post:vneid-lua-dao") || !strings.Contains(out.String(), "attendance:close") {
		t.Fatalf("jobs list: %d\n%s%s", code, out.String(), errOut.String())
	}
}

// TestSchedulerOffRunsNoJob: LOA_SCHEDULER=off keeps every timed job out of
// the process, which is what the end-to-end tests that count messages rely
// on (a 07:00 job firing in their middle added messages and keys they did
// not expect). Two programs start on a branch without this month's meeting:
// the one with the scheduler on makes it before it serves (the start-up
// run of the meetings job, the same loop that runs the slots), the one with
// it off does not. Checked on the store, so nothing waits for a slot.
func TestSchedulerOffRunsNoJob(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	start := func(scheduler string) *store.Store {
		srv := telegramtest.New(t)
		rs := redistest.Start(t)
		st := store.New(rs.Client())
		testkit.SeedUnits(t, st, "code,name,parent,kind\nDN,Tỉnh Đồng Nai,,province\nDN-XD,Xã Xuân Định,DN,commune\nDN-XD-1,Chi hội Ấp 1,DN-XD,branch\n")
		startProgram(t, map[string]string{
			"TELEGRAM_BOT_TOKEN": srv.Token(), "TELEGRAM_API_BASE": srv.URL(), "LOA_WEBCHAT": "off",
			"REDIS_URL": rs.URL(), "LOA_SCHEDULER": scheduler,
			"LOA_QUIET_HOURS": "off", // the test may run at night in Vietnam
		}, srv.Token())
		return st
	}
	on, off := start("on"), start("off")
	probe := store.NewEvent{Unit: "DN-XD-1", Title: "Thử", Start: time.Now()}
	if _, created, err := on.CreateMonthlyMeeting(ctx, probe); err != nil || created {
		t.Fatalf("with the scheduler on, the start-up job made no monthly meeting (created=%v, %v)", created, err)
	}
	if _, created, err := off.CreateMonthlyMeeting(ctx, probe); err != nil || !created {
		t.Fatalf("with LOA_SCHEDULER=off a job made this month's meeting (created=%v, %v)", created, err)
	}
}
