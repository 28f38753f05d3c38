package main

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"loa/bot/delivery"
	"loa/bot/telegram/telegramtest"
	"loa/bot/zalo/zalotest"
	"loa/chat"
	"loa/internal/testkit"
	"loa/store"
)

// Played as a busy branch group (round 18): Loa was just asked eight
// things in the group, the head sent the branch a notice, and then one
// member wrote there that her husband was beating her. Telegram lets a bot
// post twenty messages a minute into one group, so each answer takes three
// seconds of the group's lane, and the updates of one chat were handled in
// order: her hotline came after every answer queued before it, half a
// minute later. An emergency now goes next, in a group as in a private
// chat where a long run of answers is still going out, while the group's
// limit holds and every earlier answer still arrives, once.

// rushQuestions are ordinary questions members put to Loa one after the
// other in their branch's group; each is answered by one knowledge-base
// entry.
var rushQuestions = []string{
	"Loa ơi vay vốn hộ nghèo lãi suất bao nhiêu",
	"@hoi_phu_nu_dn_bot làm căn cước cho con 14 tuổi ở đâu",
	"Loa ơi thẻ bhyt hết hạn gia hạn sao",
	"Loa ơi vneid mức 2 làm ở đâu",
	"Loa ơi chị em muốn học nghề may thì đăng ký sao",
	"Loa ơi 5 không 3 sạch gồm những gì",
	"Loa ơi sinh con thứ 3 có bị phạt không",
	"Loa ơi điều kiện vay vốn giải quyết việc làm",
}

// rushNotice is the head's notice to the branch, sent while the group is busy.
const rushNotice = "Chủ nhật này 8 giờ sáng họp chi hội ở nhà văn hoá ấp, chị em nhớ đi đủ nhé."

