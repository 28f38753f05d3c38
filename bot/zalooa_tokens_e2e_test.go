package main

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"loa/bot/zalooa/zalooatest"
	"loa/chat"
	"loa/store"
)

// oaBranch imports the notice tree into the program's Redis and makes a
// head of B1 and n members of B1 who wrote to the OA just now, all
// followers; it returns the head and the members' ids.
func oaBranch(t *testing.T, p *program, fake *zalooatest.Server, n int) (*oaMember, []string) {
	t.Helper()
	st := store.New(p.redis.Client())
	ctx := context.Background()
	units, err := store.ParseUnitsCSV(strings.NewReader(noticeTreeCSV), "units.csv")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.ImportUnits(ctx, units); err != nil {
		t.Fatal(err)
	}
	head := &oaMember{t: t, srv: fake, user: zalooatest.NewUserID()}
	fake.AddFollower(head.user, fake.Now())
	if _, err := st.Grant(ctx, chat.ZaloOA, head.ID(), store.RoleHead, "B1"); err != nil {
		t.Fatal(err)
	}
	var members []string
	for i := 0; i < n; i++ {
		user := zalooatest.NewUserID()
		fake.AddFollower(user, fake.Now())
		if _, err := st.Register(ctx, store.Member{Platform: chat.ZaloOA, UserID: user, Name: "Chị " + strconv.Itoa(i),
			Unit: "B1", Consent: time.Now(), Active: true}); err != nil {
			t.Fatal(err)
		}
		members = append(members, user)
	}
	return head, members
}

// sendOANotice has head send text to B1 and waits for the summary.
func sendOANotice(t *testing.T, head *oaMember, text string, beforeSend func()) string {
	t.Helper()
	had := len(head.srv.Messages(head.user))
	head.Say("/thongbao")
	head.Replies(had + 1)
	head.Say(text)
	head.Replies(had + 3)
	if beforeSend != nil {
		beforeSend()
	}
	head.Press("Gửi")
	var all string
	waitUntil(t, 60*time.Second, "the summary", func() bool {
		all = strings.Join(head.Replies(had+4), "\n---\n")
		return strings.Contains(all, "Đã gửi xong thông báo")
	})
	return all
}

// copiesOf counts the messages to user that carry text.
func copiesOf(fake *zalooatest.Server, user, text string) int {
	n := 0
	for _, m := range fake.Messages(user) {
		if strings.Contains(m.Text, text) {
			n++
		}
	}
	return n
}

