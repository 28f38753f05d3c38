package content

import (
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// The safety classifier recognises harm to a person from who is harmed, what
// is done and how urgent it is, rather than from a list of phrases: members
// tell emergencies as stories ("thằng bé bị bố dượng lấy roi quất") and,
// without diacritics, the words of harm collide with harmless ones ("danh" is
// đánh and định danh). It is a multinomial logistic regression over:
//
//   - the message's syllables, syllable pairs and skip pairs (normalised, so
//     typed with or without marks alike);
//   - its syllables and pairs WITH marks when the member typed them ("co
//     giật" is not "có giặt"), so marks help when present and cost nothing
//     when absent;
//   - concepts from a small lexicon (an actor, a child, a blow, sexual
//     touching, confinement, a medical sign, fire, flood, urgency …) and
//     every pair of concepts present ("a child" + "a blow"), so that a
//     story with words no example used still lands near the stories that
//     share its who and what.
//
// It is trained when the knowledge base loads, on content/train/safety.yaml
// (emergencies by kind, harmless look-alikes) plus every knowledge-base
// question and training paraphrase as harmless, in well under a second.
// Its answer has two tiers (see params.safetySure and safetyUnsure): sure,
// the emergency script comes first; unsure, the answer gets one line of the
// fitting hotlines. The unsure tier is what buys recall: a hotline line on a
// harmless answer costs little, a missed emergency costs a person.

// safeClass is the class of harmless messages; the others are kinds.
const safeClass = "safe"

// concepts are the lexicon groups, each a list of phrases written as members
// write them; they are normalised when the model is built.
var concepts = map[string][]string{
	"actor": {"chồng", "ck", "bố dượng", "cha dượng", "dượng", "hàng xóm", "ông ta", "hắn", "thằng", "gã",
		"người lạ", "kẻ lạ", "ông già", "bố nó", "ba nó", "anh rể", "nhà chồng", "mẹ chồng", "người yêu", "bồ",
		"ông hàng xóm", "thằng cha", "lão", "ổng", "nó"},
	"child": {"con", "bé", "thằng bé", "con bé", "đứa nhỏ", "đứa bé", "cháu", "con gái", "con trai", "trẻ",
		"học sinh", "bé gái", "bé trai", "tuổi", "con nít", "em bé", "tháng tuổi", "đứa con", "nhỏ"},
	"hit": {"đánh", "đập", "quất", "tát", "đấm", "đá", "đạp", "bóp cổ", "siết cổ", "túm tóc", "nắm tóc",
		"lấy roi", "lấy gậy", "lấy cây", "roi", "gậy", "cầm dao", "chém", "đâm", "ném", "xô", "vụt", "đánh đập",
		"bạo hành", "hành hạ", "đánh đòn", "bầm", "bầm tím", "tím", "rướm máu", "chảy máu", "gãy", "sưng",
		"bỏng", "dí", "dội nước sôi", "đốt em", "đốt e", "đốt tôi", "đốt con", "đốt vợ", "đốt vk", "thâm tím", "u đầu", "đuổi ra", "đuổi đi", "đập phá", "đập đồ", "phá đồ",
		"quăng", "đánh chửi",
		// Blows typed without marks that collide with everyday words are
		// listed with what follows them ("đốt tay", "tạt nước sôi").
		"đốt tay", "đốt áo", "đốt người", "tàn thuốc", "tạt nước sôi", "dộng đầu", "phang", "chích kim", "kim chích"},
	// Drinking ("ck e đi nhậu về khuya", "chồng say") is the everyday life
	// of many members and no blow by itself: a concept of its own, so that
	// the classifier learns from the stories how much it weighs with a
	// blow ("say về đánh em") and from the look-alikes how little alone.
	"drink": {"nhậu", "say", "say xỉn", "say rượu", "xỉn", "uống rượu"},
	// Words said in anger ("bị ngta chửi", "mẹ chồng mắng") are no blow
	// either: a concept of their own, weighed by the stories and the
	// look-alikes, that names no harm alone (not in harmConcepts).
	"scold": {"chửi", "chửi bới", "chửi rủa", "mắng", "la mắng", "quát", "quát tháo", "chửi mắng"},
	"sexual": {"sờ", "sờ soạng", "mò mẫm", "rờ", "vuốt ve", "cởi quần", "cởi đồ", "tụt quần", "chỗ kín",
		"vùng kín", "giở trò", "hiếp", "hiếp dâm", "xâm hại", "dâm ô", "quay clip", "ảnh nóng", "ngủ với",
		"ôm hôn", "bắt cởi", "động chạm", "đồi bại", "có thai", "lạm dụng", "sàm sỡ", "khiêu dâm", "vào người",
		"chỗ riêng tư", "làm bậy", "cho kẹo", "cho tiền", "cưỡng bức",
		// A man who exposes himself touches no one ("vạch quần cho tụi
		// nhỏ coi"): his own words, and what members call him.
		"vạch quần", "biến thái", "thủ dâm", "khoe hàng"},
	"confine": {"nhốt", "khóa cửa", "khóa trái", "trói", "xích", "giam", "không cho ra", "không cho đi",
		"giữ điện thoại", "lấy điện thoại", "tịch thu điện thoại", "không cho liên lạc", "cấm ra khỏi nhà",
		"cấm cửa", "không cho về", "bỏ đói",
		// Hiding from someone at home ("e ôm con trốn vào phòng rồi",
		// "trốn trong nhà tắm"): a piece of a story of violence told
		// alone; "trốn tìm" and "trốn học" are not in it.
		"trốn vào phòng", "trốn trong phòng", "trốn vô phòng", "trốn vào buồng", "trốn trong buồng",
		"trốn trong nhà tắm", "trốn vào nhà tắm", "trốn ra ruộng", "trốn sang nhà", "trốn qua nhà"},
	"threat": {"giết", "chém chết", "đâm chết", "dọa giết", "đòi giết", "cho chết", "dọa", "đe dọa", "đốt nhà",
		"tạt axit", "axit", "xăng", "cầm dao", "mài dao", "chết cả nhà", "tiêu diệt", "xử", "súng", "kề dao", "dí dao", "không ai sống", "xử hết", "cầm rựa", "mài rựa", "mã tấu"},
	"missing": {"mất tích", "không về", "chưa về", "không thấy", "mất liên lạc", "đi lạc", "lạc", "bỏ đi",
		"tìm không thấy", "không liên lạc được", "tắt máy", "biệt tăm", "đi đâu mất", "tìm khắp", "đi từ chiều",
		"từ hôm qua", "cả đêm", "mất rồi", "mất từ", "mất con", "không bắt máy", "ko bắt máy", "thuê bao", "lạc con", "lạc mất", "bỏ nhà", "không biết ở đâu", "ko biết ở đâu", "dẫn đi", "đưa đi"},
	"lure": {"dụ", "rủ rê", "dụ dỗ", "lên xe", "người lạ", "đón đi", "chở đi", "bắt cóc", "bắt đi", "rủ đi",
		"quen trên mạng", "facebook", "zalo", "tiktok", "hẹn gặp"},
	"traffick": {"bán sang", "bán qua", "bán đi", "trung quốc", "campuchia", "lấy chồng nước ngoài",
		"đài loan", "hàn quốc", "việc nhẹ lương cao", "xuất khẩu lao động", "môi giới", "giữ hộ chiếu",
		"giữ giấy tờ", "bị giữ lại", "tiền chuộc", "chuộc", "biên giới", "bán người", "bị bán", "lừa bán",
		"đưa qua biên giới", "sang bên kia", "nợ", "không cho về", "casino", "lừa đảo online", "mua con", "bán con", "hỏi mua", "mua trẻ", "bán cho", "nhận tiền", "làm vợ", "tìm vợ", "trừ nợ", "đem đi", "giúp việc", "thu điện thoại", "lương cao",
		// A stranger who recruits girls ("tuyển gái trẻ", safety-stories
		// of content/train) and pays the trip abroad ("bao vé máy bay").
		"bao vé", "vé máy bay", "dubai", "tuyển gái", "tuyển người"},
	"selfharm": {"tự tử", "tự sát", "không muốn sống", "muốn chết", "chết cho xong", "chết quách",
		"thuốc sâu", "thuốc trừ sâu", "thuốc chuột", "thuốc ngủ", "nhảy sông", "nhảy cầu", "treo cổ", "cắt tay",
		"rạch tay", "kết liễu", "tìm đến cái chết", "buông xuôi", "sống làm gì", "không thiết sống",
		"chán sống", "chết đi", "ra đi", "từ biệt", "vĩnh biệt", "bế tắc", "uống hết", "uống cả vỉ", "nhốt mình", "tự cắt", "tự rạch", "tự làm đau", "vết cắt", "cứa tay", "cứa cổ", "rạch", "thắt cổ", "xà nhà", "dây cột sẵn", "cột dây sẵn", "dây thừng", "thư tuyệt mệnh", "để lại thư", "xin lỗi ba mẹ", "xin lỗi mẹ", "nhảy xuống", "lan can", "đừng ai kiếm", "đừng tìm", "con đi đây", "uống nguyên", "nguyên chai", "nguyên lọ", "cả lọ", "tự hại"},
	"medsym": {"co giật", "giật", "lên cơn", "trợn mắt", "sùi bọt mép", "bọt mép", "khó thở", "thở không được",
		"không thở", "ngừng thở", "tím tái", "tím môi", "bất tỉnh", "ngất", "xỉu", "hôn mê", "không tỉnh", "lịm",
		"mê man", "sốt cao", "sốt", "độ", "nôn", "ói", "ói mửa", "tiêu chảy", "chảy máu", "ra máu", "băng huyết",
		"méo miệng", "méo mồm", "ra huyết", "yếu nửa người", "liệt", "đau ngực", "đau bụng", "mất máu", "lạnh toát", "mềm nhũn",
		"không phản ứng", "gọi không dậy", "cứng người", "sưng", "máu", "thở rít", "thở dốc", "khò khè", "môi tím", "mắt mờ", "đồng tử", "nước miếng", "run người", "nằm im", "không cử động", "không nhúc nhích", "li bì", "lơ mơ", "bụng chướng", "vã mồ hôi", "mồ hôi", "lên cơn hen", "hen suyễn", "không tỉnh", "lay không", "lừ đừ", "mệt lừ"},
	"medcause": {"ngộ độc", "nấm", "rượu giả", "methanol", "thuốc sâu", "rắn cắn", "rắn độc", "rắn", "chó cắn",
		"ong đốt", "đuối nước", "chết đuối", "rơi xuống ao", "rơi xuống sông", "té ao", "té giếng", "ao",
		"giếng", "sông", "nuốt pin", "nuốt phải", "pin", "hóc", "hóc xương", "nghẹn", "mắc nghẹn", "bị phỏng", "phỏng nước", "bị bỏng", "bỏng nước", "nước sôi", "dầu sôi", "điện giật", "té", "ngã",
		"té cầu thang", "ngã xe", "tai nạn", "đập đầu", "sinh xong", "mới sinh", "đẻ xong", "sau sinh",
		"đẻ", "sinh", "uống nhầm", "ăn nhầm", "cá nóc", "sắn", "khoai mì", "vớt lên", "té xuống", "rượu tự nấu", "thuốc cỏ", "phun thuốc", "xịt thuốc", "chó dại", "dây điện", "leo cây", "sét đánh", "bị sét", "thuốc tiểu đường", "thuốc huyết áp", "tai biến", "đột quỵ"},
	"fire": {"cháy", "bốc cháy", "lửa", "khói", "nổ", "bình gas", "gas", "chập điện", "cháy nhà", "cháy lan",
		"bén lửa", "khét"},
	"flood": {"lũ", "lụt", "ngập", "nước lên", "nước dâng", "sạt lở", "lở đất", "cuốn trôi", "nước cuốn",
		"mắc kẹt", "nóc nhà", "mái nhà", "cô lập", "bão", "lốc", "xả lũ", "nước ngập", "trôi", "nước chảy xiết", "chảy xiết", "lật", "chìm", "sụp", "nứt", "nghiêng", "nước vây", "mương", "kênh", "suối", "lở xuống", "đất lở", "núi lở"},
	"bystander": {"hàng xóm", "nhà bên", "nhà kế bên", "bên cạnh", "sát vách", "nghe tiếng", "nghe thấy",
		"la hét", "kêu cứu", "khóc thét", "tiếng đập", "tiếng la", "nhà đối diện", "cạnh nhà", "xóm",
		"chứng kiến", "thấy ông", "thấy bà", "gọi giùm", "báo giùm", "báo ai", "can thiệp", "thấy 1", "thấy một", "đi ngang", "ngang qua", "đám đông", "trước mặt", "trên xe", "không ai can", "quay được", "kế bên"},
	"urgency": {"đang", "bây giờ", "giờ", "ngay", "cứu", "cứu với", "cứu em", "giúp em với", "gấp", "nhanh",
		"mau", "khẩn cấp", "tối nay", "nửa đêm", "làm sao bây giờ", "hoảng", "sợ quá", "run", "lúc này",
		"vừa", "vừa mới", "mới", "hồi nãy", "tối qua", "đêm qua", "sáng nay", "chiều nay", "từ chiều"},
	"help": {"làm sao", "phải làm gì", "làm gì", "gọi ai", "báo ở đâu", "báo ai", "giúp", "cứu"},
	// A scam going on now is told by who calls (someone posing as the
	// police, a court, a bank, a school), what they make her do (transfer
	// money, read a code, install an app, scan a code) and that it is
	// under way ("đang", "giữ máy"): the classifier learns from the
	// stories (train/safety-scam-21.yaml) how these weigh together, and
	// from the look-alikes how little each weighs alone ("công an xã gọi
	// em lên lấy căn cước", "chuyển tiền học phí qua app").
	"impostor": {"xưng", "tự xưng", "xưng là", "nhận là", "giả danh", "mạo danh", "giả làm", "người lạ gọi", "gọi video",
		"giữ máy", "đầu dây", "bên kia", "tòa án", "viện kiểm sát", "cán bộ thuế", "nhân viên ngân hàng", "sắc phục",
		"lệnh bắt", "đường dây", "rửa tiền", "ma túy", "điều tra", "kỹ thuật viên", "điều khiển"},
	"payment": {"chuyển tiền", "chuyển khoản", "chuyển hết", "mã otp", "otp", "đọc mã", "mã gửi về", "quét mã", "mã qr",
		"số tài khoản", "tài khoản an toàn", "tài khoản tạm giữ", "mở app", "cài app", "ứng dụng lạ", "bấm link",
		"đường link", "nạp tiền", "nạp phí", "rút tiền", "rút hết", "sổ tiết kiệm", "tiền tiết kiệm", "số thẻ",
		"mật khẩu", "gửi tiền", "đóng phí", "nộp phạt"},
	// A call hung up or a number blocked ("em cúp máy rồi", "chặn số
	// rồi"): the scam is not going on.
	"hungup": {"cúp máy rồi", "cúp máy r", "đã cúp máy", "tắt máy rồi", "chặn số", "không chuyển", "ko chuyển",
		"biết lừa", "biết là lừa"},
	// Frames that tell the words of harm are not harm to a person now: a
	// film, a game or a joke ("phim Hàn … bị chồng phản bội", "chơi trò
	// cảnh sát bắt cướp", "cười muốn xỉu"), harm long past and over ("năm
	// ngoái … giờ ổn rồi", "lành rồi"), harm denied ("không đánh ai"). They
	// are concepts like the others: the classifier learns from the
	// look-alikes how much each outweighs a blow or a fire, alone and with
	// each other concept, rather than a rule silencing them.
	"fiction": {"phim", "xem phim", "coi phim", "truyện tranh", "đọc truyện", "truyền hình", "tiểu phẩm", "kịch bản",
		"diễn kịch", "văn nghệ", "game", "chơi game", "trò chơi", "chơi trò", "bài văn", "bài hát", "youtube", "trend",
		"giả vờ", "đóng vai", "livestream", "tivi", "bóng đá", "đá banh"},
	"past": {"năm ngoái", "năm trước", "hồi xưa", "hồi trước", "ngày xưa", "trước đây", "tuần trước", "tháng trước",
		"lành rồi", "khỏi rồi", "ổn rồi", "ổn định", "hòa giải", "làm lành", "hòa thuận", "làm hòa", "đã về", "từng bị",
		"đã khỏi", "xuất viện", "đi viện về", "mổ xong", "điều trị xong", "trị xong", "mất vì", "qua đời", "mấy năm trước",
		"hồi nhỏ", "ly hôn rồi", "ra ở riêng", "đã bắt", "bắt được", "đã trình báo", "đã báo công an", "đã từng", "em từng",
		"viện rồi", "nằm viện", "nhập viện", "đang điều trị", "đưa vào viện",
		// A war long over, a story an elder tells, a body well again
		// ("hồi chiến tranh bị bom sập nhà, bà kể", "chích thuốc rồi
		// giờ khỏe re").
		"chiến tranh", "thời chiến", "bà kể", "ông kể", "kể lại", "khỏe rồi", "khỏe re", "khỏe lại", "bình thường rồi",
		"lại bình thường",
		// Water that has gone down ("ngập hôm qua, giờ rút rồi").
		"nước rút", "rút rồi", "rút hết", "đã rút", "rút xuống"},
	"unhurt": {"không ai bị thương", "không đánh ai", "không đánh em", "không đánh đập", "chẳng đánh", "không sao",
		"chút xíu", "chút thôi", "nhẹ thôi", "sơ sơ", "không ai đánh"},
	"joke": {"haha", "hihi", "hehe", "kaka", "buồn cười", "mắc cười", "cười muốn", "cười xỉu", "cười ngất", "cười lăn",
		"vui quá", "vui ghê", "nói đùa", "nói giỡn", "đùa thôi", "giỡn thôi", "chọc"},
	// Questions about the law ("hiếp dâm trẻ em bị tù mấy năm", "chồng
	// đánh vợ bị phạt bao nhiêu"): words of harm asked about, not told.
	// Short messages need it most: a short story and a short question share
	// all their words of harm (train/safety-short.yaml).
	"law": {"luật", "pháp luật", "bộ luật", "quy định", "bị phạt", "xử phạt", "phạt tù", "ngồi tù", "bị tù", "mấy năm tù",
		"tù mấy năm", "tử hình", "chung thân", "khởi tố", "truy cứu", "tội gì", "phạm tội", "xử lý hình sự", "phạt bao nhiêu",
		"phạt hành chính", "bị xử lý", "điều bao nhiêu", "bị xử", "xử sao", "xử thế nào"},
	// Asking which number to call ("cháy nhà gọi số mấy", "lũ thì gọi 112
	// hay 114"): often asked ahead, sometimes in the middle of harm; the
	// classifier learns from both how much it weighs with each hazard.
	"asknumber": {"số mấy", "số nào", "gọi số", "số gì", "112 hay", "113 hay", "114 hay", "115 hay", "111 hay",
		"số điện thoại", "tổng đài", "đường dây nóng", "hotline"},
	// Harm that is minor and over ("trầy trán … giờ chơi vui lắm", "bị ong
	// đốt hôm qua, giờ hết sưng rồi", "chảy máu cam 5 phút là hết"): a
	// question about care, not an emergency.
	"minor": {"trầy", "trầy xước", "xước", "hết sưng", "hết đau", "hết rồi", "chơi vui", "vui lắm",
		"bôi thuốc", "bôi gì", "có cần đi khám", "có cần bôi", "chảy máu cam", "máu cam", "sơ cứu sao", "đỡ rồi"},
	// Everyday words that share the syllables of harm once the marks are
	// gone or in another sense: "đánh răng", "đánh cá", "thái thịt", "chạy
	// hàng", "làm mất điện thoại". Concepts, so that the classifier learns
	// from the look-alikes how much they outweigh a blow.
	"chore": {"đánh răng", "đánh cá", "đánh bài", "đánh bạc", "đánh giá", "đánh máy", "đánh vần", "đánh dấu",
		"đánh thức", "đánh trứng", "đánh đề", "đánh lô", "định danh", "thái thịt", "cắt thịt", "chặt thịt", "băm thịt", "kho cá",
		"chạy hàng", "chạy chợ", "chạy xe", "chạy bộ", "mất điện thoại", "làm mất", "mất dép", "hái trộm", "trộm xoài"},
	// The Union's services and a member's papers ("vay vốn", "thẻ bhyt",
	// "làm lại căn cước", "mái ấm", "mẹ đỡ đầu"): a member who names harm
	// in a question about them tells what happened to explain what she
	// asks ("ck e mất vì tai nạn năm ngoái, xin mái ấm được không"). A
	// concept, so that the classifier learns from the look-alikes and from
	// the stories told with an ordinary question how much it weighs with
	// each kind of harm, rather than a rule silencing it.
	"admin": {"bhyt", "bảo hiểm y tế", "bảo hiểm", "bhxh", "vay vốn", "vneid", "căn cước", "cccd", "định danh", "hồ sơ",
		"thủ tục", "làm đơn", "nộp đơn", "đăng ký", "mái ấm", "trợ cấp", "hộ nghèo", "cận nghèo", "đỡ đầu", "lương hưu",
		"thai sản", "chi trả", "trái tuyến", "tạm trú", "khai sinh", "học nghề", "học bổng", "hội viên", "thừa kế",
		"ngân hàng chính sách", "trợ giúp pháp lý", "tư vấn tâm lý", "mật khẩu", "xét hộ", "quyên góp", "giấy phép"},
	// Talk about harm rather than harm told: its signs, its prevention, a
	// training or a drill, the news ("dấu hiệu nhận biết lừa bán người",
	// "diễn tập phòng cháy chủ nhật", "đọc báo thấy vụ cháy chung cư").
	"askabout": {"dấu hiệu", "nhận biết", "phòng tránh", "phòng chống", "phòng ngừa", "có phải là", "có phải bạo lực",
		"có tính là", "tính là", "bị coi là", "tập huấn", "diễn tập", "tuyên truyền", "tài liệu", "chuyên đề", "hội thi",
		"tìm hiểu", "kỹ năng", "dạy con", "dạy bé", "đọc báo", "báo đăng", "thời sự", "xem tin", "nghe tin", "lớp học"},
	// Animals and things go missing, get locked in or hurt too ("con mèo
	// bỏ nhà đi", "cái dép mất tích"): not a person.
	"animal": {"con mèo", "con chó", "con gà", "con vịt", "con heo", "con lợn", "con bò", "gà mái", "thú cưng", "cái dép"},
}

// foldedWord is a syllable of the lexicon that, typed without marks, is
// also an everyday word (issue 9): "lua" is lửa (fire) but also lúa (rice)
// and lừa (a scam), "ban" bán (sold) but also bạn (a friend, a classmate),
// "no" nổ (a blast) but also nó (he), "roi" a whip but also rồi (already),
// "hoc" hóc (choking) but also học (school), "di" dí (pressed on) but also
// đi (to go). Members who farm, sell and get cheated type these every day,
// and read as harm they gave "nhà em trồng lúa" the fire line and "con em bị
// bạn đánh ở trường" the trafficking line. In a phrase of its concept the
// syllable counts when typed with the marks of the word of harm, never when
// typed with other marks, and typed without marks only when the message
// corroborates it: a phrase of its context stands in it ("lua chay",
// "khoi"; "bien gioi", "tien").
type foldedWord struct {
	marked  string     // the word of harm as written, with its marks
	context [][]string // normalised phrases that corroborate it
}

// foldedWords are the folded syllables of each concept, by normalised
// syllable. Their context is what the emergency stories of content/train
// tell next to them: a fire that burns, smokes or spreads; a person sold
// across a border, for money or to a stranger; a gas bottle that blows up;
// a whip in a hand; a bone in a throat; a knife or a cigarette pressed on.
var foldedWords = map[string]map[string]foldedWord{
	"fire": {
		"lua": {"lửa", [][]string{{"chay"}, {"boc"}, {"khoi"}, {"bat", "lua"}, {"lua", "bat"}, {"ben"}, {"ngon", "lua"},
			{"bien", "lua"}, {"phat", "no"}, {"no", "tung"}, {"tieng", "no"}, {"gas"}, {"binh", "ga"}, {"chap", "dien"},
			{"khet"}, {"cuu", "hoa"}, {"114"}, {"dam", "chay"}}},
		"no": {"nổ", [][]string{{"chay"}, {"boc"}, {"khoi"}, {"gas"}, {"binh", "ga"}, {"phat", "no"}, {"no", "tung"},
			{"tieng", "no"}, {"no", "lon"}, {"chap", "dien"}, {"bom"}, {"min"}, {"khet"}, {"114"}, {"no", "binh"}}},
	},
	"traffick": {
		"ban": {"bán", append([][]string{{"lua", "ban"}, {"mua", "ban"}, {"ban", "nguoi"}, {"ban", "cho", "nguoi"},
			{"tien"}, {"trieu"}, {"nguoi", "la"}}, soldContext...)},
		"no": {"nợ", append([][]string{{"tru", "no"}, {"no", "nan"}, {"gan", "no"}, {"lam", "tra", "no"}}, soldContext...)},
	},
	"hit": {
		"di": {"dí", [][]string{{"di", "dao"}, {"di", "dien"}, {"di", "tan"}, {"di", "lua"}, {"di", "sung"},
			{"di", "vao", "dau"}, {"di", "vao", "mat"}, {"di", "vao", "tay"}, {"di", "vao", "nguoi"}}},
	},
	// "mau" is "máu" (blood) but also "mẫu" (a form: "có mẫu sẵn không"),
	// "màu" (a colour) and "mau" (quick): blood only next to what blood
	// does or where it comes from.
	"medsym": {
		"mau": {"máu", [][]string{{"chay"}, {"ra", "mau"}, {"mat", "mau"}, {"dinh", "mau"}, {"mau", "dinh"}, {"vet"},
			{"cam", "mau"}, {"be", "bet"}, {"mau", "me"}, {"tuon"}, {"phun"}, {"oc"}, {"non"}, {"ho", "ra"},
			{"bam"}, {"thuong"}, {"dam", "dia"}, {"loang"}, {"tham"}, {"toe"}, {"rach"}, {"dut"}, {"gay"}, {"bang", "huyet"},
			{"mau", "nhieu"}, {"nhieu", "mau"}, {"vung", "mau"}, {"bai", "mau"}, {"mau", "tuoi"}, {"vo", "oi"}, {"say", "thai"}}},
		// "chi oi" typed without marks is "chị ơi", the call that opens
		// half of all messages, not "ói" (vomiting): it is vomiting next to
		// another sign, a poison or a blow to the head.
		// (Not "tế", "năm", "xíu", "thuốc" alone: "trạm y tế", "năm nay",
		// "hỏi xíu", "thuốc lá" follow "chị ơi" every day.)
		"oi": {"ói", [][]string{{"non"}, {"mua"}, {"dau", "bung"}, {"tieu", "chay"}, {"ngo", "doc"}, {"uong", "nham"},
			{"an", "nham"}, {"thuoc", "sau"}, {"thuoc", "chuot"}, {"thuoc", "co"}, {"uong", "thuoc"}, {"chong", "mat"},
			{"sui"}, {"co", "giat"}, {"sot"}, {"dap", "dau"}, {"lo", "mo"}, {"an", "nam"}, {"ra", "mau"}, {"ngat"},
			{"lu", "du"}, {"te", "nga"}, {"te", "xe"}, {"nga", "xe"}}},
	},
	// "bao" is "bão" (a storm) but also "bảo" (to tell: "người xưng công
	// an bảo chuyển tiền"), "báo" (to report) and "bao" ("bao nhiêu",
	// "bao giờ"); "troi" is "trôi" (swept away) but also "trời" ("trời ơi",
	// "trời mưa"). The storm and the water only next to their own words:
	// rain and wind, a flood, a river, water that carries off.
	"flood": {
		"bao": {"bão", [][]string{{"lu"}, {"lut"}, {"ngap"}, {"mua", "bao"}, {"bao", "lu"}, {"mua", "to"}, {"mua", "lon"},
			{"gio", "manh"}, {"gio", "lon"}, {"gio", "giat"}, {"gio", "to"}, {"so", "tan"}, {"do", "bo"}, {"ap", "thap"},
			{"sieu", "bao"}, {"bao", "so"}, {"toc", "mai"}, {"cay", "do"}, {"nuoc", "dang"}, {"nuoc", "len"}, {"sat", "lo"},
			{"sap", "nha"}, {"mat", "dien"}, {"112"}}},
		"troi": {"trôi", [][]string{{"cuon"}, {"bi", "troi"}, {"troi", "mat"}, {"troi", "di"}, {"troi", "theo"},
			{"troi", "tren"}, {"troi", "xuong"}, {"troi", "ra"}, {"lu"}, {"lut"}, {"song"}, {"suoi"}, {"kenh"}, {"muong"},
			{"dong", "nuoc"}, {"nuoc", "xiet"}, {"chay", "xiet"}, {"nuoc", "len"}, {"nuoc", "dang"}, {"112"}}},
	},
	// "troi" is "trói" (tied) as well: a person tied by someone.
	"confine": {
		"troi": {"trói", [][]string{{"troi", "tay"}, {"troi", "chan"}, {"troi", "vao"}, {"troi", "vo"}, {"troi", "lai"},
			{"troi", "em"}, {"troi", "e"}, {"troi", "con"}, {"troi", "no"}, {"troi", "chat"}, {"day", "thung"},
			{"coi", "troi"}, {"bi", "troi"}, {"troi", "ngoai"}, {"troi", "o"}}},
	},
	"medcause": {
		// "de" is "đẻ" (giving birth) but also "dễ" ("dễ thương": cute,
		// "dễ hiểu"), "để" and "đề": "cảm ơn bé, dễ thương ghê" got the
		// ambulance line in the web chat. A birth is told with its time or
		// its course ("mới đẻ", "đẻ xong", "sắp đẻ", "đẻ rơi", "vỡ ối").
		"de": {"đẻ", [][]string{{"moi", "de"}, {"vua", "de"}, {"de", "xong"}, {"sau", "de"}, {"dang", "de"}, {"sap", "de"},
			{"de", "non"}, {"de", "roi"}, {"de", "rot"}, {"de", "con"}, {"de", "o", "nha"}, {"de", "tai", "nha"},
			{"dau", "de"}, {"chuyen", "da"}, {"vo", "oi"}, {"bang", "huyet"}, {"ra", "huyet"}, {"chay", "mau"}, {"ra", "mau"}}},
		"hoc": {"hóc", [][]string{{"hoc", "xuong"}, {"hoc", "hat"}, {"hoc", "keo"}, {"hoc", "do"}, {"bi", "hoc"},
			{"nuot"}, {"mac", "xuong"}, {"sac"}, {"kho", "tho"}, {"tim", "tai"}}},
	},
}

// soldContext tells of a person sold or held away, with no word that
// folds: a border, a country, a ransom, a broker, a forced marriage.
var soldContext = [][]string{{"bien", "gioi"}, {"trung", "quoc"}, {"tq"}, {"campuchia"}, {"dai", "loan"}, {"han", "quoc"},
	{"nuoc", "ngoai"}, {"chuoc"}, {"moi", "gioi"}, {"lam", "vo"}, {"lay", "chong"}, {"casino"}, {"lao", "dong"},
	{"dua", "qua"}, {"dua", "sang"}, {"giu", "lai"}, {"cho", "ve"}, {"ho", "chieu"}, {"qua", "cam"}, {"sang", "cam"},
	{"lua", "sang"}}

// splitFolded are the folded syllables whose everyday readings are far
// more common than the word of harm ("lúa", "lừa", "bạn"): not
// corroborated, they are read as another syllable (marked "~") in the
// classifier's syllable features too, so that the weight a story of fire
// gives "lua" does not fall on the rice field. "lua" is corroborated by a
// fire, or by a person sold or taken away ("bị lừa qua Cam giữ lại": lừa,
// a lure, is part of trafficking; a scam over the phone is not).
var splitFolded = map[string]foldedWord{
	"lua": {"lửa", append(slices.Clip(foldedWords["fire"]["lua"].context), foldedWords["traffick"]["ban"].context...)},
	"ban": foldedWords["traffick"]["ban"],
}

// readFolded returns toks with each syllable of splitFolded the message
// does not corroborate (see foldedOut) marked as its everyday reading.
func readFolded(toks []string, typed map[string]bool) []string {
	out := toks
	for i, t := range toks {
		f, ok := splitFolded[t]
		if !ok || typed[t+"\x00"+f.marked] || !typed[t] && hasPhrase(toks, f.context) {
			continue
		}
		if len(out) > 0 && &out[0] == &toks[0] {
			out = slices.Clone(toks)
		}
		out[i] = t + "~"
	}
	return out
}

// inCompound are one-syllable words of harm that, typed without marks,
// are the first half of an everyday word, by the syllables that make it
// one: "dam cuoi" is đám cưới (a wedding), not đâm (a stab), "dam ma" a
// funeral, "dam chay" a fire (read by the fire's own words). Typed with
// the marks of the word of harm, the syllable counts as usual.
var inCompound = map[string]struct {
	marked []string
	next   map[string]bool
}{
	"dam": {[]string{"đâm", "đấm"}, map[string]bool{"cuoi": true, "ma": true, "gio": true, "tang": true, "dong": true,
		"tiec": true, "hoi": true, "chay": true}},
}

// callBefore are the words a folded "oi" follows as "ơi", a call or an
// exclamation ("trời ơi", "chị ơi", "mẹ ơi"), normalised.
var callBefore = map[string]bool{"troi": true, "chi": true, "c": true, "anh": true, "me": true,
	"ba": true, "bo": true, "co": true, "ong": true, "ban": true, "oi": true, "loa": true, "ad": true}

// afterFolded are the syllables after which a one-syllable word of harm
// typed without marks is the second half of an everyday word: "trúng
// đậm" (a rich harvest), "màu đậm", "vị đậm".
var afterFolded = map[string]map[string]bool{"dam": {"trung": true, "mau": true, "vi": true, "net": true}}

// whipBefore are the syllables that make a "roi" a whip ("lấy roi",
// "bằng roi", "cây roi").
var whipBefore = map[string]bool{"lay": true, "bang": true, "cay": true, "cam": true, "ngon": true, "chiec": true,
	"cai": true, "soi": true, "don": true, "quat": true, "vut": true}

// whipAfter are the syllables that make a "roi" a whip by what follows it
// ("roi mây", "roi da", "roi điện", "roi quất").
var whipAfter = map[string]bool{"may": true, "da": true, "dien": true, "tre": true, "quat": true, "vut": true}

// compoundOut reports whether the one-syllable lexicon phrase p at toks[i]
// is the first half of an everyday word (inCompound), not typed with the
// marks of the word of harm.
func compoundOut(p lexPhrase, toks []string, i int, typed map[string]bool) bool {
	if toks[i] == "oi" && i > 0 && callBefore[toks[i-1]] && !typed["oi\x00ói"] {
		return true // "trời ơi", "chị ơi": a call, not vomiting
	}
	if len(p.words) == 1 && toks[i] == "roi" && (i == 0 || !whipBefore[toks[i-1]]) && (i+1 >= len(toks) || !whipAfter[toks[i+1]]) {
		// "bỏ học rồi", "chuyển tiền r", "mấy tuần r rác bốc mùi": rồi
		// (typed "r" too), not a whip, which is held, swung or made of
		// something ("lấy roi", "roi mây").
		return true
	}
	if len(p.words) == 1 && i > 0 && afterFolded[toks[i]][toks[i-1]] && !typed[toks[i]] {
		return true // "lúa trúng đậm", "màu đậm": đậm (rich), no stab
	}
	c, ok := inCompound[toks[i]]
	if !ok || len(p.words) != 1 || i+1 >= len(toks) || !c.next[toks[i+1]] {
		return false
	}
	return !slices.ContainsFunc(c.marked, func(m string) bool { return typed[toks[i]+"\x00"+m] })
}

// foldedOut reports whether the lexicon phrase p, standing in toks, holds
// a folded syllable the message does not corroborate (foldedWords). typed
// holds the normalised syllables typed with marks, alone and with those
// marks (see featuresOf); nil when none.
func foldedOut(p lexPhrase, toks []string, typed map[string]bool) bool {
	words := foldedWords[p.concept]
	for _, w := range p.words {
		f, ok := words[w]
		switch {
		case !ok || typed[w+"\x00"+f.marked]:
			continue // not folded, or typed as the word of harm
		case typed[w] || !hasPhrase(toks, f.context):
			return true // typed as another word, or nothing corroborates it
		}
	}
	return false
}

// safetyExample is one labelled message for training.
type safetyExample struct {
	text  string
	class string
}

// safetyModel is the trained classifier and the lexicon its features use,
// indexed by the first syllable of each phrase.
type safetyModel struct {
	linearModel
	lexicon map[string][]lexPhrase
}

// lexPhrase is one normalised lexicon phrase and its concept; marked is
// the phrase as written, with its marks, when it is one syllable ("cháy",
// which is "chạy" and "chảy" too once the marks are gone).
type lexPhrase struct {
	words   []string
	concept string
	marked  string
}

// factsOf are the facts of a story that decide its number: the victim's
// age, a young writer, sexual words, the writer harmed herself.
func factsOf(toks []string) []string {
	var out []string
	switch victimOf(toks, true) {
	case victimChild:
		out = append(out, "child")
	case victimAdult:
		out = append(out, "adult")
	}
	switch victimOf(toks, false) {
	case victimChild:
		out = append(out, "agechild")
	case victimAdult:
		out = append(out, "ageadult")
	}
	if youngSpeaker(toks) {
		out = append(out, "young")
	}
	if hasPhrase(toks, sexualWords) {
		out = append(out, "sexual")
	}
	for i := 0; i+1 < len(toks); i++ {
		if speakerWords[toks[i]] && toks[i+1] == "bi" && (i == 0 || !ownerWords[toks[i-1]]) {
			out = append(out, "self")
			break
		}
	}
	return out
}

// SafetyVerdict is what the classifier thinks of one message.
type SafetyVerdict struct {
	// Kind is the most likely kind of harm ("domestic-violence", "medical"
	// …), or "" when the message looks harmless.
	Kind string
	// P is the probability that the message tells of harm to a person.
	P float64
	// ranked are the kinds of harm, most likely first, with their
	// probabilities: the second kind present in a story (a child drowned
	// in a flood, a fire with people trapped) gives its number second.
	ranked []kindP
}

// kindP is a kind of harm and its probability.
type kindP struct {
	kind string
	p    float64
}

func newLexicon() map[string][]lexPhrase {
	out := map[string][]lexPhrase{}
	for c, phrases := range concepts {
		for _, p := range phrases {
			if w := strings.Fields(normalizePlain(p)); len(w) > 0 {
				lp := lexPhrase{words: w, concept: c}
				if m := markedSyllables(p); len(w) == 1 && len(m) == 1 {
					lp.marked = m[0]
				}
				out[w[0]] = append(out[w[0]], lp)
			}
		}
	}
	return out
}

// safetyFeatures lists the features of one message (with repeats removed).
func (m *safetyModel) featuresOf(text string) []string {
	toks := strings.Fields(normalizePlain(text))
	feats := make([]string, 0, 4*len(toks)+16)
	feats = append(feats, "bias")
	marked := markedSyllables(text)
	for i, t := range marked {
		feats = append(feats, "m:"+t)
		if i > 0 {
			feats = append(feats, "mb:"+marked[i-1]+"_"+t)
		}
	}
	other := typedWithMarks(marked)
	read := readFolded(toks, other)
	for i, t := range read {
		feats = append(feats, "u:"+t)
		if i > 0 {
			feats = append(feats, "b:"+read[i-1]+"_"+t)
		}
		if i > 1 {
			feats = append(feats, "s:"+read[i-2]+"_"+t)
		}
	}
	// A one-syllable phrase of the lexicon typed with other marks is
	// another word: "chạy" is not "cháy". In a message typed with marks
	// (a third of its syllables or more carry one), a marked phrase typed
	// without them is another word too: "bệnh tim" is not "tím" (a
	// bruise). Typed without marks it may be either, and counts.
	withMarks := 3*len(marked) >= len(toks)
	present := map[string]bool{}
	for i, t := range toks {
		for _, p := range m.lexicon[t] {
			if !present[p.concept] && i+len(p.words) <= len(toks) && slices.Equal(toks[i:i+len(p.words)], p.words) &&
				(p.marked == "" || other[t+"\x00"+p.marked] || !other[t] && !withMarks) && !foldedOut(p, toks, other) &&
				!compoundOut(p, toks, i, other) {
				present[p.concept] = true
			}
		}
	}
	cs := make([]string, 0, len(present))
	for c := range present {
		cs = append(cs, c)
	}
	sort.Strings(cs)
	for i, a := range cs {
		feats = append(feats, "c:"+a)
		for _, b := range cs[i+1:] {
			feats = append(feats, "x:"+a+"+"+b)
		}
	}
	// The facts that decide a number (whose age, the writer herself),
	// alone and with each concept: "a child" + "a blow" is 111, "an
	// adult" + "a blow" 113, whatever the words.
	for _, f := range factsOf(toks) {
		feats = append(feats, "f:"+f)
		for _, c := range cs {
			feats = append(feats, "y:"+f+"+"+c)
		}
	}
	if len(toks) <= 6 {
		feats = append(feats, "len:short")
	}
	slices.Sort(feats)
	return slices.Compact(feats)
}

// typedWithMarks indexes the syllables a member typed with marks (see
// markedSyllables) as the safety layer reads them (normalizePlain): each
// alone, and with the marks it was typed with ("lua\x00lúa"), so that a
// lexicon phrase can tell "lúa" from "lửa" and "chạy" from "cháy". nil
// when she typed no mark.
func typedWithMarks(marked []string) map[string]bool {
	if len(marked) == 0 {
		return nil
	}
	typed := make(map[string]bool, 2*len(marked))
	for _, w := range marked {
		n := normalizePlain(w)
		typed[n+"\x00"+w] = true
		typed[n] = true
	}
	return typed
}

// markedSyllables returns the syllables of text that carry a Vietnamese mark
// or đ, lowercased and composed (NFC), so "giật" and "giặt" stay apart.
func markedSyllables(text string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(unstretch(norm.NFC.String(strings.ToLower(text))), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.Is(unicode.Mn, r)
	}) {
		for i := 0; i < len(w); i++ {
			if w[i] >= 0x80 {
				out = append(out, w)
				break
			}
		}
	}
	return out
}

