package content

import (
	"encoding/hex"
	"os"
	"path/filepath"
)

// A test run trains the same models in many processes: every package whose
// tests load the embedded knowledge base (content, handlers, bot) trains
// its two classifiers, about 5 CPU-seconds, and a package whose tests load
// many knowledge bases side by side trains some again once the in-memory
// memo has let them go. The model cache (modelcache.go) cannot serve them:
// it is keyed on the executable, and every package's test binary is
// another executable.
//
// ShareModels gives the process a folder of trained models keyed on their
// training texts alone (materialKey): before training a model,
// the process reads it from the folder; after training, it writes it there
// for the others. A model being trained by another process is waited for
// (a lock file per model), not trained twice. Because the key leaves out
// the code that shapes the weights, a folder must serve one build of the
// source only: `make test` names it after the build ID of the compiled
// loa/content package and keeps it for the next run of the same code
// (LOA_TEST_SHARED_MODELS, read by internal/testkit). Production never
// calls it; its model cache is keyed on the build.

// ShareModels makes this process read and write its trained models in dir
// ("" stops sharing). Call it before loading a knowledge base.
func ShareModels(dir string) {
	linearModels.Lock()
	linearModels.shared = dir
	linearModels.Unlock()
}

// sharedModel returns the model of key from the shared folder, training it
// with train (and writing it there) when the folder lacks it. Problems with
// the folder are not the test's: the model is trained then.
func sharedModel(dir string, key [32]byte, train func() *linearModel) *linearModel {
	p := filepath.Join(dir, "shared-"+hex.EncodeToString(key[:])+".model")
	read := func() *linearModel {
		m, err := readModel(p, key)
		if err != nil {
			return nil
		}
		m.fromCache = false // not the library's model cache: its report counts only its own files
		return m
	}
	if m := read(); m != nil {
		return m
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return train()
	}
	unlock, err := lockFile(p + ".lock")
	if err != nil {
		return train()
	}
	defer unlock()
	if m := read(); m != nil { // trained by the process that held the lock
		return m
	}
	m := train()
	_ = writeModelFile(p, m) // a folder that cannot be written: the others train it too
	return m
}
