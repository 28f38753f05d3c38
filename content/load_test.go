package content_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"loa/content"
)

// writeFiles creates files (relative path → text) under a new temp folder.
func writeFiles(t *testing.T, files map[string]string) string {
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

const validTopic = `topic: suckhoe
title: "Sức khỏe"
order: 2
entries:
  - id: bhyt-la-gi
    questions:
      - "Bảo hiểm y tế là gì?"
      - "BHYT dùng để làm gì?"
    keywords: [bhyt, thẻ bảo hiểm]
    answer: |
      Bảo hiểm y tế giúp chị trả một phần tiền khám chữa bệnh.
    source: "content-facts.md §19"
    related: [bhyt-mua-o-dau]
  - id: bhyt-mua-o-dau
    questions:
      - "Mua bảo hiểm y tế hộ gia đình ở đâu?"
      - "Đóng BHYT cho cả nhà ở chỗ nào?"
    answer: "Chị đến UBND xã/phường hoặc đại lý thu BHYT."
    source: "content-facts.md §19"
`

const validEmergency = `emergencies:
  - id: bao-luc-dang-xay-ra
    triggers:
      - "đang bị đánh"
      - "chồng đánh"
    answer: "Chị hãy gọi ngay 113 (Công an)."
    source: "content-facts.md §18"
`

func TestLoadDirValid(t *testing.T) {
	t.Parallel()
	dir := writeFiles(t, map[string]string{"faq/suckhoe.yaml": validTopic, "emergency.yaml": validEmergency})
	kb, err := content.LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(kb.Topics()) != 1 || kb.Topic("suckhoe") == nil || len(kb.Topic("suckhoe").Entries) != 2 {
		t.Fatalf("topics = %+v", kb.Topics())
	}
	e := kb.Entry("bhyt-la-gi")
	if e == nil || e.Topic != "suckhoe" || e.Line != 5 || !strings.HasSuffix(e.File, "suckhoe.yaml") {
		t.Fatalf("entry = %+v", e)
	}
	if e.Answer != "Bảo hiểm y tế giúp chị trả một phần tiền khám chữa bệnh." {
		t.Errorf("answer = %q", e.Answer)
	}
	if len(kb.Emergencies()) != 1 || kb.Emergencies()[0].ID != "bao-luc-dang-xay-ra" {
		t.Errorf("emergencies = %+v", kb.Emergencies())
	}
}

func TestLoadDirReportsEveryProblemWithFileAndLine(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("Chị ơi. ", 100) // 800 characters
	files := map[string]string{
		// Line numbers matter: each expected problem names its line.
		"faq/a.yaml": `topic: a
title: "Một tiêu đề dài hơn bốn mươi ký tự thì không vừa nút bấm"
order: một
entries:
  - id: Hoi-Vien
    questions: ["Hội viên là ai?"]
    answer: "Phụ nữ từ 18 tuổi."
    source: "x"
    colour: red
  - id: ok-entry
    questions: []
    answer: "` + long + `"
    source: "x"
    related: [khong-co-that]
  - questions: ["Câu hỏi không có id?"]
    answer: "x"
  - id: ` + strings.Repeat("a", 41) + `
    questions: ["Một câu hỏi"]
    answer: "x"
    source: "x"
`,
		"faq/b.yaml": `topic: b
title: "B"
order: 2
entries:
  - id: ok-entry
    questions: ["Câu khác hẳn"]
    answer: "x"
    source: "x"
`,
		"faq/c.yaml":     "topic: c\ntitle: \"C\"\norder: 3\nentries:\n  - id: c1\n    questions: [\"Câu \xff hỏi\"]\n",
		"faq/d.yaml":     "topic: d\ntitle: D\norder: 1: 2\n",
		"emergency.yaml": "emergencies:\n  - id: e1\n    triggers: [\"  \", \"???\"]\n    answer: \"Gọi 113\"\n    source: \"x\"\n",
	}
	dir := writeFiles(t, files)
	_, err := content.LoadDir(dir)
	var le *content.LoadError
	if !errors.As(err, &le) {
		t.Fatalf("err = %v, want *content.LoadError", err)
	}
	want := []struct {
		file string
		line int
		msg  string
	}{
		{"a.yaml", 2, "more than 40"},
		{"a.yaml", 3, `"order" must be a whole number`},
		{"a.yaml", 5, `may only contain a-z`},
		{"a.yaml", 9, `unknown field "colour"`},
		{"a.yaml", 10, "has no question"},
		{"a.yaml", 12, "more than 700"},
		{"a.yaml", 14, `related id "khong-co-that" does not exist`},
		{"a.yaml", 15, `has no "id"`},
		{"a.yaml", 15, `has no "source"`},
		{"a.yaml", 17, "longer than 40 bytes"},
		{"b.yaml", 5, `"ok-entry" is already used at`},
		{"c.yaml", 6, "invalid UTF-8"},
		{"d.yaml", 3, "YAML syntax"},
		{"emergency.yaml", 3, "empty trigger"},
	}
	for _, w := range want {
		found := false
		for _, p := range le.Problems {
			if strings.HasSuffix(p.File, w.file) && p.Line == w.line && strings.Contains(p.Msg, w.msg) {
				found = true
			}
		}
		if !found {
			t.Errorf("missing problem %s:%d: …%s…", w.file, w.line, w.msg)
		}
	}
	line := regexp.MustCompile(`^` + regexp.QuoteMeta(dir) + `/[a-z/]+\.yaml:\d+: \S`)
	lines := strings.Split(err.Error(), "\n")[1:]
	if len(lines) != len(le.Problems) {
		t.Errorf("message has %d lines for %d problems", len(lines), len(le.Problems))
	}
	for _, l := range lines {
		if !line.MatchString(l) {
			t.Errorf("line %q is not file:line: message", l)
		}
	}
	if t.Failed() {
		t.Log(err)
	}
}

func TestLoadDirRejectsDuplicateTopicAndQuestion(t *testing.T) {
	t.Parallel()
	other := strings.Replace(validTopic, "bhyt-la-gi", "bhyt-khac", 1)
	other = strings.Replace(other, "bhyt-mua-o-dau", "bhyt-mua-khac", 2)
	dir := writeFiles(t, map[string]string{"faq/a.yaml": validTopic, "faq/b.yaml": other})
	_, err := content.LoadDir(dir)
	if err == nil {
		t.Fatal("want an error")
	}
	for _, w := range []string{`b.yaml:1: topic "suckhoe" is already declared at`, `b.yaml:7: question "Bảo hiểm y tế là gì?" of entry "bhyt-khac" is also a question of entry "bhyt-la-gi"`} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error lacks %q:\n%v", w, err)
		}
	}
}

