package handlers

// Texts the router says in more than one place. Feature-specific texts live
// next to their feature.
const (
	msgSorry    = "Xin lỗi chị, Loa vừa gặp trục trặc nên chưa trả lời được. Chị vui lòng thử lại sau ít phút nhé."
	msgOnlyText = "Xin lỗi chị, Loa hiện chỉ đọc được tin nhắn chữ. Chị gõ câu hỏi giúp Loa nhé."
	// msgOnlyTextReport is msgOnlyText to a head or staff member, who may be
	// sending a photo of the sign-in sheet, or to anyone while Loa waits for
	// a headcount: the figure is what Loa can take, and nothing is recorded
	// from the picture.
	msgOnlyTextReport = "Loa hiện chỉ đọc được tin nhắn chữ, chưa xem được ảnh hay tin nhắn thoại nên chưa ghi gì từ tin này ạ. " +
		"Nếu là danh sách điểm danh, chị đếm giúp Loa và gõ số người dự, ví dụ: /baocao họp hôm qua 25 người."
	msgOnlyTextFigure = "Loa hiện chỉ đọc được tin nhắn chữ, chưa xem được ảnh hay tin nhắn thoại ạ. " +
		"Loa vẫn đang chờ số người dự: chị gõ số giúp Loa nhé, ví dụ: 25."
	msgUnknownCommand = "Loa chưa hiểu lệnh này. Chị gõ /help để xem các lệnh Loa làm được nhé."
	msgStaleButton    = "Nút này đã cũ, Loa không còn xử lý được. Chị chọn lại chủ đề dưới đây nhé."
)
