package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"loa/bot/delivery"
	"loa/chat"
	"loa/store"
)

// TestEraseReachesEveryKeyThatNamesHer: a head uses every feature (joins
// with a head invite, types a wrong code, asks a question Loa cannot answer
// with her phone number in it, sends a notice, leaves a draft, creates an
// event, checks in, reports a headcount, is a recipient whose delivery
// failed and a recipient of a job not finished yet), then /xoadulieu. A SCAN
// of every key and every value in Redis then finds neither her platform id,
// nor her name, nor her phone number; the counts her traces made stay
// right.
func TestEraseReachesEveryKeyThatNamesHer(t *testing.T) {
	t.Parallel()
	// No timed job runs: the head-codes job would brief her (she is named
	// for it below) and the monthly meeting's message reach her in the
	// middle of her conversation, from 07:00 in Vietnam.
	w := startNoticeWorld(t, 2, map[string]string{"LOA_SCHEDULER": "off"})
	ctx := context.Background()
	const (
		herID = int64(987650001)
		name  = "Phạm Thị Xuyến"
		phone = "0912345678"
	)
	her := &telegramMember{t: t, srv: w.tg, chat: herID, name: name}
	w.tg.AddChat(herID, name)
	who := store.Identity{Platform: chat.Telegram, UserID: her.ID()}
	n := 0 // her private messages so far
	say := func(text string, replies int) []string {
		t.Helper()
		her.Say(text)
		n += replies
		return her.Replies(n)
	}

	// Joining as the head of B1, after one wrong code.
	invite, err := w.st.CreateInvite(ctx, store.NewInvite{Kind: store.InviteHead, Unit: "B1", Uses: 1, TTL: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	say("/dangky ZZZZZZZZZZZZZ", 1)
	say("/start "+invite.Code, 1)
	her.Press("Đồng ý")
	contains(t, "joined", her.Replies(n + 1)[n], "chi hội trưởng")
	n++
	// An operator also named her for the running bot to brief, as `bot
	// admin grant` does (kept when the bot is not running; no bot runs
	// that job here: LOA_SCHEDULER is off).
	if err := w.st.BriefHead(ctx, who); err != nil {
		t.Fatal(err)
	}

	// A question Loa cannot answer, with her name and phone number.
	// (A local matter: the knowledge base answers general ones such as CEP loans now.)
	question := "Xuyến hỏi chi hội mình khi nào tổ chức đi tham quan, số " + phone
	contains(t, "her question goes to a person", last(say(question, 1)), "đã chuyển câu hỏi tới chi hội của chị")
	if c := memberQuestions(t, w.st, "đi tham quan"); c != 1 {
		t.Fatalf("her question was not recorded as unanswered (count %d)", c)
	}

	// A notice she sends, and a draft she leaves.
	waitFor := func(what, text string, times int) {
		t.Helper()
		waitUntil(t, 30*time.Second, what, func() bool { return countContaining(w.tgTexts(herID), text) == times })
		n = len(w.tgTexts(herID))
	}
	her.Say("/thongbao Chiều nay 14 giờ họp chi hội ở nhà văn hoá.")
	waitFor("her notice's preview", "thành viên của Chi hội Ấp 1", 1)
	her.Press("Gửi")
	waitFor("her notice's summary", "✅ Đã gửi xong thông báo", 1)
	her.Say("/thongbao Nháp: tuần sau họp.")
	waitFor("her draft's preview", "thành viên của Chi hội Ấp 1", 2)

	// Another head's notice fails for her (a permanent error): an outcome
	// record about her.
	w.tg.FailChat(herID, 1, 400)
	w.tgHead.Say("/thongbao Mai 8 giờ ra quân vệ sinh đường làng.")
	w.waitHeadTelegram("thành viên của Chi hội Ấp 1", 10*time.Second)
	w.tgHead.Press("Gửi")
	summary := w.waitHeadTelegram("Đã gửi xong thông báo tới Chi hội Ấp 1.\n• Đã nhận", 30*time.Second)
	contains(t, "the other head's summary", summary.Text, "Không gửi được: 1")

	// An event she created, checked in to and reported; another one's
	// check-in by her; a headcount she corrected.
	now := time.Now()
	mine, err := w.st.CreateEvent(ctx, store.NewEvent{Unit: "B1", Title: "Sinh hoạt tháng 12", Start: now.Add(-time.Hour), CreatedBy: who})
	if err != nil {
		t.Fatal(err)
	}
	other, err := w.st.CreateEvent(ctx, store.NewEvent{Unit: "XA", Title: "Hội nghị xã", Start: now.Add(-time.Hour),
		CreatedBy: store.Identity{Platform: chat.Telegram, UserID: w.tgHead.ID()}})
	if err != nil {
		t.Fatal(err)
	}
	contains(t, "check-in", last(say("/diemdanh "+mine.Code, 1)), "điểm danh")
	contains(t, "check-in", last(say("/diemdanh "+other.Code, 1)), "điểm danh")
	for _, count := range []int64{12, 14} {
		if _, err := w.st.ReportHeadcount(ctx, mine.ID, who, count, now); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := w.st.CloseEvent(ctx, mine.ID, now); err != nil {
		t.Fatal(err)
	}

	// A reminder to her not delivered yet (its idempotency key is built
	// from her id), and a Zalo-style menu remembered for her chat.
	token := delivery.TokenID(w.tg.Token())
	job, _, err := w.st.CreateOutboxJob(ctx, store.OutboxJob{Platform: chat.Telegram, TokenID: token, Kind: int(delivery.KindNotice),
		Label: "Nhắc báo cáo", Parts: 1, Payload: []byte(`{}`), IdempotencyKey: "remind:" + mine.ID + ":" + who.String()})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.st.AddOutboxRecipients(ctx, job, []store.OutboxRecipient{
		{ChatID: her.ID(), MemberKey: who.String()}, {ChatID: w.tgHead.ID(), MemberKey: "telegram:" + w.tgHead.ID()},
	}); err != nil {
		t.Fatal(err)
	}
	if err := w.st.SaveMenu(ctx, chat.Telegram, her.ID(), []string{"Có"}, []string{"xd:y"}); err != nil {
		t.Fatal(err)
	}

	// She answers another member's question as the head of B1 (her id on
	// the question), after her own question went to the queue.
	asked, _, err := w.st.OpenQuestion(ctx, store.NewQuestion{Asker: store.Identity{Platform: chat.Telegram, UserID: strconv.FormatInt(w.tgChats[0], 10)},
		Text: "Khi nào chi hội họp?", Reason: store.QuestionAskedForPerson, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.st.AnswerQuestion(ctx, asked.ID, who, "Thứ Bảy ạ.", now); err != nil {
		t.Fatal(err)
	}

	needles := []string{her.ID(), "xuyến", "xuyen", phone, "0912 345 678"}
	rdb := w.p.redis.Client()
	// Before: every feature holds something that names her.
	before := strings.Join(scanFor(t, rdb, needles), "\n")
	for _, where := range []string{
		"loa:{dir}:member:", "loa:{dir}:unit:B1:members ", "loa:{dir}:roles:", "loa:{dir}:unit:B1:grants ",
		"loa:{dir}:att:event:" + mine.ID + ":in ", "loa:{dir}:att:event:" + other.ID + ":in ",
		"loa:{dir}:att:event:" + mine.ID + " ", "loa:{dir}:att:event:" + mine.ID + ":reports ",
		"{loa:nt}:notice:", "{loa:nt}:draft:", "{loa:nt}:author:", "{loa:ob}:author:", "{loa:ob}:outcomes:",
		"{loa:ob}:pending:" + job + " ", "{loa:ob}:chats:" + job + " ",
		"{loa:faq}:unanswered ", "{loa:faq}:unanswered:sample ", "loa:menu:",
		"loa:{q}:q:", "loa:{q}:q:" + asked.ID + " ", "loa:{q}:of:",
	} {
		if !strings.Contains(before, where) {
			t.Fatalf("the test meant to leave her traces in %q; found:\n%s", where, before)
		}
	}

	// She erases her data.
	say("/xoadulieu", 1)
	her.Press("Xoá dữ liệu")
	contains(t, "erased", her.Replies(n + 1)[n], "đã xoá toàn bộ")

	if found := scanFor(t, rdb, needles); len(found) > 0 {
		t.Fatalf("after /xoadulieu Redis still names her:\n%s", strings.Join(found, "\n"))
	}

	// An apology owed to her chat (a reply lost at a shutdown) waits in
	// Redis until a bot runs again; a running bot sends it within a second
	// and her answered /xoadulieu clears it, so it is put there with the
	// bot stopped, as the shutdown's loss puts it, and erased the way
	// /xoadulieu erases.
	w.p.stop()
	if err := w.st.OweApology(ctx, chat.Telegram, her.ID(), time.Now()); err != nil {
		t.Fatal(err)
	}
	if owed := strings.Join(scanFor(t, rdb, needles), "\n"); !strings.Contains(owed, "loa:apology:telegram ") {
		t.Fatalf("the test meant to owe her an apology; found:\n%s", owed)
	}
	if _, err := w.st.Erase(ctx, chat.Telegram, her.ID()); err != nil {
		t.Fatal(err)
	}
	if found := scanFor(t, rdb, needles); len(found) > 0 {
		t.Fatalf("after erasing her again Redis still names her:\n%s", strings.Join(found, "\n"))
	}

	// The counts her traces made are still right.
	for _, id := range []string{mine.ID, other.ID} {
		e, err := w.st.Event(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		in, err := rdb.SCard(ctx, "loa:{dir}:att:event:"+id+":in").Result()
		if err != nil || e.CheckIns != 1 || in != 1 {
			t.Fatalf("event %s: %d check-ins counted, %d in its set (%v), want 1 and 1", id, e.CheckIns, in, err)
		}
	}
	if e, _ := w.st.Event(ctx, mine.ID); e.CreatedBy != "erased" || e.ReportedBy != "erased" || e.Headcount != 14 {
		t.Fatalf("her event after erasure: %+v", e)
	}
	if reps, err := w.st.HeadcountReports(ctx, mine.ID); err != nil || len(reps) != 2 || reps[1].Count != 14 {
		t.Fatalf("headcount reports after erasure: %+v, %v", reps, err)
	}
	if c, err := w.st.CountMembers(ctx, "B1", false); err != nil || c.Registered != 4 {
		t.Fatalf("B1 after her erasure: %+v, %v (want the 4 others)", c, err)
	}
	if st, err := w.st.OutboxJobStatus(ctx, job); err != nil || st.Total != 2 {
		t.Fatalf("the reminder job after erasure: %+v, %v", st, err)
	}
	if c := memberQuestions(t, w.st, "đi tham quan"); c != 0 {
		t.Fatalf("her question still counts %d times", c)
	}
	// The question she answered stays for its asker, answered by "erased".
	if q, err := w.st.Question(ctx, asked.ID); err != nil || q.State != store.QuestionAnswered || q.ClosedBy != store.ErasedIdentity {
		t.Fatalf("the question she answered after her erasure: %+v, %v", q, err)
	}
}

// scanFor lists every key, and every key whose value, contains one of the
// needles (case-insensitive), reading each value by its type.
func scanFor(t *testing.T, rdb *redis.Client, needles []string) []string {
	t.Helper()
	ctx := context.Background()
	var found []string
	check := func(key, where, s string) {
		low := strings.ToLower(s)
		for _, n := range needles {
			if strings.Contains(low, strings.ToLower(n)) {
				found = append(found, fmt.Sprintf("%s %s contains %q", key, where, n))
			}
		}
	}
	iter := rdb.Scan(ctx, 0, "*", 1000).Iterator()
	for iter.Next(ctx) {
		key := iter.Val()
		check(key, "(name)", key)
		typ, err := rdb.Type(ctx, key).Result()
		if err != nil {
			t.Fatal(err)
		}
		var values []string
		switch typ {
		case "string":
			v, err := rdb.Get(ctx, key).Result()
			if err != nil && err != redis.Nil {
				t.Fatal(err)
			}
			values = []string{v}
		case "hash":
			h, err := rdb.HGetAll(ctx, key).Result()
			if err != nil {
				t.Fatal(err)
			}
			for f, v := range h {
				values = append(values, f, v)
			}
		case "list":
			values, err = rdb.LRange(ctx, key, 0, -1).Result()
		case "set":
			values, err = rdb.SMembers(ctx, key).Result()
		case "zset":
			values, err = rdb.ZRange(ctx, key, 0, -1).Result()
		case "none": // expired meanwhile
		default:
			t.Fatalf("key %s of type %s: the scan cannot read it", key, typ)
		}
		if err != nil {
			t.Fatal(err)
		}
		for i, v := range values {
			check(key, "value "+strconv.Itoa(i), v)
		}
	}
	if err := iter.Err(); err != nil {
		t.Fatal(err)
	}
	return found
}

// memberQuestions counts the unanswered questions whose kept wording (a
// registered member's, numbers masked) contains part.
func memberQuestions(t *testing.T, st *store.Store, part string) int {
	t.Helper()
	top, err := st.TopUnanswered(context.Background(), 100)
	if err != nil {
		t.Fatalf("read unanswered questions: %v", err)
	}
	n := 0
	for _, q := range top {
		if strings.Contains(q.Example, part) {
			n++
		}
	}
	return n
}
