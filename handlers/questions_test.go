package handlers_test

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"loa/bot/delivery"
	"loa/bot/telegram"
	"loa/bot/telegram/telegramtest"
	"loa/chat"
	"loa/content"
	"loa/handlers"
	"loa/store"
)

// The question tests run the router over a real Redis with the real
// delivery engine and the fake Telegram server: an alert or an answer is
// proven by the message its recipient receives. The content folder is a
// temporary directory, so "Thêm vào kho câu hỏi" writes a real file.

// Questions the knowledge base has no answer for (local matters). The second
// was "Tháng này chi hội có phát quà cho hội viên không?" until maiam-qua-tet
// (the Union's Tết gifts, content13) came to answer it.
const (
	localQuestion  = "Chi hội mình khi nào tổ chức đi tham quan?"
	localQuestion2 = "Tháng này chi hội có tổ chức liên hoan cho hội viên không?"
)

type qRig struct {
	*attRig
	dir string
	lib *content.Library
}

func newQRig(t *testing.T) *qRig {
	t.Helper()
	ctx := context.Background()
	st := storeWithUnits(t)
	tgSrv := telegramtest.New(t)
	for id, unit := range map[string]string{attMember: "B11", attMember2: "B11", attOther: "B12", "2101": "B21"} {
		if _, err := st.Register(ctx, store.Member{Platform: chat.Telegram, UserID: id, Name: "Chị " + id, Unit: unit, Consent: time.Now(), Active: true}); err != nil {
			t.Fatal(err)
		}
	}
	for _, g := range []struct {
		id   string
		role store.Role
		unit string
	}{{attHead, store.RoleHead, "B11"}, {attHead21, store.RoleHead, "B21"}, {attStaff, store.RoleStaff, "C1"}, {attStaff2, store.RoleStaff, "C2"}} {
		if _, err := st.Grant(ctx, chat.Telegram, g.id, g.role, g.unit); err != nil {
			t.Fatal(err)
		}
	}
	for _, id := range []string{attHead, attHead21, attStaff, attStaff2, attAdmin, attMember, attMember2, attOther, attNobody, "2101"} {
		n, _ := strconv.ParseInt(id, 10, 64)
		tgSrv.AddChat(n, "Chị "+id)
	}
	tg, err := telegram.New(ctx, telegram.Config{Token: tgSrv.Token(), APIBase: tgSrv.URL()})
	if err != nil {
		t.Fatal(err)
	}
	engine := delivery.New(st, map[string]delivery.Channel{chat.Telegram: {Sender: tg, TokenID: "test"}},
		delivery.Options{PollEvery: 20 * time.Millisecond})
	runCtx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { defer close(done); _ = engine.Run(runCtx) }()
	t.Cleanup(func() { cancel(); <-done })
	dir := t.TempDir()
	lib, err := content.NewLibrary(dir)
	if err != nil {
		t.Fatal(err)
	}
	router := handlers.New(handlers.Deps{
		Store: st, Knowledge: lib, Outbox: engine, LocalKnowledge: lib,
		Admins: []store.Identity{{Platform: chat.Telegram, UserID: attAdmin}},
	})
	return &qRig{attRig: &attRig{t: t, st: st, tg: tgSrv, router: router}, dir: dir, lib: lib}
}

// alert runs the batched alert as the scheduler would.
func (r *qRig) alert() int {
	r.t.Helper()
	n, err := r.router.AlertNewQuestions(context.Background(), time.Now())
	if err != nil {
		r.t.Fatal(err)
	}
	return n
}

// questionIDs are the ids under the "Trả lời" buttons of a /cauhoi answer, in order.
func questionIDs(replies []chat.Reply) []string {
	var out []string
	for _, r := range replies {
		for _, row := range r.Buttons {
			for _, b := range row {
				if id, ok := strings.CutPrefix(b.Data, "qa:"); ok {
					out = append(out, id)
				}
			}
		}
	}
	return out
}

