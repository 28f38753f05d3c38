package webchat_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"loa/bot/webchat"
	"loa/bot/webchat/browsertest"
	"loa/chat"
)

// The topic titles of the knowledge base, as the real greeting offers them
// (one button per row).
var topicTitles = []string{
	"Gia đình 5 không 3 sạch", "Gia đình 5 có 3 sạch", "Khu dân cư sạch mọi nơi, đẹp mọi chỗ",
	"VNeID, định danh điện tử", "Chuyển đổi số, kỹ năng số", "Vay vốn ưu đãi", "Phụ nữ khởi nghiệp",
	"Tổ hợp tác, HTX, OCOP", "Hộ nghèo, hộ cận nghèo", "Phòng, chống bạo lực gia đình", "Bảo vệ trẻ em",
	"Bình đẳng giới, Dự án 8", "Chương trình Mẹ đỡ đầu", "Mái ấm tình thương, san sẻ yêu thương",
	"Hội viên và tổ chức Hội", "BHYT, BHXH", "Phòng chống thiên tai, dịch bệnh",
}

const (
	displayGreeting = "Chào chị, em là Loa – trợ lý của Hội Liên hiệp Phụ nữ. 🌸\n" +
		"Khi nguy hiểm, chị gọi ngay 113 (Công an), 115 (Cấp cứu), 111 (Bảo vệ trẻ em).\n" +
		"Chị chọn một chủ đề dưới đây, hoặc gõ câu hỏi."
	longFirstLine = "Dòng đầu của câu trả lời dài."
	// hotlineText holds every form of hotline and address, numbers that are
	// not hotlines, and markup that must stay text.
	hotlineText = "Gọi ngay 113 (Công an) hoặc 115, Ngôi nhà Bình yên 1900 969 680, tổng đài 1900.0368.\n" +
		"Không phải số khẩn cấp: 1130, 113.000 đồng, 2113, 11 3.\n" +
		`<img src=x onerror="window.pwned=3"> <script>window.pwned=4</script> https://example.org/"><img src=x onerror=window.pwned=5>` + "\n" +
		"Nguồn: https://vietnamwomen.vn/tin-tuc?id=113."
)

// displayRouter is the fake router with the first screen of the real bot (a
// greeting and 17 topics), long answers and an answer full of hotlines.
type displayRouter struct{ *fakeRouter }

func (d displayRouter) Handle(ctx context.Context, u chat.Update) []chat.Reply {
	replies := d.fakeRouter.Handle(ctx, u) // records the update, drops a duplicate
	if replies == nil {
		return nil
	}
	switch {
	case u.Text == "/start":
		var rows [][]chat.Button
		for i, title := range topicTitles {
			rows = append(rows, []chat.Button{{Text: title, Data: fmt.Sprintf("t:%d", i)}})
		}
		return []chat.Reply{{Text: displayGreeting, Buttons: rows}}
	case u.Text == "câu trả lời dài":
		// An emergency part and an answer, each longer than the screen.
		return []chat.Reply{{Text: longText(longFirstLine, 40)}, {Text: longText("Phần hai của câu trả lời.", 40)}}
	case u.Text == "đường dây nóng":
		return []chat.Reply{{Text: hotlineText}}
	}
	return replies
}

func longText(first string, lines int) string {
	var b strings.Builder
	b.WriteString(first)
	for i := 2; i <= lines; i++ {
		fmt.Fprintf(&b, "\nDòng thứ %d của câu trả lời, đủ dài để xuống hàng trên điện thoại nhỏ.", i)
	}
	return b.String()
}

func openDisplay(t *testing.T) (*browsertest.Browser, *webchat.Server, string) {
	t.Helper()
	wc := webchat.New(displayRouter{newFakeRouter()}, nil)
	srv := httptest.NewServer(wc)
	t.Cleanup(srv.Close)
	t.Cleanup(wc.Close)
	b := browsertest.New(t)
	b.Open(srv.URL)
	b.WaitForText("Chào chị, em là Loa")
	return b, wc, srv.URL
}

// firstScreen measures the conversation area and what is visible in it
// without scrolling.
const firstScreen = `(() => {
	const log = document.getElementById('log').getBoundingClientRect();
	const inView = (r) => r.top >= log.top && r.bottom <= log.bottom && r.bottom <= innerHeight;
	const greeting = document.querySelector('#log .msg.bot');
	const choices = [...greeting.querySelectorAll('.choice')];
	const visible = choices.filter((b) => b.getClientRects().length > 0);
	const more = greeting.querySelector('.more');
	return {
		greetingInView: inView(greeting.getBoundingClientRect()),
		choices: choices.length,
		visible: visible.map((b) => b.textContent),
		visibleInView: visible.every((b) => inView(b.getBoundingClientRect())),
		more: more ? more.textContent : '',
		moreInView: more !== null && inView(more.getBoundingClientRect()),
		moreHeight: more ? more.getBoundingClientRect().height : 0,
		scrolls: document.getElementById('log').scrollHeight > document.getElementById('log').clientHeight,
		pageScrolls: document.documentElement.scrollHeight > innerHeight,
	};
})()`

