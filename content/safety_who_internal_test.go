package content

import (
	"strings"
	"testing"
)

// TestWhoDoesTheHarmDecidesTheFirstKind: with the classifier's kinds fixed,
// the words that tell who does the harm and how move the kind they decide
// first, and leave everyday senses of the same syllables alone. Written for
// this test, not from the blind sets or the training material.
func TestWhoDoesTheHarmDecidesTheFirstKind(t *testing.T) {
	t.Parallel()
	ranked := func(first, second string) SafetyVerdict {
		return SafetyVerdict{Kind: first, P: 0.9, ranked: []kindP{{first, 0.6}, {second, 0.3}}}
	}
	for _, c := range []struct{ text, first, second, want string }{
		// A person does a blow: violence first, the ambulance second.
		{"chồng em lấy cây phang vô đầu em, máu chảy nhiều, em xỉu lên xỉu xuống", "medical", "domestic-violence", "domestic-violence"},
		{"thang do siet co e, e tho ko noi", "medical", "domestic-violence", "domestic-violence"},
		{"ck troi e vao cot nha tu toi qua", "flood", "confinement", "confinement"},
		// No person, or the person is harmed: the classifier's order stands.
		{"ông nội té cầu thang đập đầu, giờ lơ mơ", "medical", "domestic-violence", "medical"},
		{"ba e bi ong dot sung mat, kho tho", "medical", "domestic-violence", "medical"},
		{"chong em bi troi theo dong nuoc", "flood", "confinement", "flood"},
		{"xe tai dam vao xe may cua chong e, mau chay nhieu", "medical", "domestic-violence", "medical"},
		// Water takes or gives back a child.
		{"thang be tam suoi bi nuoc cuon mat roi", "missing-child", "flood", "flood"},
		{"vua vot con be len tu gieng, ko tho", "missing-child", "medical", "medical"},
		{"con e di choi tu trua chua ve", "missing-child", "flood", "missing-child"},
		{"con gai e bi ban ra nuoc ngoai, mat tich 2 thang", "missing-child", "flood", "missing-child"},
		// A threat to others with the doer's own death, and harm turned
		// only on the doer.
		{"ong ay noi giet het me con e roi tu tu", "self-harm", "threat-to-kill", "threat-to-kill"},
		{"ck e doi tu tu, dang dung tren lan can", "threat-to-kill", "self-harm", "self-harm"},
		{"no ke dao vao co minh noi se giet minh", "threat-to-kill", "self-harm", "threat-to-kill"},
		// A child sold or traded against a debt is trafficked, not a
		// child harmed; a child who sells lottery tickets, or is
		// mocked by friends ("bị bạn"), is not sold.
		{"ck cu dem thang be 4 tuoi giao cho chu no de tru no", "child-violence", "trafficking", "trafficking"},
		{"con gái em 14 tuổi bị nhà kia bắt về làm vợ, chở đi mất rồi", "child-sexual-abuse", "trafficking", "trafficking"},
		{"be 10 tuoi di ban ve so ve ko du tien bi danh", "child-violence", "trafficking", "child-violence"},
		{"con e bi ban trong lop danh chay mau mui", "child-violence", "trafficking", "child-violence"},
		{"ong ta dua tien roi lam nhuc con be, bao no qua bien gioi", "child-sexual-abuse", "trafficking", "child-sexual-abuse"},
	} {
		v := ranked(c.first, c.second)
		byWhoAndWhat(&v, c.text)
		if v.Kind != c.want || v.ranked[0].kind != c.want {
			t.Errorf("%q: kind %s (ranked %v), want %s first", c.text, v.Kind, v.ranked, c.want)
		}
	}
}