// lastText is the text of the newest message a chat received.
func (r *qRig) lastText(user string, n int) string {
	msgs := r.received(user, n)
	return msgs[len(msgs)-1].Text
}

func TestUnansweredQuestionReachesTheHeadAndHerAnswerTheMember(t *testing.T) {
	t.Parallel()
	r := newQRig(t)
	expect(t, "fallback", r.say(attMember, localQuestion), "chuyển câu hỏi tới chi hội của chị (Chi hội Ấp 1)", "gửi tới chị ngay tại đây")
	expect(t, "second member", r.say(attMember2, localQuestion2), "chuyển câu hỏi tới chi hội của chị")

	// One message per person above them, however many questions.
	if n := r.alert(); n != 2 {
		t.Fatalf("alert told %d people, want the head of B11 and the staff of C1", n)
	}
	for _, who := range []string{attHead, attStaff} {
		if got := r.lastText(who, 1); !strings.Contains(got, "Có 2 câu hỏi mới của hội viên chưa được trả lời. Gõ /cauhoi để xem.") {
			t.Fatalf("%s got %q", who, got)
		}
	}
	if n := r.alert(); n != 0 {
		t.Fatalf("second alert told %d people about the same questions", n)
	}
	time.Sleep(200 * time.Millisecond)
	for _, who := range []string{attHead, attStaff} {
		if n := r.count(who); n != 1 {
			t.Fatalf("%s received %d alerts", who, n)
		}
	}
	for _, who := range []string{attHead21, attStaff2, attAdmin, attOther} {
		if n := r.count(who); n != 0 {
			t.Fatalf("%s, outside B11's line, received %d messages", who, n)
		}
	}

	// The head sees both, newest first, each with its buttons.
	list := r.say(attHead, "/cauhoi")
	expect(t, "list", list, "Có 2 câu hỏi của hội viên đang chờ trả lời ở Chi hội Ấp 1", localQuestion, localQuestion2, "Chị "+attMember)
	ids := questionIDs(list)
	if len(ids) != 2 || !strings.Contains(allText(list[1:2]), localQuestion2) {
		t.Fatalf("want the second question first: %v\n%s", ids, allText(list))
	}
	buttonData(t, list, "Bỏ qua")
	first := ids[1] // attMember's

	// Another branch's head sees none of them and cannot answer one.
	expect(t, "other head's list", r.say(attHead21, "/cauhoi"), "Hiện không có câu hỏi nào")
	expect(t, "other head presses", r.press(attHead21, "qa:"+first), "không thuộc đơn vị chị phụ trách")
	expect(t, "other head skips", r.press(attHead21, "qs:"+first), "không thuộc đơn vị chị phụ trách")
	expect(t, "head names another unit", r.say(attHead, "/cauhoi B21"), "không thuộc phạm vi chị phụ trách")
	expect(t, "a member", r.say(attMember, "/cauhoi"), "dành cho chi hội trưởng và cán bộ Hội")

	// Trả lời, then her next message goes to the member.
	expect(t, "claim", r.press(attHead, "qa:"+first), "Chị gõ câu trả lời cho Chị "+attMember, "Hội LHPN Chi hội Ấp 1")
	expect(t, "someone else meanwhile", r.press(attStaff, "qa:"+first), "Một cán bộ khác đang trả lời")
	sent := r.say(attHead, "Dạ, chi hội đi tham quan ngày 20/12, chị đăng ký với chị hội trưởng nhé.")
	expect(t, "answer", sent, "Loa đã gửi câu trả lời tới Chị "+attMember+" trên Telegram")
	if strings.Contains(allText(sent), "kho câu hỏi") || len(sent[0].Buttons) != 0 {
		t.Fatalf("a head was offered the knowledge button: %+v", sent)
	}
	got := r.lastText(attMember, 1)
	for _, want := range []string{"Hội LHPN Chi hội Ấp 1 trả lời câu hỏi của chị", localQuestion, "đi tham quan ngày 20/12"} {
		if !strings.Contains(got, want) {
			t.Fatalf("member received %q, want %q in it", got, want)
		}
	}

	// The second answerer is told, and nothing more reaches the member.
	expect(t, "second answerer", r.press(attStaff, "qa:"+first), "đã được trả lời lúc")
	expect(t, "skip after", r.press(attStaff, "qs:"+first), "đã được trả lời lúc")
	list = r.say(attStaff, "/cauhoi")
	if got := questionIDs(list); len(got) != 1 || got[0] != ids[0] {
		t.Fatalf("staff's list after the answer: %v", got)
	}
	time.Sleep(200 * time.Millisecond)
	if n := r.count(attMember); n != 1 {
		t.Fatalf("member received %d messages, want the one answer", n)
	}
}

