package store_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"loa/store"
	"loa/store/redistest"
	"loa/vntime"
)

var (
	qHead  = store.Identity{Platform: "telegram", UserID: "900"}
	qStaff = store.Identity{Platform: "zalo", UserID: "z-901"}
	qNow   = time.Date(2026, 12, 6, 9, 0, 0, 0, vntime.Zone)
)

// questionStore is attendanceTree with members who consented.
func questionStore(t testing.TB) *store.Store {
	t.Helper()
	st := attendanceStore(t)
	for i, unit := range []string{"DN-X1-B1", "DN-X1-B2", "DN-X2-B1", "DN-X1-B1-T1"} {
		for _, p := range []string{"telegram", "zalo"} {
			registerAsker(t, st, store.Member{Platform: p, UserID: fmt.Sprintf("m%d", i+1), Name: fmt.Sprintf("Chị %d", i+1), Unit: unit})
		}
	}
	return st
}

func registerAsker(t testing.TB, st *store.Store, m store.Member) {
	t.Helper()
	m.Consent = qNow.Add(-time.Hour)
	m.Active = true
	if _, err := st.Register(context.Background(), m); err != nil {
		t.Fatal(err)
	}
}

func ask(t testing.TB, st *store.Store, platform, user, text string, now time.Time) store.Question {
	t.Helper()
	q, opened, err := st.OpenQuestion(context.Background(), store.NewQuestion{
		Asker: store.Identity{Platform: platform, UserID: user}, Text: text, Reason: store.QuestionFallback, Now: now,
	})
	if err != nil {
		t.Fatalf("open question of %s:%s: %v", platform, user, err)
	}
	if !opened {
		t.Fatalf("question %q of %s:%s not opened", text, platform, user)
	}
	return q
}

func ids(qs []store.Question) []string {
	out := make([]string, len(qs))
	for i, q := range qs {
		out[i] = q.ID
	}
	return out
}

func TestOpenQuestionKeepsAMaskedQuestionOfAMember(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := questionStore(t)
	q, opened, err := st.OpenQuestion(ctx, store.NewQuestion{
		Asker: store.Identity{Platform: "zalo", UserID: "m1"}, Chat: "c-7",
		Text: "  Số em là 0912 345 678, vay 100.000.000 được không?  ", Reason: store.QuestionAskedForPerson, Now: qNow,
	})
	if err != nil || !opened {
		t.Fatalf("open: %v %v", opened, err)
	}
	want := store.Question{
		ID: q.ID, Asker: store.Identity{Platform: "zalo", UserID: "m1"}, Chat: "c-7", Name: "Chị 1", Unit: "DN-X1-B1",
		Text: "Số em là ***, vay 100.000.000 được không?", Reason: store.QuestionAskedForPerson,
		State: store.QuestionOpen, Opened: time.UnixMilli(qNow.UnixMilli()),
	}
	got, err := st.Question(ctx, q.ID)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(got) != fmt.Sprint(want) || fmt.Sprint(q) != fmt.Sprint(want) {
		t.Fatalf("stored\n%+v\nreturned\n%+v\nwant\n%+v", got, q, want)
	}
	// Her private chat is the default.
	q2 := ask(t, st, "telegram", "m1", "Khi nào họp?", qNow)
	if q2.Chat != "m1" {
		t.Fatalf("chat %q, want her user id", q2.Chat)
	}
	// The same words again while open: the same question, not a second one.
	again, opened, err := st.OpenQuestion(ctx, store.NewQuestion{
		Asker: store.Identity{Platform: "telegram", UserID: "m1"}, Text: "Khi nào họp?", Reason: store.QuestionFallback, Now: qNow,
	})
	if err != nil || opened || again.ID != q2.ID {
		t.Fatalf("repeat: %+v opened=%v err=%v, want question %s again", again, opened, err, q2.ID)
	}
	if n, _ := st.CountOpenQuestions(ctx, "DN"); n != 2 {
		t.Fatalf("open in DN: %d, want 2", n)
	}
}

