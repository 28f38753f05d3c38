package content

import (
	"path/filepath"
	"reflect"
	"sync"
	"sync/atomic"
	"testing"
)

// A model trained by one test process is read by the next from the shared
// folder, the same to the bit, and a model two of them need at once is
// trained once: the other waits for it.
func TestSharedModelsAreTrainedOnceAcrossProcesses(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "shared")
	data := []linearExample{
		{feats: []string{"bias", "u:vay", "u:von"}, class: "vay"},
		{feats: []string{"bias", "u:vneid"}, class: "vneid"},
		{feats: []string{"bias", "u:mua"}, class: offClass},
	}
	key := [32]byte{7}
	var trainings atomic.Int32
	train := func() *linearModel {
		trainings.Add(1)
		m := trainLinear(data, offClass, false)
		m.digest = key
		return m
	}
	// Two processes: two memos, each with its own models in memory.
	a := modelMemo{byDigest: map[[32]byte]*memoSlot{}, shared: dir}
	b := modelMemo{byDigest: map[[32]byte]*memoSlot{}, shared: dir}
	var wg sync.WaitGroup
	var ma, mb *linearModel
	wg.Go(func() { ma = a.trained(key, train) })
	wg.Go(func() { mb = b.trained(key, train) })
	wg.Wait()
	if n := trainings.Load(); n != 1 {
		t.Fatalf("trained %d times, want once for both", n)
	}
	c := modelMemo{byDigest: map[[32]byte]*memoSlot{}, shared: dir}
	mc := c.trained(key, func() *linearModel { t.Fatal("trained again: the shared folder was not read"); return nil })
	for _, m := range []*linearModel{ma, mb, mc} {
		if !reflect.DeepEqual(m.weights, ma.weights) || !reflect.DeepEqual(m.bias, ma.bias) ||
			!reflect.DeepEqual(m.features, ma.features) || !reflect.DeepEqual(m.classes, ma.classes) || m.digest != key {
			t.Fatal("a model read from the shared folder differs from the one trained")
		}
		if m.fromCache {
			t.Error("a shared model counts as read from the library's model cache")
		}
	}
	// Without a folder, nothing is shared.
	d := modelMemo{byDigest: map[[32]byte]*memoSlot{}}
	d.trained(key, train)
	if n := trainings.Load(); n != 2 {
		t.Errorf("trained %d times in all, want a second time without the folder", n)
	}
}