func TestTwoAnswerersRaceAndTheSecondIsTold(t *testing.T) {
	t.Parallel()
	r := newQRig(t)
	r.say(attMember, localQuestion)
	id := questionIDs(r.say(attHead, "/cauhoi"))[0]
	r.press(attHead, "qa:"+id)
	// The staff does not wait for the claim: she answers from the
	// dashboard service directly, first.
	if _, err := r.router.AnswerQuestion(context.Background(), store.Identity{Platform: chat.Telegram, UserID: attStaff}, id, "Trả lời của xã."); err != nil {
		t.Fatal(err)
	}
	expect(t, "head's late answer", r.say(attHead, "Trả lời của chi hội."), "đã được trả lời lúc", "Loa không gửi thêm")
	if got := r.lastText(attMember, 1); !strings.Contains(got, "Hội LHPN Xã Một trả lời") || !strings.Contains(got, "Trả lời của xã.") {
		t.Fatalf("member got %q", got)
	}
	time.Sleep(200 * time.Millisecond)
	if n := r.count(attMember); n != 1 {
		t.Fatalf("member received %d answers", n)
	}
}

func TestSkipClosesWithoutMessagingTheMember(t *testing.T) {
	t.Parallel()
	r := newQRig(t)
	r.say(attMember, localQuestion)
	id := questionIDs(r.say(attHead, "/cauhoi"))[0]
	expect(t, "skip", r.press(attHead, "qs:"+id), "Đã bỏ qua câu hỏi số "+id)
	expect(t, "list", r.say(attHead, "/cauhoi"), "Hiện không có câu hỏi nào")
	expect(t, "answer after skip", r.press(attStaff, "qa:"+id), "đã được bỏ qua")
	time.Sleep(200 * time.Millisecond)
	if n := r.count(attMember); n != 0 {
		t.Fatalf("member received %d messages", n)
	}
	expect(t, "unknown id", r.press(attHead, "qa:99999"), "không còn nữa")
	expect(t, "garbage id", r.press(attHead, "qs:x'1"), "không còn nữa")
}