// trainSafety fits the model. Deterministic: the same examples give the same
// weights (a fixed shuffle seed), so a reload never changes a verdict.
// Without examples there is no model (nil): trigger phrases alone decide.
func trainSafety(examples []safetyExample) *safetyModel {
	if len(examples) == 0 {
		return nil
	}
	m := &safetyModel{lexicon: newLexicon()}
	k := newMaterialKey("safety classifier")
	for _, ex := range examples {
		k.add('c', ex.class)
		k.add('t', ex.text)
	}
	m.linearModel = *memoLinear(k.sum(), safeClass, func() []linearExample {
		data := make([]linearExample, len(examples))
		for i, ex := range examples {
			data[i] = linearExample{feats: m.featuresOf(ex.text), class: ex.class}
		}
		return data
	})
	return m
}

// partBreak splits a message into its sentences and clauses.
var partBreak = regexp.MustCompile(`[.?!;,:\n]+`)

// afterOrdinary returns what a message says after its opening clauses,
// for every cut where the clauses before it name no harm ("chị ơi hội mình
// họp mấy giờ, mà con em đang co giật", "mọi người ơi, nhà chị Hoa đang
// cháy") and the rest does; none when it opens with harm. Members ask an
// ordinary question, or greet a group, before they tell what is happening;
// read whole, the question's words weigh for harmless and dilute the story.
// What is told after them is judged on its own too (judgeKind), and the
// most alarming verdict stands; clauses that name harm are part of the
// story and are never cut off ("hôm qua ck đánh em, giờ em về ngoại rồi,
// làm đơn ở đâu").
func (m *safetyModel) afterOrdinary(text string) []string {
	var tails []string
	for _, l := range partBreak.FindAllStringIndex(text, -1) {
		if m.namesHarm(text[:l[0]]) {
			break // the story starts here: nothing more opens it
		}
		if tail := text[l[1]:]; m.namesHarm(tail) {
			tails = append(tails, tail)
		}
	}
	return tails
}

