package content_test

import (
	"testing"

	"loa/content"
	"loa/internal/testkit"
)

// TestAskMarksLocalSpecific: a question of a commune's or this round's own
// fact is marked with what it asks (Answer.Local), whatever entry answers
// it; a question of how, of criteria or of conditions is not, even when
// she names her commune; the mark changes no entry.
func TestAskMarksLocalSpecific(t *testing.T) {
	t.Parallel()
	kb := testkit.EmbeddedLibrary(t).KB()
	for _, c := range []struct {
		q    string
		want content.LocalSpecific
	}{
		{"Ngày giao dịch NHCSXH ở điểm xã Tân Phú tháng này là ngày mấy", content.LocalSpecific{Kind: content.LocalDate, Place: true}},
		{"Kết quả rà soát hộ nghèo ấp 3 xã Bình Sơn năm nay có tên nhà em chưa", content.LocalSpecific{Kind: content.LocalList, Place: true}},
		{"Đại lý thu bhyt ở xã Lộc Thái tên chị gì", content.LocalSpecific{Kind: content.LocalPerson, Place: true}},
		{"ĐCTC o xa Tan Loi la nha ai, sdt bn", content.LocalSpecific{Kind: content.LocalPhone, Place: true}},
		{"Lịch lớp bình dân học vụ số ở ấp 5 tuần sau học tối thứ mấy", content.LocalSpecific{Kind: content.LocalDate, Place: true}},
		{"cuộc thi khởi nghiệp tỉnh năm nay ai đoạt giải nhất", content.LocalSpecific{Kind: content.LocalList}},
		{"xã em năm nay có bao nhiêu hộ nghèo", content.LocalSpecific{Kind: content.LocalCount, Place: true}},
		// Not a local fact: how, criteria, conditions, whom to ask, who may.
		{"Ở xã em có được vay vốn hộ nghèo không chị", content.LocalSpecific{}},
		{"muốn vay vốn ngân hàng chính sách xã hội thì làm thủ tục gì", content.LocalSpecific{}},
		{"tiêu chí bình xét hộ nghèo năm nay là gì", content.LocalSpecific{}},
		{"muốn đăng ký làm mẹ đỡ đầu thì hỏi ai", content.LocalSpecific{}},
		{"ở ấp em ai được vay vốn hộ cận nghèo", content.LocalSpecific{}},
		{"chồng đánh em mấy năm nay, hội có ai tư vấn pháp lý không", content.LocalSpecific{}},
		{"muốn lập hợp tác xã cần ít nhất mấy thành viên", content.LocalSpecific{}},
		{"cái app cảnh báo thiên tai tên là gì", content.LocalSpecific{}},
		{"tôi năm nay 63 tuổi ở ấp 4 xã Xuân Hòa. Xin hỏi cuộc vận động 5 không 3 sạch do ai phát động", content.LocalSpecific{}},
	} {
		a := kb.Ask(c.q)
		if a.Local != c.want {
			t.Errorf("%q: local %+v, want %+v", c.q, a.Local, c.want)
		}
	}
	// The mark changes no entry: the general entry still answers.
	if a := kb.Ask("Ngày giao dịch NHCSXH ở điểm xã Tân Phú tháng này là ngày mấy"); len(a.Entries) == 0 {
		t.Errorf("the general entry of the transaction point no longer answers: %+v", a)
	}
}
