package content

import "testing"

// matcherTrainingData is what the entry classifier of the embedded
// knowledge base trains on (trainEntryClassifier's examples).
func matcherTrainingData(tb testing.TB) []linearExample {
	tb.Helper()
	lib, err := NewLibrary("")
	if err != nil {
		tb.Fatal(err)
	}
	kb := lib.KB()
	return entryTrainingData(kb.Entries(), kb.offTopic, Normalize)
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