// beforeOrdinary returns what a message says before its closing clauses,
// for every cut where the clauses after it name no harm and the part before
// it does ("con em đang co giật, cho em hỏi thẻ bhyt làm ở đâu"), and that
// part's own afterOrdinary tails (a story between two ordinary questions);
// none when it ends with harm. Members tell what happens and then ask what
// they came to ask; read whole, the question's words dilute the story.
//
// A part that frames its harm as over, told, asked about or not harm at
// all ("tháng trước nhà em bị nước cuốn mất cái cầu, giờ xin vốn làm lại ở
// đâu") is the member's own reading of it: it is not judged alone.
func (m *safetyModel) beforeOrdinary(text string) []string {
	var heads []string
	cuts := partBreak.FindAllStringIndex(text, -1)
	for i := len(cuts) - 1; i >= 0; i-- {
		l := cuts[i]
		if m.namesHarm(text[l[1]:]) {
			break // the story ends here: nothing more closes it
		}
		if head := text[:l[0]]; m.namesHarm(head) && !m.framed(head) {
			heads = append(heads, head)
			heads = append(heads, m.afterOrdinary(head)...)
		}
	}
	return heads
}

// namesHarm reports whether a text names harm: a phrase of one of the
// lexicon's harmConcepts, unless the phrase is one syllable the member typed
// with other marks ("chị ơi" is not "ói", "lũ" is not "lừ").
func (m *safetyModel) namesHarm(text string) bool {
	toks := strings.Fields(normalizePlain(text))
	other := typedWithMarks(markedSyllables(text))
	for i, t := range toks {
		for _, p := range m.lexicon[t] {
			if !slices.Contains(harmConcepts, p.concept) || i+len(p.words) > len(toks) || !slices.Equal(toks[i:i+len(p.words)], p.words) {
				continue
			}
			if p.marked != "" && other[t] && !other[t+"\x00"+p.marked] || len(p.words) == 1 && p.marked == "" && other[t] ||
				foldedOut(p, toks, other) || compoundOut(p, toks, i, other) {
				continue // typed with other marks ("rồi" is no whip), or folded and not corroborated
			}
			return true
		}
	}
	return false
}