func TestAskingForAPersonOpensAQuestion(t *testing.T) {
	t.Parallel()
	r := newQRig(t)
	for _, tc := range []struct{ text, want string }{
		{"gặp cán bộ", "chị muốn hỏi cán bộ Hội điều gì"},
		{"cho em nói chuyện với người thật", "chị muốn hỏi cán bộ Hội điều gì"},
		{"Cho em noi chuyen voi nguoi that a", "chị muốn hỏi cán bộ Hội điều gì"},
		{"hoi chi hoi truong", "chị muốn hỏi cán bộ Hội điều gì"},
		{"/hoicanbo", "chị muốn hỏi cán bộ Hội điều gì"},
	} {
		expect(t, tc.text, r.say(attMember, tc.text), tc.want)
		r.say(attMember, "/help") // leave the step
	}
	// The question in the next message, after a bare ask.
	r.say(attMember, "hỏi chị hội trưởng")
	expect(t, "step", r.say(attMember, "Em muốn xin giấy giới thiệu đi vay vốn"), "Loa đã chuyển câu hỏi của chị tới chi hội của chị (Chi hội Ấp 1)")
	// A question with the ask, and a command with words: at once.
	expect(t, "with words", r.say(attMember2, "hỏi cán bộ về việc vay vốn hộ nghèo ạ"), "Loa đã chuyển câu hỏi của chị")
	expect(t, "command with words", r.say(attOther, "/hoicanbo Khi nào chi hội họp?"), "chi hội của chị (Chi hội Ấp 2)")
	// Questions about cán bộ stay questions for the knowledge base.
	for _, q := range []string{"Chi hội trưởng là ai?", "Loa có phải người thật không?"} {
		if strings.Contains(allText(r.say(attMember2, q)), "đã chuyển") {
			t.Fatalf("%q was taken as an ask for a person", q)
		}
	}
	list := r.say(attStaff, "/cauhoi")
	expect(t, "staff list", list, "Có 3 câu hỏi", "Em muốn xin giấy giới thiệu đi vay vốn", "hỏi cán bộ về việc vay vốn hộ nghèo ạ",
		"Khi nào chi hội họp?", "(Chị muốn gặp cán bộ Hội.)")

	// Someone who is not a member is told honestly, and only counted.
	expect(t, "stranger", r.say(attNobody, "gặp cán bộ"), "chỉ chuyển được câu hỏi tới cán bộ Hội cho hội viên đã đăng ký")
	expect(t, "stranger's fallback", r.say(attNobody, localQuestion), "Loa đã ghi lại để cán bộ Hội bổ sung")
	n, err := r.st.AnonymousQuestions(context.Background(), store.QuestionMonth(time.Now()))
	if err != nil || n != 2 {
		t.Fatalf("anonymous questions %d %v, want 2", n, err)
	}
	expect(t, "staff list again", r.say(attStaff, "/cauhoi"), "Có 3 câu hỏi")

	// In a group, words stay words: nothing is opened there.
	group := r.router.Handle(context.Background(), chat.Update{Platform: chat.Telegram, ID: "g1", ChatID: "-100", UserID: attMember2, Text: "gặp cán bộ", Group: true})
	if strings.Contains(allText(group), "đã chuyển") || strings.Contains(allText(group), "muốn hỏi cán bộ") {
		t.Fatalf("group: %s", allText(group))
	}
}

func TestTheQueueIsPagedNewestFirst(t *testing.T) {
	t.Parallel()
	r := newQRig(t)
	for i := range 7 {
		r.say(attMember, "/hoicanbo Câu hỏi thứ "+strconv.Itoa(i+1))
		if i == 4 {
			r.say(attMember2, "/hoicanbo Câu của chị kia")
		}
	}
	// attMember reached her limit? No: 7 < the cap. Page 1: 5 questions.
	page := r.say(attHead, "/cauhoi")
	ids := questionIDs(page)
	if len(ids) != 5 {
		t.Fatalf("first page %v", ids)
	}
	more := buttonData(t, page, "Xem câu hỏi cũ hơn")
	page2 := r.press(attHead, more)
	ids2 := questionIDs(page2)
	if len(ids2) != 3 {
		t.Fatalf("second page %v", ids2)
	}
	all := append(ids, ids2...)
	for i := 1; i < len(all); i++ {
		a, _ := strconv.Atoi(all[i-1])
		b, _ := strconv.Atoi(all[i])
		if a <= b {
			t.Fatalf("not newest first: %v", all)
		}
	}
	expect(t, "oldest last", page2[len(page2)-1:], "Câu hỏi thứ 1")
}

