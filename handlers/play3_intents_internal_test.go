package handlers

import "testing"

// TestStaffQuestionsInPlainWords: staff ask for figures as questions; a
// notice's text that says the same words, and members' questions about
// cooperatives, stay what they are.
func TestStaffQuestionsInPlainWords(t *testing.T) {
	cases := []struct{ in, name, args string }{
		{"xa minh thang nay bao nhieu nguoi di hop", "thongke", "thang nay"},
		{"Xã mình tháng trước bao nhiêu người đi họp?", "thongke", "tháng trước"},
		{"tinh minh co bao nhieu nguoi du hop", "thongke", ""},
		{"chi hoi nao chua bao cao", "chuabaocao", ""},
		{"so nguoi di hop thang nay", "thongke", "thang nay"},
		{"bao nhieu nguoi di hop thang nay", "thongke", "thang nay"},
		{"thang nay co bao nhieu chi hoi bao cao roi", "thongke", "thang nay"},
		{"ti le bao cao thang nay", "thongke", "thang nay"},
		{"xa mot thang nay bao nhieu nguoi di hop", "thongke", "xa mot thang nay"},
		{"chi hoi ap 2 thang truoc co bao nhieu nguoi di hop", "thongke", "hoi ap 2 thang truoc"},
		{"xuat excel ap 1", "xuat", "ap 1"},
		{"nhac cac chi hoi chua bao cao", "nhacbaocao", ""},
		{"bao cao thang truoc cua ap 2", "thongke", "thang truoc cua ap 2"},
		{"xa nao chua bao cao thang truoc", "chuabaocao", "thang truoc"},
		{"cho chi file excel", "xuat", ""},
		{"gui chi file excel thang 11", "xuat", "thang 11"},
		{"ai chua doc thong bao", "thongbaocu", "đã đọc"},
		{"thong bao cu", "thongbaocu", ""},
		{"sua thong bao: mai 7h30 hop", "suathongbao", "mai 7h30 hop"},
		{"nham, 17 nguoi thoi", "baocao", "17 nguoi thoi"},
		{"nham roi 16 nguoi", "baocao", "16 nguoi"},
		{"hop hom qua bi huy", "huyhop", ""},
		{"buoi hop thu 7 huy roi, khong hop", "huyhop", ""},
		{"hop thang nay bi hoan", "huyhop", ""},
		{"thong bao bi sai, 7h30 moi dung", "suathongbao", "7h30 moi dung"},
		{"thong bao nham roi", "suathongbao", "roi"},
		// right after her figures, another month's (session 18: "tháng
		// trước thì sao" went to her unit's queue as a member's question)
		{"thang truoc thi sao", "thongke", "thang truoc"},
		{"còn tháng 11 thì sao chị", "thongke", "tháng 11"},
		{"Tháng trước?", "thongke", "Tháng trước?"},
		// not these
		{"thang truoc e vay 20tr thi sao", "", ""},
		{"thang sau thi sao", "", ""},
		{"huy thong bao", "huythongbao", ""},
		{"huy hop tac xa thi lam sao", "", ""},
		{"thong bao: chi hoi nao chua bao cao thi nop gap", "thongbao", "chi hoi nao chua bao cao thi nop gap"},
		{"thong bao cu the ve lich hop", "thongbao", "cu the ve lich hop"},
		{"thanh lap hop tac xa can bao nhieu nguoi", "", ""},
		{"nham thi sao", "", ""},
	}
	for _, c := range cases {
		name, args, _, ok := plainCommand(c.in)
		if !ok {
			name, args = "", ""
		}
		if name != c.name || args != c.args {
			t.Errorf("%q: /%s %q, want /%s %q", c.in, name, args, c.name, c.args)
		}
	}
}