func TestOpenQuestionOfAStrangerCountsWithoutWords(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := questionStore(t)
	for _, who := range []store.Identity{{Platform: "web", UserID: "sess-1"}, {Platform: "telegram", UserID: "stranger"}, {}} {
		_, _, err := st.OpenQuestion(ctx, store.NewQuestion{Asker: who, Text: "Số em 0912345678", Reason: store.QuestionFallback, Now: qNow})
		if !errors.Is(err, store.ErrQuestionAnonymous) {
			t.Fatalf("%v: %v, want ErrQuestionAnonymous", who, err)
		}
	}
	if n, err := st.AnonymousQuestions(ctx, "2026-12"); err != nil || n != 3 {
		t.Fatalf("anonymous in 2026-12: %d %v, want 3", n, err)
	}
	if n, _ := st.AnonymousQuestions(ctx, "2026-11"); n != 0 {
		t.Fatalf("anonymous in 2026-11: %d", n)
	}
	if n, _ := st.CountOpenQuestions(ctx, "DN"); n != 0 {
		t.Fatalf("open: %d, want none", n)
	}
	keys, _ := st.Client().Keys(ctx, "*").Result()
	for _, k := range keys {
		if strings.Contains(k, "sess-1") || strings.Contains(k, "stranger") {
			t.Fatalf("key %s names a stranger", k)
		}
	}
	for _, bad := range []store.NewQuestion{
		{Asker: store.Identity{Platform: "telegram", UserID: "m1"}, Text: "  ", Reason: store.QuestionFallback},
		{Asker: store.Identity{Platform: "telegram", UserID: "m1"}, Text: "hỏi", Reason: "whim"},
	} {
		if _, _, err := st.OpenQuestion(ctx, bad); err == nil {
			t.Fatalf("%+v accepted", bad)
		}
	}
}

func TestListOpenQuestionsIsScopedNewestFirstAndPaged(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := questionStore(t)
	var b1, x1, all []string // newest last while building
	for i := range 7 {
		for n, who := range []string{"m1", "m2", "m3", "m4"} {
			q := ask(t, st, "telegram", who, fmt.Sprintf("câu %d-%d", i, n), qNow.Add(time.Duration(i)*time.Minute))
			all = append(all, q.ID)
			if who != "m3" {
				x1 = append(x1, q.ID)
			}
			if who == "m1" || who == "m4" { // m4 is in a group below branch B1
				b1 = append(b1, q.ID)
			}
		}
	}
	reverse := func(s []string) []string {
		out := make([]string, len(s))
		for i, v := range s {
			out[len(s)-1-i] = v
		}
		return out
	}
	for _, tc := range []struct {
		unit string
		want []string
	}{{"DN", reverse(all)}, {"DN-X1", reverse(x1)}, {"dn-x1-b1", reverse(b1)}, {"DN-X2-B1", reverse(all)[2:3]}} {
		var got []string
		before := ""
		for pages := 0; ; pages++ {
			page, err := st.ListOpenQuestions(ctx, tc.unit, before, 3)
			if err != nil {
				t.Fatal(err)
			}
			if len(page.Questions) > 3 || pages > 20 {
				t.Fatalf("%s: page of %d, %d pages", tc.unit, len(page.Questions), pages)
			}
			got = append(got, ids(page.Questions)...)
			if page.Next == "" {
				break
			}
			before = page.Next
		}
		if tc.unit == "DN-X2-B1" {
			tc.want = nil
			for _, id := range reverse(all) {
				if q, _ := st.Question(ctx, id); q.Unit == "DN-X2-B1" {
					tc.want = append(tc.want, id)
				}
			}
		}
		if fmt.Sprint(got) != fmt.Sprint(tc.want) {
			t.Fatalf("%s:\n got %v\nwant %v", tc.unit, got, tc.want)
		}
		n, err := st.CountOpenQuestions(ctx, tc.unit)
		if err != nil || n != int64(len(tc.want)) {
			t.Fatalf("count %s: %d %v, want %d", tc.unit, n, err, len(tc.want))
		}
	}
	if _, err := st.ListOpenQuestions(ctx, "NOWHERE", "", 10); !errors.Is(err, store.ErrUnitUnknown) {
		t.Fatalf("unknown unit: %v", err)
	}
	if _, err := st.ListOpenQuestions(ctx, "DN", "x'", 10); err == nil {
		t.Fatal("bad cursor accepted")
	}
	// A closed question leaves every list.
	if _, err := st.SkipQuestion(ctx, b1[len(b1)-1], qHead, qNow); err != nil {
		t.Fatal(err)
	}
	page, _ := st.ListOpenQuestions(ctx, "DN", "", 1)
	if page.Questions[0].ID == b1[len(b1)-1] {
		t.Fatal("skipped question still listed")
	}
}