func TestAnAnswerBecomesKnowledge(t *testing.T) {
	t.Parallel()
	r := newQRig(t)
	r.say(attMember, localQuestion)
	id := questionIDs(r.say(attStaff, "/cauhoi"))[0]
	expect(t, "not yet", r.press(attStaff, "qk:"+id), "chưa được trả lời")
	r.press(attStaff, "qa:"+id)
	sent := r.say(attStaff, "Chi hội đi tham quan vào tháng 12 hằng năm, chị đăng ký với chi hội trưởng.")
	data := buttonData(t, sent, "Thêm vào kho câu hỏi")
	expect(t, "head may not", r.press(attHead, data), "Chỉ cán bộ Hội và quản trị viên")
	expect(t, "other commune", r.press(attStaff2, data), "Chỉ cán bộ Hội và quản trị viên")
	added := r.press(attStaff, data)
	expect(t, "add", added, "Đã thêm vào kho câu hỏi (mục dia-phuong-"+id+"-")
	entry := entryID(t, added)
	expect(t, "again", r.press(attAdmin, data), "đã được thêm vào kho câu hỏi rồi")

	// The file is valid content on its own, with the unit as its source.
	raw, err := os.ReadFile(filepath.Join(r.dir, "faq", "dia-phuong.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"topic: dia-phuong", "id: " + entry, localQuestion, "Hội LHPN Xã Một (C1)"} {
		if !strings.Contains(string(raw), want) {
			t.Fatalf("file lacks %q:\n%s", want, raw)
		}
	}
	kb, err := content.LoadDir(r.dir)
	if err != nil {
		t.Fatalf("the written folder does not load: %v", err)
	}
	if kb.Entry(entry) == nil {
		t.Fatal("entry missing after loading the folder")
	}
	// Served at once: the same question is answered now, not forwarded.
	ans := r.say(attMember2, localQuestion)
	expect(t, "answered from the knowledge base", ans, "Chi hội đi tham quan vào tháng 12", "Nguồn: Hội LHPN Xã Một (C1)")
	// And after a restart (a new library reading the folder).
	lib2, err := content.NewLibrary(r.dir)
	if err != nil {
		t.Fatal(err)
	}
	if got := lib2.KB().Ask(localQuestion); len(got.Entries) == 0 || got.Entries[0].ID != entry {
		t.Fatalf("after reload: %+v", got.Entries)
	}

	// A second entry appends to the same file.
	r.say(attOther, localQuestion2)
	id2 := questionIDs(r.say(attStaff, "/cauhoi"))[0]
	r.press(attStaff, "qa:"+id2)
	added2 := r.press(attStaff, buttonData(t, r.say(attStaff, "Có, chi hội phát quà dịp 20/10."), "Thêm vào kho"))
	expect(t, "add second", added2, "Đã thêm vào kho câu hỏi (mục dia-phuong-"+id2+"-")
	if kb, err := content.LoadDir(r.dir); err != nil || kb.Entry(entry) == nil || kb.Entry(entryID(t, added2)) == nil {
		t.Fatalf("two entries: %v", err)
	}

	// Too long for an entry: said plainly, nothing written.
	r.say(attOther, "/hoicanbo Thủ tục xin hỗ trợ sinh kế thế nào?")
	id3 := questionIDs(r.say(attStaff, "/cauhoi"))[0]
	r.press(attStaff, "qa:"+id3)
	expect(t, "long", r.press(attStaff, buttonData(t, r.say(attStaff, strings.Repeat("Chị chuẩn bị hồ sơ. ", 50)), "Thêm vào kho")), "kho câu hỏi chỉ nhận tối đa 700 ký tự")
	if raw, _ := os.ReadFile(filepath.Join(r.dir, "faq", "dia-phuong.yaml")); strings.Contains(string(raw), "dia-phuong-"+id3+"-") {
		t.Fatal("a too long answer was written")
	}
}

func TestKnowledgeWithoutAContentFolderIsSaidPlainly(t *testing.T) {
	t.Parallel()
	r := newQRig(t)
	lib, _ := content.NewLibrary("")
	router := handlers.New(handlers.Deps{Store: r.st, Knowledge: lib, LocalKnowledge: lib,
		Admins: []store.Identity{{Platform: chat.Telegram, UserID: attAdmin}}})
	r.router = router
	r.say(attMember, localQuestion)
	id := questionIDs(r.say(attAdmin, "/cauhoi"))[0]
	r.press(attAdmin, "qa:"+id)
	sent := r.say(attAdmin, "Tháng 12 ạ.")
	expect(t, "no outbox", sent, "chưa gửi được tới chị ấy")
	expect(t, "resend by someone else", r.press(attStaff, "qr:"+id), "Chỉ người đã trả lời")
	expect(t, "no folder", r.press(attAdmin, "qk:"+id), "LOA_CONTENT_DIR")
}

func TestAWebMemberIsToldTheAnswerNeedsHerPageOpen(t *testing.T) {
	t.Parallel()
	r := newQRig(t)
	ctx := context.Background()
	if _, err := r.st.Register(ctx, store.Member{Platform: chat.Web, UserID: "w-1", Name: "Chị Web", Unit: "B12", Consent: time.Now(), Active: true}); err != nil {
		t.Fatal(err)
	}
	say := func(id, text string) []chat.Reply {
		return r.router.Handle(ctx, chat.Update{Platform: chat.Web, ID: id, ChatID: "w-1", UserID: "w-1", Text: text})
	}
	expect(t, "web fallback", say("1", localQuestion), "chuyển câu hỏi tới chi hội của chị (Chi hội Ấp 2)", "khi trang này còn mở")
	expect(t, "web ask", say("2", "/hoicanbo Em cần gặp chị hội trưởng"), "khi trang này còn mở")
	if got := allText(r.say(attMember, localQuestion)); strings.Contains(got, "trang này") {
		t.Fatalf("a Telegram member was told about the web page: %s", got)
	}
}

func TestOnZaloTheQueueIsOneNumberedMenu(t *testing.T) {
	t.Parallel()
	r := newQRig(t)
	ctx := context.Background()
	if _, err := r.st.Grant(ctx, chat.Zalo, "z-head", store.RoleHead, "B11"); err != nil {
		t.Fatal(err)
	}
	r.say(attMember, localQuestion)
	r.say(attMember2, localQuestion2)
	list := r.router.Handle(ctx, chat.Update{Platform: chat.Zalo, ID: "z1", ChatID: "z-head", UserID: "z-head", Text: "/cauhoi"})
	if len(list) != 2 || len(list[0].Buttons) != 0 {
		t.Fatalf("want a header and one message with the menu: %+v", list)
	}
	ids := questionIDs(list)
	if len(ids) != 2 {
		t.Fatalf("ids %v", ids)
	}
	labels := map[string]bool{}
	for _, row := range list[1].Buttons {
		for _, b := range row {
			if labels[b.Text] {
				t.Fatalf("label %q twice: a number would be ambiguous", b.Text)
			}
			labels[b.Text] = true
		}
	}
	for _, id := range ids {
		if !labels["✍️ Trả lời câu số "+id] || !labels["Bỏ qua câu số "+id] {
			t.Fatalf("labels %v lack question %s", labels, id)
		}
	}
	expect(t, "both questions in one message", list[1:], localQuestion, localQuestion2)
}

// lockedBuffer collects log lines from several goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func TestADuplicateEntryIsRefusedAndNoWordsAreLogged(t *testing.T) {
	t.Parallel()
	r := newQRig(t)
	var logs lockedBuffer
	r.router = handlers.New(handlers.Deps{
		Store: r.st, Knowledge: r.lib, LocalKnowledge: r.lib, Outbox: nil,
		Logger: slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
	})
	// Two members ask the same words before anyone answers.
	r.say(attMember, localQuestion)
	r.say(attMember2, localQuestion)
	ids := questionIDs(r.say(attStaff, "/cauhoi"))
	if len(ids) != 2 {
		t.Fatalf("ids %v", ids)
	}
	for _, id := range ids {
		r.press(attStaff, "qa:"+id)
		r.say(attStaff, "Tháng 12 hằng năm ạ, bí mật 4455.")
	}
	expect(t, "first", r.press(attStaff, "qk:"+ids[0]), "Đã thêm vào kho câu hỏi")
	expect(t, "same words again", r.press(attStaff, "qk:"+ids[1]), "trùng với một câu đã có trong kho")
	// The refusal left no mark: once an editor fixes the file it can be added.
	if q, err := r.st.Question(context.Background(), ids[1]); err != nil || !q.KnowledgeAt.IsZero() {
		t.Fatalf("refused entry still marked: %+v %v", q, err)
	}
	for _, secret := range []string{"tham quan", "4455", "Chị " + attMember} {
		if strings.Contains(logs.String(), secret) {
			t.Fatalf("logs contain %q:\n%s", secret, logs.String())
		}
	}
}