// typedAs is how a message was typed, for reading the lexicon in a part of
// it as featuresOf reads it whole: the syllables typed with marks (see
// typedWithMarks), and whether a third or more of its syllables carry one.
type typedAs struct {
	other     map[string]bool
	withMarks bool
}

func typedAsIn(text string) typedAs {
	marked := markedSyllables(text)
	return typedAs{typedWithMarks(marked), 3*len(marked) >= len(strings.Fields(normalizePlain(text)))}
}

// reads reports whether the lexicon phrase p stands for itself at toks[i],
// as featuresOf counts it: a one-syllable phrase typed with other marks is
// another word ("chạy" is not "cháy", "áo" not "ao"), and in a message
// typed with marks one typed without them is too ("bao cát" is no "bão").
func (ty typedAs) reads(p lexPhrase, toks []string, i int) bool {
	t := toks[i]
	if len(p.words) == 1 && p.marked == "" && ty.other[t] {
		return false
	}
	return (p.marked == "" || ty.other[t+"\x00"+p.marked] || !ty.other[t] && !ty.withMarks) &&
		!foldedOut(p, toks, ty.other) && !compoundOut(p, toks, i, ty.other)
}

// conceptsIn returns the lexicon concepts whose phrases stand in toks, a
// message or a part of it typed as ty.
func (m *safetyModel) conceptsIn(toks []string, ty typedAs) []string {
	var out []string
	for i, t := range toks {
		for _, p := range m.lexicon[t] {
			if !slices.Contains(out, p.concept) && i+len(p.words) <= len(toks) &&
				slices.Equal(toks[i:i+len(p.words)], p.words) && ty.reads(p, toks, i) {
				out = append(out, p.concept)
			}
		}
	}
	return out
}