// TestAWomanBeatenByHerPartnerIsTheVictim: a child's age in her story is the
// age of a child who watches; a child who tells of her own beating, or a
// husband who beats the child, is not read as a woman beaten.
func TestAWomanBeatenByHerPartnerIsTheVictim(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		text string
		want bool
	}{
		{"ck dang danh e, con e 4 tuoi dang o ben canh", true},
		{"tau bị thằng chồng đánh bầm hết người, hai đứa nhỏ đứng ngoài đường", true},
		{"chồng tôi lấy dây điện quất vô người tôi", true},
		{"thằng chồng siết cổ em tới ngất, bé 2 tuổi nằm khóc", true},
		{"chồng em đánh thằng cu 5 tuổi", false},
		{"chồng em đánh em bé nhà hàng xóm", false},
		{"con em bị chồng cũ đánh", false},
		{"ck e hay danh bai voi em trai", false},
	} {
		if got := partnerBeatsSpeaker(strings.Fields(normalizePlain(c.text))); got != c.want {
			t.Errorf("%q: partnerBeatsSpeaker %v, want %v", c.text, got, c.want)
		}
	}
}

// TestForVictimReadsWhomTheBlowFallsOn: whatever kind the classifier reads,
// a blow that falls on a child named right after it, or a child said to
// suffer one, gives the child line first (README "one rule per mixed
// case"); a grown daughter, a threat, "đập bể đầu" (bể, broken) and an
// animal do not, and a blow on the one who writes keeps her the victim.
func TestForVictimReadsWhomTheBlowFallsOn(t *testing.T) {
	t.Parallel()
	kb, _ := loadSafetyTraining(t)
	for _, c := range []struct{ kind, text, want string }{
		{"domestic-violence", "chồng tôi lấy thắt lưng quất thằng cu nhà tôi 5 tuổi", "child-violence"},
		{"domestic-violence", "ck e danh luon con be 3 tuoi", "child-violence"},
		{"bystander", "thay 1 dua nho bi ong chu tiem troi vao cot", "child-violence"},
		{"bystander", "thay thang kia danh 1 chi ban rau ngoai cho", "bystander"},
		{"domestic-violence", "thằng con rể đánh con gái tôi gãy tay", "domestic-violence"},
		{"domestic-violence", "ổng nói em còn ở đây thì ổng đập bể đầu", "domestic-violence"},
		{"domestic-violence", "ba hàng xóm dọa giết con bé nhà em", "domestic-violence"},
		{"domestic-violence", "ck say về đánh con chó chết rồi chửi em", "domestic-violence"},
		{"child-violence", "ong ay dam e bang keo, con e 6 tuoi dang run", "domestic-violence"},
		{"child-violence", "ck siet co e, be 3 tuoi dung khoc", "domestic-violence"},
	} {
		e := kb.forVictim(kb.emergencyByKind[c.kind], typedToks(c.text), false)
		if want := kb.emergencyByKind[c.want]; e != want {
			t.Errorf("%s %q: %s, want %s", c.kind, c.text, e.ID, want.ID)
		}
	}
}

