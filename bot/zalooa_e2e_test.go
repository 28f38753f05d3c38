package main

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"loa/bot/zalooa/zalooatest"
	"loa/chat"
	"loa/internal/testkit"
	"loa/store"
)

// Zalo Official Account end to end: the whole program against the fake OA
// server (zalooatest) and a real Redis. Members are followers who wrote
// recently unless a test says otherwise.

// oaEnv is the environment that turns the OA on against fake, with the
// webhook the fake pushes to.
func oaEnv(t testing.TB, fake *zalooatest.Server, addr, refresh string) map[string]string {
	fake.SetWebhook("http://" + addr + "/webhook/zalo-oa")
	return map[string]string{
		"ZALO_OA_ID": fake.OAID, "ZALO_OA_APP_ID": fake.AppID, "ZALO_OA_APP_SECRET": fake.AppSecret,
		"ZALO_OA_SECRET_KEY": fake.SecretKey, "ZALO_OA_REFRESH_TOKEN": refresh,
		"ZALO_OA_API_BASE": fake.URL(), "ZALO_OA_OAUTH_BASE": fake.URL(),
		"LOA_WEBCHAT": "off", "LOA_HTTP_ADDR": addr, "LOA_PUBLIC_URL": "http://" + addr,
	}
}

func oaRig(t *testing.T) (platformRig, *zalooatest.Server) {
	fake := zalooatest.Start(t)
	rt := fake.IssueRefreshToken()
	return platformRig{
		name:    chat.ZaloOA,
		env:     oaEnv(t, fake, freeAddr(t), rt),
		secrets: []string{fake.AppSecret, fake.SecretKey, rt},
		newMember: func(t testing.TB, id int) member {
			m := &oaMember{t: t, srv: fake, user: zalooatest.NewUserID()}
			fake.AddFollower(m.user, fake.Now())
			return m
		},
	}, fake
}

// oaMember is a follower of the OA: buttons are pressed by sending their
// payload (what oa.query.show does), numbered lists by the number.
type oaMember struct {
	t    testing.TB
	srv  *zalooatest.Server
	user string
}

func (m *oaMember) ID() string { return m.user }

func (m *oaMember) Say(text string) {
	m.t.Helper()
	if p := m.srv.UserSays(m.user, text); p.Status != http.StatusOK {
		m.t.Fatalf("zalo-oa webhook answered %+v", p)
	}
}

func (m *oaMember) Press(label string) {
	m.t.Helper()
	msgs := m.srv.Messages(m.user)
	for i := len(msgs) - 1; i >= 0; i-- {
		for _, b := range msgs[i].Buttons {
			if b.Title == label {
				m.Say(b.Payload)
				return
			}
		}
		for _, sub := range numberedLine.FindAllStringSubmatch(msgs[i].Text, -1) {
			if strings.TrimSpace(sub[2]) == label {
				m.Say(sub[1])
				return
			}
		}
	}
	m.t.Fatalf("zalo-oa %s: no choice %q offered", m.user, label)
}

func (m *oaMember) Replies(n int) []string {
	m.t.Helper()
	msgs, err := m.srv.WaitForMessages(testkit.WaitCtx(m.t), m.user, n)
	if err != nil {
		m.t.Fatalf("zalo-oa %s: waiting for %d messages: %v (have %d)", m.user, n, err, len(msgs))
	}
	out := make([]string, len(msgs))
	for i, msg := range msgs {
		out[i] = msg.Text
	}
	return out
}

func (m *oaMember) Choices() []string {
	msgs := m.srv.Messages(m.user)
	for i := len(msgs) - 1; i >= 0; i-- {
		var labels []string
		for _, b := range msgs[i].Buttons {
			labels = append(labels, b.Title)
		}
		for _, sub := range numberedLine.FindAllStringSubmatch(msgs[i].Text, -1) {
			labels = append(labels, strings.TrimSpace(sub[2]))
		}
		if len(labels) > 0 {
			return labels
		}
	}
	return nil
}

func TestZaloOAFollowerIsWelcomedAndAnswered(t *testing.T) {
	t.Parallel()
	r, fake := oaRig(t)
	startProgram(t, r.env, r.secrets...)
	m := &oaMember{t: t, srv: fake, user: zalooatest.NewUserID()}
	p := fake.Follow(m.user)
	if p.Status != http.StatusOK || p.Took > zalooatest.WebhookBudget {
		t.Fatalf("follow event answered %+v (budget %s)", p, zalooatest.WebhookBudget)
	}
	contains(t, "welcome", m.Replies(1)[0], "Chào chị", "113")
	if len(m.Choices()) == 0 {
		t.Fatal("the welcome offers no topics")
	}
	m.Say("chồng em say rượu đánh em, em đang trốn ở nhà hàng xóm")
	if got := firstHotline(m.Replies(2)[1]); got != "113" {
		t.Fatalf("emergency: first hotline %q, want 113", got)
	}
	m.Say("/dangky")
	m.Replies(3)
}