// weakHarm are the one-syllable words of harm that name it only in company
// ("sinh" of a birth is also "vệ sinh", "học sinh"; "ao", a pond, is also
// "áo"; "roi", a whip, "rồi"): never enough alone for harmWords.
var weakHarm = map[string]bool{"sinh": true, "ao": true, "pin": true, "roi": true, "giam": true}

// harmWords reports whether toks (a message typed as ty, or a part of it)
// name harm to a person by themselves: a phrase of harmConcepts read as
// featuresOf reads it, but neither a bystander's words ("hàng xóm", "la
// hét": where, not what), a weakHarm word, nor a blow in its everyday sense
// ("đánh cầu", "đánh bài": blowAt). The readers of hyperbole and of the
// news ask it of what is left once an idiom is set aside, or of one part of
// the message.
func (m *safetyModel) harmWords(toks []string, ty typedAs) bool {
	for i, t := range toks {
		for _, p := range m.lexicon[t] {
			if p.concept == "bystander" || !slices.Contains(harmConcepts, p.concept) || i+len(p.words) > len(toks) ||
				!slices.Equal(toks[i:i+len(p.words)], p.words) || !ty.reads(p, toks, i) {
				continue
			}
			if len(p.words) == 1 && weakHarm[t] {
				continue
			}
			if _, verb := blows[t]; verb && len(p.words) == 1 && !blowAt(toks, i) {
				continue
			}
			return true
		}
	}
	return false
}

// framed reports whether text names one of the frameConcepts.
func (m *safetyModel) framed(text string) bool {
	toks := strings.Fields(normalizePlain(text))
	return slices.ContainsFunc(frameConcepts, func(c string) bool { return m.hasConcept(toks, c) })
}

