package address_test

import (
	"regexp"
	"strings"
	"testing"

	"loa/handlers/address"
	"loa/internal/testkit"
)

// Tell reads how she calls herself; the words below are not from the
// held-out list (handlers/testdata/address18), which measures the feature.
func TestTellReadsHowSheCallsHerself(t *testing.T) {
	t.Parallel()
	cases := []struct {
		text string
		want address.Form
		ok   bool
	}{
		// The two messages that started it (task address18).
		{"Bà hỏi tí, bà 70 tuổi rồi có được vào hội không cháu", address.Ba, true},
		{"tui hỏi cho bả vợ tui, bả muốn vay vốn nuôi heo thì làm sao", address.Anh, true},
		// bà, cô, bác as "I"; Loa as cháu / con.
		{"bà đang ở nhà một mình, bà muốn hỏi cái thẻ bhyt", address.Ba, true},
		{"cháu ơi giúp bà với", address.Ba, true},
		{"ba muon hoi tien tuat chau oi", address.Ba, true},
		{"cô có đứa con gái muốn học may, cô hỏi ở đâu dạy", address.Co, true},
		{"co dang o ap 3, co hoi vay von nha con", address.Co, true},
		{"nhờ con chỉ giùm làm sao mở vneid", address.Co, true},
		{"bác năm nay 66, bác có được vay không", address.Bac, true},
		{"bac gia roi chau, bac muon hoi ve bhyt", address.Bac, true},
		{"ông biết chữ ít, ông hỏi cháu cái này", address.Ong, true},
		{"chú hỏi giùm vợ chú vay vốn được không", address.Chu, true},
		// A man, by his wife or by saying so.
		{"vk tui muốn đi học nghề", address.Anh, true},
		{"hỏi giùm vợ, làm thẻ bhyt ở đâu", address.Anh, true},
		{"vợ của tôi bị bệnh tim", address.Anh, true},
		{"toi la dan ong co dc vao hoi ko", address.Anh, true},
		{"hỏi giùm vợ, cháu ơi bhyt mua ở đâu", address.Bac, true},
		{"vợ tui bệnh, cháu ơi chỉ giùm", address.Anh, true},
		// A younger woman: chị, which takes back an earlier form.
		{"em muốn hỏi về vay vốn", address.Chi, true},
		{"cho em hỏi bhyt", address.Chi, true},
		{"chồng tôi nhậu suốt", address.Chi, true},
		{"chồng bà mất rồi, bà muốn hỏi tiền tuất", address.Ba, true},
		{"ông xã bà đi làm xa cháu ơi", address.Ba, true},
		// She says "tôi"/"em": bà, cô and a final "con" are someone else.
		{"ông xã tui đi làm xa cháu ơi", address.Chi, true},
		{"tôi hỏi cho mẹ tôi, bà ở một mình có được hỗ trợ không", address.Chi, false},
		{"cài app gì để quản lý điện thoại con ạ", address.Chi, false},
		{"dạy con nói gì làm gì vậy các chị", address.Chi, false},
		{"con cho nha e bi xe tong gay chan", address.Chi, false},
		{"thấy nhà bà cụ bị phá cửa, bà đang trốn trong nhà", address.Chi, false},
		// "vô" (in) and "cho vợ" are no wife of his.
		{"bam vo co sao ko", address.Chi, false},
		{"e muon vo to thi gap ai", address.Chi, false},
		{"không cho vợ giữ tiền có phải bạo lực không", address.Chi, false},
		{"tôi đàn ông, hỏi về bhyt", address.Anh, true},
		// Other people: nothing said about her.
		{"bà con ấp tôi hỏi vay vốn", address.Chi, false},
		{"bà bầu cần tiêm gì", address.Chi, false},
		{"bà ngoại tôi bị té", address.Chi, false},
		{"bà nội của cháu tôi bị bệnh", address.Chi, false},
		{"bà hàng xóm bị đánh", address.Chi, false},
		{"cô giáo nói phải nộp tiền", address.Chi, false},
		{"anh hàng xóm đánh vợ", address.Chi, false},
		{"chị hội trưởng bảo họp", address.Chi, false},
		{"bác sĩ nói phải mổ", address.Chi, false},
		{"cô ấy bị chồng đánh", address.Chi, false},
		{"bả nói hội phát gạo", address.Chi, false},
		{"bà Sáu bán rau có được vay không", address.Chi, false},
		{"cô Lan hỏi có họp không", address.Chi, false},
		{"vợ chồng tôi muốn vay vốn", address.Chi, false},
		{"con trai tôi mới lấy vợ", address.Chi, false},
		{"đi khám với cháu", address.Chi, false},
		{"mua bhyt cho cháu", address.Chi, false},
		{"có hỏi được không", address.Chi, false},
		{"co ai biet ko", address.Chi, false},
		{"ba toi bi benh", address.Chi, false},
		{"cô đơn lắm", address.Chi, false},
		{"mình muốn hỏi về vneid", address.Chi, false},
		{"tui muốn vay vốn", address.Chi, false},
		{"", address.Chi, false},
	}
	for _, c := range cases {
		got, ok := address.Tell(c.text)
		if got != c.want || ok != c.ok {
			t.Errorf("Tell(%q) = %q, %v; want %q, %v", c.text, got, ok, c.want, c.ok)
		}
	}
}

