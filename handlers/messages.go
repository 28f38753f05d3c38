package handlers

// Texts the router says in more than one place. Feature-specific texts live
// next to their feature.
const (
	msgSorry          = "Xin lỗi chị, Loa vừa gặp trục trặc nên chưa trả lời được. Chị vui lòng thử lại sau ít phút nhé."
	msgOnlyText       = "Loa hiện chỉ đọc được tin nhắn chữ. Chị gõ câu hỏi giúp Loa nhé."
	msgUnknownCommand = "Loa chưa hiểu lệnh này. Chị gõ /help để xem các lệnh Loa làm được nhé."
	msgStaleButton    = "Nút này đã cũ, Loa không còn xử lý được. Chị chọn lại chủ đề dưới đây nhé."
)
