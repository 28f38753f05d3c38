package main

import (
	"context"
	"strings"
	"testing"
	"unicode/utf8"

	"loa/content"
	"loa/store"
)

// scenario is one conversation a member holds with the bot. The same table
// runs on every platform (Telegram buttons, Zalo numbered lists).
type scenario struct {
	name string
	run  func(t *testing.T, m member, st *store.Store)
}

var scenarios = []scenario{
	{"start greets and offers the topics", func(t *testing.T, m member, _ *store.Store) {
		m.Say("/start")
		r := m.Replies(1)
		contains(t, "greeting", r[0], "Loa", "113")
		if choices := m.Choices(); len(choices) < 10 {
			t.Fatalf("want the topic menu, got %q", choices)
		}
	}},
	{"a question typed without diacritics gets the right answer and follow-ups", func(t *testing.T, m member, _ *store.Store) {
		m.Say("5k3s la j z c")
		r := m.Replies(1)
		contains(t, "answer", r[0], "5 không", "3 sạch", "Nguồn:")
		if len(m.Choices()) < 2 {
			t.Fatalf("want related questions offered, got %q", m.Choices())
		}
	}},
	{"browsing: topic, then a question, then its answer", func(t *testing.T, m member, _ *store.Store) {
		m.Say("/chude")
		m.Replies(1)
		var vneid string
		for _, c := range m.Choices() {
			if strings.Contains(c, "VNeID") {
				vneid = c
			}
		}
		if vneid == "" {
			t.Fatalf("no VNeID topic in %q", m.Choices())
		}
		m.Press(vneid)
		r := m.Replies(2)
		contains(t, "topic questions", r[1], "VNeID")
		questions := m.Choices()
		if len(questions) < 5 {
			t.Fatalf("want the topic's questions, got %q", questions)
		}
		m.Press(questions[0])
		r = m.Replies(3)
		contains(t, "answer from a button", r[2], "VNeID", "Nguồn:")
	}},
	{"an unknown question is admitted, offered the topics and recorded for staff", func(t *testing.T, m member, st *store.Store) {
		m.Say(offTopic)
		r := m.Replies(1)
		contains(t, "fallback", r[0], "chưa có câu trả lời", "Hội LHPN xã")
		if len(m.Choices()) < 10 {
			t.Fatalf("fallback should offer the topics, got %q", m.Choices())
		}
		// She has not joined: the question is counted, her words are not
		// kept (only members' are, masked).
		n, err := st.UnansweredAnonymous(context.Background())
		if err != nil || n == 0 {
			t.Fatalf("unanswered question not recorded: %d, %v", n, err)
		}
		if keys := keysMentioning(t, st.Client(), "gia vang"); len(keys) > 0 {
			t.Fatalf("a visitor's words were kept: %v", keys)
		}
	}},
	{"an off-topic question is declined honestly, without a promise, and not recorded", func(t *testing.T, m member, st *store.Store) {
		recorded := func() int {
			top, err := st.TopUnanswered(context.Background(), 10000)
			if err != nil {
				t.Fatal(err)
			}
			return len(top)
		}
		before := recorded()
		m.Say("gia vang hom nay bn 1 chi")
		r := m.Replies(1)
		contains(t, "off-topic", r[0], "ngoài việc của Hội")
		if strings.Contains(r[0], "ghi lại") {
			t.Errorf("an off-topic question was promised a follow-up: %q", r[0])
		}
		if after := recorded(); after != before {
			t.Errorf("an off-topic question was recorded for staff (%d → %d)", before, after)
		}
	}},
	{"greetings and thanks are small talk, not questions", func(t *testing.T, m member, _ *store.Store) {
		m.Say("xin chào")
		contains(t, "greeting", m.Replies(1)[0], "Chào chị")
	}},
	{"two close entries: Loa asks which one she means", func(t *testing.T, m member, _ *store.Store) {
		m.Say(clarifyingQuestion)
		r := m.Replies(1)
		contains(t, "clarify", r[0], "điều nào")
		if len(m.Choices()) < 3 {
			t.Fatalf("want two or three entries and a way out, got %q", m.Choices())
		}
	}},
	{"a question Loa is unsure of: she is offered the likely entries and one tap answers", func(t *testing.T, m member, _ *store.Store) {
		want := firstSuggestion(t, unsureQuestion)
		m.Say(unsureQuestion)
		r := m.Replies(1)
		contains(t, "fallback", r[0], "chưa có câu trả lời", "Có phải chị muốn hỏi")
		choices := m.Choices()
		if len(choices) < 2 || choices[0] != buttonText(want) {
			t.Fatalf("want %q offered first, got %q", buttonText(want), choices)
		}
		m.Press(choices[0])
		contains(t, "the suggested entry's answer", m.Replies(2)[1], answerStart(want))
	}},
	{"two close entries: a tap on one of them answers", func(t *testing.T, m member, _ *store.Store) {
		m.Say(clarifyingQuestion)
		contains(t, "clarify", m.Replies(1)[0], "điều nào")
		choices := m.Choices()
		if len(choices) < 3 {
			t.Fatalf("want two or three entries and a way out, got %q", choices)
		}
		lib, err := content.NewLibrary("")
		if err != nil {
			t.Fatal(err)
		}
		a := lib.KB().Ask(clarifyingQuestion)
		if len(a.Clarify) == 0 || choices[0] != buttonText(a.Clarify[0]) {
			t.Fatalf("want %v offered first, got %q", a.Clarify, choices)
		}
		m.Press(choices[0])
		contains(t, "answer from the choice", m.Replies(2)[1], answerStart(a.Clarify[0]))
	}},
	{"an emergency gets the hotline first", func(t *testing.T, m member, _ *store.Store) {
		m.Say("ck e dang danh e cuu e voi")
		r := m.Replies(1)
		contains(t, "emergency", r[0], "113")
	}},
	{"help lists the commands", func(t *testing.T, m member, _ *store.Store) {
		m.Say("/help")
		contains(t, "help", m.Replies(1)[0], "/chude")
	}},
}

