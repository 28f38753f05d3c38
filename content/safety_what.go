package content

import (
	"slices"
	"strings"
)

// Some stories name no harm at all though their words are those of harm:
// a kitchen's "cháy" (a pot, rice, fish burnt) and a laugh's "chết" ("muốn
// chết cười"). noHarm tells them, so that judgeKind gives neither the
// script nor a hotline line above the answer.

// Cooking words, normalised: "cháy" right after food or a pan, or right
// before how it burnt ("cháy cạnh", "cháy đen", "cháy khét"), is burnt food;
// so is "khét" in a message that names cooking. A fire's own words (smoke,
// gas, a spark, a house, spreading) veto it, and so does "lửa" but where it
// is left on ("quên lửa", "lửa nhỏ"). "cạnh" (beside: "nhà bên cạnh cháy"),
// "kho" (a storehouse), "nói", "cả" collide once the marks are gone: they
// count only after "cháy", or as a dish ("cá kho").
var (
	burntFoodBefore = map[string]bool{"com": true, "noi": true, "chao": true, "banh": true, "thit": true,
		"nuong": true, "chien": true, "xao": true, "che": true, "xoi": true}
	burntFoodAfter = map[string]bool{"canh": true, "noi": true, "den": true, "khet": true, "day": true, "xem": true, "chao": true}
	dishes         = [][]string{{"ca", "kho"}, {"thit", "kho"}, {"trung", "chien"}, {"ca", "chien"}}
	cookWords      = [][]string{{"com"}, {"nau"}, {"chien"}, {"nuong"}, {"xao"}, {"che"}, {"banh"}, {"thit"}, {"xoi"},
		{"ca", "kho"}, {"noi", "com"}, {"noi", "canh"}, {"noi", "ca"}}
	realFire = [][]string{{"khoi"}, {"gas"}, {"binh", "ga"}, {"chap", "dien"}, {"boc", "chay"}, {"chay", "lan"},
		{"lan", "sang"}, {"lan", "qua"}, {"lan", "ra"}, {"lan", "len"}, {"no", "tung"}, {"phat", "no"}, {"tieng", "no"},
		{"xang"}, {"dau", "hoa"}, {"chay", "nha"}, {"nha", "chay"}, {"chay", "bep"}, {"bep", "chay"}, {"rem"}, {"tu", "bep"},
		{"nha", "kho"}, {"kho", "hang"}}
	fireLeftOn = map[string]bool{"quen": true, "tat": true, "vua": true}
)

// burntFood reports whether every "cháy", "khét" and "lửa" of the message
// tells of food burnt in the kitchen (see burntFoodBefore).
func burntFood(toks []string) bool {
	if hasPhrase(toks, realFire) {
		return false
	}
	burnt, khet := false, false
	for i, t := range toks {
		prev, next := "", ""
		if i > 0 {
			prev = toks[i-1]
		}
		if i+1 < len(toks) {
			next = toks[i+1]
		}
		switch t {
		case "chay":
			dish := i >= 2 && slices.ContainsFunc(dishes, func(d []string) bool { return equalWords(toks[i-2:i], d) })
			if !burntFoodBefore[prev] && !burntFoodAfter[next] && !dish {
				return false
			}
			burnt = true
		case "khet":
			khet = true
		case "lua":
			if !fireLeftOn[prev] && next != "nho" && next != "lon" && next != "vua" {
				return false
			}
		}
	}
	if khet && !burnt && !hasPhrase(toks, cookWords) {
		return false
	}
	return burnt || khet
}

// deathIdioms follow or precede "chết" when it is a manner of speaking:
// "chết cười" (dying of laughter), "chết mê", "chết mệt" (crazy about),
// "cười chết". selfHarmOther are the words of self-harm other than "chết".
var (
	deathIdiomAfter  = map[string]bool{"cuoi": true, "me": true, "met": true}
	deathIdiomBefore = map[string]bool{"cuoi": true}
	selfHarmOther    = [][]string{{"tu", "tu"}, {"tu", "sat"}, {"muon", "song"}, {"thiet", "song"}, {"ket", "lieu"},
		{"rach", "tay"}, {"treo", "co"}, {"nhay", "cau"}, {"nhay", "song"}, {"thuoc", "sau"}, {"thuoc", "chuot"},
		{"thuoc", "ngu"}, {"bien", "mat"}, {"chan", "song"}, {"di", "theo"}}
)