func TestRewriteCallsTheReaderOnly(t *testing.T) {
	t.Parallel()
	cases := []struct {
		text string
		form address.Form
		want string
	}{
		{"Muốn vay, chị liên hệ tổ trưởng.", address.Anh, "Muốn vay, anh liên hệ tổ trưởng."},
		{"Chị hỏi chi hội trưởng nhé. Chị cứ gọi 113.", address.Ba, "Bà hỏi chi hội trưởng nhé. Bà cứ gọi 113."},
		{"Xin lỗi chị, Loa chưa có câu trả lời.", address.Co, "Xin lỗi cô, Loa chưa có câu trả lời."},
		{"CHỊ GỌI 113", address.Bac, "BÁC GỌI 113"},
		{"thẻ của chị", address.Ong, "thẻ của ông"},
		{"Muốn biết cách đề nghị, chị (anh) hỏi Hội LHPN xã.", address.Anh, "Muốn biết cách đề nghị, anh hỏi Hội LHPN xã."},
		{"Muốn biết cách đề nghị, chị (anh) hỏi Hội LHPN xã.", address.Ba, "Muốn biết cách đề nghị, bà hỏi Hội LHPN xã."},
		// Kept: women, people, titles, names, quotations.
		{"Kính mời chị em phụ nữ.", address.Ba, "Kính mời chị em phụ nữ."},
		{"anh chị em ruột; anh/chị; anh, chị", address.Ba, "anh chị em ruột; anh/chị; anh, chị"},
		{"các chị gặp gỡ; mấy chị trong tổ", address.Anh, "các chị gặp gỡ; mấy chị trong tổ"},
		{"để bảo vệ chị ấy; chị gái; chị dâu", address.Ba, "để bảo vệ chị ấy; chị gái; chị dâu"},
		{"hỏi chị hội trưởng hay chị chi hội trưởng, chị tổ trưởng", address.Co, "hỏi chị hội trưởng hay chị chi hội trưởng, chị tổ trưởng"},
		{"chị Lan phụ trách", address.Anh, "chị Lan phụ trách"},
		{"Chương trình “Chị giúp chị” và \"chị ơi\"", address.Ba, "Chương trình “Chị giúp chị” và \"chị ơi\""},
		// The reader next to someone else.
		{"chị em trong tổ giúp chị làm hồ sơ", address.Ba, "chị em trong tổ giúp bà làm hồ sơ"},
		{"chị chỉ cần mang thẻ", address.Co, "cô chỉ cần mang thẻ"},
		// chị is the default: nothing changes.
		{"Chị hỏi chi hội trưởng.", address.Chi, "Chị hỏi chi hội trưởng."},
	}
	for _, c := range cases {
		if got := address.Rewrite(c.text, c.form); got != c.want {
			t.Errorf("Rewrite(%q, %q)\n got %q\nwant %q", c.text, c.form, got, c.want)
		}
	}
}

