package content_test

import (
	"slices"
	"strings"
	"testing"

	"loa/content"
	"loa/internal/testkit"
)

// askFixture is a small knowledge base in two topics, enough to exercise
// Ask's behaviour independently of the shipped content.
var askFixture = map[string]string{
	"faq/vneid.yaml": `topic: vneid
title: "VNeID"
order: 2
entries:
  - id: vneid-la-gi
    questions: ["VNeID là gì?", "Ứng dụng định danh điện tử dùng để làm gì?", "Định danh điện tử là gì?"]
    keywords: [vneid, định danh điện tử]
    answer: "VNeID là ứng dụng định danh điện tử của Bộ Công an."
    source: "s"
    related: [vneid-quen-mat-khau]
  - id: vneid-dang-ky-muc-2
    questions: ["Đăng ký tài khoản định danh mức 2 ở đâu?", "Làm VNeID mức 2 cần gì?", "Muốn có tài khoản mức 2 thì đi đâu?"]
    answer: "Chị mang căn cước gắn chip đến Công an xã/phường."
    source: "s"
  - id: vneid-quen-mat-khau
    questions: ["Quên mật khẩu VNeID thì làm sao?", "Lấy lại mật khẩu ứng dụng định danh thế nào?", "Không nhớ mật khẩu VNeID"]
    answer: "Chị bấm Quên mật khẩu và nhập mã OTP gửi về điện thoại."
    source: "s"
  - id: vneid-do-tuoi
    questions: ["Bao nhiêu tuổi thì được làm VNeID?", "Trẻ em có tài khoản định danh không?", "Con nhỏ làm VNeID được không?"]
    answer: "Trẻ dưới 14 tuổi được đăng ký qua tài khoản của cha mẹ."
    source: "s"
`,
	"faq/vayvon.yaml": `topic: vayvon
title: "Vay vốn"
order: 1
entries:
  - id: vay-dieu-kien
    questions: ["Điều kiện vay vốn ngân hàng chính sách xã hội là gì?", "Hộ nghèo muốn vay vốn cần gì?", "Ai được vay vốn ưu đãi?"]
    keywords: [nhcsxh, vay ưu đãi]
    answer: "Hộ nghèo, cận nghèo có hộ khẩu tại xã và được tổ tiết kiệm vay vốn bình xét."
    source: "s"
  - id: vay-lai-suat
    questions: ["Lãi suất vay hộ nghèo bao nhiêu?", "Vay ngân hàng chính sách lãi mấy phần trăm?", "Tiền lãi mỗi tháng tính thế nào?"]
    answer: "Lãi suất do Thủ tướng quy định, chị hỏi tổ tiết kiệm và vay vốn."
    source: "s"
  - id: vay-thoi-han
    questions: ["Thời hạn vay tối đa bao lâu?", "Vay được mấy năm?", "Bao lâu phải trả hết nợ?"]
    answer: "Thời hạn cho vay tùy chương trình, thường đến 5 năm."
    source: "s"
  - id: vay-o-dau
    questions: ["Làm hồ sơ vay ở đâu?", "Nộp giấy đề nghị vay cho ai?", "Muốn vay thì gặp ai?"]
    answer: "Chị gặp tổ trưởng tổ tiết kiệm và vay vốn ở ấp."
    source: "s"
`,
	"emergency.yaml": `emergencies:
  - id: bao-luc
    triggers: ["chồng đánh", "đang bị đánh", "đánh em"]
    answer: "Chị gọi ngay 113."
    source: "s"
  - id: tre-em
    triggers: ["xâm hại trẻ em"]
    answer: "Gọi 111."
    source: "s"
`,
}

func fixtureKB(t testing.TB) *content.KB {
	t.Helper()
	kb, err := content.LoadDir(writeFiles(t.(*testing.T), askFixture))
	if err != nil {
		t.Fatal(err)
	}
	return kb
}

func ids(es []*content.Entry) []string {
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = e.ID
	}
	return out
}

