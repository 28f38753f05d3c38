package content

import (
	"fmt"
	"io/fs"
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
}

// NewLibrary loads the knowledge base embedded in the binary, with the files
// of dir (LOA_CONTENT_DIR; "" for none) replacing embedded files of the same
// relative path (faq/<topic>.yaml, emergency.yaml) and adding new ones. An
// empty file in dir removes the embedded file of that path. A *LoadError lists
// every problem as "file:line: message".
func NewLibrary(dir string) (*Library, error) {
	return newLibrary(embedded, dir)
}

func newLibrary(embedded fs.FS, dir string) (*Library, error) {
	l := &Library{embedded: embedded, dir: dir}
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
	kb, err := loadFiles(l.embedded, l.dir)
	if err != nil {
		return err
	}
	l.kb.Store(kb)
	return nil
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
