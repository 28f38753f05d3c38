package content

import (
	"io/fs"
	"testing"
)

// TestTrainingExamplesNameEntries checks the shipped training files: the
// loader ignores examples of an entry that does not exist (so that a content
// folder may replace a topic file alone), which would hide a typo in an id.
func TestTrainingExamplesNameEntries(t *testing.T) {
	t.Parallel()
	lib, err := NewLibrary("")
	if err != nil {
		t.Fatal(err)
	}
	kb := lib.KB()
	files, err := fs.Glob(embedded, faqTrainPattern)
	if err != nil || len(files) == 0 {
		t.Fatalf("no training files: %v", err)
	}
	for _, f := range files {
		data, err := fs.ReadFile(embedded, f)
		if err != nil {
			t.Fatal(err)
		}
		l := &loader{train: trainingSet{examples: map[string][]string{}, exampleAt: map[string]Problem{}}}
		l.faqTrainFile(f, data)
		for _, p := range l.problems {
			t.Error(p)
		}
		for id, at := range l.train.exampleAt {
			if kb.Entry(id) == nil {
				t.Errorf("%s:%d: examples for entry %q, which does not exist", at.File, at.Line, id)
			}
		}
	}
	for _, e := range kb.Entries() {
		if len(e.Examples) < 5 {
			t.Errorf("entry %q has %d training examples, want at least 5 (content/train/README.md)", e.ID, len(e.Examples))
		}
	}
}
