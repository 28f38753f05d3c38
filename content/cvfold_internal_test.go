package content

import (
	"hash/fnv"
	"slices"
	"testing"
)

// The package's cross-validations (TestMatcherCalibration and the grids on
// it, TestSafetyCalibration, TestSafetyDecisions) hold each example out in
// the fold its own text hashes to, not the fold its position in a list
// gives it. By position, one example added to the training material moved
// every later example into another fold, so every figure moved a little and
// the guards on them tripped or passed by the reshuffle rather than by what
// was added (branch misses14: 40 paraphrases, the in-scope script guard went
// 11 → 14 of ~10,400 on questions they did not touch). By hash, an added
// example moves only itself. The same text listed twice (under two entries,
// or as an entry's question and a paraphrase) is held out in one fold, so
// no model is judged on a copy of what it was trained on.

// textHash is FNV-1a (32 bits) of a text: the hash the folds and the pairs
// of the cross-validations are drawn from.
func textHash(text string) uint32 {
	h := fnv.New32a()
	h.Write([]byte(text))
	return h.Sum32()
}

// foldOf is the fold (0 … folds-1) a cross-validation holds text out in.
// A choice other than the fold (which relay frame a held-out question is
// put in) salts the text first, or it would follow the fold.
func foldOf(text string, folds int) int {
	return int(textHash(text) % uint32(folds))
}

// partnerOf is the index of the candidate (given by their textHash) that a
// held-out text is paired with — the ordinary question told before or after
// a held-out story, the second question joined to a held-out paraphrase:
// the first candidate after the key's hash on the circle of hashes. A
// candidate added to a fold takes over only the keys that now land on it;
// by position (index*7+3 mod the fold's size), every pair of the fold
// changed. -1 when there is no candidate.
func partnerOf(key string, candidates []uint32) int {
	k := textHash(key)
	best, bestGap := -1, uint32(0)
	for i, c := range candidates {
		if gap := c - k; best < 0 || gap < bestGap { // wraps around the circle
			best, bestGap = i, gap
		}
	}
	return best
}

// hashesOf is the textHash of each text, the candidates of partnerOf.
func hashesOf(texts []string) []uint32 {
	out := make([]uint32, len(texts))
	for i, t := range texts {
		out[i] = textHash(t)
	}
	return out
}

// TestFoldsStayPutWhenMaterialIsAdded: on the shipped safety material (the
// longest list a cross-validation splits), adding examples before all the
// others moves none of them to another fold and changes only the pairs that
// land on the added ones; and no fold is much smaller than the others (an
// uneven hash would train some folds on more material than others).
func TestFoldsStayPutWhenMaterialIsAdded(t *testing.T) {
	t.Parallel()
	kb, safety := loadSafetyTraining(t)
	all := safetyTraining(kb.Entries(), safety, kb.offTopic)
	const folds = 5
	var size [folds]int
	before := make([]int, len(all))
	for i, ex := range all {
		before[i] = foldOf(ex.text, folds)
		size[before[i]]++
	}
	for k, n := range size {
		if d := float64(n)/float64(len(all)) - 1.0/folds; d < -0.01 || d > 0.01 {
			t.Errorf("fold %d holds %d of %d examples, want within 1 %% of a fifth", k, n, len(all))
		}
	}
	added := []string{"chị ơi đóng bảo hiểm xã hội tự nguyện ở đâu", "muỗi nhiều quá xã có xịt thuốc không"}
	var grown []string
	grown = append(grown, added...)
	for _, ex := range all {
		grown = append(grown, ex.text)
	}
	for i, x := range grown[len(added):] {
		if foldOf(x, folds) != before[i] {
			t.Fatalf("%q moved from fold %d to %d when 2 examples were added before it", x, before[i], foldOf(x, folds))
		}
	}

	var texts []string
	for _, ex := range all[:2000] {
		texts = append(texts, ex.text)
	}
	cands, grownCands := hashesOf(texts), hashesOf(append(slices.Clone(added), texts...))
	moved := 0
	for _, x := range texts {
		a, b := partnerOf("pair\x00"+x, cands), partnerOf("pair\x00"+x, grownCands)
		switch {
		case b < len(added): // now paired with an added text
			moved++
		case texts[a] != texts[b-len(added)]:
			t.Fatalf("%q: partner changed from %q to %q, neither of them added", x, texts[a], texts[b-len(added)])
		}
	}
	if moved > 20 {
		t.Errorf("%d of %d pairs moved to 2 added candidates, want a handful", moved, len(texts))
	}
	if partnerOf("x", nil) != -1 {
		t.Error("a partner among no candidates")
	}
}
