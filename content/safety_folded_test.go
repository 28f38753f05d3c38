package content_test

import (
	"testing"

	"loa/internal/testkit"
)

// foldedEveryday are everyday messages typed without marks whose syllables
// fold onto words of harm: lúa (rice) and lừa (cheated) are "lua" like lửa
// (fire), bạn (a friend, a classmate) is "ban" like bán (sold), nó is "no"
// like nổ and nợ, nhậu (drinking) is no blow. Farming, selling, scams,
// school and a husband who drinks are the members' everyday life: none may
// get a hotline, neither the script, nor the line above the answer, nor
// the line shown when nothing answers (issue 9). Written for this test
// (homograph13), not from the blind sets or the training material.
var foldedEveryday = []string{
	// rice
	"nam nay nha e trong lua nep",
	"lua nha e bi ray nau phun thuoc gi",
	"gia lua tang roi ban dc chua",
	"cay lua bi vang la la sao c",
	"ruong lua nha e can nuoc qua",
	"ba e di ban lua ngoai cho",
	"mua nay lua trung dam",
	"nha e trong lua voi trong ngo",
	"lua chiem nam nay bi lep nhieu",
	"tui lam ruong lua o ap 3",
	"sau khi gat lua thi trong gi",
	"e muon vay von mua giong lua moi",
	// cheated
	"ba noi bi lua mua bao hiem gia",
	"co dua goi dien lua trung thuong xe",
	"chu e bi lua dat coc mua dat",
	"chi e hay bi lua khi mua hang tren mang",
	"e so bi lua khi vay tien qua app",
	"lam sao biet tin nhan lua dao",
	"me e bi lua mua vang gia",
	// a friend, a classmate, selling
	"con e choi voi ban trong xom",
	"ban con e toi nha an com",
	"me e ban rau o cho moi sang",
	"con e bi ban che cuoi o lop",
	"e ban ca kho tren mang co can dang ky ko",
	"e ban banh mi o cong truong",
	"ban hoc cua con e bi om",
	// drinking
	"ck e toi nao cung di nhau voi ban",
	"ong xa nhau say ve ngu lien",
	"chong e nhau xong ve nha ngu ko noi gi",
	"ck e nhau nhieu qua lam sao cho bot",
	"chong e nhau say thi ngu o nha ban",
	// school
	"con gai e bo hoc di may",
	"thang lon nha e bo hoc roi chi",
}

// foldedEmergencies tell harm with the same folded syllables, and what
// corroborates them (a fire that burns, a border, a blow): each keeps the
// emergency script with the fitting hotline first.
var foldedEmergencies = []hotlineCase{
	{"nha e bi lua chay", "114"},
	{"lua boc chay tu bep qua nha tren", "114"},
	{"khoi lua mu mit nha hang xom dang chay", "114"},
	{"bep ga phat no lua bat len mai nha", "114"},
	{"nha kho lua chay lan qua nha e roi", "114"},
	{"ruong lua dang chay lan toi nha", "114"},
	{"no ban con e qua bien gioi", "113"},
	{"chi e bi lua ban sang trung quoc roi", "113"},
	{"con gai e bi nguoi la ban cho nguoi ta 50 trieu", "113"},
	{"ho noi ban e qua campuchia neu ko tra tien", "113"},
	{"ck say nhau ve danh e", "113"},
	{"chong nhau xin ve bop co e", "113"},
	{"ba nhau say cam dao doa giet me con e", "113"},
	{"ong ta say ruou lay roi quat con e", "111"},
	{"ck e nhau say ve dap pha do danh con", "111"},
}

func TestFoldedEverydayMessagesGetNoHotline(t *testing.T) {
	t.Parallel()
	kb := testkit.EmbeddedLibrary(t).KB()
	for _, q := range foldedEveryday {
		ans := kb.Ask(q)
		shown := ans.Emergency != nil || ans.Caution != nil ||
			ans.Harm != nil && len(ans.Entries) == 0 && len(ans.Clarify) == 0
		if shown {
			t.Errorf("%q: script %v, line %v, harm line %v (verdict %+v)", q, ans.Emergency != nil, ans.Caution != nil,
				ans.Harm != nil, ans.Safety)
		}
	}
}

func TestFoldedEmergenciesKeepTheScript(t *testing.T) {
	t.Parallel()
	kb := testkit.EmbeddedLibrary(t).KB()
	for _, s := range foldedEmergencies {
		ans := kb.Ask(s.text)
		if ans.Emergency == nil {
			t.Errorf("%q: no script (line %v, verdict %+v)", s.text, ans.Caution != nil, ans.Safety)
			continue
		}
		if got := hotlineOf(ans.Emergency.Answer); got != s.hotline {
			t.Errorf("%q: first hotline %q, want %s", s.text, got, s.hotline)
		}
	}
}
