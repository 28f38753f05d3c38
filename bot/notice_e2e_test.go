package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"loa/bot/delivery"
	"loa/bot/telegram/telegramtest"
	"loa/bot/zalo"
	"loa/bot/zalo/zalotest"
	"loa/chat"
	"loa/internal/testkit"
	"loa/store"
)

// Notices end to end: the whole program against both fake platforms and a
// real Redis; units, members and roles are seeded in the store directly.

const noticeTreeCSV = `code,name,parent,kind
DN,Tỉnh Đồng Nai,,province
XA,Xã Xuân An,DN,commune
B1,Chi hội Ấp 1,XA,branch
B2,Chi hội Ấp 2,XA,branch
`

// noticeWorld is a running bot with a branch B1 of members on Telegram and
// Zalo, a head of B1 on each platform, and a few members of B2.
type noticeWorld struct {
	t       *testing.T
	p       *program
	st      *store.Store
	tg      *telegramtest.Server
	zl      *zalotest.Server
	tgHead  *telegramMember
	zlHead  *zaloMember
	tgChats []int64  // B1 members on Telegram
	zlChats []string // B1 members on Zalo
	others  []int64  // B2 members on Telegram
}

func startNoticeWorld(t *testing.T, perPlatform int, env map[string]string) *noticeWorld {
	t.Helper()
	tg := telegramtest.New(t)
	zl := zalotest.Start(t, "")
	all := map[string]string{
		"TELEGRAM_BOT_TOKEN": tg.Token(), "TELEGRAM_API_BASE": tg.URL(),
		"ZALO_BOT_TOKEN": zl.Token(), "ZALO_API_BASE": zl.URL(),
		"LOA_WEBCHAT": "off",
	}
	for k, v := range env {
		all[k] = v
	}
	p := startProgram(t, all, tg.Token(), zl.Token())
	w := &noticeWorld{t: t, p: p, st: store.New(p.redis.Client()), tg: tg, zl: zl}
	ctx := context.Background()
	testkit.SeedUnits(t, w.st, noticeTreeCSV)
	register := func(platform, id, unit string) {
		t.Helper()
		testkit.AddMember(t, w.st, platform, id, unit)
	}
	for i := range perPlatform {
		chatID := int64(60000 + i)
		tg.AddChat(chatID, "Chị "+strconv.Itoa(i))
		register(chat.Telegram, strconv.FormatInt(chatID, 10), "B1")
		w.tgChats = append(w.tgChats, chatID)
		id := zalotest.NewID()
		register(chat.Zalo, id, "B1")
		w.zlChats = append(w.zlChats, id)
	}
	for i := range 3 {
		chatID := int64(69000 + i)
		tg.AddChat(chatID, "Chị B2 "+strconv.Itoa(i))
		register(chat.Telegram, strconv.FormatInt(chatID, 10), "B2")
		w.others = append(w.others, chatID)
	}
	w.tgHead = &telegramMember{t: t, srv: tg, chat: 50001, name: "Chị Hoa"}
	tg.AddChat(w.tgHead.chat, w.tgHead.name)
	w.zlHead = &zaloMember{t: t, srv: zl, chat: zalotest.NewID(), name: "Chị Lan"}
	for _, g := range []store.Identity{{Platform: chat.Telegram, UserID: w.tgHead.ID()}, {Platform: chat.Zalo, UserID: w.zlHead.ID()}} {
		if _, err := w.st.Grant(ctx, g.Platform, g.UserID, store.RoleHead, "B1"); err != nil {
			t.Fatal(err)
		}
	}
	return w
}

