package content

import (
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
		"bỏng", "dí", "dội nước sôi", "thâm tím", "u đầu", "đuổi ra", "đuổi đi", "đập phá", "đập đồ", "phá đồ",
		"quăng", "đánh chửi", "chửi", "say", "say xỉn", "say rượu", "nhậu"},
	"sexual": {"sờ", "sờ soạng", "mò mẫm", "rờ", "vuốt ve", "cởi quần", "cởi đồ", "tụt quần", "chỗ kín",
		"vùng kín", "giở trò", "hiếp", "hiếp dâm", "xâm hại", "dâm ô", "quay clip", "ảnh nóng", "ngủ với",
		"ôm hôn", "bắt cởi", "động chạm", "đồi bại", "có thai", "lạm dụng", "sàm sỡ", "khiêu dâm", "vào người",
		"chỗ riêng tư", "làm bậy", "cho kẹo", "cho tiền"},
	"confine": {"nhốt", "khóa cửa", "khóa trái", "trói", "xích", "giam", "không cho ra", "không cho đi",
		"giữ điện thoại", "lấy điện thoại", "tịch thu điện thoại", "không cho liên lạc", "cấm ra khỏi nhà",
		"cấm cửa", "không cho về"},
	"threat": {"giết", "chém chết", "đâm chết", "dọa giết", "đòi giết", "cho chết", "dọa", "đe dọa", "đốt nhà",
		"tạt axit", "axit", "xăng", "cầm dao", "mài dao", "chết cả nhà", "tiêu diệt", "xử"},
	"missing": {"mất tích", "không về", "chưa về", "không thấy", "mất liên lạc", "đi lạc", "lạc", "bỏ đi",
		"tìm không thấy", "không liên lạc được", "tắt máy", "biệt tăm", "đi đâu mất", "tìm khắp", "đi từ chiều",
		"từ hôm qua", "cả đêm"},
	"lure": {"dụ", "rủ rê", "dụ dỗ", "lên xe", "người lạ", "đón đi", "chở đi", "bắt cóc", "bắt đi", "rủ đi",
		"quen trên mạng", "facebook", "zalo", "tiktok", "hẹn gặp"},
	"traffick": {"bán sang", "bán qua", "bán đi", "trung quốc", "campuchia", "lấy chồng nước ngoài",
		"đài loan", "hàn quốc", "việc nhẹ lương cao", "xuất khẩu lao động", "môi giới", "giữ hộ chiếu",
		"giữ giấy tờ", "bị giữ lại", "tiền chuộc", "chuộc", "biên giới", "bán người", "bị bán", "lừa bán",
		"đưa qua biên giới", "sang bên kia", "nợ", "không cho về", "casino", "lừa đảo online"},
	"selfharm": {"tự tử", "tự sát", "không muốn sống", "muốn chết", "chết cho xong", "chết quách",
		"thuốc sâu", "thuốc trừ sâu", "thuốc chuột", "thuốc ngủ", "nhảy sông", "nhảy cầu", "treo cổ", "cắt tay",
		"rạch tay", "kết liễu", "tìm đến cái chết", "buông xuôi", "sống làm gì", "không thiết sống",
		"chán sống", "chết đi", "ra đi", "từ biệt", "vĩnh biệt", "bế tắc", "uống hết", "uống cả vỉ"},
	"medsym": {"co giật", "giật", "lên cơn", "trợn mắt", "sùi bọt mép", "bọt mép", "khó thở", "thở không được",
		"không thở", "ngừng thở", "tím tái", "tím môi", "bất tỉnh", "ngất", "xỉu", "hôn mê", "không tỉnh", "lịm",
		"mê man", "sốt cao", "sốt", "độ", "nôn", "ói", "ói mửa", "tiêu chảy", "chảy máu", "ra máu", "băng huyết",
		"méo miệng", "yếu nửa người", "liệt", "đau ngực", "đau bụng", "mất máu", "lạnh toát", "mềm nhũn",
		"không phản ứng", "gọi không dậy", "cứng người", "sưng", "máu"},
	"medcause": {"ngộ độc", "nấm", "rượu giả", "methanol", "thuốc sâu", "rắn cắn", "rắn độc", "rắn", "chó cắn",
		"ong đốt", "đuối nước", "chết đuối", "rơi xuống ao", "rơi xuống sông", "té ao", "té giếng", "ao",
		"giếng", "sông", "nuốt pin", "nuốt phải", "pin", "hóc", "hóc xương", "điện giật", "té", "ngã",
		"té cầu thang", "ngã xe", "tai nạn", "đập đầu", "sinh xong", "mới sinh", "đẻ xong", "sau sinh",
		"đẻ", "sinh", "uống nhầm", "ăn nhầm", "cá nóc", "sắn", "khoai mì"},
	"fire": {"cháy", "bốc cháy", "lửa", "khói", "nổ", "bình gas", "gas", "chập điện", "cháy nhà", "cháy lan",
		"bén lửa", "khét"},
	"flood": {"lũ", "lụt", "ngập", "nước lên", "nước dâng", "sạt lở", "lở đất", "cuốn trôi", "nước cuốn",
		"mắc kẹt", "nóc nhà", "mái nhà", "cô lập", "bão", "lốc", "xả lũ", "nước ngập", "trôi"},
	"bystander": {"hàng xóm", "nhà bên", "nhà kế bên", "bên cạnh", "sát vách", "nghe tiếng", "nghe thấy",
		"la hét", "kêu cứu", "khóc thét", "tiếng đập", "tiếng la", "nhà đối diện", "cạnh nhà", "xóm",
		"chứng kiến", "thấy ông", "thấy bà", "gọi giùm", "báo giùm", "báo ai", "can thiệp"},
	"urgency": {"đang", "bây giờ", "giờ", "ngay", "cứu", "cứu với", "cứu em", "giúp em với", "gấp", "nhanh",
		"mau", "khẩn cấp", "tối nay", "nửa đêm", "làm sao bây giờ", "hoảng", "sợ quá", "run", "lúc này",
		"vừa", "vừa mới", "mới", "hồi nãy", "tối qua", "đêm qua", "sáng nay", "chiều nay", "từ chiều"},
	"help": {"làm sao", "phải làm gì", "làm gì", "gọi ai", "báo ở đâu", "báo ai", "giúp", "cứu"},
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