func TestQuestionsOfAMergedUnitCountForTheUnitItWasMergedInto(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := questionStore(t)
	q := ask(t, st, "telegram", "m2", "Hỏi về vay vốn", qNow) // DN-X1-B2
	tree := []store.Unit{}
	for _, u := range attendanceTree {
		if u.Code != "DN-X1-B2" {
			tree = append(tree, u)
		}
	}
	tree = append(tree, store.Unit{Code: "DN-X1-B2", MergedInto: "DN-X2-B1"})
	if _, err := st.ImportUnits(ctx, tree); err != nil {
		t.Fatal(err)
	}
	page, err := st.ListOpenQuestions(ctx, "DN-X2", "", 10)
	if err != nil || len(page.Questions) != 1 || page.Questions[0].ID != q.ID {
		t.Fatalf("DN-X2 after merge: %+v %v", page, err)
	}
	if page, _ := st.ListOpenQuestions(ctx, "DN-X1", "", 10); len(page.Questions) != 0 {
		t.Fatalf("DN-X1 still lists it: %+v", page)
	}
}

func TestAnswerQuestionOnceEvenWhenTwoRace(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := questionStore(t)
	q := ask(t, st, "telegram", "m1", "Hội phí bao nhiêu?", qNow)
	var wg sync.WaitGroup
	errs := make([]error, 8)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			by := store.Identity{Platform: "telegram", UserID: fmt.Sprintf("h%d", i)}
			_, errs[i] = st.AnswerQuestion(ctx, q.ID, by, fmt.Sprintf("Trả lời %d", i), qNow.Add(time.Minute))
		}()
	}
	wg.Wait()
	winner := -1
	for i, err := range errs {
		switch {
		case err == nil && winner >= 0:
			t.Fatalf("answered twice: %d and %d", winner, i)
		case err == nil:
			winner = i
		case !errors.Is(err, store.ErrQuestionClosed):
			t.Fatalf("answer %d: %v", i, err)
		}
	}
	if winner < 0 {
		t.Fatal("nobody answered")
	}
	got, err := st.AnswerQuestion(ctx, q.ID, qStaff, "muộn", qNow.Add(time.Hour))
	if !errors.Is(err, store.ErrQuestionClosed) {
		t.Fatalf("late answer: %v", err)
	}
	wantBy := store.Identity{Platform: "telegram", UserID: fmt.Sprintf("h%d", winner)}
	if got.State != store.QuestionAnswered || got.ClosedBy != wantBy || got.Answer != fmt.Sprintf("Trả lời %d", winner) ||
		!got.Closed.Equal(time.UnixMilli(qNow.Add(time.Minute).UnixMilli())) {
		t.Fatalf("late answerer is told %+v, want answered by %v", got, wantBy)
	}
	if _, err := st.SkipQuestion(ctx, q.ID, qStaff, qNow); !errors.Is(err, store.ErrQuestionClosed) {
		t.Fatalf("skip after answer: %v", err)
	}
	if _, err := st.ClaimQuestion(ctx, q.ID, qStaff, qNow, time.Minute); !errors.Is(err, store.ErrQuestionClosed) {
		t.Fatalf("claim after answer: %v", err)
	}
	if n, _ := st.CountOpenQuestions(ctx, "DN"); n != 0 {
		t.Fatalf("open after answer: %d", n)
	}
	ttl := st.Client().PTTL(ctx, "loa:{q}:q:"+q.ID).Val()
	if ttl <= 0 || ttl > store.QuestionRetention {
		t.Fatalf("answered question TTL %v, want up to %v", ttl, store.QuestionRetention)
	}
	for _, id := range []string{"999", "abc", "0", "-1", "01"} {
		if _, err := st.AnswerQuestion(ctx, id, qStaff, "x", qNow); !errors.Is(err, store.ErrQuestionUnknown) {
			t.Fatalf("answer %q: %v", id, err)
		}
	}
	if _, err := st.AnswerQuestion(ctx, q.ID, qStaff, "   ", qNow); err == nil {
		t.Fatal("empty answer accepted")
	}
}