// deathIdiom reports whether the message says "chết" only as a manner of
// speaking, with no other word of self-harm.
func deathIdiom(toks []string) bool {
	idiom := false
	for i, t := range toks {
		if t != "chet" {
			continue
		}
		if !(i+1 < len(toks) && deathIdiomAfter[toks[i+1]] || i > 0 && deathIdiomBefore[toks[i-1]]) {
			return false
		}
		idiom = true
	}
	return idiom && !hasPhrase(toks, selfHarmOther)
}

// despair are the words of a veiled farewell or of despair that tell of a
// wish to die without a word of harm (content/train's self-harm stories
// told so: "chắc đây là tin nhắn cuối của em", "mọi người sẽ nhẹ nhõm hơn
// nếu không có em", "gửi lại mấy đứa nhỏ cho bà ngoại", "em đang đứng trên
// sân thượng"), normalised. A message read as self-harm that has none of
// them and no word of harm either ("cảm ơn Loa nha, giờ em biết đường đi
// làm rồi", "bác 65 tuổi rồi con") is thanks or chatter whose words the
// farewells share: see bareSelfHarm.
var despair = [][]string{{"tin", "nhan", "cuoi"}, {"loi", "cuoi"}, {"lan", "cuoi"}, {"cuoi", "cung"}, {"tam", "biet"},
	{"vinh", "biet"}, {"khong", "con", "o", "day"}, {"ko", "con", "o", "day"}, {"khong", "con", "nua"}, {"ko", "con", "nua"},
	{"khong", "co", "e"}, {"ko", "co", "e"}, {"khong", "co", "em"}, {"ko", "co", "em"}, {"khong", "co", "toi"},
	{"bien", "mat"}, {"ra", "di"}, {"di", "theo"}, {"di", "xa"}, {"di", "day"}, {"ngu", "luon"}, {"khong", "day", "nua"},
	{"ko", "day", "nua"}, {"ganh", "nang"}, {"lam", "phien"}, {"nhe", "nhom"}, {"khong", "ai", "can"}, {"ko", "ai", "can"},
	{"vo", "dung"}, {"mat", "mui"}, {"nhuc", "nha"}, {"song", "chi"}, {"song", "lam", "gi"}, {"song", "de", "lam"},
	{"dinh", "song"}, {"muon", "song"}, {"thiet", "song"}, {"ton", "tai"}, {"kiep", "sau"}, {"san", "thuong"},
	{"tren", "cau"}, {"ra", "cau"}, {"doi", "nhay"}, {"nhay"}, {"lan", "can"}, {"dot", "than"}, {"thuoc"},
	{"day", "thung"}, {"theo", "day"}, {"met", "lam", "roi"}, {"met", "moi"}, {"met", "qua"}, {"be", "tac"},
	{"cung", "duong"}, {"het", "cach"}, {"chiu", "khong", "noi"}, {"khong", "chiu", "noi"}, {"ko", "chiu", "noi"},
	{"het", "chiu", "noi"}, {"kiet", "suc"}, {"tuyet", "vong"}, {"gui", "lai"}, {"gui", "gam"}, {"de", "lai"},
	{"nuoi", "con", "gium"}, {"nuoi", "con", "giup"}, {"viet", "thu"}, {"cho", "xong"}, {"chet"}, {"tu", "tu"},
	{"ket", "thuc"}, {"het", "tat", "ca"}, {"giai", "thoat"}, {"buong", "tay"}, {"cuoc", "doi"}, {"cuoc", "song"},
	{"xa", "moi", "nguoi"}, {"khong", "muon", "tinh"}, {"ko", "muon", "tinh"}, {"chiu", "het", "noi"}}

// bareSelfHarm reports whether a message read as self-harm names neither
// harm (harmWords) nor despair: its words are those the farewells of the
// training stories share with thanks and chatter, not a wish to die.
func (m *safetyModel) bareSelfHarm(kind, text string, toks []string) bool {
	return kind == "self-harm" && !m.harmWords(toks, typedAsIn(text)) && !hasPhrase(toks, despair)
}

// noHarm reports whether a message read as kind names no harm at all:
// burnt food read as a fire, an idiom of laughter read as self-harm, a
// scam call already hung up with nothing given away.
func noHarm(kind string, toks []string) bool {
	switch kind {
	case "fire":
		return burntFood(toks)
	case "self-harm":
		return deathIdiom(toks)
	case "scam":
		return scamOver(toks)
	}
	return false
}

