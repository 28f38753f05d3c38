package content

import "slices"

// Who suffers the harm decides the first number as much as what is done,
// and a few plain words tell it that the classifier, which reads a story's
// words as a bag, weighs only as much as its examples taught it:
//
//   - "mẹ con bị ba đánh", "bà đang bị thằng con trai đánh": a grown woman
//     or an elder is the one "bị" the blow, though the one who writes is a
//     child or calls the reader "cháu" (113 first, not the child line);
//   - "đứa nhỏ bị bỏ một mình, cửa khóa ngoài": a small child left alone
//     behind a locked door is in danger because of the grown-ups, not ill
//     (the child line or the police first, not the ambulance), however
//     much it cries;
//   - "bị chó nhà hàng xóm cắn": an animal bites, nobody does harm (115
//     first, not the child line);
//   - "con trâu bị rắn cắn", "chó nhà tui ăn trúng bả chuột": the one
//     harmed is an animal, not a person: no script.

// ownerAfter are the words that, right after a grown relative, make her
// the writer's ("mẹ con", "mẹ em", "vợ tui"), normalised; tenseBefore may
// stand between the one harmed and her "bị" ("bà đang bị", "mẹ vừa bị").
var (
	ownerAfter  = map[string]bool{"con": true, "em": true, "e": true, "tui": true, "toi": true, "minh": true, "chau": true, "to": true}
	tenseBefore = map[string]bool{"dang": true, "vua": true, "lai": true, "moi": true, "cung": true}
	// elderAlone are the one-syllable words for a grandmother, a
	// grandfather or an older relative that name an adult right before
	// "bị" ("bà bị", "ông đang bị"; "ba", unmarked, is also the father:
	// grown too).
	elderAlone = map[string]bool{"ba": true, "ong": true, "bac": true}
)

// grownSubject reports whether a grown relative or an elder is the one who
// suffers a blow or a lock: named right before its "bị" (a tense word
// apart), either alone as an elder ("bà đang bị thằng con trai đánh") or
// as the writer's ("mẹ con bị ba đánh chảy máu đầu"). adultHarmed reads a
// grown relative only with nothing between her and "bị"; this reads her
// when a child who writes says whose mother she is.
func grownSubject(toks []string) bool {
	for k, t := range toks {
		if t != "bi" || !harmAfter(toks, k) {
			continue
		}
		c := k - 1
		for c >= 0 && tenseBefore[toks[c]] {
			c--
		}
		if c < 0 || toks[c] == breakToken {
			continue
		}
		// "bà bị", "ông đang bị", unless "con bà" (a child of hers).
		if elderAlone[toks[c]] && (c == 0 || toks[c-1] != "con" && toks[c-1] != "dua") {
			return true
		}
		if !ownerAfter[toks[c]] {
			continue
		}
		// "mẹ con bị", "bà ngoại con đang bị"
		for _, g := range slices.Concat(grownVictims, elders) {
			if s := c - len(g); s >= 0 && equalWords(toks[s:c], g) {
				return true
			}
		}
	}
	return false
}

// harmAfter reports whether a blow or a lock follows the "bị" at toks[k]
// within its clause (the doer a few words between: "bị thằng con trai say
// rượu đánh").
func harmAfter(toks []string, k int) bool {
	for j := k + 1; j < len(toks) && j <= k+6 && toks[j] != breakToken; j++ {
		if blowAt(toks, j) || lockedAt(toks, j) || toks[j] == "nhot" {
			return true
		}
	}
	return false
}

// leftAlone tell of a person left alone or locked in from outside,
// normalised: "bỏ một mình", "để con ở nhà một mình", "khóa ngoài",
// "khóa trái cửa".
var leftAlone = [][]string{{"bo", "mot", "minh"}, {"bo", "1", "minh"}, {"de", "mot", "minh"}, {"de", "1", "minh"},
	{"nha", "mot", "minh"}, {"nha", "1", "minh"}, {"phong", "mot", "minh"}, {"phong", "1", "minh"},
	{"nhot", "mot", "minh"}, {"nhot", "1", "minh"}, {"khoa", "ngoai"}, {"khoa", "trai"}, {"khoa", "cua", "ngoai"},
	{"bo", "lai", "mot", "minh"}, {"bo", "roi"}}

// childLeftAlone reports whether a child is said to be left alone or
// locked in: the grown-ups' doing (the child line or the police first),
// not an illness, however much the child cries or faints.
func childLeftAlone(toks []string) bool {
	return hasPhrase(toks, leftAlone) && namesAChild(toks)
}

// animals are the beasts of a farm or a home, and the ones that bite or
// sting, normalised. "cho" is also "cho" (for, to give), "bo" "bố" (the
// father), "ong" "ông": they count only where animalAt says.
var (
	animals   = map[string]bool{"cho": true, "meo": true, "ga": true, "vit": true, "heo": true, "lon": true, "bo": true, "trau": true, "de": true, "ngua": true, "ran": true, "ong": true, "ret": true, "chuot": true, "khi": true}
	biteVerbs = map[string]bool{"can": true, "cap": true, "dot": true, "mo": true, "huc": true, "da": true}
	// petOwners after an animal make it one of the house ("chó nhà tui",
	// "mèo của em").
	petOwners = map[string]bool{"nha": true, "cua": true}
)

