package main

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"loa/bot/webchat/browsertest"
	"loa/chat"
	"loa/store"
)

// TestDashboardInARealBrowser: a member asks for a person on Telegram;
// staff of her commune gets a one-time link with /bangdieukhien, opens it
// in headless Chromium (phone, then office screen), sees the same figures
// as /thongke for the same unit and month, finds the question, answers it
// from the page, and the member receives the answer on Telegram. The used
// link and an expired one are refused.
func TestDashboardInARealBrowser(t *testing.T) {
	w := startNoticeWorld(t, 2, nil)
	ctx := context.Background()
	staff := &telegramMember{t: t, srv: w.tg, chat: 50009, name: "Chị Thu"}
	w.tg.AddChat(staff.chat, staff.name)
	if _, err := w.st.Grant(ctx, chat.Telegram, staff.ID(), store.RoleStaff, "XA"); err != nil {
		t.Fatal(err)
	}
	// This month's meeting of B1: one check-in, a headcount of 18.
	start := time.Now().Add(-time.Hour)
	e, err := w.st.CreateEvent(ctx, store.NewEvent{Unit: "B1", Title: "Sinh hoạt chi hội", Start: start,
		CreatedBy: store.Identity{Platform: chat.Telegram, UserID: w.tgHead.ID()}})
	if err != nil {
		t.Fatal(err)
	}
	asker := w.tgChats[0]
	askerID := store.Identity{Platform: chat.Telegram, UserID: fmt.Sprint(asker)}
	if _, err := w.st.CheckIn(ctx, e.ID, askerID, time.Now()); err != nil {
		t.Fatal(err)
	}
	if _, err := w.st.ReportHeadcount(ctx, e.ID, store.Identity{Platform: chat.Telegram, UserID: w.tgHead.ID()}, 18, time.Now()); err != nil {
		t.Fatal(err)
	}

	// The member asks for a person.
	const question = "Cho em hỏi hồ sơ vay vốn hộ cận nghèo cần những giấy tờ gì ạ?"
	w.tg.UserSays(asker, "Chị 0", "/hoicanbo "+question)
	waitUntil(t, 15*time.Second, "her question in the queue", func() bool {
		n, _ := w.st.CountOpenQuestions(ctx, "XA")
		return n == 1
	})

	// Staff reads /thongke, then asks for the dashboard link.
	staffSays := func(text, want string) string {
		t.Helper()
		before := len(w.tgTexts(staff.chat))
		staff.Say(text)
		var got string
		waitUntil(t, 15*time.Second, "the answer to "+text, func() bool {
			for _, m := range w.tgTexts(staff.chat)[before:] {
				if strings.Contains(m, want) {
					got = m
					return true
				}
			}
			return false
		})
		return got
	}
	thongke := staffSays("/thongke thang", "📊 Thống kê")
	linkMsg := staffSays("/bangdieukhien", "/dash/login/")
	link := regexp.MustCompile(`http://\S+/dash/login/[A-Za-z0-9_-]{43}`).FindString(linkMsg)
	if link == "" || !strings.HasPrefix(link, "http://"+w.p.addr+"/") {
		t.Fatalf("no link to this server in %q", linkMsg)
	}

	b := browsertest.New(t)
	do := func(what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		c, cancel := context.WithTimeout(b.Context(), browsertest.Timeout)
		defer cancel()
		if err := chromedp.Do(c, steps...); err != nil {
			t.Fatalf("browser: %s: %v", what, err)
		}
	}
	b.Viewport(browsertest.PhoneWidth, browsertest.PhoneHeight)
	do("sign in", chromedp.Navigate(link), chromedp.WaitVisible(chromedp.ID("enter")), chromedp.Click(chromedp.ID("enter")),
		chromedp.WaitVisible(chromedp.ID("totals")))

	// The page's figures are /thongke's.
	var fig map[string]string
	b.Eval(`Object.fromEntries([...document.querySelectorAll('[id^="t-"]')].map(e => [e.id.slice(2), e.textContent.trim()]))`, &fig)
	for _, line := range []string{
		"Hội viên trên Loa: " + fig["members"] + " đăng ký",
		"Sự kiện đã tổ chức: " + fig["events"] + ", đã báo cáo " + fig["reported"],
		"Tham dự: " + fig["checkins"] + " lượt điểm danh trên Loa, " + fig["headcount"] + " người theo báo cáo, tổng ước tính " + fig["present"],
	} {
		if !strings.Contains(thongke, line) {
			t.Errorf("/thongke says\n%s\nthe page says %v (want %q)", thongke, fig, line)
		}
	}
	if fig["headcount"] != "18" || fig["checkins"] != "1" {
		t.Errorf("figures %v, want the meeting's 1 check-in and 18 present", fig)
	}
	fits := func(where string) {
		t.Helper()
		var overflow bool
		b.Eval(`document.documentElement.scrollWidth > innerWidth`, &overflow)
		if overflow {
			t.Errorf("%s: the page is wider than the screen", where)
		}
	}
	fits("participation at 360px")

	// The question, answered from the page on an office screen.
	b.Viewport(1366, 768)
	base := "http://" + w.p.addr
	do("open the questions", chromedp.Navigate(base+"/dash/cauhoi"), chromedp.WaitVisible(chromedp.CSS("[data-question]")))
	fits("questions at 1366px")
	var shown string
	b.Eval(`document.querySelector('[data-question] .qtext').textContent`, &shown)
	if shown != question {
		t.Fatalf("the page shows %q, want %q", shown, question)
	}
	const answer = "Dạ, chị mang CCCD và giấy xác nhận hộ cận nghèo tới điểm giao dịch xã vào sáng thứ Hai nhé."
	do("answer", chromedp.SendKeys(chromedp.CSS("[data-question] textarea"), answer),
		chromedp.Click(chromedp.CSS("[data-question] button.answer")), chromedp.WaitVisible(chromedp.ID("flash")))
	waitUntil(t, 20*time.Second, "the answer on her Telegram", func() bool {
		return countContaining(w.tgTexts(asker), answer) == 1
	})

	// The used link, and an expired one, are refused politely.
	var gone string
	do("reopen the used link", chromedp.Navigate(link), chromedp.WaitVisible(chromedp.ID("message")))
	b.Eval(`document.getElementById('message').textContent`, &gone)
	if !strings.Contains(gone, "đã được dùng hoặc đã hết hạn") {
		t.Errorf("used link: %q", gone)
	}
	token, err := w.st.CreateDashboardLogin(ctx, store.Identity{Platform: chat.Telegram, UserID: staff.ID()}, time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(20 * time.Millisecond)
	do("open an expired link", chromedp.Navigate(base+"/dash/login/"+token), chromedp.WaitVisible(chromedp.ID("message")))
	b.Eval(`document.getElementById('message').textContent + (document.getElementById('enter') ? ' BUTTON' : '')`, &gone)
	if !strings.Contains(gone, "đã được dùng hoặc đã hết hạn") || strings.Contains(gone, "BUTTON") {
		t.Errorf("expired link: %q", gone)
	}
}