// A scam call she hung up or a number she blocked ("em cúp máy rồi",
// "chặn số rồi") is no longer going on: what she asks next (was it a
// scam, should she tell anyone) the knowledge base answers. Money or a
// code already given away ("lỡ chuyển 20 triệu", "đọc mã rồi") keeps it
// urgent: the bank must freeze the account now. Normalised.
var (
	hungUp = [][]string{{"cup", "may", "roi"}, {"cup", "may", "r"}, {"da", "cup"}, {"tat", "may", "roi"}, {"chan", "so"},
		{"cup", "ngang"}, {"cup", "luon"}, {"khong", "chuyen"}, {"ko", "chuyen"}, {"k", "chuyen"}}
	givenAway = [][]string{{"da", "chuyen"}, {"lo", "chuyen"}, {"chuyen", "roi"}, {"chuyen", "r"}, {"chuyen", "xong"},
		{"doc", "roi"}, {"lo", "doc"}, {"da", "doc"}, {"mat", "tien"}, {"mat", "het"}, {"bi", "tru"}, {"dang", "chuyen"},
		{"dang", "doc"}, {"van", "goi"}, {"lai", "goi"}, {"goi", "lai"}}
)

// scamOver reports whether a scam told in toks is over (see hungUp).
func scamOver(toks []string) bool {
	return hasPhrase(toks, hungUp) && !hasPhrase(toks, givenAway)
}

// Members speak of their day in the words of harm: "mệt muốn chết", "đói
// muốn xỉu", "tức ói máu", "cười muốn tắt thở", "như sét đánh ngang tai".
// Such a phrase is hyperbole when the word of harm follows a state of the
// body or the mood that nobody dies of (tired, hungry, hot, angry,
// laughing, searching) with "muốn", "gần", "sắp" or an intensifier between,
// or is an idiom of its own. hyperbole finds whether a message's words of
// harm all stand in such phrases, so that what remains names no harm
// (harmWords).
// A wish to die is never hyperbole: despair ("chán", "buồn", "khổ",
// "nhục") is no state of idiomStates, and a death wished "cho xong",
// "quách", or any other word of self-harm in the message, keeps it harm.
var (
	// idiomStates are read without marks: "doi" is đói (hungry) and đợi
	// (to wait), "ngu" ngủ (mất ngủ); "nho" (nhớ, but nhỏ: "con nhỏ muốn
	// chết" is a girl who wants to die), "ban" (bận, but bạn) and "sợ"
	// (the fear of a woman in danger: "em sợ muốn chết, nó đứng ngoài
	// cửa") are left out.
	idiomStates = map[string]bool{"met": true, "doi": true, "nong": true, "lanh": true, "ngu": true, "tuc": true,
		"cay": true, "cuoi": true, "mung": true, "suong": true, "vui": true, "que": true, "ngai": true,
		"them": true, "khat": true, "ghet": true, "gian": true, "ngan": true, "ngua": true, "kiem": true, "cuc": true,
		"dep": true, "ngon": true, "uc": true}
	// idiomBetween may stand between the state and the word of harm.
	idiomBetween = map[string]bool{"qua": true, "wa": true, "lam": true, "ghe": true, "that": true, "thiet": true,
		"nhu": true, "muon": true, "gan": true, "sap": true}
	// aches and achingParts are an everyday ache, a state nobody dies of
	// either: a head, a back, teeth, limbs that ache after a night of
	// drinking or a day in the field ("nhức đầu", "đau lưng", "mỏi
	// chân"), read as pairs since "nhuc" alone is also "nhục" (shame, a
	// word of despair). The chest and the belly are left out: "đau ngực
	// muốn xỉu" may be the heart.
	aches       = map[string]bool{"nhuc": true, "dau": true, "moi": true, "e": true, "buot": true}
	achingParts = map[string]bool{"dau": true, "lung": true, "rang": true, "chan": true, "tay": true, "minh": true,
		"mat": true, "vai": true, "goi": true, "moi": true, "am": true}
	// wantWords make the harm a wish or a near thing, not a fact: "đói
	// muốn xỉu" is not "đói xỉu" (she fainted).
	wantWords = map[string]bool{"muon": true, "gan": true, "sap": true}
	// gladStates say it of joy or laughter: "cười xỉu", "mừng xỉu".
	gladStates = map[string]bool{"cuoi": true, "mung": true, "suong": true, "vui": true, "dep": true, "ngon": true}
	// idiomHarm are the words of harm spoken as hyperbole, normalised.
	idiomHarm = [][]string{{"chet"}, {"xiu"}, {"ngat"}, {"tat", "tho"}, {"dut", "hoi"}, {"hoc", "mau"}, {"oi", "mau"},
		{"no", "tung"}, {"no", "dau"}, {"no", "nao"}, {"no"}}
	// fixedIdioms are hyperbole of their own: news that strikes like
	// lightning, laughing fit to fall over, a head about to burst.
	fixedIdioms = [][]string{{"set", "danh", "ngang", "tai"}, {"nhu", "set", "danh"},
		{"xiu", "up", "xiu", "down"}, {"chet", "cuoi"}, {"chet", "me"}, {"chet", "met"}, {"cuoi", "chet"},
		{"te", "lan", "ra", "cuoi"}, {"lan", "ra", "cuoi"}, {"cuoi", "te", "ghe"}, {"cuoi", "lan", "lon"},
		{"no", "tung", "cai", "dau"}, {"no", "tung", "dau"}, {"muon", "no", "dau"}, {"muon", "no", "nao"}}
	// realWish after "chết" make it a wish: "chết cho xong", "chết quách".
	realWish = map[string]bool{"cho": true, "quach": true}
	// starved before "đói" make it deprivation: "bỏ đói", "nhịn đói".
	starved = map[string]bool{"bo": true, "nhin": true}
)