func TestNewLibraryOverrideFolder(t *testing.T) {
	t.Parallel()
	base, err := content.NewLibrary("")
	if err != nil {
		t.Fatalf("embedded content does not load: %v", err)
	}
	topic := base.KB().Topics()[0]
	rel := "faq/" + filepath.Base(topic.File)
	// The embedded files are the ones of this folder: replace one with a copy
	// whose first answer is changed.
	orig, err := os.ReadFile(rel)
	if err != nil {
		t.Fatal(err)
	}
	first := topic.Entries[0]
	firstLine := strings.SplitN(first.Answer, "\n", 2)[0]
	edited := strings.Replace(string(orig), firstLine, "Câu trả lời đã sửa.", 1)
	if edited == string(orig) {
		t.Fatalf("could not edit %s", rel)
	}
	newTopic := strings.NewReplacer("suckhoe", "moi", "bhyt-", "moi-", "Bảo hiểm y tế", "Sổ tay hội viên",
		"bảo hiểm y tế", "sổ tay hội viên", "BHYT", "sổ tay").Replace(validTopic)
	dir := writeFiles(t, map[string]string{
		rel:               edited,   // replaces an embedded file
		"faq/zz-new.yaml": newTopic, // added
	})
	lib, err := content.NewLibrary(dir)
	if err != nil {
		t.Fatal(err)
	}
	kb := lib.KB()
	if kb.Topic("moi") == nil || kb.Entry("moi-la-gi") == nil {
		t.Error("the new file of the folder was not added")
	}
	got := kb.Entry(first.ID)
	if got == nil || !strings.HasPrefix(got.Answer, "Câu trả lời đã sửa.") || !strings.HasPrefix(got.File, dir) {
		t.Errorf("the folder did not replace %s: %+v", rel, got)
	}
	if len(kb.Topics()) != len(base.KB().Topics())+1 || len(kb.Entries()) != len(base.KB().Entries())+2 {
		t.Errorf("topics/entries: %d/%d with folder, %d/%d embedded", len(kb.Topics()), len(kb.Entries()),
			len(base.KB().Topics()), len(base.KB().Entries()))
	}

	// An empty file hides the embedded one: hide a topic no other topic
	// refers to.
	var hide *content.Topic
	for _, cand := range base.KB().Topics() {
		referred := false
		for _, e := range base.KB().Entries() {
			for _, r := range e.Related {
				if e.Topic != cand.ID && base.KB().Entry(r).Topic == cand.ID {
					referred = true
				}
			}
		}
		if !referred {
			hide = cand
			break
		}
	}
	if hide == nil {
		t.Fatal("every topic is referred to by another")
	}
	hidden := writeFiles(t, map[string]string{"faq/" + filepath.Base(hide.File): ""})
	lib, err = content.NewLibrary(hidden)
	if err != nil {
		t.Fatal(err)
	}
	if lib.KB().Topic(hide.ID) != nil || len(lib.KB().Topics()) != len(base.KB().Topics())-1 {
		t.Errorf("empty file did not hide the embedded topic %s", hide.ID)
	}

	if _, err := content.NewLibrary(filepath.Join(dir, "missing")); err == nil {
		t.Error("a missing folder must be an error")
	}
}

