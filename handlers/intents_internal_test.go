package handlers

import (
	"strings"
	"testing"
	"time"

	"loa/chat"
	"loa/vntime"
)

func TestHeadcountsAsHeadsTypeThem(t *testing.T) {
	cases := []struct {
		in    string
		n     int64
		exact bool
		ok    bool
	}{
		{"25", 25, true, true},
		{"25 người", 25, true, true},
		{"1.200", 1200, true, true},
		{"khoảng 25", 25, false, true},
		{"khoang 25 nguoi", 25, false, true},
		{"tầm 30 chị", 30, false, true},
		{"25 chị", 25, false, true},
		{"hai mươi lăm", 25, false, true},
		{"hai muoi lam nguoi", 25, false, true},
		{"mười tám", 18, false, true},
		{"ba mươi mốt", 31, false, true},
		{"tám", 8, false, true},
		{"hai mươi tám", 28, false, true},
		{"một trăm linh năm", 105, false, true},
		{"gần 40 hội viên", 40, false, true},
		{"chưa nhớ", 0, false, false},
		{"200000", 0, false, false},
	}
	for _, c := range cases {
		n, exact, ok := parseHeadcount(c.in)
		if ok != c.ok || (ok && (n != c.n || exact != c.exact)) {
			t.Errorf("%q: got %d exact=%v ok=%v, want %d exact=%v ok=%v", c.in, n, exact, ok, c.n, c.exact, c.ok)
		}
	}
}

func TestHeadcountInsideASentence(t *testing.T) {
	cases := []struct {
		in, rest string
		n        int64
		ok       bool
	}{
		{"họp chi hội hôm qua 25 người", "họp chi hội hôm qua", 25, true},
		{"hop chi hoi hom qua khoang 30 chi du", "hop chi hoi hom qua du", 30, true},
		{"sinh hoat 5/12 co 18 nguoi", "sinh hoat 5/12 co", 18, true},
		{"hôm qua hai mươi lăm người", "hôm qua", 25, true},
		{"họp chi hội ngày 5/12", "", 0, false},
	}
	for _, c := range cases {
		n, _, rest, ok := findHeadcount(c.in)
		if ok != c.ok || (ok && (n != c.n || rest != c.rest)) {
			t.Errorf("%q: got %d %q %v, want %d %q %v", c.in, n, rest, ok, c.n, c.rest, c.ok)
		}
	}
}

func TestWeekdayAndPastDates(t *testing.T) {
	now := time.Date(2026, 12, 10, 9, 0, 0, 0, vntime.Zone) // a Thursday
	w := parseWhen("7h sáng chủ nhật 14/12", now)
	if !w.OK || w.Weekday != 0 || w.At.Weekday() != time.Monday {
		t.Fatalf("parsed %+v", w)
	}
	if q, bad := weekdayMismatch(w); !bad || !strings.Contains(q, "14/12/2026 là Thứ Hai") || !strings.Contains(q, "không phải chủ nhật") {
		t.Fatalf("mismatch %q %v", q, bad)
	}
	if _, bad := weekdayMismatch(parseWhen("7h sang chu nhat 13/12", now)); bad {
		t.Fatal("13/12/2026 is a Sunday")
	}
	if _, bad := weekdayMismatch(parseWhen("19h thu 7 12/12", now)); bad {
		t.Fatal("12/12/2026 is a Saturday")
	}
	// A date without a year within the last 60 days stays in the past.
	if w := parseWhen("Họp 20/11 8h", now); w.At.Year() != 2026 || w.At.Month() != 11 {
		t.Fatalf("20/11: %v", w.At)
	}
	if w := parseWhen("họp hôm qua", now); !w.Day || w.OK || w.At.Day() != 9 || w.At.Hour() != 8 {
		t.Fatalf("hôm qua: %+v", w)
	}
	if w := parseWhen("Họp qua Zalo 20/12 8h", now); w.At.Day() != 20 || w.Title != "Họp qua Zalo" {
		t.Fatalf("'qua' in a title: %+v", w)
	}
}