// idiomSpans marks the syllables of toks that stand in hyperbole (see
// idiomStates); nil when none do.
func idiomSpans(toks []string) []bool {
	var in []bool
	mark := func(from, to int) {
		if in == nil {
			in = make([]bool, len(toks))
		}
		for k := from; k < to; k++ {
			in[k] = true
		}
	}
	for i := range toks {
		for _, f := range fixedIdioms {
			if i+len(f) <= len(toks) && equalWords(toks[i:i+len(f)], f) {
				mark(i, i+len(f))
			}
		}
		h := harmAt(toks, i)
		if h == 0 {
			continue
		}
		if end := i + h; end < len(toks) && (realWish[toks[end]] || toks[end] == "di" && (end+1 >= len(toks) || toks[end+1] != "duoc" && toks[end+1] != "dc")) {
			continue // "chết cho xong", "chết đi"
		}
		// Back over "muốn", "gần", "quá", "lắm" to the word they
		// qualify: a state of idiomStates makes it hyperbole; any other
		// word ("chán", "em", "bị") does not.
		// "nóng quá chết mất": a lament, as much a manner of speaking as
		// "muốn chết".
		want := toks[i] == "chet" && i+1 < len(toks) && toks[i+1] == "mat"
		for k := i - 1; k >= 0 && k >= i-4 && toks[k] != breakToken; k-- {
			if wantWords[toks[k]] {
				want = true
			}
			if idiomBetween[toks[k]] {
				continue
			}
			bare := toks[i] == "chet" || toks[i] == "xiu" || toks[i] == "ngat" || toks[i] == "no"
			if idiomStates[toks[k]] && (want || gladStates[toks[k]] || !bare) && !(k > 0 && starved[toks[k-1]]) {
				mark(k, i+h)
			}
			if k > 0 && aches[toks[k-1]] && achingParts[toks[k]] && (want || !bare) {
				mark(k-1, i+h) // "nhức đầu muốn chết", "mỏi lưng muốn xỉu"
			}
			break
		}
	}
	return in
}

// harmAt returns the length of the idiomHarm phrase at toks[i], 0 if none.
func harmAt(toks []string, i int) int {
	for _, h := range idiomHarm {
		if i+len(h) <= len(toks) && equalWords(toks[i:i+len(h)], h) {
			return len(h)
		}
	}
	return 0
}

// hyperbole returns what text says besides its idioms (idiomSpans), when
// every word of harm in it stands in one and no other word of self-harm or
// of a person starved is in it; ok is false otherwise. The caller asks the
// classifier how that rest reads ("mệt muốn xỉu, thằng đó đứng ngoài cửa
// cả tiếng rồi" is no tired day).
func (m *safetyModel) hyperbole(text string, toks []string) (rest string, ok bool) {
	in := idiomSpans(toks)
	if in == nil || hasPhrase(toks, selfHarmOther) || hasPhrase(toks, deprivedWords) {
		return "", false
	}
	left := slices.Clone(toks)
	for k := range left {
		if in[k] {
			left[k] = breakToken
		}
	}
	if m.harmWords(left, typedAsIn(text)) {
		return "", false
	}
	return strings.ReplaceAll(strings.Join(left, " "), breakToken, ","), true
}