func TestConversationsOnEveryPlatform(t *testing.T) {
	t.Parallel()
	conversationsOn(t, nil, inParallel)
}

// conversationsOn runs the scenarios on every platform, each platform's
// program on the Redis redisEnv gives (nil: its own server), the platforms'
// subtests run by run (inParallel or concurrently).
func conversationsOn(t *testing.T, redisEnv func(t *testing.T) map[string]string, run func(*testing.T, ...subtest)) {
	var platforms []subtest
	for _, rig := range rigs(t) {
		platforms = append(platforms, subtest{"", func(t *testing.T) {
			r := rig(t)
			t.Run(r.name, func(t *testing.T) {
				env := map[string]string{}
				for k, v := range r.env {
					env[k] = v
				}
				if redisEnv != nil {
					for k, v := range redisEnv(t) {
						env[k] = v
					}
				}
				p := startProgram(t, env, r.secrets...)
				for i, sc := range scenarios {
					t.Run(sc.name, func(t *testing.T) {
						sc.run(t, r.newMember(t, i), p.st)
					})
				}
			})
		}})
	}
	run(t, platforms...)
}

func TestFirstStartLoadsTheSampleTree(t *testing.T) {
	t.Parallel()
	p := startProgram(t, nil)
	roots, err := p.st.Roots(context.Background())
	if err != nil || len(roots) != 1 || !strings.Contains(roots[0].Name, "Đồng Nai") {
		t.Fatalf("want the sample tree of Đồng Nai after a first start, got %+v (%v)", roots, err)
	}
}

// clarifyingQuestion is short enough to fit two entries almost equally
// ("VNeID level 1 and level 2" and "how to register for level 2"): Loa asks
// which one. ("vneid la j z c" was one until blind set v4 became training
// and taught the matcher that it asks what VNeID is.)
const clarifyingQuestion = "vneid muc 2"

// unsureQuestion is relayed for someone else: the knowledge base ranks the
// Mái ấm and old-age entries first without the confidence to answer, and
// offers them (content.Answer.Suggest). ("em nghe noi chi hoi co cho vay
// tien de nuoi bo, ba em hoi la phai lam giay to gi" was one until session
// 10's training paraphrases taught the matcher to answer it, "ba em muon vay
// tien hoi phu nu de mua bo giong thi lam giay gi" until session 11's, and
// "chi hang xom nho e hoi vay tien hoi phu nu ve sua chuong bo can nhung
// giay to nao" until session 12's loan questions asked back between the
// loan entries.)
const unsureQuestion = "me chong nho e hoi hoi co giup sua nha cho nguoi gia ko"

// firstSuggestion is the entry the knowledge base offers first for q.
func firstSuggestion(t *testing.T, q string) *content.Entry {
	t.Helper()
	lib, err := content.NewLibrary("")
	if err != nil {
		t.Fatal(err)
	}
	a := lib.KB().Ask(q)
	if len(a.Entries) > 0 || len(a.Clarify) > 0 || len(a.Suggest) == 0 {
		t.Fatalf("the knowledge base no longer offers suggestions for %q; pick another example", q)
	}
	return a.Suggest[0]
}

// buttonText is an entry's button label as handlers shows it (its first
// question, cut at 60 characters).
func buttonText(e *content.Entry) string {
	if utf8.RuneCountInString(e.Questions[0]) > 60 {
		return string([]rune(e.Questions[0])[:59]) + "…"
	}
	return e.Questions[0]
}

// answerStart is the first line of an entry's answer, at most 40 characters.
func answerStart(e *content.Entry) string {
	a, _, _ := strings.Cut(strings.TrimSpace(e.Answer), "\n")
	if utf8.RuneCountInString(a) > 40 {
		a = string([]rune(a)[:40])
	}
	return a
}