func TestClaimTellsASecondAnswererUntilItLapses(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := questionStore(t)
	q := ask(t, st, "telegram", "m1", "Hỏi cán bộ", qNow)
	if _, err := st.ClaimQuestion(ctx, q.ID, qHead, qNow, 10*time.Minute); err != nil {
		t.Fatal(err)
	}
	got, err := st.ClaimQuestion(ctx, q.ID, qStaff, qNow.Add(time.Minute), 10*time.Minute)
	if !errors.Is(err, store.ErrQuestionClaimed) || got.ClaimedBy != qHead {
		t.Fatalf("second claim: %+v %v, want claimed by %v", got, err, qHead)
	}
	if _, err := st.ClaimQuestion(ctx, q.ID, qHead, qNow.Add(time.Minute), 10*time.Minute); err != nil {
		t.Fatalf("renewing her own claim: %v", err)
	}
	// Someone else's release does nothing; hers frees it.
	if _, err := st.ReleaseQuestion(ctx, q.ID, qStaff, qNow); err != nil {
		t.Fatal(err)
	}
	if _, err := st.ClaimQuestion(ctx, q.ID, qStaff, qNow.Add(2*time.Minute), time.Minute); !errors.Is(err, store.ErrQuestionClaimed) {
		t.Fatalf("claim after someone else's release: %v", err)
	}
	if _, err := st.ClaimQuestion(ctx, q.ID, qStaff, qNow.Add(12*time.Minute), time.Minute); err != nil {
		t.Fatalf("claim after the first lapsed: %v", err)
	}
	// A claim does not stop an answer: the first answer wins.
	if _, err := st.AnswerQuestion(ctx, q.ID, qHead, "Chị ơi, họp thứ Bảy.", qNow.Add(13*time.Minute)); err != nil {
		t.Fatalf("answer while someone else holds the claim: %v", err)
	}
	if _, err := st.AnswerQuestion(ctx, q.ID, qStaff, "Họp Chủ nhật.", qNow.Add(13*time.Minute)); !errors.Is(err, store.ErrQuestionClosed) {
		t.Fatalf("claimant answering after: %v", err)
	}
}

func TestKnowledgeMarkIsOnceAndOnlyForAnswers(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := questionStore(t)
	q := ask(t, st, "telegram", "m1", "Hỏi", qNow)
	if _, err := st.MarkQuestionInKnowledge(ctx, q.ID, qStaff, qNow); !errors.Is(err, store.ErrQuestionNotAnswered) {
		t.Fatalf("mark open: %v", err)
	}
	if _, err := st.AnswerQuestion(ctx, q.ID, qHead, "Đáp", qNow); err != nil {
		t.Fatal(err)
	}
	if _, err := st.MarkQuestionInKnowledge(ctx, q.ID, qStaff, qNow); err != nil {
		t.Fatal(err)
	}
	got, err := st.MarkQuestionInKnowledge(ctx, q.ID, qHead, qNow)
	if !errors.Is(err, store.ErrQuestionInKnowledge) || got.KnowledgeBy != qStaff {
		t.Fatalf("second mark: %+v %v", got, err)
	}
	if _, err := st.UnmarkQuestionInKnowledge(ctx, q.ID, qHead, qNow); err != nil {
		t.Fatal(err)
	}
	if got, _ := st.Question(ctx, q.ID); got.KnowledgeBy != qStaff {
		t.Fatal("someone else's unmark removed the mark")
	}
	if _, err := st.UnmarkQuestionInKnowledge(ctx, q.ID, qStaff, qNow); err != nil {
		t.Fatal(err)
	}
	if _, err := st.MarkQuestionInKnowledge(ctx, q.ID, qHead, qNow); err != nil {
		t.Fatalf("mark after unmark: %v", err)
	}
}