func TestZaloOAForgedEventIsRefused(t *testing.T) {
	t.Parallel()
	r, fake := oaRig(t)
	startProgram(t, r.env, r.secrets...)
	user := zalooatest.NewUserID()
	fake.AddFollower(user, fake.Now())
	ev := map[string]any{"app_id": fake.AppID, "event_name": "user_send_text", "sender": map[string]any{"id": user},
		"recipient": map[string]any{"id": fake.OAID}, "message": map[string]any{"msg_id": "f1", "text": "/start"},
		"timestamp": strconv.FormatInt(time.Now().UnixMilli(), 10)}
	if p := fake.PushEvent(ev, zalooatest.Sign(fake.AppID, "{}", "0", fake.SecretKey)); p.Status != http.StatusUnauthorized {
		t.Fatalf("forged event answered %+v, want 401", p)
	}
	// The same event signed is answered; the forged one left no trace.
	if p := fake.PushEvent(ev, ""); p.Status != http.StatusOK {
		t.Fatalf("signed event answered %+v", p)
	}
	m := &oaMember{t: t, srv: fake, user: user}
	m.Replies(1)
	time.Sleep(300 * time.Millisecond)
	if n := len(fake.Messages(user)); n != 1 {
		t.Fatalf("%d messages: the forged event was handled too", n)
	}
}

// TestZaloOANoticeLeavesOutMembersOutsideTheWindow: a head on the OA sends
// a notice to 10 OA members, 3 of whom last wrote 8 days ago: 7 get it, the
// 3 are reported and tried once each, never again.
func TestZaloOANoticeLeavesOutMembersOutsideTheWindow(t *testing.T) {
	t.Parallel()
	r, fake := oaRig(t)
	p := startProgram(t, r.env, r.secrets...)
	st := store.New(p.redis.Client())
	ctx := context.Background()
	testkit.SeedUnits(t, st, noticeTreeCSV)
	head := r.newMember(t, 0).(*oaMember)
	if _, err := st.Grant(ctx, chat.ZaloOA, head.ID(), store.RoleHead, "B1"); err != nil {
		t.Fatal(err)
	}
	var recent, stale []string
	for i := 0; i < 10; i++ {
		user := zalooatest.NewUserID()
		at := fake.Now()
		if i < 3 {
			at = at.Add(-8 * 24 * time.Hour)
			stale = append(stale, user)
		} else {
			recent = append(recent, user)
		}
		fake.AddFollower(user, at)
		if _, err := st.Register(ctx, store.Member{Platform: chat.ZaloOA, UserID: user, Name: "Chị " + strconv.Itoa(i),
			Unit: "B1", Consent: time.Now(), Active: true}); err != nil {
			t.Fatal(err)
		}
	}
	head.Say("/thongbao")
	head.Replies(1)
	head.Say("Sáng mai 7 giờ tập trung ở nhà văn hoá ấp.")
	contains(t, "confirm", last(head.Replies(3)), "10 thành viên")
	head.Press("Gửi")
	var all string
	waitUntil(t, 30*time.Second, "the summary", func() bool {
		all = strings.Join(head.Replies(4), "\n---\n")
		return strings.Contains(all, "Đã gửi xong thông báo")
	})
	for _, u := range recent {
		if n := len(fake.Messages(u)); n != 1 {
			t.Fatalf("a member inside the window got %d messages", n)
		}
	}
	tried := map[string]int{}
	for _, a := range fake.Attempts() {
		tried[a.UserID]++
	}
	for _, u := range stale {
		if len(fake.Messages(u)) != 0 || tried[u] != 1 {
			t.Fatalf("a member outside the window: %d messages, %d attempts; want 0 and 1", len(fake.Messages(u)), tried[u])
		}
	}
	contains(t, "summary", all, "Đã nhận: 7/10", "Không gửi được: 3")
	t.Logf("head's summary:\n%s", all)
}