func TestAskFindsTheEntryWhateverTheSpelling(t *testing.T) {
	t.Parallel()
	kb := fixtureKB(t)
	for q, want := range map[string]string{
		"vneid la j z c":                        "vneid-la-gi",
		"VNEID LÀ GÌ VẬY":                       "vneid-la-gi",
		"vnied la gi":                           "vneid-la-gi", // typo: swapped letters
		"e quen mk vneid r":                     "vneid-quen-mat-khau",
		"dk muc 2 o dau":                        "vneid-dang-ky-muc-2",
		"lai suat vay nhcsxh bn":                "vay-lai-suat",
		"con e 8 tuoi lam vneid dc ko":          "vneid-do-tuoi",
		"nha e ngheo muon vay von thi can j a":  "vay-dieu-kien",
		"vay đc tối đa mấy năm vậy chị ơiiiii?": "vay-thoi-han",
	} {
		a := kb.Ask(q)
		if a.Emergency != nil || len(a.Entries) == 0 || a.Entries[0].ID != want {
			t.Errorf("Ask(%q) = %v (score %.2f), want %s first", q, ids(a.Entries), a.Score, want)
		}
		if a.Normalized != content.Normalize(q) {
			t.Errorf("Ask(%q).Normalized = %q, want Normalize = %q", q, a.Normalized, content.Normalize(q))
		}
	}
}

func TestAskFallsBackHonestly(t *testing.T) {
	t.Parallel()
	kb := fixtureKB(t)
	for _, q := range []string{"giá vàng hôm nay bn", "cách nấu canh chua cá lóc", "", "???", "😀"} {
		a := kb.Ask(q)
		if len(a.Entries) != 0 || a.Emergency != nil || len(a.Related) != 0 {
			t.Errorf("Ask(%q) = %v %v, want no answer", q, ids(a.Entries), a.Emergency)
		}
		if a.Normalized != content.Normalize(q) {
			t.Errorf("Ask(%q).Normalized = %q", q, a.Normalized)
		}
	}
}

func TestAskEmergencyWins(t *testing.T) {
	t.Parallel()
	kb := fixtureKB(t)
	for q, want := range map[string]string{
		"ck e danh e qua troi, vay von o dau": "bao-luc", // "đánh em" beats the loan question
		"Chồng đánh em!!!":                    "bao-luc",
		"tôi đang bị đánh":                    "bao-luc",
		"có người xâm hại trẻ em":             "tre-em",
	} {
		a := kb.Ask(q)
		if a.Emergency == nil || a.Emergency.ID != want || len(a.Entries) != 0 {
			t.Errorf("Ask(%q) = emergency %v entries %v, want %s alone", q, a.Emergency, ids(a.Entries), want)
		}
	}
	// A trigger is a phrase of whole words, not scattered words.
	if a := kb.Ask("chồng em không muốn đi làm vneid, đánh giá sao"); a.Emergency != nil {
		t.Errorf("scattered words triggered %s", a.Emergency.ID)
	}
}

func TestAskTwoQuestions(t *testing.T) {
	t.Parallel()
	kb := fixtureKB(t)
	for q, want := range map[string][2]string{
		"vay von ngan hang csxh can dieu kien gi? lai suat vay ho ngheo bn": {"vay-dieu-kien", "vay-lai-suat"},
		"quen mat khau vneid thi lam sao, voi lai con nho lam vneid dc ko":  {"vneid-quen-mat-khau", "vneid-do-tuoi"},
	} {
		a := kb.Ask(q)
		got := ids(a.Entries)
		if len(got) != 2 || !(got[0] == want[0] && got[1] == want[1] || got[0] == want[1] && got[1] == want[0]) {
			t.Errorf("Ask(%q) = %v, want %v", q, got, want)
		}
	}
	// Two parts about one subject give one answer.
	if a := kb.Ask("vneid la gi? dinh danh dien tu la gi"); len(a.Entries) != 1 {
		t.Errorf("one subject in two parts gave %v", ids(a.Entries))
	}
}