// frameConcepts are the lexicon concepts that tell the words of harm are
// not harm to a person now (see concepts).
var frameConcepts = []string{"fiction", "past", "unhurt", "joke", "law", "minor", "chore", "animal", "askabout", "hungup"}

// harmConcepts are the lexicon concepts that tell of harm: a clause with
// none of them is an ordinary question, a greeting or chatter.
var harmConcepts = []string{"hit", "sexual", "confine", "threat", "missing", "lure", "traffick", "selfharm",
	"medsym", "medcause", "fire", "flood", "bystander"}

// classify returns the verdict on text.
func (m *safetyModel) classify(text string) SafetyVerdict {
	if m == nil || len(m.classes) < 2 {
		return SafetyVerdict{}
	}
	feats := m.featuresOf(text)
	p := m.predict(feats)
	best := 1
	for c := 2; c < len(p); c++ {
		if p[c] > p[best] {
			best = c
		}
	}
	v := SafetyVerdict{Kind: m.classes[best], P: 1 - p[0], ranked: make([]kindP, 0, len(p)-1)}
	for c := 1; c < len(p); c++ {
		v.ranked = append(v.ranked, kindP{m.classes[c], p[c]})
	}
	sort.Slice(v.ranked, func(i, j int) bool { return v.ranked[i].p > v.ranked[j].p })
	return v
}

// safetyCall is the safety layer's decision on one message.
type safetyCall struct {
	emergency *Emergency // its script comes first, instead of any answer
	caution   *Emergency // one line of its hotlines above the answer
	harm      *Emergency // see Answer.Harm
	other     *Emergency // a trigger's emergency the classifier overruled
	verdict   SafetyVerdict
	// quiet reports that the caution line is there only because the
	// classifier is barely unsure (or a trigger phrase stands in a message
	// the classifier reads as harmless): a confident answer from the
	// knowledge base then says what the message is about, and the line is
	// dropped (see quietCaution).
	quiet bool
	// habitual reports that the script was turned into the caution line
	// because the story tells of violence that keeps coming back and asks
	// what to do (habitualPlea): she then needs what a victim can do more
	// than a weak match.
	habitual bool
}

// judgeSafety decides what the safety layer does with a message: toks are
// its normalised syllables, trigger the emergency of a trigger phrase found
// in them (plea: a phrase that only calls for help). model is kb.safety
// (another one in cross-validation); without it, a trigger alone decides.
func (kb *KB) judgeSafety(model *safetyModel, text string, toks []string, trigger *Emergency, plea bool) safetyCall {
	c := kb.judgeKind(model, text, toks, trigger, plea)
	if c.emergency != nil && model != nil && c.verdict.Kind == "domestic-violence" &&
		slices.Contains(c.emergency.Kinds, "domestic-violence") && model.habitualPlea(text) {
		c.caution, c.emergency, c.quiet, c.habitual = c.emergency, nil, false, true
	}
	// Harm on the news ("xem tivi thấy vụ cháy", "nghe trên tivi nhiều
	// vụ xâm hại quá") is harm elsewhere: the line, not the script.
	// So is harm in a game ("chơi cảnh sát bắt cướp … trói em nó vào
	// ghế") with no one hurt. So is harm to an animal ("con trâu bị rắn
	// cắn", "chó nhà tui ăn trúng bả chuột"): no person is harmed.
	if c.emergency != nil && model != nil && (model.toldAsNews(text, kb.m.p.safetyUnsure) || model.pretend(text, typedToks(text)) ||
		animalHarmed(typedToks(text))) {
		c.caution, c.emergency, c.quiet = c.emergency, nil, false
	}
	c.emergency = kb.withSecond(c.emergency, c.other, c.verdict)
	c.caution = kb.withSecond(c.caution, c.other, c.verdict)
	c.harm = kb.withSecond(c.harm, c.other, c.verdict)
	return c
}

// judgeKind is judgeSafety's choice of the one emergency that fits best.
func (kb *KB) judgeKind(model *safetyModel, text string, toks []string, trigger *Emergency, plea bool) (c safetyCall) {
	p := kb.m.p
	if model == nil {
		c.emergency = trigger
		return c
	}
	v := model.classify(text)
	// A story told before an ordinary question gets the line of its
	// hotlines above the answer to the question, not the script instead of
	// it: read alone, the part before the question of a member who asks
	// about her rights after harm ("em bị chồng đánh hôm qua, giờ về ngoại
	// rồi, làm đơn ở đâu") is a story too. sure reports whether the
	// classifier's probability of harm is at least th on the message, or
	// on a part of it that is not such a story.
	before, whole := false, v
	part := false // the verdict is that of a part told apart from an ordinary question
	sure := func(th float64) bool { return v.P >= th && (!before || whole.P >= th) }
	if v.P < p.safetySure {
		for _, t := range model.afterOrdinary(text) {
			if tv := model.classify(t); tv.P > v.P {
				v, part = tv, true
			}
		}
		for _, t := range model.beforeOrdinary(text) {
			if tv := model.classify(t); tv.P > v.P {
				v, before, part = tv, true, true
			}
		}
		// Who is harmed and how is told in the whole message ("bé mới
		// lớp 3" after the question): when the whole reads as harm too,
		// the part gives how sure, the whole which kind.
		if before && whole.P >= p.safetyQuiet {
			v.Kind, v.ranked = whole.Kind, whole.ranked
		}
	}
	model.markedHazard(&v, text, toks)
	byWhoAndWhat(&v, text)
	// Who is harmed is read on the syllables as typed: the matcher's typo
	// correction, which toks went through, knows the knowledge base's
	// words, not the words of harm ("siết cổ em" would become "biết cổ
	// em", and the husband strangling her no longer a blow).
	who := typedToks(text)
	// Burnt fish or "chết cười" name no harm: neither the classifier's
	// kind nor a trigger of that kind ("muốn chết") gives a number.
	if noHarm(v.Kind, who) || model.bareSelfHarm(v.Kind, text, who) {
		v.P = 0
		if trigger != nil && slices.Contains(trigger.Kinds, v.Kind) {
			trigger = nil
		}
	}
	// "mệt muốn chết", "tức ói máu", "cười muốn tắt thở": every word of
	// harm stands in an idiom, so no word of harm is left for a trigger
	// either ("muốn chết", "tắt thở"). What is left is read alone too, and
	// the message is as sure as the less sure of the two: the idiom's
	// words weigh nothing, the rest alone is a fragment ("con bé kể
	// chuyện" reads as a child's disclosure, the whole as a laugh), and a
	// rest that reads as danger keeps its line. A plea keeps its trigger.
	if rest, ok := model.hyperbole(text, who); ok && !plea {
		v.P = min(v.P, model.classify(rest).P)
		if v.P < p.safetyUnsure {
			v.P = 0
		}
		trigger = nil
	}
	c.verdict = v
	sexual := sexualKind(v.Kind) || hasPhrase(toks, sexualWords)
	// A trigger phrase in a message the classifier reads as clearly
	// harmless ("lũ cuốn mất chuồng heo năm ngoái, giờ vay vốn xây lại",
	// a sketch about "bắt cóc" for 20/10) is words, not harm: the
	// classifier decides alone, as without a trigger. No held-out story
	// with a trigger reads under 0.3 (TestSafetyDecisions). Only a
	// message long enough to say what else it is about: in a short one
	// the trigger is most of what there is to read, and without marks the
	// classifier cannot tell "muốn tự tử" from "muốn từ từ". A plea
	// ("cứu em với") names nothing for the classifier to read: it keeps
	// its line.
	if trigger != nil && !plea && v.P < p.safetyTriggerQuiet && len(toks) >= overruleWords {
		trigger = nil
	}
	// A trigger phrase ("xâm hại", "bị đánh") also stands in questions
	// about the law or about warning signs; with the classifier at hand it
	// is sure only when the classifier sees harm too, and otherwise gets
	// the hotline line above the answer to the question.
	if trigger != nil {
		// A trigger says that there is harm, not always which or to whom:
		// a plea ("cứu với") fits a fire as well as a beating, "ngất xỉu"
		// a child beaten unconscious as well as a stroke, "cưỡng hiếp" a
		// woman (113 first) as well as a child (111). The classifier reads
		// who is harmed and what is done; when it sees harm (a plea: when
		// it is unsure), the kind it reads gives the first number, and
		// the trigger's, when another, comes right after (withSecond).
		if e := kb.emergencyByKind[v.Kind]; e != nil && e != trigger &&
			(v.P >= p.safetyTriggerSure || plea && v.P >= p.safetyUnsure) {
			c.other, trigger = trigger, e
		}
		// Being trapped ("mắc kẹt") or calling for help happens in a fire
		// as in a flood: when the classifier reads the other hazard, and
		// the message names it ("cháy", "khói"), that hazard gives the
		// line, even when the classifier is not sure of harm.
		if e := kb.emergencyByKind[v.Kind]; e != nil && e != trigger && v.P >= p.safetyUnsure &&
			hazards[v.Kind] != "" && model.hasConcept(toks, hazards[v.Kind]) &&
			(plea || slices.ContainsFunc(trigger.Kinds, func(k string) bool { return hazards[k] != "" })) {
			trigger = e
		}
		trigger = kb.forVictim(trigger, who, sexual)
		// A trigger in a message long enough to say what else it is
		// about, that frames its harm (over, asked about, a training, the
		// news: frameConcepts), is a word the classifier has read in its
		// frame: the script then needs the classifier as sure as without
		// a trigger ("mẹ em bị lừa bán sang Trung Quốc 10 năm trước, giờ
		// về làm lại giấy tờ sao"). Unsure, the hotline line stays above
		// the answer.
		th := p.safetyTriggerSure
		if len(toks) >= overruleWords && model.framed(text) {
			th = p.safetySure
		}
		if sure(th) && !calmBystander(trigger, toks) {
			c.emergency = trigger
			return c
		}
		c.caution = trigger
		c.quiet = v.P < p.safetyTriggerQuiet && len(toks) >= overruleWords
		return c
	}
	if e := kb.forVictim(kb.emergencyByKind[v.Kind], who, sexual); e != nil {
		switch {
		case sure(p.safetySure) && !calmBystander(e, toks):
			c.emergency = e
		case !before && violenceKinds[v.Kind] && v.P >= p.safetyLethal && lethalByAPerson(who):
			// A person strangling, stabbing or slashing ("chồng nhậu
			// xỉn về bóp cổ em") is told by the words themselves: the
			// classifier's doubt about a short, unmarked message does
			// not make it less urgent.
			c.emergency = e
		case (v.P >= p.safetyUnsure || part && v.P >= p.safetyHarm) &&
			(v.P >= p.safetyShortNamed || len(toks) >= overruleWords || model.namesHarm(text)):
			// (A short message the classifier is barely unsure of must
			// name harm for the line: "e mệt quá", "nhà em ở thôn 2",
			// "con e bị ho" got a hotline, 30 of 80 everyday messages a
			// member writes, and a line on every other message is one
			// she learns to skip. Above safetyShortNamed the classifier
			// is heard alone: "c ơi e sợ quá, ổng về rồi" names no harm.)
			// Harm read in a part of its own, next to an ordinary question
			// ("mất con ở chợ, mà chị ơi chi hội nữ công nhân là gì"), keeps
			// its line above the answer to the question: the answer
			// answers the question, not the story, so a confident one
			// neither drops the line (quiet) nor hides it (Harm shows only
			// when nothing answers).
			c.caution = e
			c.quiet = v.P < p.safetyQuiet && !part
		case v.P >= p.safetyHarm && model.namesHarm(text):
			// Harm (shown only when nothing answers) needs her words to
			// name harm, read as she typed them: "nhà em trồng lúa" names
			// no fire, "mẹ bị lừa qua điện thoại" no one sold.
			c.harm = e
		}
	}
	return c
}