// Children play at harm ("chơi cảnh sát bắt cướp", "đánh trận giả", "ma
// sói", "trói tay nhau" in a pirates' game) and grown-ups at sport ("đánh
// cầu lông thua", "đá banh bị đè", "tập võ đấm bao cát"). A game or a sport
// whose only words of harm are the game's own (a blow, a rope, a threat, a
// capture), with no injury, no one gone, hurt, trapped or in the water and
// no other harm, is play: it gets at most the hotline line, never the
// script, since a child beaten during a game by someone outside it reads
// the same.
//
// games are written as phrases: "thi đấu", "trận đấu", "học võ" are also
// "thì đau" (then it hurts), "trán đau", "hóc vô (cổ)".
var (
	games = [][]string{{"tron", "tim"}, {"bat", "cuop"}, {"canh", "sat", "bat"}, {"tran", "gia"}, {"danh", "tran"},
		{"ma", "soi"}, {"cuop", "bien"}, {"choi", "do", "hang"}, {"sung", "nhua"}, {"sung", "nuoc"},
		{"bit", "mat", "bat", "de"}, {"rong", "ran"}, {"da", "banh"}, {"da", "bong"}, {"bong", "da"},
		{"cau", "long"}, {"danh", "cau"}, {"da", "cau"}, {"bong", "chuyen"}, {"bong", "ro"}, {"bong", "ban"},
		{"co", "tuong"}, {"co", "vua"}, {"danh", "co"}, {"tap", "vo"}, {"lop", "vo"}, {"vo", "thuat"}, {"bao", "cat"},
		{"choi", "game"}, {"tro", "choi"}, {"choi", "tro"},
		{"gia", "vo"}, {"gia", "bo", "lam"}, {"gia", "lam"}, {"dong", "vai"}, {"dong", "kich"}, {"dien", "kich"},
		{"tieu", "pham"}, {"bup", "be"}, {"vat", "tay"}, {"pickleball"}, {"tennis"}, {"thi", "keo", "co"}, {"choi", "keo", "co"},
		{"doi", "keo", "co"}}
	// playHarm are the harm concepts a game's own words name.
	playHarm = map[string]bool{"hit": true, "confine": true, "threat": true, "lure": true, "bystander": true}
)

// pretend reports whether text tells of a game or a sport whose only words
// of harm are the game's own (see games).
func (m *safetyModel) pretend(text string, toks []string) bool {
	if !hasPhrase(toks, games) || hasPhrase(toks, injuries) || hasPhrase(toks, lostWords) ||
		hasPhrase(toks, goneWords) || hasPhrase(toks, swallowed) || hasPhrase(toks, fallWords) ||
		doneByAPerson(toks) || forcedByAPerson(toks) || hasPhrase(toks, fights) {
		return false
	}
	for i := range toks {
		if trappedAt(toks, i) || swallowedAt(toks, i) {
			return false
		}
	}
	// Hiding in an old fridge or a car boot: trapped, however it began.
	if hasPhrase(toks, trapPlaces) || slices.Contains(toks, "ket") {
		return false
	}
	if taken, pulled := inWater(toks); taken || pulled {
		return false
	}
	// An idiom in the game's story ("kiếm muốn chết") is no harm either.
	rest := slices.Clone(toks)
	for k, in := range idiomSpans(toks) {
		if in {
			rest[k] = breakToken
		}
	}
	for _, c := range m.conceptsIn(rest, typedAsIn(text)) {
		if slices.Contains(harmConcepts, c) && !playHarm[c] {
			return false
		}
	}
	return true
}

// The news ("xem tivi thấy vụ cháy nhà trọ", "nghe trên tivi nhiều vụ xâm
// hại quá") tells of harm elsewhere: a mother who asks how to guard her
// child after it gets the hotline line, not the script. A part of the
// message that tells of harm tells it as news when it names a source (the
// television, the papers, the news bulletin) and an incident ("vụ").
var (
	newsSources = [][]string{{"tivi"}, {"ti", "vi"}, {"tv"}, {"thoi", "su"}, {"doc", "bao"}, {"tren", "bao"}, {"bao", "dang"},
		{"coi", "bao"}, {"xem", "bao"}, {"bao", "chi"}, {"tin", "tuc"}, {"ban", "tin"}, {"nghe", "dai"}, {"tren", "dai"},
		{"truyen", "hinh"}}
)

// toldAsNews reports whether the harm text names is told as news: some
// part of it names harm (harmWords), a source of news and an incident
// ("vụ", typed so or without marks: "vú" is no incident), and every other
// part that names harm reads to the classifier as harmless (under th).
func (m *safetyModel) toldAsNews(text string, th float64) bool {
	ty := typedAsIn(text)
	if ty.other["vu"] && !ty.other["vu\x00vụ"] {
		return false
	}
	news := false
	for _, part := range partBreak.Split(text, -1) {
		toks := strings.Fields(normalizePlain(part))
		switch {
		case !m.harmWords(toks, ty):
		case hasPhrase(toks, newsSources) && slices.Contains(toks, "vu"):
			news = true
		case m.classify(part).P >= th:
			return false
		}
	}
	return news
}