func TestAskRelated(t *testing.T) {
	t.Parallel()
	kb := fixtureKB(t)
	a := kb.Ask("vneid la gi")
	if len(a.Entries) != 1 {
		t.Fatalf("entries %v", ids(a.Entries))
	}
	rel := ids(a.Related)
	if len(rel) == 0 || len(rel) > 3 || rel[0] != "vneid-quen-mat-khau" {
		t.Errorf("related = %v, want the entry's own related id first, at most 3", rel)
	}
	for _, r := range a.Related {
		if r.Topic != "vneid" || r.ID == "vneid-la-gi" {
			t.Errorf("related %s: not a neighbour of the same topic", r.ID)
		}
	}
	two := kb.Ask("lai suat vay bn; vay duoc may nam")
	for _, r := range two.Related {
		for _, e := range two.Entries {
			if r == e {
				t.Errorf("related repeats the answered entry %s", e.ID)
			}
		}
	}
}

func TestTopicsInMenuOrder(t *testing.T) {
	t.Parallel()
	kb := fixtureKB(t)
	var got []string
	for _, tp := range kb.Topics() {
		got = append(got, tp.ID)
	}
	if strings.Join(got, ",") != "vayvon,vneid" {
		t.Errorf("topics = %v, want by order", got)
	}
	if kb.Topic("vneid").Title != "VNeID" || len(kb.Topic("vneid").Entries) != 4 || kb.Topic("x") != nil || kb.Entry("x") != nil {
		t.Error("Topic/Entry lookups")
	}
}

func FuzzAsk(f *testing.F) {
	lib := testkit.EmbeddedLibrary(f)
	kb := lib.KB()
	for _, s := range []string{"5k3s la j z c", "ck e danh e qua troi oi cuu e", "vay von nhcsxh can gi, lai suat bn?",
		"vneid la gi và vay vốn ở đâu; thêm nữa bhyt", "", "???", "va va va", "vn eid mk", "\xff", "5 5 5 5 5"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a := kb.Ask(s)
		if len(a.Entries) > 2 || len(a.Related) > 3 {
			t.Fatalf("Ask(%q): %d entries, %d related", s, len(a.Entries), len(a.Related))
		}
		if a.Emergency != nil && len(a.Entries) > 0 {
			t.Fatalf("Ask(%q): emergency and entries", s)
		}
		if len(a.Entries) == 2 && a.Entries[0] == a.Entries[1] {
			t.Fatalf("Ask(%q): the same entry twice", s)
		}
		for _, r := range a.Related {
			for _, e := range a.Entries {
				if r == e {
					t.Fatalf("Ask(%q): related repeats %s", s, e.ID)
				}
			}
		}
	})
}

// Questions about Loa herself, wishes and insults are small talk, answered
// briefly, not matched to an entry; a question that only sounds like one
// ("giá bao nhiêu vậy ad", about something) is not.
func TestAskSmallTalkAboutLoa(t *testing.T) {
	t.Parallel()
	kb := fixtureKB(t)
	for q, want := range map[string]string{
		"Loa ơi Loa năm nay mấy tuổi rồi":           "bot",
		"ad la nguoi that hay robot vay":            "bot",
		"loa co chong chua":                         "play",
		"Chúc Loa năm mới vui vẻ, mạnh khỏe":        "wish",
		"chuc ad ngay 8/3 vui ve":                   "wish",
		"bot ngu the, hoi may cau ko bit gi":        "insult",
		"chào Loa":                                  "greeting",
		"chuc Loa ngu ngon nha":                     "wish",
		"bye Loa, tam biet nha":                     "goodbye",
		"chatbot nay la nguoi that ha":              "bot",
		"hihi":                                      "greeting",
		"tra loi vo dung qua":                       "complaint",
		"may la nguoi that hay may vay":             "bot",
		"m la robot ha, tra loi ngu qua":            "insult",
		"hi moi nguoi, e moi vo nhom, lam quen nha": "greeting",
		"quen mat khau vneid":                       "",
		"chồng tôi":                                 "",
		"giá bao nhiêu vậy ad":                      "",
		"Bao nhiêu tuổi thì được làm VNeID ạ?":      "",
	} {
		if got := kb.Ask(q).SmallTalk; got != want {
			t.Errorf("Ask(%q).SmallTalk = %q, want %q", q, got, want)
		}
	}
}

