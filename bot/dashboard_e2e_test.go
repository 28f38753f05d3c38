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
	"loa/vntime"
)

// TestDashboardInARealBrowser: a member asks for a person on Telegram and
// another asks Loa something it cannot answer on Zalo; the head of their
// branch gets the batched alert; staff of their commune gets a one-time
// link with /bangdieukhien, opens it in headless Chromium (phone, then
// office screen), sees the same figures as /thongke for the same unit and
// month, quarter and year, finds both questions, answers them from the
// page, and each member receives her answer on her own platform, from
// "Hội LHPN Xã Xuân An". The used link and an expired one are refused.
func TestDashboardInARealBrowser(t *testing.T) {
	t.Parallel()
	w := startNoticeWorld(t, 2, map[string]string{"LOA_SCHEDULER": "on", "LOA_QUIET_HOURS": "off"}) // the test may run at night in Vietnam
	ctx := context.Background()
	staff := &telegramMember{t: t, srv: w.tg, chat: 50009, name: "Chị Thu"}
	w.tg.AddChat(staff.chat, staff.name)
	if _, err := w.st.Grant(ctx, chat.Telegram, staff.ID(), store.RoleStaff, "XA"); err != nil {
		t.Fatal(err)
	}
	head := store.Identity{Platform: chat.Telegram, UserID: w.tgHead.ID()}
	asker := w.tgChats[0]
	askerID := store.Identity{Platform: chat.Telegram, UserID: fmt.Sprint(asker)}
	// Meetings of B1 in three periods, so that each period has its own
	// figures: this month (one check-in, a headcount of 18), March and
	// November 2025 (headcounts of 7 and 5).
	meeting := func(start time.Time, headcount int64, checkedIn ...store.Identity) {
		t.Helper()
		e, err := w.st.CreateEvent(ctx, store.NewEvent{Unit: "B1", Title: "Sinh hoạt chi hội", Start: start, CreatedBy: head})
		if err != nil {
			t.Fatal(err)
		}
		for _, who := range checkedIn {
			if res, err := w.st.CheckIn(ctx, e.ID, who, time.Now()); err != nil || res.Status != store.CheckedIn {
				t.Fatalf("check-in: %+v, %v", res, err)
			}
		}
		if _, err := w.st.ReportHeadcount(ctx, e.ID, head, headcount, start.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
	}
	// This month's meeting an hour ago, or halfway into the month when the
	// month (Vietnam time) began less than an hour ago.
	now := time.Now().In(vntime.Zone)
	monthStart := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, vntime.Zone)
	held := now.Add(-time.Hour)
	if held.Before(monthStart) {
		held = monthStart.Add(now.Sub(monthStart) / 2)
	}
	meeting(held, 18, askerID)
	meeting(time.Date(2025, 3, 10, 19, 0, 0, 0, vntime.Zone), 7)
	meeting(time.Date(2025, 11, 20, 19, 0, 0, 0, vntime.Zone), 5)

	// The Telegram member asks for a person; the Zalo member asks Loa
	// something it does not know. The head of B1 is told once.
	const (
		tgQuestion = "Cho em hỏi hồ sơ vay vốn hộ cận nghèo cần những giấy tờ gì ạ?"
		zlQuestion = "Chi hội mình khi nào tổ chức đi tham quan?"
	)
	w.tg.UserSays(asker, "Chị 0", "/hoicanbo "+tgQuestion)
	zlMember := &zaloMember{t: t, srv: w.zl, chat: w.zlChats[0], name: "Chị Zalo"}
	zlMember.Say(zlQuestion)
	contains(t, "zalo member told", zlMember.Replies(1)[0], "đã chuyển câu hỏi tới chi hội của chị (Chi hội Ấp 1)")
	waitUntil(t, 15*time.Second, "both questions in the queue", func() bool {
		n, _ := w.st.CountOpenQuestions(ctx, "XA")
		return n == 2
	})
	runPost(t, w.st, "questions:alert")
	contains(t, "zalo head alerted", last(w.zlHead.Replies(1)), "Có 2 câu hỏi mới của hội viên chưa được trả lời")

	// Staff reads /thongke for three periods, then asks for the dashboard link.
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
	thisMonth := staffSays("/thongke thang", "📊 Thống kê")
	quarter := staffSays("/thongke quy 1/2025", "📊 Thống kê")
	year := staffSays("/thongke nam 2025", "📊 Thống kê")
	linkMsg := staffSays("/bangdieukhien", "/dash/login/")
	link := regexp.MustCompile(`http://\S+/dash/login/[A-Za-z0-9_-]{43}`).FindString(linkMsg)
	if link == "" || !strings.HasPrefix(link, "http://"+w.p.addr+"/") {
		t.Fatalf("no link to this server in %q", linkMsg)
	}

	d := openDashboard(t)
	d.b.Viewport(browsertest.PhoneWidth, browsertest.PhoneHeight)
	d.do("sign in", chromedp.Navigate(link), chromedp.WaitVisible(chromedp.ID("enter")), chromedp.Click(chromedp.ID("enter")),
		chromedp.WaitVisible(chromedp.ID("totals")))

	// The page's figures are /thongke's, period by period, chosen with
	// the page's own filters.
	if fig := d.sameFiguresAs(thisMonth); fig["headcount"] != "18" || fig["checkins"] != "1" {
		t.Errorf("this month %v, want the meeting's 1 check-in and 18 present", fig)
	}
	d.fits("participation at 360px")
	if fig := d.sameFiguresAs(quarter, d.choosePeriod("quy", "1", "2025")...); fig["headcount"] != "7" || fig["events"] != "1" {
		t.Errorf("quarter 1/2025 %v, want March's meeting of 7", fig)
	}
	if fig := d.sameFiguresAs(year, d.choosePeriod("nam", "", "2025")...); fig["headcount"] != "12" || fig["events"] != "2" {
		t.Errorf("year 2025 %v, want March's and November's meetings, 12 present", fig)
	}

	// The questions, answered from the page on an office screen.
	d.b.Viewport(1366, 768)
	base := "http://" + w.p.addr
	const (
		tgAnswer = "Dạ, chị mang CCCD và giấy xác nhận hộ cận nghèo tới điểm giao dịch xã vào sáng thứ Hai nhé."
		zlAnswer = "Dạ, chi hội đi tham quan ngày 20/12, chị đăng ký với chị Hoa nhé."
		from     = "Hội LHPN Xã Xuân An trả lời câu hỏi của chị"
	)
	d.answer(base, tgQuestion, tgAnswer)
	d.fits("questions at 1366px")
	d.answer(base, zlQuestion, zlAnswer)
	waitUntil(t, 20*time.Second, "the answer on her Telegram", func() bool {
		return countContaining(w.tgTexts(asker), tgAnswer) == 1
	})
	contains(t, "telegram member's answer", last(w.tgTexts(asker)), from, tgQuestion, tgAnswer)
	waitUntil(t, 20*time.Second, "the answer on her Zalo", func() bool {
		return countContaining(w.zlTexts(zlMember.ID()), zlAnswer) == 1
	})
	contains(t, "zalo member's answer", last(w.zlTexts(zlMember.ID())), from, zlQuestion, zlAnswer)
	if n, _ := w.st.CountOpenQuestions(ctx, "XA"); n != 0 {
		t.Errorf("%d questions still open after both answers", n)
	}

	// The used link, and an expired one, are refused politely.
	var gone string
	d.do("reopen the used link", chromedp.Navigate(link), chromedp.WaitVisible(chromedp.ID("message")))
	d.b.Eval(`document.getElementById('message').textContent`, &gone)
	if !strings.Contains(gone, "đã được dùng hoặc đã hết hạn") {
		t.Errorf("used link: %q", gone)
	}
	token, err := w.st.CreateDashboardLogin(ctx, store.Identity{Platform: chat.Telegram, UserID: staff.ID()}, time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(20 * time.Millisecond)
	d.do("open an expired link", chromedp.Navigate(base+"/dash/login/"+token), chromedp.WaitVisible(chromedp.ID("message")))
	d.b.Eval(`document.getElementById('message').textContent + (document.getElementById('enter') ? ' BUTTON' : '')`, &gone)
	if !strings.Contains(gone, "đã được dùng hoặc đã hết hạn") || strings.Contains(gone, "BUTTON") {
		t.Errorf("expired link: %q", gone)
	}
}

// dashboardPage drives the dashboard in headless Chromium as staff would.
type dashboardPage struct {
	t *testing.T
	b *browsertest.Browser
}

func openDashboard(t *testing.T) *dashboardPage {
	return &dashboardPage{t: t, b: browsertest.New(t)}
}

// do runs steps in the browser; what names them in a failure.
func (d *dashboardPage) do(what string, steps ...chromedp.Action[chromedp.Void]) {
	d.t.Helper()
	c, cancel := context.WithTimeout(d.b.Context(), browsertest.Timeout)
	defer cancel()
	if err := chromedp.Do(c, steps...); err != nil {
		d.t.Fatalf("browser: %s: %v", what, err)
	}
}

// fits fails when the page is wider than the screen.
func (d *dashboardPage) fits(where string) {
	d.t.Helper()
	var overflow bool
	d.b.Eval(`document.documentElement.scrollWidth > innerWidth`, &overflow)
	if overflow {
		d.t.Errorf("%s: the page is wider than the screen", where)
	}
}

// choosePeriod picks a period in the participation page's filters and
// shows it (number "" keeps the form's month/quarter select as it is).
func (d *dashboardPage) choosePeriod(kind, number, year string) []chromedp.Action[chromedp.Void] {
	steps := []chromedp.Action[chromedp.Void]{chromedp.SetValue(chromedp.CSS(`select[name="loai"]`), kind)}
	if number != "" {
		steps = append(steps, chromedp.SetValue(chromedp.CSS(`select[name="so"]`), number))
	}
	return append(steps, chromedp.SetValue(chromedp.CSS(`select[name="nam"]`), year),
		chromedp.Click(chromedp.CSS("form.filters button")), chromedp.WaitVisible(chromedp.ID("totals")))
}

// sameFiguresAs runs steps (choosing a period, or none: the page as it
// is), then checks the participation page shows the period and totals of
// the /thongke answer thongke; it returns the page's figures by name.
func (d *dashboardPage) sameFiguresAs(thongke string, steps ...chromedp.Action[chromedp.Void]) map[string]string {
	d.t.Helper()
	if len(steps) > 0 {
		// The filters are a GET form: the old page's totals go first, so
		// that waiting for totals waits for the new page.
		d.b.Eval(`document.getElementById('totals').remove()`, nil)
		d.do("choose a period", steps...)
	}
	var heading string
	var fig map[string]string
	d.b.Eval(`document.querySelector('h1').textContent`, &heading)
	d.b.Eval(`Object.fromEntries([...document.querySelectorAll('[id^="t-"]')].map(e => [e.id.slice(2), e.textContent.trim()]))`, &fig)
	_, period, _ := strings.Cut(heading, "– ")
	period = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(period), "tạm tính"))
	if period == "" {
		d.t.Fatalf("no period in the page's heading %q", heading)
	}
	for _, line := range []string{
		"📊 Thống kê " + period,
		"Hội viên trên Loa: " + fig["members"] + " đăng ký",
		"Sự kiện đã tổ chức: " + fig["events"] + ", đã báo cáo " + fig["reported"],
		"Tham dự: " + fig["checkins"] + " lượt điểm danh trên Loa, " + fig["headcount"] + " người theo báo cáo, tổng ước tính " + fig["present"],
	} {
		if !strings.Contains(thongke, line) {
			d.t.Errorf("/thongke says\n%s\nthe page %q says %v (want %q)", thongke, heading, fig, line)
		}
	}
	return fig
}