// TestZaloOATwoProcessesNeverReuseARefreshToken: two bot processes share
// Redis and start with the same refresh token; followers write to both at
// once. Exactly one refresh happens; 26 h later the expired access token
// (-220) is refreshed once more, and the spent token is never presented.
func TestZaloOATwoProcessesNeverReuseARefreshToken(t *testing.T) {
	t.Parallel()
	fake := zalooatest.Start(t)
	rt := fake.IssueRefreshToken()
	fake.SlowOAuth(300 * time.Millisecond)
	first := startProgram(t, oaEnv(t, fake, freeAddr(t), rt), fake.AppSecret, fake.SecretKey, rt)
	env := oaEnv(t, fake, freeAddr(t), rt)
	env["REDIS_URL"] = first.env["REDIS_URL"]
	second := startProgram(t, env, fake.AppSecret, fake.SecretKey, rt)
	hooks := []string{"http://" + first.addr + "/webhook/zalo-oa", "http://" + second.addr + "/webhook/zalo-oa"}

	round := func(what string) {
		t.Helper()
		var wg sync.WaitGroup
		var users []string
		for i := 0; i < 6; i++ {
			user := zalooatest.NewUserID()
			users = append(users, user)
			fake.AddFollower(user, fake.Now())
			// Each push goes to one process's webhook, alternating.
			ev := map[string]any{"app_id": fake.AppID, "event_name": "user_send_text", "sender": map[string]any{"id": user},
				"recipient": map[string]any{"id": fake.OAID}, "message": map[string]any{"msg_id": what + strconv.Itoa(i), "text": "/start"},
				"timestamp": strconv.FormatInt(fake.Now().UnixMilli(), 10)}
			wg.Add(1)
			go func(hook string) {
				defer wg.Done()
				if p := fake.PushEventTo(hook, ev, ""); p.Status != http.StatusOK {
					t.Errorf("push to %s: %+v", hook, p)
				}
			}(hooks[i%2])
		}
		wg.Wait()
		for _, u := range users {
			(&oaMember{t: t, srv: fake, user: u}).Replies(1)
		}
	}
	round("a")
	if ok, reused := fake.Refreshes(); ok != 1 || reused != 0 {
		t.Fatalf("after start: %d refreshes, %d reuses; want exactly 1 and 0", ok, reused)
	}
	fake.Advance(26 * time.Hour)
	round("b")
	if ok, reused := fake.Refreshes(); ok != 2 || reused != 0 {
		t.Fatalf("after the access token expired: %d refreshes, %d reuses; want 2 and 0", ok, reused)
	}
}

// TestZaloOAAdminLogin: when the refresh token is lost, an operator logs
// in again: login-url (PKCE) → the OA admin allows → code CODE; the bot
// then sends with the new tokens.
func TestZaloOAAdminLogin(t *testing.T) {
	t.Parallel()
	fake := zalooatest.Start(t)
	addr := freeAddr(t)
	env := oaEnv(t, fake, addr, "lost-refresh-token")
	p := startProgram(t, env, fake.AppSecret, fake.SecretKey, "lost-refresh-token")
	cfg, err := LoadConfig(func(k string) string { return p.env[k] })
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	rdb := p.redis.Client()
	var out, errOut strings.Builder
	if code := runZaloOAAdmin(ctx, cfg, rdb, []string{"login-url"}, &out, &errOut); code != 0 {
		t.Fatalf("login-url: %d %s", code, errOut.String())
	}
	i := strings.Index(out.String(), fake.URL()+"/v4/oa/permission?")
	if i < 0 {
		t.Fatalf("no consent URL in:\n%s", out.String())
	}
	consent, err := url.Parse(strings.TrimSpace(out.String()[i:]))
	if err != nil {
		t.Fatal(err)
	}
	q := consent.Query()
	if q.Get("app_id") != fake.AppID || len(q.Get("code_challenge")) != 43 || q.Get("redirect_uri") != "http://"+addr+"/zalo-oa/callback" {
		t.Fatalf("consent URL %s", consent)
	}
	code := fake.IssueCode(q.Get("code_challenge"))
	out.Reset()
	if rc := runZaloOAAdmin(ctx, cfg, rdb, []string{"code", code}, &out, &errOut); rc != 0 {
		t.Fatalf("code: %d %s", rc, errOut.String())
	}
	m := &oaMember{t: t, srv: fake, user: zalooatest.NewUserID()}
	fake.AddFollower(m.user, fake.Now())
	m.Say("/start")
	contains(t, "answer with the new tokens", m.Replies(1)[0], "Chào chị")
	if rc := runZaloOAAdmin(ctx, cfg, rdb, []string{"code", code}, &out, &errOut); rc == 0 {
		t.Fatal("a code worked twice")
	}
}

func TestZaloOAConfigNamesTheMissingSetting(t *testing.T) {
	t.Parallel()
	env := map[string]string{"ZALO_OA_ID": "579745863508352884", "ZALO_OA_API_BASE": "ftp://x"}
	_, err := LoadConfig(func(k string) string { return env[k] })
	if err == nil {
		t.Fatal("an OA without its app id, secrets and a good API base was accepted")
	}
	for _, v := range []string{"ZALO_OA_APP_ID", "ZALO_OA_APP_SECRET", "ZALO_OA_SECRET_KEY", "ZALO_OA_API_BASE"} {
		if !strings.Contains(err.Error(), v) {
			t.Errorf("the error does not name %s: %v", v, err)
		}
	}
	full := map[string]string{"ZALO_OA_ID": "1", "ZALO_OA_APP_ID": "2", "ZALO_OA_APP_SECRET": "appSecretXYZ", "ZALO_OA_SECRET_KEY": "oaKeyXYZ",
		"ZALO_OA_REFRESH_TOKEN": "refreshXYZ"}
	c, err := LoadConfig(func(k string) string { return full[k] })
	if err != nil || c.ZaloOA.APIBase != "https://openapi.zalo.me" || c.ZaloOA.OAuthBase != "https://oauth.zaloapp.com" {
		t.Fatalf("defaults: %+v %v", c.ZaloOA, err)
	}
	if s := c.String(); strings.Contains(s, "XYZ") || !strings.Contains(s, "zalooa=true") {
		t.Fatalf("config summary %q: want zalooa=true and no secret", s)
	}
}
