package content

import (
	"crypto/sha256"
	"slices"
	"strings"
	"sync"
)

// offClass is the entry classifier's class of messages outside the Union's
// work (content/train/offtopic.yaml).
const offClass = "\x00off"

// entryClassifier is a linear model over the knowledge base's entries (and
// the off-topic class), trained on every entry's questions, keywords and
// training paraphrases. It complements BM25: BM25 finds the entry that
// shares the rarest words with the message; the classifier has learnt from
// a dozen member-style paraphrases per entry which syllable pairs tell
// siblings apart ("vay hộ nghèo lãi suất" against "vay hộ nghèo mức vay").
type entryClassifier struct {
	linearModel
	entryClass []int // per matcher document: its class, -1 for none
}

// entryFeatures lists the features of a normalised message: syllables,
// syllable pairs and skip pairs, without sentence breaks.
func entryFeatures(toks []string) []string {
	feats := make([]string, 0, 3*len(toks)+1)
	feats = append(feats, "bias")
	prev, prev2 := "", ""
	for _, t := range toks {
		if t == breakToken {
			prev, prev2 = "", ""
			continue
		}
		feats = append(feats, "u:"+t)
		if prev != "" {
			feats = append(feats, "b:"+prev+"_"+t)
		}
		if prev2 != "" {
			feats = append(feats, "s:"+prev2+"_"+t)
		}
		prev2, prev = prev, t
	}
	slices.Sort(feats)
	return slices.Compact(feats)
}

// trainEntryClassifier trains on entries[:real] and the off-topic messages,
// each normalised by norm as the matcher reads a message.
func trainEntryClassifier(entries []*Entry, real int, offTopic []string, norm func(string) string) *entryClassifier {
	var data []linearExample
	add := func(text, class string) {
		data = append(data, linearExample{feats: entryFeatures(strings.Fields(norm(text))), class: class})
	}
	for _, q := range offTopic {
		add(q, offClass)
	}
	for _, e := range entries[:real] {
		for _, q := range e.Questions {
			add(q, e.ID)
		}
		for _, q := range e.Keywords {
			add(q, e.ID)
		}
		for _, q := range e.Examples {
			add(q, e.ID)
		}
	}
	c := &entryClassifier{linearModel: *memoLinear(data, offClass)}
	c.entryClass = make([]int, len(entries))
	for i, e := range entries {
		c.entryClass[i] = -1
		if i < real {
			if k, ok := c.index[e.ID]; ok {
				c.entryClass[i] = k
			}
		}
	}
	return c
}

// linearModels memoises trained models by a digest of their examples. A
// model is a pure function of its examples (fixed seed), so a reload with
// unchanged material, or a second Library in the same process (the tests
// start hundreds), reuses it instead of training again; a Library with a
// model cache fills it from disk first (modelcache.go). Models are
// read-only once trained, so sharing them is safe. At most a few are kept.
var linearModels = modelMemo{byDigest: map[[32]byte]*linearModel{}}

type modelMemo struct {
	sync.Mutex
	byDigest map[[32]byte]*linearModel
}

func (mm *modelMemo) get(key [32]byte) *linearModel {
	mm.Lock()
	defer mm.Unlock()
	return mm.byDigest[key]
}

func (mm *modelMemo) put(key [32]byte, m *linearModel) {
	mm.Lock()
	defer mm.Unlock()
	if len(mm.byDigest) >= 8 {
		clear(mm.byDigest)
	}
	mm.byDigest[key] = m
}

func (mm *modelMemo) drop(key [32]byte) {
	mm.Lock()
	defer mm.Unlock()
	delete(mm.byDigest, key)
}

func memoLinear(data []linearExample, first0 string) *linearModel {
	h := sha256.New()
	h.Write([]byte(first0))
	for _, ex := range data {
		h.Write([]byte{1})
		h.Write([]byte(ex.class))
		for _, f := range ex.feats {
			h.Write([]byte{0})
			h.Write([]byte(f))
		}
	}
	var key [32]byte
	h.Sum(key[:0])
	if m := linearModels.get(key); m != nil {
		return m
	}
	m := trainLinear(data, first0, first0 == safeClass)
	m.digest = key
	linearModels.put(key, m)
	return m
}
