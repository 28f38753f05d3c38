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
