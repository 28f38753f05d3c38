package content

import (
	"cmp"
	"fmt"
	"io/fs"
	"slices"
	"sync"
	"sync/atomic"
)

// Library holds the current knowledge base and swaps in a new one on Reload
// (SIGHUP) without stopping readers: KB is one atomic load.
type Library struct {
	embedded fs.FS
	dir      string
	mu       sync.Mutex // one reload at a time
	kb       atomic.Pointer[KB]
	models   *modelCache // nil: train at every load
	report   CacheReport // of the last load, under mu
}

// NewLibrary loads the knowledge base embedded in the binary, with the files
// of dir (LOA_CONTENT_DIR; "" for none) replacing embedded files of the same
// relative path (faq/<topic>.yaml, emergency.yaml) and adding new ones. An
// empty file in dir removes the embedded file of that path. A *LoadError lists
// every problem as "file:line: message".
func NewLibrary(dir string) (*Library, error) {
	return newLibrary(embedded, dir, "")
}

// NewCachedLibrary is NewLibrary with a model cache in modelDir: the
// trained classifiers are written there and read back by the next start of
// the same build with the same material instead of training again
// (modelcache.go). Problems with the cache never stop a load: the models are
// trained and ModelCache says what went wrong.
func NewCachedLibrary(dir, modelDir string) (*Library, error) {
	return newLibrary(embedded, dir, modelDir)
}

func newLibrary(embedded fs.FS, dir, modelDir string) (*Library, error) {
	l := &Library{embedded: embedded, dir: dir}
	var err error
	if l.models, err = newModelCache(modelDir); err != nil {
		l.report.Err = err
	}
	if err := l.Reload(); err != nil {
		return nil, err
	}
	return l, nil
}

// KB returns the current knowledge base. Keep it for the whole handling of
// one message so that a concurrent reload cannot mix two versions.
func (l *Library) KB() *KB { return l.kb.Load() }

// Reload reads the files again. When they are invalid it keeps serving the
// knowledge base it has and returns the problems.
func (l *Library) Reload() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.models.usable() {
		kb, err := loadFiles(l.embedded, l.dir)
		if err != nil {
			return err
		}
		forgetReplacedModels(l.kb.Swap(kb), kb)
		return nil
	}
	preloaded, perr := l.models.preload()
	if len(preloaded) == 0 {
		// No model of this build in the folder: the first start of a build
		// trains. Processes starting at the same moment (the replicas of a
		// deploy, the parallel starts of ./bot's tests, three of which each
		// trained ~7 CPU-s) wait for the one that trains and read its files.
		if unlock, err := l.models.lockTraining(); err == nil {
			defer unlock()
			preloaded, perr = l.models.preload()
		}
	}
	kb, err := loadFiles(l.embedded, l.dir)
	if err != nil {
		return err
	}
	r := CacheReport{Dir: l.models.dir, Err: perr}
	for _, m := range kb.models() {
		if m.fromCache {
			r.Loaded++
		}
	}
	for d := range preloaded {
		if !slices.ContainsFunc(kb.models(), func(m *linearModel) bool { return m.digest == d }) {
			linearModels.drop(d) // another material's: do not hold it in memory
		}
	}
	saved, serr := l.models.save(kb.models())
	r.Saved, r.Err = saved, cmp.Or(r.Err, serr)
	l.report = r
	forgetReplacedModels(l.kb.Swap(kb), kb)
	return nil
}

// forgetReplacedModels lets the memo go of the models of a knowledge base
// a reload replaced, so that a bot whose staff add local entries one by one
// holds one entry classifier (tens of MB) rather than the last eight. A
// message still being answered with the old knowledge base keeps its models
// until it is done; a later load of the same material finds them in the
// model cache on disk, or trains them again.
func forgetReplacedModels(old, current *KB) {
	if old == nil || old == current {
		return
	}
	for _, m := range old.models() {
		if !slices.ContainsFunc(current.models(), func(n *linearModel) bool { return n.digest == m.digest }) {
			linearModels.drop(m.digest)
		}
	}
}

// ModelCache says what the model cache did during the last load.
func (l *Library) ModelCache() CacheReport {
	l.mu.Lock()
	defer l.mu.Unlock()
	r := l.report
	if l.models != nil {
		r.Dir = l.models.dir
	}
	return r
}

// LoadDir loads and validates a knowledge base from a folder alone
// (faq/*.yaml and emergency.yaml), without the embedded files: for checking
// an edited folder before deploying it.
func LoadDir(dir string) (*KB, error) {
	return loadFiles(nil, dir)
}

func loadFiles(embedded fs.FS, dir string) (*KB, error) {
	files, err := collectFiles(embedded, dir)
	if err != nil {
		return nil, fmt.Errorf("load content: %w", err)
	}
	return load(files)
}