var entryRe = regexp.MustCompile(`mục (dia-phuong-[0-9]+-[0-9]{8})`)

// entryID is the knowledge-base entry a "Thêm vào kho câu hỏi" reply names.
func entryID(t *testing.T, replies []chat.Reply) string {
	t.Helper()
	m := entryRe.FindStringSubmatch(allText(replies))
	if m == nil {
		t.Fatalf("no entry id in %q", allText(replies))
	}
	return m[1]
}

func TestAskingForAPersonInDangerStillGetsTheHotlinesFirst(t *testing.T) {
	t.Parallel()
	r := newQRig(t)
	kb := r.lib.KB()
	danger := "chồng em đánh em hoài, cho em nói chuyện với người thật"
	ans := kb.Ask(danger)
	if ans.Emergency == nil {
		t.Fatalf("the knowledge base no longer reads %q as an emergency; pick another example", danger)
	}
	got := r.say(attMember, danger)
	if len(got) != 2 || got[0].Text != ans.Emergency.Answer {
		t.Fatalf("want the emergency answer first, then the forwarding:\n%s", allText(got))
	}
	expect(t, "forwarded too", got[1:], "Loa đã chuyển câu hỏi của chị tới chi hội của chị")

	unsure := "Chồng em say về đập đồ, em muốn gặp cán bộ"
	if c := kb.Ask(unsure).Caution; c == nil {
		t.Fatalf("the knowledge base is no longer unsure about %q; pick another example", unsure)
	} else {
		got = r.say(attMember2, unsure)
		if len(got) != 1 || !strings.HasPrefix(got[0].Text, c.Caution) {
			t.Fatalf("want the hotlines line first:\n%s", allText(got))
		}
		expect(t, "forwarded", got, "Loa đã chuyển câu hỏi của chị")
	}
	// A stranger in danger gets the hotlines too.
	got = r.say(attNobody, danger)
	if len(got) != 2 || got[0].Text != ans.Emergency.Answer {
		t.Fatalf("stranger:\n%s", allText(got))
	}
	expect(t, "stranger told", got[1:], "chỉ chuyển được câu hỏi tới cán bộ Hội cho hội viên đã đăng ký")
}

func TestAMemberWhoseBranchHasNobodyOnLoaIsNotPromisedAnAnswer(t *testing.T) {
	t.Parallel()
	r := newQRig(t)
	ctx := context.Background()
	// B21 has a head and C2 has staff in the rig: take them away.
	for _, g := range []struct {
		id   string
		role store.Role
		unit string
	}{{attHead21, store.RoleHead, "B21"}, {attStaff2, store.RoleStaff, "C2"}} {
		if err := r.st.Revoke(ctx, chat.Telegram, g.id, g.role, g.unit); err != nil {
			t.Fatal(err)
		}
	}
	expect(t, "fallback", r.say("2101", localQuestion), "chưa có chi hội trưởng hay cán bộ Hội nào nhận câu hỏi qua Loa", "Chi hội Ấp Bắc")
	expect(t, "ask", r.say("2101", "/hoicanbo Em cần giấy xác nhận"), "chưa có chi hội trưởng hay cán bộ Hội nào nhận câu hỏi qua Loa")
	// The questions are kept all the same: an admin finds them.
	expect(t, "admin", r.say(attAdmin, "/cauhoi"), "Có 2 câu hỏi", localQuestion)
}
