package content

import (
	"strings"
	"testing"
)

// matcherTrainingData is what the entry classifier of the embedded
// knowledge base trains on (trainEntryClassifier's examples).
func matcherTrainingData(tb testing.TB) []linearExample {
	tb.Helper()
	lib, err := NewLibrary("")
	if err != nil {
		tb.Fatal(err)
	}
	kb := lib.KB()
	var data []linearExample
	add := func(text, class string) {
		data = append(data, linearExample{feats: entryFeatures(strings.Fields(Normalize(text))), class: class})
	}
	for _, q := range kb.offTopic {
		add(q, offClass)
	}
	for _, e := range kb.Entries() {
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
	return data
}

// BenchmarkTrainLinear trains the entry classifier of the embedded
// knowledge base: the bulk of a start without a model cache and of every
// cross-validation fold in the calibration tests.
func BenchmarkTrainLinear(b *testing.B) {
	data := matcherTrainingData(b)
	b.ResetTimer()
	for b.Loop() {
		trainLinear(data, offClass, false)
	}
}