// An answer that speaks to a woman about her own pregnancy is passed on by
// anyone not called "chị"; one about her husband or her joining the Union
// is passed on by a man; the rest is rewritten.
func TestRenderPassesOnWhatIsHersAlone(t *testing.T) {
	t.Parallel()
	pregnant := "Công ty không được sa thải vì chị mang thai. Chị hỏi công đoàn."
	husband := "Không ai có quyền ép chị, kể cả chồng. Chị gọi 113."
	loan := "Muốn vay, chị liên hệ tổ trưởng."
	for _, c := range []struct {
		text   string
		form   address.Form
		relay  bool
		reader string // the reader's word in the answer, when rewritten
	}{
		{pregnant, address.Ba, true, ""},
		{pregnant, address.Anh, true, ""},
		{husband, address.Anh, true, ""},
		{husband, address.Ba, false, "Bà gọi 113"},
		{loan, address.Anh, false, "anh liên hệ"},
		{loan, address.Ba, false, "bà liên hệ"},
		{pregnant, address.Chi, false, "Chị hỏi"},
	} {
		got := address.Render(c.text, c.form)
		relayed := strings.HasPrefix(got, "Dạ, Loa trả lời để "+c.form.Word()+" chuyển lời") && strings.HasSuffix(got, c.text)
		if relayed != c.relay || (!c.relay && !strings.Contains(got, c.reader)) {
			t.Errorf("Render(%q, %q) = %q; want relay %v, reader %q", c.text, c.form, got, c.relay, c.reader)
		}
	}
	// A hotline line above the answer stays first, in his form.
	line := "☎️ Nếu chị hoặc ai đó đang bị đánh: gọi ngay 113 (Công an)."
	got := address.Render(line+"\n\n"+husband, address.Anh)
	want := "☎️ Nếu anh hoặc ai đó đang bị đánh: gọi ngay 113 (Công an).\n\nDạ, Loa trả lời để anh chuyển lời giúp người nhà nhé:\n\n" + husband
	if got != want {
		t.Errorf("with a hotline line:\n got %q\nwant %q", got, want)
	}
}

var (
	lowerAtStart = regexp.MustCompile(`(?m)(?:^|[.!?]\s+)(bà|cô|bác|anh|chú|ông) `)
	doubled      = regexp.MustCompile(`(?i)(?:^|[\s(])(bà|cô|bác|anh|chú|ông) (bà|cô|bác|anh|chú|ông) |\((anh)\)\s*\((anh)\)|(bà|cô|bác|chú|ông) \(anh\)`)
	keptPhrases  = []string{"chị em", "anh chị", "chị ấy", "các chị", "mấy chị", "chị hội trưởng", "chị tổ trưởng", "chị chi hội"}
)

// Every answer of the knowledge base and every emergency line, in every
// form: the "chị" kept are only the people above (never the reader: a
// second rewrite changes nothing), no "chị em" or "anh chị" is broken, a
// sentence that opened with "Chị" opens with a capital, no pronoun is
// doubled ("anh (anh)"), and "chị" stays as written.
func TestRewriteEveryAnswer(t *testing.T) {
	t.Parallel()
	kb := testkit.EmbeddedLibrary(t).KB()
	var texts []string
	for _, e := range kb.Entries() {
		texts = append(texts, e.Answer)
	}
	for _, e := range kb.Emergencies() {
		texts = append(texts, e.Answer, e.Caution)
	}
	forms := []address.Form{address.Ba, address.Co, address.Bac, address.Anh, address.Chu, address.Ong}
	readers, relayed := 0, map[address.Form]int{}
	for _, text := range texts {
		if address.Rewrite(text, address.Chi) != text || address.Render(text, address.Chi) != text {
			t.Fatalf("chị changed %q", text)
		}
		for _, f := range forms {
			got := address.Rewrite(text, f)
			if again := address.Rewrite(got, f); again != got {
				t.Errorf("%s: a reader's chị left in %q", f, got)
			}
			for _, p := range keptPhrases {
				if strings.Count(strings.ToLower(got), p) != strings.Count(strings.ToLower(text), p) {
					t.Errorf("%s: %q broken in %q", f, p, got)
				}
			}
			if m := lowerAtStart.FindString(got); m != "" && !lowerAtStart.MatchString(text) {
				t.Errorf("%s: a sentence opens in lower case (%q) in %q", f, m, got)
			}
			if m := doubled.FindString(got); m != "" && !doubled.MatchString(text) {
				t.Errorf("%s: doubled pronoun %q in %q", f, m, got)
			}
			if strings.Contains(address.Render(text, f), "chuyển lời giúp người nhà") {
				relayed[f]++
			}
		}
		readers += strings.Count(text, "chị") + strings.Count(text, "Chị") - strings.Count(address.Rewrite(text, address.Ba), "chị") - strings.Count(address.Rewrite(text, address.Ba), "Chị")
	}
	t.Logf("%d texts, %d reader's chị rewritten; passed on as written (relay line): %v", len(texts), readers, relayed)
	if readers < 400 {
		t.Errorf("only %d reader's chị rewritten: the rewrite misses most of them", readers)
	}
}