func TestQuestionAlertsAreTakenOnceAndSkipClosedOnes(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := questionStore(t)
	a := ask(t, st, "telegram", "m1", "một", qNow)
	b := ask(t, st, "telegram", "m3", "hai", qNow)
	c := ask(t, st, "zalo", "m2", "ba", qNow)
	if _, err := st.AnswerQuestion(ctx, b.ID, qHead, "đáp", qNow); err != nil {
		t.Fatal(err)
	}
	got, err := st.TakeQuestionAlerts(ctx, 1)
	if err != nil || fmt.Sprint(got) != fmt.Sprint([]store.QuestionAlert{{ID: a.ID, Unit: "DN-X1-B1"}}) {
		t.Fatalf("first take: %v %v", got, err)
	}
	got, _ = st.TakeQuestionAlerts(ctx, 100)
	if fmt.Sprint(got) != fmt.Sprint([]store.QuestionAlert{{ID: c.ID, Unit: "DN-X1-B2"}}) {
		t.Fatalf("second take: %v", got)
	}
	if got, _ = st.TakeQuestionAlerts(ctx, 100); len(got) != 0 {
		t.Fatalf("third take: %v", got)
	}
}

func TestOneMemberCannotFillTheQueue(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := questionStore(t)
	for i := range store.MaxOpenQuestionsPerPerson {
		ask(t, st, "telegram", "m1", fmt.Sprintf("câu %d", i), qNow)
	}
	_, _, err := st.OpenQuestion(ctx, store.NewQuestion{Asker: store.Identity{Platform: "telegram", UserID: "m1"},
		Text: "một câu nữa", Reason: store.QuestionFallback, Now: qNow})
	if !errors.Is(err, store.ErrTooManyQuestions) {
		t.Fatalf("one too many: %v", err)
	}
	ask(t, st, "zalo", "m1", "một câu nữa", qNow) // another person is not affected
	page, _ := st.ListOpenQuestions(ctx, "DN", "", 1)
	if _, err := st.SkipQuestion(ctx, page.Questions[0].ID, qHead, qNow); err != nil {
		t.Fatal(err)
	}
	first, _ := st.ListOpenQuestions(ctx, "DN-X1-B1", "", 1)
	if _, err := st.SkipQuestion(ctx, first.Questions[0].ID, qHead, qNow); err != nil {
		t.Fatal(err)
	}
	ask(t, st, "telegram", "m1", "một câu nữa", qNow) // room again
}

func TestOldOpenQuestionsExpire(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := questionStore(t)
	old := ask(t, st, "telegram", "m1", "cũ", qNow)
	young := ask(t, st, "telegram", "m2", "mới", qNow.Add(store.QuestionOpenLifetime/2))
	later := qNow.Add(store.QuestionOpenLifetime + time.Hour)
	n, err := st.ExpireQuestions(ctx, later, 100)
	if err != nil || n != 1 {
		t.Fatalf("expired %d %v, want 1", n, err)
	}
	got, _ := st.Question(ctx, old.ID)
	if got.State != store.QuestionExpired {
		t.Fatalf("old question %s", got.State)
	}
	page, _ := st.ListOpenQuestions(ctx, "DN", "", 10)
	if fmt.Sprint(ids(page.Questions)) != fmt.Sprint([]string{young.ID}) {
		t.Fatalf("open after expiry: %v", ids(page.Questions))
	}
	if _, err := st.AnswerQuestion(ctx, old.ID, qHead, "muộn", later); !errors.Is(err, store.ErrQuestionClosed) {
		t.Fatalf("answer an expired one: %v", err)
	}
}

func TestAllQuestionsStreamsOldestFirst(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := questionStore(t)
	var want []string
	for i := range 1203 { // more than one batch
		who := fmt.Sprintf("x%d", i)
		registerAsker(t, st, store.Member{Platform: "web", UserID: who, Name: "Chị", Unit: "DN-X2-B1"})
		want = append(want, ask(t, st, "web", who, "hỏi", qNow).ID)
	}
	if _, err := st.AnswerQuestion(ctx, want[5], qHead, "đáp", qNow); err != nil {
		t.Fatal(err)
	}
	var got []string
	for q, err := range st.AllQuestions(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, q.ID)
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("streamed %d questions, want %d in order", len(got), len(want))
	}
}