func TestReloadKeepsOldKBWhenInvalid(t *testing.T) {
	t.Parallel()
	dir := writeFiles(t, map[string]string{"faq/suckhoe.yaml": validTopic})
	lib, err := content.NewLibrary(dir)
	if err != nil {
		t.Fatal(err)
	}
	before := lib.KB()
	if before.Entry("bhyt-la-gi") == nil {
		t.Fatal("folder entry missing")
	}
	broken := strings.Replace(validTopic, "    source: \"content-facts.md §19\"\n    related", "    related", 1)
	if err := os.WriteFile(filepath.Join(dir, "faq", "suckhoe.yaml"), []byte(broken), 0o644); err != nil {
		t.Fatal(err)
	}
	err = lib.Reload()
	if err == nil || !strings.Contains(err.Error(), "suckhoe.yaml:5: entry \"bhyt-la-gi\" has no \"source\"") {
		t.Fatalf("Reload() = %v", err)
	}
	if lib.KB() != before {
		t.Fatal("an invalid reload replaced the knowledge base")
	}

	fixed := strings.Replace(validTopic, "Chị đến UBND xã/phường", "Chị hỏi UBND xã/phường", 1)
	if err := os.WriteFile(filepath.Join(dir, "faq", "suckhoe.yaml"), []byte(fixed), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := lib.Reload(); err != nil {
		t.Fatal(err)
	}
	if got := lib.KB().Entry("bhyt-mua-o-dau").Answer; !strings.HasPrefix(got, "Chị hỏi") {
		t.Errorf("after a valid reload the answer is %q", got)
	}
}

// Readers keep answering while the knowledge base is reloaded (run with -race).
func TestReloadWhileAsking(t *testing.T) {
	t.Parallel()
	lib, err := content.NewLibrary("")
	if err != nil {
		t.Fatal(err)
	}
	const q = "vneid la j z c"
	// top is what the member sees first: the answer, or the first choice
	// when Loa asks back.
	top := func(a content.Answer) string {
		switch {
		case len(a.Entries) > 0:
			return a.Entries[0].ID
		case len(a.Clarify) > 0:
			return "choice:" + a.Clarify[0].ID
		}
		return ""
	}
	want := top(lib.KB().Ask(q))
	if want == "" {
		t.Fatalf("%q has no answer", q)
	}
	done := make(chan struct{})
	errs := make(chan string, 4)
	for range 4 {
		go func() {
			for {
				select {
				case <-done:
					errs <- ""
					return
				default:
				}
				if got := top(lib.KB().Ask(q)); got != want {
					errs <- fmt.Sprintf("during reload: %s, want %s", got, want)
					return
				}
				// A pause between questions: thousands are still asked
				// during the reloads, and four readers that never paused
				// took four fifths of the CPU (15 of ./content's 90
				// CPU-seconds) while the reloads waited for it.
				time.Sleep(time.Millisecond)
			}
		}()
	}
	for range 5 {
		if err := lib.Reload(); err != nil {
			t.Error(err)
		}
	}
	close(done)
	for range 4 {
		if e := <-errs; e != "" {
			t.Error(e)
		}
	}
}
