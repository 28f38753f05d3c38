package content

import "testing"

// A reload that changes the material lets the memo go of the replaced
// knowledge base's models (tens of MB each) and keeps the ones the new one
// still uses: a bot whose staff add local entries one by one must not hold
// the last eight entry classifiers.
func TestReloadForgetsTheReplacedModels(t *testing.T) {
	t.Parallel()
	model := func(name string) *linearModel {
		m := &linearModel{digest: [32]byte{0xfe, 0xed}}
		copy(m.digest[2:], name)
		linearModels.put(m.digest, m)
		t.Cleanup(func() { linearModels.drop(m.digest) })
		return m
	}
	kbOf := func(entries, safety *linearModel) *KB {
		return &KB{
			m:      &matcher{clf: &entryClassifier{linearModel: *entries}},
			safety: &safetyModel{linearModel: *safety},
		}
	}
	oldEntries, newEntries, safety := model("old entries"), model("new entries"), model("safety")
	old, current := kbOf(oldEntries, safety), kbOf(newEntries, safety)

	forgetReplacedModels(old, current)
	if linearModels.get(oldEntries.digest) != nil {
		t.Error("the replaced entry classifier is still held by the memo")
	}
	if linearModels.get(newEntries.digest) == nil || linearModels.get(safety.digest) == nil {
		t.Error("a model the current knowledge base uses was let go")
	}
	forgetReplacedModels(nil, current) // the first load replaces nothing
	forgetReplacedModels(current, current)
	if linearModels.get(newEntries.digest) == nil {
		t.Error("reloading the same knowledge base let its model go")
	}
}
