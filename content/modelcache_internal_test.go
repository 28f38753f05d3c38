package content

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// cacheFixture is a small knowledge base with both models: an entry
// classifier (entries, paraphrases, off-topic) and a safety classifier (a
// kind with stories, harmless look-alikes).
var cacheFixture = map[string]string{
	"faq/vayvon.yaml": `topic: vayvon
title: "Vay vốn"
order: 1
entries:
  - id: vay-dieu-kien
    questions: ["Điều kiện vay vốn ngân hàng chính sách xã hội là gì?", "Hộ nghèo muốn vay vốn cần gì?"]
    keywords: [nhcsxh, vay ưu đãi]
    answer: "Hộ nghèo, cận nghèo có hộ khẩu tại xã và được tổ tiết kiệm vay vốn bình xét."
    source: "s"
  - id: vay-lai-suat
    questions: ["Lãi suất vay hộ nghèo bao nhiêu?", "Vay ngân hàng chính sách lãi mấy phần trăm?"]
    answer: "Lãi suất do Thủ tướng quy định, chị hỏi tổ tiết kiệm và vay vốn."
    source: "s"
  - id: vneid-la-gi
    questions: ["VNeID là gì?", "Ứng dụng định danh điện tử dùng để làm gì?"]
    answer: "VNeID là ứng dụng định danh điện tử của Bộ Công an."
    source: "s"
`,
	"emergency.yaml": `emergencies:
  - id: bao-luc
    kinds: [domestic-violence]
    caution: "☎️ Nếu chị đang bị đánh: gọi ngay 113."
    triggers: ["chồng đánh em"]
    answer: "Chị gọi ngay 113."
    source: "s"
`,
	"train/faq/vayvon.yaml": `- entry: vay-dieu-kien
  examples: ["nha e ngheo muon vay von thi can gi", "ai được vay ưu đãi vậy chị", "can giay to gi de vay nhcsxh"]
- entry: vay-lai-suat
  examples: ["vay ho ngheo lai bao nhieu v c", "lãi vay một tháng tính sao chị", "lai suat vay uu dai"]
- entry: vneid-la-gi
  examples: ["vneid la cai gi", "app định danh để làm chi", "ung dung vneid dung lam gi"]
`,
	"train/safety.yaml": `emergencies:
  - kind: domestic-violence
    hotline: "113"
    examples:
      - "ck e say ruou ve danh e chay mau"
      - "chồng em đang cầm dao dọa giết em"
      - "ổng đánh em bầm mình mẩy không dám về nhà"
safe:
  - "đánh giá hội viên cuối năm"
  - "định danh điện tử cho con"
`,
	"train/offtopic.yaml": `offtopic:
  - "mai trời có mưa không"
  - "giá vàng hôm nay bao nhiêu"
`,
}

// cacheQuestions are asked of every knowledge base the tests compare.
var cacheQuestions = []string{"lãi suất vay bao nhiêu", "vneid la gi", "chong em dang danh em chay mau", "giá vàng", "định danh cho con"}

// newCachedFixture loads the fixture folder dir with the model cache cache,
// after forgetting the fixture's models in memory: what the cache holds is
// all a new process would have.
func newCachedFixture(t *testing.T, dir, cache string) *Library {
	t.Helper()
	l, err := newLibrary(nil, dir, cache)
	if err != nil {
		t.Fatal(err)
	}
	forget := func() {
		for _, m := range l.KB().models() {
			linearModels.drop(m.digest)
		}
	}
	forget()
	t.Cleanup(forget) // a Reload in the test puts them back
	return l
}

