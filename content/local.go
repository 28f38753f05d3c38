package content

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"gopkg.in/yaml.v3"
)

// Local answers: when staff answer a member's question through Loa, they can
// turn the answer into a knowledge-base entry ("Thêm vào kho câu hỏi"). It is
// written into one topic file of the content folder (LOA_CONTENT_DIR), with
// the answering unit as its source, and served at once without a rebuild.

// LocalFAQFile is the file, relative to the content folder, that holds the
// local answers.
const LocalFAQFile = "faq/dia-phuong.yaml"

const (
	localTopic = "dia-phuong"
	localTitle = "Hỏi đáp của Hội cơ sở"
	localOrder = 90
	localHead  = "# Local answers: questions members asked Loa that union staff answered in chat\n" +
		"# (/cauhoi, then \"Thêm vào kho câu hỏi\"). Each entry's source is the unit that answered.\n" +
		"# Written by the bot; editors may correct or remove entries (then reload: SIGHUP).\n"
)

// LocalEntry is one answered question to add.
type LocalEntry struct {
	ID       string // a-z, 0-9 and '-', unique in the knowledge base
	Question string // the member's words (already masked)
	Answer   string // at most 700 characters
	Source   string // who answered: "Hội LHPN Xã Một (C1), 06/12/2026"
}

// ErrNoContentDir: the library has no folder to write to (LOA_CONTENT_DIR is unset).
var ErrNoContentDir = errors.New("no content folder (LOA_CONTENT_DIR) to write local answers to")

// MaxAnswerChars is the longest answer an entry may have, in characters.
const MaxAnswerChars = maxAnswerChars

// AddLocalEntry appends e to LocalFAQFile in the library's folder. The whole
// knowledge base is validated with the new file first (a *LoadError lists
// the problems, nothing is written); then the file is replaced atomically
// and the new knowledge base is served. Other processes sharing the folder
// are kept out by a lock file and serve the entry after their own reload
// (SIGHUP).
func (l *Library) AddLocalEntry(e LocalEntry) error {
	if l.dir == "" {
		return ErrNoContentDir
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	path := filepath.Join(l.dir, filepath.FromSlash(LocalFAQFile))
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("add local answer: %w", err)
	}
	lock, err := os.OpenFile(path+".lock", os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return fmt.Errorf("add local answer: %w", err)
	}
	defer lock.Close()
	if err := syscall.Flock(int(lock.Fd()), syscall.LOCK_EX); err != nil {
		return fmt.Errorf("add local answer: lock: %w", err)
	}
	defer syscall.Flock(int(lock.Fd()), syscall.LOCK_UN)

	old, err := os.ReadFile(path)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("add local answer: %w", err)
	}
	data, err := appendLocalEntry(old, e)
	if err != nil {
		return fmt.Errorf("add local answer: %s: %w", path, err)
	}
	files, err := collectFiles(l.embedded, l.dir)
	if err != nil {
		return fmt.Errorf("add local answer: %w", err)
	}
	found := false
	for i := range files {
		if files[i].rel == LocalFAQFile {
			files[i].data, found = data, true
		}
	}
	if !found {
		files = append(files, contentFile{rel: LocalFAQFile, name: path, data: data})
	}
	kb, err := load(files)
	if err != nil {
		return err
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		return fmt.Errorf("add local answer: %w", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("add local answer: %w", err)
	}
	l.kb.Store(kb)
	return nil
}

// appendLocalEntry adds e to the entries of the topic file in old (a new
// file when old is empty), keeping what editors wrote, comments included.
func appendLocalEntry(old []byte, e LocalEntry) ([]byte, error) {
	if len(strings.TrimSpace(string(old))) == 0 {
		old = []byte(fmt.Sprintf("%stopic: %s\ntitle: %q\norder: %d\nentries: []\n", localHead, localTopic, localTitle, localOrder))
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(old, &doc); err != nil {
		return nil, err
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) != 1 || doc.Content[0].Kind != yaml.MappingNode {
		return nil, errors.New("not a topic file (a mapping with topic, title, order, entries)")
	}
	root := doc.Content[0]
	var entries *yaml.Node
	for i := 0; i+1 < len(root.Content); i += 2 {
		if root.Content[i].Value == "entries" {
			entries = root.Content[i+1]
		}
	}
	if entries == nil || entries.Kind != yaml.SequenceNode {
		return nil, errors.New(`no "entries" list`)
	}
	entries.Style = 0 // block style once it has entries
	str := func(v string) *yaml.Node {
		n := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: v}
		if strings.Contains(v, "\n") {
			n.Style = yaml.LiteralStyle
		}
		return n
	}
	key := func(k string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Value: k} }
	entry := &yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{
		key("id"), str(e.ID),
		key("questions"), {Kind: yaml.SequenceNode, Content: []*yaml.Node{str(e.Question)}},
		key("answer"), str(strings.TrimSpace(e.Answer)),
		key("source"), str(e.Source),
	}}
	entries.Content = append(entries.Content, entry)
	var b strings.Builder
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(&doc); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return []byte(b.String()), nil
}