// overruleWords: a message of at least this many syllables is long enough
// for the classifier to overrule a trigger phrase in it (judgeKind).
const overruleWords = 12

// A victim is what a message says of the age of the person harmed.
type victim int

const (
	victimUnknown victim = iota
	victimChild          // under 16: a child in Vietnamese law (Luật Trẻ em 2016, Điều 1)
	victimAdult
)

// childWords and adultWords name a child or a grown woman ("bé", "con gái",
// "học sinh"; "vợ", "chị", "mẹ", "công nhân"), normalised. Words are a weak
// cue: an age or a school grade, when given, decides.
var (
	childWords = [][]string{{"be"}, {"con", "be"}, {"thang", "be"}, {"em", "be"}, {"dua", "nho"}, {"dua", "be"},
		{"chau"}, {"tre"}, {"hoc", "sinh"}, {"con", "gai"}, {"con", "trai"}, {"thang", "cu"}, {"con", "nit"},
		{"be", "gai"}, {"be", "trai"}, {"nhoc"}, {"tre", "con"}, {"hoc", "lop"}, {"di", "hoc"}, {"hoc", "them"},
		{"day", "them"}, {"con", "em"}, {"con", "e"}, {"con", "toi"}, {"con", "tui"}, {"con", "minh"}}
	adultWords = [][]string{{"vo"}, {"vk"}, {"chi"}, {"me"}, {"ba"}, {"co"}, {"cong", "nhan"}, {"sinh", "vien"},
		{"nhan", "vien"}, {"di", "lam"}, {"chong"}, {"ck"}, {"me", "chong"}, {"phu", "nu"}}
)

// eitherAge are the childWords that also name a grown daughter, son or
// young woman ("con gái em 22 tuổi", "đứa con gái trong xóm").
var eitherAge = map[string]bool{"con gai": true, "con trai": true, "con em": true, "con e": true, "con toi": true,
	"con tui": true, "con minh": true, "chau": true}

// namesAChild reports whether toks name a child by an age, a school grade
// or a word that names only a child ("bé", "đứa nhỏ", "học sinh"), not by
// eitherAge alone.
func namesAChild(toks []string) bool {
	if victimOf(toks, false) == victimChild {
		return true
	}
	return slices.ContainsFunc(childWords, func(w []string) bool {
		return !eitherAge[strings.Join(w, " ")] && hasPhrase(toks, [][]string{w})
	})
}

// sexualWords tell of sexual violence whatever the victim's age, normalised
// and long enough not to collide with harmless words once the marks are
// gone (the lexicon's "sờ" is also "sợ", afraid, in every other story).
var sexualWords = [][]string{{"xam", "hai"}, {"hiep", "dam"}, {"cuong", "hiep"}, {"bi", "hiep"}, {"sam", "so"},
	{"so", "mo"}, {"so", "soang"}, {"mo", "mam"}, {"cho", "kin"}, {"vung", "kin"}, {"gio", "tro"}, {"lam", "nhuc"},
	{"lam", "chuyen", "do"}, {"nha", "nghi"}, {"khong", "mac", "do"}, {"anh", "nong"}, {"khoa", "than"},
	{"tut", "quan"}, {"coi", "quan"}, {"lam", "dung"}, {"dam", "o", "tre"}, {"au", "dam"}, {"quan", "he"},
	{"ep", "ban", "dam"}, {"lam", "bay"}, {"de", "ra"}, {"ngu", "voi"}, {"cuong", "buc"}}

// victimOf reads the victim's age from a message's syllables: any age in
// years under 16 ("8 tuổi", "13t", "9 tháng tuổi") or a school grade up to 9
// ("lớp 5") tells of a child; ages of 16 and more and no younger one, of an
// adult. Without an age, words decide when words is set: a word for a child
// first, else a word for a grown woman. Sexual violence is read with words
// (a woman telling of her own assault names no age); a beating only by ages,
// since "mẹ con em" (a mother and her children) are beaten together.
func victimOf(toks []string, words bool) victim {
	young, grown := false, false
	for i := 0; i+1 < len(toks); i++ {
		t := toks[i]
		n, isNum := smallNumber(t)
		switch {
		case isNum && yearsWords[toks[i+1]]:
			if n < 16 {
				young = true
			} else if n < 120 {
				grown = true
			}
		case isNum && toks[i+1] == "thang" && i+2 < len(toks) && toks[i+2] == "tuoi":
			young = true
		case t == "lop":
			if g, ok := smallNumber(toks[i+1]); ok && g <= 9 {
				young = true
			}
		}
	}
	switch {
	case young:
		return victimChild
	case grown:
		return victimAdult
	case !words:
		return victimUnknown
	case hasPhrase(toks, childWords):
		return victimChild
	case hasPhrase(toks, adultWords):
		return victimAdult
	}
	return victimUnknown
}

// blowWords are the verbs of a blow, and grownObjects the grown women a
// blow falls on, normalised: "đánh mẹ", "đập cả mẹ nó", "đánh vk" ("vợ" is
// "vô", into, once the marks are gone: "đánh vô mặt con bé").
var (
	blowWords    = map[string]bool{"danh": true, "dap": true, "dam": true, "tat": true, "xo": true, "chem": true}
	grownObjects = map[string]bool{"me": true, "vk": true}
	objectFiller = map[string]bool{"ca": true, "luon": true, "vao": true, "chet": true}
	curseAfter   = map[string]bool{"may": true, "mi": true, "bay": true}
)

// beatsAdult reports whether a blow in the message falls on a grown woman
// named right after it ("ba đánh mẹ", "nó đập cả mẹ nó"): a child who tells
// of her mother beaten, or of a beating in front of a small child, tells of
// violence to an adult (113 first), though her age or the child's is the
// only age given.
func beatsAdult(toks []string) bool {
	for i, t := range toks {
		if !blowWords[t] {
			continue
		}
		for j := i + 1; j < len(toks) && j <= i+3; j++ {
			// "đánh chết mẹ mày" is a curse at a child, not her mother.
			if grownObjects[toks[j]] && !(j+1 < len(toks) && curseAfter[toks[j+1]]) {
				return true
			}
			if !objectFiller[toks[j]] {
				break
			}
		}
	}
	return false
}

// youngSpeaker reports whether the one who writes says she is a child:
// "em 13 tuổi", "e 14t", "em học lớp 7".
func youngSpeaker(toks []string) bool {
	for i := 0; i+2 < len(toks); i++ {
		if !speakerWords[toks[i]] || i > 0 && ownerWords[toks[i-1]] {
			continue // "con em 2 tuổi" is her child
		}
		rest := toks[i+1:]
		switch {
		case len(rest) >= 3 && rest[0] == "hoc" && rest[1] == "lop":
			if n, ok := smallNumber(rest[2]); ok && n <= 9 {
				return true
			}
		case rest[0] == "lop":
			if n, ok := smallNumber(rest[1]); ok && n <= 9 {
				return true
			}
		case yearsWords[rest[1]]:
			if n, ok := smallNumber(rest[0]); ok && n < 16 {
				return true
			}
		}
	}
	return false
}

// speakerWords are how the one who writes calls herself; yearsWords follow
// an age in years ("13t" is normalised as "13 tôi").
var (
	speakerWords = map[string]bool{"em": true, "e": true, "toi": true, "tui": true, "minh": true}
	ownerWords   = map[string]bool{"con": true, "chau": true, "gai": true, "trai": true, "cua": true, "nha": true, "be": true}
	yearsWords   = map[string]bool{"tuoi": true, "toi": true, "t": true}
)

// smallNumber parses a number of at most three digits.
func smallNumber(t string) (int, bool) {
	if !isNumber(t) || len(t) > 3 {
		return 0, false
	}
	n := 0
	for _, d := range t {
		n = 10*n + int(d-'0')
	}
	return n, true
}

func hasPhrase(toks []string, phrases [][]string) bool {
	for i := range toks {
		for _, p := range phrases {
			if i+len(p) <= len(toks) && equalWords(toks[i:i+len(p)], p) {
				return true
			}
		}
	}
	return false
}