// waitUntil polls cond for up to d.
func waitUntil(t testing.TB, d time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %s waiting for %s", d, what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// tgTexts and zlTexts are the texts a chat received, in order.
func (w *noticeWorld) tgTexts(chat int64) []string {
	var out []string
	for _, m := range w.tg.Messages(chat) {
		out = append(out, m.Text)
	}
	return out
}

func (w *noticeWorld) zlTexts(chat string) []string {
	var out []string
	for _, m := range w.zl.Messages(chat) {
		out = append(out, m.Text)
	}
	return out
}

// tgHeadMessage is the head's Telegram message containing s (latest first).
func (w *noticeWorld) tgHeadMessage(s string) (telegramtest.Message, bool) {
	msgs := w.tg.Messages(w.tgHead.chat)
	for i := len(msgs) - 1; i >= 0; i-- {
		if strings.Contains(msgs[i].Text, s) {
			return msgs[i], true
		}
	}
	return telegramtest.Message{}, false
}

func (w *noticeWorld) waitHeadTelegram(s string, d time.Duration) telegramtest.Message {
	w.t.Helper()
	var m telegramtest.Message
	waitUntil(w.t, d, "the head's message "+strconv.Quote(s), func() bool {
		var ok bool
		m, ok = w.tgHeadMessage(s)
		return ok
	})
	return m
}

func countContaining(texts []string, s string) int {
	n := 0
	for _, t := range texts {
		if strings.Contains(t, s) {
			n++
		}
	}
	return n
}

// longNotice is about 3,800 characters, with emoji (2 UTF-16 units each on
// Telegram) and characters that need escaping, so it takes two messages on
// Telegram and on Zalo.
func longNotice() string {
	var b strings.Builder
	b.WriteString("Kính gửi chị em <chi hội> & gia đình.\n\n")
	for i := 1; utf8.RuneCountInString(b.String()) < 3800; i++ {
		fmt.Fprintf(&b, "Mục %d: chị em nhớ mang căn cước 🌸🌼🌷🌺💐 nhé. ", i)
	}
	return strings.TrimSpace(b.String())
}

func TestNoticeE2EHeadReachesHerBranchOnBothPlatforms(t *testing.T) {
	t.Parallel()
	w := startNoticeWorld(t, 25, nil)
	text := longNotice()
	full := chat.NoticeText("Chi hội Ấp 1", text)
	tgParts := chat.SplitText(full, 4096, chat.UTF16Len)
	zlParts := chat.SplitText(full, 2000, chat.UTF16Len) // Zalo is split in UTF-16 units
	if len(tgParts) < 2 || len(zlParts) < 2 {
		t.Fatalf("the test notice should take several parts: telegram %d, zalo %d", len(tgParts), len(zlParts))
	}

	w.tgHead.Say("/thongbao")
	contains(t, "ask for the text", last(w.tgHead.Replies(1)), "gõ nội dung", "Chi hội Ấp 1")
	w.tgHead.Say(text)
	w.waitHeadTelegram("50 thành viên của Chi hội Ấp 1", 10*time.Second)
	if got := w.tgHead.Choices(); strings.Join(got, "|") != "Gửi|Sửa|Huỷ" {
		t.Fatalf("preview buttons = %q", got)
	}
	// A double tap on "Gửi".
	w.tgHead.Press("Gửi")
	w.tgHead.Press("Gửi")

	summary := w.waitHeadTelegram("Đã gửi xong thông báo tới Chi hội Ấp 1.", 30*time.Second)
	contains(t, "summary", summary.Text, "Đã nhận: 50/50")
	w.waitHeadTelegram("đã được gửi rồi", 5*time.Second)

	// Every member has exactly one copy, in order; nobody in B2 got it.
	time.Sleep(500 * time.Millisecond) // a duplicate would show by now
	for _, chatID := range w.tgChats {
		if got := w.tgTexts(chatID); strings.Join(got, "\x00") != strings.Join(tgParts, "\x00") {
			t.Fatalf("telegram member %d received %d messages, want the %d parts in order", chatID, len(got), len(tgParts))
		}
	}
	for _, chatID := range w.zlChats {
		if got := w.zlTexts(chatID); strings.Join(got, "\x00") != strings.Join(zlParts, "\x00") {
			t.Fatalf("zalo member %s received %d messages, want the %d parts in order", chatID, len(got), len(zlParts))
		}
	}
	for _, chatID := range w.others {
		if n := len(w.tg.Messages(chatID)); n != 0 {
			t.Fatalf("a member of another branch received %d messages", n)
		}
	}
	// One progress message, edited in place to its final numbers.
	progress, ok := w.tgHeadMessage("📢 Đã gửi xong thông báo tới Chi hội Ấp 1: 50/50")
	if !ok {
		t.Fatalf("no progress message with the final numbers; head saw:\n%s", strings.Join(w.tgTexts(w.tgHead.chat), "\n---\n"))
	}
	if progress.Edits < 1 {
		t.Fatalf("the progress message was never edited")
	}
	if n := countContaining(w.tgTexts(w.tgHead.chat), "📢 Đ"); n != 1 {
		t.Fatalf("want one progress message, got %d", n)
	}

	w.tgHead.Say("/thongbaocu")
	w.waitHeadTelegram("Đã nhận 50/50 · đã xong", 10*time.Second)
}

func TestNoticeE2EBlockedMembersAreCountedAndLeftOut(t *testing.T) {
	t.Parallel()
	w := startNoticeWorld(t, 10, nil)
	ctx := context.Background()
	// One member blocks the bot before the notice: Telegram tells the bot,
	// which marks her inactive, so she is not even counted.
	early := w.tgChats[0]
	w.tg.UserBlocksBot(early)
	waitUntil(t, 10*time.Second, "the blocked member marked inactive", func() bool {
		m, err := w.st.Member(ctx, chat.Telegram, strconv.FormatInt(early, 10))
		return err == nil && !m.Active
	})
	// Two more are found unreachable while it goes out (403).
	tgGone, zlGone := w.tgChats[1], w.zlChats[0]
	w.tg.DeactivateUser(tgGone)
	w.zl.Block(zlGone)

	send := func(text string, wantRecipients int) {
		t.Helper()
		w.tgHead.Say("/thongbao " + text)
		w.waitHeadTelegram(fmt.Sprintf("%d thành viên của Chi hội Ấp 1", wantRecipients), 10*time.Second)
		w.tgHead.Press("Gửi")
	}
	send("Chiều nay 14 giờ họp chi hội.", 19)
	summary := w.waitHeadTelegram("Đã gửi xong thông báo tới Chi hội Ấp 1.\n• Đã nhận: 17/19", 30*time.Second)
	contains(t, "summary", summary.Text, "Đã chặn Loa: 2")
	for _, who := range []store.Identity{{Platform: chat.Telegram, UserID: strconv.FormatInt(tgGone, 10)}, {Platform: chat.Zalo, UserID: zlGone}} {
		m, err := w.st.Member(ctx, who.Platform, who.UserID)
		if err != nil || m.Active {
			t.Fatalf("%s should be inactive after a 403: %+v, %v", who, m, err)
		}
	}

	// The next notice leaves all three out.
	zlBefore := len(w.zl.Calls())
	send("Nhắc lại: chiều nay 14 giờ họp chi hội.", 17)
	w.waitHeadTelegram("Đã gửi xong thông báo tới Chi hội Ấp 1.\n• Đã nhận: 17/17", 30*time.Second)
	for _, c := range w.zl.Calls()[zlBefore:] {
		if c.Params["chat_id"] == zlGone {
			t.Fatalf("the blocked zalo member was tried again: %+v", c)
		}
	}
	if n := len(w.tg.Messages(early)); n != 0 {
		t.Fatalf("the member who blocked the bot got %d messages", n)
	}
}

func TestNoticeE2EStopALongNotice(t *testing.T) {
	t.Parallel()
	w := startNoticeWorld(t, 20, map[string]string{"LOA_TELEGRAM_RATE": "2", "LOA_ZALO_RATE": "2"})
	w.tgHead.Say("/thongbao Thông báo dài, gửi chậm.")
	w.waitHeadTelegram("40 thành viên", 10*time.Second)
	w.tgHead.Press("Gửi")
	received := func() int {
		n := 0
		for _, c := range w.tgChats {
			n += len(w.tg.Messages(c))
		}
		for _, c := range w.zlChats {
			n += len(w.zl.Messages(c))
		}
		return n
	}
	waitUntil(t, 15*time.Second, "the first deliveries", func() bool { return received() >= 3 })
	w.tgHead.Say("/huythongbao")
	w.waitHeadTelegram("Loa đã dừng thông báo tới Chi hội Ấp 1", 10*time.Second)
	summary := w.waitHeadTelegram("⏹ Đã dừng thông báo tới Chi hội Ấp 1.", 15*time.Second)
	contains(t, "summary", summary.Text, "Chưa gửi vì đã dừng:")
	// Nothing more goes out, and the summary's count is what members got.
	got := received()
	time.Sleep(2 * time.Second)
	if after := received(); after != got {
		t.Fatalf("deliveries went on after the stop: %d → %d", got, after)
	}
	if got >= 40 {
		t.Fatalf("the stop came too late to test: all %d delivered", got)
	}
	contains(t, "summary count", summary.Text, fmt.Sprintf("Đã nhận: %d/40", got))
}

func TestNoticeE2EOnZalo(t *testing.T) {
	t.Parallel()
	w := startNoticeWorld(t, 10, nil)
	h := w.zlHead
	h.Say("/thongbao")
	contains(t, "ask for the text", last(h.Replies(1)), "gõ nội dung")
	h.Say("Sáng mai 7 giờ tập trung ở nhà văn hoá ấp.")
	r := h.Replies(3)
	contains(t, "preview", r[1], "📢 Thông báo từ Chi hội Ấp 1:", "nhà văn hoá ấp")
	contains(t, "confirm", r[2], "20 thành viên của Chi hội Ấp 1")
	h.Press("Gửi")
	var texts []string
	waitUntil(t, 30*time.Second, "the summary on Zalo", func() bool {
		texts = w.zlTexts(h.chat)
		return countContaining(texts, "Đã gửi xong thông báo") == 1
	})
	want := chat.NoticeText("Chi hội Ấp 1", "Sáng mai 7 giờ tập trung ở nhà văn hoá ấp.")
	time.Sleep(500 * time.Millisecond)
	for _, c := range w.tgChats {
		if got := w.tgTexts(c); len(got) != 1 || got[0] != want {
			t.Fatalf("telegram member %d got %q", c, got)
		}
	}
	for _, c := range w.zlChats {
		if got := w.zlTexts(c); len(got) != 1 || got[0] != want {
			t.Fatalf("zalo member %s got %q", c, got)
		}
	}
	texts = w.zlTexts(h.chat)
	all := strings.Join(texts, "\n---\n")
	// Zalo cannot edit: a start message and the summary, no progress ticks.
	if countContaining(texts, "Loa bắt đầu gửi thông báo tới 20 thành viên") != 1 ||
		countContaining(texts, "Đang gửi thông báo") != 0 {
		t.Fatalf("want one start message and no progress ticks on Zalo:\n%s", all)
	}
	contains(t, "summary", all, "Đã nhận: 20/20")
}

// TestNoticeE2EOfEmojiOnZalo: a notice of 990 emoji is 990 runes but 1,980
// UTF-16 units; with the notice's heading it is over Zalo's 2,000 when
// counted as a server counting UTF-16 does (the fake does). Every Zalo member
// must still get all of it, split, and the head a summary with no failure.
func TestNoticeE2EOfEmojiOnZalo(t *testing.T) {
	t.Parallel()
	w := startNoticeWorld(t, 3, nil)
	h := w.zlHead
	body := strings.Repeat("🌸", 990)
	h.Say("/thongbao")
	h.Replies(1)
	h.Say(body)
	// The preview is split too; the choice comes on its last part.
	waitUntil(t, 15*time.Second, "the preview", func() bool { return strings.Contains(strings.Join(h.Choices(), "|"), "Gửi") })
	h.Press("Gửi")
	var texts []string
	waitUntil(t, 30*time.Second, "the summary on Zalo", func() bool {
		texts = w.zlTexts(h.chat)
		return countContaining(texts, "Đã gửi xong thông báo") == 1
	})
	contains(t, "summary", strings.Join(texts, "\n---\n"), "Đã nhận: 6/6")
	want := chat.NoticeText("Chi hội Ấp 1", body)
	for _, c := range w.zlChats {
		got := w.zlTexts(c)
		if len(got) < 2 {
			t.Fatalf("zalo member %s got %d messages, want the notice split in two or more", c, len(got))
		}
		for i, m := range got {
			if n := chat.UTF16Len(m); n > zalo.MaxText {
				t.Fatalf("zalo member %s: part %d has %d UTF-16 units", c, i, n)
			}
		}
		if joined := strings.Join(got, ""); strings.Count(joined, "🌸") != 990 || !strings.HasPrefix(want, strings.TrimSpace(got[0])) {
			t.Fatalf("zalo member %s got %d of 990 emoji", c, strings.Count(joined, "🌸"))
		}
	}
}

// TestNoticeProgressNeverGoesBackwards: a small notice ends within a second
// or two, while the head's progress edits wait their turn behind the 1/s
// per-chat pacing. An early "Đang gửi … 0/2" used to land after the final
// "Đã gửi xong … 2/2" (3 times in 3). Each of three notices must leave its
// progress message on its final numbers once everything has landed.
func TestNoticeProgressNeverGoesBackwards(t *testing.T) {
	t.Parallel()
	w := startNoticeWorld(t, 1, nil)
	h := w.tgHead
	for i := 1; i <= 3; i++ {
		body := "Thông báo số " + strconv.Itoa(i) + ": họp chi hội tối nay lúc 19 giờ."
		h.Say("/thongbao")
		waitUntil(t, 10*time.Second, "the prompt", func() bool { return strings.Contains(last(w.tgTexts(h.chat)), "gõ nội dung") })
		h.Say(body)
		waitUntil(t, 10*time.Second, "the preview", func() bool { return strings.Join(h.Choices(), "|") == "Gửi|Sửa|Huỷ" })
		before := len(w.tg.Messages(h.chat))
		h.Press("Gửi")
		waitUntil(t, 30*time.Second, "the summary", func() bool {
			return countContaining(w.tgTexts(h.chat)[before:], "Đã gửi xong thông báo tới Chi hội Ấp 1.") == 1
		})
		// Edits queued behind the chat's pacing land (or are dropped as
		// overtaken) before its lane in the shared limiter goes idle.
		waitChatQuiet(t, w.st, chat.Telegram, delivery.TokenID(w.tg.Token()), h.ID())
		msgs := w.tg.Messages(h.chat)[before:]
		var progress []string
		for _, m := range msgs {
			if strings.HasPrefix(m.Text, "📢 Đ") || strings.HasPrefix(m.Text, "📢 Loa đang chuẩn bị") {
				progress = append(progress, m.Text)
			}
		}
		if len(progress) != 1 {
			t.Fatalf("notice %d: want one progress message, got %q", i, progress)
		}
		if want := "📢 Đã gửi xong thông báo tới Chi hội Ấp 1: 2/2"; !strings.HasPrefix(progress[0], want) {
			t.Fatalf("notice %d: the progress message ends as %q, want %q", i, progress[0], want)
		}
	}
}