// lexPhrase is one normalised lexicon phrase and its concept.
type lexPhrase struct {
	words   []string
	concept string
}

// SafetyVerdict is what the classifier thinks of one message.
type SafetyVerdict struct {
	// Kind is the most likely kind of harm ("domestic-violence", "medical"
	// …), or "" when the message looks harmless.
	Kind string
	// P is the probability that the message tells of harm to a person.
	P float64
}

func newLexicon() map[string][]lexPhrase {
	out := map[string][]lexPhrase{}
	for c, phrases := range concepts {
		for _, p := range phrases {
			if w := strings.Fields(Normalize(p)); len(w) > 0 {
				out[w[0]] = append(out[w[0]], lexPhrase{words: w, concept: c})
			}
		}
	}
	return out
}

// safetyFeatures lists the features of one message (with repeats removed).
func (m *safetyModel) featuresOf(text string) []string {
	toks := strings.Fields(Normalize(text))
	feats := make([]string, 0, 4*len(toks)+16)
	feats = append(feats, "bias")
	for i, t := range toks {
		feats = append(feats, "u:"+t)
		if i > 0 {
			feats = append(feats, "b:"+toks[i-1]+"_"+t)
		}
		if i > 1 {
			feats = append(feats, "s:"+toks[i-2]+"_"+t)
		}
	}
	marked := markedSyllables(text)
	for i, t := range marked {
		feats = append(feats, "m:"+t)
		if i > 0 {
			feats = append(feats, "mb:"+marked[i-1]+"_"+t)
		}
	}
	present := map[string]bool{}
	for i, t := range toks {
		for _, p := range m.lexicon[t] {
			if !present[p.concept] && i+len(p.words) <= len(toks) && slices.Equal(toks[i:i+len(p.words)], p.words) {
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
	if len(toks) <= 6 {
		feats = append(feats, "len:short")
	}
	slices.Sort(feats)
	return slices.Compact(feats)
}

// markedSyllables returns the syllables of text that carry a Vietnamese mark
// or đ, lowercased and composed (NFC), so "giật" and "giặt" stay apart.
func markedSyllables(text string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(norm.NFC.String(strings.ToLower(text)), func(r rune) bool {
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
	data := make([]linearExample, len(examples))
	for i, ex := range examples {
		data[i] = linearExample{feats: m.featuresOf(ex.text), class: ex.class}
	}
	m.linearModel = *memoLinear(data, safeClass)
	return m
}

// classify returns the verdict on text.
func (m *safetyModel) classify(text string) SafetyVerdict {
	if m == nil || len(m.classes) < 2 {
		return SafetyVerdict{}
	}
	p := m.predict(m.featuresOf(text))
	best := 1
	for c := 2; c < len(p); c++ {
		if p[c] > p[best] {
			best = c
		}
	}
	return SafetyVerdict{Kind: m.classes[best], P: 1 - p[0]}
}