// forVictim gives the emergency that fits the victim's age: sexual violence
// told of an adult gets the adults' script (113 first), told of a child the
// children's (111 first); with no cue at all, the adults' script: 113 fits
// a child as well, 111 does not fit a woman. A beating moves only from the
// children's script to the adults', when the ages given are all adults'
// ("con trai tôi 30 tuổi đánh tôi"): a child's age in a story of a beaten
// woman is often that of a child who watches. sexual reports that the harm
// is sexual (the classifier's kind or the lexicon).
func (kb *KB) forVictim(e *Emergency, toks []string, sexual bool) *Emergency {
	if e == nil {
		return nil
	}
	child, adult := "child-violence", "domestic-violence"
	if sexual {
		child, adult = "child-sexual-abuse", "sexual-assault"
	}
	ce, ae := kb.emergencyByKind[child], kb.emergencyByKind[adult]
	if ce == nil || ae == nil {
		return e
	}
	// A child harmed, whoever tells it, is the child line's first
	// (README "one rule per mixed case"): a passer-by who sees a child
	// beaten ("thấy 1 đứa nhỏ bị trói ngoài nắng, ng lớn đang lấy roi
	// quất") is not the bystander of an adult's beating.
	if by := kb.emergencyByKind["bystander"]; e == by && by != nil && !sexual && childHarmed(toks) && !beatsAdult(toks) {
		return ce
	}
	if e != ce && e != ae {
		return e
	}
	v := victimOf(toks, sexual)
	switch {
	case !sexual && childHarmed(toks) && !beatsAdult(toks) && !grownSubject(toks) && !(partnerBeatsSpeaker(toks) && feared(toks)):
		// "ck e đánh con trai 8 tuổi …, e can thì nó xô e té": the child
		// harmed too makes it the child line's first (README "A grown
		// woman harmed by a person").
		return ce
	case partnerBeatsSpeaker(toks):
		// Her partner harms the one who writes, sexually or not: she is
		// the victim, whatever child is named.
		return ae
	case !sexual && (beatsAdult(toks) || grownSubject(toks)):
		// "ba đánh mẹ", "mẹ con bị ba đánh", "bà đang bị thằng con
		// trai đánh": a grown woman or an elder suffers the blow.
		return ae
	case !sexual && childHarmed(toks):
		// "ck e đánh thằng con 4 tuổi", "quất thằng cu nhà tôi": the
		// blow falls on the child.
		return ce
	case !sexual && elderHarmed(toks):
		// "bà cụ bị thằng con trai say rượu đánh": the son is grown.
		return ae
	case !sexual && adultHarmed(toks):
		// "đứa con dâu bị thằng chồng nhốt": a grown relative suffers it.
		return ae
	case !sexual && partnerDoes(toks) && !namesAChild(toks):
		// "bạn cùng phòng của em bị bạn trai nó đánh": a husband or a
		// boyfriend beats a grown woman, whoever tells it.
		return ae
	case !sexual && youngSpeaker(toks):
		return ce
	case !sexual:
		if v == victimAdult {
			return ae
		}
	case v == victimChild && e == ae && !namesAChild(toks):
		// "có đứa con gái trong xóm … bị mấy thằng say kéo vô chòi làm
		// bậy": "con gái" with no age is a girl or a young woman; the
		// classifier read a woman, and 113 fits a child as well.
		return ae
	case v == victimChild:
		return ce
	case v == victimAdult || e == ce:
		return ae
	}
	return e
}

// fearWords before a blow make it one feared, not done: "tôi sợ nó đánh
// con", "nó sẽ đánh con", "dọa đánh".
var fearWords = map[string]bool{"so": true, "se": true, "doa": true, "neu": true, "lo": true}

// feared reports whether a blow in the message is feared or threatened
// (a fear word at most three words before it).
func feared(toks []string) bool {
	for j := range toks {
		if !blowAt(toks, j) {
			continue
		}
		for k := j - 1; k >= 0 && k >= j-3 && toks[k] != breakToken; k-- {
			if fearWords[toks[k]] {
				return true
			}
		}
	}
	return false
}

// hazards are the kinds told by what threatens rather than by who harms,
// with the lexicon concept that names the threat.
var hazards = map[string]string{"fire": "fire", "flood": "flood"}

// markedHazard moves a hazard kind (fire, flood) after the next kind when
// the member typed marks and the hazard's words are all one syllable typed
// with other marks: "mẹ em chạy quanh xóm", "máu chảy" tell of no fire,
// though "chạy", "chảy" and "cháy" are all "chay" to the classifier. Typed
// without marks, a word may be either, and the classifier's order stands.
func (m *safetyModel) markedHazard(v *SafetyVerdict, text string, toks []string) {
	concept := hazards[v.Kind]
	if concept == "" || len(v.ranked) < 2 {
		return
	}
	marked := markedSyllables(text)
	other := false
	for i, t := range toks {
		for _, p := range m.lexicon[t] {
			if p.concept != concept || i+len(p.words) > len(toks) || !slices.Equal(toks[i:i+len(p.words)], p.words) {
				continue
			}
			if p.marked == "" || slices.Contains(marked, p.marked) {
				return // the hazard is named
			}
			for _, w := range marked {
				if normalizePlain(w) == p.words[0] {
					other = true
				}
			}
			if !other {
				return // typed without marks: either
			}
		}
	}
	if !other {
		return
	}
	v.ranked[0], v.ranked[1] = v.ranked[1], v.ranked[0]
	v.Kind = v.ranked[0].kind
}

// hasConcept reports whether a phrase of the lexicon's concept stands in
// the normalised syllables toks.
func (m *safetyModel) hasConcept(toks []string, concept string) bool {
	for i, t := range toks {
		for _, p := range m.lexicon[t] {
			if p.concept == concept && i+len(p.words) <= len(toks) && slices.Equal(toks[i:i+len(p.words)], p.words) {
				return true
			}
		}
	}
	return false
}

// secondRatio: a second kind of harm whose probability is at least this
// share of the most likely kind's is present too, and its number follows
// the first (TestSafetyDecisions, "first or right after").
const secondRatio = 0.25

// withSecond gives e with the number of the second kind present in the
// story right after its first line (other, the emergency of a trigger the
// classifier overruled, else the classifier's next kind), when that kind's emergency gives
// another number first: a child drowned in a flood gets 115 then 112, a
// husband who beats the child 111 then 113. Most urgent first is the
// classifier's and the victim's call (judgeKind); the second line makes
// sure the other service is not left out when both fit.
func (kb *KB) withSecond(e, other *Emergency, v SafetyVerdict) *Emergency {
	if e == nil {
		return e
	}
	if both := kb.twoKinds[[2]*Emergency{e, other}]; both != nil {
		return both
	}
	for _, r := range v.ranked {
		if r.p < secondRatio*v.ranked[0].p {
			break
		}
		s := kb.emergencyByKind[r.kind]
		if s == nil || s == e {
			continue
		}
		if both := kb.twoKinds[[2]*Emergency{e, s}]; both != nil {
			return both
		}
	}
	return e
}

// hotlineNumber finds a confirmed hotline number in a text.
var hotlineNumber = regexp.MustCompile(`\b(11[1-5])\b|1900[ .]?969[ .]?680|1900[ .]?0368`)

// pairEmergencies builds, for every two emergencies whose first numbers
// differ, the first with the second's caution line right after its first
// line (withSecond). Built once when the knowledge base loads.
func pairEmergencies(emergencies []*Emergency) map[[2]*Emergency]*Emergency {
	out := map[[2]*Emergency]*Emergency{}
	for _, e := range emergencies {
		first, rest, _ := strings.Cut(e.Answer, "\n")
		n := hotlineNumber.FindString(first)
		for _, s := range emergencies {
			m := hotlineNumber.FindString(s.Caution)
			if s == e || len(e.Kinds) == 0 || len(s.Kinds) == 0 || n == "" || m == "" || strings.Contains(first, m) {
				continue
			}
			both := *e
			both.Answer = first + "\n" + s.Caution + "\n" + rest
			both.Caution = e.Caution + "\n" + s.Caution
			both.alone = e
			out[[2]*Emergency{e, s}] = &both
		}
	}
	return out
}

// habitualPlea reports whether a story of violence tells of harm that
// keeps coming back and asks what to do ("ổng đánh tui hoài mà tui hông dám
// bỏ vì còn con nhỏ, tui phải làm sao chị"), with nothing that makes it
// acute: no "now" or "tonight", no threat, confinement, injury sign,
// sexual or self-harm. She needs the hotline line AND what a victim can do
// (the caution's Answers, content/ask.go), not the script in place of the
// answer: 113 still comes first, in the line.
func (m *safetyModel) habitualPlea(text string) bool {
	toks := typedToks(text)
	if !hasPhrase(toks, habitualWords) || !asksForHelp(toks) || hasPhrase(toks, acuteWords) {
		return false
	}
	feats := m.featuresOf(text) // concepts read with her marks: "sợ" is not "sờ"
	for _, c := range []string{"threat", "confine", "medsym", "sexual", "selfharm", "fire", "flood"} {
		if _, found := slices.BinarySearch(feats, "c:"+c); found {
			return false
		}
	}
	return true
}

// habitualWords say that harm keeps coming back ("hoài", "miết", "suốt",
// "mỗi khi", "nhiều lần", "mấy năm nay"), normalised; acuteWords that it is
// happening now or just did, or that it hurt ("đang", "cứu", "tối nay",
// "vừa", "bầm", "gãy").
var (
	habitualWords = [][]string{{"hoai"}, {"miet"}, {"suot"}, {"moi", "khi"}, {"moi", "lan"}, {"nhieu", "lan"},
		{"may", "nam"}, {"thuong", "xuyen"}, {"ngay", "nao", "cung"}, {"toi", "nao", "cung"}, {"hay", "danh"},
		{"cu", "say", "la"}, {"cu", "xin", "la"}, {"nhau", "vo", "la"}, {"ve", "la", "danh"}}
	acuteWords = [][]string{{"dang"}, {"cuu"}, {"bay", "gio"}, {"toi", "nay"}, {"dem", "nay"}, {"vua"}, {"hoi", "nay"},
		{"gap"}, {"khan", "cap"}, {"nua", "dem"}, {"bam"}, {"gay"}, {"chay", "mau"}, {"mau"}, {"dao"}, {"rua"},
		{"chet"}, {"giet"}, {"ngat"}, {"xiu"}, {"tuong", "chet"}}
)