func writeFixture(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for rel, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func modelFiles(t *testing.T, cache string) []string {
	t.Helper()
	names, err := filepath.Glob(filepath.Join(cache, "*.model"))
	if err != nil {
		t.Fatal(err)
	}
	return names
}

// sameModels fails unless a and b have the same weights and answer every
// question alike.
func sameModels(t *testing.T, a, b *KB) {
	t.Helper()
	ma, mb := a.models(), b.models()
	if len(ma) != 2 || len(mb) != 2 {
		t.Fatalf("models: %d and %d, want 2 each", len(ma), len(mb))
	}
	for i := range ma {
		if !reflect.DeepEqual(ma[i].classes, mb[i].classes) || !reflect.DeepEqual(ma[i].features, mb[i].features) ||
			!reflect.DeepEqual(ma[i].weights, mb[i].weights) || !reflect.DeepEqual(ma[i].bias, mb[i].bias) {
			t.Fatalf("model %d differs after the cache", i)
		}
	}
	for _, q := range cacheQuestions {
		if x, y := a.Ask(q), b.Ask(q); !reflect.DeepEqual(x, y) {
			t.Fatalf("%q: answered %+v, then %+v from the cache", q, x, y)
		}
		if x, y := a.safety.classify(q), b.safety.classify(q); !reflect.DeepEqual(x, y) {
			t.Fatalf("%q: safety %+v, then %+v from the cache", q, x, y)
		}
	}
}

func TestModelCacheServesTheNextStart(t *testing.T) {
	dir, cache := writeFixture(t, cacheFixture), filepath.Join(t.TempDir(), "models")
	first := newCachedFixture(t, dir, cache)
	if r := first.ModelCache(); r.Loaded != 0 || r.Saved != 2 || r.Err != nil || r.Dir != cache {
		t.Fatalf("first load: %+v, want 2 models trained and saved in %s", r, cache)
	}
	if n := len(modelFiles(t, cache)); n != 2 {
		t.Fatalf("%d model files, want 2", n)
	}
	if st, err := os.Stat(cache); err != nil || st.Mode().Perm() != 0o700 {
		t.Fatalf("cache folder: %v %v, want mode 0700", st.Mode(), err)
	}
	second := newCachedFixture(t, dir, cache)
	if r := second.ModelCache(); r.Loaded != 2 || r.Saved != 0 || r.Err != nil {
		t.Fatalf("second load: %+v, want both models from the cache", r)
	}
	sameModels(t, first.KB(), second.KB())

	// A reload (SIGHUP) with the same material reads the same files.
	if err := second.Reload(); err != nil {
		t.Fatal(err)
	}
	if r := second.ModelCache(); r.Loaded != 2 || r.Saved != 0 {
		t.Fatalf("reload: %+v", r)
	}
}

func TestModelCacheIsNotUsedForOtherMaterialOrAnotherBuild(t *testing.T) {
	dir, cache := writeFixture(t, cacheFixture), t.TempDir()
	first := newCachedFixture(t, dir, cache)
	if r := first.ModelCache(); r.Saved != 2 {
		t.Fatalf("first load: %+v", r)
	}

	// Another build wrote the files: same names but for the build part.
	for _, p := range modelFiles(t, cache) {
		name := filepath.Base(p)
		other := filepath.Join(cache, "000000000000000000000000"+name[strings.Index(name, "-"):])
		if err := os.Rename(p, other); err != nil {
			t.Fatal(err)
		}
	}
	rebuilt := newCachedFixture(t, dir, cache)
	if r := rebuilt.ModelCache(); r.Loaded != 0 || r.Saved != 2 || r.Err != nil {
		t.Fatalf("another build's files: %+v, want both trained again", r)
	}
	sameModels(t, first.KB(), rebuilt.KB())

	// The material changed: one more paraphrase. Both models learn from
	// the entries' questions and paraphrases, so both are trained again.
	changed := writeFixture(t, cacheFixture)
	p := filepath.Join(changed, "train", "faq", "vayvon.yaml")
	if err := os.WriteFile(p, []byte(cacheFixture["train/faq/vayvon.yaml"]+"- entry: vay-dieu-kien\n  examples: [\"ai duoc vay von\"]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	other := newCachedFixture(t, changed, cache)
	if r := other.ModelCache(); r.Loaded != 0 || r.Saved != 2 || r.Err != nil {
		t.Fatalf("changed material: %+v, want both trained again", r)
	}
	if reflect.DeepEqual(other.KB().models()[0].weights, first.KB().models()[0].weights) {
		t.Fatal("new material gave the old weights")
	}
	// Both builds' and materials' files fit in the folder (6 at most).
	if n := len(modelFiles(t, cache)); n != 6 {
		t.Fatalf("%d model files, want 6", n)
	}
	// One more material: the oldest files go.
	if err := os.WriteFile(filepath.Join(changed, "train", "offtopic.yaml"), []byte(cacheFixture["train/offtopic.yaml"]+"  - \"bóng đá tối nay\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	newCachedFixture(t, changed, cache)
	if names := modelFiles(t, cache); len(names) != keepModels || anyNameHas(names, "000000000000000000000000") {
		t.Fatalf("after a fourth set: %d files (%v), want the %d newest", len(names), names, keepModels)
	}
}

func anyNameHas(names []string, part string) bool {
	for _, n := range names {
		if strings.Contains(filepath.Base(n), part) {
			return true
		}
	}
	return false
}

func TestModelCacheTrainsAgainWhenAFileIsDamaged(t *testing.T) {
	dir, cache := writeFixture(t, cacheFixture), t.TempDir()
	first := newCachedFixture(t, dir, cache)
	files := modelFiles(t, cache)
	damage := []struct {
		name string
		do   func(b []byte) []byte
	}{
		{"a flipped byte", func(b []byte) []byte { b[len(b)/2] ^= 0x40; return b }},
		{"cut short", func(b []byte) []byte { return b[:len(b)-100] }},
		{"empty", func(b []byte) []byte { return nil }},
		{"another model's content", func(b []byte) []byte {
			other, err := os.ReadFile(files[0])
			if err != nil {
				t.Fatal(err)
			}
			return other
		}},
	}
	for _, d := range damage {
		t.Run(d.name, func(t *testing.T) {
			// files[1] is damaged (the last case gives it files[0]'s bytes).
			b, err := os.ReadFile(files[1])
			if err != nil {
				t.Fatal(err)
			}
			good := bytes.Clone(b)
			if err := os.WriteFile(files[1], d.do(b), 0o600); err != nil {
				t.Fatal(err)
			}
			l := newCachedFixture(t, dir, cache)
			r := l.ModelCache()
			if r.Loaded != 1 || r.Saved != 1 || r.Err == nil {
				t.Fatalf("%+v, want one model read, the damaged one trained and saved again, and the problem told", r)
			}
			sameModels(t, first.KB(), l.KB())
			if again, err := os.ReadFile(files[1]); err != nil || !bytes.Equal(again, good) {
				t.Fatalf("the damaged file was not written again whole (%v)", err)
			}
		})
	}
}

func TestModelCacheOffOrUnwritableStillLoads(t *testing.T) {
	dir := writeFixture(t, cacheFixture)
	off := newCachedFixture(t, dir, "")
	if r := off.ModelCache(); r != (CacheReport{}) {
		t.Fatalf("no cache: %+v", r)
	}
	// A file where the folder should be: the models are trained, the
	// problem told, the knowledge base served.
	blocked := filepath.Join(t.TempDir(), "models")
	if err := os.WriteFile(blocked, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	l := newCachedFixture(t, dir, blocked)
	if r := l.ModelCache(); r.Err == nil || r.Loaded != 0 {
		t.Fatalf("unwritable cache: %+v, want an error", r)
	}
	sameModels(t, off.KB(), l.KB())
}