type firstScreenLayout struct {
	GreetingInView bool     `json:"greetingInView"`
	Choices        int      `json:"choices"`
	Visible        []string `json:"visible"`
	VisibleInView  bool     `json:"visibleInView"`
	More           string   `json:"more"`
	MoreInView     bool     `json:"moreInView"`
	MoreHeight     float64  `json:"moreHeight"`
	Scrolls        bool     `json:"scrolls"`
	PageScrolls    bool     `json:"pageScrolls"`
}

// TestBrowserFirstScreenFoldsTopics: on a 360×640 phone the greeting, its
// first five topics and "Xem thêm" fit the screen without scrolling; "Xem
// thêm" shows the other twelve, and a topic that was folded can be chosen.
func TestBrowserFirstScreenFoldsTopics(t *testing.T) {
	t.Parallel()
	b, _, _ := openDisplay(t)

	var got firstScreenLayout
	b.Eval(firstScreen, &got)
	if !got.GreetingInView || got.Choices != len(topicTitles) || !slices.Equal(got.Visible, topicTitles[:5]) ||
		!got.VisibleInView || got.More != "Xem thêm (12)" || !got.MoreInView || got.MoreHeight < 44 || got.Scrolls || got.PageScrolls {
		t.Errorf("first screen at 360x640 = %+v", got)
	}
	var expanded string
	b.Eval(`document.querySelector('#log .more').getAttribute('aria-expanded')`, &expanded)
	if expanded != "false" {
		t.Errorf("Xem thêm has aria-expanded=%q", expanded)
	}

	b.ShowMore()
	var after struct {
		Visible []string `json:"visible"`
		More    int      `json:"more"`
		Focused string   `json:"focused"`
	}
	b.Eval(`({
		visible: [...document.querySelectorAll('#log .msg.bot .choice')].filter((b) => b.getClientRects().length > 0).map((b) => b.textContent),
		more: document.querySelectorAll('#log .more').length,
		focused: document.activeElement ? document.activeElement.textContent : '',
	})`, &after)
	if !slices.Equal(after.Visible, topicTitles) || after.More != 0 || after.Focused != topicTitles[5] {
		t.Errorf("after Xem thêm: %+v", after)
	}

	b.ClickButton(topicTitles[16])
	b.WaitForText("Bạn đã chọn t:16")
}

// TestBrowserFewButtonsAreNotFolded: a reply with a handful of choices shows
// them all, with no "Xem thêm".
func TestBrowserFewButtonsAreNotFolded(t *testing.T) {
	t.Parallel()
	b, _, _ := openDisplay(t)
	b.Ask("5k3s la gi")
	b.WaitForText("Loa đã nhận câu hỏi")
	var got struct {
		Choices int `json:"choices"`
		More    int `json:"more"`
	}
	b.Eval(`(() => { const m = [...document.querySelectorAll('#log .msg.bot')].pop(); return {choices: m.querySelectorAll('.choice').length, more: m.querySelectorAll('.more').length}; })()`, &got)
	if got.Choices != 1 || got.More != 0 {
		t.Errorf("a reply with one button: %+v", got)
	}
}

// startInView reports where the first line of the bot message whose text
// starts with first is, against the conversation area.
func startInView(b *browsertest.Browser, first string) (inView bool, detail string) {
	var got struct {
		Found     bool    `json:"found"`
		Top       float64 `json:"top"`
		LineEnd   float64 `json:"lineEnd"`
		Bottom    float64 `json:"bottom"`
		LogTop    float64 `json:"logTop"`
		LogBottom float64 `json:"logBottom"`
		ScrollTop float64 `json:"scrollTop"`
	}
	b.Eval(fmt.Sprintf(`(() => {
		const p = [...document.querySelectorAll('#log .msg.bot .text')].filter((p) => p.textContent.startsWith(%q)).pop();
		if (!p) return {found: false};
		const r = p.getBoundingClientRect();
		const log = document.getElementById('log');
		const l = log.getBoundingClientRect();
		return {found: true, top: r.top, lineEnd: r.top + parseFloat(getComputedStyle(p).lineHeight), bottom: r.bottom,
			logTop: l.top, logBottom: Math.min(l.bottom, innerHeight), scrollTop: log.scrollTop};
	})()`, first), &got)
	ok := got.Found && got.Top >= got.LogTop && got.LineEnd <= got.LogBottom && got.Top < got.LogTop+got.LogBottom/4
	return ok, fmt.Sprintf("%+v", got)
}

