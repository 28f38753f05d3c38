package content

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// Tests that load the same knowledge base side by side train it once: the
// callers that come while it is being trained wait for that model.
func TestModelMemoTrainsOnceForConcurrentCallers(t *testing.T) {
	t.Parallel()
	mm := modelMemo{byDigest: map[[32]byte]*memoSlot{}}
	var trainings atomic.Int32
	release := make(chan struct{})
	want := &linearModel{classes: []string{"a"}}
	var wg sync.WaitGroup
	got := make([]*linearModel, 4)
	for i := range got {
		wg.Go(func() {
			got[i] = mm.trained([32]byte{1}, func() *linearModel {
				trainings.Add(1)
				<-release
				return want
			})
		})
	}
	time.Sleep(50 * time.Millisecond) // let them all arrive while the first trains
	if mm.get([32]byte{1}) != nil {
		t.Error("get returned a model still being trained")
	}
	close(release)
	wg.Wait()
	if n := trainings.Load(); n != 1 {
		t.Errorf("trained %d times, want 1", n)
	}
	for i, m := range got {
		if m != want {
			t.Errorf("caller %d got %p, want the trained %p", i, m, want)
		}
	}
}

// A full memo lets go of the model used longest ago, not of all of them:
// a cross-validation's folds do not push out a model in steady use.
func TestModelMemoKeepsTheModelsInUse(t *testing.T) {
	t.Parallel()
	mm := modelMemo{byDigest: map[[32]byte]*memoSlot{}}
	train := func() *linearModel { return &linearModel{} }
	inUse := mm.trained([32]byte{0}, train)
	for i := 1; i <= 3*modelMemoSize; i++ {
		mm.trained([32]byte{byte(i)}, train)
		if mm.get([32]byte{0}) != inUse {
			t.Fatalf("the model in use was dropped after %d others", i)
		}
	}
	if len(mm.byDigest) != modelMemoSize {
		t.Errorf("memo holds %d models, want %d", len(mm.byDigest), modelMemoSize)
	}
	if mm.get([32]byte{1}) != nil {
		t.Error("the model used longest ago is still held")
	}
}

// A model the memo holds is not trained again, and its examples' features
// are not even extracted: a reload with unchanged material skips them.
func TestMemoLinearSkipsTheFeaturesOfAHeldModel(t *testing.T) {
	t.Parallel()
	key := newMaterialKey("TestMemoLinearSkipsTheFeaturesOfAHeldModel").sum()
	t.Cleanup(func() { linearModels.drop(key) })
	data := []linearExample{{feats: []string{"bias", "u:a"}, class: "a"}, {feats: []string{"bias", "u:b"}, class: offClass}}
	first := memoLinear(key, offClass, func() []linearExample { return data })
	again := memoLinear(key, offClass, func() []linearExample {
		t.Error("the features of a held model were extracted again")
		return data
	})
	if again != first {
		t.Error("a held model was trained again")
	}
}