func TestPlainCommandTable(t *testing.T) {
	cases := []struct {
		in, name, args string
		privileged     bool
	}{
		{"thong bao hop chi hoi chu nhat", "thongbao", "hop chi hoi chu nhat", true},
		{"Thông báo: họp chi hội", "thongbao", "họp chi hội", true},
		{"tao su kien", "sukien", "", true},
		{"Tạo sự kiện họp 20/12 8h", "sukien", "họp 20/12 8h", true},
		{"bao cao so nguoi du hop", "baocao", "so nguoi du hop", true},
		{"baocao 25", "baocao", "25", true},
		{"thong ke thang 11", "thongke", "thang 11", true},
		{"xuat bao cao", "xuat", "", true},
		{"xuat thang truoc", "xuat", "thang truoc", true},
		{"xuat", "xuat", "", true},
		{"nhac bao cao", "nhacbaocao", "", true},
		{"diem danh 681465", "diemdanh", "681465", false},
		{"Điểm danh", "diemdanh", "", false},
		{"681465", "diemdanh", "681465", false},
		{"681 465", "diemdanh", "681 465", false},
		{"ABCD2345EFGH7", "dangky", "ABCD2345EFGH7", false},
		{"dang ky abcd2345efgh7", "dangky", "abcd2345efgh7", false},
		// session 18, played in the web chat: she wants her data gone, or
		// her branch's notices, in her words
		{"e muon xoa thong tin", "xoadulieu", "", false},
		{"mun tat tin nhan", "tatthongbao", "", false},
		{"e khong muon nhan", "tatthongbao", "", false},
		{"khong muon nhan tin nhan nua", "tatthongbao", "", false},
		{"muon nhan tin lai", "batthongbao", "", false},
		{"lam sao nhan thong bao cua chi hoi", "dangky", "", false},
		{"dang ky nhan thong bao", "dangky", "", false},
	}
	for _, c := range cases {
		name, args, priv, ok := plainCommand(c.in)
		if !ok || name != c.name || args != c.args || priv != c.privileged {
			t.Errorf("%q: got %q %q %v %v, want %q %q %v", c.in, name, args, priv, ok, c.name, c.args, c.privileged)
		}
	}
	for _, q := range []string{"diem danh la gi", "5 khong 3 sach la gi", "vay von ngan hang chinh sach",
		"1900969680", "0912345678", "dang ky bhyt ho gia dinh", "khongbietgihet", "sao khong gui tin",
		"muon nhan thong bao chi hoi thi lam giay to gi",
		"xuat khau sau rieng can giay to gi", "xuất huyết dạ dày phải làm sao", "xuat trinh cccd o dau",
		"hop tac xa co duoc vay von uu dai khong chi", "chi hoi sinh hoat may thang 1 lan, ko di hop co sao ko",
		// A pasted message she asks about, opening with a quotation mark.
		"\"Thông báo: hộ nào chưa đóng BHYT nộp trước 15/12\" tin này đúng ko c",
		"“thong bao: nhan qua 500k tai link nay” co that ko", "'báo cáo số hộ nghèo' là sao chị"} {
		if name, _, _, ok := plainCommand(q); ok {
			t.Errorf("%q taken as /%s", q, name)
		}
	}
}

func TestInviteQRContentPerPlatform(t *testing.T) {
	both := &joining{kit: &kit{bots: map[string]string{chat.Telegram: "loa_bot", chat.Zalo: "Loa Hội LHPN"}}}
	qs := both.inviteQRs(chat.Zalo, "ABCD2345EFGH7")
	if len(qs) != 2 || qs[0].platform != chat.Zalo || qs[0].content != "/dangky ABCD2345EFGH7" ||
		!strings.Contains(strings.Join(qs[0].lines, " "), "nhắn cho Loa Hội LHPN") {
		t.Fatalf("zalo first: %+v", qs)
	}
	if qs[1].content != "https://t.me/loa_bot?start=ABCD2345EFGH7" || !strings.Contains(qs[1].caption, "Telegram") {
		t.Fatalf("telegram second: %+v", qs[1])
	}
	if qs := both.inviteQRs(chat.Telegram, "X"); qs[0].platform != chat.Telegram {
		t.Fatalf("the asker's platform first: %+v", qs)
	}
	zaloOnly := &joining{kit: &kit{bots: map[string]string{chat.Zalo: chat.Zalo}}}
	if qs := zaloOnly.inviteQRs(chat.Zalo, "C"); len(qs) != 1 || strings.Contains(qs[0].content, "t.me") || strings.Contains(qs[0].caption, "Telegram") {
		t.Fatalf("zalo only: %+v", qs)
	}
	png, err := inviteQRImage("/dangky C", "Chi hội Ấp 1", qs[0].lines)
	if err != nil || len(png) < 1000 {
		t.Fatalf("image %d bytes, %v", len(png), err)
	}
}