func TestEraseTakesOutHerQuestionsAndHerNameOnOthers(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := questionStore(t)
	hers := ask(t, st, "telegram", "m1", "Số em 0912345678", qNow)
	answered := ask(t, st, "telegram", "m1", "câu hai", qNow)
	other := ask(t, st, "telegram", "m2", "của chị khác", qNow)
	asHead := store.Identity{Platform: "telegram", UserID: "m3"} // a member who is also a head
	if _, err := st.AnswerQuestion(ctx, answered.ID, asHead, "đáp", qNow); err != nil {
		t.Fatal(err)
	}
	if _, err := st.ClaimQuestion(ctx, other.ID, asHead, qNow, time.Hour); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Erase(ctx, "telegram", "m1"); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{hers.ID, answered.ID} {
		if _, err := st.Question(ctx, id); !errors.Is(err, store.ErrQuestionUnknown) {
			t.Fatalf("her question %s: %v", id, err)
		}
	}
	if alerts, _ := st.TakeQuestionAlerts(ctx, 100); len(alerts) != 1 || alerts[0].ID != other.ID {
		t.Fatalf("alerts after erase: %v", alerts)
	}
	if n := countAll(t, st); n != 1 {
		t.Fatalf("export after erase: %d questions", n)
	}
	if _, err := st.Erase(ctx, "telegram", "m3"); err != nil {
		t.Fatal(err)
	}
	got, err := st.Question(ctx, other.ID)
	if err != nil || got.ClaimedBy != store.ErasedIdentity {
		t.Fatalf("claimed by an erased head: %+v %v", got, err)
	}
	keys, _ := st.Client().Keys(ctx, "loa:{q}:*").Result()
	for _, k := range keys {
		if strings.Contains(k, "m1") || strings.Contains(k, "m3") {
			t.Fatalf("key %s still names an erased person", k)
		}
		if typ := st.Client().Type(ctx, k).Val(); typ == "hash" {
			for f, v := range st.Client().HGetAll(ctx, k).Val() {
				if v == "telegram:m3" || v == "telegram:m1" || strings.Contains(v, "0912") {
					t.Fatalf("%s %s = %q", k, f, v)
				}
			}
		}
	}
}

func countAll(t *testing.T, st *store.Store) int {
	n := 0
	for _, err := range st.AllQuestions(context.Background()) {
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	return n
}

// BenchmarkListOpenQuestionsProvince lists the newest page of a province
// of 900 branches in 100 communes with 10,000 open questions: what /cauhoi
// and the dashboard's question page do for provincial staff.
func BenchmarkListOpenQuestionsProvince(b *testing.B) {
	ctx := context.Background()
	st := store.New(redistest.Start(b).Client())
	tree := []store.Unit{{Code: "P", Name: "Tỉnh", Kind: "province"}}
	for c := range 100 {
		tree = append(tree, store.Unit{Code: fmt.Sprintf("C%d", c), Name: "Xã", Parent: "P", Kind: "commune"})
		for br := range 9 {
			tree = append(tree, store.Unit{Code: fmt.Sprintf("C%d-B%d", c, br), Name: "Chi hội", Parent: fmt.Sprintf("C%d", c), Kind: "branch"})
		}
	}
	if _, err := st.ImportUnits(ctx, tree); err != nil {
		b.Fatal(err)
	}
	for i := range 1000 {
		m := store.Member{Platform: "telegram", UserID: fmt.Sprintf("u%d", i), Name: "Chị", Unit: fmt.Sprintf("C%d-B%d", i%100, (i/100)%9), Consent: qNow}
		if _, err := st.Register(ctx, m); err != nil {
			b.Fatal(err)
		}
		for j := range 10 {
			if _, _, err := st.OpenQuestion(ctx, store.NewQuestion{Asker: m.Identity(), Text: fmt.Sprintf("câu %d", j), Reason: store.QuestionFallback, Now: qNow}); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ResetTimer()
	for b.Loop() {
		page, err := st.ListOpenQuestions(ctx, "P", "", 20)
		if err != nil || len(page.Questions) != 20 {
			b.Fatal(len(page.Questions), err)
		}
	}
}
