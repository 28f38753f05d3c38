package handlers_test

import (
	"testing"
)

// Played on the web chat (playstaff14) as chị Hạnh, head of a branch in Bù
// Gia Mập, and chị Lan, staff of her commune, typing in a hurry on a phone.

// TestPlaystaff14CorrectionAfterSending: after «Gửi», "sua thong bao" went
// to the preview step left behind by the sent draft: Loa reopened the sent
// notice for editing ("Chị gõ nội dung…") with no word that the members
// already have it, and without "Đính chính:". Sending ends the preview; the
// correction is the correction flow.
func TestPlaystaff14CorrectionAfterSending(t *testing.T) {
	t.Parallel()
	r := newNoticeRig(t)
	r.say(headID, "thongbao")
	out := r.say(headID, "Moi cac chi em di hop luc 7h sang thu 7")
	r.press(headID, button(t, out, "Gửi"))
	expect(t, "correction", r.say(headID, "sua thong bao"), "không sửa được", "đính chính")
}

// TestPlaystaff14CancelWordWhileComposing: "huỷ" typed where Loa waits for
// the notice's text became a notice "huỷ" to the whole branch, previewed
// with «Gửi». A message that is only a word of cancelling drops the draft.
func TestPlaystaff14CancelWordWhileComposing(t *testing.T) {
	t.Parallel()
	for _, word := range []string{"huỷ", "huy", "thoi khong gui nua", "Hủy bỏ"} {
		t.Run(word, func(t *testing.T) {
			t.Parallel()
			r := newNoticeRig(t)
			expect(t, "ask text", r.say(headID, "thong bao"), "gõ nội dung")
			got := r.say(headID, word)
			expect(t, "cancelled", got, "huỷ bản nháp")
			refuse(t, "cancelled", got, "📢", "Gửi")
		})
	}
	t.Run("a notice that says huỷ is still a notice", func(t *testing.T) {
		t.Parallel()
		r := newNoticeRig(t)
		r.say(headID, "thong bao")
		expect(t, "preview", r.say(headID, "Huỷ buổi họp chiều nay nhé các chị"), "📢", "Huỷ buổi họp")
	})
}

// TestPlaystaff14ReadBackSaysTheFigureItReplaces: with 23 people recorded
// for December's meeting, "tuan truoc hop to 2 duoc 12 nguoi" was read
// back as "Loa hiểu là 12 người dự …" as if nothing was there: one tap
// replaced 23 with 12. The read-back names the figure it would replace.
func TestPlaystaff14ReadBackSaysTheFigureItReplaces(t *testing.T) {
	t.Parallel()
	p := newPlay13(t, "B11")
	p.say(attHead, "hop chi hoi hom qua 23 nguoi")
	expect(t, "saved", p.say(attHead, "dung"), "Đã ghi nhận 23 người")
	got := p.say(attHead, "tuan truoc hop to 2 duoc 12 nguoi")
	expect(t, "read back", got, "Loa hiểu là 12 người", "Loa đã ghi là 23 người", "Sinh hoạt chi hội tháng 12/2026", "Đúng không")
	if evs := p.events("B11"); len(evs) != 1 || evs[0].Headcount != 23 {
		t.Fatalf("changed before she confirmed: %+v", evs)
	}
	expect(t, "fixed", p.say(attHead, "dung roi"), "từ 23 thành 12")
}

// TestPlaystaff14NoIsNoAndAQuestionIsLetGo: after a read-back, "khong
// phai, hop to thoi" got "Loa chưa đọc được số này", and so did every
// message after it ("ai chua dang ky loa", "chi hoi minh co bao nhieu
// nguoi"): the head was held in the step. "Không phải" is a no; a message
// with no figure is asked again once, then goes on as any other.
func TestPlaystaff14NoIsNoAndAQuestionIsLetGo(t *testing.T) {
	t.Parallel()
	p := newPlay13(t, "B11")
	expect(t, "read back", p.say(attHead, "hom qua hop chi hoi 25 nguoi"), "Loa hiểu là 25 người")
	got := p.say(attHead, "khong phai, hop to thoi")
	refuse(t, "a no", got, "chưa đọc được số này")
	if evs := p.events("B11"); len(evs) != 1 || evs[0].Reported {
		t.Fatalf("saved on a no: %+v", evs)
	}

	got = p.say(attHead, "/baocao")
	expect(t, "asks", p.press(attHead, buttonData(t, got, "Sinh hoạt chi hội tháng 12/2026")), "bao nhiêu người")
	expect(t, "asked once", p.say(attHead, "de em hoi lai chi em da"), "chưa đọc được số này")
	refuse(t, "let go", p.say(attHead, "vay von ho ngheo can giay to gi"), "chưa đọc được số này")
}

// TestPlaystaff14CommandsAsStaffTypeThem: "/thông báo" (marks and a space,
// as a phone's keyboard writes it) got "Loa chưa hiểu lệnh này"; "cauhoi"
// and "bang dieu khien" without the slash got the out-of-scope answer or
// unrelated questions; "xa minh co bao nhieu hoi vien" got questions about
// Đồng Nai's communes instead of the commune's members.
func TestPlaystaff14CommandsAsStaffTypeThem(t *testing.T) {
	t.Parallel()
	p := newPlay13(t, "B11")
	for _, c := range []struct{ user, text, want string }{
		{attHead, "/thông báo", "thông báo"}, // the notice command (this rig sends none)
		{attHead, "/Thong bao", "thông báo"},
		{attStaff, "/thống kê", "Thống kê"},
		{attStaff, "/cau hoi", "câu hỏi"},
		{attStaff, "cauhoi", "câu hỏi"},
		{attStaff, "xem cau hoi", "câu hỏi"},
		{attStaff, "xa minh co bao nhieu hoi vien", "Hội viên trên Loa"},
		{attHead, "chi hoi minh co bao nhieu hoi vien", "Hội viên trên Loa"},
		{attStaff, "xã mình có bao nhiêu người đăng ký Loa rồi", "Hội viên trên Loa"},
	} {
		got := p.say(c.user, c.text)
		expect(t, c.text, got, c.want)
		refuse(t, c.text, got, "chưa hiểu lệnh", "nằm ngoài việc của Hội")
	}
	refuse(t, "a member's question", p.say(attMember, "xa minh co bao nhieu hoi vien"), "Hội viên trên Loa")
	refuse(t, "dues", p.say(attHead, "hoi vien dong hoi phi bao nhieu"), "Hội viên trên Loa")
}