// TestAskIgnoresHerPhoneNumber: members leave a phone or ID number for a
// call back. It must not change what Loa understands: the same entries, and
// a Union question Loa cannot answer stays in scope (so it reaches a person).
func TestAskIgnoresHerPhoneNumber(t *testing.T) {
	t.Parallel()
	lib := testkit.EmbeddedLibrary(t)
	kb := lib.KB()
	for _, q := range []string{
		"5k3s la gi",
		"vay von ngan hang chinh sach can giay to gi",
		"chi hoi minh khi nao to chuc di tham quan",
		"Xuyến hỏi chi hội mình khi nào tổ chức đi tham quan",
		"quỹ xoay vòng của chi hội ấp mình còn bao nhiêu tiền",
	} {
		plain := kb.Ask(q)
		for _, with := range []string{q + ", số em 0912345678", q + " sdt 84912345678 cccd 079190001234 a", "0389123456 " + q} {
			got := kb.Ask(with)
			if !slices.Equal(ids(got.Entries), ids(plain.Entries)) || got.InScope != plain.InScope || (got.Emergency == nil) != (plain.Emergency == nil) {
				t.Errorf("Ask(%q) = %v in scope %v; without the number %v in scope %v", with, ids(got.Entries), got.InScope, ids(plain.Entries), plain.InScope)
			}
		}
	}
	if got := content.Normalize("goi 1900969680 hoac 111, so em 0912345678"); got != "goi 1900969680 hoac 111 so em" {
		t.Errorf("Normalize kept or dropped the wrong numbers: %q", got)
	}
}

// A member who shortens a name of the knowledge base to its initials
// ("gqvl" for giải quyết việc làm, "lbdg" for luật bình đẳng giới) is
// answered as if she had written it out, from the entries' keywords, with
// no list of such abbreviations to keep.
func TestAskReadsInitialsOfKeywords(t *testing.T) {
	t.Parallel()
	lib, err := content.NewLibrary("")
	if err != nil {
		t.Fatal(err)
	}
	kb := lib.KB()
	for _, c := range []struct{ short, long string }{
		{"vay gqvl o dau", "vay giải quyết việc làm ở đâu"},
		{"vay von gqvl can gi", "vay vốn giải quyết việc làm cần gì"},
		{"lbdg quy dinh gi", "luật bình đẳng giới quy định gì"},
		{"ldqm thi bao o dau", "lừa đảo qua mạng thì báo ở đâu"},
	} {
		want := kb.Ask(c.long)
		got := kb.Ask(c.short)
		if len(want.Entries) == 0 {
			t.Fatalf("Ask(%q) found nothing: the knowledge base changed, pick another keyword", c.long)
		}
		if len(got.Entries) == 0 || got.Entries[0] != want.Entries[0] {
			t.Errorf("Ask(%q) = %v (asked back %v), want %s as for %q", c.short, ids(got.Entries), ids(got.Clarify), want.Entries[0].ID, c.long)
		}
	}
}

// An entry that matches the topic of her question but holds no figure of
// the kind she asks for (a year, a duration, an amount), or says itself
// that Loa lacks it, is a neighbour of a gap: she gets the honest fallback
// (which staff see), not the near entry.
func TestAskFallsBackWhenTheEntryLacksTheFigureAsked(t *testing.T) {
	t.Parallel()
	files := map[string]string{"emergency.yaml": askFixture["emergency.yaml"], "faq/maiam.yaml": `topic: maiam
title: "Mái ấm tình thương"
order: 1
entries:
  - id: maiam-la-gi
    questions: ["Mái ấm tình thương là gì?", "Chương trình mái ấm tình thương của hội phụ nữ là gì?", "Nhà tình thương của hội là gì?"]
    keywords: [mái ấm tình thương, nhà tình thương]
    answer: "Mái ấm tình thương là nhà Hội LHPN vận động xây hoặc sửa cho hội viên nghèo không có nhà ở an toàn."
    source: "s"
  - id: maiam-muc-ho-tro
    questions: ["Mái ấm tình thương hỗ trợ những gì?", "Xây mái ấm tình thương được hỗ trợ thế nào?", "Hội hỗ trợ xây nhà ra sao?"]
    answer: "Hội góp vật liệu và ngày công từ nguồn vận động. Loa chưa có con số mức tiền hỗ trợ mỗi căn, chị hỏi Hội LHPN xã."
    source: "s"
`}
	kb, err := content.LoadDir(writeFiles(t, files))
	if err != nil {
		t.Fatal(err)
	}
	for q, want := range map[string]string{
		"mái ấm tình thương là gì vậy chị":              "maiam-la-gi",
		"mai am tinh thuong ho tro nhung gi":            "maiam-muc-ho-tro",
		"mái ấm tình thương của hội bao lâu":            "",
		"nhà tình thương của hội là gì, có từ năm nào":  "",
		"chương trình mái ấm tình thương có từ năm nào": "",
		"muc ho tro moi can mai am tinh thuong":         "",
	} {
		a := kb.Ask(q)
		switch got := ids(a.Entries); {
		case want == "" && (len(got) > 0 || len(a.Clarify) > 0):
			t.Errorf("Ask(%q) = %v %v, want the honest fallback", q, got, ids(a.Clarify))
		case want != "" && (len(got) == 0 || got[0] != want):
			t.Errorf("Ask(%q) = %v, want %s first", q, got, want)
		}
	}
}