// TestZaloOATokenExpiresDuringANotice: the access token runs out after a
// few messages of a notice to 12 members. The bot refreshes exactly once,
// stores the rotated pair before using it, and the notice completes with
// every member getting exactly one copy. A second replica started later
// with the (now spent) refresh token of the environment uses the stored
// pair: it answers without refreshing, and no refresh token is reused.
func TestZaloOATokenExpiresDuringANotice(t *testing.T) {
	t.Parallel()
	fake := zalooatest.Start(t)
	rt := fake.IssueRefreshToken()
	first := startProgram(t, oaEnv(t, fake, freeAddr(t), rt), fake.AppSecret, fake.SecretKey, rt)
	head, members := oaBranch(t, first, fake, 12)
	waitUntil(t, 10*time.Second, "the first refresh", func() bool { ok, _ := fake.Refreshes(); return ok == 1 })

	const text = "Chiều thứ Bảy họp chi hội, chị em nhớ mang sổ hội viên."
	var refreshesBefore int
	summary := sendOANotice(t, head, text, func() {
		refreshesBefore, _ = fake.Refreshes()
		fake.ExpireAccessTokenAfter(5) // the start message and a few copies
	})
	contains(t, "summary", summary, "Đã nhận: 12/12")
	for _, u := range members {
		if n := copiesOf(fake, u, text); n != 1 {
			t.Fatalf("a member got %d copies of the notice; want exactly 1", n)
		}
	}
	refreshed, reused := fake.Refreshes()
	if refreshed-refreshesBefore != 1 || reused != 0 {
		t.Fatalf("during the notice: %d refreshes, %d reused refresh tokens; want exactly 1 and 0", refreshed-refreshesBefore, reused)
	}
	expired := 0
	for _, a := range fake.Attempts() {
		if a.Error == zalooatest.ErrExpiredToken {
			expired++
		}
	}
	if expired == 0 {
		t.Fatal("no send met the expired token: the test did not expire it mid-notice")
	}
	pair, err := store.New(first.redis.Client()).ZaloOATokens(context.Background(), fake.OAID)
	if err != nil {
		t.Fatal(err)
	}
	if !fake.RefreshTokenUsable(pair.Refresh) || pair.Refresh == rt {
		t.Fatal("the rotated refresh token is not the one stored in Redis")
	}

	// A second replica on the same Redis, configured with the spent token.
	env := oaEnv(t, fake, freeAddr(t), rt)
	env["REDIS_URL"] = first.env["REDIS_URL"]
	second := startProgram(t, env, fake.AppSecret, fake.SecretKey, rt)
	m := &oaMember{t: t, srv: fake, user: zalooatest.NewUserID()}
	fake.AddFollower(m.user, fake.Now())
	ev := map[string]any{"app_id": fake.AppID, "event_name": "user_send_text", "sender": map[string]any{"id": m.user},
		"recipient": map[string]any{"id": fake.OAID}, "message": map[string]any{"msg_id": "second-1", "text": "/start"},
		"timestamp": strconv.FormatInt(fake.Now().UnixMilli(), 10)}
	if p := fake.PushEventTo("http://"+second.addr+"/webhook/zalo-oa", ev, ""); p.Status != http.StatusOK {
		t.Fatalf("push to the second replica: %+v", p)
	}
	contains(t, "the second replica's answer", m.Replies(1)[0], "Chào chị")
	if ok, reused := fake.Refreshes(); ok != refreshed || reused != 0 {
		t.Fatalf("the second replica refreshed (%d → %d, %d reused); it should use the stored token", refreshed, ok, reused)
	}
}

// TestZaloOARedeliveredEventsAreHandledOnce: the fake OA delivers every
// event twice (as the real one does when unsure a push was taken). A
// member's question is answered once, and a head's notice — whose "Gửi"
// arrives twice — goes out once to each member.
func TestZaloOARedeliveredEventsAreHandledOnce(t *testing.T) {
	t.Parallel()
	r, fake := oaRig(t)
	p := startProgram(t, r.env, r.secrets...)
	head, members := oaBranch(t, p, fake, 4)
	fake.RedeliverEach(1)

	m := &oaMember{t: t, srv: fake, user: members[0]}
	m.Say("/start")
	m.Replies(1)
	const text = "Tối nay 19 giờ sinh hoạt chi hội tại nhà chị Lan."
	summary := sendOANotice(t, head, text, nil)
	contains(t, "summary", summary, "Đã nhận: 4/4")
	time.Sleep(500 * time.Millisecond) // a second handling would have sent by now
	if n := len(fake.Messages(m.user)) - copiesOf(fake, m.user, text); n != 1 {
		t.Fatalf("the member's /start was answered %d times; want once", n)
	}
	for _, u := range members {
		if n := copiesOf(fake, u, text); n != 1 {
			t.Fatalf("a member got %d copies of the notice; want 1", n)
		}
	}
	if n := strings.Count(summary, "Đã gửi xong thông báo"); n != 1 {
		t.Fatalf("the head got %d summaries; want 1:\n%s", n, summary)
	}
	pushes := 0
	for _, pu := range fake.Pushes() {
		if pu.EventName == "user_send_text" && pu.Status == http.StatusOK {
			pushes++
		}
	}
	if pushes < 8 { // /start + 3 head messages, each twice
		t.Fatalf("only %d text events delivered; the fake did not redeliver", pushes)
	}
}
