package content_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"loa/content"
)

func TestAddLocalEntryKeepsEditorsWorkAndRefusesInvalidEntries(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "faq"), 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, filepath.FromSlash(content.LocalFAQFile))
	edited := `# Edited by hand: keep this comment.
topic: dia-phuong
title: "Hỏi đáp của Hội cơ sở"
order: 90
entries:
  - id: dia-phuong-1-20261201
    questions: ["Chi hội họp ở đâu?"]
    answer: "Ở nhà văn hoá ấp."
    source: "Hội LHPN Xã Một (C1), trả lời hội viên qua Loa ngày 01/12/2026"
`
	if err := os.WriteFile(path, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	lib, err := content.NewLibrary(dir)
	if err != nil {
		t.Fatal(err)
	}
	add := content.LocalEntry{ID: "dia-phuong-2-20261206", Question: "Khi nào chi hội đi tham quan?",
		Answer: "Tháng 12 hằng năm.\nChị đăng ký với chi hội trưởng.", Source: "Hội LHPN Chi hội Ấp 1 (B11), trả lời hội viên qua Loa ngày 06/12/2026"}
	if err := lib.AddLocalEntry(add); err != nil {
		t.Fatal(err)
	}
	raw, _ := os.ReadFile(path)
	for _, want := range []string{"# Edited by hand: keep this comment.", "dia-phuong-1-20261201", "dia-phuong-2-20261206", "Chị đăng ký với chi hội trưởng."} {
		if !strings.Contains(string(raw), want) {
			t.Fatalf("file lacks %q:\n%s", want, raw)
		}
	}
	if e := lib.KB().Entry(add.ID); e == nil || e.Source != add.Source {
		t.Fatalf("not served at once: %+v", e)
	}

	// Refused: a duplicate id, an answer too long. Nothing changes.
	for _, bad := range []content.LocalEntry{
		{ID: add.ID, Question: "Câu khác hẳn?", Answer: "Đáp.", Source: "Hội LHPN Xã Một (C1)"},
		{ID: "dia-phuong-3-20261206", Question: "Câu dài?", Answer: strings.Repeat("a", content.MaxAnswerChars+1), Source: "Hội LHPN Xã Một (C1)"},
	} {
		var le *content.LoadError
		if err := lib.AddLocalEntry(bad); !errors.As(err, &le) {
			t.Fatalf("%s: %v, want a *LoadError", bad.ID, err)
		}
	}
	if after, _ := os.ReadFile(path); string(after) != string(raw) {
		t.Fatalf("a refused entry changed the file:\n%s", after)
	}

	// Without a folder there is nowhere to write.
	embedded, err := content.NewLibrary("")
	if err != nil {
		t.Fatal(err)
	}
	if err := embedded.AddLocalEntry(add); !errors.Is(err, content.ErrNoContentDir) {
		t.Fatalf("no folder: %v", err)
	}
}