// A subject of a group in entities.yaml (hộ nghèo, cận nghèo) must agree
// softly: her question about a near-poor household is not answered by the
// poor household's ceiling, while an entry that names no household at all
// still answers it.
func TestAskKeepsTheSubjectSheNames(t *testing.T) {
	t.Parallel()
	files := map[string]string{"emergency.yaml": askFixture["emergency.yaml"], "entities.yaml": `entities:
  - id: nhcsxh
    names: ["ngân hàng chính sách"]
  - id: ho-ngheo
    group: household
    names: ["hộ nghèo"]
  - id: ho-can-ngheo
    group: household
    names: ["cận nghèo"]
`, "faq/vayvon.yaml": `topic: vayvon
title: "Vay vốn"
order: 1
entries:
  - id: vay-ho-ngheo-muc-vay
    questions: ["Hộ nghèo được vay tối đa bao nhiêu tiền?", "Mức vay tối đa của hộ nghèo là bao nhiêu?", "Hộ nghèo vay được nhiều nhất bao nhiêu?"]
    answer: "Hộ nghèo được vay tối đa 100 triệu đồng mỗi hộ, không phải thế chấp."
    source: "s"
  - id: vay-can-ngheo
    questions: ["Hộ cận nghèo có được vay vốn không?", "Cận nghèo vay ngân hàng chính sách được không?", "Nhà cận nghèo có vay ưu đãi được không?"]
    answer: "Có, hộ cận nghèo có chương trình vay riêng. Mức vay tối đa cho hộ cận nghèo, Loa chưa có thông tin chắc chắn."
    source: "s"
  - id: vay-lien-he
    questions: ["Muốn vay vốn thì liên hệ ai?", "Vay ngân hàng chính sách gặp ai ở ấp?", "Ai nhận giấy đề nghị vay vốn?"]
    answer: "Chị gặp tổ trưởng tổ tiết kiệm và vay vốn ở ấp."
    source: "s"
`}
	kb, err := content.LoadDir(writeFiles(t, files))
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(kb.Ask("hộ nghèo vay được tối đa bao nhiêu tiền").Entries); !slices.Equal(got, []string{"vay-ho-ngheo-muc-vay"}) {
		t.Errorf("poor household's ceiling: got %v", got)
	}
	for _, q := range []string{"hộ cận nghèo vay được tối đa bao nhiêu tiền", "can ngheo vay toi da duoc bao nhieu"} {
		a := kb.Ask(q)
		if slices.Contains(ids(a.Entries), "vay-ho-ngheo-muc-vay") || slices.Contains(ids(a.Clarify), "vay-ho-ngheo-muc-vay") {
			t.Errorf("Ask(%q) = %v %v: the poor household's ceiling for a near-poor household", q, ids(a.Entries), ids(a.Clarify))
		}
	}
	if got := ids(kb.Ask("nhà em cận nghèo, muốn vay vốn thì liên hệ ai ở ấp").Entries); !slices.Contains(got, "vay-lien-he") {
		t.Errorf("an entry naming no household should still answer her: got %v", got)
	}
}
