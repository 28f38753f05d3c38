package content

import (
	"bufio"
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// A start of the program trains two models (the entry classifier and the
// safety classifier): about 3 CPU-seconds, nine tenths of loading the
// knowledge base, paid again by every restart after a crash. The model
// cache keeps the trained weights on disk so that the next start of the
// same build with the same material reads them instead (tens of
// milliseconds).
//
// A model file is used only when it was trained by the same build from the
// same examples: its name is
//
//	<build>-<examples>.model
//
// where <build> is a hash of modelFormat and of the running executable
// (every line of code that shapes the weights: the normaliser, the
// features, the trainer), and <examples> is the digest of the texts the
// model learns from (materialKey: every question, keyword, paraphrase and
// training message that feeds it). A file that does not match is never read; a file that does not
// decode (truncated, a flipped byte: a checksum covers it) is removed and
// the model trained again (the checksum is a CRC-32C: it catches a torn
// write or a flipped bit as surely as a cryptographic hash would in a
// private folder, and reads the 80 MB entry classifier in ~10 ms where
// SHA-256 took ~300 ms of every start). Files are written to a temporary name and
// renamed, so a reader never sees half a file, and two processes sharing
// the folder at most train the same model twice.

// modelFormat names the layout written by writeModel; change it with the
// layout.
const modelFormat = "loa linear model 2"

// keepModels is how many model files the folder keeps (the newest): two
// per build and material, so a rolling deploy's old and new builds, and a
// content reload or two, find theirs.
const keepModels = 6

// modelCache is one folder of trained models for this build.
type modelCache struct {
	dir   string
	build string // hex; "" when the executable could not be read: no cache
}

// CacheReport says what the model cache did during the last load.
type CacheReport struct {
	Dir    string // "" when there is no cache
	Loaded int    // models read from the folder instead of trained
	Saved  int    // models trained and written for the next start
	Err    error  // what went wrong, if anything: the models were trained then
}

// newModelCache prepares a cache in dir for the running executable. dir ""
// means no cache.
func newModelCache(dir string) (*modelCache, error) {
	if dir == "" {
		return nil, nil
	}
	build, err := buildDigest()
	if err != nil {
		return &modelCache{dir: dir}, fmt.Errorf("model cache: %w", err)
	}
	return &modelCache{dir: dir, build: build}, nil
}

// buildDigest hashes the running executable. /proc/self/exe is the file
// this process runs even when a deploy has replaced the path meanwhile.
func buildDigest() (string, error) {
	f, err := os.Open("/proc/self/exe")
	if err != nil {
		exe, err2 := os.Executable()
		if err2 != nil {
			return "", fmt.Errorf("find the executable: %w", err2)
		}
		if f, err = os.Open(exe); err != nil {
			return "", fmt.Errorf("read the executable: %w", err)
		}
	}
	defer f.Close()
	h := sha256.New()
	h.Write([]byte(modelFormat))
	if _, err := io.Copy(h, f); err != nil {
		return "", fmt.Errorf("read the executable: %w", err)
	}
	return hex.EncodeToString(h.Sum(nil)[:12]), nil
}

func (c *modelCache) usable() bool { return c != nil && c.build != "" }

func (c *modelCache) path(digest [32]byte) string {
	return filepath.Join(c.dir, c.build+"-"+hex.EncodeToString(digest[:])+".model")
}

// preload puts this build's newest model files into the in-memory memo,
// where memoLinear finds them instead of training. It returns their
// digests and the first problem met (a file that does not decode is
// removed: it is trained and written again).
func (c *modelCache) preload() (map[[32]byte]bool, error) {
	if !c.usable() {
		return nil, nil
	}
	names, err := c.files()
	if err != nil {
		return nil, err
	}
	loaded := map[[32]byte]bool{}
	var problem error
	n := 0
	for _, name := range names {
		digest, ok := c.digestOf(name)
		if !ok || n >= 4 {
			continue
		}
		n++
		if linearModels.get(digest) != nil {
			continue
		}
		p := filepath.Join(c.dir, name)
		m, err := readModel(p, digest)
		if err != nil {
			problem = cmp.Or(problem, fmt.Errorf("model cache: %s: %w", name, err))
			_ = os.Remove(p)
			continue
		}
		now := time.Now()
		_ = os.Chtimes(p, now, now) // in use: the newest are kept
		linearModels.put(digest, m)
		loaded[digest] = true
	}
	return loaded, problem
}

// lockTraining takes the folder's lock for this build, waiting while
// another process holds it (it is let go when that process exits).
func (c *modelCache) lockTraining() (unlock func(), err error) {
	if err := os.MkdirAll(c.dir, 0o700); err != nil {
		return nil, fmt.Errorf("model cache: %w", err)
	}
	return lockFile(filepath.Join(c.dir, c.build+".lock"))
}

// files lists the folder's model files, newest first. A missing folder has
// none.
func (c *modelCache) files() ([]string, error) {
	entries, err := os.ReadDir(c.dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	} else if err != nil {
		return nil, fmt.Errorf("model cache: %w", err)
	}
	type file struct {
		name string
		mod  time.Time
	}
	var files []file
	for _, e := range entries {
		if !e.Type().IsRegular() || !strings.HasSuffix(e.Name(), ".model") {
			continue
		}
		if info, err := e.Info(); err == nil {
			files = append(files, file{e.Name(), info.ModTime()})
		}
	}
	slices.SortFunc(files, func(a, b file) int { return b.mod.Compare(a.mod) })
	names := make([]string, len(files))
	for i, f := range files {
		names[i] = f.name
	}
	return names, nil
}

// digestOf returns the examples digest of one of this build's file names.
func (c *modelCache) digestOf(name string) ([32]byte, bool) {
	var d [32]byte
	rest, ok := strings.CutPrefix(name, c.build+"-")
	if !ok {
		return d, false
	}
	b, err := hex.DecodeString(strings.TrimSuffix(rest, ".model"))
	if err != nil || len(b) != len(d) {
		return d, false
	}
	copy(d[:], b)
	return d, true
}

// save writes the models the folder does not hold yet, then
// removes all but the newest keepModels files. It returns how many it wrote.
func (c *modelCache) save(models []*linearModel) (int, error) {
	if !c.usable() {
		return 0, nil
	}
	saved := 0
	for _, m := range models {
		p := c.path(m.digest)
		if _, err := os.Stat(p); err == nil {
			continue
		}
		if err := os.MkdirAll(c.dir, 0o700); err != nil {
			return saved, fmt.Errorf("model cache: %w", err)
		}
		if err := writeModelFile(p, m); err != nil {
			return saved, fmt.Errorf("model cache: %w", err)
		}
		saved++
	}
	names, err := c.files()
	if err != nil {
		return saved, err
	}
	for _, name := range names[min(keepModels, len(names)):] {
		_ = os.Remove(filepath.Join(c.dir, name))
	}
	return saved, nil
}

// writeModelFile writes m next to path and renames it into place. No
// fsync: a file torn by a power cut fails its checksum and is trained
// again, and the save stays off the disk's queue (it runs inside a reload,
// e.g. when staff add an answer to the knowledge base).
func writeModelFile(path string, m *linearModel) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".model-*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // after a successful rename there is nothing left to remove
	w := bufio.NewWriterSize(tmp, 1<<20)
	if err := writeModel(w, m); err != nil {
		tmp.Close()
		return err
	}
	if err := w.Flush(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// models are the knowledge base's trained models (none without training
// material).
func (kb *KB) models() []*linearModel {
	var ms []*linearModel
	if kb.m != nil && kb.m.clf != nil {
		ms = append(ms, &kb.m.clf.linearModel)
	}
	if kb.safety != nil {
		ms = append(ms, &kb.safety.linearModel)
	}
	return ms
}

// modelMagic opens every model file.
var modelMagic = []byte("LOAMODEL\n")

// modelChecksum is the table of the CRC-32C that ends every model file.
var modelChecksum = crc32.MakeTable(crc32.Castagnoli)

// writeModel writes m in modelFormat: magic, the examples digest, the
// classes, the features in index order, the weights and the bias (float32,
// little-endian), then a CRC-32C of everything before it (little-endian).
func writeModel(w io.Writer, m *linearModel) error {
	h := crc32.New(modelChecksum)
	out := io.MultiWriter(w, h)
	var buf []byte
	flush := func() error {
		_, err := out.Write(buf)
		buf = buf[:0]
		return err
	}
	u32 := func(v int) { buf = binary.LittleEndian.AppendUint32(buf, uint32(v)) }
	str := func(s string) { u32(len(s)); buf = append(buf, s...) }
	floats := func(fs []float32) error {
		u32(len(fs))
		for _, f := range fs {
			buf = binary.LittleEndian.AppendUint32(buf, math.Float32bits(f))
			if len(buf) >= 1<<16 {
				if err := flush(); err != nil {
					return err
				}
			}
		}
		return nil
	}
	buf = append(buf, modelMagic...)
	buf = append(buf, m.digest[:]...)
	u32(len(m.classes))
	for _, c := range m.classes {
		str(c)
	}
	byIndex := make([]string, len(m.features))
	for f, i := range m.features {
		byIndex[i] = f
	}
	u32(len(byIndex))
	for _, f := range byIndex {
		str(f)
	}
	if err := floats(m.weights); err != nil {
		return err
	}
	if err := floats(m.bias); err != nil {
		return err
	}
	if err := flush(); err != nil {
		return err
	}
	_, err := w.Write(binary.LittleEndian.AppendUint32(nil, h.Sum32()))
	return err
}

// errBadModel is any model file that does not decode to a whole model of
// the expected digest.
var errBadModel = errors.New("not a whole model file of this build")

// readModel reads a file written by writeModel and checks that it holds
// the model of digest.
func readModel(path string, digest [32]byte) (*linearModel, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return decodeModel(data, digest)
}

func decodeModel(data []byte, digest [32]byte) (*linearModel, error) {
	if len(data) < len(modelMagic)+len(digest)+4 || !bytes.HasPrefix(data, modelMagic) {
		return nil, errBadModel
	}
	body, sum := data[:len(data)-4], data[len(data)-4:]
	if crc32.Checksum(body, modelChecksum) != binary.LittleEndian.Uint32(sum) {
		return nil, fmt.Errorf("%w (checksum)", errBadModel)
	}
	r := body[len(modelMagic):]
	bad := false
	take := func(n int) []byte {
		if bad || n < 0 || n > len(r) {
			bad = true
			return nil
		}
		b := r[:n]
		r = r[n:]
		return b
	}
	u32 := func() int {
		b := take(4)
		if b == nil {
			return 0
		}
		return int(binary.LittleEndian.Uint32(b))
	}
	str := func() string { return string(take(u32())) }
	floats := func() []float32 {
		n := u32()
		b := take(4 * n)
		if b == nil {
			return nil
		}
		fs := make([]float32, n)
		for i := range fs {
			fs[i] = math.Float32frombits(binary.LittleEndian.Uint32(b[4*i : 4*i+4 : 4*i+4]))
		}
		return fs
	}
	m := &linearModel{index: map[string]int{}, fromCache: true}
	if !bytes.Equal(take(len(digest)), digest[:]) {
		return nil, fmt.Errorf("%w (another model)", errBadModel)
	}
	m.digest = digest
	nc := u32()
	if nc > len(r) {
		return nil, errBadModel
	}
	for i := 0; i < nc && !bad; i++ {
		c := str()
		m.index[c] = i
		m.classes = append(m.classes, c)
	}
	nf := u32()
	if nf > len(r) {
		return nil, errBadModel
	}
	m.features = make(map[string]int32, nf)
	for i := 0; i < nf && !bad; i++ {
		m.features[str()] = int32(i)
	}
	m.weights = floats()
	m.bias = floats()
	if bad || len(r) != 0 || nc == 0 || len(m.index) != nc || len(m.features) != nf ||
		len(m.weights) != nf*nc || len(m.bias) != nc {
		return nil, errBadModel
	}
	return m, nil
}
