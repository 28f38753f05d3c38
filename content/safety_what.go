package content

import "slices"

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

// noHarm reports whether a message read as kind names no harm at all:
// burnt food read as a fire, an idiom of laughter read as self-harm.
func noHarm(kind string, toks []string) bool {
	switch kind {
	case "fire":
		return burntFood(toks)
	case "self-harm":
		return deathIdiom(toks)
	}
	return false
}