// answer finds question on the questions page and answers it from there.
func (d *dashboardPage) answer(base, question, answer string) {
	d.t.Helper()
	d.do("open the questions", chromedp.Navigate(base+"/dash/cauhoi"), chromedp.WaitVisible(chromedp.CSS("[data-question]")))
	var id string
	d.b.Eval(fmt.Sprintf(`([...document.querySelectorAll('[data-question]')].find(s => s.querySelector('.qtext').textContent === %q) || {dataset: {}}).dataset.question || ''`, question), &id)
	if id == "" {
		var shown []string
		d.b.Eval(`[...document.querySelectorAll('[data-question] .qtext')].map(e => e.textContent)`, &shown)
		d.t.Fatalf("the page shows %q, not %q", shown, question)
	}
	card := fmt.Sprintf(`[data-question=%q] `, id)
	d.do("answer", chromedp.SendKeys(chromedp.CSS(card+"textarea"), answer),
		chromedp.Click(chromedp.CSS(card+"button.answer")), chromedp.WaitVisible(chromedp.ID("flash")))
	var flash string
	d.b.Eval(`document.getElementById('flash').textContent`, &flash)
	if !strings.Contains(flash, "đã gửi câu trả lời") {
		d.t.Errorf("after answering: %q", flash)
	}
}