// TestAnAccidentWithoutADoerIsMedical: a fall, an object swallowed, a poison
// taken or a scald by mistake, with nobody doing harm, is medical (115
// first), though its words look like another kind: "mẹ chồng" names a doer
// and "đập đầu" a blow, "cúc áo" typed without marks a pond, "thuốc trừ
// sâu" self-harm. A push, a blow by a person or a wish to die keeps the
// classifier's kind. Written for this test (issue 9, the lead's probes and
// variations), not from the blind sets or the training material.
func TestAnAccidentWithoutADoerIsMedical(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ text, first, second, want string }{
		{"Mẹ chồng e 70 tuổi té cầu thang đập đầu, giờ ói rồi lơ mơ", "medical", "domestic-violence", "medical"},
		{"Mẹ chồng e 70 tuổi té cầu thang đập đầu, giờ ói rồi lơ mơ", "domestic-violence", "medical", "medical"},
		{"be nha e 3 tuoi nuot vien pin cuc ao roi", "missing-child", "medical", "medical"},
		{"be nha e 3 tuoi nuot vien pin cuc ao roi", "child-sexual-abuse", "medical", "medical"},
		{"con e uong nham thuoc tru sau", "self-harm", "medical", "medical"},
		{"thằng cu nhà em lỡ uống chai dầu hỏa, giờ ho dữ lắm", "self-harm", "medical", "medical"},
		{"ông nội 75 tuổi bị ngã trong nhà tắm, đập đầu, giờ nói không rõ", "sexual-assault", "medical", "medical"},
		{"be lam do noi nuoc soi vao nguoi, phong het", "child-violence", "medical", "medical"},
		{"bé 2 tuổi hóc xương cá, thở khò khè", "missing-child", "medical", "medical"},
		{"ck e nhau ruou tu nau o dam, gio non oi mat mo", "domestic-violence", "medical", "medical"},
		{"bo chong e danh thuoc co ve khong rua tay, gio run nguoi", "domestic-violence", "medical", "medical"},
		{"nồi nước sôi đổ lên người thằng bé, da phồng rộp", "child-violence", "medical", "medical"},
		// Harm a person does, or means to do to herself, stays.
		{"chồng em say rượu đẩy em té cầu thang đập đầu chảy máu", "domestic-violence", "medical", "domestic-violence"},
		{"ba nó đánh thằng bé té xuống đập đầu vô tường", "child-violence", "medical", "child-violence"},
		{"em lỡ uống hết vỉ thuốc ngủ rồi, em không muốn sống nữa", "self-harm", "medical", "self-harm"},
		{"e uong thuoc tru sau roi, e muon chet", "self-harm", "medical", "self-harm"},
		{"con gai e 12 tuoi bi nguoi la dan di o nga ba cho, gio chua ve", "missing-child", "medical", "missing-child"},
		{"ck bat e nuot ca vi thuoc, doi giet e", "threat-to-kill", "medical", "threat-to-kill"},
		{"ck e nhau ruou say ve dap pha do, danh e", "domestic-violence", "medical", "domestic-violence"},
		{"tối qua ảnh bóp cổ em tới xỉu, giờ cổ đau rát nuốt không được", "domestic-violence", "medical", "domestic-violence"},
		{"anh ta ném nồi canh nóng vào người em, tay em bị bỏng phồng hết", "domestic-violence", "medical", "domestic-violence"},
		{"con 9 tuoi, ba danh me te xuong nen nha roi me ko day", "domestic-violence", "medical", "domestic-violence"},
	} {
		v := SafetyVerdict{Kind: c.first, P: 0.9, ranked: []kindP{{c.first, 0.6}, {c.second, 0.3}}}
		byWhoAndWhat(&v, c.text)
		if v.Kind != c.want || v.ranked[0].kind != c.want {
			t.Errorf("%q (%s, %s): kind %s, want %s first", c.text, c.first, c.second, v.Kind, c.want)
		}
	}
}

// TestAChildGroomedAtHomeIsSexualAbuse: a child asked online for pictures
// of her body, still at home, is child-sexual-abuse (111 first); one who has
// left or cannot be found stays missing-child (113 first). Written for this
// test, not from the blind sets or the training material.
func TestAChildGroomedAtHomeIsSexualAbuse(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ text, want string }{
		{"con gái em 10 tuổi chat zalo với người lạ, người đó bảo bé quay video lúc tắm gửi qua, hẹn cuối tuần dẫn đi chơi", "child-sexual-abuse"},
		{"nguoi la tren game ru con e 9 tuoi goi video vao phong tam", "child-sexual-abuse"},
		{"con e 12 tuoi gui anh cho 1 thang quen tren mang, sang nay no bo nha di theo thang do, tat may", "missing-child"},
		{"con e 13 tuoi di hoc chua ve, ban no noi co nguoi tren facebook hen gap", "missing-child"},
	} {
		v := SafetyVerdict{Kind: "missing-child", P: 0.9, ranked: []kindP{{"missing-child", 0.6}, {"child-sexual-abuse", 0.3}}}
		byWhoAndWhat(&v, c.text)
		if v.Kind != c.want || v.ranked[0].kind != c.want {
			t.Errorf("%q: kind %s, want %s first", c.text, v.Kind, c.want)
		}
	}
}