// animalAt reports whether an animal is named at toks[i]: after "con"
// ("con chó", "con trâu"), before "nhà" or "của" ("chó nhà tui"), or
// "thú cưng".
func animalAt(toks []string, i int) bool {
	if i+1 < len(toks) && toks[i] == "thu" && toks[i+1] == "cung" {
		return true
	}
	if !animals[toks[i]] {
		return false
	}
	return i > 0 && (toks[i-1] == "con" || toks[i-1] == "may") || i+1 < len(toks) && petOwners[toks[i+1]]
}

// bittenByAnimal reports whether a person is bitten, stung or gored by an
// animal: "bị <animal> … cắn" (a few words of whose between: "bị chó
// cắn", "bị con chó nhà hàng xóm cắn vào mặt"), or an animal named
// (animalAt) that bites ("con chó dại cắn thằng bé").
func bittenByAnimal(toks []string) bool {
	for i := range toks {
		// "con chó nhà hàng xóm cắn con em": the animal named, then its bite.
		if !animalAt(toks, i) || i > 0 && toks[i-1] == "bi" || i > 1 && toks[i-2] == "bi" {
			continue
		}
		for j := i + 1; j < len(toks) && j <= i+4 && toks[j] != breakToken && toks[j] != "bi"; j++ {
			if biteVerbs[toks[j]] {
				return true
			}
		}
	}
	for k, t := range toks {
		// "con trâu bị rắn cắn": an animal is bitten (animalHarmed).
		if t != "bi" || k > 0 && animals[toks[k-1]] {
			continue
		}
		a := k + 1
		if a < len(toks) && toks[a] == "con" {
			a++
		}
		if a >= len(toks) || !animals[toks[a]] {
			continue
		}
		for j := a + 1; j < len(toks) && j <= a+4 && toks[j] != breakToken; j++ {
			if biteVerbs[toks[j]] {
				return true
			}
		}
	}
	return false
}

// animalSuffers are the words after which an animal named at the start of
// a clause is the one harmed: "con trâu bị rắn cắn", "chó nhà tui ăn trúng
// bả", "con heo bỏ ăn".
var animalSuffers = map[string]bool{"bi": true, "an": true, "uong": true, "trung": true, "dinh": true, "bo": true, "ngo": true}

// animalHarmed reports whether the one harmed in the message is an animal
// and no person is: an animal named (animalAt) whose clause goes on to
// what it suffers within a few words, or a vet ("thú y") called, and no
// blow done by a person, no person bitten, no child and no relative named
// as harmed.
func animalHarmed(toks []string) bool {
	harmed := hasPhrase(toks, [][]string{{"thu", "y"}})
	for i := range toks {
		if !animalAt(toks, i) || i > 0 && toks[i-1] == "bi" || i > 1 && toks[i-2] == "bi" {
			continue // "bị chó cắn": the animal does it
		}
		for j := i + 1; j < len(toks) && j <= i+4 && toks[j] != breakToken; j++ {
			if animalSuffers[toks[j]] {
				harmed = true
				break
			}
		}
	}
	return harmed && !bittenByAnimal(toks) && !doneByAPerson(toks) && !childHarmed(toks) &&
		!adultHarmed(toks) && !elderHarmed(toks) && !slices.ContainsFunc(toks, func(t string) bool { return t == "nguoi" })
}

// labourWords tell of a woman giving birth now, normalised: "chuyển dạ",
// "vỡ ối" (and "ối vỡ"), "đau đẻ", "sắp đẻ", "đẻ rơi", "đang sanh", the
// contractions ("cơn gò"), pushing ("rặn"), the cord ("dây rốn").
var labourWords = [][]string{{"chuyen", "da"}, {"vo", "oi"}, {"oi", "vo"}, {"nuoc", "oi"}, {"dau", "de"}, {"sap", "de"},
	{"dang", "de"}, {"de", "roi"}, {"dau", "bung", "de"}, {"dang", "sanh"}, {"dang", "sinh"}, {"con", "go"},
	{"ran"}, {"day", "ron"}}

// inLabour: a woman giving birth now needs the ambulance first (115)
// whatever else her story holds, unless a person is hurting her, a fire
// burns or water rises into the house. Without it a birth at home was
// read by what stood next to the words of birth: "vỡ ối rồi mà không ai
// chở đi viện" got the self-harm line, "con dâu vỡ ối mà chồng nó chưa
// về" the missing child's, "bé ra tới nửa người" a child's 111, and a
// road cut by a landslide or a flood ("nước ối vỡ rồi mà đường lên trạm
// bị sạt") the rescue's 112: those tell how far help is, not what is
// wrong.
func inLabour(v *SafetyVerdict, toks []string) {
	if v.Kind == "medical" || v.Kind == "fire" || !hasPhrase(toks, labourWords) ||
		doneByAPerson(toks) || forcedByAPerson(toks) || hasPhrase(toks, sexualWords) {
		return
	}
	if v.Kind == "flood" && (waterRising(toks) || hasPhrase(toks, [][]string{{"mac", "ket"}, {"ngap"}, {"nuoc", "len"}, {"cuon"}})) {
		return
	}
	// The words of a birth are the evidence, however faintly the
	// classifier ranks the medical kind against the words around them.
	for i, r := range v.ranked {
		if r.kind == "medical" {
			moveFirst(v, i)
			return
		}
	}
}