// rushWait bounds a wait for the queued answers of a busy chat: eight
// answers into a group take 24 s at twenty a minute.
func rushWait(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// headSendsNotice has head send text to branch B11 from her private chat
// (preview, then "Gửi"), as a head does.
func headSendsNotice(t *testing.T, srv *telegramtest.Server, head *telegramMember, text string) {
	t.Helper()
	head.Say("/thongbao " + text)
	if err := srv.WaitFor(testkit.WaitCtx(t), func() bool {
		for _, m := range srv.Messages(head.chat) {
			if strings.Contains(m.Text, "thành viên của Chi hội Ấp 1") {
				return true
			}
		}
		return false
	}); err != nil {
		t.Fatalf("no notice preview: %v\n%s", err, strings.Join(texts(srv.Messages(head.chat)), "\n---\n"))
	}
	head.Press("Gửi")
}

func texts(msgs []telegramtest.Message) []string {
	out := make([]string, len(msgs))
	for i, m := range msgs {
		out[i] = m.Text
	}
	return out
}

// paceHeld fails when more than most messages into one chat fall within
// any window: Telegram's limits are counts per window (twenty a minute in a
// group; a private chat's one a second with a burst of three, as the fake
// server models it), and the emergency's reply must keep within them too.
// Gaps between arrivals are not the limit: after the sender was held up
// (a loaded machine), a message sent in its slot arrives close behind the
// late one before it (1.4 s apart in a group measured in a full `go test
// ./bot`) while the count per minute holds. The fake's own 429 count is
// checked beside this.
func paceHeld(t *testing.T, what string, msgs []telegramtest.Message, most int, window time.Duration) {
	t.Helper()
	for i := range msgs {
		n := 0
		for _, m := range msgs[i:] {
			if m.Time.Sub(msgs[i].Time) < window {
				n++
			}
		}
		if n > most {
			t.Errorf("%s: %d messages within %s from message %d, want at most %d", what, n, window, i, most)
			return
		}
	}
}

func TestGrouprush18EmergencyInABusyGroupGoesNext(t *testing.T) {
	t.Parallel()
	srv, p := telegramGroupBot(t)
	const group = int64(-4001801001)
	srv.AddChat(group, "Nhóm Chi hội Ấp 1")
	head := &telegramMember{t: t, srv: srv, chat: 7_000_180_100, name: "Chị Hoa"}
	srv.AddChat(head.chat, head.name)
	if _, err := p.st.Grant(context.Background(), chat.Telegram, head.ID(), store.RoleHead, "B11"); err != nil {
		t.Fatal(err)
	}
	var members []int64
	for i := range len(rushQuestions) + 1 {
		id := int64(7_000_180_101 + i)
		srv.AddChat(id, "Chị "+strconv.Itoa(i+1))
		testkit.AddMember(t, p.st, chat.Telegram, strconv.FormatInt(id, 10), "B11")
		members = append(members, id)
	}
	hong := members[len(members)-1]

	for i, q := range rushQuestions {
		srv.UserSaysInGroup(group, members[i], "Chị "+strconv.Itoa(i+1), q)
	}
	headSendsNotice(t, srv, head, rushNotice)
	if _, err := srv.WaitForMessages(testkit.WaitCtx(t), group, 2); err != nil {
		t.Fatal(err)
	}
	// She tells the group, not Loa: the hotline must come unasked.
	told := "mấy chị ơi cứu em, ổng say về cầm cây rượt đánh em với con, em đang núp sau nhà"
	before := len(srv.Messages(group))
	start := time.Now()
	srv.UserSaysInGroup(group, hong, "Hồng", told)
	var got telegramtest.Message
	at := -1
	if err := srv.WaitFor(rushWait(t), func() bool {
		for i, m := range srv.Messages(group) {
			if srv.Said(group, m.ReplyTo) == told {
				got, at = m, i
				return true
			}
		}
		return false
	}); err != nil {
		t.Fatalf("no answer to the emergency: %v\n%s", err, groupTexts(srv, group))
	}
	waited := got.Time.Sub(start)
	t.Logf("the emergency waited %s; %d messages were in the group when she wrote, hers is number %d", waited, before, at+1)
	if firstHotline(got.Text) != "113" {
		t.Fatalf("want 113 first:\n%s", got.Text)
	}
	// Next: at most one answer that had already taken the group's slot
	// when she wrote goes before hers.
	if at > before {
		t.Errorf("the emergency came after %d answers queued behind her words (she wrote when %d were in the group):\n%s",
			at-before, before, groupTexts(srv, group))
	}

	// Every question is still answered, once; the group's limit held.
	if err := srv.WaitFor(rushWait(t), func() bool {
		answered := map[string]bool{}
		for _, m := range srv.Messages(group) {
			answered[srv.Said(group, m.ReplyTo)] = true
		}
		for _, q := range rushQuestions {
			if !answered[q] {
				return false
			}
		}
		return true
	}); err != nil {
		t.Fatalf("not every question was answered: %v\n%s", err, groupTexts(srv, group))
	}
	waitChatQuiet(t, p.st, chat.Telegram, delivery.TokenID(srv.Token()), strconv.FormatInt(group, 10))
	msgs := srv.Messages(group)
	replies := map[string]int{}
	for _, m := range msgs {
		if m.ReplyTo != 0 {
			replies[srv.Said(group, m.ReplyTo)]++
		}
	}
	for _, q := range append(rushQuestions, told) {
		if replies[q] != 1 {
			t.Errorf("%q answered %d times, want once", q, replies[q])
		}
	}
	if len(msgs) != len(rushQuestions)+1 {
		t.Errorf("%d messages in the group, want %d:\n%s", len(msgs), len(rushQuestions)+1, groupTexts(srv, group))
	}
	paceHeld(t, "group", msgs, 20, time.Minute)
	if n := srv.Stats().TooManyRequests; n != 0 {
		t.Errorf("Telegram answered 429 %d times", n)
	}
	// The notice reached each member once.
	for _, id := range members {
		msgs, err := srv.WaitForMessages(testkit.WaitCtx(t), id, 1)
		if err != nil {
			t.Fatalf("member %d: %v", id, err)
		}
		if len(msgs) != 1 || !strings.Contains(msgs[0].Text, rushNotice) {
			t.Errorf("member %d got %d messages:\n%s", id, len(msgs), strings.Join(texts(msgs), "\n---\n"))
		}
	}
}

// privateRush are questions one member sends Loa in a row in her private
// chat, each answered by one entry.
var privateRush = []string{
	"vay vốn hộ nghèo lãi suất bao nhiêu",
	"làm căn cước cho con 14 tuổi ở đâu",
	"thẻ bhyt hết hạn gia hạn sao",
	"vneid mức 2 làm ở đâu",
	"đóng bhxh tự nguyện mỗi tháng bao nhiêu",
	"sinh con thứ 3 có bị phạt không",
}

func TestGrouprush18EmergencyOvertakesHerOwnLongRunOfAnswers(t *testing.T) {
	t.Parallel()
	srv, p := telegramGroupBot(t)
	head := &telegramMember{t: t, srv: srv, chat: 7_000_180_200, name: "Chị Hoa"}
	srv.AddChat(head.chat, head.name)
	if _, err := p.st.Grant(context.Background(), chat.Telegram, head.ID(), store.RoleHead, "B11"); err != nil {
		t.Fatal(err)
	}
	hong := &telegramMember{t: t, srv: srv, chat: 7_000_180_201, name: "Hồng"}
	srv.AddChat(hong.chat, hong.name)
	testkit.AddMember(t, p.st, chat.Telegram, hong.ID(), "B11")

	for _, q := range privateRush {
		hong.Say(q)
	}
	// The branch's notice queues for her too (it is two messages long).
	notice := longNotice()
	headSendsNotice(t, srv, head, notice)
	hong.Replies(2)
	told := "c oi ck e dang dap do trong nha, e om con chay qua nha hang xom roi"
	before := len(srv.Messages(hong.chat))
	start := time.Now()
	hong.Say(told)
	var got telegramtest.Message
	at := -1
	if err := srv.WaitFor(rushWait(t), func() bool {
		for i, m := range srv.Messages(hong.chat) {
			if firstHotline(m.Text) == "113" {
				got, at = m, i
				return true
			}
		}
		return false
	}); err != nil {
		t.Fatalf("no answer to the emergency: %v", err)
	}
	t.Logf("the emergency waited %s; she had %d messages when she wrote, the hotline is number %d", got.Time.Sub(start), before, at+1)
	if at > before {
		t.Errorf("the hotline came after %d messages queued before it (she had %d when she wrote):\n%s",
			at-before, before, strings.Join(texts(srv.Messages(hong.chat)), "\n---\n"))
	}

	// Her answers and the notice still come, each once.
	want := len(privateRush) + len(chat.SplitText(chat.NoticeText("Chi hội Ấp 1", notice), 4096, chat.UTF16Len)) + 1
	if _, err := srv.WaitForMessages(rushWait(t), hong.chat, want); err != nil {
		t.Fatalf("%v:\n%s", err, strings.Join(texts(srv.Messages(hong.chat)), "\n---\n"))
	}
	waitChatQuiet(t, p.st, chat.Telegram, delivery.TokenID(srv.Token()), hong.ID())
	msgs := srv.Messages(hong.chat)
	if len(msgs) != want {
		t.Errorf("%d messages, want %d:\n%s", len(msgs), want, strings.Join(texts(msgs), "\n---\n"))
	}
	seen := map[string]bool{}
	for _, m := range msgs {
		if seen[m.Text] {
			t.Errorf("sent twice:\n%s", m.Text)
		}
		seen[m.Text] = true
	}
	if n := countContaining(texts(msgs), "Nguồn"); n != len(privateRush) {
		t.Errorf("%d answers with their source, want %d", n, len(privateRush))
	}
	paceHeld(t, "private chat", msgs, 3, time.Second)
	if n := srv.Stats().TooManyRequests; n != 0 {
		t.Errorf("Telegram answered 429 %d times", n)
	}
}

// On Zalo a group's messages reach Loa only when they call her, and the
// adapter queues them per chat like Telegram's.
func TestGrouprush18ZaloGroupEmergencyGoesNext(t *testing.T) {
	t.Parallel()
	w := startZaloWorld(t, nil)
	group := zalotest.NewID()
	for i, q := range rushQuestions[:6] {
		w.srv.GroupSays(group, zalotest.NewID(), "Chị "+strconv.Itoa(i+1), strings.Replace(q, "@hoi_phu_nu_dn_bot", "Loa ơi", 1))
	}
	if _, err := w.srv.WaitForMessages(testkit.WaitCtx(t), group, 2); err != nil {
		t.Fatal(err)
	}
	told := "Loa ơi cứu em, chồng em say rượu về đang đánh em, em chạy ra ruộng rồi"
	before := len(w.srv.Messages(group))
	start := time.Now()
	w.srv.GroupSays(group, zalotest.NewID(), "Hồng", told)
	at := -1
	var got zalotest.Message
	waitUntil(t, 90*time.Second, "the answer to the emergency", func() bool {
		for i, m := range w.srv.Messages(group) {
			if firstHotline(m.Text) == "113" {
				got, at = m, i
				return true
			}
		}
		return false
	})
	t.Logf("the emergency waited %s; %d messages were in the group when she wrote, hers is number %d", got.Date.Sub(start), before, at+1)
	var all []string
	for _, m := range w.srv.Messages(group) {
		all = append(all, m.Text)
	}
	if at > before {
		t.Errorf("the hotline came after %d answers queued behind her words:\n%s", at-before, strings.Join(all, "\n---\n"))
	}
	if _, err := w.srv.WaitForMessages(rushWait(t), group, 7); err != nil {
		t.Fatalf("%v:\n%s", err, strings.Join(all, "\n---\n"))
	}
	waitChatQuiet(t, w.st, chat.Zalo, delivery.TokenID(w.srv.Token()), group)
	msgs := w.srv.Messages(group)
	if len(msgs) != 7 {
		t.Errorf("%d messages in the group, want 7", len(msgs))
	}
	// Zalo paces this chat at one a second. Arrival times carry the
	// sender's delays (913 and 891 ms between two under a full `make
	// test`: one request held up, the next on time), so a single gap may
	// fall short by a fifth; over the whole run the pace holds to a tenth
	// of a second. The limiter's own grant times are held exactly by
	// bot/delivery's timed tests.
	for i := 1; i < len(msgs); i++ {
		if gap := msgs[i].Date.Sub(msgs[i-1].Date); gap < time.Second-time.Second/5 {
			t.Errorf("messages %d and %d into the group only %s apart", i-1, i, gap)
		}
	}
	if span, want := msgs[len(msgs)-1].Date.Sub(msgs[0].Date), time.Duration(len(msgs)-1)*time.Second-time.Second/10; span < want {
		t.Errorf("%d messages into the group in %s, faster than one a second", len(msgs), span)
	}
}