// TestElderChildAndTrapReaders: with the classifier's kinds fixed, the
// readers of branch safety14 move the kind they decide first. Written for
// this test, not from the blind sets, the training material or the
// held-out list of testdata/safety14.
func TestElderChildAndTrapReaders(t *testing.T) {
	t.Parallel()
	ranked := func(first, second string) SafetyVerdict {
		return SafetyVerdict{Kind: first, P: 0.9, ranked: []kindP{{first, 0.6}, {second, 0.3}}}
	}
	for _, c := range []struct{ text, first, second, want string }{
		// Trapped alone: the rescuers; the ambulance when the body is in
		// danger; shut in by someone: neither.
		{"thằng bé kẹt trong thang máy, gõ cửa kêu", "child-violence", "medical", "trapped"},
		{"thang may dung giua tang, co 3 nguoi ben trong", "bystander", "medical", "trapped"},
		{"be ket dau vo song cua so ko rut ra duoc", "medical", "child-violence", "trapped"},
		{"thang may hu, ko ai bi ket ben trong", "bystander", "medical", "bystander"},
		{"hàng bị kẹt hải quan, bên kia đòi chuyển thêm tiền", "trafficking", "medical", "trafficking"},
		{"co be bi khoa trong o to giua trua", "child-violence", "medical", "medical"},
		{"be bi ket chan vao thang cuon o sieu thi, khoc thet", "child-sexual-abuse", "medical", "medical"},
		{"bé tự khóa mình trong nhà tắm, gọi không thưa", "missing-child", "medical", "medical"},
		{"ck e nhot con trong phong tam 2 ngay", "child-violence", "medical", "child-violence"},
		{"nguoi la bat be len xe roi khoa trong xe chay mat", "missing-child", "medical", "missing-child"},
		{"chồng em bị kết án tù, em sợ quá", "domestic-violence", "medical", "domestic-violence"},
		// Water rising into the home, a body lying still.
		{"nuoc suoi tran vao toi bep roi", "medical", "flood", "flood"},
		{"nước lũ vô tới giường, em ôm con trên gác", "self-harm", "flood", "flood"},
		{"con e lam do am nuoc soi len nguc", "medical", "flood", "medical"},
		{"thấy ông già nằm bất động bên mương", "flood", "medical", "medical"},
		{"2 dua tam song, vot len 1 dua ko tho, 1 dua chua thay", "flood", "medical", "flood"},
		// A child beaten, read as gone, sold or threatened.
		{"ông ta dộng đầu con bé vô tường", "trafficking", "child-violence", "child-violence"},
		{"thang con e 9 tuoi bi ong noi lay gay danh", "missing-child", "child-violence", "child-violence"},
		{"con e bi ba danh roi bo nha di, chua ve", "missing-child", "child-violence", "missing-child"},
		// "chạy" typed "chay" after a person or a vehicle is no fire.
		{"thay 2 thang ep co gai len xe, xe chay ve huong cho", "fire", "bystander", "bystander"},
		{"no cam dao, e chay qua nha hang xom tron", "fire", "threat-to-kill", "threat-to-kill"},
		{"nha ben chay sang nha e roi", "fire", "bystander", "fire"},
		{"e chay ra thi thay khoi den nghit", "fire", "bystander", "fire"},
	} {
		v := ranked(c.first, c.second)
		byWhoAndWhat(&v, c.text)
		if v.Kind != c.want || v.ranked[0].kind != c.want {
			t.Errorf("%q: kind %s (ranked %v), want %s first", c.text, v.Kind, v.ranked, c.want)
		}
	}
	kb, _ := loadSafetyTraining(t)
	for _, c := range []struct{ kind, text, want string }{
		// An elder harmed by a grown son or grandson is an adult.
		{"child-violence", "bà nội bị thằng cháu nghiện xô ngã", "domestic-violence"},
		{"child-violence", "thang con trai say ve dap ong", "domestic-violence"},
		{"child-violence", "me gia e bi con dau nhot trong kho", "domestic-violence"},
		{"child-violence", "ông ngoại đánh thằng bé 5 tuổi", "child-violence"},
		{"child-violence", "ck danh ba dua nho", "child-violence"},
		// "tới" before a result is no "tôi": the child is beaten.
		{"domestic-violence", "ck e danh thang be 4 tuoi toi ngat xiu", "child-violence"},
		{"domestic-violence", "ck e danh toi, be 4 tuoi dung khoc", "domestic-violence"},
	} {
		e := kb.forVictim(kb.emergencyByKind[c.kind], typedToks(c.text), false)
		if want := kb.emergencyByKind[c.want]; e != want {
			t.Errorf("%s %q: %s, want %s", c.kind, c.text, e.ID, want.ID)
		}
	}
}