// TestBrowserLongAnswerShowsItsStart: a new answer longer than the screen is
// shown from its first line, at the top of the conversation, not scrolled
// past to its end; after a reload too.
func TestBrowserLongAnswerShowsItsStart(t *testing.T) {
	t.Parallel()
	b, wc, url := openDisplay(t)
	// Some conversation first, so the page has somewhere to scroll from.
	b.ShowMore()
	b.Ask("5k3s la gi")
	b.WaitForText("Loa đã nhận câu hỏi")

	b.Ask("câu trả lời dài")
	b.WaitForText("Phần hai của câu trả lời.")
	if ok, detail := startInView(b, longFirstLine); !ok {
		t.Errorf("the first line of a long answer is not at the top of the view: %s", detail)
	}
	var longer bool
	b.Eval(`(() => { const m = [...document.querySelectorAll('#log .msg.bot')].pop(); return m.getBoundingClientRect().bottom > innerHeight; })()`, &longer)
	if !longer {
		t.Error("the long answer fits the screen: the test proves nothing")
	}

	// A message pushed to the open page (a notice) is shown from its start.
	session := ""
	b.Eval(`localStorage.getItem('loa.session')`, &session)
	if _, err := wc.Send(context.Background(), webchat.ChatID(session), chat.Reply{Text: longText("Thông báo của chi hội.", 30)}); err != nil {
		t.Fatal(err)
	}
	b.WaitForText("Thông báo của chi hội.")
	if ok, detail := startInView(b, "Thông báo của chi hội."); !ok {
		t.Errorf("the first line of a pushed notice is not at the top of the view: %s", detail)
	}

	// A reload shows the latest answer from its start.
	b.Ask("câu trả lời dài")
	b.WaitForText("Phần hai của câu trả lời.")
	b.Open(url)
	b.WaitForText("Phần hai của câu trả lời.")
	if ok, detail := startInView(b, longFirstLine); !ok {
		t.Errorf("after a reload, the first line of the latest answer is not at the top of the view: %s", detail)
	}
}

// TestBrowserHotlinesAndLinks: hotlines become tap-to-call links, addresses
// open in a new tab, other numbers stay text, and markup in the same
// message stays text and never runs.
func TestBrowserHotlinesAndLinks(t *testing.T) {
	t.Parallel()
	b, _, _ := openDisplay(t)

	// The greeting's hotlines are links already.
	var greetingTel []string
	b.Eval(`Array.from(document.querySelectorAll('#log .msg.bot')[0].querySelectorAll('.text a[href^="tel:"]'), (a) => a.getAttribute('href'))`, &greetingTel)
	if !slices.Equal(greetingTel, []string{"tel:113", "tel:115", "tel:111"}) {
		t.Errorf("greeting's call links = %q", greetingTel)
	}

	b.Ask("đường dây nóng")
	b.WaitForText("Nguồn: https://vietnamwomen.vn/tin-tuc?id=113.")
	var got struct {
		Text     string              `json:"text"`
		Tel      []map[string]string `json:"tel"`
		Web      []map[string]string `json:"web"`
		Elements int                 `json:"elements"`
		Pwned    bool                `json:"pwned"`
	}
	b.Eval(`(() => {
		const p = [...document.querySelectorAll('#log .msg.bot .text')].pop();
		const attrs = (a) => ({href: a.getAttribute('href'), text: a.textContent, target: a.getAttribute('target') || '', rel: a.getAttribute('rel') || ''});
		return {
			text: p.textContent,
			tel: [...p.querySelectorAll('a[href^="tel:"]')].map(attrs),
			web: [...p.querySelectorAll('a[href^="https://"]')].map(attrs),
			elements: document.querySelectorAll('#log script, #log img, #log .text *:not(a)').length,
			pwned: window.pwned !== undefined,
		};
	})()`, &got)
	if got.Text != hotlineText {
		t.Errorf("the message's text changed on the page:\n got %q\nwant %q", got.Text, hotlineText)
	}
	wantTel := [][2]string{{"tel:113", "113"}, {"tel:115", "115"}, {"tel:1900969680", "1900 969 680"}, {"tel:19000368", "1900.0368"}}
	if len(got.Tel) != len(wantTel) {
		t.Errorf("call links = %v, want %v", got.Tel, wantTel)
	} else {
		for i, w := range wantTel {
			if got.Tel[i]["href"] != w[0] || got.Tel[i]["text"] != w[1] || got.Tel[i]["target"] != "" {
				t.Errorf("call link %d = %v, want %v", i, got.Tel[i], w)
			}
		}
	}
	wantWeb := []string{"https://example.org/", "https://vietnamwomen.vn/tin-tuc?id=113"}
	if len(got.Web) != len(wantWeb) {
		t.Errorf("web links = %v, want %v", got.Web, wantWeb)
	} else {
		for i, w := range wantWeb {
			if got.Web[i]["href"] != w || got.Web[i]["text"] != w || got.Web[i]["target"] != "_blank" || got.Web[i]["rel"] != "noopener" {
				t.Errorf("web link %d = %v, want %s in a new tab, rel=noopener", i, got.Web[i], w)
			}
		}
	}
	if got.Elements != 0 || got.Pwned {
		t.Errorf("markup in a message became page content: %d elements, pwned=%v", got.Elements, got.Pwned)
	}

	// The member's own message is shown as she typed it, without links.
	var ownLinks int
	b.Eval(`document.querySelectorAll('#log .msg.user a').length`, &ownLinks)
	if ownLinks != 0 {
		t.Errorf("the member's own message has %d links", ownLinks)
	}
}
